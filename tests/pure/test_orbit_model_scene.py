"""Model scenes in the tour format (``type: "model"``) and bare .glb/.gltf paths as one-scene tours."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vtour.io.tourfile import load_tour_or_image
from vtour.model.errors import TourError
from vtour.model.tour import ModelCameraStart, ModelSource

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
DUCK = FIXTURES / "gltf" / "Duck" / "glTF-Binary" / "Duck.glb"
HDR = FIXTURES / "panoramas" / "hdr" / "venice_sunset_1k.hdr"


@pytest.fixture
def folder(tmp_path):
    shutil.copy(DUCK, tmp_path / "duck.glb")
    shutil.copy(HDR, tmp_path / "sky.hdr")
    return tmp_path


def write(folder: Path, scene: dict) -> Path:
    path = folder / "tour.json"
    path.write_text(json.dumps({"version": 1, "scenes": {"duck": scene}}), encoding="utf-8")
    return path


def errors(path: Path) -> str:
    with pytest.raises(TourError) as caught:
        load_tour_or_image(path)
    return str(caught.value)


def test_model_scene_with_camera_and_environment(folder):
    tour = load_tour_or_image(write(folder, {
        "type": "model", "model": "duck.glb", "environment": "sky.hdr",
        "camera": {"yaw": 190, "pitch": -15, "distance": 4.5, "target": [0, 1, 0]}}))
    source = tour.start_scene.source
    assert isinstance(source, ModelSource)
    assert source.path == (folder / "duck.glb").resolve()
    assert source.environment == (folder / "sky.hdr").resolve()
    assert source.camera == ModelCameraStart(yaw=-170.0, pitch=-15.0, distance=4.5, target=(0.0, 1.0, 0.0))


def test_model_scene_defaults(folder):
    source = load_tour_or_image(write(folder, {"type": "model", "model": "duck.glb"})).start_scene.source
    assert source.camera == ModelCameraStart() and source.environment is None


@pytest.mark.parametrize("scene, message", [
    ({"type": "model"}, 'missing required key "model"'),
    ({"type": "model", "model": "missing.glb"}, "file not found"),
    ({"type": "model", "model": "sky.hdr"}, "is not a glTF model"),
    ({"type": "model", "model": "duck.glb", "environment": "duck.glb"}, "is not a Radiance HDR image"),
    ({"type": "model", "model": "../duck.glb"}, "leaves the tour's folder"),
    ({"type": "model", "model": "duck.glb", "camera": {"distance": -1}}, "$.scenes.duck.camera.distance"),
    ({"type": "model", "model": "duck.glb", "camera": {"target": [0, 1]}}, "$.scenes.duck.camera.target"),
    ({"type": "model", "model": "duck.glb", "camera": {"pitch": 120}}, "$.scenes.duck.camera.pitch"),
])
def test_model_scene_errors_name_the_place(folder, scene, message):
    assert message in errors(write(folder, scene))


def test_bare_model_file_is_a_one_scene_tour():
    tour = load_tour_or_image(DUCK)
    assert len(tour.scenes) == 1
    assert isinstance(tour.start_scene.source, ModelSource)
    assert tour.start_scene.source.path == DUCK.resolve()


def test_missing_bare_model_is_a_tour_error(tmp_path):
    assert "file not found" in errors(tmp_path / "nothing.glb")


def test_an_explicit_eye_is_kept_however_close_to_its_target():
    import tempfile

    import numpy as np
    import trimesh

    from vtour.io.gltf import load_gltf
    from vtour.render.mesh_view import start_camera

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.glb"
        trimesh.creation.box(extents=(500.0, 20.0, 500.0)).export(path)
        asset = load_gltf(path)
    camera = start_camera(asset, 640, 480, eye=(0.0, 12.0, 0.0), target=(10.0, 12.0, 0.0))
    np.testing.assert_allclose(camera.eye, (0.0, 12.0, 0.0), atol=1e-9)  # not pushed back to 10% of the radius
    assert camera.distance == pytest.approx(10.0)

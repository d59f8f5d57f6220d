"""The demo-tour generator (tools/make_demo_tours.py): a small build validates, renders, is
deterministic, and its panoramas agree with the model they were rendered from."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.gl.gl_oracle import psnr
from vtour.geometry.orbit import OrbitCamera
from vtour.io.gltf import load_gltf
from vtour.io.hdr import read_hdr
from vtour.io.tourfile import load_tour
from vtour.model.overview import camera_at_panorama
from vtour.model.tour import View
from vtour.render.mesh_view import render_model
from vtour.render.offscreen import render_view

pytestmark = pytest.mark.gl
REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "make_demo_tours.py"


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("make_demo_tours", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_tours"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def small_tours(generator, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    settings = generator.Settings.small()
    paths = {name: generator.make_site_tour(name, out / name, settings, lambda *_: None) for name in generator.SITES}
    return paths


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site", ["jiaohe", "kizil"])
def test_a_small_build_is_a_valid_tour_that_exercises_every_feature(small_tours, site):
    tour = load_tour(small_tours[site])
    assert not [w for w in tour.warnings if "cannot be reached" in w.message]
    kinds = {type(s.source).__name__ for s in tour.scenes}
    assert kinds == {"ModelSource", "EquirectSource"}
    model = tour.scene("site")
    assert model.source.show_environment and model.source.sun is not None
    assert len([h for h in model.hotspots if h.position is not None]) >= 5  # 3D hotspots
    panoramas = [s for s in tour.scenes if s.pose is not None]
    assert len(panoramas) == len(tour.scenes) - 1  # every panorama is placed in the model
    hotspot_kinds = {h.kind for s in panoramas for h in s.hotspots}
    assert hotspot_kinds == {"info", "scene", "area"}
    assert tour.site_map is not None and set(tour.site_map.positions) == {s.id for s in panoramas}
    assert len(tour.guided_tours) == 1 and len(tour.guided_tours[0].steps) == len(panoramas)
    pixels = render_view(panoramas[0], None, 160, 90)[..., :3]
    assert pixels.std() > 10  # a picture, not a blank frame
    model_pixels = render_model(load_gltf(model.source.path), None, 160, 90, environment=read_hdr(model.source.environment),
                                look=model.source)[..., :3]
    assert model_pixels.std() > 10
    for scene in tour.scenes:  # three languages everywhere a person reads
        assert {"en", "zh-Hans", "ug"} <= set(scene.title.texts), scene.id
        for hotspot in scene.hotspots:
            assert {"en", "zh-Hans", "ug"} <= set(hotspot.title.texts), (scene.id, hotspot.id)


def test_the_generator_is_deterministic(generator, small_tours, tmp_path):
    again = generator.make_site_tour("kizil", tmp_path / "kizil", generator.Settings.small(), lambda *_: None)
    assert digest(again.parent) == digest(small_tours["kizil"].parent)


def test_a_panorama_agrees_with_the_model_it_was_rendered_from(generator, tmp_path):
    """The overview's promise: at a panorama's pose, the model camera sees what the panorama shows.
    Both renders are blurred (the panorama is a resampled, JPEG-compressed copy); bound 30 dB
    (measured 38-41 dB), where a view 90 degrees off scores 12-14 dB."""
    settings = dataclasses.replace(generator.Settings.small(), face_size=384, pano_width=1536, jpeg_quality=92)
    tour = load_tour(generator.make_site_tour("kizil", tmp_path / "kizil", settings, lambda *_: None))
    scene, model = tour.scene("main-chamber"), tour.scene("site")
    asset = load_gltf(model.source.path)
    environment = read_hdr(model.source.environment)
    width, height = 192, 128
    for view in (View(0, 0, 90), View(120, 20, 80), View(-100, -25, 90)):
        camera = camera_at_panorama(scene.pose, view, OrbitCamera(fov=45.0), width / height)
        camera = dataclasses.replace(camera, near=0.05, far=500.0)
        from_model = render_model(asset, camera, width, height, environment=environment, look=model.source)
        from_panorama = render_view(scene, view, width, height)
        score = psnr(blur(from_model[..., :3]), blur(from_panorama[..., :3]))
        assert score >= 30.0, (view, score)
        wrong = render_view(scene, dataclasses.replace(view, yaw=view.yaw + 90), width, height)
        assert psnr(blur(from_model[..., :3]), blur(wrong[..., :3])) < score - 6.0


def blur(rgb: np.ndarray) -> np.ndarray:
    """A 4x4 box average: compares content, not resampling detail."""
    h, w = rgb.shape[0] // 4 * 4, rgb.shape[1] // 4 * 4
    return rgb[:h, :w].astype(np.float64).reshape(h // 4, 4, w // 4, 4, 3).mean(axis=(1, 3))


def test_the_command_line(tmp_path):
    result = subprocess.run([sys.executable, str(TOOL), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "--small" in result.stdout and "--site" in result.stdout
    result = subprocess.run([sys.executable, str(TOOL), "--site", "nowhere"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "invalid choice" in result.stderr

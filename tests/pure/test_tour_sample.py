"""The bundled sample tour and the tool that makes it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from PIL import Image

from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.tour import CubeSource, EquirectSource
from vtour.resources import demo_tour_path

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_sample_tour.py"


@pytest.fixture(scope="module")
def sample_tool():
    spec = importlib.util.spec_from_file_location("make_sample_tour", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_demo_tour_is_valid_without_warnings():
    assert validate_tour_file(demo_tour_path()) == []


def test_demo_tour_content():
    tour = load_tour(demo_tour_path())
    assert tour.languages == ("en", "zh-Hans", "ug")
    assert "not a real site" in tour.title.get("en")
    terrace, courtyard = tour.scenes
    assert isinstance(terrace.source, EquirectSource) and terrace.source.size == (2048, 1024)
    assert isinstance(courtyard.source, CubeSource) and courtyard.source.face_size == 512
    kinds = {hotspot.kind for scene in tour.scenes for hotspot in scene.hotspots}
    assert kinds == {"info", "scene", "area"}
    links = {(scene.id, h.target_scene) for scene in tour.scenes for h in scene.hotspots if h.kind == "scene"}
    assert links == {("terrace", "courtyard"), ("courtyard", "terrace")}
    for scene in tour.scenes:
        for hotspot in scene.hotspots:
            assert set(hotspot.title.texts) == {"en", "zh-Hans", "ug"}


def test_demo_tour_is_small():
    folder = demo_tour_path().parent
    total = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
    assert total < 1_500_000
    assert (folder / "terrace.jpg").stat().st_size < 600_000


def test_generator_output_validates(sample_tool, tmp_path):
    tour_path = sample_tool.make_tour(tmp_path, width=256, face_size=64, quality=80)
    assert validate_tour_file(tour_path) == []
    assert Image.open(tmp_path / "terrace.jpg").size == (256, 128)
    assert Image.open(tmp_path / "courtyard" / "up.jpg").size == (64, 64)


def test_generator_is_deterministic(sample_tool, tmp_path):
    first = sample_tool.make_tour(tmp_path / "a", width=256, face_size=32, quality=80).parent
    second = sample_tool.make_tour(tmp_path / "b", width=256, face_size=32, quality=80).parent
    for path in first.rglob("*.*"):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


def test_generator_cube_faces_match_the_panorama(sample_tool):
    """py360convert's list order (F, R, B, L, U, D) is ours: each face's centre looks where it should."""
    import numpy as np
    import py360convert

    from vtour.geometry.angles import equirect_uv_to_yaw_pitch, yaw_pitch_to_vector

    height, width = 64, 128
    v, u = np.meshgrid((np.arange(height) + 0.5) / height, (np.arange(width) + 0.5) / width, indexing="ij")
    directions = yaw_pitch_to_vector(*equirect_uv_to_yaw_pitch(u, v))
    faces = py360convert.e2c(directions, face_w=16, cube_format="list")
    expected_centres = {"front": (0, 0), "right": (90, 0), "back": (180, 0), "left": (-90, 0), "up": (0, 90), "down": (0, -90)}
    for name, face in zip(sample_tool.CUBE_FACES, faces, strict=True):
        centre = face[7:9, 7:9].reshape(-1, 3).mean(axis=0)
        np.testing.assert_allclose(centre / np.linalg.norm(centre), yaw_pitch_to_vector(*expected_centres[name]), atol=0.05)
    up_top_edge = faces[4][0, 7:9].mean(axis=0)
    assert up_top_edge[2] > 0.5  # the up face's top edge points to yaw 180 (+Z), as CUBE_FACE_ORDER says


def test_generator_help(sample_tool, capsys):
    with pytest.raises(SystemExit) as caught:
        sample_tool.main(["--help"])
    assert caught.value.code == 0 and "-o OUTPUT" in capsys.readouterr().out

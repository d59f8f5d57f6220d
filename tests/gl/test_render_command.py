"""``vtour render``: headless renders to image files, clear failures with exit code 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.cli import main
from vtour.geometry.projections import Projection
from vtour.io.tourfile import load_tour_or_image
from vtour.model.tour import View
from vtour.render.offscreen import render_view
from vtour.resources import demo_tour_path

pytestmark = pytest.mark.gl


@pytest.fixture
def out_dir(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def test_defaults_first_scene_initial_view(out_dir):
    output = out_dir / "start.png"
    assert main(["render", str(demo_tour_path()), "--no-hotspots", "-o", str(output)]) == 0
    tour = load_tour_or_image(demo_tour_path())
    expected = render_view(tour.start_scene, None, 1280, 720)
    assert np.array_equal(_pixels(output), expected[..., :3])
    assert sorted(p.name for p in out_dir.iterdir()) == ["start.png"]  # no temporary left behind


def test_scene_view_size_and_projection(out_dir):
    output = out_dir / "court.png"
    argv = ["render", str(demo_tour_path()), "--scene", "courtyard", "--yaw", "90", "--pitch", "-20",
            "--hfov", "150", "--size", "320x200", "--projection", "pannini", "--no-hotspots", "-o", str(output)]
    assert main(argv) == 0
    scene = load_tour_or_image(demo_tour_path()).scene("courtyard")
    expected = render_view(scene, View(yaw=90, pitch=-20, hfov=150, roll=scene.initial_view.roll), 320, 200,
                           Projection.PANNINI)
    assert np.array_equal(_pixels(output), expected[..., :3])


def test_bare_image_is_a_one_scene_tour(shared_fixtures, out_dir):
    output = out_dir / "planet.jpg"
    image = shared_fixtures / "panoramas/pannellum/examplepano.jpg"
    argv = ["render", str(image), "--pitch", "-90", "--hfov", "280", "--projection", "stereographic",
            "--size", "200x200", "-o", str(output)]
    assert main(argv) == 0
    with Image.open(output) as written:
        assert written.format == "JPEG" and written.size == (200, 200)


def _bad_tour(folder: Path) -> str:
    path = folder / "bad.json"
    path.write_text('{"version": 1, "scenes": ', encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("case", "expected"), [
    ("missing", "missing.json"),
    ("bad-tour", "bad.json"),
    ("size-12", "--size '12'"),
    ("size-0x10", "between 1 and"),
    ("scene", "no scene 'nowhere'"),
    ("out-folder", "does not exist"),
    ("out-type", "unknown image type"),
])
def test_bad_input_exits_1_naming_the_problem(tmp_path, out_dir, caplog, case, expected):
    tour, output, extra = str(demo_tour_path()), out_dir / "x.png", []
    if case == "missing":
        tour = str(tmp_path / "missing.json")
    elif case == "bad-tour":
        tour = _bad_tour(tmp_path)
    elif case.startswith("size-"):
        extra = ["--size", case.removeprefix("size-")]
    elif case == "scene":
        extra = ["--scene", "nowhere"]
    elif case == "out-folder":
        output = tmp_path / "no" / "such" / "x.png"
    elif case == "out-type":
        output = out_dir / "x.unknown"
    assert main(["render", tour, "-o", str(output), *extra]) == 1
    assert expected in caplog.text
    assert list(out_dir.iterdir()) == []


def test_failure_leaves_an_existing_output_alone(tmp_path, out_dir):
    output = out_dir / "keep.png"
    output.write_bytes(b"old")
    assert main(["render", str(tmp_path / "missing.jpg"), "-o", str(output)]) == 1
    assert output.read_bytes() == b"old"


def test_usage_errors_exit_2(out_dir, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["render", str(demo_tour_path()), "--projection", "fisheye", "-o", str(out_dir / "x.png")])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["render", str(demo_tour_path())])  # no -o
    assert caught.value.code == 2


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["render", "--help"])
    assert caught.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and "--projection stereographic" in text


def test_works_without_a_display(out_dir):
    """A fresh process with no X server or Wayland in its environment (EGL surfaceless)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYOPENGL_PLATFORM")}
    output = out_dir / "headless.png"
    result = subprocess.run([sys.executable, "-m", "vtour", "render", str(demo_tour_path()), "--size", "160x90",
                             "-o", str(output)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert Image.open(output).size == (160, 90)

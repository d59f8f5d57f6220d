"""``vtour render`` on model scenes: bare .glb, orbit and eye/target cameras, environment, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.cli import main

pytestmark = pytest.mark.gl
FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
DUCK = FIXTURES / "gltf" / "Duck" / "glTF-Binary" / "Duck.glb"
HDR = FIXTURES / "panoramas" / "hdr" / "venice_sunset_1k.hdr"


def render(*args) -> tuple[int, np.ndarray | None]:
    out = Path(args[args.index("-o") + 1])
    code = main(["render", *map(str, args), "--size", "160x120"])
    return code, (np.asarray(Image.open(out)) if code == 0 else None)


def covered(rgb) -> float:
    return float(np.mean(np.abs(rgb.astype(int) - 20).sum(-1) > 12))


def test_bare_glb_renders_framed(tmp_path):
    code, rgb = render(DUCK, "-o", tmp_path / "duck.png")
    assert code == 0 and rgb.shape == (120, 160, 3)
    assert 0.15 < covered(rgb) < 0.9  # the whole duck, filling the view


def test_orbit_and_eye_target_views_differ(tmp_path):
    _, side = render(DUCK, "-o", tmp_path / "a.png", "--orbit", "90,0")
    _, top = render(DUCK, "-o", tmp_path / "b.png", "--orbit", "0,-89")
    assert np.abs(side.astype(int) - top).mean() > 5
    # the same camera given as an orbit and as eye + target
    _, orbit = render(DUCK, "-o", tmp_path / "c.png", "--orbit", "0,-60,400", "--target", "0,80,0")
    _, eye = render(DUCK, "-o", tmp_path / "d.png", "--eye", f"0,{80 + 400 * np.sin(np.radians(60))},"
                    f"{400 * np.cos(np.radians(60))}", "--target", "0,80,0")
    assert np.abs(orbit.astype(int) - eye).mean() < 0.5


def test_far_orbit_distance_makes_the_model_small(tmp_path):
    _, near = render(DUCK, "-o", tmp_path / "a.png")
    _, far = render(DUCK, "-o", tmp_path / "b.png", "--orbit=-30,-20,2000")
    assert covered(far) < 0.5 * covered(near)


def test_tour_model_scene_with_environment(tmp_path):
    shutil.copy(DUCK, tmp_path / "duck.glb")
    shutil.copy(HDR, tmp_path / "sky.hdr")
    tour = tmp_path / "tour.json"
    tour.write_text(json.dumps({"version": 1, "scenes": {"duck": {
        "type": "model", "model": "duck.glb", "environment": "sky.hdr", "camera": {"yaw": 60, "pitch": -10}}}}))
    code, lit = render(tour, "-o", tmp_path / "t.png")
    _, plain = render(DUCK, "-o", tmp_path / "p.png", "--orbit", "60,-10")
    assert code == 0 and np.abs(lit.astype(int) - plain).mean() > 1.0  # the sunset lights it differently


@pytest.mark.parametrize("args, message", [
    (("--orbit", "1,2,3,4"), "--orbit"),
    (("--orbit", "1,2,-3"), "distance must be positive"),
    (("--eye", "1,2"), "--eye"),
    (("--orbit", "0,0", "--eye", "1,2,3"), "not both"),
    (("--environment", "/nonexistent/sky.hdr"), "cannot read"),
])
def test_bad_camera_options_fail_cleanly(tmp_path, caplog, args, message):
    code, _ = render(DUCK, "-o", tmp_path / "x.png", *args)
    assert code == 1
    assert message in caplog.text

"""The Pannellum export in a real browser: headless Chromium + the `pannellum` npm package.

tools/check_pannellum_export.py exports a tour, serves it on 127.0.0.1 and opens every scene with
Pannellum; it checks each scene loads at the exported view and that Pannellum draws every hotspot
where vtour's own projection puts the tour's hotspot (so the frame conversions are checked against
Pannellum itself). Skipped, with the reason, where Chromium or Pannellum is not installed
(`apt-get install chromium`; `npm install pannellum`, or VTOUR_PANNELLUM=.../pannellum/build).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO.parent / "shared" / "fixtures"
_spec = importlib.util.spec_from_file_location("check_pannellum_export", REPO / "tools" / "check_pannellum_export.py")
checker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checker)

PANNELLUM = checker.find_pannellum()
CHROMIUM = checker.find_chromium()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not found (apt-get install chromium, or set CHROMIUM)"),
    pytest.mark.skipif(PANNELLUM is None, reason="node_modules/pannellum not found (npm install pannellum, "
                       "or set VTOUR_PANNELLUM to its build/ folder)"),
]


def _check(tour: Path, tmp_path: Path):
    config, result, problems = checker.check(tour, PANNELLUM, CHROMIUM, tmp_path / "web", timeout=60)
    assert problems == []
    return config, result


def test_bundled_demo(tmp_path):
    config, result = _check(REPO / "assets" / "demo" / "tour.json", tmp_path)
    assert set(result["scenes"]) == set(config["scenes"])
    assert all(scene["outcome"] == "load" for scene in result["scenes"].values())


def test_horizon_correction_places_hotspots_like_vtour(tmp_path):
    """Pannellum draws hotspots in the level frame, vtour in the panorama's: the export rotates them,
    and Pannellum then draws each where vtour's projection does (a sign slip moves them by degrees)."""
    tour = tmp_path / "tour"
    tour.mkdir()
    image = Image.new("RGB", (1024, 512), (90, 120, 160))
    ImageDraw.Draw(image).rectangle((0, 256, 1024, 512), fill=(140, 110, 70))
    image.save(tour / "pano.jpg")
    hotspots = [{"id": f"h{i}", "type": "info", "yaw": y, "pitch": p, "title": f"{y},{p}"}
                for i, (y, p) in enumerate([(0, 0), (25, 15), (-30, -20), (10, 30), (-15, 5)])]
    hotspots.append({"id": "area", "type": "area", "vertices": [[30, -5], [40, -5], [40, 5], [30, 5]]})
    document = {"version": 1, "scenes": {"tilted": {
        "panorama": "pano.jpg", "horizonPitch": 12, "horizonRoll": -9,
        "initialView": {"yaw": 5, "pitch": 4, "hfov": 100}, "hotspots": hotspots}}}
    (tour / "tour.json").write_text(json.dumps(document), encoding="utf-8")
    config, result = _check(tour / "tour.json", tmp_path)
    seen = result["scenes"]["tilted"]
    assert sum(spot["visible"] for spot in seen["spots"]) == 6
    # the comparison is not vacuous: unrotated hotspots would be drawn elsewhere
    unrotated = copy.deepcopy(document)
    for hotspot in unrotated["scenes"]["tilted"]["hotspots"][:5]:
        hotspot["yaw"] += 3
    assert checker.compare(config, result, unrotated)


def test_multires_tiles(tmp_path):
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES}")
    tour = tmp_path / "tour"
    tour.mkdir()
    shutil.copytree(FIXTURES / "tiles" / "pannellum-multires-testpattern", tour / "tiles")
    multires = {"basePath": "tiles", "path": "/%l/%s%x%y", "fallbackPath": "/fallback/%s", "extension": "png",
                "tileResolution": 256, "maxLevel": 4, "cubeResolution": 2048}
    document = {"version": 1, "scenes": {"pattern": {"type": "multires", "multires": multires,
                                                     "initialView": {"hfov": 85},
                                                     "hotspots": [{"type": "info", "yaw": 20, "pitch": 10}]}}}
    (tour / "tour.json").write_text(json.dumps(document), encoding="utf-8")
    _check(tour / "tour.json", tmp_path)


def test_imported_pannellum_tour_round_trip(tmp_path):
    """Pannellum's own example tour, imported into vtour and exported again, works in Pannellum."""
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES}")
    from vtour.commands.import_tour import main as import_main

    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copy(FIXTURES / "tours" / "pannellum" / "example-tour.json", examples)
    (examples / "examplepano.jpg").symlink_to(FIXTURES / "panoramas" / "pannellum" / "examplepano.jpg")
    for face in (FIXTURES / "panoramas" / "cubemaps" / "pannellum-jordan-pond").glob("*.jpg"):
        (examples / face.name).symlink_to(face)
    assert import_main(["pannellum", str(examples / "example-tour.json"), "-o", str(tmp_path / "tour")]) == 0
    config, result = _check(tmp_path / "tour" / "tour.json", tmp_path)
    assert list(result["scenes"]) == ["pond", "pondCube"]

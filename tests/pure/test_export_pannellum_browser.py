"""The Pannellum export in a real browser: headless Chromium + the `pannellum` npm package.

tools/check_pannellum_export.py exports a tour, serves it on 127.0.0.1 and opens every scene with
Pannellum; it checks each scene loads at the exported view and that Pannellum draws every hotspot
where vtour's own projection puts the tour's hotspot (so the frame conversions are checked against
Pannellum itself). Skipped, with the reason, where Chromium or Pannellum is not installed
(`apt-get install chromium`; `npm install pannellum`, or VTOUR_PANNELLUM=.../pannellum/build).

The image tests compare Chromium's screenshot of a scene's initial view with `vtour render` of it
(issue 9: "its screenshot of a view matches vtour's own render of that view, hotspot markers at the
same pixels within 3 px"); they also need OpenGL through EGL, and skip, saying why, without it.
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


def _import_pannellum_example(tmp_path):
    """Pannellum's example tour (Jordan Pond, equirectangular and cube map) imported to tmp_path/tour."""
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


def test_imported_pannellum_tour_round_trip(tmp_path):
    """Pannellum's own example tour, imported into vtour and exported again, works in Pannellum."""
    _import_pannellum_example(tmp_path)
    config, result = _check(tmp_path / "tour" / "tour.json", tmp_path)
    assert list(result["scenes"]) == ["pond", "pondCube"]


# -- Chromium's screenshot against vtour's render --------------------------------------------------


def _image_check(tour: Path, folder: Path, images=True):
    """``checker.check`` with the image comparison; skips where ``vtour render`` cannot render."""
    config, result, problems = checker.check(tour, PANNELLUM, CHROMIUM, folder / "web", timeout=60, images=images,
                                             image_dir=folder / "images")
    failed = [problem for problem in problems if "vtour render failed" in problem]
    if failed:
        pytest.skip(f"vtour render cannot render here (OpenGL through EGL): {failed[0]}")
    return config, result, problems


@pytest.fixture(scope="module")
def demo_images(tmp_path_factory):
    """The bundled demo exported and checked, both scenes' screenshots compared with vtour's renders."""
    folder = tmp_path_factory.mktemp("demo-images")
    config, result, problems = _image_check(REPO / "assets" / "demo" / "tour.json", folder)
    return folder, config, result, problems


@pytest.mark.parametrize("scene_id", ["terrace", "courtyard"])
def test_demo_screenshot_matches_vtour_render(demo_images, scene_id):
    """Chromium's screenshot of the scene's initial view (Pannellum's UI hidden) against
    ``vtour render --no-hotspots`` of it at the same 800x450: the demo's equirectangular terrace and
    its cube-map courtyard. Measured (mean absolute RGB difference over 4x4 squares, limit 3):
    correct exports 0.08 (terrace) and 0.10 (courtyard); the yaw 2 degrees off 13.9 and 12.5, 15
    degrees off 28.0 and 15.6, the panorama mirrored 17.8 and 11.5."""
    folder, config, result, problems = demo_images
    assert problems == []
    scores = result["images"][scene_id]
    assert scores["unloaded"] == 0.0
    assert scores["mad"] < checker.IMAGE_TOLERANCE
    assert scores["mad"] < 0.5  # measured 0.08 / 0.10: the synthetic demo matches far below the limit
    for kind in ("pannellum", "vtour"):
        assert Image.open(folder / "images" / f"{scene_id}-{kind}.png").size == checker.WINDOW


def test_demo_hotspots_at_vtour_marker_pixels(demo_images):
    """The hotspot check compares Pannellum's hotspot elements with where vtour's renderer draws the
    markers in its render of the same view at the same size as the screenshot: within 1.5 px (the
    issue asks 3). In the demo's initial views the markers lie just past the canvas edges, where
    Pannellum still places them; both scenes' are compared."""
    from vtour.geometry.angles import vector_to_yaw_pitch
    from vtour.geometry.picking import polygon_centre

    folder, config, result, problems = demo_images
    document = json.loads((REPO / "assets" / "demo" / "tour.json").read_text(encoding="utf-8"))
    compared = 0
    for scene_id, seen in result["scenes"].items():
        assert (seen["width"], seen["height"]) == checker.WINDOW
        scene = document["scenes"][scene_id]
        geometry = checker.vtour_geometry(scene, *checker.WINDOW)
        for hotspot, spot in zip(scene["hotspots"], seen["spots"]):
            if hotspot["type"] == "area":
                yaw, pitch = (float(a) for a in vector_to_yaw_pitch(polygon_centre(hotspot["vertices"])))
            else:
                yaw, pitch = hotspot["yaw"], hotspot["pitch"]
            x, y, shown = geometry.to_pixels(yaw, pitch)
            if shown and spot["visible"]:
                assert abs(float(x) - spot["x"]) < 1.5 and abs(float(y) - spot["y"]) < 1.5
                compared += 1
    assert compared >= 2


def test_image_check_catches_a_wrong_view(demo_images, tmp_path):
    """The exported terrace's yaw turned by 15 degrees before the screenshot: the comparison fails
    it (measured 28.0 against the limit 3; 2 degrees already scores 13.9), and the hotspot check
    finds its marker over 100 px from where vtour draws it."""
    folder, _, _, _ = demo_images
    out = tmp_path / "web"
    shutil.copytree(folder / "web", out)
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    config["scenes"]["terrace"]["yaw"] += 15
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    _, result, problems = checker.check_export(out, REPO / "assets" / "demo" / "tour.json", CHROMIUM, timeout=60,
                                               images=["terrace"], image_dir=tmp_path / "images")
    scores = result["images"]["terrace"]
    assert scores["unloaded"] == 0.0
    assert scores["mad"] > 4 * checker.IMAGE_TOLERANCE
    assert any(problem.startswith("terrace: Chromium's screenshot differs") for problem in problems)
    assert any(problem.startswith("terrace: hotspot 0 drawn at") for problem in problems)


def test_photo_panoramas_match_vtour_render(tmp_path):
    """Pannellum's Jordan Pond photo, as an equirectangular image and as a cube map (imported from
    Pannellum's example tour and exported again): photos have fine detail that Pannellum, without
    mipmaps, aliases where vtour filters; averaged over 4x4 squares they score 0.77 and 0.88 (per
    pixel 3.4 and 4.2) against the limit 3, and 15.9 and 16.1 with the yaw 2 degrees off, 44 and 46 mirrored."""
    _import_pannellum_example(tmp_path)
    config, result, problems = _image_check(tmp_path / "tour" / "tour.json", tmp_path)
    assert problems == []
    assert config["scenes"]["pondCube"]["type"] == "cubemap"
    for scene_id in ("pond", "pondCube"):
        assert result["images"][scene_id]["unloaded"] == 0.0
        assert result["images"][scene_id]["mad"] < checker.IMAGE_TOLERANCE

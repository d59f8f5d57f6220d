"""`vtour export pannellum`: a Pannellum tour folder (config.json, images, index.html) from a vtour tour."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from vtour.commands.export_tour import main as export_main
from vtour.geometry.angles import yaw_pitch_to_vector
from vtour.geometry.projections import horizon_matrix
from vtour.interop.angles import angle_between
from vtour.interop.pannellum import import_pannellum

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def test_demo_tour(tmp_path, caplog):
    out = tmp_path / "web"
    with caplog.at_level(logging.WARNING):
        assert export_main(["pannellum", str(ASSETS / "demo"), "-o", str(out)]) == 0
    config = _load(out / "config.json")
    tour = _load(ASSETS / "demo" / "tour.json")
    assert config["default"]["firstScene"] == tour.get("firstScene", next(iter(tour["scenes"])))
    assert config["default"]["autoLoad"] is True
    terrace, courtyard = config["scenes"]["terrace"], config["scenes"]["courtyard"]
    assert terrace["type"] == "equirectangular" and (out / terrace["panorama"]).is_file()
    assert courtyard["type"] == "cubemap" and len(courtyard["cubeMap"]) == 6
    assert all((out / face).read_bytes() == (ASSETS / "demo" / face).read_bytes() for face in courtyard["cubeMap"])
    assert [Path(f).stem for f in courtyard["cubeMap"]] == ["front", "right", "back", "left", "up", "down"]
    link = terrace["hotSpots"][0]
    assert link["type"] == "scene" and link["sceneId"] == "courtyard"
    assert (link["targetYaw"], link["targetPitch"], link["targetHfov"]) == ("sameAzimuth", "same", "same")
    area = terrace["hotSpots"][2]
    assert area["type"] == "info"  # Pannellum has no polygons: the area's centre, with a warning
    assert "the area became an info hotspot at its centre" in caplog.text
    assert "texts have several languages; Pannellum shows one" in caplog.text
    assert "$.siteMap: key 'siteMap' not converted" in caplog.text
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'src="pannellum/pannellum.js"' in page and 'fetch("config.json")' in page and "cdn.jsdelivr.net" in page


def test_local_pannellum_copy(tmp_path):
    library = tmp_path / "node_modules" / "pannellum" / "build"
    library.mkdir(parents=True)
    (library / "pannellum.js").write_text("window.pannellum = {};", encoding="utf-8")
    (library / "pannellum.css").write_text("", encoding="utf-8")
    out = tmp_path / "web"
    assert export_main(["pannellum", str(ASSETS / "demo" / "tour.json"), "-o", str(out), "--pannellum", str(library)]) == 0
    assert (out / "pannellum" / "pannellum.js").read_text(encoding="utf-8") == "window.pannellum = {};"
    assert export_main(["pannellum", str(ASSETS / "demo"), "-o", str(out)]) == 1  # no overwriting
    assert export_main(["pannellum", str(ASSETS / "demo"), "-o", str(out), "--force"]) == 0


def test_model_scenes_are_skipped(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        assert export_main(["pannellum", str(ASSETS / "jiaohe"), "-o", str(tmp_path / "web")]) == 0
    config = _load(tmp_path / "web" / "config.json")
    assert "site" not in config["scenes"] and "south-gate" in config["scenes"]
    assert "model scenes cannot be shown by Pannellum; skipped" in caplog.text
    assert "$.scenes.south-gate.pose: key 'pose' not converted" in caplog.text


def test_invalid_tour_is_refused(tmp_path, caplog):
    tour = tmp_path / "tour.json"
    tour.write_text('{"version": 1, "scenes": {"a": {"panorama": "missing.jpg"}}}', encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert export_main(["pannellum", str(tour), "-o", str(tmp_path / "web")]) == 1
    assert f"{tour}:1:45: $.scenes.a.panorama" in caplog.text
    assert not (tmp_path / "web").exists()


def test_multires_tiles_exported(tmp_path):
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES}")
    tour = tmp_path / "tour"
    tour.mkdir()
    shutil.copytree(FIXTURES / "tiles" / "pannellum-multires-testpattern", tour / "tiles")
    multires = {"basePath": "tiles", "path": "/%l/%s%x%y", "fallbackPath": "/fallback/%s", "extension": "png",
                "tileResolution": 256, "maxLevel": 4, "cubeResolution": 2048}
    (tour / "tour.json").write_text(json.dumps({"version": 1, "scenes": {"m": {"type": "multires", "multires": multires}}}),
                                    encoding="utf-8")
    assert export_main(["pannellum", str(tour), "-o", str(tmp_path / "web")]) == 0
    config = _load(tmp_path / "web" / "config.json")
    assert config["scenes"]["m"]["type"] == "multires" and config["scenes"]["m"]["multiRes"] == multires
    assert len(list((tmp_path / "web" / "tiles").rglob("*.png"))) == 516


def test_horizon_correction_and_views_round_trip(tmp_path):
    """vtour -> Pannellum -> vtour: hotspots point the same way (Pannellum's frame is the level one)."""
    from PIL import Image

    tour = tmp_path / "tour"
    tour.mkdir()
    Image.new("RGB", (64, 32)).save(tour / "p.jpg")
    hotspots = [{"id": f"h{i}", "type": "info", "yaw": y, "pitch": p, "title": "t"}
                for i, (y, p) in enumerate([(0, 0), (135, -40), (-60, 75)])]
    hotspots.append({"id": "go", "type": "scene", "yaw": 20, "pitch": -3, "targetScene": "b",
                     "targetView": {"yaw": -30, "pitch": 5, "hfov": 70}})
    hotspots.append({"id": "same", "type": "scene", "yaw": 25, "pitch": -3, "targetScene": "b", "targetView": "same"})
    document = {"version": 1, "title": "T", "transition": {"duration": 1.25}, "firstScene": "b", "scenes": {
        "a": {"panorama": "p.jpg", "horizonPitch": 6, "horizonRoll": -4, "northOffset": 12,
              "initialView": {"yaw": 10, "pitch": 2, "hfov": 90}, "limits": {"minHfov": 40}, "hotspots": hotspots},
        "b": {"panorama": "p.jpg", "title": "B"}}}
    (tour / "tour.json").write_text(json.dumps(document), encoding="utf-8")
    assert export_main(["pannellum", str(tour), "-o", str(tmp_path / "web")]) == 0
    config = _load(tmp_path / "web" / "config.json")
    a = config["scenes"]["a"]
    assert (a["yaw"], a["pitch"], a["hfov"], a["minHfov"], a["northOffset"]) == (10, 2, 90, 40, 12)
    assert config["default"]["sceneFadeDuration"] == 1250 and config["default"]["title"] == "T"
    for before, after in zip(hotspots, a["hotSpots"]):  # Pannellum's hotspot = the level-world direction
        world = horizon_matrix(6, -4) @ yaw_pitch_to_vector(before["yaw"], before["pitch"])
        assert np.allclose(world, yaw_pitch_to_vector(after["yaw"], after["pitch"]), atol=1e-7)
    back = import_pannellum(tmp_path / "web" / "config.json").document
    assert back["title"] == "T" and back["firstScene"] == "b" and back["transition"] == {"duration": 1.25}
    for before, after in zip(hotspots, back["scenes"]["a"]["hotspots"]):
        assert angle_between((before["yaw"], before["pitch"]), (after["yaw"], after["pitch"])) < 1e-5
        assert after.get("targetView") == before.get("targetView") and after.get("id") == before["id"]

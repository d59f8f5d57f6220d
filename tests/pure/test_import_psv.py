"""`vtour import psv`: Photo Sphere Viewer virtual-tour nodes (tests/data/interop/psv) with generated images."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from PIL import Image

from vtour.commands.import_tour import main as import_main
from vtour.geometry.projections import Projection, view_to_panorama_matrix, yaw_pitch_to_pixel
from vtour.interop.angles import PsvCorrection, psv_angle, psv_view_to_vtour
from vtour.interop.findings import InteropError
from vtour.interop.importing import write_conversion
from vtour.interop.psv import gps_direction, import_psv
from vtour.io.tourfile import validate_tour_file

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "interop" / "psv" / "nodes.json"


@pytest.fixture
def nodes(tmp_path) -> Path:
    folder = tmp_path / "psv"
    (folder / "panos").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "nodes.json")
    for name in ("gate", "court"):
        Image.new("RGB", (64, 32), (100, 140, 90)).save(folder / "panos" / f"{name}.jpg")
    Image.new("RGB", (32, 18), (0, 0, 0)).save(folder / "panos" / "gate_thumb.jpg")
    for letter in "lfrbud":
        Image.new("RGB", (16, 16), (200, 200, 200)).save(folder / "panos" / f"hall_{letter}.jpg")
    return folder / "nodes.json"


def _centre_pixel(scene: dict, view_yaw: float, view_pitch: float, hotspot_yaw: float, hotspot_pitch: float):
    """Where vtour draws a hotspot when looking with ``view`` at a 200x100 screen (hfov 90)."""
    matrix = view_to_panorama_matrix(view_yaw, view_pitch, 0.0, scene.get("horizonPitch", 0), scene.get("horizonRoll", 0))
    x, y, visible = yaw_pitch_to_pixel(Projection.RECTILINEAR, hotspot_yaw, hotspot_pitch, matrix, 200, 100, 90.0)
    assert bool(visible)
    return float(x), float(y)


def test_nodes_become_a_valid_tour(nodes, tmp_path):
    conversion = import_psv(nodes)
    outcome = write_conversion(conversion, tmp_path / "tour")
    assert outcome.ok and not outcome.missing
    assert validate_tour_file(tmp_path / "tour" / "tour.json") == []
    document = conversion.document
    assert document["firstScene"] == "gate" and document["transition"] == {"duration": 1.5}
    gate, hall, court = (document["scenes"][k] for k in ("gate", "hall", "court"))
    assert gate["title"] == "Gate" and gate["thumbnail"] == "panos/gate_thumb.jpg"
    assert hall["type"] == "cube" and hall["faces"] == [f"panos/hall_{c}.jpg" for c in "frblud"]
    assert hall["initialView"] == {"yaw": 90, "pitch": 0}
    to_hall, to_court, stele, mural, door = gate["hotspots"]
    # gate has pan 20deg: a world direction sits 20 degrees further right in the image (three.js Ry(pan))
    assert (to_hall["yaw"], to_hall["pitch"]) == (pytest.approx(math.degrees(0.5) + 20), pytest.approx(-math.degrees(0.1)))
    assert (to_court["yaw"], to_court["pitch"]) == (90, 22.5)  # textureX 48, Y 12 of a 64x32 image
    assert to_court["title"] == "To the courtyard"
    assert to_court["targetView"]["pitch"] == -5  # court's rotateToPosition for visitors from the gate
    assert stele == {"id": "stele", "type": "info", "yaw": 50, "pitch": 10, "title": "The stele",
                     "text": "<p>Carved in 1620.</p>"}
    assert mural["type"] == "area" and mural["title"] == "Mural" and len(mural["vertices"]) == 4
    assert door["vertices"][0] == [-123.75, 33.75]  # polygonPixels (10, 10)
    assert "horizonPitch" in court and "northOffset" in court  # tilt/roll; GPS links orient the compass
    messages = "\n".join(conversion.report.messages())
    assert "$.nodes[0].caption: key 'caption' not converted" in messages
    assert "$.nodes[2].description: key 'description' not converted: the tour format has no scene description" in messages
    assert "$.nodes[0].markers[3].polyline: key 'marker polyline' not converted: vtour has no polyline" in messages
    assert "$.nodes[0].gps: key 'gps' not converted: the tour format has no GPS positions" in messages


def test_directions_survive(nodes):
    """A PSV view looking straight at a marker or link shows it at the centre of vtour's view too."""
    data = json.loads(nodes.read_text(encoding="utf-8"))["nodes"]
    document = import_psv(nodes).document
    for node in data:
        scene = document["scenes"][node["id"]]
        correction = PsvCorrection(*(psv_angle(node.get("sphereCorrection", {}).get(k, 0)) for k in ("pan", "tilt", "roll")))
        converted = iter(scene.get("hotspots", []))
        for item in node.get("links", []) + node.get("markers", []):
            position = item.get("position")
            if position is None and "nodeId" in item:  # a GPS link: the plugin's bearing and elevation
                target = next(n for n in data if n["id"] == item["nodeId"])
                world = gps_direction(node["gps"], target["gps"])
            elif position is not None and "yaw" in position:
                world = psv_angle(position["yaw"]), psv_angle(position["pitch"])
            else:  # texture positions and polygons are checked above; a polyline makes no hotspot
                if "polyline" not in item:
                    next(converted)
                continue
            hotspot = next(converted)
            view = psv_view_to_vtour(*world, correction)
            x, y = _centre_pixel(scene, *view, hotspot["yaw"], hotspot["pitch"])
            assert (x, y) == (pytest.approx(100, abs=1e-4), pytest.approx(50, abs=1e-4)), (node["id"], item)


def test_gps_bearing():
    north, pitch = gps_direction((10.0, 50.0, 0), (10.0, 50.001, 0))
    east, _ = gps_direction((10.0, 0.0, 0), (10.001, 0.0, 0))
    assert north == pytest.approx(0, abs=1e-9) and pitch == 0 and east == pytest.approx(90)
    _, up = gps_direction((0.0, 0.0, 0.0), (0.0, 0.001, 111.19))
    assert up == pytest.approx(45, abs=0.05)


def test_angles_in_strings():
    assert psv_angle("30deg") == 30 and psv_angle("0.5rad") == pytest.approx(math.degrees(0.5))
    assert psv_angle(math.pi) == pytest.approx(180) and psv_angle("-1.5e-1") == pytest.approx(math.degrees(-0.15))
    with pytest.raises(ValueError):
        psv_angle("north")


def test_cli_and_bad_input(nodes, tmp_path):
    assert import_main(["psv", str(nodes), "-o", str(tmp_path / "tour")]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"nodes": 3}', encoding="utf-8")
    with pytest.raises(InteropError, match="expected a list of nodes"):
        import_psv(bad)

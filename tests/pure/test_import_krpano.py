"""`vtour import krpano`: a hand-written tour.xml (tests/data/interop/krpano) with generated images."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.commands.import_tour import main as import_main
from vtour.interop.angles import angle_between, hfov_from_dfov, hfov_from_vfov, krpano_hfov
from vtour.interop.findings import InteropError
from vtour.interop.importing import write_conversion
from vtour.interop.krpano import import_krpano
from vtour.interop.safexml import Element
from vtour.io.tourfile import validate_tour_file

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "interop" / "krpano" / "tour.xml"
COLOURS = {"f": (220, 40, 40), "r": (40, 200, 40), "b": (40, 40, 220), "l": (220, 220, 40),
           "u": (40, 220, 220), "d": (220, 40, 220)}


@pytest.fixture
def krpano_tour(tmp_path) -> Path:
    """The sample tour.xml beside the images it names (krpano's vtour layout, made here)."""
    folder = tmp_path / "vtour"
    panos = folder / "panos"
    panos.mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "tour.xml")
    Image.new("RGB", (64, 32), (120, 120, 160)).save(panos / "gate.jpg")
    Image.new("RGB", (32, 18), (10, 10, 10)).save(panos / "gate_thumb.jpg")
    for letter, colour in COLOURS.items():
        Image.new("RGB", (16, 16), colour).save(panos / f"hall_{letter}.jpg")
    tiles = panos / "court.tiles"
    for level, size in ((1, 32), (2, 64)):
        for letter, colour in COLOURS.items():
            for row in range(size // 32):
                for column in range(size // 32):
                    path = tiles / letter / f"l{level}" / f"{row + 1:02d}" / f"l{level}_{letter}_{row + 1:02d}_{column + 1:02d}.jpg"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    shade = tuple(min(255, c + 10 * (row * 2 + column)) for c in colour)
                    Image.new("RGB", (32, 32), shade).save(path, quality=95)
    strip = Image.new("RGB", (8, 48))
    for index, letter in enumerate("lfrbud"):  # krpano's cube-strip order
        strip.paste(COLOURS[letter], (0, 8 * index, 8, 8 * index + 8))
    strip.save(tiles / "preview.jpg", quality=95)
    return folder / "tour.xml"


def test_scenes_images_views_and_hotspots(krpano_tour, tmp_path):
    conversion = import_krpano(krpano_tour)
    outcome = write_conversion(conversion, tmp_path / "tour")
    assert outcome.ok and not outcome.missing, outcome.missing
    assert validate_tour_file(tmp_path / "tour" / "tour.json") == []
    document = conversion.document
    assert document["title"] == "Sample walk" and document["firstScene"] == "scene_gate"
    gate, hall, court = (document["scenes"][k] for k in ("scene_gate", "scene_hall", "scene_court"))
    assert gate["panorama"] == "panos/gate.jpg" and gate["northOffset"] == 30
    assert gate["thumbnail"] == "panos/gate_thumb.jpg"
    assert gate["initialView"]["yaw"] == 10 and gate["initialView"]["pitch"] == 5  # vlookat -5 looks up
    assert hall["faces"] == [f"panos/hall_{c}.jpg" for c in "frblud"]
    assert hall["initialView"] == {"yaw": 0, "pitch": 0, "hfov": 90}
    assert court["limits"] == {"minYaw": -90, "maxYaw": 90, "minPitch": -45, "maxPitch": 60}

    to_hall, to_court, inscription, mural = gate["hotspots"]
    assert to_hall == {"id": "to_hall", "type": "scene", "yaw": 45, "pitch": -5, "targetScene": "scene_hall",
                       "title": "Hall"}
    assert to_court["targetScene"] == "scene_court" and to_court["title"] == "Courtyard"
    assert to_court["targetView"] == {"yaw": 90, "pitch": 20,  # the target's fovtype (DFOV) applies
                                      "hfov": pytest.approx(hfov_from_dfov(80, 16 / 9), abs=1e-3)}
    assert inscription == {"id": "inscription", "type": "info", "yaw": -30, "pitch": -12, "title": "Inscription",
                           "text": "A carved <b>stele</b>."}
    assert mural == {"id": "mural", "type": "area", "vertices": [[100, 20], [130, 20], [130, -10], [100, -10]]}
    assert hall["hotspots"][0]["targetView"] == "same"  # loadscene(..., MERGE|KEEPVIEW, ...)
    assert court["hotspots"][0]["targetView"] == {"yaw": 180, "pitch": 0,  # the gate's fovtype: MFOV
                                                  "hfov": pytest.approx(krpano_hfov(90, "MFOV", 16 / 9), abs=1e-3)}


def test_fov_types():
    assert krpano_hfov(90, "HFOV", 16 / 9) == 90
    assert krpano_hfov(90, "VFOV", 16 / 9) == pytest.approx(121.28, abs=0.01)
    assert krpano_hfov(90, "DFOV", 1.0) == pytest.approx(2 * math.degrees(math.atan(math.tan(math.radians(45)) / math.sqrt(2))))
    assert krpano_hfov(90, "MFOV", 4 / 3) == 90  # on a 4:3 screen MFOV is the hfov
    assert krpano_hfov(90, "MFOV", 1.0) == 90  # narrower: still the hfov
    wide = krpano_hfov(90, "MFOV", 16 / 9)  # wider: the 4:3 frame's vertical extent is kept
    assert wide == pytest.approx(hfov_from_vfov(2 * math.degrees(math.atan(0.75)), 16 / 9))


def test_multires_tiles_renamed_and_preview_cut(krpano_tour, tmp_path):
    assert import_main(["krpano", str(krpano_tour), "-o", str(tmp_path / "tour")]) == 0
    tour = tmp_path / "tour"
    multires = json.loads((tour / "tour.json").read_text(encoding="utf-8"))["scenes"]["scene_court"]["multires"]
    assert multires == {"basePath": "tiles/scene_court", "path": "/%l/%s%y_%x", "fallbackPath": "/fallback/%s",
                        "extension": "jpg", "tileResolution": 32, "maxLevel": 2, "cubeResolution": 64}
    source = krpano_tour.parent / "panos" / "court.tiles"
    # krpano counts rows (%v) and columns (%h) from 1, Pannellum from 0
    assert (tour / "tiles/scene_court/2/r1_0.jpg").read_bytes() == (source / "r/l2/02/l2_r_02_01.jpg").read_bytes()
    assert (tour / "tiles/scene_court/1/d0_0.jpg").read_bytes() == (source / "d/l1/01/l1_d_01_01.jpg").read_bytes()
    for letter, colour in COLOURS.items():
        with Image.open(tour / f"tiles/scene_court/fallback/{letter}.jpg") as face:
            assert np.allclose(np.asarray(face, dtype=float).mean(axis=(0, 1)), colour, atol=12)


def test_directions_survive(krpano_tour):
    """ath is yaw; atv points down, so pitch = -atv (hotspots and polygon corners alike)."""
    document = import_krpano(krpano_tour).document
    xml = krpano_tour.read_text(encoding="utf-8")
    spots = re.findall(r'<hotspot name="(\w+)"[^>]*?ath="([-\d.]+)" atv="([-\d.]+)"', xml)
    converted = {h["id"]: h for scene in document["scenes"].values() for h in scene.get("hotspots", [])}
    assert len(spots) == 5
    for name, ath, atv in spots:
        hotspot = converted[name]
        assert angle_between((float(ath), -float(atv)), (hotspot["yaw"], hotspot["pitch"])) < 1e-9
    points = re.findall(r'<point ath="([-\d.]+)" atv="([-\d.]+)"', xml)
    assert converted["mural"]["vertices"] == [[float(a), -float(v)] for a, v in points]


def test_unconverted_attributes_are_named(krpano_tour):
    messages = "\n".join(import_krpano(krpano_tour).report.messages())
    assert f"{krpano_tour}:5:3: <include>: <include url='skin/vtourskin.xml'> not followed" in messages
    assert f"{krpano_tour}:7:3: <scene>@lat: key '<scene> lat' not converted: the tour format has no GPS" in messages
    assert "<hotspot>@style: key '<hotspot> style' not converted" in messages
    assert "<hotspot>@fillcolor" in messages and "<hotspot>@scale" in messages


def test_missing_images_reported_and_tour_written(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "tour.xml")
    conversion = import_krpano(tmp_path / "tour.xml")
    outcome = write_conversion(conversion, tmp_path / "out")
    assert outcome.ok  # every validator error comes from a missing image
    refs = [m.ref for m in outcome.missing]
    assert "panos/gate.jpg" in refs and "panos/court.tiles" in refs
    assert any("30 of 30 tiles missing" in str(m) for m in outcome.missing)


@pytest.mark.parametrize("xml, message, line", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE k [<!ENTITY a "aaaa">]>\n<krpano>&a;</krpano>', "DOCTYPE", 2),
    (b"<krpano>\n<scene name='a'>\n</krpano>", "mismatched tag", 3),
    (b"<tour/>", "not <krpano>", 1),
])
def test_unsafe_or_broken_xml_is_refused(tmp_path, xml, message, line):
    path = tmp_path / "tour.xml"
    path.write_bytes(xml)
    with pytest.raises(InteropError) as error:
        import_krpano(path)
    assert message in str(error.value) and error.value.location.line == line


def test_element_lookup_is_case_insensitive():
    element = Element("hotspot", {"ath": "1"}, 1, 1)
    assert element.get("ATH") == "1"

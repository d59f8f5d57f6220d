"""`vtour import marzipano`: the Marzipano Tool's data.js, its angles, fields of view and tiles."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.commands.import_tour import main as import_main
from vtour.geometry.angles import yaw_pitch_to_vector
from vtour.interop.angles import angle_between, hfov_from_vfov
from vtour.interop.findings import InteropError
from vtour.interop.importing import write_conversion
from vtour.interop.marzipano import import_marzipano
from vtour.io.multires import direction_to_face_uv
from vtour.io.tourfile import validate_tour_file
from vtour.model.tour import CUBE_FACE_ORDER

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
FACE_COLOURS = {"f": (220, 40, 40), "r": (40, 200, 40), "b": (40, 40, 220), "l": (220, 220, 40),
                "u": (40, 220, 220), "d": (220, 40, 220)}
CORNER = (250, 250, 250)  # each face's bottom-right quarter, to check tile placement


@pytest.fixture(scope="module")
def sample_tour() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES} (see ../shared/fixtures/SOURCES.md)")
    return FIXTURES / "tours" / "marzipano" / "sample-tour" / "data.js"


def _face(letter: str, size: int) -> Image.Image:
    image = Image.new("RGB", (size, size), FACE_COLOURS[letter])
    image.paste(CORNER, (size // 2, size // 2, size, size))
    return image


def _tool_export(folder: Path, scene_id: str, sizes: list[int], tile: int, preview: bool = True) -> Path:
    """A Marzipano Tool export: data.js and tiles/ID/{z}/{f}/{y}/{x}.jpg with a preview strip."""
    levels = [{"tileSize": 8, "size": 8, "fallbackOnly": True}] + [{"tileSize": tile, "size": s} for s in sizes]
    for z, size in enumerate(sizes, start=1):
        for letter in "fbudlr":
            face = _face(letter, size)
            for row in range(math.ceil(size / tile)):
                for column in range(math.ceil(size / tile)):
                    path = folder / "tiles" / scene_id / str(z) / letter / str(row) / f"{column}.jpg"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    face.crop((column * tile, row * tile, min(size, (column + 1) * tile),
                               min(size, (row + 1) * tile))).save(path, quality=95)
    if preview:
        strip = Image.new("RGB", (8, 48))
        for index, letter in enumerate("bdflru"):
            strip.paste(FACE_COLOURS[letter], (0, 8 * index, 8, 8 * index + 8))
        strip.save(folder / "tiles" / scene_id / "preview.jpg", quality=95)
    data = {"scenes": [{"id": scene_id, "name": "Hall", "levels": levels, "faceSize": sizes[-1],
                        "initialViewParameters": {"yaw": 0.5, "pitch": -0.25, "fov": 1.2},
                        "linkHotspots": [], "infoHotspots": [
                            {"yaw": math.pi / 2, "pitch": 0.0, "title": "Right", "text": "<b>right</b> face"},
                            {"yaw": 0.0, "pitch": -1.2, "title": "Up", "text": "ceiling"}]}],
            "name": "Synthetic", "settings": {"mouseViewMode": "drag"}}
    path = folder / "data.js"
    path.write_text("// made by the test\nvar APP_DATA = " + json.dumps(data, indent=2) + ";\n", encoding="utf-8")
    return path


def _mean(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=float).reshape(-1, 3).mean(axis=0)


def test_sample_tour(sample_tour, tmp_path):
    conversion = import_marzipano(sample_tour)
    outcome = write_conversion(conversion, tmp_path / "out")
    document = conversion.document
    assert document["title"] == "Sample Tour"
    assert list(document["scenes"]) == ["oriente-station", "electricity-museum", "jeronimos"]
    scene = document["scenes"]["oriente-station"]
    assert scene["multires"] == {"basePath": "tiles/oriente-station", "path": "/%l/%s%y_%x", "extension": "jpg",
                                 "tileResolution": 512, "maxLevel": 4, "cubeResolution": 4096}
    # fov pi/2 (vertical) at 16:9 is 121.3 degrees wide; the Tool's viewer limits it to 120
    assert scene["initialView"] == {"yaw": 0, "pitch": 0, "hfov": 120}
    link, info = scene["hotspots"]
    assert link["targetScene"] == "electricity-museum" and link["title"] == "Electricity Museum"
    assert info["title"] == "Oriente Station" and info["text"].startswith("The Oriente Station")
    # the tiles are not in the repository: each scene's set and preview strip are reported, named by line
    assert len(outcome.missing) == 6 and outcome.ok
    assert all(m.location.file == str(sample_tour) and m.location.line for m in outcome.missing)
    assert {d.json_path for d in outcome.explained} == {f"$.scenes.{s}.multires.basePath" for s in document["scenes"]}
    messages = "\n".join(conversion.report.messages())
    assert "$.settings.autorotateEnabled: key 'autorotateEnabled' not converted: the tour format has no auto-rotation" in messages
    assert "$.scenes[1].linkHotspots[0].rotation" in messages  # the only non-zero rotation


def test_directions_survive(sample_tour):
    """yaw (radians, right) and pitch (radians, *down*) become vtour's degrees, pitch up."""
    data = json.loads(sample_tour.read_text(encoding="utf-8").split("var data = ", 1)[1].rsplit(";", 1)[0])
    document = import_marzipano(sample_tour).document
    for scene in data["scenes"]:
        converted = document["scenes"][scene["id"]]["hotspots"]
        originals = scene["linkHotspots"] + scene["infoHotspots"]
        for before, after in zip(originals, converted):
            expected = (math.degrees(before["yaw"]), -math.degrees(before["pitch"]))
            assert angle_between(expected, (after["yaw"], after["pitch"])) < 1e-5


def test_aspect_option_for_vertical_fov(sample_tour):
    touch = sample_tour.parent.parent / "touch-gestures" / "data.js"
    wide = import_marzipano(touch).document["scenes"]["jeronimos"]["initialView"]["hfov"]
    square = import_marzipano(touch, aspect=4 / 3).document["scenes"]["jeronimos"]["initialView"]["hfov"]
    assert wide == pytest.approx(hfov_from_vfov(math.degrees(0.9), 16 / 9), abs=1e-3)
    assert square == pytest.approx(hfov_from_vfov(math.degrees(0.9), 4 / 3), abs=1e-3)
    view = import_marzipano(touch).document["scenes"]["electricity-museum"]["initialView"]
    assert (view["yaw"], view["pitch"]) == (pytest.approx(math.degrees(0.9)), pytest.approx(math.degrees(0.6)))


def test_pannellum_pyramid_tiles_are_renamed(tmp_path):
    data = _tool_export(tmp_path / "app-files", "0-hall", [32, 64], 32)
    status = import_main(["marzipano", str(data), "-o", str(tmp_path / "tour")])
    assert status == 0
    tour = tmp_path / "tour"
    scene = json.loads((tour / "tour.json").read_text(encoding="utf-8"))["scenes"]["0-hall"]
    assert scene["multires"] == {"basePath": "tiles/0-hall", "path": "/%l/%s%y_%x", "fallbackPath": "/fallback/%s",
                                 "extension": "jpg", "tileResolution": 32, "maxLevel": 2, "cubeResolution": 64}
    source = tmp_path / "app-files" / "tiles" / "0-hall"
    assert (tour / "tiles/0-hall/2/r1_0.jpg").read_bytes() == (source / "2/r/1/0.jpg").read_bytes()
    assert (tour / "tiles/0-hall/1/u0_0.jpg").read_bytes() == (source / "1/u/0/0.jpg").read_bytes()
    for letter, colour in FACE_COLOURS.items():  # fallback faces cut from the b d f l r u preview strip
        assert np.allclose(_mean(tour / "tiles/0-hall/fallback" / f"{letter}.jpg"), colour, atol=12)
    assert validate_tour_file(tour / "tour.json") == []
    view = scene["initialView"]
    assert view["hfov"] == pytest.approx(hfov_from_vfov(math.degrees(1.2), 16 / 9), abs=1e-3)
    assert (view["yaw"], view["pitch"]) == (pytest.approx(math.degrees(0.5)), pytest.approx(math.degrees(0.25)))


def test_other_levels_are_rebuilt_as_a_pannellum_pyramid(tmp_path):
    data = _tool_export(tmp_path / "app-files", "hall", [32, 96], 32, preview=False)
    conversion = import_marzipano(data)
    assert any("not a Pannellum pyramid" in m for m in conversion.report.messages())
    write_conversion(conversion, tmp_path / "tour")
    tour = tmp_path / "tour"
    multires = json.loads((tour / "tour.json").read_text(encoding="utf-8"))["scenes"]["hall"]["multires"]
    assert (multires["tileResolution"], multires["cubeResolution"], multires["maxLevel"]) == (32, 96, 3)
    for letter, colour in FACE_COLOURS.items():
        assert np.allclose(_mean(tour / f"tiles/hall/3/{letter}0_0.jpg"), colour, atol=12)
        assert np.allclose(_mean(tour / f"tiles/hall/3/{letter}2_2.jpg"), CORNER, atol=12)  # placed, not shuffled
    with Image.open(tour / "tiles/hall/1/f0_0.jpg") as coarse:
        assert coarse.size == (24, 24)
    assert validate_tour_file(tour / "tour.json") == []


def test_hotspots_land_on_the_right_face(tmp_path):
    """Marzipano's faces are Pannellum's (checked against its CubeGeometry): a hotspot at yaw pi/2
    is at the centre of face r, one pitched 1.2 rad *down* in Marzipano's terms looks up at face u."""
    scene = import_marzipano(_tool_export(tmp_path, "s", [32, 64], 32)).document["scenes"]["s"]
    right, up = scene["hotspots"]
    face, u, v = direction_to_face_uv(yaw_pitch_to_vector(right["yaw"], right["pitch"]))
    assert CUBE_FACE_ORDER[int(face)] == "right" and (float(u), float(v)) == (pytest.approx(0.5), pytest.approx(0.5))
    face, _, _ = direction_to_face_uv(yaw_pitch_to_vector(up["yaw"], up["pitch"]))
    assert CUBE_FACE_ORDER[int(face)] == "up" and up["pitch"] == pytest.approx(math.degrees(1.2))
    assert right["text"] == "<b>right</b> face"


def test_code_is_refused_with_its_line(tmp_path):
    data = tmp_path / "data.js"
    data.write_text("var APP_DATA = {\n  scenes: [],\n  name: fetch('http://x'),\n};\n", encoding="utf-8")
    with pytest.raises(InteropError) as error:
        import_marzipano(data)
    assert str(error.value).startswith(f"{data}:3:9: expected a value, found 'fetch'")

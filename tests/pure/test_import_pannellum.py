"""`vtour import pannellum`: real Pannellum configs in, valid vtour tours out, every key accounted for."""

from __future__ import annotations

import json
import logging
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.commands.import_tour import main as import_main
from vtour.geometry.angles import yaw_pitch_to_vector
from vtour.geometry.projections import horizon_matrix
from vtour.interop.angles import angle_between
from vtour.interop.findings import InteropError
from vtour.interop.importing import write_conversion
from vtour.interop.pannellum import export_pannellum, import_pannellum
from vtour.io.tourfile import load_tour, validate_tour_file

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"


@pytest.fixture(scope="module")
def fixtures() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"shared fixtures not found at {FIXTURES} (see ../shared/fixtures/SOURCES.md)")
    return FIXTURES


@pytest.fixture(scope="module")
def examples(fixtures, tmp_path_factory) -> Path:
    """Pannellum's examples/ folder as in its repository: the configs beside the images they name."""
    folder = tmp_path_factory.mktemp("pannellum") / "examples"
    folder.mkdir()
    for config in (fixtures / "tours" / "pannellum").glob("*.json"):
        shutil.copy(config, folder)
    for image in ("examplepano.jpg", "examplepano-preview.jpg"):
        (folder / image).symlink_to(fixtures / "panoramas" / "pannellum" / image)
    for face in (fixtures / "panoramas" / "cubemaps" / "pannellum-jordan-pond").glob("*.jpg"):
        (folder / face.name).symlink_to(face)
    (folder / "multires").symlink_to(fixtures / "tiles" / "pannellum-multires-testpattern")
    return folder


@pytest.fixture(scope="module")
def site(fixtures, tmp_path_factory) -> Path:
    """pannellum.org's static/ folder: configs/ beside images/ (without the big tile sets)."""
    static = tmp_path_factory.mktemp("pannellum-org") / "static"
    (static / "configs").mkdir(parents=True)
    for config in (fixtures / "tours" / "pannellum.org" / "configs").glob("*.json"):
        shutil.copy(config, static / "configs")
    (static / "images").mkdir()
    for image in (fixtures / "panoramas" / "pannellum.org").glob("*.jpg"):
        (static / "images" / image.name).symlink_to(image)
    (static / "images" / "wyman-park-playground-cubic").symlink_to(
        fixtures / "panoramas" / "cubemaps" / "pannellum.org-wyman-park-playground")
    return static


def _import(config: Path, out: Path, **kwargs):
    conversion = import_pannellum(config, **kwargs)
    return conversion, write_conversion(conversion, out)


def _warnings(conversion) -> list[str]:
    return conversion.report.messages()


# -- the real configs ------------------------------------------------------------------------------


def test_tour_config_with_bom(examples, tmp_path):
    assert (examples / "example-tour.json").read_bytes().startswith(b"\xef\xbb\xbf")
    conversion, outcome = _import(examples / "example-tour.json", tmp_path / "tour")
    document = json.loads((tmp_path / "tour" / "tour.json").read_text(encoding="utf-8"))
    assert document["firstScene"] == "pond"
    assert document["transition"] == {"duration": 2}  # sceneFadeDuration 2000 ms
    cube, pond = document["scenes"]["pondCube"], document["scenes"]["pond"]
    assert cube["type"] == "cube" and cube["faces"] == [f"examplepanocube{i}.jpg" for i in range(6)]
    assert pond == {"title": "Jordan Pond", "type": "equirectangular", "panorama": "examplepano.jpg",
                    "hotspots": [{"type": "scene", "yaw": 100, "pitch": 0, "title": "Pond (cube)",
                                  "targetScene": "pondCube"}]}
    assert cube["hotspots"][2] == {"type": "scene", "yaw": -60, "pitch": 0, "title": "Pond", "targetScene": "pond"}
    assert outcome.ok and not outcome.missing and not outcome.explained
    assert validate_tour_file(tmp_path / "tour" / "tour.json") == []
    assert load_tour(tmp_path / "tour" / "tour.json").first_scene == "pond"
    assert (tmp_path / "tour" / "examplepano.jpg").read_bytes() == (examples / "examplepano.jpg").read_bytes()
    messages = _warnings(conversion)
    assert any("example-tour.json:3:9: $.default.author: key 'author'" in m and "no author" in m for m in messages)
    assert any("$.scenes.pondCube.hotSpots[1].URL: key 'URL'" in m for m in messages)
    assert len(messages) == 2


def test_single_scene_cube_config(examples, tmp_path):
    conversion, outcome = _import(examples / "example-cube.json", tmp_path / "cube")
    document = json.loads((tmp_path / "cube" / "tour.json").read_text(encoding="utf-8"))
    assert document["title"] == "Jordan Pond"
    (scene_id, scene), = document["scenes"].items()
    assert scene_id == "example-cube" and scene["title"] == "Jordan Pond"
    assert scene["thumbnail"] == "examplepano-preview.jpg"
    assert [h["title"] for h in scene["hotspots"]] == ["This is Jordan Pond, located in Acadia National Park.",
                                                       "This is a link."]
    assert outcome.ok and not outcome.missing
    assert validate_tour_file(tmp_path / "cube" / "tour.json") == []


def test_multires_config_copies_every_tile(examples, tmp_path):
    conversion, outcome = _import(examples / "example-multires.json", tmp_path / "multi")
    scene = json.loads((tmp_path / "multi" / "tour.json").read_text(encoding="utf-8"))["scenes"]["example-multires"]
    assert scene["type"] == "multires"
    assert scene["multires"] == {"basePath": "multires", "path": "/%l/%s%x%y", "fallbackPath": "/fallback/%s",
                                 "extension": "png", "tileResolution": 256, "maxLevel": 4, "cubeResolution": 2048}
    assert outcome.files_written == 6 * (1 + 4 + 16 + 64) + 6 + 1
    copied = tmp_path / "multi" / "multires" / "4" / "f73.png"  # %x before %y in this set
    assert copied.read_bytes() == (examples / "multires" / "4" / "f73.png").read_bytes()
    assert outcome.ok and not outcome.missing
    assert validate_tour_file(tmp_path / "multi" / "tour.json") == []


def test_pannellum_org_configs(site, tmp_path):
    for name in ("compass", "cube-map", "hot-spots", "tour"):
        conversion, outcome = _import(site / "configs" / f"{name}.json", tmp_path / name)
        assert outcome.ok and not outcome.missing, (name, outcome.missing)
        assert validate_tour_file(tmp_path / name / "tour.json") == [], name
    compass = json.loads((tmp_path / "compass" / "tour.json").read_text(encoding="utf-8"))["scenes"]["compass"]
    assert compass["northOffset"] == 247.5 and compass["panorama"] == "images/bloomberg.jpg"
    hot = json.loads((tmp_path / "hot-spots" / "tour.json").read_text(encoding="utf-8"))["scenes"]["hot-spots"]
    assert [(h["yaw"], h["pitch"]) for h in hot["hotspots"]] == [(1.5, 14.1), (222.6, -9.4), (144.4, -0.9)]
    tour = json.loads((tmp_path / "tour" / "tour.json").read_text(encoding="utf-8"))
    assert tour["scenes"]["circle"]["initialView"] == {"yaw": 117, "pitch": -3, "hfov": 110}
    assert tour["scenes"]["house"]["hotspots"][0]["targetView"] == {"yaw": -23, "pitch": 2}


def test_missing_assets_are_named_and_explain_the_validator_errors(fixtures, tmp_path, caplog):
    config = fixtures / "tours" / "pannellum.org" / "configs" / "tour.json"  # ../images/ is not staged there
    with caplog.at_level(logging.WARNING):
        status = import_main(["pannellum", str(config), "-o", str(tmp_path / "out")])
    assert status == 0
    text = caplog.text
    assert f"{config}:15:25: $.scenes.circle.panorama: not found: '../images/from-tree.jpg'" in text
    assert f"{config}:32:25: $.scenes.house.panorama: not found: '../images/bma-0.jpg'" in text
    assert "2 referenced assets are missing" in text
    errors = [d for d in validate_tour_file(tmp_path / "out" / "tour.json") if d.severity.value == "error"]
    assert {d.json_path for d in errors} == {"$.scenes.circle.panorama", "$.scenes.house.panorama"}


def test_homepage_tour_multires_without_tiles(fixtures, tmp_path):
    config = fixtures / "tours" / "pannellum.org" / "DERIVED-homepage-tour.json"
    conversion, outcome = _import(config, tmp_path / "home")
    document = conversion.document
    assert list(document["scenes"]) == ["library", "gallery", "6th-floor"]
    library = document["scenes"]["library"]
    assert library["multires"]["basePath"] == "images/multires/library"  # the web root's "/" dropped
    assert library["northOffset"] == 289 and library["initialView"] == {"yaw": 50, "pitch": 10, "hfov": 100}
    assert document["scenes"]["gallery"]["hotspots"][0]["targetView"] == {"yaw": 240}
    assert len(outcome.missing) == 3 and "2460 of 2460 tiles missing" in str(outcome.missing[0])
    assert outcome.ok and outcome.explained  # only the missing tile folders fail validation
    keys = [re.search(r"key '(\w+)' not converted", m).group(1) for m in _warnings(conversion)]
    assert sorted(keys) == ["URL", "URL", "author", "autoLoad", "compass", "compass", "compass"]


def test_base_option_resolves_root_absolute_paths(fixtures, tmp_path):
    web = tmp_path / "web"
    (web / "images" / "multires").mkdir(parents=True)
    (web / "images" / "multires" / "6th-floor").symlink_to(fixtures / "tiles" / "pannellum.org-6th-floor")
    config = fixtures / "tours" / "pannellum.org" / "DERIVED-homepage-tour.json"
    conversion = import_pannellum(config, base=web)
    missing = {m.out_path[1] for m in conversion.assets.missing}
    assert missing == {"library", "gallery"}


# -- mapping details -------------------------------------------------------------------------------


def _config(tmp_path: Path, config: dict, name: str = "config.json") -> Path:
    """``config`` written beside a small 2:1 ``pano.jpg``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 32), (90, 120, 200)).save(tmp_path / "pano.jpg")
    path = tmp_path / name
    path.write_text(json.dumps(config, indent=4), encoding="utf-8")
    return path


def test_target_views_same_and_same_azimuth(tmp_path):
    links = [
        {"yaw": 1, "pitch": 0, "type": "scene", "sceneId": "b", "targetYaw": "same", "targetPitch": "same",
         "targetHfov": "same"},
        {"yaw": 2, "pitch": 0, "type": "scene", "sceneId": "b", "targetYaw": "sameAzimuth", "targetPitch": "same",
         "targetHfov": "same"},
        {"yaw": 3, "pitch": 0, "type": "scene", "sceneId": "b", "targetYaw": 10, "targetPitch": -5, "targetHfov": 80},
        {"yaw": 4, "pitch": 0, "type": "scene", "sceneId": "b", "targetYaw": "sameAzimuth"},
        {"yaw": 5, "pitch": 0, "type": "scene", "sceneId": "b", "targetYaw": 30, "targetPitch": "same"},
        {"yaw": 6, "pitch": 0, "type": "scene", "sceneId": "nowhere"},
    ]
    config = {"default": {"firstScene": "a"}, "scenes": {
        "a": {"panorama": "pano.jpg", "northOffset": 30, "hotSpots": links},
        "b": {"panorama": "pano.jpg", "northOffset": -40}}}
    conversion = import_pannellum(_config(tmp_path, config))
    hotspots = conversion.document["scenes"]["a"]["hotspots"]
    assert [h.get("targetView") for h in hotspots] == ["same", "sameAzimuth", {"yaw": 10, "pitch": -5, "hfov": 80},
                                                       "sameAzimuth", {"yaw": 30}, None]
    assert hotspots[5]["type"] == "info"
    messages = "\n".join(_warnings(conversion))
    assert "$.scenes.a.hotSpots[3].targetYaw: targetYaw 'sameAzimuth' with targetPitch None" in messages
    assert "$.scenes.a.hotSpots[4].targetPitch: targetPitch 'same' cannot be combined" in messages
    assert "$.scenes.a.hotSpots[5].sceneId: link to unknown scene 'nowhere'" in messages
    assert conversion.document["scenes"]["b"]["northOffset"] == -40


def test_partial_panorama_horizon_and_limits(tmp_path):
    config = {"type": "equirectangular", "panorama": "pano.jpg", "haov": 149.87, "vaov": 54.15, "vOffset": 1.17,
              "horizonPitch": 8, "horizonRoll": -3, "yaw": 12, "pitch": 4, "hfov": 70, "minHfov": 40,
              "maxHfov": 100, "minPitch": -27, "maxPitch": 28, "title": "Street",
              "hotSpots": [{"yaw": 30, "pitch": 20, "type": "info", "text": "Sign"}]}
    conversion = import_pannellum(_config(tmp_path, config, "street.json"))
    scene = conversion.document["scenes"]["street"]
    assert (scene["haov"], scene["vaov"], scene["vOffset"]) == (149.87, 54.15, 1.17)
    assert (scene["horizonPitch"], scene["horizonRoll"]) == (8, -3)
    assert scene["initialView"] == {"yaw": 12, "pitch": 4, "hfov": 70}
    assert scene["limits"] == {"minPitch": -27, "maxPitch": 28, "minHfov": 40, "maxHfov": 100}
    # Pannellum places hotspots in the level world frame, vtour in the panorama's: same place on screen.
    hotspot = scene["hotspots"][0]
    world = horizon_matrix(8, -3) @ yaw_pitch_to_vector(hotspot["yaw"], hotspot["pitch"])
    assert np.allclose(world, yaw_pitch_to_vector(30, 20), atol=1e-7)


def test_every_unconverted_key_is_named_with_its_line(tmp_path):
    config = {"default": {"firstScene": "a", "autoRotate": -2, "author": "Me", "showControls": False},
              "scenes": {"a": {"panorama": "pano.jpg", "compass": True, "preview": "pano.jpg", "strings": {},
                               "hotSpots": [{"yaw": 1, "pitch": 2, "cssClass": "x", "URL": "http://x",
                                             "clickHandlerFunc": "f"}]}}}
    path = _config(tmp_path, config)
    conversion = import_pannellum(path)
    text = path.read_text(encoding="utf-8").splitlines()
    expected = {"$.default.autoRotate": "autoRotate", "$.default.author": "author",
                "$.default.showControls": "showControls", "$.scenes.a.compass": "compass",
                "$.scenes.a.strings": "strings", "$.scenes.a.hotSpots[0].cssClass": "cssClass",
                "$.scenes.a.hotSpots[0].URL": "URL", "$.scenes.a.hotSpots[0].clickHandlerFunc": "clickHandlerFunc"}
    found = {}
    for finding in conversion.report.findings:
        location = finding.location
        found[location.path] = finding.message
        key = expected[location.path]
        assert f'"{key}"' in text[location.line - 1], (key, location)
    assert set(found) == set(expected)
    assert "no auto-rotation" in found["$.default.autoRotate"]


def test_bad_json_names_file_and_line(tmp_path, caplog):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "panorama": "a.jpg",\n  "yaw": 10,,\n}\n', encoding="utf-8")
    with pytest.raises(InteropError) as error:
        import_pannellum(bad)
    assert str(error.value).startswith(f"{bad}:3:13: not valid JSON")
    with caplog.at_level(logging.ERROR):
        assert import_main(["pannellum", str(bad), "-o", str(tmp_path / "o")]) == 1
    assert f"{bad}:3:13" in caplog.text
    assert not (tmp_path / "o").exists()


def test_no_overwriting_without_force(examples, tmp_path, caplog):
    out = tmp_path / "tour"
    assert import_main(["pannellum", str(examples / "example-cube.json"), "-o", str(out)]) == 0
    before = (out / "tour.json").read_bytes()
    (out / "tour.json").write_text("{}", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert import_main(["pannellum", str(examples / "example-cube.json"), "-o", str(out)]) == 1
    assert "use --force" in caplog.text and (out / "tour.json").read_text(encoding="utf-8") == "{}"
    assert import_main(["pannellum", str(examples / "example-cube.json"), "-o", str(out), "--force"]) == 0
    assert (out / "tour.json").read_bytes() == before
    assert (out / "tour.json.bak").read_text(encoding="utf-8") == "{}"  # the replaced file is kept


# -- round trip: Pannellum -> vtour -> Pannellum keeps every mapped field ----------------------------

MAPPED_SCENE = ("type", "title", "haov", "vaov", "vOffset", "yaw", "pitch", "hfov", "minYaw", "maxYaw", "minPitch",
                "maxPitch", "minHfov", "maxHfov", "northOffset", "horizonPitch", "horizonRoll")
PATHS = ("panorama", "preview")
MAPPED_HOTSPOT = ("type", "text", "sceneId", "targetYaw", "targetPitch", "targetHfov", "id")


def _effective(config: dict) -> tuple[dict, dict]:
    """Pannellum's own view of a config: tour-level fields and each scene with default merged in."""
    if "scenes" not in config:
        tour = {"title": config.get("title")}
        return tour, {"only": dict(config)}
    default = config.get("default", {})
    tour = {key: default.get(key) for key in ("firstScene", "title", "sceneFadeDuration")}
    return tour, {sid: {**default, **scene} for sid, scene in config["scenes"].items()}


def _local(path: str) -> str:
    from vtour.interop.assets import AssetPlan

    return AssetPlan(Path(".")).local_name(path)


def _compare(original: dict, exported: dict) -> None:
    tour_a, scenes_a = _effective(original)
    tour_b, scenes_b = _effective(exported)
    for key, value in tour_a.items():
        if value is not None:
            assert tour_b[key] == value, key
    if list(scenes_a) == ["only"]:
        scenes_b = {"only": next(iter(scenes_b.values()))}
    assert list(scenes_a) == list(scenes_b)
    for sid, a in scenes_a.items():
        b = scenes_b[sid]
        for key in MAPPED_SCENE:
            if key in a and not (key == "type" and a[key] == "equirectangular"):
                assert b.get(key) == a[key], (sid, key)
        for key in PATHS:
            if key in a:
                assert b[key] == _local(a[key]), (sid, key)
        if "cubeMap" in a:
            assert b["cubeMap"] == [_local(face) for face in a["cubeMap"]]
        if "multiRes" in a:
            expected = {k: v for k, v in a["multiRes"].items() if k != "basePath"}
            assert {k: v for k, v in b["multiRes"].items() if k != "basePath"} == expected
            assert b["multiRes"]["basePath"] == _local(a["multiRes"]["basePath"])
        hotspots_a, hotspots_b = a.get("hotSpots", []), b.get("hotSpots", [])
        assert len(hotspots_a) == len(hotspots_b)
        for ha, hb in zip(hotspots_a, hotspots_b):
            assert angle_between((ha["yaw"], ha["pitch"]), (hb["yaw"], hb["pitch"])) < 1e-5
            for key in MAPPED_HOTSPOT:
                if key in ha and not (key == "type" and ha[key] == "info"):
                    assert hb.get(key) == ha[key], key


def _round_trip(config_path: Path, tmp_path: Path, **kwargs) -> tuple[dict, dict]:
    conversion, _ = _import(config_path, tmp_path / "tour", **kwargs)
    document = json.loads((tmp_path / "tour" / "tour.json").read_text(encoding="utf-8"))
    exported = export_pannellum(document, tmp_path / "tour").config
    original = json.loads(config_path.read_text(encoding="utf-8-sig"))
    return original, exported


@pytest.mark.parametrize("name", ["example-tour", "example-cube", "example-multires"])
def test_round_trip_pannellum_examples(examples, tmp_path, name):
    original, exported = _round_trip(examples / f"{name}.json", tmp_path)
    _compare(original, exported)


@pytest.mark.parametrize("name", ["compass", "cube-map", "hot-spots", "tour", "multiresolution"])
def test_round_trip_pannellum_org(site, tmp_path, name):
    original, exported = _round_trip(site / "configs" / f"{name}.json", tmp_path)
    _compare(original, exported)


def test_round_trip_homepage_and_horizon(fixtures, tmp_path):
    original, exported = _round_trip(fixtures / "tours" / "pannellum.org" / "DERIVED-homepage-tour.json", tmp_path)
    _compare(original, exported)
    config = {"panorama": "pano.jpg", "horizonPitch": -12.5, "horizonRoll": 7,
              "hotSpots": [{"yaw": y, "pitch": p, "type": "info", "text": f"{y},{p}"}
                           for y, p in ((0, 0), (170, -35), (-95, 60), (45, 89))]}
    original, exported = _round_trip(_config(tmp_path / "h", config, "h.json"), tmp_path / "h")
    _compare(original, exported)


def test_directions_survive(examples, tmp_path):
    """Each hotspot points the same way in Pannellum before and after a trip through vtour."""
    original, exported = _round_trip(examples / "example-tour.json", tmp_path)
    for sid, scene in original["scenes"].items():
        for before, after in zip(scene["hotSpots"], exported["scenes"][sid]["hotSpots"]):
            assert angle_between((before["yaw"], before["pitch"]), (after["yaw"], after["pitch"])) < 1e-6
    assert math.isclose(exported["default"]["sceneFadeDuration"], 2000)

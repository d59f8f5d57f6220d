"""Loading good tours into model objects, bare images, and choosing between the two."""

from __future__ import annotations

import codecs
import json
import shutil

import pytest
from PIL import Image

from vtour.io.tourfile import load_tour, load_tour_or_image, tour_from_image, validate_tour_file
from vtour.model.errors import Severity, TourError
from vtour.model.tour import CubeSource, EquirectSource, View, ViewLimits

FACES = ["faces/front.png", "faces/right.png", "faces/back.png", "faces/left.png", "faces/up.png", "faces/down.png"]


def test_minimal_tour_gets_defaults_and_absolute_paths(write_tour, tour_dir, minimal_tour):
    tour = load_tour(write_tour(minimal_tour()))
    assert tour.first_scene == "hall"
    assert tour.path == (tour_dir / "tour.json").resolve()
    scene = tour.start_scene
    assert scene.source == EquirectSource(path=(tour_dir / "pano.jpg").resolve(), size=(64, 32))
    assert scene.initial_view == View() and scene.limits == ViewLimits()
    assert scene.hotspots == () and tour.warnings == ()
    assert tour.languages == ("en",) and tour.default_language == "en"


def test_full_tour_builds_every_field(write_tour, tour_dir):
    doc = {
        "version": 1,
        "title": {"en": "Hall", "zh-Hans": "大厅", "ug": "زال"},
        "description": "Plain text",
        "languages": ["en", "zh-Hans", "ug"],
        "defaultLanguage": "zh-Hans",
        "firstScene": "court",
        "scenes": {
            "hall": {
                "panorama": "partial.png",
                "haov": 120,
                "vaov": 60,
                "vOffset": 10,
                "horizonPitch": 2,
                "horizonRoll": -1.5,
                "northOffset": -30,
                "initialView": {"yaw": 270, "pitch": 10, "hfov": 90},
                "limits": {"minYaw": -60, "maxYaw": 60, "minPitch": -20, "maxPitch": 40, "minHfov": 40, "maxHfov": 100},
                "hotspots": [
                    {"type": "info", "id": "door", "yaw": 190, "pitch": -5, "title": "Door", "text": {"en": "A door"}},
                    {"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "court", "targetView": {"pitch": 12}},
                    {"type": "area", "vertices": [[-10, -10], [10, -10], [10, 10], [-10, 10]]},
                ],
            },
            "court": {
                "type": "cube",
                "faces": {name.split("/")[1][:-4]: name for name in FACES},
                "initialView": {"yaw": 30, "hfov": 80},
                "hotspots": [{"type": "scene", "yaw": 1, "pitch": 2, "targetScene": "hall", "targetView": "same"}],
            },
        },
    }
    tour = load_tour(write_tour(doc))
    assert tour.first_scene == "court" and [s.id for s in tour.scenes] == ["hall", "court"]
    assert tour.default_language == "zh-Hans" and tour.languages == ("en", "zh-Hans", "ug")
    assert tour.description.texts == {"zh-Hans": "Plain text"}  # a plain string is the default language
    hall = tour.scene("hall")
    assert hall.source == EquirectSource((tour_dir / "partial.png").resolve(), 120, 60, 10, size=(40, 20))
    assert (hall.horizon.pitch, hall.horizon.roll, hall.north_offset) == (2, -1.5, 330)
    assert hall.initial_view == View(yaw=-90, pitch=10, hfov=90)
    assert hall.limits == ViewLimits(-60, 60, -20, 40, 40, 100)
    info, link, area = hall.hotspots
    assert (info.id, info.kind, info.yaw, info.pitch) == ("door", "info", -170, -5)
    assert info.title.get("zh-Hans") == "Door" and info.text.get("en") == "A door"
    assert (link.id, link.target_scene) == ("#1", "court")
    assert link.target_view == View(yaw=30, pitch=12, hfov=80)  # missing values from court's initialView
    assert area.kind == "area" and len(area.vertices) == 4
    assert area.yaw == pytest.approx(0, abs=1e-9) and area.pitch == pytest.approx(0, abs=1e-9)
    court = tour.scene("court")
    assert isinstance(court.source, CubeSource) and court.source.face_size == 16
    assert court.source.faces == tuple((tour_dir / name).resolve() for name in FACES)
    assert court.hotspots[0].target_view == "same"


def test_cube_faces_as_a_list_keep_the_documented_order(write_tour, tour_dir):
    tour = load_tour(write_tour({"version": 1, "scenes": {"c": {"type": "cube", "faces": FACES}}}))
    faces = tour.start_scene.source.faces
    assert [path.stem for path in faces] == ["front", "right", "back", "left", "up", "down"]


def test_language_fallback_chain(write_tour, minimal_tour):
    doc = minimal_tour(title={"en": "Hall", "zh": "大厅"})
    doc.update(languages=["en", "zh"], defaultLanguage="en")
    tour = load_tour(write_tour(doc))
    assert tour.language_chain("zh-Hans") == ("zh-Hans", "zh", "en")
    assert tour.text(tour.start_scene.title, "zh-Hans") == "大厅"
    assert tour.text(tour.start_scene.title, "ug") == "Hall"


def test_languages_are_inferred_when_not_declared(write_tour, minimal_tour):
    doc = minimal_tour(title={"ug": "زال", "en": "Hall"})
    tour = load_tour(write_tour(doc))
    assert tour.languages == ("en", "ug") and tour.warnings == ()


def test_utf8_bom_is_accepted(write_tour, minimal_tour):
    path = write_tour(codecs.BOM_UTF8 + json.dumps(minimal_tour()).encode())
    assert load_tour(path).first_scene == "hall"


def test_schema_reference_instead_of_version(write_tour):
    doc = {"$schema": "https://example.org/tour-v1.schema.json", "scenes": {"a": {"panorama": "pano.jpg"}}}
    assert load_tour(write_tour(doc)).version == 1


def test_warnings_ride_along_on_the_tour(write_tour, minimal_tour):
    tour = load_tour(write_tour(minimal_tour(hotSpots=[])))
    (warning,) = tour.warnings
    assert warning.severity is Severity.WARNING and 'did you mean "hotspots"' in warning.message


def test_load_raises_every_error_at_once(write_tour):
    doc = {"version": 1, "firstScene": "nowhere", "scenes": {"a": {"panorama": "missing.jpg"}}}
    with pytest.raises(TourError) as caught:
        load_tour(write_tour(doc))
    assert [d.json_path for d in caught.value.diagnostics] == ["$.firstScene", "$.scenes.a.panorama"]
    assert "tour.json:" in str(caught.value)


def test_bare_image_is_a_one_scene_tour(tour_dir):
    tour = tour_from_image(tour_dir / "pano.jpg")
    assert tour.start_scene.source == EquirectSource((tour_dir / "pano.jpg").resolve(), size=(64, 32))
    assert tour.title.get("en") == "pano" and tour.warnings == ()


def test_bare_image_not_2_to_1_is_a_partial_panorama(tour_dir):
    Image.new("RGB", (80, 20)).save(tour_dir / "strip.png")
    tour = tour_from_image(tour_dir / "strip.png")
    source = tour.start_scene.source
    assert (source.haov, source.vaov) == (360, 90)
    assert "not 2:1" in tour.warnings[0].message
    tall = tour_from_image(tour_dir / "big.png").start_scene.source
    assert (tall.haov, tall.vaov) == (180, 180)


def test_bare_image_errors(tour_dir):
    (tour_dir / "text.jpg").write_text("not an image")
    with pytest.raises(TourError, match="not a readable image"):
        tour_from_image(tour_dir / "text.jpg")
    with pytest.raises(TourError, match="file not found"):
        tour_from_image(tour_dir / "absent.jpg")


def test_load_tour_or_image_decides_by_content(write_tour, tour_dir, minimal_tour):
    shutil.copy(tour_dir / "pano.jpg", tour_dir / "pano.data")  # an image without an image suffix
    assert load_tour_or_image(tour_dir / "pano.data").start_scene.id == "panorama"
    tour_text = write_tour(minimal_tour(), name="tour.txt")  # a tour without .json
    assert load_tour_or_image(tour_text).start_scene.id == "hall"
    with pytest.raises(TourError, match="is a folder"):
        load_tour_or_image(tour_dir)


def test_validate_accepts_images_and_reports_folders(tour_dir):
    assert validate_tour_file(tour_dir / "pano.jpg") == []
    (folder_diag,) = validate_tour_file(tour_dir)
    assert "is a folder" in folder_diag.message


# -- real panoramas from the shared fixtures --------------------------------------------------------


def test_tour_with_a_real_panorama(shared_fixtures, tmp_path):
    shutil.copy(shared_fixtures / "panoramas/pannellum/examplepano.jpg", tmp_path / "pond.jpg")
    partial = "panoramas/pannellum.org/charles-street.jpg"  # haov 149.87 vaov 54.15 per its docs
    shutil.copy(shared_fixtures / partial, tmp_path / "street.jpg")
    cube = shared_fixtures / "panoramas/cubemaps/pannellum-jordan-pond"
    shutil.copytree(cube, tmp_path / "cube")
    doc = {
        "version": 1,
        "scenes": {
            "pond": {"panorama": "pond.jpg", "hotspots": [{"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "street"}]},
            "street": {
                "panorama": "street.jpg", "haov": 149.87, "vaov": 54.15, "vOffset": 1.17,
                "hotspots": [{"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "cube"}],
            },
            "cube": {"type": "cube", "faces": [f"cube/examplepanocube{i}.jpg" for i in range(6)]},
        },
    }
    (tmp_path / "tour.json").write_text(json.dumps(doc))
    tour = load_tour(tmp_path / "tour.json")
    assert tour.warnings == ()
    assert tour.scene("pond").source.size == (4096, 2048)
    assert tour.scene("street").source.size == (4096, 1480)
    assert tour.scene("cube").source.face_size == Image.open(cube / "examplepanocube0.jpg").width


def test_a_pannellum_config_is_recognised_and_refused(shared_fixtures, tmp_path):
    # example-tour.json starts with a UTF-8 BOM, which must not be the complaint nor shift columns.
    shutil.copy(shared_fixtures / "tours/pannellum/example-tour.json", tmp_path / "tour.json")
    (diagnostic,) = validate_tour_file(tmp_path / "tour.json")
    assert "Pannellum" in diagnostic.message and (diagnostic.line, diagnostic.column) == (1, 1)

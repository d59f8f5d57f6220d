"""guidedTours, siteMap and scene thumbnails in tour files: checks with exact positions, building."""

from __future__ import annotations

from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.errors import Severity
from vtour.model.tour import View
from vtour.resources import demo_tour_path


def at(diagnostic):
    return diagnostic.line, diagnostic.column, diagnostic.json_path, diagnostic.severity


ERROR, WARNING = Severity.ERROR, Severity.WARNING


def test_unknown_scene_in_a_step_is_an_error_at_its_position(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "scenes": {"hall": {"panorama": "pano.jpg"}},
          "guidedTours": [{"id": "t", "steps": [{"scene": "hal"}]}]
        }
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (4, 51, "$.guidedTours[0].steps[0].scene", ERROR)
    assert diagnostic.message == 'no scene "hal" (did you mean "hall"?)'


def test_unknown_scene_on_the_site_map_points_at_its_key(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "scenes": {"hall": {"panorama": "pano.jpg"}},
          "siteMap": {"image": "pano.jpg", "scenes": {"hall": {"x": 1, "y": 2}, "yard": {"x": 3, "y": 4}}}
        }
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (4, 73, "$.siteMap.scenes.yard", ERROR)
    assert diagnostic.message == 'no scene "yard"'


def test_durations_must_be_positive(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "scenes": {"hall": {"panorama": "pano.jpg"}},
          "guidedTours": [{"id": "t", "steps": [{"scene": "hall", "duration": 0}]}]
        }
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic)[:3] == (4, 71, "$.guidedTours[0].steps[0].duration")


def test_files_must_exist_and_stay_inside_the_folder(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "scenes": {"hall": {"panorama": "pano.jpg", "thumbnail": "thumbs/hall.jpg"}},
          "siteMap": {"image": "../map.png"},
          "guidedTours": [{"id": "t", "steps": [{"scene": "hall", "narration": {"en": "a.ogg"}}]}]
        }
        """
    )
    found = {d.json_path: d for d in validate_tour_file(path)}
    assert at(found["$.scenes.hall.thumbnail"])[:2] == (3, 60)
    assert "file not found" in found["$.scenes.hall.thumbnail"].message
    assert "leaves the tour's folder" in found["$.siteMap.image"].message
    assert "file not found" in found["$.guidedTours[0].steps[0].narration.en"].message


def test_map_positions_outside_the_image_are_errors(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "scenes": {"hall": {"panorama": "pano.jpg"}},
          "siteMap": {"image": "pano.jpg", "scenes": {"hall": {"x": 65, "y": 2}}}
        }
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert diagnostic.json_path == "$.siteMap.scenes.hall.x"
    assert "outside the map image (0 to 64 pixels)" in diagnostic.message


def test_step_texts_take_part_in_the_translation_check(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "languages": ["en", "ug"],
          "scenes": {"hall": {"panorama": "pano.jpg", "title": {"en": "Hall", "ug": "زال"}}},
          "guidedTours": [{"id": "t", "steps": [{"scene": "hall", "text": {"en": "Look"}}]}]
        }
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert diagnostic.json_path == "$.guidedTours[0].steps[0].text" and diagnostic.severity is WARNING


def test_building_fills_views_from_the_scene_and_resolves_files(write_tour, tour_dir):
    (tour_dir / "voice-en.ogg").write_bytes(b"OggS")
    path = write_tour({
        "version": 1,
        "scenes": {"hall": {"panorama": "pano.jpg", "thumbnail": "pano.jpg", "initialView": {"yaw": 30, "hfov": 90}}},
        "siteMap": {"image": "pano.jpg", "northOffset": -90, "scenes": {"hall": {"x": 10, "y": 20}}},
        "guidedTours": [{"id": "t", "title": "Tour", "steps": [
            {"scene": "hall", "view": {"pitch": 10}, "duration": 2.5, "narration": "voice-en.ogg"},
        ]}],
    })
    tour = load_tour(path)
    (step,) = tour.guided_tour("t").steps
    assert step.view == View(yaw=30.0, pitch=10.0, hfov=90.0)
    assert (step.duration, step.transition) == (2.5, 2.0)
    assert step.narration.get("en") == str(tour_dir / "voice-en.ogg")
    assert tour.scenes[0].thumbnail == tour_dir / "pano.jpg"
    assert tour.site_map.size == (64, 32) and tour.site_map.positions["hall"] == (10.0, 20.0)
    assert tour.site_map.north_offset == 270.0


def test_the_demo_has_a_guided_tour_and_a_site_map():
    assert [str(d) for d in validate_tour_file(demo_tour_path())] == []
    tour = load_tour(demo_tour_path())
    guided = tour.guided_tour()
    assert guided.id == "highlights" and len(guided.steps) >= 4
    assert {step.scene for step in guided.steps} == {scene.id for scene in tour.scenes}
    assert set(tour.site_map.positions) == {scene.id for scene in tour.scenes}

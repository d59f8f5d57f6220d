"""Each check a tour goes through, with the exact line, column and JSON path it reports.

Documents are written as literal text so the expected positions can be read off the test.
"""

from __future__ import annotations

import pytest

from vtour.io.tourfile import validate_tour_file
from vtour.model.errors import Severity


def at(diagnostic):
    """(line, column, json path, severity) of a diagnostic, for compact assertions."""
    return diagnostic.line, diagnostic.column, diagnostic.json_path, diagnostic.severity


ERROR, WARNING = Severity.ERROR, Severity.WARNING


# -- reading and syntax ---------------------------------------------------------------------------


def test_invalid_json_reports_the_syntax_error_position(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "scenes": {"hall": {"panorama": "pano.jpg",}}
        }
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (3, 45, "$.scenes.hall", ERROR)
    assert diagnostic.message == "invalid JSON: trailing comma before '}'"


def test_invalid_utf8_reports_the_bad_byte(write_tour):
    path = write_tour(b'{\n  "title": "caf\xe9",\n  "version": 1}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (2, 16, "$", ERROR)
    assert "invalid UTF-8 (byte 0xE9)" in diagnostic.message


def test_utf16_is_refused_with_advice(write_tour):
    path = write_tour('{"version": 1}'.encode("utf-16"))
    (diagnostic,) = validate_tour_file(path)
    assert "UTF-16" in diagnostic.message and "UTF-8" in diagnostic.message


def test_nan_is_not_a_number(write_tour):
    path = write_tour('{"version": 1, "scenes": {"a": {"panorama": "pano.jpg", "northOffset": NaN}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic)[:3] == (1, 72, "$.scenes.a.northOffset")
    assert "NaN" in diagnostic.message


def test_missing_file(tmp_path):
    (diagnostic,) = validate_tour_file(tmp_path / "absent.json")
    assert at(diagnostic) == (1, 1, "$", ERROR) and diagnostic.message == "file not found"


# -- header ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("[1, 2]", "holds an array"),
        ('"tour"', "holds a single value"),
        ('{"scenes": {}}', '"version": 1 is missing'),
        ('{"version": 2, "scenes": {}}', "version 2 is newer than this vtour reads (1)"),
        ('{"version": true, "scenes": {}}', "unsupported tour format version True"),
        ('{"version": "1", "scenes": {}}', "unsupported tour format version '1'"),
    ],
)
def test_not_a_v1_tour(write_tour, text, message):
    (diagnostic,) = validate_tour_file(write_tour(text))
    assert message in diagnostic.message


def test_wrong_version_points_at_the_version(write_tour):
    path = write_tour('{\n  "scenes": {},\n  "version": 7\n}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (3, 14, "$.version", ERROR)


# -- duplicate keys -------------------------------------------------------------------------------


def test_duplicate_scene_id(write_tour):
    path = write_tour(
        """
        {"version": 1, "scenes": {
          "hall": {"panorama": "pano.jpg"},
          "hall": {"panorama": "pano.jpg"}
        }}
        """
    )
    diagnostics = validate_tour_file(path)
    assert [at(d) for d in diagnostics] == [(3, 3, "$.scenes.hall", ERROR)]
    assert diagnostics[0].message == 'duplicate scene id "hall" (first at line 2, column 3)'


def test_duplicate_key(write_tour):
    path = write_tour('{"version": 1, "version": 1, "scenes": {"a": {"panorama": "pano.jpg"}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 16, "$.version", ERROR)
    assert diagnostic.message.startswith('duplicate key "version"')


# -- schema ---------------------------------------------------------------------------------------


def test_wrong_type_points_at_the_value(write_tour):
    path = write_tour(
        """
        {
          "version": 1,
          "scenes": {
            "hall": {
              "panorama": "pano.jpg",
              "hotspots": [
                {"type": "info", "yaw": 0, "pitch": 0},
                {"type": "info", "yaw": 0, "pitch": 0},
                {"type": "info", "yaw": "east", "pitch": 0}
              ]
            }
          }
        }
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (9, 33, "$.scenes.hall.hotspots[2].yaw", ERROR)
    assert diagnostic.message == 'expected a number, got string "east"'


def test_missing_required_key_points_at_the_object(write_tour):
    path = write_tour('{"version": 1,\n "scenes": {"hall": {"title": "Hall"}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (2, 21, "$.scenes.hall", ERROR)
    assert diagnostic.message == 'missing required key "panorama"'


def test_unknown_key_is_a_warning_with_a_suggestion(write_tour):
    path = write_tour('{"version": 1,\n "scenes": {"hall": {"panorama": "pano.jpg", "intialView": {}}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (2, 46, "$.scenes.hall.intialView", WARNING)
    assert diagnostic.message == 'unknown key "intialView" is ignored (did you mean "initialView"?)'


def test_pannellum_key_gets_a_pointer_to_ours(write_tour, minimal_tour, only):
    diagnostics = validate_tour_file(write_tour(minimal_tour(minHfov=30)))
    assert 'did you mean "limits": {"minHfov": ...}?' in only(diagnostics, "$.scenes.hall.minHfov").message


def test_unknown_enum_value_suggests_the_closest(write_tour):
    path = write_tour('{"version": 1, "scenes": {"c": {"type": "cubemap", "faces": []}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 41, "$.scenes.c.type", ERROR)
    assert diagnostic.message.endswith('got string "cubemap" (did you mean "cube"?)')


@pytest.mark.parametrize("hfov, interval", [(0, "(0, 180)"), (180, "(0, 180)"), (-5, "(0, 180)")])
def test_hfov_must_be_inside_0_180(write_tour, minimal_tour, only, hfov, interval):
    diagnostics = validate_tour_file(write_tour(minimal_tour(initialView={"hfov": hfov})))
    assert only(diagnostics, "$.scenes.hall.initialView.hfov").message == f"{hfov} is outside {interval}"


def test_area_needs_three_vertices(write_tour, minimal_tour, only):
    doc = minimal_tour(hotspots=[{"type": "area", "vertices": [[0, 0], [10, 0]]}])
    diagnostics = validate_tour_file(write_tour(doc))
    assert only(diagnostics, "$.scenes.hall.hotspots[0].vertices").message == "expected at least 3 items, got 2"


def test_target_view_words(write_tour, minimal_tour, only):
    doc = minimal_tour(hotspots=[{"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "hall", "targetView": "sam"}])
    message = only(validate_tour_file(write_tour(doc)), "$.scenes.hall.hotspots[0].targetView").message
    assert message == 'expected "same", "sameAzimuth" or an object, got string "sam" (did you mean "same"?)'


def test_invalid_scene_id_points_at_the_key(write_tour):
    path = write_tour('{"version": 1, "scenes": {"main hall": {"panorama": "pano.jpg"}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 27, '$.scenes["main hall"]', ERROR)
    assert "not a valid id" in diagnostic.message


def test_localised_text_of_the_wrong_type(write_tour, minimal_tour, only):
    diagnostics = validate_tour_file(write_tour(minimal_tour(title=["Hall"])))
    assert only(diagnostics, "$.scenes.hall.title").message == "expected a string or an object, got an array"


# -- the scene graph ------------------------------------------------------------------------------


def test_dangling_first_scene(write_tour):
    path = write_tour('{"version": 1, "firstScene": "hal", "scenes": {"hall": {"panorama": "pano.jpg"}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 30, "$.firstScene", ERROR)
    assert diagnostic.message == 'no scene "hal" (did you mean "hall"?)'


def test_dangling_link_target(write_tour):
    path = write_tour(
        """
        {"version": 1, "scenes": {"hall": {"panorama": "pano.jpg", "hotspots": [
          {"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "court"}
        ]}}}
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (2, 58, "$.scenes.hall.hotspots[0].targetScene", ERROR)
    assert diagnostic.message == 'no scene "court"'


def test_unreachable_scene_is_a_warning_at_its_key(write_tour):
    path = write_tour(
        """
        {"version": 1, "scenes": {
          "hall": {"panorama": "pano.jpg"},
          "attic": {"panorama": "pano.jpg"}
        }}
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (3, 3, "$.scenes.attic", WARNING)
    assert diagnostic.message == 'scene "attic" cannot be reached from "hall"'


def test_link_to_own_scene_is_a_warning(write_tour, minimal_tour, only):
    doc = minimal_tour(hotspots=[{"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "hall"}])
    diagnostic = only(validate_tour_file(write_tour(doc)), "$.scenes.hall.hotspots[0].targetScene")
    assert diagnostic.severity is WARNING and diagnostic.message == "links to its own scene"


def test_duplicate_hotspot_id(write_tour):
    path = write_tour(
        """
        {"version": 1, "scenes": {"hall": {"panorama": "pano.jpg", "hotspots": [
          {"type": "info", "id": "door", "yaw": 0, "pitch": 0},
          {"type": "info", "id": "door", "yaw": 9, "pitch": 0}
        ]}}}
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (3, 26, "$.scenes.hall.hotspots[1].id", ERROR)
    assert diagnostic.message == 'hotspot id "door" is already used by hotspots[0]'


# -- views and extents ----------------------------------------------------------------------------


def test_limits_min_greater_than_max(write_tour):
    path = write_tour(
        """
        {"version": 1, "scenes": {"hall": {"panorama": "pano.jpg",
          "limits": {"minPitch": 30, "maxPitch": -30}}}}
        """
    )
    diagnostics = validate_tour_file(path)
    assert [at(d) for d in diagnostics] == [(2, 42, "$.scenes.hall.limits.maxPitch", ERROR)]
    assert diagnostics[0].message == "minPitch 30 is greater than maxPitch -30"


def test_limit_against_a_default_says_so(write_tour, minimal_tour, only):
    diagnostics = validate_tour_file(write_tour(minimal_tour(limits={"maxHfov": 20})))
    message = only(diagnostics, "$.scenes.hall.limits.maxHfov").message
    assert message == "minHfov 30 (the default) is greater than maxHfov 20"


def test_initial_view_outside_limits_is_a_warning(write_tour):
    path = write_tour(
        """
        {"version": 1, "scenes": {"hall": {"panorama": "pano.jpg",
          "initialView": {"yaw": 170, "pitch": 0},
          "limits": {"minYaw": -90, "maxYaw": 90}}}}
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (2, 26, "$.scenes.hall.initialView.yaw", WARNING)
    assert diagnostic.message == "initial yaw 170 is outside the limits [-90, 90]"


def test_default_initial_view_outside_limits_points_at_the_scene(write_tour, minimal_tour, only):
    diagnostics = validate_tour_file(write_tour(minimal_tour(limits={"maxHfov": 90})))
    assert only(diagnostics, "$.scenes.hall").message == "initial hfov 100 (the default) is outside the limits [30, 90]"


def test_yaw_limits_compare_wrapped_angles(write_tour, minimal_tour):
    doc = minimal_tour(initialView={"yaw": 350}, limits={"minYaw": -20, "maxYaw": 20})
    assert validate_tour_file(write_tour(doc)) == []


def test_partial_panorama_past_the_pole(write_tour, minimal_tour, only):
    doc = minimal_tour(panorama="partial.png", haov=120, vaov=60, vOffset=70)
    message = only(validate_tour_file(write_tour(doc)), "$.scenes.hall.vOffset").message
    assert message == "vaov 60 centred on vOffset 70 reaches pitch 100, past the pole"


# -- images ---------------------------------------------------------------------------------------


def test_missing_image(write_tour):
    path = write_tour('{"version": 1, "scenes": {"hall": {"panorama": "images/hall.jpg"}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 48, "$.scenes.hall.panorama", ERROR)
    assert diagnostic.message == '"images/hall.jpg": file not found'


def test_not_an_image(write_tour, tour_dir, minimal_tour, only):
    (tour_dir / "notes.jpg").write_text("hello")
    diagnostics = validate_tour_file(write_tour(minimal_tour(panorama="notes.jpg")))
    assert "not a readable image" in only(diagnostics, "$.scenes.hall.panorama").message


def test_folder_instead_of_image(write_tour, minimal_tour, only):
    diagnostics = validate_tour_file(write_tour(minimal_tour(panorama="faces")))
    assert only(diagnostics, "$.scenes.hall.panorama").message == '"faces" is a folder, not an image'


def test_full_panorama_must_be_2_to_1(write_tour):
    path = write_tour('{"version": 1, "scenes": {"hall": {"panorama": "wide.jpg"}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 48, "$.scenes.hall.panorama", ERROR)
    assert "must be 2:1, but this image is 60x32" in diagnostic.message


def test_partial_panorama_aspect_mismatch_is_a_warning(write_tour):
    path = write_tour('{"version": 1, "scenes": {"hall": {"panorama": "partial.png", "haov": 150, "vaov": 60}}}')
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 71, "$.scenes.hall.haov", WARNING)
    assert "(width/height 2.000) but haov/vaov is 150/60 = 2.500" in diagnostic.message


def test_partial_panorama_with_matching_aspect_is_fine(write_tour, minimal_tour):
    doc = minimal_tour(panorama="partial.png", haov=120, vaov=60)
    assert validate_tour_file(write_tour(doc)) == []


FACES = '["faces/front.png", "faces/right.png", "faces/back.png", "faces/left.png", "faces/up.png", "%s"]'


def test_cube_face_not_square(write_tour):
    path = write_tour('{"version": 1, "scenes": {"c": {"type": "cube", "faces": %s}}}' % (FACES % "rect.png"))
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 149, "$.scenes.c.faces[5]", ERROR)
    assert diagnostic.message == "cube face is 16x8, not square"


def test_cube_faces_of_different_sizes(write_tour):
    path = write_tour('{"version": 1, "scenes": {"c": {"type": "cube", "faces": %s}}}' % (FACES % "big.png"))
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 149, "$.scenes.c.faces[5]", ERROR)
    assert diagnostic.message == "cube face is 32x32, but faces[0] is 16x16; all faces must be one size"


def test_cube_needs_six_faces(write_tour, only):
    path = write_tour({"version": 1, "scenes": {"c": {"type": "cube", "faces": ["faces/front.png"] * 5}}})
    assert only(validate_tour_file(path), "$.scenes.c.faces").message == "expected at least 6 items, got 5"


# -- languages ------------------------------------------------------------------------------------


def test_missing_translation_is_a_warning_per_language(write_tour):
    path = write_tour(
        """
        {"version": 1, "languages": ["en", "zh-Hans", "ug"],
         "title": {"en": "Hall"},
         "scenes": {"hall": {"panorama": "pano.jpg"}}}
        """
    )
    diagnostics = validate_tour_file(path)
    assert [at(d) for d in diagnostics] == [(2, 11, "$.title", WARNING)] * 2
    assert [d.message for d in diagnostics] == ['no "ug" translation', 'no "zh-Hans" translation']


def test_plain_string_counts_as_the_default_language(write_tour, only):
    doc = {"version": 1, "languages": ["en", "ug"], "title": "Hall", "scenes": {"h": {"panorama": "pano.jpg"}}}
    message = only(validate_tour_file(write_tour(doc)), "$.title").message
    assert message == 'no "ug" translation (a plain string counts as "en")'


def test_undeclared_language_is_a_warning_at_its_key(write_tour):
    path = write_tour(
        '{"version": 1, "languages": ["en"], "title": {"en": "Hall", "fr": "Salle"}, '
        '"scenes": {"h": {"panorama": "pano.jpg"}}}'
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 61, "$.title.fr", WARNING)
    assert diagnostic.message == 'language "fr" is not in "languages" (en)'


def test_default_language_must_be_declared(write_tour):
    path = write_tour(
        '{"version": 1, "languages": ["en", "ug"], "defaultLanguage": "zh", "scenes": {"h": {"panorama": "pano.jpg"}}}'
    )
    (diagnostic,) = validate_tour_file(path)
    assert at(diagnostic) == (1, 62, "$.defaultLanguage", ERROR)
    assert diagnostic.message == '"zh" is not one of "languages" (en, ug)'


# -- order ----------------------------------------------------------------------------------------


def test_diagnostics_come_sorted_by_position(write_tour):
    path = write_tour(
        """
        {"version": 1, "firstScene": "nowhere", "scenes": {
          "b": {"panorama": "missing.jpg", "haov": "wide"},
          "a": {"panorama": "wide.jpg", "hotSpots": []}
        }}
        """
    )
    positions = [(d.line, d.column) for d in validate_tour_file(path)]
    assert positions == sorted(positions) and len(positions) >= 4


def test_id_with_a_trailing_newline_is_refused(write_tour, only):
    path = write_tour({"version": 1, "scenes": {"hall\n": {"panorama": "pano.jpg"}}})
    diagnostic = only(validate_tour_file(path), '$.scenes["hall\\n"]')
    assert diagnostic.message.startswith('"hall\\n" is not a valid id')


def test_control_characters_in_keys_stay_on_one_line(write_tour, minimal_tour):
    doc = minimal_tour(**{"odd\nkey\x1b[31m": 1, "k" * 3000: 2})
    diagnostics = validate_tour_file(write_tour(doc))
    assert len(diagnostics) == 2
    for diagnostic in diagnostics:
        assert "\n" not in str(diagnostic) and "\x1b" not in str(diagnostic) and len(str(diagnostic)) < 600

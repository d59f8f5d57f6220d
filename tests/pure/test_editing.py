"""The curator's edit model: exact undo/redo, stable diff-friendly output, references kept whole.

Every edit is checked on copies of the bundled tours (the drawn demo: panorama and cube scenes,
an area, guided tour, site map; Kizil: a model scene with 3D hotspots and posed panoramas), and the
edited file must still validate with its assets on disk.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vtour.io.tourfile import validate_tour_file
from vtour.model.editing import (
    Compound,
    Edit,
    InsertItem,
    MoveItem,
    RemoveItem,
    RemoveKey,
    RenameScene,
    ReorderScenes,
    SetValue,
    TourDocument,
    add_hotspot,
    add_scene,
    delete_hotspot,
    delete_scene,
    duplicate_hotspot,
    insert_vertex,
    missing_translations,
    move_hotspot,
    move_hotspot_3d,
    remove_vertex,
    set_initial_view,
    set_north_offset,
    set_site_map_position,
    set_text,
    set_vertex,
)
from vtour.model.errors import Severity
from vtour.model.schema_validation import schema_issues
from vtour.model.semantics import semantic_issues, text_locations
from vtour.resources import demo_tour_path, site_tour_path

TOURS = {"demo": demo_tour_path(), "kizil": site_tour_path("kizil")}


def canonical_text(path: Path) -> str:
    """The tour re-dumped once in the editor's format (the demo writes short arrays on one line)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


TEXTS = {name: canonical_text(path) for name, path in TOURS.items()}


def load(name: str) -> TourDocument:
    return TourDocument.from_text(TEXTS[name], TOURS[name])


@pytest.fixture(scope="session")
def tour_copies(tmp_path_factory) -> dict[str, Path]:
    """One copy of each bundled tour's folder, so edited files validate with their assets."""
    root = tmp_path_factory.mktemp("tours")
    return {name: Path(shutil.copytree(path.parent, root / name)) for name, path in TOURS.items()}


def errors_on_disk(doc: TourDocument, folder: Path, name: str) -> list[str]:
    path = folder / f"{name}.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    return [str(d) for d in validate_tour_file(path) if d.severity is Severity.ERROR]


def errors_in_memory(doc: TourDocument) -> list[str]:
    issues = schema_issues(doc.data) + semantic_issues(doc.data)
    return [f"{issue.path}: {issue.message}" for issue in issues if issue.is_error]


def assert_exact_undo(doc: TourDocument, edit: Edit) -> str:
    """Apply, revert, re-apply and revert again; every state is exact. Returns the edited text."""
    before_text, before_data = doc.to_json(), copy.deepcopy(doc.data)
    edit.apply(doc)
    after_text, after_data = doc.to_json(), copy.deepcopy(doc.data)
    assert after_text != before_text, "the edit changed nothing"
    edit.revert(doc)
    assert doc.data == before_data and doc.to_json() == before_text
    edit.apply(doc)
    assert doc.data == after_data and doc.to_json() == after_text
    edit.revert(doc)
    assert doc.to_json() == before_text
    edit.apply(doc)
    return after_text


# -- the document -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TOURS))
def test_reading_and_writing_back_is_exact(name):
    doc = load(name)
    assert doc.to_json() == TEXTS[name]
    assert doc.folder == TOURS[name].parent and doc.path == TOURS[name]
    assert "示例" in doc.to_json() or "克孜尔" in doc.to_json()  # UTF-8 text is written as is


def test_the_kizil_tour_is_already_in_the_editor_format():
    assert TourDocument.from_file(TOURS["kizil"]).to_json() == TOURS["kizil"].read_text(encoding="utf-8")


def test_a_byte_order_mark_is_accepted_and_nan_refused(tmp_path):
    assert TourDocument.from_text("\ufeff" + TEXTS["demo"], tmp_path / "t.json").to_json() == TEXTS["demo"]
    with pytest.raises(ValueError):
        TourDocument.from_text('{"version": 1, "scenes": {}, "x": NaN}', tmp_path / "t.json")
    with pytest.raises(ValueError):
        TourDocument.from_text("[1]", tmp_path / "t.json")


def test_read_helpers():
    doc = load("demo")
    assert doc.scene_ids() == ["terrace", "courtyard"]
    assert doc.hotspot_ids("terrace") == ["to-courtyard", "about", "stele"]
    assert doc.get(("scenes", "terrace", "hotspots", 1, "yaw")) == 150
    assert doc.get(("scenes", "nowhere"), None) is None
    with pytest.raises(KeyError, match=r"\$\.scenes\.terrace\.hotspots\[9\]"):
        doc.get(("scenes", "terrace", "hotspots", 9))


def test_unique_ids_are_numbered():
    doc = load("demo")
    assert doc.unique_hotspot_id("terrace", "niche") == "niche"
    assert doc.unique_hotspot_id("terrace", "about") == "about-2"
    assert doc.unique_hotspot_id("terrace", "Main hall!") == "Main-hall"
    assert doc.unique_hotspot_id("terrace", "!!") == "hotspot"
    assert doc.unique_scene_id("terrace") == "terrace-2"
    duplicate_hotspot(doc, "terrace", 1).apply(doc)
    assert doc.hotspot_ids("terrace") == ["to-courtyard", "about", "about-2", "stele"]
    duplicate_hotspot(doc, "terrace", 2).apply(doc)  # a copy of "about-2" is "about-3", not "about-2-2"
    assert doc.hotspot_ids("terrace") == ["to-courtyard", "about", "about-2", "about-3", "stele"]


# -- every edit kind: exact undo and a valid file ----------------------------------------------------

Builder = Callable[[TourDocument], Edit]

AREA = ("scenes", "terrace", "hotspots", 2)

CASES: dict[str, tuple[str, Builder]] = {
    "set-existing-key": ("demo", lambda d: SetValue(("scenes", "terrace", "northOffset"), 12.5)),
    "set-new-key": ("demo", lambda d: SetValue(("scenes", "terrace", "horizonPitch"), 1.5)),
    "set-list-item": ("demo", lambda d: SetValue((*AREA, "vertices", 0), [-127.0, -12.0])),
    "remove-key": ("demo", lambda d: RemoveKey(("scenes", "courtyard", "limits"))),
    "insert-item": ("demo", lambda d: InsertItem((*AREA, "vertices"), 2, [-110.0, 0.0])),
    "remove-item": ("demo", lambda d: RemoveItem(("guidedTours", 0, "steps"), 1)),
    "move-item": ("demo", lambda d: MoveItem(("scenes", "terrace", "hotspots"), 0, 2)),
    "compound": ("demo", lambda d: Compound("Two things", (SetValue(("firstScene",), "courtyard"),
                                                          RemoveKey(("siteMap", "northOffset"))))),
    "rename-scene": ("demo", lambda d: RenameScene("terrace", "porch")),
    "rename-model-scene": ("kizil", lambda d: RenameScene("site", "cave-model")),
    "reorder-scenes": ("demo", lambda d: ReorderScenes(["courtyard", "terrace"])),
    "add-hotspot": ("demo", lambda d: add_hotspot(d, "courtyard", {"type": "info", "yaw": 10.123, "pitch": 3,
                                                                   "title": "New"})),
    "add-first-hotspot": ("kizil", lambda d: add_hotspot(d, "site", {"type": "info", "position": [0, 1, 0],
                                                                     "normal": [0, 1, 0]}, index=0)),
    "delete-hotspot": ("demo", lambda d: delete_hotspot(d, "terrace", 1)),
    "duplicate-hotspot": ("demo", lambda d: duplicate_hotspot(d, "terrace", 0)),
    "duplicate-area": ("demo", lambda d: duplicate_hotspot(d, "terrace", 2)),
    "duplicate-3d-hotspot": ("kizil", lambda d: duplicate_hotspot(d, "site", 0)),
    "move-hotspot": ("demo", lambda d: move_hotspot(d, "courtyard", 1, 20.5, -10)),
    "move-hotspot-3d": ("kizil", lambda d: move_hotspot_3d(d, "site", 0, [0.1, 1.5, -1.0], [0, 0, 2])),
    "set-vertex": ("demo", lambda d: set_vertex(d, "terrace", 2, 1, -113.0, -13.0)),
    "insert-vertex": ("demo", lambda d: insert_vertex(d, "terrace", 2, 4, -120.0, 20.0)),
    "remove-vertex": ("demo", lambda d: remove_vertex(d, "terrace", 2, 3)),
    "set-text-in-object": ("demo", lambda d: set_text(d, ("scenes", "terrace", "title"), "en", "Terrace")),
    "set-text-new-language": ("kizil", lambda d: set_text(d, ("title",), "fr", "Grottes de Kizil")),
    "set-text-missing": ("demo", lambda d: set_text(d, ("scenes", "terrace", "hotspots", 0, "text"), "en", "Go")),
    "set-initial-view": ("demo", lambda d: set_initial_view(d, "courtyard", 30, -5, 90)),
    "set-north-offset": ("kizil", lambda d: set_north_offset(d, "entrance", 2)),
    "set-site-map-position": ("demo", lambda d: set_site_map_position(d, "courtyard", 300, 100.25)),
    "add-scene": ("demo", lambda d: add_scene(d, "gate", {"panorama": "terrace.jpg", "type": "equirectangular",
                                                          "title": {"en": "Gate"}})),
    "delete-scene": ("demo", lambda d: delete_scene(d, "courtyard")),
    "delete-first-scene": ("demo", lambda d: delete_scene(d, "terrace")),
    "delete-model-scene": ("kizil", lambda d: delete_scene(d, "site")),
    "delete-panorama-scene": ("kizil", lambda d: delete_scene(d, "main-chamber")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_edit_undoes_and_redoes_exactly_and_stays_valid(case, tour_copies):
    name, build = CASES[case]
    doc = load(name)
    assert_exact_undo(doc, build(doc))
    assert errors_on_disk(doc, tour_copies[name], case) == []


def test_edits_are_immutable_and_own_their_values():
    value = {"yaw": 1.0}
    edit = SetValue(("scenes", "terrace", "initialView"), value)
    value["yaw"] = 99.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        edit.value = {}  # type: ignore[misc]
    doc = load("demo")
    edit.apply(doc)
    assert doc.get(("scenes", "terrace", "initialView")) == {"yaw": 1.0}
    doc.get(("scenes", "terrace", "initialView"))["yaw"] = 5.0  # a later change to the inserted object...
    edit.revert(doc)
    edit.apply(doc)
    assert doc.get(("scenes", "terrace", "initialView")) == {"yaw": 1.0}  # ...never leaks into a redo


def test_revert_before_apply_is_refused():
    with pytest.raises(RuntimeError):
        SetValue(("firstScene",), "courtyard").revert(load("demo"))


def test_a_failing_compound_leaves_the_document_unchanged():
    doc = load("demo")
    edit = Compound("Broken", (SetValue(("firstScene",), "courtyard"), RemoveKey(("scenes", "nowhere"))))
    with pytest.raises(KeyError):
        edit.apply(doc)
    assert doc.to_json() == TEXTS["demo"]


# -- canonical key positions --------------------------------------------------------------------------


def keys(doc: TourDocument, *path) -> list[str]:
    return list(doc.get(path))


def test_added_keys_go_to_their_canonical_place():
    doc = load("demo")
    SetValue(("scenes", "terrace", "horizonPitch"), 1.0).apply(doc)
    SetValue(("scenes", "terrace", "limits"), {"maxHfov": 110}).apply(doc)
    SetValue(("scenes", "terrace", "hotspots", 1, "id"), "about").apply(doc)  # existing: stays
    RemoveKey(("scenes", "terrace", "hotspots", 1, "id")).apply(doc)
    SetValue(("scenes", "terrace", "hotspots", 1, "id"), "about").apply(doc)
    SetValue(("scenes", "terrace", "hotspots", 0, "transition"), {"duration": 0}).apply(doc)
    assert keys(doc, "scenes", "terrace") == ["type", "title", "panorama", "northOffset", "horizonPitch",
                                              "initialView", "limits", "hotspots"]
    assert keys(doc, "scenes", "terrace", "hotspots", 1)[0] == "id"
    assert keys(doc, "scenes", "terrace", "hotspots", 0)[-2:] == ["targetView", "transition"]


def test_texts_follow_the_language_order_and_map_dots_the_scene_order():
    doc = load("demo")
    RemoveKey(("scenes", "terrace", "title", "zh-Hans")).apply(doc)
    set_text(doc, ("scenes", "terrace", "title"), "zh-Hans", "平台").apply(doc)
    assert keys(doc, "scenes", "terrace", "title") == ["en", "zh-Hans", "ug"]
    RemoveKey(("siteMap", "scenes", "terrace")).apply(doc)
    set_site_map_position(doc, "terrace", 10, 20).apply(doc)
    assert keys(doc, "siteMap", "scenes") == ["terrace", "courtyard"]


def test_new_objects_are_written_in_canonical_order():
    doc = load("demo")
    add_hotspot(doc, "terrace", {"title": "T", "pitch": 1, "targetScene": "courtyard", "yaw": 2, "type": "scene"}
                ).apply(doc)
    assert keys(doc, "scenes", "terrace", "hotspots", 3) == ["id", "type", "yaw", "pitch", "title", "targetScene"]
    add_scene(doc, "gate", {"hotspots": [], "panorama": "terrace.jpg", "title": "Gate"}).apply(doc)
    assert keys(doc, "scenes", "gate") == ["title", "panorama", "hotspots"]
    assert doc.scene_ids()[-1] == "gate"


# -- constructors in detail -----------------------------------------------------------------------------


def test_add_hotspot_gives_a_unique_id_when_missing_or_taken():
    doc = load("demo")
    add_hotspot(doc, "terrace", {"id": "about", "type": "info", "yaw": 0, "pitch": 0}).apply(doc)
    add_hotspot(doc, "terrace", {"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "courtyard"}).apply(doc)
    add_hotspot(doc, "terrace", {"type": "info", "yaw": 0, "pitch": 0}, index=0).apply(doc)
    assert doc.hotspot_ids("terrace") == ["info", "to-courtyard", "about", "stele", "about-2", "to-courtyard-2"]


def test_duplicates_move_right_in_panoramas_and_stay_put_on_models():
    doc = load("demo")
    edit = duplicate_hotspot(doc, "courtyard", 0)
    assert edit.text == "Duplicate hotspot \u201cto-terrace\u201d"
    edit.apply(doc)
    assert doc.get(("scenes", "courtyard", "hotspots", 1, "yaw")) == -160.0
    duplicate_hotspot(doc, "terrace", 2).apply(doc)
    assert doc.get(("scenes", "terrace", "hotspots", 3, "vertices"))[0] == [-121.0, -12.0]
    assert doc.get(("scenes", "terrace", "hotspots", 3, "id")) == "stele-2"
    kizil = load("kizil")
    duplicate_hotspot(kizil, "site", 0).apply(kizil)
    first, copy_ = kizil.hotspots("site")[:2]
    assert copy_["id"] == "niche-2" and copy_["position"] == first["position"]


def test_numbers_are_rounded_wrapped_and_clamped():
    doc = load("demo")
    move_hotspot(doc, "terrace", 1, 370.123456, 95).apply(doc)
    assert doc.get(("scenes", "terrace", "hotspots", 1, "yaw")) == 10.12
    assert doc.get(("scenes", "terrace", "hotspots", 1, "pitch")) == 90.0
    move_hotspot(doc, "terrace", 1, -0.001, -12.3456).apply(doc)
    assert '"yaw": 0.0,' in doc.to_json()  # never -0.0
    set_north_offset(doc, "terrace", -45).apply(doc)
    assert doc.get(("scenes", "terrace", "northOffset")) == 315.0
    kizil = load("kizil")
    move_hotspot_3d(kizil, "site", 0, [0.123456789, 1.5, -1], [0, 3, 4]).apply(kizil)
    assert kizil.get(("scenes", "site", "hotspots", 0, "position")) == [0.1235, 1.5, -1.0]
    assert kizil.get(("scenes", "site", "hotspots", 0, "normal")) == [0.0, 0.6, 0.8]


def test_edit_texts_name_what_changes():
    doc = load("kizil")
    assert move_hotspot_3d(doc, "site", 0, [0, 1, 0], [0, 0, 1]).text == "Move hotspot \u201cniche\u201d"
    assert move_hotspot(doc, "entrance", 3, 0, 0).text == "Move hotspot \u201cto-main-chamber\u201d"
    assert set_text(doc, ("scenes", "site", "hotspots", 0, "title"), "ug", "x").text == (
        "Edit title of hotspot \u201cniche\u201d (ug)")
    assert RenameScene("a", "b").text == "Rename scene \u201ca\u201d to \u201cb\u201d"


def test_refusals():
    demo, kizil = load("demo"), load("kizil")
    remove_vertex(demo, "terrace", 2, 0).apply(demo)  # 4 corners -> 3
    with pytest.raises(ValueError, match="at least 3"):
        remove_vertex(demo, "terrace", 2, 0)
    with pytest.raises(ValueError, match="corners"):
        move_hotspot(demo, "terrace", 2, 0, 0)
    with pytest.raises(ValueError, match="move_hotspot_3d"):
        move_hotspot(kizil, "site", 0, 0, 0)
    with pytest.raises(ValueError, match="panorama"):
        move_hotspot_3d(demo, "terrace", 0, [0, 0, 0], [0, 0, 1])
    with pytest.raises(ValueError, match="normal"):
        move_hotspot_3d(kizil, "site", 0, [0, 0, 0], [0, 0, 0])
    with pytest.raises(ValueError, match="camera"):
        set_initial_view(kizil, "site", 0, 0, 90)
    with pytest.raises(ValueError, match="hfov"):
        set_initial_view(demo, "terrace", 0, 0, 180)
    with pytest.raises(ValueError, match="already has"):
        add_scene(demo, "courtyard", {"panorama": "terrace.jpg"})
    with pytest.raises(ValueError, match="language tag"):
        set_text(demo, ("title",), "english!", "x")
    with pytest.raises(ValueError, match="every scene"):
        ReorderScenes(["terrace"]).apply(demo)
    with pytest.raises(IndexError):
        set_vertex(demo, "terrace", 2, 3, 0, 0)
    del demo.data["siteMap"]
    with pytest.raises(ValueError, match="no site map"):
        set_site_map_position(demo, "terrace", 1, 2)
    assert kizil.to_json() == TEXTS["kizil"]


def test_set_text_on_strings_and_objects():
    doc = load("demo")
    SetValue(("scenes", "terrace", "hotspots", 1, "title"), "About").apply(doc)
    set_text(doc, ("scenes", "terrace", "hotspots", 1, "title"), "en", "About it").apply(doc)
    assert doc.get(("scenes", "terrace", "hotspots", 1, "title")) == "About it"  # default language: stays a string
    set_text(doc, ("scenes", "terrace", "hotspots", 1, "title"), "ug", "ھەققىدە").apply(doc)
    assert doc.get(("scenes", "terrace", "hotspots", 1, "title")) == {"en": "About it", "ug": "ھەققىدە"}
    SetValue(("scenes", "courtyard", "title"), {"zh-Hans": "庭院"}).apply(doc)
    set_text(doc, ("scenes", "courtyard", "title"), "zh-Hans", "院子").apply(doc)
    assert doc.get(("scenes", "courtyard", "title")) == {"zh-Hans": "院子"}  # the only language: still an object
    set_text(doc, ("scenes", "courtyard", "hotspots", 0, "text"), "ug", "x").apply(doc)
    assert doc.get(("scenes", "courtyard", "hotspots", 0, "text")) == {"ug": "x"}


def test_missing_translations_lists_path_and_language():
    doc = load("demo")
    assert missing_translations(doc) == []
    set_text(doc, ("scenes", "terrace", "hotspots", 0, "text"), "en", "Go").apply(doc)
    SetValue(("guidedTours", 0, "steps", 2, "text"), "The gate.").apply(doc)
    SetValue(("scenes", "courtyard", "title", "ug"), " ").apply(doc)
    step = ("guidedTours", 0, "steps", 2, "text")
    assert missing_translations(doc) == [
        (("scenes", "terrace", "hotspots", 0, "text"), "zh-Hans"),
        (("scenes", "terrace", "hotspots", 0, "text"), "ug"),
        (("scenes", "courtyard", "title"), "ug"),
        (step, "zh-Hans"),
        (step, "ug"),
    ]
    assert {path for path, _ in missing_translations(doc)} <= {path for path, _ in text_locations(doc.data)}
    del doc.data["languages"]
    assert missing_translations(doc.data) == []


# -- scene renames and deletions -------------------------------------------------------------------------


def test_rename_updates_every_reference_and_keeps_positions():
    doc = load("demo")
    assert_exact_undo(doc, RenameScene("terrace", "porch"))
    assert doc.scene_ids() == ["porch", "courtyard"]
    assert doc.data["firstScene"] == "porch"
    assert doc.get(("scenes", "courtyard", "hotspots", 0, "targetScene")) == "porch"
    assert [step["scene"] for step in doc.data["guidedTours"][0]["steps"]] == ["porch"] * 3 + ["courtyard"] * 2
    assert list(doc.data["siteMap"]["scenes"]) == ["porch", "courtyard"]
    assert TEXTS["demo"].count('"terrace"') == doc.to_json().count('"porch"')


def test_rename_refuses_a_name_the_site_map_already_holds():
    doc = load("demo")
    SetValue(("siteMap", "scenes", "porch"), {"x": 1, "y": 2}).apply(doc)  # a dangling entry
    before = doc.to_json()
    with pytest.raises(ValueError, match="site map"):
        RenameScene("terrace", "porch").apply(doc)
    assert doc.to_json() == before


def test_rename_of_a_model_scene_updates_the_poses():
    doc = load("kizil")
    RenameScene("site", "cave").apply(doc)
    assert [doc.scene(sid)["pose"]["model"] for sid in ("entrance", "main-chamber", "rear-corridor")] == ["cave"] * 3
    assert doc.scene_ids()[0] == "cave"


def test_rename_rewrites_rich_text_links_and_leaves_other_names_alone():
    doc = load("demo")
    text = '<p>See <a href="#scene:courtyard">the yard</a>, not <a href="#scene:courtyard-2">that</a>.</p>'
    SetValue(("scenes", "terrace", "hotspots", 1, "text", "en"), text).apply(doc)
    SetValue(("scenes", "terrace", "hotspots", 0, "targetScene"), "yard").apply(doc)  # already dangling at "yard"
    before = doc.to_json()
    edit = RenameScene("courtyard", "yard")
    edit.apply(doc)
    assert doc.get(("scenes", "terrace", "hotspots", 1, "text", "en")) == text.replace(
        "#scene:courtyard\"", "#scene:yard\"")
    edit.revert(doc)
    assert doc.to_json() == before  # the link that named "yard" before still does


@pytest.mark.parametrize("new_id, message", [("courtyard", "already has"), ("", "empty"), ("a b", "valid id")])
def test_rename_refuses_taken_empty_and_invalid_ids(new_id, message):
    doc = load("demo")
    with pytest.raises(ValueError, match=message):
        RenameScene("terrace", new_id).apply(doc)
    with pytest.raises(ValueError, match="no scene"):
        RenameScene("nowhere", "x").apply(doc)
    assert doc.to_json() == TEXTS["demo"]


def test_delete_scene_says_what_it_removes_and_undo_brings_it_back():
    doc = load("demo")
    edit = delete_scene(doc, "courtyard")
    assert edit.text == "Delete scene \u201ccourtyard\u201d"
    assert list(edit.removed) == [
        "its dot on the site map",
        "link \u201cto-courtyard\u201d in scene \u201cterrace\u201d",
        "step 5 of guided tour \u201chighlights\u201d",
        "step 4 of guided tour \u201chighlights\u201d",
    ]
    assert_exact_undo(doc, edit)
    assert doc.scene_ids() == ["terrace"] and doc.hotspot_ids("terrace") == ["about", "stele"]
    assert [step["scene"] for step in doc.data["guidedTours"][0]["steps"]] == ["terrace"] * 3
    assert list(doc.data["siteMap"]["scenes"]) == ["terrace"]
    edit.revert(doc)
    assert doc.to_json() == TEXTS["demo"]


def test_deleting_the_first_scene_moves_the_start_and_empties_guided_tours_go():
    doc = load("demo")
    for index in (4, 3):
        RemoveItem(("guidedTours", 0, "steps"), index).apply(doc)  # now every step is on the terrace
    edit = delete_scene(doc, "terrace")
    assert "guided tour \u201chighlights\u201d (all its steps are in it)" in edit.removed
    assert any("start scene" in what for what in edit.removed)
    assert_exact_undo(doc, edit)
    assert doc.data["firstScene"] == "courtyard" and doc.data["guidedTours"] == []
    assert doc.hotspot_ids("courtyard") == ["cube-note"]


def test_deleting_a_model_scene_removes_the_poses_placed_in_it():
    doc = load("kizil")
    edit = delete_scene(doc, "site")
    poses = [what for what in edit.removed if "placement" in what]
    assert len(poses) == 3
    assert_exact_undo(doc, edit)
    assert all("pose" not in doc.scene(sid) for sid in doc.scene_ids())


def test_deleting_a_scene_unlinks_rich_text_links_to_it():
    doc = load("demo")
    text = '<p>Go to <a href="#scene:courtyard">the courtyard</a>.</p>'
    SetValue(("scenes", "terrace", "hotspots", 1, "text", "en"), text).apply(doc)
    edit = delete_scene(doc, "courtyard")
    assert "the link to it in the text of hotspot \u201cabout\u201d in scene \u201cterrace\u201d" in edit.removed
    edit.apply(doc)
    assert doc.get(("scenes", "terrace", "hotspots", 0, "text", "en")) == "<p>Go to the courtyard.</p>"
    assert errors_in_memory(doc) == []


def test_the_last_scene_cannot_be_deleted():
    doc = load("demo")
    delete_scene(doc, "courtyard").apply(doc)
    with pytest.raises(ValueError, match="at least one scene"):
        delete_scene(doc, "terrace")


# -- diffs -------------------------------------------------------------------------------------------------


def line_span(text: str, value: dict, indent: int) -> range:
    """The lines ``value`` occupies in ``text`` (dumped at ``indent`` spaces)."""
    block = "\n".join(" " * indent + line for line in json.dumps(value, ensure_ascii=False, indent=2).splitlines())
    start = text.index(block)
    first = text[:start].count("\n")
    return range(first, first + block.count("\n") + 1)


def changed_lines(before: str, after: str) -> tuple[list[int], list[str]]:
    """Line numbers (in ``before``) replaced or deleted, and the new lines."""
    old, new = before.splitlines(), after.splitlines()
    numbers, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            numbers.extend(range(i1, max(i2, i1 + 1)))
            added.extend(new[j1:j2])
    return numbers, added


def test_moving_a_hotspot_changes_only_its_lines():
    doc = load("demo")
    span = line_span(TEXTS["demo"], doc.hotspot("terrace", 1), 8)
    move_hotspot(doc, "terrace", 1, 151.5, 37).apply(doc)
    numbers, added = changed_lines(TEXTS["demo"], doc.to_json())
    assert numbers and all(n in span for n in numbers)
    assert [line.strip() for line in added] == ['"yaw": 151.5,', '"pitch": 37.0,']


def test_moving_a_3d_hotspot_changes_only_its_lines():
    doc = load("kizil")
    span = line_span(TEXTS["kizil"], doc.hotspot("site", 1), 8)
    move_hotspot_3d(doc, "site", 1, [-1.4, 4.05, 2.5], [0.5, -0.8, 0.0]).apply(doc)
    numbers, _ = changed_lines(TEXTS["kizil"], doc.to_json())
    assert numbers and all(n in span for n in numbers)


def test_adding_a_key_adds_one_line():
    doc = load("demo")
    SetValue(("scenes", "terrace", "horizonRoll"), 0.5).apply(doc)
    diff = [line for line in difflib.unified_diff(TEXTS["demo"].splitlines(), doc.to_json().splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ['+      "horizonRoll": 0.5,']


# -- random edit sequences ---------------------------------------------------------------------------------

OPERATIONS = ("add", "delete", "duplicate", "move", "vertex", "insert-vertex", "remove-vertex", "text", "view",
              "north", "map", "add-scene", "delete-scene", "rename", "reorder", "move-item")
STEP = st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 999), st.integers(0, 999),
                 st.floats(-170, 170, allow_nan=False), st.floats(-100, 100, allow_nan=False))


def new_hotspot(doc: TourDocument, scene_id: str, a: int, yaw: float, pitch: float) -> dict:
    if doc.scene(scene_id).get("type") == "model":
        return {"type": "info", "position": [yaw / 100, pitch / 100, 1.0], "normal": [0, 1, 0], "title": "3D"}
    kinds = [{"type": "info", "yaw": yaw, "pitch": pitch / 2, "title": "Info"},
             {"type": "scene", "yaw": yaw, "pitch": pitch / 2, "targetScene": doc.scene_ids()[0]},
             {"type": "area", "vertices": [[yaw, -5], [yaw + 10, -5], [yaw + 10, 5]]}]
    return kinds[a % len(kinds)]


def areas(doc: TourDocument, scene_id: str) -> list[int]:
    return [i for i, spot in enumerate(doc.hotspots(scene_id)) if spot.get("type") == "area"]


def build_edit(doc: TourDocument, step: tuple) -> Edit | None:  # noqa: C901 - one branch per operation
    """The edit an operation and its numbers mean on the current document, or None if none applies."""
    operation, a, b, x, y = step
    scene_ids = doc.scene_ids()
    sid = scene_ids[a % len(scene_ids)]
    model = doc.scene(sid).get("type") == "model"
    count = len(doc.hotspots(sid))
    spot = b % count if count else None
    if operation == "add":
        return add_hotspot(doc, sid, new_hotspot(doc, sid, b, x, y), index=b % (count + 1))
    if operation == "delete" and spot is not None:
        return delete_hotspot(doc, sid, spot)
    if operation == "duplicate" and spot is not None:
        return duplicate_hotspot(doc, sid, spot)
    if operation == "move" and spot is not None:
        if model:
            return move_hotspot_3d(doc, sid, spot, [x / 50, y / 50, 0.5], [x, y, 1])
        if doc.hotspot(sid, spot).get("type") != "area":
            return move_hotspot(doc, sid, spot, x * 2, y)
    corners = areas(doc, sid)
    if operation in ("vertex", "insert-vertex", "remove-vertex") and corners:
        area = corners[b % len(corners)]
        vertices = len(doc.hotspot(sid, area)["vertices"])
        if operation == "vertex":
            return set_vertex(doc, sid, area, a % vertices, x, y)
        if operation == "insert-vertex":
            return insert_vertex(doc, sid, area, b % (vertices + 1), x, y)
        if vertices > 3:
            return remove_vertex(doc, sid, area, a % vertices)
    if operation == "text":
        paths = [path for path, _ in text_locations(doc.data)]
        path = paths[b % len(paths)]
        return set_text(doc, path, ["en", "zh-Hans", "ug", "fr"][a % 4], f"text {b}")
    if operation == "view" and not model:
        return set_initial_view(doc, sid, x, y, 20 + b % 150)
    if operation == "north":
        return set_north_offset(doc, sid, x * 3)
    if operation == "map":
        return set_site_map_position(doc, sid, abs(x), abs(y))
    if operation == "add-scene":
        source = next(s for s in scene_ids if doc.scene(s).get("type") != "model")
        scene = {key: value for key, value in doc.scene(source).items() if key != "pose"}
        return add_scene(doc, doc.unique_scene_id(f"{source}-copy"), scene)
    if operation == "delete-scene" and len(scene_ids) > 1:
        return delete_scene(doc, sid)
    if operation == "rename":
        return RenameScene(sid, doc.unique_scene_id(f"{sid}.{b}"))
    if operation == "reorder" and len(scene_ids) > 1:
        shift = 1 + a % (len(scene_ids) - 1)
        return ReorderScenes(scene_ids[shift:] + scene_ids[:shift])
    if operation == "move-item" and spot is not None:
        return MoveItem(("scenes", sid, "hotspots"), a % count, spot)
    return None


@pytest.mark.parametrize("name", sorted(TOURS))
@settings(derandomize=True, max_examples=60, deadline=None)
@given(steps=st.lists(STEP, min_size=1, max_size=12))
def test_random_edit_sequences_undo_to_the_original_text(name, steps):
    doc = load(name)
    texts, applied = [doc.to_json()], []
    for step in steps:
        edit = build_edit(doc, step)
        if edit is None:
            continue
        edit.apply(doc)
        applied.append(edit)
        texts.append(doc.to_json())
    assert errors_in_memory(doc) == []
    final = texts[-1]
    for edit, text in zip(reversed(applied), reversed(texts[:-1]), strict=True):
        edit.revert(doc)
        assert doc.to_json() == text
    assert doc.to_json() == TEXTS[name]
    for edit in applied:
        edit.apply(doc)
    assert doc.to_json() == final

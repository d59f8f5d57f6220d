"""The authoring mode's Hotspot panel: fields show the selected hotspot, edits are undo steps."""

from __future__ import annotations

import json
import shutil

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_model_view import LOAD_TIMEOUT_MS
from vtour.model.editing import add_scene
from vtour.model.tour import View
from vtour.resources import demo_tour_path
from vtour.ui.editor import TourEditor
from vtour.ui.hotspot_properties import HotspotPropertiesPanel

pytestmark = pytest.mark.ui


@pytest.fixture
def tour_copy(tmp_path):
    folder = tmp_path / "tour"
    shutil.copytree(demo_tour_path().parent, folder)
    path = folder / "tour.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["scenes"]["terrace"]["hotspots"][1]["text"]["ug"]  # "about": one translation missing
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def editor(qtbot, window, tour_copy, tmp_path):
    editor = TourEditor(window, tour_copy, recovery_dir=tmp_path / "rec", autosave_ms=3_600_000)
    editor.ask = lambda kind, title, text: None
    editor.report = lambda title, text: pytest.fail(f"{title}: {text}")
    editor.open()
    qtbot.waitUntil(lambda: window.overlay.mode == "hidden" and window.scene is not None, timeout=LOAD_TIMEOUT_MS)
    return editor


@pytest.fixture
def panel(editor):
    assert isinstance(editor.properties, HotspotPropertiesPanel)  # the editor makes its own
    return editor.properties


def spot(editor, scene_id, index):
    return editor.document.data["scenes"][scene_id]["hotspots"][index]


def type_into(line_edit, text):
    line_edit.setText(text)
    line_edit.editingFinished.emit()


def test_the_dock_is_on_the_right_and_shows_a_hint_without_a_selection(editor, panel):
    window = editor.window
    assert panel.dock.objectName() == "hotspotPropertiesDock"
    assert panel.dock.windowTitle() == "Hotspot"
    assert window.dockWidgetArea(panel.dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert panel.stack.currentWidget() is panel.hint
    assert "Add Hotspot (H)" in panel.hint.text()
    editor.selected = ("terrace", 1)
    assert panel.stack.currentWidget() is panel.form_page
    editor.selected = None
    assert panel.stack.currentWidget() is panel.hint


def test_fields_show_the_selected_hotspot(editor, panel):
    editor.selected = ("terrace", 1)  # "about", an info hotspot
    assert panel.id_edit.text() == "about"
    assert panel.type_label.text() == "info"
    assert panel.yaw_spin.value() == pytest.approx(150.0)
    assert panel.pitch_spin.value() == pytest.approx(38.0)
    assert set(panel.title_edits) == set(panel.text_edits) == {"en", "zh-Hans", "ug"}
    assert panel.title_edits["en"].text() == "About this sample"
    assert panel.title_edits["zh-Hans"].text() == "关于此示例"
    assert panel.text_edits["en"].toPlainText().startswith("A generated sample scene")
    assert not panel.target_combo.isVisibleTo(panel.dock)
    assert panel.yaw_spin.isVisibleTo(panel.dock)
    assert panel.yaw_spin.decimals() == 2 and panel.yaw_spin.wrapping()
    assert (panel.pitch_spin.minimum(), panel.pitch_spin.maximum()) == (-90.0, 90.0)


def test_an_area_shows_no_yaw_and_pitch(editor, panel):
    editor.selected = ("terrace", 2)
    assert panel.type_label.text() == "area"
    assert not panel.yaw_spin.isVisibleTo(panel.dock)


def test_a_title_edit_is_one_undo_step_and_undo_restores_the_field(editor, panel):
    editor.selected = ("terrace", 1)
    type_into(panel.title_edits["en"], "About the terrace")
    assert spot(editor, "terrace", 1)["title"]["en"] == "About the terrace"
    assert editor.undo_stack.count() == 1
    type_into(panel.title_edits["en"], "About the terrace")  # unchanged: no new step
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert spot(editor, "terrace", 1)["title"]["en"] == "About this sample"
    assert panel.title_edits["en"].text() == "About this sample"
    editor.undo_stack.redo()
    assert panel.title_edits["en"].text() == "About the terrace"


def test_a_translation_lands_under_its_language_and_missing_ones_are_marked(editor, panel):
    editor.selected = ("terrace", 1)
    type_into(panel.title_edits["zh-Hans"], "关于这个平台")
    title = spot(editor, "terrace", 1)["title"]
    assert title["zh-Hans"] == "关于这个平台"
    assert title["en"] == "About this sample"
    ug_text = panel.text_edits["ug"]
    assert ug_text.toPlainText() == ""
    assert ug_text.property("missing") is True
    assert ug_text.placeholderText() == "missing"
    assert "border" in ug_text.styleSheet()
    assert panel.text_edits["en"].property("missing") is False
    assert ug_text.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert panel.title_edits["ug"].layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert panel.title_edits["en"].layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_a_text_commits_on_ctrl_enter_and_clears_its_mark(qtbot, editor, panel):
    editor.selected = ("terrace", 1)
    box = panel.text_edits["ug"]
    box.setPlainText("يېڭى چۈشەندۈرۈش")
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert spot(editor, "terrace", 1)["text"]["ug"] == "يېڭى چۈشەندۈرۈش"
    assert editor.undo_stack.count() == 1
    assert box.toPlainText() == "يېڭى چۈشەندۈرۈش"  # Ctrl+Enter adds no line
    assert box.property("missing") is False


def test_changing_yaw_moves_the_hotspot(editor, panel):
    editor.selected = ("terrace", 1)
    panel.yaw_spin.setValue(-30.25)
    assert spot(editor, "terrace", 1)["yaw"] == pytest.approx(-30.25)
    assert editor.window.scene.hotspots[1].yaw == pytest.approx(-30.25)
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert panel.yaw_spin.value() == pytest.approx(150.0)
    assert editor.window.scene.hotspots[1].yaw == pytest.approx(150.0)
    assert editor.undo_stack.count() == 1  # filling the field pushed nothing


def test_a_scene_link_edits_its_target_scene_and_arrival_view(editor, panel):
    editor.selected = ("courtyard", 0)  # "to-terrace"
    combo = panel.target_combo
    assert panel.type_label.text() == "scene"
    assert combo.isVisibleTo(panel.dock)
    assert [combo.itemData(i) for i in range(combo.count())] == ["terrace"]
    assert "Sample terrace" in combo.itemText(0)
    assert "target scene" in panel.use_view_button.toolTip()

    editor.selected = ("terrace", 0)  # "to-courtyard" -> courtyard
    assert combo.currentData() == "courtyard"
    editor.push(add_scene(editor.document, "hall", {"type": "cube", "title": {"en": "Hall"}, "faces": ["a.jpg"] * 6}))
    assert [combo.itemData(i) for i in range(combo.count())] == ["courtyard", "hall"]
    combo.setCurrentIndex(combo.findData("hall"))
    assert spot(editor, "terrace", 0)["targetScene"] == "hall"
    assert editor.undo_stack.count() == 2

    editor.window.session.set_view(View(yaw=12.345, pitch=-3.0, hfov=90.0))
    view = editor.window.session.view
    panel.use_view_button.click()
    assert spot(editor, "terrace", 0)["targetView"] == {
        "yaw": pytest.approx(view.yaw, abs=0.01), "pitch": pytest.approx(view.pitch, abs=0.01),
        "hfov": pytest.approx(view.hfov, abs=0.01)}
    assert list(spot(editor, "terrace", 0)["targetView"]) == ["yaw", "pitch", "hfov"]
    assert editor.undo_stack.count() == 3
    editor.undo_stack.undo()
    assert spot(editor, "terrace", 0)["targetView"] == "sameAzimuth"


def test_a_duplicate_or_empty_id_is_refused(editor, panel):
    editor.selected = ("terrace", 1)
    before = editor.document.to_json()
    type_into(panel.id_edit, "stele")
    assert editor.document.to_json() == before
    assert editor.undo_stack.count() == 0
    assert panel.id_edit.text() == "about"
    assert panel.id_error.isVisibleTo(panel.dock)
    assert "stele" in panel.id_error.text()
    type_into(panel.id_edit, "  ")
    assert editor.document.to_json() == before
    assert panel.id_edit.text() == "about"


def test_a_new_unique_id_renames_the_hotspot(editor, panel):
    editor.selected = ("terrace", 1)
    type_into(panel.id_edit, "stele")
    type_into(panel.id_edit, "about-sample")
    assert spot(editor, "terrace", 1)["id"] == "about-sample"
    assert not panel.id_error.isVisibleTo(panel.dock)
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert panel.id_edit.text() == "about"


def test_typed_text_is_kept_when_the_selection_moves(editor, panel):
    editor.selected = ("terrace", 1)
    panel.text_edits["en"].setPlainText("Kept.")
    editor.selected = ("terrace", 2)
    assert spot(editor, "terrace", 1)["text"]["en"] == "Kept."
    assert panel.text_edits["en"].toPlainText().startswith("A drawn stone tablet")


# -- pictures, narration, captions, transitions, 3D viewpoints ------------------------------------


def errors(editor):
    from vtour.model.errors import Severity

    return [d for d in editor.diagnostics if d.severity is Severity.ERROR]


def make_picture(path):
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 6), (200, 120, 40)).save(path)
    return path


def make_wav(path):
    import wave

    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 800)
    return path


def make_vtt(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("WEBVTT\n\n00:00.000 --> 00:00.100\nHello.\n", encoding="utf-8")
    return path


def test_a_picture_is_added_captioned_and_removed_one_step_each(editor, panel, tour_copy, tmp_path):
    folder = tour_copy.parent
    picture = make_picture(folder / "pictures" / "detail.png")
    outside = make_picture(tmp_path / "elsewhere.png")
    editor.selected = ("terrace", 1)
    assert panel.images_list.count() == 0
    assert not panel.remove_image_button.isEnabled()
    asked = []
    panel.choose_file = lambda title, start: asked.append(start) or str(outside)
    panel.add_image_button.click()
    assert "images" not in spot(editor, "terrace", 1)
    assert editor.undo_stack.count() == 0
    assert panel.file_error.isVisibleTo(panel.dock)
    assert "outside the tour's folder" in panel.file_error.text()
    assert asked == [str(folder)]

    panel.choose_file = lambda title, start: str(picture)
    panel.add_image_button.click()
    assert spot(editor, "terrace", 1)["images"] == ["pictures/detail.png"]
    assert not panel.file_error.isVisibleTo(panel.dock)
    assert editor.undo_stack.count() == 1
    assert [panel.images_list.item(i).text() for i in range(panel.images_list.count())] == ["pictures/detail.png"]
    assert panel.images_list.currentRow() == 0
    assert not errors(editor)

    type_into(panel.caption_edit, "The stele's top")
    assert spot(editor, "terrace", 1)["images"] == [
        {"path": "pictures/detail.png", "caption": {"en": "The stele's top"}}]
    assert editor.undo_stack.count() == 2
    type_into(panel.alt_edit, "A carved stone")
    assert spot(editor, "terrace", 1)["images"][0] == {
        "path": "pictures/detail.png", "caption": {"en": "The stele's top"}, "alt": {"en": "A carved stone"}}
    assert list(spot(editor, "terrace", 1)["images"][0]) == ["path", "caption", "alt"]
    assert editor.undo_stack.count() == 3
    assert not errors(editor)
    type_into(panel.caption_edit, "")
    type_into(panel.alt_edit, "")
    assert spot(editor, "terrace", 1)["images"] == ["pictures/detail.png"]  # no texts: the plain path

    editor.undo_stack.undo()
    assert panel.alt_edit.text() == "A carved stone"
    panel.remove_image_button.click()
    assert "images" not in spot(editor, "terrace", 1)
    assert panel.images_list.count() == 0
    assert editor.undo_stack.count() == 5
    editor.undo_stack.undo()
    assert panel.images_list.count() == 1
    assert panel.caption_edit.text() == ""
    assert panel.alt_edit.text() == "A carved stone"
    assert not errors(editor)


def test_narration_and_captions_are_set_and_cleared(editor, panel, tour_copy, tmp_path):
    folder = tour_copy.parent
    sound = make_wav(folder / "audio" / "about.wav")
    vtt = make_vtt(folder / "audio" / "about.vtt")
    editor.selected = ("terrace", 1)
    audio, captions = panel.path_fields["audio"], panel.path_fields["captions"]
    assert audio.edit.text() == "" and not audio.clear_button.isEnabled()

    panel.choose_file = lambda title, start: str(sound)
    audio.choose_button.click()
    assert spot(editor, "terrace", 1)["audio"] == "audio/about.wav"
    assert audio.edit.text() == "audio/about.wav"
    panel.choose_file = lambda title, start: str(vtt)
    captions.choose_button.click()
    assert spot(editor, "terrace", 1)["captions"] == "audio/about.vtt"
    assert editor.undo_stack.count() == 2
    assert not errors(editor)

    panel.choose_file = lambda title, start: str(make_wav(tmp_path / "outside.wav"))
    audio.choose_button.click()
    assert spot(editor, "terrace", 1)["audio"] == "audio/about.wav"
    assert panel.file_error.isVisibleTo(panel.dock)

    captions.clear_button.click()
    assert "captions" not in spot(editor, "terrace", 1)
    audio.clear_button.click()
    assert "audio" not in spot(editor, "terrace", 1)
    assert audio.edit.text() == ""
    assert editor.undo_stack.count() == 4
    editor.undo_stack.undo()
    assert audio.edit.text() == "audio/about.wav"


def test_per_language_narration_is_shown_read_only(editor, panel, tour_copy):
    from vtour.model.editing import SetValue

    make_wav(tour_copy.parent / "audio" / "en.wav")
    make_wav(tour_copy.parent / "audio" / "ug.wav")
    editor.selected = ("terrace", 1)
    editor.push(SetValue(("scenes", "terrace", "hotspots", 1, "audio"),
                         {"en": "audio/en.wav", "ug": "audio/ug.wav"}, "Narrate"))
    field = panel.path_fields["audio"]
    assert field.edit.text() == "audio/en.wav"
    assert field.note.isVisibleTo(panel.dock)
    assert "edit the JSON" in field.note.text()
    assert not field.choose_button.isEnabled() and not field.clear_button.isEnabled()


def test_a_link_transition_is_a_cut_a_fade_or_the_tours(editor, panel):
    editor.selected = ("terrace", 0)  # "to-courtyard"
    assert "transition" not in spot(editor, "terrace", 0)
    assert panel.transition_box.isVisibleTo(panel.dock)
    assert panel.tour_transition_check.isChecked()
    assert not panel.cut_check.isEnabled()
    assert (panel.duration_spin.minimum(), panel.duration_spin.maximum()) == (pytest.approx(0.1), 10.0)

    panel.tour_transition_check.setChecked(False)
    assert isinstance(spot(editor, "terrace", 0)["transition"], dict)
    panel.cut_check.setChecked(True)
    assert spot(editor, "terrace", 0)["transition"] == {"duration": 0}
    assert not panel.duration_spin.isEnabled()
    panel.cut_check.setChecked(False)
    panel.duration_spin.setValue(1.5)
    panel.zoom_check.setChecked(True)
    assert spot(editor, "terrace", 0)["transition"] == {"duration": 1.5, "zoomToLink": True}
    assert not errors(editor)
    steps = editor.undo_stack.count()
    assert steps == 5

    panel.tour_transition_check.setChecked(True)
    assert "transition" not in spot(editor, "terrace", 0)
    assert editor.undo_stack.count() == steps + 1
    editor.undo_stack.undo()
    assert not panel.tour_transition_check.isChecked()
    assert panel.duration_spin.value() == pytest.approx(1.5) and panel.zoom_check.isChecked()

    editor.selected = ("terrace", 1)  # an info hotspot has no transition
    assert not panel.transition_box.isVisibleTo(panel.dock)


@pytest.fixture
def box_tour(tmp_path):
    import trimesh

    folder = tmp_path / "box"
    folder.mkdir()
    trimesh.creation.box(extents=(1.0, 1.0, 1.0)).export(folder / "box.glb")
    tour = {"version": 1, "scenes": {"box": {
        "type": "model", "model": "box.glb", "camera": {"yaw": 30, "pitch": -20},
        "hotspots": [{"id": "mark", "type": "info", "position": [0.1, 0.1, 0.5], "normal": [0, 0, 1]}]}}}
    path = folder / "tour.json"
    path.write_text(json.dumps(tour, indent=2) + "\n", encoding="utf-8")
    return path


def test_a_3d_hotspot_takes_its_viewpoint_from_the_camera(qtbot, window, box_tour, tmp_path):
    editor = TourEditor(window, box_tour, recovery_dir=tmp_path / "rec", autosave_ms=3_600_000)
    editor.ask = lambda kind, title, text: None
    editor.report = lambda title, text: pytest.fail(f"{title}: {text}")
    editor.open()
    qtbot.waitUntil(lambda: window.overlay.mode == "hidden" and window.model_view.has_model, timeout=LOAD_TIMEOUT_MS)
    panel = editor.properties
    editor.selected = ("box", 0)
    assert panel.type_label.text() == "3D"
    assert panel.model_box.isVisibleTo(panel.dock)
    assert not panel.yaw_spin.isVisibleTo(panel.dock)
    assert panel.position_label.text() == "0.100, 0.100, 0.500"
    assert panel.normal_label.text() == "0.000, 0.000, 1.000"
    assert not panel.clear_viewpoint_button.isEnabled()

    camera = window.model_view.camera
    panel.use_camera_button.click()
    viewpoint = editor.document.hotspot("box", 0)["viewpoint"]
    assert viewpoint == {"eye": [round(float(c), 3) for c in camera.eye],
                         "target": [round(float(c), 3) for c in camera.target]}
    assert list(editor.document.hotspot("box", 0)) == ["id", "type", "position", "normal", "viewpoint"]
    assert editor.undo_stack.count() == 1
    assert not errors(editor)
    assert panel.clear_viewpoint_button.isEnabled()
    panel.use_camera_button.click()  # the same camera: no new step
    assert editor.undo_stack.count() == 1

    panel.clear_viewpoint_button.click()
    assert "viewpoint" not in editor.document.hotspot("box", 0)
    assert editor.undo_stack.count() == 2
    editor.undo_stack.undo()
    assert editor.document.hotspot("box", 0)["viewpoint"] == viewpoint

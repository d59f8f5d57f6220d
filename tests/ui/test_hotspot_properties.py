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

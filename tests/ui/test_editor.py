"""Authoring mode: hotspots added, moved, duplicated and deleted by simulated clicks, undo/redo,
atomic saving, recovery after a crash, external changes, live validation."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from PySide6.QtCore import QEvent, Qt

from tests.ui.test_model_view import LOAD_TIMEOUT_MS, mouse
from vtour.io.safe_save import backup_path, recovery_path
from vtour.resources import demo_tour_path
from vtour.ui.editor import TourEditor

pytestmark = pytest.mark.ui


@pytest.fixture
def tour_copy(tmp_path):
    folder = tmp_path / "tour"
    shutil.copytree(demo_tour_path().parent, folder)
    return folder / "tour.json"


class Answers:
    """Stands in for the editor's message boxes: answers by question kind, records what was asked."""

    def __init__(self, **answers):
        self.answers, self.asked = answers, []

    def __call__(self, kind, title, text):
        self.asked.append(kind)
        return self.answers.get(kind)


def open_editor(qtbot, window, path, tmp_path, **answers):
    editor = TourEditor(window, path, recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    editor.ask = Answers(**answers)
    editor.report = lambda title, text: pytest.fail(f"{title}: {text}")
    editor.open()
    qtbot.waitUntil(lambda: window.overlay.mode == "hidden" and window.scene is not None, timeout=LOAD_TIMEOUT_MS)
    return editor


def click(view, x, y):
    mouse(view, QEvent.Type.MouseButtonPress, x, y)
    mouse(view, QEvent.Type.MouseButtonRelease, x, y, buttons=Qt.MouseButton.NoButton)


def face(qtbot, window, kind):
    """Turn the view to the first hotspot of ``kind``; its index, the hotspot and its pixel."""
    from vtour.model.tour import View

    index, spot = next((i, h) for i, h in enumerate(window.scene.hotspots) if h.kind == kind)
    window.panorama_view.set_view(View(yaw=spot.yaw, pitch=spot.pitch, hfov=100))
    qtbot.wait(50)
    x, y, _shown = (float(c) for c in window.hotspot_layer.geometry().to_pixels(spot.yaw, spot.pitch))
    return index, spot, x, y


def saved(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_click_in_add_mode_places_a_hotspot_exactly_there(qtbot, window, tour_copy, tmp_path):
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    view = window.panorama_view
    scene_id = window.scene.id
    before = len(window.scene.hotspots)
    x, y = view.width() * 0.3, view.height() * 0.6
    expected = window.hotspot_layer.geometry().to_yaw_pitch(x, y)
    editor.add_action.setChecked(True)
    click(view, x, y)
    assert len(window.scene.hotspots) == before + 1  # shown at once
    added = window.scene.hotspots[-1]
    assert (added.yaw, added.pitch) == pytest.approx(tuple(float(a) for a in expected), abs=0.01)
    assert window.isWindowModified()
    assert editor.save()
    spot = saved(tour_copy)["scenes"][scene_id]["hotspots"][-1]
    assert spot["type"] == "info" and spot["yaw"] == pytest.approx(added.yaw, abs=0.01)
    assert not window.isWindowModified() and backup_path(tour_copy).exists()
    editor.undo_stack.undo()
    assert len(window.scene.hotspots) == before and window.isWindowModified()
    editor.undo_stack.redo()
    assert len(window.scene.hotspots) == before + 1


def test_dragging_a_marker_moves_it_in_one_undo_step(qtbot, window, tour_copy, tmp_path):
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    view = window.panorama_view
    index, spot, x, y = face(qtbot, window, "info")
    geometry = window.hotspot_layer.geometry()
    scene_before = window.session.scene.id
    mouse(view, QEvent.Type.MouseButtonPress, x, y)
    for step in range(1, 6):
        mouse(view, QEvent.Type.MouseMove, x + 12 * step, y + 4 * step)
    assert window.scene.hotspots[index].yaw != pytest.approx(spot.yaw)  # the marker follows live
    mouse(view, QEvent.Type.MouseButtonRelease, x + 60, y + 20, buttons=Qt.MouseButton.NoButton)
    target = geometry.to_yaw_pitch(x + 60, y + 20)
    moved = window.scene.hotspots[index]
    assert (moved.yaw, moved.pitch) == pytest.approx(tuple(float(a) for a in target), abs=0.05)
    assert window.session.scene.id == scene_before and editor.undo_stack.count() == 1
    assert not window.info_panel.isVisible()  # a drag on a marker edits, it does not open it
    editor.undo_stack.undo()
    assert window.scene.hotspots[index].yaw == pytest.approx(spot.yaw)


def test_select_duplicate_delete_and_save(qtbot, window, tour_copy, tmp_path):
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    view = window.panorama_view
    scene_id = window.scene.id
    index, spot, x, y = face(qtbot, window, "scene")
    click(view, x, y)
    assert editor.selected == (scene_id, index)
    assert window.session.scene.id == scene_id  # selecting a link does not follow it
    ids_before = [h.id for h in window.scene.hotspots]
    editor.duplicate_action.trigger()
    assert len(window.scene.hotspots) == len(ids_before) + 1
    copy = window.scene.hotspots[index + 1]
    assert copy.id not in ids_before and copy.target_scene == spot.target_scene
    editor.delete_action.trigger()
    assert [h.id for h in window.scene.hotspots] == ids_before
    editor.save_action.trigger()
    assert [h["id"] for h in saved(tour_copy)["scenes"][scene_id]["hotspots"]] == ids_before


def test_unsaved_work_is_recovered_after_a_crash(qtbot, make_window, tour_copy, tmp_path):
    first = make_window()
    editor = open_editor(qtbot, first, tour_copy, tmp_path)
    editor.add_action.setChecked(True)
    click(first.panorama_view, 200, 300)
    editor.autosave_now()
    text_after_edit = editor.document.to_json()
    assert recovery_path(tour_copy, tmp_path / "recovery").exists() or any((tmp_path / "recovery").glob("*"))
    # A crash: the window is gone without saving; the tour file is still the old one.
    first.editor = None
    second = make_window()
    recovered = open_editor(qtbot, second, tour_copy, tmp_path, recover=True)
    assert recovered.ask.asked == ["recover"]
    assert recovered.document.to_json() == text_after_edit and second.isWindowModified()
    assert recovered.save()
    assert tour_copy.read_text(encoding="utf-8") == text_after_edit
    third = make_window()
    again = open_editor(qtbot, third, tour_copy, tmp_path)
    assert again.ask.asked == []  # saved: the recovery file is gone


def test_a_change_by_another_program_is_never_overwritten_silently(qtbot, window, tour_copy, tmp_path):
    editor = open_editor(qtbot, window, tour_copy, tmp_path, changed=False, conflict=None)
    editor.add_action.setChecked(True)
    click(window.panorama_view, 200, 300)
    theirs = tour_copy.read_text(encoding="utf-8").replace('"version": 1', '"version": 1 ', 1)
    tour_copy.write_text(theirs, encoding="utf-8")
    qtbot.waitUntil(lambda: "changed" in editor.ask.asked, timeout=5000)  # noticed and offered
    assert editor.save() is False  # asked: cancel
    assert editor.ask.asked[-1] == "conflict"
    assert tour_copy.read_text(encoding="utf-8") == theirs
    editor.ask.answers["conflict"] = "overwrite"
    assert editor.save() and tour_copy.read_text(encoding="utf-8") == editor.document.to_json()


def test_live_validation_lists_the_problem_and_keeps_the_last_good_tour(qtbot, window, tour_copy, tmp_path):
    from vtour.model.editing import SetValue

    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    scene_id = window.scene.id
    index = next(i for i, h in enumerate(window.scene.hotspots) if h.kind == "scene")
    editor.push(SetValue(("scenes", scene_id, "hotspots", index, "targetScene"), "nowhere", "Retarget"))
    messages = [editor.problems.item(i).text() for i in range(editor.problems.count())]
    assert any(f"$.scenes.{scene_id}.hotspots[{index}].targetScene" in m and 'no scene "nowhere"' in m
               for m in messages), messages
    assert window.scene.hotspots[index].target_scene != "nowhere"  # the view keeps the last valid tour
    editor.undo_stack.undo()
    assert editor.problems.count() == 0


def test_closing_with_unsaved_changes_asks(qtbot, window, tour_copy, tmp_path):
    editor = open_editor(qtbot, window, tour_copy, tmp_path, close=None)
    editor.add_action.setChecked(True)
    click(window.panorama_view, 200, 300)
    assert editor.may_close() is False and editor.ask.asked == ["close"]
    editor.ask.answers["close"] = "discard"
    assert editor.may_close() is True
    assert saved(tour_copy) == json.loads(demo_tour_path().read_text(encoding="utf-8"))
    assert os.listdir(tour_copy.parent).count("tour.json") == 1


def test_the_selected_hotspot_is_highlighted(qtbot, window, tour_copy, tmp_path):
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    index, spot, x, y = face(qtbot, window, "info")
    seen = []
    editor.selection_changed.connect(seen.append)
    click(window.panorama_view, x, y)
    assert seen == [(window.scene.id, index)]
    assert window.hotspot_layer.focused_id == spot.id
    editor.delete_action.trigger()
    assert editor.selected is None and window.hotspot_layer.focused_id is None


@pytest.fixture
def box_tour(tmp_path):
    """A 1 m box seen from yaw 30, with one 3D info hotspot on its front face."""
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


def test_3d_hotspots_are_placed_and_moved_on_the_model_surface(qtbot, window, box_tour, tmp_path):
    import numpy as np

    editor = TourEditor(window, box_tour, recovery_dir=tmp_path / "recovery", autosave_ms=3_600_000)
    editor.ask = Answers()
    editor.open()
    qtbot.waitUntil(lambda: window.overlay.mode == "hidden" and window.model_view.has_model, timeout=LOAD_TIMEOUT_MS)
    view, layer = window.model_view, window.model_hotspots
    qtbot.waitUntil(lambda: len(layer.placed) == 1, timeout=5000)
    editor.add_action.setChecked(True)
    x, y = view.width() / 2, view.height() / 2  # the box's centre is on screen there
    click(view, x, y)
    spots = editor.document.hotspots("box")
    assert len(spots) == 2
    added = spots[1]
    hit = editor.surface_at(x, y)
    np.testing.assert_allclose(added["position"], hit.point, atol=1e-3)
    assert max(abs(c) for c in added["position"]) == pytest.approx(0.5, abs=1e-3)  # on a face of the box
    assert np.linalg.norm(added["normal"]) == pytest.approx(1.0, abs=1e-3)
    editor.add_action.setChecked(False)
    marker = next(m for m in layer.placed if m.hotspot.id == "mark")
    mouse(view, QEvent.Type.MouseButtonPress, marker.x, marker.y)
    mouse(view, QEvent.Type.MouseMove, marker.x + 20, marker.y + 10)
    mouse(view, QEvent.Type.MouseButtonRelease, marker.x + 20, marker.y + 10, buttons=Qt.MouseButton.NoButton)
    moved = editor.document.hotspots("box")[0]
    target = editor.surface_at(marker.x + 20, marker.y + 10)
    np.testing.assert_allclose(moved["position"], target.point, atol=1e-3)
    assert editor.undo_stack.count() == 2
    assert editor.save()
    assert saved(box_tour)["scenes"]["box"]["hotspots"][0]["position"] == moved["position"]


def test_a_problem_message_leads_to_its_hotspot(qtbot, window, tour_copy, tmp_path):
    from vtour.model.editing import SetValue
    from vtour.ui.editor import problem_target

    assert problem_target("$.scenes.hall.hotspots[2].title") == ("hall", 2)
    assert problem_target("$.scenes.hall.initialView") == ("hall", None)
    assert problem_target("$.guidedTours[0]") is None
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    scene_id = window.scene.id
    index = next(i for i, h in enumerate(window.scene.hotspots) if h.kind == "scene")
    editor.push(SetValue(("scenes", scene_id, "hotspots", index, "targetScene"), "nowhere", "Retarget"))
    item = next(editor.problems.item(i) for i in range(editor.problems.count())
                if "nowhere" in editor.problems.item(i).text())
    editor.problems.itemActivated.emit(item)
    assert editor.selected == (scene_id, index)
    assert editor.properties.id_edit.text() == window.scene.hotspots[index].id

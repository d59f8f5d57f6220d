"""Site-map authoring: dots dragged to a new place in one undo step, a plain click still goes to
the scene, and Edit ▸ Place Current Scene on Map places the current scene with a click."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, Qt

from tests.ui.test_editor import click, open_editor, saved, tour_copy  # noqa: F401 (fixture)
from tests.ui.test_model_view import drag, mouse
from vtour.ui.site_map_editing import SiteMapEditing

pytestmark = pytest.mark.ui


def map_editing(qtbot, window, path, tmp_path):
    editor = open_editor(qtbot, window, path, tmp_path)
    editing = editor.site_map_editing  # the editor makes its own
    assert isinstance(editing, SiteMapEditing)
    window.navigation.map_dock.show()
    view = window.navigation.site_map
    qtbot.waitUntil(lambda: view.isVisible() and not view.image_rect().isEmpty())
    return editor, editing, view


def scale(view):
    """Image pixels per widget pixel, horizontally and vertically."""
    rect, (width, height) = view.image_rect(), view.site_map.size
    return width / rect.width(), height / rect.height()


def position(editor, scene_id):
    point = editor.document.data["siteMap"]["scenes"][scene_id]
    return point["x"], point["y"]


def test_dragging_a_dot_moves_it_in_one_undo_step(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor, _editing, view = map_editing(qtbot, window, tour_copy, tmp_path)
    before = position(editor, "courtyard")
    dot = view.scene_point("courtyard")
    sx, sy = scale(view)

    # Live preview: the dot follows the pointer, nothing is pushed yet.
    mouse(view, QEvent.Type.MouseButtonPress, dot.x(), dot.y())
    mouse(view, QEvent.Type.MouseMove, dot.x() + 15, dot.y() + 10, button=Qt.MouseButton.NoButton)
    moved = view.scene_point("courtyard")
    assert (moved.x(), moved.y()) == pytest.approx((dot.x() + 15, dot.y() + 10), abs=0.6)
    assert editor.undo_stack.count() == 0
    mouse(view, QEvent.Type.MouseButtonRelease, dot.x() + 15, dot.y() + 10, buttons=Qt.MouseButton.NoButton)
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert position(editor, "courtyard") == pytest.approx(before)

    drag(view, (dot.x(), dot.y()), (dot.x() + 30, dot.y() + 20))
    expected = (before[0] + 30 * sx, before[1] + 20 * sy)
    assert position(editor, "courtyard") == pytest.approx(expected, abs=0.06)
    assert editor.undo_stack.count() == 1  # one step for the whole drag
    shown = window.session.tour.site_map.positions["courtyard"]
    assert shown == pytest.approx(expected, abs=0.06)
    assert view.site_map.positions["courtyard"] == pytest.approx(expected, abs=0.06)
    assert window.session.scene.id == "terrace"  # a drag does not go to the scene

    editor.undo_stack.undo()
    assert position(editor, "courtyard") == pytest.approx(before)
    assert view.site_map.positions["courtyard"] == pytest.approx(before)  # the map follows undo
    editor.undo_stack.redo()
    assert view.site_map.positions["courtyard"] == pytest.approx(expected, abs=0.06)

    assert editor.save()
    point = saved(tour_copy)["siteMap"]["scenes"]["courtyard"]
    assert (point["x"], point["y"]) == pytest.approx(expected, abs=0.06)


def test_a_drag_is_clamped_inside_the_image(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor, _editing, view = map_editing(qtbot, window, tour_copy, tmp_path)
    dot = view.scene_point("courtyard")
    rect = view.image_rect()
    drag(view, (dot.x(), dot.y()), (rect.right() + 40, rect.top() - 40))
    assert position(editor, "courtyard") == pytest.approx(tuple(float(c) for c in (view.site_map.size[0], 0)))
    assert not editor.diagnostics


def test_a_click_on_a_dot_still_goes_to_its_scene(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor, _editing, view = map_editing(qtbot, window, tour_copy, tmp_path)
    assert window.session.scene.id == "terrace"
    dot = view.scene_point("courtyard")
    click(view, dot.x(), dot.y())
    qtbot.waitUntil(lambda: window.session.scene.id == "courtyard")
    assert editor.undo_stack.count() == 0


def test_place_current_scene_on_map(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    data = json.loads(tour_copy.read_text(encoding="utf-8"))
    del data["siteMap"]["scenes"]["terrace"]  # the current (first) scene is not on the map yet
    tour_copy.write_text(json.dumps(data, indent=2), encoding="utf-8")
    editor, editing, view = map_editing(qtbot, window, tour_copy, tmp_path)
    assert window.scene.id == "terrace" and view.scene_point("terrace") is None
    assert editing.place_action in editor.menu.actions()

    rect = view.image_rect()
    x, y = rect.left() + rect.width() * 0.25, rect.top() + rect.height() * 0.75
    sx, sy = scale(view)
    expected = ((x - rect.left()) * sx, (y - rect.top()) * sy)
    editing.place_action.setChecked(True)
    click(view, x, y)
    assert position(editor, "terrace") == pytest.approx(expected, abs=0.06)
    assert editor.undo_stack.count() == 1
    assert not editing.place_action.isChecked()
    dot = view.scene_point("terrace")
    assert (dot.x(), dot.y()) == pytest.approx((x, y), abs=0.6)

    editor.undo_stack.undo()
    assert "terrace" not in editor.document.data["siteMap"]["scenes"]
    assert view.scene_point("terrace") is None


def test_escape_leaves_place_mode(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor, editing, view = map_editing(qtbot, window, tour_copy, tmp_path)
    editing.place_action.setChecked(True)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not editing.place_action.isChecked()
    assert editor.undo_stack.count() == 0

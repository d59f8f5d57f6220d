"""Area hotspots drawn by clicks and reshaped by their handles (vtour.ui.area_drawing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt

from tests.ui.test_editor import click, face, open_editor, tour_copy  # noqa: F401 (fixture)
from tests.ui.test_model_view import mouse
from vtour.model.errors import Severity
from vtour.model.tour import View
from vtour.ui.area_drawing import AreaDrawing

pytestmark = pytest.mark.ui

NONE = Qt.MouseButton.NoButton


@pytest.fixture
def drawing(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    assert isinstance(editor.area_drawing, AreaDrawing)  # the editor makes its own
    return editor.area_drawing


def errors(editor):
    return [d for d in editor.diagnostics if d.severity is Severity.ERROR]


def square(view):
    w, h = view.width(), view.height()
    return [(w * 0.35, h * 0.35), (w * 0.65, h * 0.35), (w * 0.65, h * 0.65), (w * 0.35, h * 0.65)]


def areas(editor, scene_id):
    return [i for i, h in enumerate(editor.document.hotspots(scene_id)) if h.get("type") == "area"]


def test_clicks_and_enter_draw_an_area_in_one_undo_step(qtbot, window, drawing):
    editor, view = drawing.editor, window.panorama_view
    scene_id = window.scene.id
    before = len(editor.document.hotspots(scene_id))
    assert drawing.action in editor.menu.actions()
    drawing.action.trigger()
    assert drawing.drawing and not editor.add_action.isChecked()
    geometry = window.hotspot_layer.geometry()
    points = square(view)
    expected = [tuple(float(a) for a in geometry.to_yaw_pitch(x, y)) for x, y in points]
    for i, (x, y) in enumerate(points):
        click(view, x, y)
        assert len(drawing.pending) == i + 1  # previewed at once
    assert drawing.overlay.isVisible()
    assert editor.undo_stack.count() == 0 and editor.selected is None  # clicks did not select or add
    qtbot.keyClick(view, Qt.Key.Key_Return)
    spots = editor.document.hotspots(scene_id)
    assert len(spots) == before + 1 and editor.undo_stack.count() == 1
    added = spots[-1]
    assert added["type"] == "area" and added["title"] == {"en": "New area"}
    assert len(added["vertices"]) == 4
    for vertex, target in zip(added["vertices"], expected):
        assert tuple(vertex) == pytest.approx(target, abs=0.01)
    assert not errors(editor)
    assert editor.selected == (scene_id, before) and not drawing.drawing and drawing.pending == []
    assert window.scene.hotspots[-1].kind == "area"  # shown at once
    editor.undo_stack.undo()
    assert len(editor.document.hotspots(scene_id)) == before


def test_clicking_the_first_corner_closes_and_double_click_closes(qtbot, window, drawing):
    editor, view = drawing.editor, window.panorama_view
    scene_id = window.scene.id
    before = len(editor.document.hotspots(scene_id))
    points = square(view)
    drawing.action.setChecked(True)
    for x, y in points[:3]:
        click(view, x, y)
    click(view, points[0][0] + 3, points[0][1] + 3)  # near the first corner: closes
    assert len(editor.document.hotspots(scene_id)) == before + 1
    assert len(editor.document.hotspots(scene_id)[-1]["vertices"]) == 3 and not drawing.drawing
    drawing.action.setChecked(True)
    for x, y in points:
        click(view, x, y)
    mouse(view, QEvent.Type.MouseButtonDblClick, *points[-1])
    mouse(view, QEvent.Type.MouseButtonRelease, *points[-1], buttons=NONE)
    assert len(editor.document.hotspots(scene_id)) == before + 2
    assert len(editor.document.hotspots(scene_id)[-1]["vertices"]) == 4
    assert editor.undo_stack.count() == 2


def test_escape_cancels_and_two_corners_add_nothing(qtbot, window, drawing):
    editor, view = drawing.editor, window.panorama_view
    scene_id = window.scene.id
    before = len(editor.document.hotspots(scene_id))
    points = square(view)
    drawing.action.setChecked(True)
    for x, y in points[:3]:
        click(view, x, y)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert drawing.pending == [] and not drawing.drawing
    drawing.action.setChecked(True)
    for x, y in points[:2]:
        click(view, x, y)
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert len(editor.document.hotspots(scene_id)) == before and editor.undo_stack.count() == 0
    assert drawing.pending == [] and not drawing.drawing


def select_demo_area(qtbot, window, drawing):
    """Select the demo's area and face it; (scene_id, index, corner pixels)."""
    editor = drawing.editor
    scene_id = window.scene.id
    index = areas(editor, scene_id)[0]
    corners = editor.document.hotspot(scene_id, index)["vertices"]
    yaw = sum(c[0] for c in corners) / len(corners)
    pitch = sum(c[1] for c in corners) / len(corners)
    window.panorama_view.set_view(View(yaw=yaw, pitch=pitch, hfov=100))
    qtbot.wait(50)
    editor.selected = (scene_id, index)
    geometry = window.hotspot_layer.geometry()
    pixels = []
    for c in corners:
        x, y, shown = geometry.to_pixels(*c)
        assert shown
        pixels.append((float(x), float(y)))
    assert drawing.overlay.isVisible()  # the handles
    return scene_id, index, pixels


def test_dragging_a_handle_moves_its_corner_in_one_undo_step(qtbot, window, drawing):
    editor, view = drawing.editor, window.panorama_view
    scene_id, index, pixels = select_demo_area(qtbot, window, drawing)
    original = [list(c) for c in editor.document.hotspot(scene_id, index)["vertices"]]
    x, y = pixels[1]
    mouse(view, QEvent.Type.MouseButtonPress, x + 2, y - 2)
    for step in range(1, 6):
        mouse(view, QEvent.Type.MouseMove, x + 6 * step, y + 5 * step, button=NONE)
    assert drawing.selected_vertices()[1] != pytest.approx(tuple(original[1]))  # live preview
    assert editor.undo_stack.count() == 0
    end = (x + 30, y + 25)
    target = window.hotspot_layer.geometry().to_yaw_pitch(*end)
    mouse(view, QEvent.Type.MouseButtonRelease, *end, buttons=NONE)
    moved = editor.document.hotspot(scene_id, index)["vertices"]
    assert tuple(moved[1]) == pytest.approx(tuple(float(a) for a in target), abs=0.01)
    assert moved[0] == original[0] and moved[2:] == original[2:]
    assert editor.undo_stack.count() == 1 and editor.selected == (scene_id, index)
    assert not errors(editor)
    editor.undo_stack.undo()
    assert editor.document.hotspot(scene_id, index)["vertices"] == original


def test_insert_and_remove_corners_keep_at_least_three(qtbot, window, drawing):
    editor, view = drawing.editor, window.panorama_view
    scene_id, index, pixels = select_demo_area(qtbot, window, drawing)
    count = len(pixels)
    (ax, ay), (bx, by) = pixels[0], pixels[1]
    middle = ((ax + bx) / 2, (ay + by) / 2)
    target = window.hotspot_layer.geometry().to_yaw_pitch(*middle)
    alt = Qt.KeyboardModifier.AltModifier
    mouse(view, QEvent.Type.MouseButtonPress, *middle, modifiers=alt)
    mouse(view, QEvent.Type.MouseButtonRelease, *middle, buttons=NONE, modifiers=alt)
    corners = editor.document.hotspot(scene_id, index)["vertices"]
    assert len(corners) == count + 1 and editor.undo_stack.count() == 1
    assert tuple(corners[1]) == pytest.approx(tuple(float(a) for a in target), abs=0.01)
    # a double-click on an edge adds one too
    (cx, cy) = pixels[2]
    middle2 = ((bx + cx) / 2, (by + cy) / 2)
    mouse(view, QEvent.Type.MouseButtonDblClick, *middle2)
    mouse(view, QEvent.Type.MouseButtonRelease, *middle2, buttons=NONE)
    assert len(editor.document.hotspot(scene_id, index)["vertices"]) == count + 2
    assert not errors(editor)

    def right_click(corner):
        geometry = window.hotspot_layer.geometry()
        x, y, _ = geometry.to_pixels(*editor.document.hotspot(scene_id, index)["vertices"][corner])
        right = Qt.MouseButton.RightButton
        mouse(view, QEvent.Type.MouseButtonPress, float(x), float(y), button=right, buttons=right)
        mouse(view, QEvent.Type.MouseButtonRelease, float(x), float(y), button=right, buttons=NONE)

    while len(editor.document.hotspot(scene_id, index)["vertices"]) > 3:
        steps = editor.undo_stack.count()
        right_click(0)
        assert editor.undo_stack.count() == steps + 1
    steps = editor.undo_stack.count()
    before = [list(c) for c in editor.document.hotspot(scene_id, index)["vertices"]]
    right_click(0)  # refused: an area keeps 3 corners
    assert editor.document.hotspot(scene_id, index)["vertices"] == before
    assert editor.undo_stack.count() == steps and not errors(editor)


def test_other_clicks_still_reach_the_editor(qtbot, window, drawing):
    editor, view = drawing.editor, window.panorama_view
    scene_id = window.scene.id
    index, _spot, x, y = face(qtbot, window, "info")
    click(view, x, y)
    assert editor.selected == (scene_id, index)  # not an area: no handles, the editor selects
    assert not drawing.overlay.isVisible()

"""Keyboard-only visits, accessible names, reduced motion and text size preferences."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from vtour.model.tour import Hotspot, Scene, EquirectSource, View
from vtour.resources import demo_tour_path
from vtour.ui import preferences
from vtour.ui.accessibility import hotspot_order, interpolate_view
from vtour.ui.preferences import PreferencesDialog

pytestmark = pytest.mark.ui

LOAD_TIMEOUT_MS = 20_000


def _settled(window, scene_id: str) -> bool:
    return (window.session is not None and window.scene is not None and window.scene.id == scene_id
            and window.session.scene.id == scene_id and window.overlay.mode != "progress")


@pytest.fixture
def opened(qtbot, window):
    window.open_tour(demo_tour_path())
    qtbot.waitUntil(lambda: _settled(window, "terrace"), timeout=LOAD_TIMEOUT_MS)
    window.panorama_view.setFocus()
    return window


@pytest.fixture
def reduced_motion():
    preferences.set_reduced_motion(True)
    yield
    preferences.set_reduced_motion(False)


def test_order_is_by_yaw_from_the_left_edge_then_top_then_file_order(tmp_path):
    spots = (Hotspot("c", "info", yaw=90), Hotspot("a", "info", yaw=-170), Hotspot("b2", "info", yaw=10, pitch=-5),
             Hotspot("b1", "info", yaw=10, pitch=20), Hotspot("d", "info", yaw=180))
    scene = Scene("s", EquirectSource(tmp_path / "x.jpg"), hotspots=spots)
    assert [h.id for h in hotspot_order(scene)] == ["a", "b1", "b2", "c", "d"]


def test_interpolation_turns_the_short_way_round():
    halfway = interpolate_view(View(yaw=170), View(yaw=-170), 0.5)
    assert abs(halfway.yaw) == pytest.approx(180)
    assert interpolate_view(View(yaw=10, pitch=0), View(yaw=30, pitch=10), 1.0) == View(yaw=30, pitch=10, hfov=100)


def test_tab_and_shift_tab_move_the_focus_and_turn_the_view(qtbot, opened, reduced_motion):
    keyboard = opened.hotspot_keyboard
    ordered = keyboard.hotspots()
    assert [h.id for h in ordered] == ["stele", "to-courtyard", "about"]
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Tab)
    assert keyboard.focused is ordered[0]
    assert opened.panorama_view.view.yaw == pytest.approx(ordered[0].yaw, abs=0.5)  # at once: reduced motion
    assert opened.hotspot_layer.focused_id == "stele"
    assert "Stele" in opened.panorama_view.accessibleName() and "Area" in opened.panorama_view.accessibleName()
    assert "stone tablet" in opened.panorama_view.accessibleDescription()
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Tab)
    assert keyboard.focused is ordered[1]
    assert "Link to" in opened.panorama_view.accessibleName()
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert keyboard.focused is ordered[0]
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert keyboard.focused is ordered[-1]  # wraps round
    assert opened.panorama_view.hasFocus() or opened.focusWidget() is opened.panorama_view  # Tab stayed on the view


def test_the_turn_is_animated_without_reduced_motion(qtbot, opened):
    keyboard = opened.hotspot_keyboard
    start = opened.panorama_view.view.yaw
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Tab)
    target = keyboard.focused.yaw
    assert opened.panorama_view.view.yaw == pytest.approx(start, abs=1.0)  # not there yet
    qtbot.waitUntil(lambda: abs(opened.panorama_view.view.yaw - target) < 0.5, timeout=3000)


def _tab_to(qtbot, window, hotspot_id: str) -> None:
    for _ in range(len(window.session.scene.hotspots) + 1):
        qtbot.keyClick(window.panorama_view, Qt.Key.Key_Tab)
        if window.hotspot_keyboard.focused.id == hotspot_id:
            return
    raise AssertionError(f"Tab never reached {hotspot_id}")


def test_a_whole_tour_can_be_visited_by_keyboard_alone(qtbot, opened, reduced_motion):
    visited = {"terrace"}
    _tab_to(qtbot, opened, "about")
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Return)
    assert opened.info_panel.is_open and opened.info_panel.hotspot.id == "about"
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Escape)
    assert not opened.info_panel.is_open
    _tab_to(qtbot, opened, "stele")
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Space)
    assert opened.info_panel.is_open and opened.info_panel.hotspot.id == "stele"
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Escape)

    _tab_to(qtbot, opened, "to-courtyard")
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: _settled(opened, "courtyard"), timeout=LOAD_TIMEOUT_MS)
    visited.add(opened.session.scene.id)
    assert opened.hotspot_keyboard.focused is None  # a new scene starts unfocused
    assert "Panorama" in opened.panorama_view.accessibleName()
    back = next(h for h in opened.hotspot_keyboard.hotspots() if h.kind == "scene")
    opened.panorama_view.setFocus()
    _tab_to(qtbot, opened, back.id)
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _settled(opened, back.target_scene), timeout=LOAD_TIMEOUT_MS)
    assert visited == {scene.id for scene in opened.session.tour.scenes}


def test_reduced_motion_turns_off_inertia(opened):
    assert opened.panorama_view.navigator.inertia_enabled
    preferences.set_reduced_motion(True)
    try:
        assert not opened.panorama_view.navigator.inertia_enabled
        navigator = opened.panorama_view.navigator
        navigator.begin_drag(100, 100, 0.0)
        navigator.drag_to(200, 100, 0.02)
        assert navigator.end_drag(0.03) is False  # a flick stops dead
    finally:
        preferences.set_reduced_motion(False)
    assert opened.panorama_view.navigator.inertia_enabled


def test_preferences_dialog_stores_settings(qtbot, opened):
    opened.preferences_action.trigger()
    dialog = opened.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reduced_motion_box.setChecked(True)
    assert preferences.reduced_motion()
    dialog.text_size_slider.setValue(2)
    assert preferences.text_scale() == pytest.approx(1.5)
    assert dialog.text_size_value.text() == "150 %"
    assert dialog.text_size_slider.accessibleName() == "Text size"
    dialog.reduced_motion_box.setChecked(False)
    dialog.text_size_slider.setValue(0)
    dialog.close()


def test_panel_controls_have_accessible_names(opened):
    opened.hotspot_activated.emit(next(h for h in opened.session.scene.hotspots if h.id == "about"))
    panel = opened.info_panel
    assert panel.accessibleName().endswith("About this sample")
    assert panel.close_button.accessibleName() == "Close"
    assert panel.browser.accessibleName() == "About this sample"
    panel.close_panel()

"""Hotspots in the window: hover, tooltip, click to follow or announce, drag from a marker."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from hotspot_tour import make_two_scene_tour, wait_for_scene, wait_idle
from vtour.model.tour import View

pytestmark = pytest.mark.ui


def _send(view, kind, x, y, buttons=Qt.MouseButton.NoButton, button=Qt.MouseButton.NoButton):
    point = QPointF(x, y)
    event = QMouseEvent(kind, point, view.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, event)


def _click(view, x, y):
    left = Qt.MouseButton.LeftButton
    _send(view, QEvent.Type.MouseButtonPress, x, y, left, left)
    _send(view, QEvent.Type.MouseButtonRelease, x, y, Qt.MouseButton.NoButton, left)


def _where(window, hotspot_id):
    spot = next(h for h in window.scene.hotspots if h.id == hotspot_id)
    x, y, shown = window.hotspot_layer.geometry().to_pixels(spot.yaw, spot.pitch)
    assert shown
    return spot, float(x), float(y)


@pytest.fixture
def opened(qtbot, window, tmp_path):
    window.open_tour(make_two_scene_tour(tmp_path))
    wait_for_scene(qtbot, window, "a")
    window.scene_switcher.preload_enabled = False  # these tests exercise input, not preloading
    return window


def test_click_on_link_follows_it_to_its_target_view(qtbot, opened):
    spot, x, y = _where(opened, "go")
    _click(opened.panorama_view, x, y)
    wait_for_scene(qtbot, opened, "b")
    wait_idle(qtbot, opened)
    assert opened.session.scene.id == "b"
    assert opened.panorama_view.view == View(33, -4, 80)
    assert opened.session.view == View(33, -4, 80)


def test_click_ten_pixels_outside_a_marker_does_nothing(qtbot, opened):
    from vtour.geometry.picking import MARKER_RADIUS_DIP, PICK_SLOP_DIP

    activated = []
    opened.hotspot_activated.connect(activated.append)
    _, x, y = _where(opened, "note")
    _click(opened.panorama_view, x, y + MARKER_RADIUS_DIP + PICK_SLOP_DIP + 10)
    qtbot.wait(50)
    assert activated == [] and opened.session.scene.id == "a"


def test_click_on_info_and_area_emits_hotspot_activated(qtbot, opened):
    spot, x, y = _where(opened, "note")
    with qtbot.waitSignal(opened.hotspot_activated, timeout=2000) as info:
        _click(opened.panorama_view, x, y)
    assert info.args[0] is spot
    area = next(h for h in opened.scene.hotspots if h.id == "wall")
    ax, ay, _ = opened.hotspot_layer.geometry().to_pixels(-27.5, 0.0)
    with qtbot.waitSignal(opened.hotspot_activated, timeout=2000) as hit:
        _click(opened.panorama_view, float(ax), float(ay))
    assert hit.args[0] is area
    assert opened.session.scene.id == "a"


def test_press_on_marker_then_drag_turns_the_view_without_activating(qtbot, opened):
    activated = []
    opened.hotspot_activated.connect(activated.append)
    view = opened.panorama_view
    _, x, y = _where(opened, "go")
    before = view.view.yaw
    left = Qt.MouseButton.LeftButton
    _send(view, QEvent.Type.MouseButtonPress, x, y, left, left)
    for step in range(1, 6):
        _send(view, QEvent.Type.MouseMove, x - 12 * step, y, left)
    _send(view, QEvent.Type.MouseButtonRelease, x - 60, y, Qt.MouseButton.NoButton, left)
    qtbot.wait(100)
    assert view.view.yaw != pytest.approx(before, abs=1.0)
    assert activated == [] and opened.session.scene.id == "a"
    assert opened.scene_switcher.is_transitioning is False


def test_small_jitter_still_activates(qtbot, opened):
    view = opened.panorama_view
    spot, x, y = _where(opened, "note")
    left = Qt.MouseButton.LeftButton
    with qtbot.waitSignal(opened.hotspot_activated, timeout=2000) as hit:
        _send(view, QEvent.Type.MouseButtonPress, x, y, left, left)
        _send(view, QEvent.Type.MouseMove, x + 2, y + 1, left)
        _send(view, QEvent.Type.MouseButtonRelease, x + 2, y + 1, Qt.MouseButton.NoButton, left)
    assert hit.args[0] is spot


def test_hover_shows_pointing_hand_and_title_in_session_language(qtbot, opened):
    view = opened.panorama_view
    _, x, y = _where(opened, "go")
    _send(view, QEvent.Type.MouseMove, x, y)
    assert opened.hotspot_layer.hovered.id == "go"
    assert view.cursor().shape() == Qt.CursorShape.PointingHandCursor
    assert view.toolTip() == "To B"
    _send(view, QEvent.Type.MouseMove, 5, 5)
    assert opened.hotspot_layer.hovered is None
    assert view.cursor().shape() == Qt.CursorShape.OpenHandCursor
    opened.session.set_language("zh-Hans")
    _send(view, QEvent.Type.MouseMove, x, y)
    assert view.toolTip() == "去 B"


def test_hover_repaints_only_on_change(qtbot, opened):
    view = opened.panorama_view
    _, x, y = _where(opened, "go")
    _send(view, QEvent.Type.MouseMove, x, y)
    qtbot.wait(50)
    frames = view.frames_painted
    _send(view, QEvent.Type.MouseMove, x + 1, y)
    qtbot.wait(50)
    assert view.frames_painted == frames


def test_markers_are_drawn_in_the_window(qtbot, opened):
    view = opened.panorama_view
    _, x, y = _where(opened, "go")

    def box():
        image = view.grabFramebuffer()
        ratio = image.devicePixelRatio()
        return [image.pixel(round((x + dx) * ratio), round((y + dy) * ratio))
                for dx in range(-12, 13, 3) for dy in range(-12, 13, 3)]

    qtbot.wait(50)
    shown = box()
    opened.hotspot_layer.set_visible(False)
    qtbot.wait(50)
    hidden = box()
    assert sum(a != b for a, b in zip(shown, hidden)) > len(shown) // 2


def test_tap_on_a_link_follows_it_and_touch_drag_does_not(qtbot, opened):
    from PySide6.QtGui import QInputDevice
    from PySide6.QtTest import QTest

    device = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    view = opened.panorama_view
    _, x, y = _where(opened, "go")
    start = QPoint(round(x), round(y))
    QTest.touchEvent(view, device).press(0, start, view).commit()
    for step in range(1, 6):
        QTest.touchEvent(view, device).move(0, start + QPoint(-12 * step, 0), view).commit()
    QTest.touchEvent(view, device).release(0, start + QPoint(-60, 0), view).commit()
    qtbot.wait(50)
    assert opened.session.scene.id == "a"
    assert opened.panorama_view.view.yaw > 3  # dragged left: the view turned right
    _, x, y = _where(opened, "go")  # the marker moved with the panorama
    start = QPoint(round(x), round(y))
    QTest.touchEvent(view, device).press(0, start, view).commit()
    QTest.touchEvent(view, device).release(0, start, view).commit()
    wait_for_scene(qtbot, opened, "b")

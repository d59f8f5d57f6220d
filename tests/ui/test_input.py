"""Mouse, wheel, touch and keys on the GL widget move the view as the navigation maths says."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from vtour.model.navigation import KEY_TURN_RATE, ZOOM_STEP, pixel_to_world
from vtour.geometry.angles import wrap_yaw
from vtour.model.tour import View, ViewLimits

pytestmark = pytest.mark.ui


def centre(widget) -> QPoint:
    return QPoint(widget.width() // 2, widget.height() // 2)


def send_wheel(widget, angle_y: int = 0, pixel_y: int = 0) -> None:
    pos = QPointF(centre(widget))
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos)), QPoint(0, pixel_y), QPoint(0, angle_y),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def view(window):
    view = window.panorama_view
    view.set_scene_view(View(yaw=0.0, pitch=0.0, hfov=90.0), ViewLimits(hfov_min=30.0, hfov_max=120.0))
    view.setFocus()
    return view


@pytest.mark.parametrize("dx", [37, 200])
def test_drag_turns_the_view_by_the_angle_between_rays(view, dx):
    start = centre(view)
    size = (view.width(), view.height())
    grabbed = pixel_to_world(view.view, start.x(), start.y(), *size, view.projection)
    focal = (view.width() / 2.0) / math.tan(math.radians(90.0) / 2.0)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(dx, 0))
    # The grabbed point is now under the cursor...
    under_cursor = pixel_to_world(view.view, start.x() + dx, start.y(), *size, view.projection)
    np.testing.assert_allclose(under_cursor, grabbed, atol=1e-9)
    # ...which near the centre line means turning left by the angle between the two rays.
    assert view.view.yaw == pytest.approx(-math.degrees(math.atan(dx / focal)), abs=0.01)
    assert view.view.pitch == pytest.approx(0.0, abs=0.01)  # the centre may be half a pixel off
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, 0))


def test_drag_down_looks_up(view):
    start = centre(view)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(0, 50))
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, 50), 300)
    assert view.view.pitch > 2.0


def test_flick_glides_then_the_timer_stops(qtbot, view):
    start = centre(view)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(view, start + QPoint(20 * step, 0), 8)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(100, 0))
    released_yaw = view.view.yaw
    assert view.is_animating
    qtbot.waitUntil(lambda: not view.is_animating, timeout=5000)
    assert wrap_yaw(view.view.yaw - released_yaw) < -1.0  # kept turning the same way after release
    qtbot.wait(100)  # the last change's paint
    frames = view.frames_painted
    qtbot.wait(400)
    assert view.frames_painted == frames  # at rest: no repaints


def test_wheel_zoom_stops_at_the_limits(view):
    for _ in range(40):
        send_wheel(view, angle_y=120)
    assert view.view.hfov == pytest.approx(30.0)
    for _ in range(40):
        send_wheel(view, angle_y=-120)
    assert view.view.hfov == pytest.approx(120.0)


def test_one_wheel_notch_is_one_zoom_step(view):
    send_wheel(view, angle_y=120)
    assert view.view.hfov == pytest.approx(90.0 / ZOOM_STEP)


def test_touchpad_pixel_delta_zooms_smoothly(view):
    send_wheel(view, angle_y=30, pixel_y=10)
    assert 90.0 / ZOOM_STEP < view.view.hfov < 90.0


def test_arrow_key_turns_with_acceleration_and_stops(qtbot, view):
    QTest.keyPress(view, Qt.Key.Key_Right)
    qtbot.wait(400)
    QTest.keyRelease(view, Qt.Key.Key_Right)
    turned = view.view.yaw
    assert 0.0 < turned < KEY_TURN_RATE * 90.0 * 0.4 * 1.5
    qtbot.waitUntil(lambda: not view.is_animating, timeout=5000)
    assert view.view.yaw >= turned  # eased out, never jerked back


@pytest.mark.parametrize("key", [Qt.Key.Key_Plus, Qt.Key.Key_Equal])
def test_plus_key_zooms_in(qtbot, view, key):
    QTest.keyPress(view, key)
    qtbot.wait(200)
    QTest.keyRelease(view, key)
    qtbot.waitUntil(lambda: not view.is_animating, timeout=5000)
    assert view.view.hfov < 90.0


def test_focus_loss_releases_held_keys(qtbot, window, view):
    window.activateWindow()
    qtbot.waitUntil(lambda: view.hasFocus(), timeout=3000)
    QTest.keyPress(view, Qt.Key.Key_A)
    qtbot.wait(50)
    view.clearFocus()
    qtbot.waitUntil(lambda: not view.is_animating, timeout=5000)


def test_touch_pinch_zooms_and_one_finger_drags(qtbot, view):
    device = QTest.createTouchDevice()
    c = centre(view)
    QTest.touchEvent(view, device).press(0, c - QPoint(50, 0)).press(1, c + QPoint(50, 0))
    QTest.touchEvent(view, device).move(0, c - QPoint(100, 0)).move(1, c + QPoint(100, 0))
    assert view.view.hfov < 90.0  # fingers apart: zoom in
    hfov = view.view.hfov
    QTest.touchEvent(view, device).release(0, c - QPoint(100, 0)).stationary(1)
    QTest.touchEvent(view, device).move(1, c + QPoint(160, 0))
    assert view.view.yaw < 0.0  # the remaining finger drags
    QTest.touchEvent(view, device).release(1, c + QPoint(160, 0))
    assert view.view.hfov == pytest.approx(hfov)


def test_resize_updates_the_navigation_viewport(qtbot, window):
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.panorama_view.navigator.viewport[0] == window.panorama_view.width())
    assert window.panorama_view.navigator.viewport[1] == window.panorama_view.height()


def test_touchpad_pinch_gesture_zooms(view):
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice

    pos = QPointF(centre(view))
    event = QNativeGestureEvent(Qt.NativeGestureType.ZoomNativeGesture, QPointingDevice.primaryPointingDevice(), 2,
                                pos, pos, QPointF(view.mapToGlobal(pos)), 0.25, QPointF())
    QApplication.sendEvent(view, event)
    assert view.view.hfov == pytest.approx(90.0 / 1.25)

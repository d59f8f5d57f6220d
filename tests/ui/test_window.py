"""The window: fullscreen, menus, settings, GL failures, and no work while idle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QOpenGLContext, QSurfaceFormat
from PySide6.QtTest import QTest

from vtour.geometry.projections import Projection
from vtour.model.tour import View, ViewLimits
from vtour.render.errors import RenderError

pytestmark = pytest.mark.ui


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    window.panorama_view.setFocus()


def test_application_is_configured_before_it_starts(qapp):
    assert qapp.testAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    fmt = QSurfaceFormat.defaultFormat()
    assert (fmt.majorVersion(), fmt.minorVersion()) == (3, 3)
    assert fmt.profile() == QSurfaceFormat.OpenGLContextProfile.CoreProfile
    assert fmt.depthBufferSize() == 24 and fmt.swapInterval() == 1
    assert qapp.organizationName() == "vtour" and qapp.applicationName() == "vtour"
    assert qapp.highDpiScaleFactorRoundingPolicy() == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough


def test_widget_gets_a_core_context_of_at_least_3_3(qtbot, window):
    qtbot.waitUntil(lambda: window.panorama_view.context() is not None, timeout=3000)
    fmt = window.panorama_view.context().format()
    assert (fmt.majorVersion(), fmt.minorVersion()) >= (3, 3)
    assert window.panorama_view.gl_error is None


def test_f11_toggles_fullscreen_and_escape_leaves_it(qtbot, window):
    activate(qtbot, window)
    QTest.keyClick(window.panorama_view, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    assert window.fullscreen_action.isChecked() and not window.menuBar().isVisible()
    QTest.keyClick(window.panorama_view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert window.menuBar().isVisible() and not window.fullscreen_action.isChecked()
    QTest.keyClick(window.panorama_view, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    QTest.keyClick(window.panorama_view, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)


def test_escape_outside_fullscreen_does_nothing(qtbot, window):
    activate(qtbot, window)
    QTest.keyClick(window.panorama_view, Qt.Key.Key_Escape)
    assert window.isVisible() and not window.isFullScreen()


def test_menus_hold_the_commands(window):
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[:2] == ["&File", "&View"] and titles[-1] == "&Help"
    assert {"&Go", "&Tour", "&Language"} <= set(titles)
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.fullscreen_action.shortcut().toString() == "F11"
    assert set(window.projection_actions) == set(Projection)


def test_projection_menu_switches_projection_and_repaints(qtbot, window):
    frames = window.panorama_view.frames_painted
    window.projection_actions[Projection.PANNINI].trigger()
    assert window.panorama_view.projection is Projection.PANNINI
    qtbot.waitUntil(lambda: window.panorama_view.frames_painted > frames, timeout=3000)
    assert window.projection_actions[Projection.PANNINI].isChecked()


def test_reset_view_returns_to_the_scene_start(qtbot, window, quadrant_image):
    window.open_tour(quadrant_image)
    qtbot.waitUntil(lambda: window.overlay.mode == "hidden", timeout=10000)
    start = window.panorama_view.view
    window.panorama_view.set_view(View(yaw=77.0, pitch=12.0, hfov=60.0))
    window.reset_action.trigger()
    assert window.panorama_view.view == start


def test_window_geometry_is_restored(qtbot, make_window):
    first = make_window()
    first.resize(700, 510)
    qtbot.waitUntil(lambda: first.width() == 700)
    first.close()
    assert QSettings().value("window/geometry") is not None
    second = make_window()
    assert (second.width(), second.height()) == (700, 510)


def test_renderer_failure_shows_in_the_window(qtbot, make_window):
    def broken_renderer(**kwargs):
        raise RenderError("OpenGL 3.3 core profile is required")

    window = make_window(renderer_factory=broken_renderer)
    qtbot.waitUntil(lambda: window.overlay.mode == "error", timeout=3000)
    assert "OpenGL 3.3" in window.overlay.message_text()
    assert window.isVisible()


def test_idle_window_does_not_repaint(qtbot, window, quadrant_image):
    window.open_tour(quadrant_image)
    qtbot.waitUntil(lambda: window.overlay.mode == "hidden", timeout=10000)
    qtbot.wait(200)
    frames = window.panorama_view.frames_painted
    qtbot.wait(600)
    assert window.panorama_view.frames_painted == frames
    assert not window.panorama_view.is_animating


def test_view_limits_from_the_scene_apply(window):
    window.panorama_view.set_scene_view(View(hfov=200.0), ViewLimits(hfov_max=110.0))
    assert window.panorama_view.view.hfov == pytest.approx(110.0)


def recording_factory(log: list):
    """A real renderer whose release() notes whether a GL context was current."""

    def factory(**kwargs):
        from vtour.render.renderer import PanoramaRenderer

        renderer = PanoramaRenderer(**kwargs)
        release = renderer.release

        def recorded_release():
            log.append(QOpenGLContext.currentContext() is not None)
            release()

        renderer.release = recorded_release
        return renderer

    return factory


@pytest.mark.parametrize("closed_first", [True, False], ids=["closed", "deleted-unclosed"])
def test_gl_resources_are_released_once_in_their_context(qtbot, closed_first):
    from vtour.ui.window import MainWindow

    released: list[bool] = []
    window = MainWindow(renderer_factory=recording_factory(released))
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.panorama_view._renderer is not None, timeout=3000)
    if closed_first:
        window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert released == [True]

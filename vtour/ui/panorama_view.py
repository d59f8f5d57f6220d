"""The GL widget that shows a panorama and turns mouse, wheel, touch and keys into view changes.

Render on demand: the widget repaints only when the view or the panorama changed, and a timer runs
only while the view glides (inertia) or a key is held, so an idle window costs no CPU.

All GL work happens with this widget's context current: the renderer is created in
:meth:`initializeGL`, draws in :meth:`paintGL`, receives uploads between ``makeCurrent`` and
``doneCurrent``, and is released before its context dies.
"""

from __future__ import annotations

import functools
import logging
import math
import traceback
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QEventPoint,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QOffscreenSurface,
    QOpenGLContext,
    QTouchEvent,
    QWheelEvent,
)
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from vtour.geometry.projections import Projection
from vtour.model.navigation import KeyAction, Navigator
from vtour.model.tour import Horizon, View, ViewLimits
from vtour.ui.app import gl_version_problem

log = logging.getLogger(__name__)

BACKGROUND = (0.063, 0.067, 0.082)
"""Dark slate behind a missing or partial panorama (and behind the overlay cards)."""

FRAME_INTERVAL_MS = 16
"""Animation tick while gliding or turning by keys (about 60 Hz; vsync paces the paint itself)."""

TOUCHPAD_PIXELS_PER_STEP = 50.0
"""Touchpad scrolling (pixel deltas) per wheel notch of zoom."""

GL_COLOR_BUFFER_BIT = 0x4000

KEY_ACTIONS = {
    Qt.Key.Key_Left: KeyAction.TURN_LEFT,
    Qt.Key.Key_A: KeyAction.TURN_LEFT,
    Qt.Key.Key_Right: KeyAction.TURN_RIGHT,
    Qt.Key.Key_D: KeyAction.TURN_RIGHT,
    Qt.Key.Key_Up: KeyAction.LOOK_UP,
    Qt.Key.Key_W: KeyAction.LOOK_UP,
    Qt.Key.Key_Down: KeyAction.LOOK_DOWN,
    Qt.Key.Key_S: KeyAction.LOOK_DOWN,
    Qt.Key.Key_Plus: KeyAction.ZOOM_IN,
    Qt.Key.Key_Equal: KeyAction.ZOOM_IN,  # "+" without Shift on most layouts
    Qt.Key.Key_Minus: KeyAction.ZOOM_OUT,
    Qt.Key.Key_Underscore: KeyAction.ZOOM_OUT,
}

STREAM_POLL_MS = 15
"""How often a view with tiles decoding looks for finished ones."""

TOUCH_EVENTS = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


def _default_renderer_factory(**kwargs):
    from vtour.render.renderer import PanoramaRenderer

    return PanoramaRenderer(**kwargs)


class PanoramaView(QOpenGLWidget):
    """Shows one panorama through a :class:`~vtour.render.renderer.PanoramaRenderer`.

    Parameters
    ----------
    renderer_factory
        ``factory(background=...)`` returning a renderer; called with the GL context current.
        Tests may inject a fake.

    Signals
    -------
    view_changed(View)
        After any change of the view (drag, glide, zoom, keys, limits).
    gl_failed(str, str)
        OpenGL is unusable (version too old, renderer failed): a message and details.
    panorama_lost()
        The GL context was recreated and the panorama must be uploaded again.
    """

    view_changed = Signal(object)
    gl_failed = Signal(str, str)
    panorama_lost = Signal()

    def __init__(self, parent: QWidget | None = None, *, renderer_factory: Callable | None = None):
        super().__init__(parent)
        self.navigator = Navigator()
        self._renderer_factory = renderer_factory or _default_renderer_factory
        self._gl: _GLResources | None = None
        self._pending: tuple[object, Horizon] | None = None
        self._showing = False  # a panorama is on screen (or should be)
        self._gl_error: tuple[str, str] | None = None
        self._render_broken = False
        self._pinch_distance: float | None = None
        self._frames = 0
        self._overlay_painters: list = []  # drawn over each frame (hotspots, transitions)
        # A tiled panorama's tiles decode in the background: poll (cheaply) and redraw when some are ready.
        self._stream_timer = QTimer(self, interval=STREAM_POLL_MS)
        self._stream_timer.timeout.connect(self._poll_tiles)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._elapsed = QElapsedTimer()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setMinimumSize(160, 120)

    # -- state for the window and tests -------------------------------------------------------

    @property
    def view(self) -> View:
        return self.navigator.view

    @property
    def projection(self) -> Projection:
        return self.navigator.projection

    @property
    def has_panorama(self) -> bool:
        return self._showing

    @property
    def gl_error(self) -> tuple[str, str] | None:
        """(message, details) when OpenGL is unusable, else None."""
        return self._gl_error

    @property
    def is_animating(self) -> bool:
        return self._timer.isActive()

    @property
    def frames_painted(self) -> int:
        """Frames drawn so far: lets tests and the idle probe see that nothing repaints."""
        return self._frames

    # -- commands -------------------------------------------------------------------------------

    def set_scene_view(self, view: View, limits: ViewLimits) -> None:
        """A new scene's initial view and limits."""
        self._stop_animation()
        self.navigator.set_limits(limits)
        self._apply(self.navigator.set_view(view))

    def set_view(self, view: View) -> None:
        self._stop_animation()
        self._apply(self.navigator.set_view(view))

    def set_inertia(self, enabled: bool) -> None:
        """Whether a released drag glides on (off for reduced motion)."""
        self.navigator.inertia_enabled = bool(enabled)

    def set_projection(self, projection: Projection) -> None:
        self._apply(self.navigator.set_projection(projection), force=True)

    def show_panorama(self, pixels, horizon: Horizon = Horizon()) -> bool:
        """Upload ``pixels`` (then dropped) and show them; False where GL refused them.

        Before the widget's first ``initializeGL`` the pixels wait and are uploaded there.
        """
        self._showing = True
        if self._renderer is None:
            if self._gl_error is None and not self._gl_initialized():
                self._pending = (pixels, horizon)
                return True
            return False
        return self._upload(pixels, horizon)

    def clear_panorama(self) -> None:
        self._pending = None
        self._showing = False
        if self._renderer is not None and self._make_current():
            try:
                self._renderer.clear_panorama()
            finally:
                self.doneCurrent()
        self.update()

    def add_overlay_painter(self, painter) -> None:
        """Draw ``painter`` over every frame, in the order added.

        ``painter.paint_gl(widget, framebuffer, width, height, ratio)`` runs in :meth:`paintGL` after
        the panorama (device pixels, context current); ``painter.release_gl()`` frees its GL objects
        when the context goes (current then too). A painter makes its GL objects lazily in paint_gl.
        """
        self._overlay_painters.append(painter)

    def release_gl(self) -> None:
        """Free GL resources now (the window is closing); safe to call more than once."""
        self._stop_animation()
        self._release_gl()

    # -- GL lifecycle ---------------------------------------------------------------------------

    def initializeGL(self) -> None:
        context = self.context()
        self._render_broken = False
        problem = gl_version_problem(context.format())
        if problem:
            self._fail_gl(problem, _describe_context(context))
            return
        try:
            self._gl = _GLResources(context, self._renderer_factory(background=BACKGROUND), self._overlay_painters)
        except Exception as exc:
            log.exception("the panorama renderer could not start")
            self._fail_gl(self.tr("The panorama renderer could not start: {problem}").format(problem=exc),
                          _describe_context(context) + "\n\n" + "".join(traceback.format_exception(exc)))
            return
        self._after_context_ready()

    def _after_context_ready(self) -> None:
        if self._pending is not None:
            pixels, horizon = self._pending
            self._pending = None
            self._upload(pixels, horizon)
        elif self._showing:
            # A new context (reparenting can cause one) starts empty: ask for the scene again.
            QTimer.singleShot(0, self, self.panorama_lost.emit)

    def resizeGL(self, width: int, height: int) -> None:
        # Navigation works in logical pixels; paintGL converts to device pixels.
        self._apply(self.navigator.set_viewport(self.width(), self.height()), repaint=False)

    def paintGL(self) -> None:
        self._frames += 1
        if self._renderer is None or self._render_broken or not self._renderer.has_panorama:
            self._clear()
            return
        ratio = self.devicePixelRatioF()
        width, height = max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))
        try:
            self._renderer.render_frame(self.navigator.view, width, height, self.navigator.projection,
                                        framebuffer=self.defaultFramebufferObject())
            for painter in self._overlay_painters:
                painter.paint_gl(self, self.defaultFramebufferObject(), width, height, ratio)
            if getattr(self._renderer, "streaming", False) and not self._stream_timer.isActive():
                self._stream_timer.start()  # tiles are decoding: draw again when they are ready
            if self._renderer.mipmaps_pending:
                # The first frame drew from the full-resolution level alone; build the rest now,
                # after it reaches the screen, and draw again with them.
                QTimer.singleShot(0, self, self._complete_mipmaps)
        except Exception as exc:
            # Drawing failed once; it would fail every frame. Say so in the window, draw nothing.
            self._render_broken = True
            log.exception("rendering a frame failed")
            self._fail_gl(self.tr("Drawing the panorama failed: {problem}").format(problem=exc),
                          "".join(traceback.format_exception(exc)))
            self._clear()

    def _poll_tiles(self) -> None:
        renderer = self._renderer
        if renderer is None or not getattr(renderer, "streaming", False):
            self._stream_timer.stop()
        elif renderer.tiles_ready():
            self._stream_timer.stop()  # paintGL starts it again while tiles remain
            self.update()

    def _complete_mipmaps(self) -> None:
        if self._renderer is None or not self._renderer.mipmaps_pending or not self._make_current():
            return
        try:
            self._renderer.complete_mipmaps()
        finally:
            self.doneCurrent()
        self.update()

    def _clear(self) -> None:
        functions = self.context().functions()
        functions.glClearColor(*BACKGROUND, 1.0)
        functions.glClear(GL_COLOR_BUFFER_BIT)

    def _upload(self, pixels, horizon: Horizon) -> bool:
        if not self._make_current():
            self._pending = (pixels, horizon)
            return True
        try:
            self._renderer.set_panorama(pixels, horizon=horizon, defer_mipmaps=True)
        except Exception as exc:
            log.exception("uploading the panorama failed")
            self._report_gl_problem(self.tr("The panorama could not be shown: {problem}").format(problem=exc),
                                    "".join(traceback.format_exception(exc)))
            self._showing = False
            return False
        finally:
            self.doneCurrent()
        self._render_broken = False
        self.update()
        return True

    def _make_current(self) -> bool:
        if not self._gl_initialized():
            return False
        self.makeCurrent()
        return True

    def _gl_initialized(self) -> bool:
        context = self.context()
        return context is not None and context.isValid()

    @property
    def _renderer(self):
        return self._gl.renderer if self._gl is not None else None

    def _release_gl(self) -> None:
        gl, self._gl = self._gl, None
        if gl is not None:
            gl.release()

    def _fail_gl(self, message: str, details: str) -> None:
        self._gl_error = (message, details)
        self._report_gl_problem(message, details)

    def _report_gl_problem(self, message: str, details: str) -> None:
        # Queued: the receiver changes widgets, which must not happen inside initializeGL/paintGL.
        QTimer.singleShot(0, self, lambda: self.gl_failed.emit(message, details))

    # -- mouse ----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._stop_animation()
        self.navigator.begin_drag(*_xy(event.position()), _seconds(event))
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.navigator.is_dragging:
            return super().mouseMoveEvent(event)
        self._apply(self.navigator.drag_to(*_xy(event.position()), _seconds(event)))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.navigator.is_dragging:
            return super().mouseReleaseEvent(event)
        self._apply(self.navigator.drag_to(*_xy(event.position()), _seconds(event)))
        if self.navigator.end_drag(_seconds(event)):
            self._start_animation()
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        pixels, angle = event.pixelDelta(), event.angleDelta()
        # Touchpads send pixel deltas (smooth); mice send notches of 120 eighths of a degree.
        steps = pixels.y() / TOUCHPAD_PIXELS_PER_STEP if not pixels.isNull() else angle.y() / 120.0
        if steps:
            self._apply(self.navigator.zoom_steps(steps, at=_xy(event.position())))
        event.accept()

    # -- touch and gestures ---------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() in TOUCH_EVENTS:
            return self._touch_event(event)
        if event.type() == QEvent.Type.NativeGesture:
            return self._native_gesture(event)
        return super().event(event)

    def _touch_event(self, event: QTouchEvent) -> bool:
        event.accept()
        if event.type() == QEvent.Type.TouchCancel:
            self.navigator.cancel_drag()
            self._pinch_distance = None
            return True
        points = [p.position() for p in event.points() if p.state() != QEventPoint.State.Released]
        when = _seconds(event)
        if len(points) >= 2:
            self._pinch(points[0], points[1])
        elif len(points) == 1:
            self._touch_drag(points[0], when)
        else:
            self._touch_released(when)
        return True

    def _pinch(self, first: QPointF, second: QPointF) -> None:
        self.navigator.cancel_drag()  # a second finger turns a drag into a pinch
        distance = math.hypot(first.x() - second.x(), first.y() - second.y())
        centre = ((first.x() + second.x()) / 2.0, (first.y() + second.y()) / 2.0)
        if self._pinch_distance and distance > 0:
            self._apply(self.navigator.zoom_by(distance / self._pinch_distance, at=centre))
        self._pinch_distance = distance or None

    def _touch_drag(self, point: QPointF, when: float | None) -> None:
        self._pinch_distance = None
        if self.navigator.is_dragging:
            self._apply(self.navigator.drag_to(*_xy(point), when))
        else:  # first finger down, or the finger left over after a pinch: grab afresh, no jump
            self._stop_animation()
            self.navigator.begin_drag(*_xy(point), when)

    def _touch_released(self, when: float | None) -> None:
        self._pinch_distance = None
        if self.navigator.is_dragging and self.navigator.end_drag(when):
            self._start_animation()

    def _native_gesture(self, event: QNativeGestureEvent) -> bool:
        if event.gestureType() != Qt.NativeGestureType.ZoomNativeGesture:
            return super().event(event)
        # value() is the change in magnification since the previous event (0.1 = 10 % larger).
        self._apply(self.navigator.zoom_by(1.0 + event.value(), at=_xy(event.position())))
        event.accept()
        return True

    # -- keys -----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = KEY_ACTIONS.get(Qt.Key(event.key()))
        if action is None:
            return super().keyPressEvent(event)  # Esc, F11... go on to the window
        if not event.isAutoRepeat() and self.navigator.set_key(action, True):
            self._start_animation()
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        action = KEY_ACTIONS.get(Qt.Key(event.key()))
        if action is None:
            return super().keyReleaseEvent(event)
        if not event.isAutoRepeat():
            self.navigator.set_key(action, False)
        event.accept()

    def focusOutEvent(self, event) -> None:
        # Key releases go to whoever has focus next: without this a held arrow would spin forever.
        self.navigator.release_keys()
        super().focusOutEvent(event)

    # -- animation ------------------------------------------------------------------------------

    def _start_animation(self) -> None:
        if not self._timer.isActive():
            self._elapsed.start()
            self._timer.start()

    def _stop_animation(self) -> None:
        self._timer.stop()
        self.navigator.stop()

    def _tick(self) -> None:
        dt = self._elapsed.restart() / 1000.0
        before = self.navigator.view
        moving = self.navigator.step(dt)
        self._apply(self.navigator.view != before)
        if not moving:
            self._timer.stop()

    def _apply(self, changed: bool, repaint: bool = True, force: bool = False) -> None:
        """Repaint and tell listeners, only when something changed (render on demand)."""
        if not (changed or force):
            return
        if repaint:
            self.update()
        self.view_changed.emit(self.navigator.view)


class _GLResources:
    """The renderer, and what releasing it needs even after the widget is gone.

    A context that dies with its widget announces it (``aboutToBeDestroyed``) after PySide has
    invalidated the widget's Python side and the context wrapper tied to it, so neither the
    widget's ``makeCurrent`` nor that wrapper can be used then. This object keeps its own
    offscreen surface and the context's address (re-wrapped when needed; the context is alive
    while it announces its end), and is connected through a ``functools.partial``, which the
    connection holds strongly (a bound method would be held weakly).
    """

    def __init__(self, context: QOpenGLContext, renderer, painters=()):
        self.context = context
        self.painters = painters
        self.address = shiboken6.getCppPointer(context)[0]
        self.renderer = renderer
        self.surface = QOffscreenSurface()
        self.surface.setFormat(context.format())
        self.surface.create()
        context.aboutToBeDestroyed.connect(functools.partial(_GLResources.release, self))

    def release(self) -> None:
        """Free the renderer's GL objects in their context; later calls do nothing."""
        renderer, self.renderer = self.renderer, None
        if renderer is None:
            return
        context = self._live_context()
        if not context.makeCurrent(self.surface):
            log.warning("cannot make the GL context current to release its resources")
            return
        try:
            renderer.release()
            for painter in self.painters:
                painter.release_gl()
        except Exception:
            log.exception("releasing GL resources failed")
        finally:
            context.doneCurrent()

    def _live_context(self) -> QOpenGLContext:
        if shiboken6.isValid(self.context):
            return self.context
        return shiboken6.wrapInstance(self.address, QOpenGLContext)


def _xy(point: QPointF) -> tuple[float, float]:
    return point.x(), point.y()


def _seconds(event) -> float | None:
    """When the input happened (event timestamps are ms); None where the event has none.

    Inertia needs input times, not handling times: events handled in a burst after a busy
    moment would otherwise look like an impossibly fast flick.
    """
    stamp = event.timestamp()
    return stamp / 1000.0 if stamp else None


def _describe_context(context) -> str:
    fmt = context.format()
    profile = {
        fmt.OpenGLContextProfile.CoreProfile: "core",
        fmt.OpenGLContextProfile.CompatibilityProfile: "compatibility",
    }.get(fmt.profile(), "no profile")
    return f"OpenGL context: {fmt.majorVersion()}.{fmt.minorVersion()} ({profile})"

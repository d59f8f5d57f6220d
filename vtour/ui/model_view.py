"""The GL widget that shows a model scene (glTF) and turns input into orbit, walk and fly-to moves.

Like :class:`~vtour.ui.panorama_view.PanoramaView`: the renderer (a
:class:`~vtour.render.lod_renderer.LodMeshRenderer`) is made in :meth:`initializeGL` and released in
its context before the context dies; frames are drawn on demand, a timer runs only while a flight
or held walk keys move the camera. While the camera moves, frames are drawn with one sample and,
where a ``<stem>.lods.json`` manifest exists, a coarser level (or a lower render scale) picked by
:class:`~vtour.model.lod_selection.LodChooser` from the frame times measured; :data:`REST_MS` after
the last movement one frame is drawn at full detail with MSAA.

The model is read on the loader's worker thread (:func:`load_model_content`, called by
:mod:`vtour.ui.loader`); the collision mesh for walk mode and the LOD levels are prepared on this
view's own background thread after the first frame, so they do not delay it.
"""

from __future__ import annotations

import functools
import logging
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, QThreadPool, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence, QMouseEvent, QWheelEvent
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from vtour.model.lod_selection import LodChooser, LodLevel, Option, find_manifest, finest_needed, read_manifest
from vtour.model.model_navigation import Collider, Mode, ModelNavigator, Move
from vtour.model.tour import ModelSource
from vtour.ui.app import gl_version_problem
from vtour.ui.panorama_view import BACKGROUND, FRAME_INTERVAL_MS, TOUCHPAD_PIXELS_PER_STEP, _describe_context, _GLResources

log = logging.getLogger(__name__)

REST_MS = 150
"""The camera counts as resting this long after the last movement: then one full-detail frame."""

WALK_KEYS = {
    Qt.Key.Key_W: Move.FORWARD, Qt.Key.Key_Up: Move.FORWARD,
    Qt.Key.Key_S: Move.BACK, Qt.Key.Key_Down: Move.BACK,
    Qt.Key.Key_A: Move.LEFT, Qt.Key.Key_Left: Move.LEFT,
    Qt.Key.Key_D: Move.RIGHT, Qt.Key.Key_Right: Move.RIGHT,
}
ORBIT_KEYS = {  # orbit mode: arrows/WASD turn around the model, +/- zoom (one press, one step)
    Qt.Key.Key_Left: (-15.0, 0.0), Qt.Key.Key_A: (-15.0, 0.0),
    Qt.Key.Key_Right: (15.0, 0.0), Qt.Key.Key_D: (15.0, 0.0),
    Qt.Key.Key_Up: (0.0, 10.0), Qt.Key.Key_W: (0.0, 10.0),
    Qt.Key.Key_Down: (0.0, -10.0), Qt.Key.Key_S: (0.0, -10.0),
}
PAINT_BUDGET_SECONDS = 0.038
"""paintGL time aimed at while moving: 20 frames/s (50 ms) less the ~12 ms QOpenGLWidget's
composition into the window took on llvmpipe at 1280x800 (measured)."""
GL_COLOR_BUFFER_BIT = 0x4000


@dataclass
class ModelContent:
    """What the loader's worker hands the view: the model, its environment image and LOD levels."""

    source: ModelSource
    asset: object  # ModelAsset
    environment: np.ndarray | None = None
    lods: list[LodLevel] = field(default_factory=list)  # level 0 first; empty: no manifest


def load_model_content(source: ModelSource, report) -> ModelContent:
    """Read a model scene on a worker thread; ``report(fraction)`` gets rising fractions in [0, 1]."""
    from vtour.io.gltf import load_gltf

    has_environment = source.environment is not None
    share = 0.85 if has_environment else 1.0
    asset = load_gltf(source.path, progress=lambda fraction, message: report(fraction * share))
    environment = None
    if has_environment:
        from vtour.io.hdr import read_hdr

        environment = read_hdr(source.environment)
        report(1.0)
    lods: list[LodLevel] = []
    manifest = find_manifest(Path(source.path))
    if manifest is not None:
        try:
            lods = read_manifest(manifest)
        except ValueError as exc:
            log.warning("ignoring levels of detail: %s", exc)
    return ModelContent(source, asset, environment, lods)


class _BackgroundSignals(QObject):
    collider_ready = Signal(int, object)
    level_ready = Signal(int, object)


def _prepare(generation: int, asset, lods: list[LodLevel], signals: _BackgroundSignals, current) -> None:
    """Background thread: the collision mesh, then each LOD level's file."""
    try:
        started = time.perf_counter()
        collider = Collider.from_asset(asset)
        log.debug("collision mesh in %.2f s", time.perf_counter() - started)
        if not current(generation):
            return
        signals.collider_ready.emit(generation, collider)
        del asset
        from vtour.io.gltf import load_gltf

        for level in lods[1:]:
            if not current(generation):
                return
            try:
                signals.level_ready.emit(generation, (level, load_gltf(level.file)))
            except Exception as exc:  # a broken LOD file costs speed, not the scene
                log.warning("level of detail %s not used: %s", level.file, exc)
    except RuntimeError:  # the view went away while this ran
        log.debug("model view closed during background preparation")
    except Exception:
        log.exception("preparing the model for walking failed")


class ModelView(QOpenGLWidget):
    """Shows one glTF model through a :class:`~vtour.render.lod_renderer.LodMeshRenderer`.

    Signals
    -------
    camera_changed(OrbitCamera)
        After any camera change.
    gl_failed(str, str)
        OpenGL is unusable or drawing failed: a message and details.
    mode_changed(Mode)
        Orbit or walk.
    model_shown()
        A new model was uploaded and its start camera set (the overview replaces it here).
    """

    camera_changed = Signal(object)
    gl_failed = Signal(str, str)
    mode_changed = Signal(object)
    collider_ready = Signal()
    model_shown = Signal()

    def __init__(self, parent: QWidget | None = None, *, renderer_factory=None):
        super().__init__(parent)
        self.navigator = ModelNavigator()
        self._renderer_factory = renderer_factory or _default_renderer_factory
        self._gl: _GLResources | None = None
        self._gl_error: tuple[str, str] | None = None
        self._pending: ModelContent | None = None
        self._content: ModelContent | None = None
        self._lods: list[LodLevel] = []
        self._chooser = LodChooser([1], target=PAINT_BUDGET_SECONDS)
        self._render_broken = False
        self._frames = 0
        self._moving = False  # drawing cheap frames until the rest timer fires
        self.last_option: Option | None = None
        self.last_samples: int | None = None
        self.frame_seconds: list[float] = []  # of moving frames (measurements, tests)
        self._drag: tuple[str, QPointF] | None = None
        self._arrival = None  # (Flight, callback) of a fly_to whose end someone waits for
        self.start = self.navigator.camera  # the model scene's start camera (its "dollhouse" view)
        self._overlay_painters: list = []  # e.g. ModelHotspotLayer: drawn in the mesh pass
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _BackgroundSignals(self)
        self._signals.collider_ready.connect(self._on_collider)
        self._signals.level_ready.connect(self._on_level)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._elapsed = QElapsedTimer()
        self._rest = QTimer(self)
        self._rest.setSingleShot(True)
        self._rest.setInterval(REST_MS)
        self._rest.timeout.connect(self._on_rest)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setMinimumSize(160, 120)

    # -- state ------------------------------------------------------------------------------------

    @property
    def camera(self):
        return self.navigator.camera

    @property
    def asset(self):
        """The model on screen (a ``ModelAsset``), or None."""
        content = self._content or self._pending
        return content.asset if content is not None else None

    @property
    def has_model(self) -> bool:
        return self._content is not None or self._pending is not None

    @property
    def frames_painted(self) -> int:
        return self._frames

    @property
    def is_animating(self) -> bool:
        return self._timer.isActive() or self._rest.isActive()

    @property
    def gl_error(self) -> tuple[str, str] | None:
        return self._gl_error

    @property
    def is_dragging(self) -> bool:
        """A mouse button is held on the view (orbiting, looking around or panning)."""
        return self._drag is not None

    def idle_cursor(self) -> Qt.CursorShape:
        """The cursor over the model when nothing is dragged or hovered: open hand, cross in walk mode."""
        return Qt.CursorShape.CrossCursor if self.navigator.mode is Mode.WALK else Qt.CursorShape.OpenHandCursor

    def add_overlay_painter(self, painter) -> None:
        """Draw ``painter`` into each frame, inside the mesh pass (after the model, same depth buffer).

        ``painter.overlay(view, width, height, ratio)`` is called with the context current before
        each frame (physical pixels, device pixel ratio) and returns a callable for
        ``MeshRenderer.render_frame(..., overlay=...)`` or None; ``painter.release_gl()`` frees
        its GL objects, called with the context current when the renderer is released.
        """
        self._overlay_painters.append(painter)

    @property
    def level_count(self) -> int:
        renderer = self._renderer
        return renderer.level_count if renderer is not None else 0

    # -- commands ---------------------------------------------------------------------------------

    def show_model(self, content: ModelContent) -> bool:
        """Upload ``content`` and show it (before the first initializeGL it waits); False where GL refused."""
        self._generation += 1
        self._pool.clear()
        if self._renderer is None:
            if self._gl_error is None and not self._gl_initialized():
                self._pending = content
                return True
            return False
        return self._upload(content)

    def clear_model(self) -> None:
        self._generation += 1
        self._pending, self._content = None, None
        self.navigator.collider = None
        if self._renderer is not None and self._make_current():
            try:
                self._renderer.clear_model()
            finally:
                self.doneCurrent()
        self.update()

    def set_mode(self, mode: Mode) -> None:
        if mode is self.navigator.mode:
            return
        self.navigator.set_mode(mode)
        self.setCursor(self.idle_cursor())
        self.mode_changed.emit(mode)
        self._moved()

    def toggle_walk(self) -> None:
        self.set_mode(Mode.ORBIT if self.navigator.mode is Mode.WALK else Mode.WALK)

    def fly_to(self, camera, duration: float | None = None, on_arrival=None) -> None:
        """Fly to ``camera`` (``duration`` None: the usual 0.8 s; 0: jump). ``on_arrival()`` is
        called when the flight ends there, not when a drag or another flight cuts it short."""
        was = self.navigator.mode
        if duration is None:
            self.navigator.fly_to(camera)
        else:
            self.navigator.fly_to(camera, duration)
        if was is not self.navigator.mode:
            self.mode_changed.emit(self.navigator.mode)
        self._arrival = None
        self._start_animation()
        self._moved()
        if on_arrival is not None:
            if self.navigator.flight is None:
                on_arrival()
            else:
                self._arrival = (self.navigator.flight, on_arrival)

    def frame_all(self) -> None:
        self.fly_to(self.navigator.home)

    def release_gl(self) -> None:
        self._timer.stop()
        self._rest.stop()
        self._generation += 1
        self._pool.clear()
        self._pool.waitForDone(5000)
        gl, self._gl = self._gl, None
        if gl is not None:
            gl.release()

    # -- GL ---------------------------------------------------------------------------------------

    def initializeGL(self) -> None:
        context = self.context()
        self._render_broken = False
        problem = gl_version_problem(context.format())
        if problem:
            self._fail(problem, _describe_context(context))
            return
        try:
            self._gl = _GLResources(context, self._renderer_factory(background=BACKGROUND), self._overlay_painters)
        except Exception as exc:
            log.exception("the model renderer could not start")
            self._fail(self.tr("The model renderer could not start: {problem}").format(problem=exc),
                       _describe_context(context) + "\n\n" + "".join(traceback.format_exception(exc)))
            return
        content = self._pending or self._content
        self._pending = None
        if content is not None:
            self._upload(content, keep_camera=self._content is content)

    def _upload(self, content: ModelContent, keep_camera: bool = False) -> bool:
        if not self._make_current():
            self._pending = content
            return True
        try:
            renderer = self._renderer
            renderer.set_look(content.source)
            renderer.set_environment(content.environment)
            renderer.set_model(content.asset)
        except Exception as exc:
            log.exception("uploading the model failed")
            self._fail(self.tr("The model could not be shown: {problem}").format(problem=exc),
                       "".join(traceback.format_exception(exc)))
            return False
        finally:
            self.doneCurrent()
        self._content = content
        self._render_broken = False
        self._lods = content.lods if content.lods and content.lods[0].triangles > 0 else []
        self._chooser = LodChooser([content.asset.triangle_count], target=PAINT_BUDGET_SECONDS)
        if not keep_camera:
            self._arrival = None
            self._start_camera(content)
        self.navigator.collider = None
        self._pool.start(functools.partial(_prepare, self._generation, content.asset, self._lods,
                                           self._signals, self._is_current))
        # The first frame is a cheap one (one sample: 4x MSAA costs 2-4x on llvmpipe, over a second
        # for 1M triangles); the full-quality frame follows when the rest timer fires.
        self._moving = True
        self._rest.start()
        self.update()
        if not keep_camera:
            self.model_shown.emit()
        return True

    def _start_camera(self, content: ModelContent) -> None:
        from vtour.render.mesh_view import framed_camera, start_camera

        width, height = max(self.width(), 1), max(self.height(), 1)
        if self.navigator.mode is Mode.WALK:
            self.navigator.set_mode(Mode.ORBIT)
            self.mode_changed.emit(Mode.ORBIT)
        home = start_camera(content.asset, width, height, content.source.camera)
        framed = framed_camera(content.asset, width, height, home)
        self.navigator.set_camera(home, home=framed)
        self.start = home
        self.camera_changed.emit(home)

    def _is_current(self, generation: int) -> bool:
        return generation == self._generation

    def _on_collider(self, generation: int, collider) -> None:
        if generation == self._generation:
            self.navigator.collider = collider
            self.collider_ready.emit()

    def _on_level(self, generation: int, payload) -> None:
        level, asset = payload
        if generation != self._generation or self._renderer is None or not self._make_current():
            return
        try:
            self._renderer.add_level(asset)
        except Exception:
            log.exception("uploading level of detail %s failed", level.file)
            return
        finally:
            self.doneCurrent()
        self._chooser.set_levels(self._renderer.level_triangles())
        log.info("level of detail %d ready (%d triangles)", level.level, asset.triangle_count)

    def paintGL(self) -> None:
        self._frames += 1
        renderer = self._renderer
        if renderer is None or self._render_broken or not renderer.has_model:
            self._clear()
            return
        ratio = self.devicePixelRatioF()
        width, height = max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))
        camera = self.navigator.camera
        started = time.perf_counter()
        try:
            overlay = self._overlay(width, height, ratio)
            if self._moving:
                finest = 0
                if len(self._lods) == renderer.level_count > 1:
                    finest = finest_needed(self._lods, self._distance_to_model(camera),
                                           camera.vfov(width / height), height)
                option = self._chooser.choose(width * height, finest)
                renderer.use_level(option.level)
                renderer.render_frame(camera, width, height, self.defaultFramebufferObject(), samples=1,
                                      scale=option.scale, overlay=overlay)
                self.last_option, self.last_samples = option, 1
            else:
                renderer.use_level(0)
                renderer.render_frame(camera, width, height, self.defaultFramebufferObject(), overlay=overlay)
                self.last_option, self.last_samples = Option(0), renderer.samples
            self.context().functions().glFinish()
        except Exception as exc:
            self._render_broken = True
            log.exception("drawing the model failed")
            self._fail(self.tr("Drawing the model failed: {problem}").format(problem=exc),
                       "".join(traceback.format_exception(exc)))
            self._clear()
            return
        seconds = time.perf_counter() - started
        if self._moving:
            self._chooser.record(self.last_option, width * height, seconds)
            self.frame_seconds.append(seconds)
            del self.frame_seconds[:-200]

    def _overlay(self, width: int, height: int, ratio: float):
        """One ``overlay`` callable drawing every overlay painter's part of the frame (None: nothing)."""
        draws = [d for d in (p.overlay(self, width, height, ratio) for p in self._overlay_painters) if d is not None]
        if not draws:
            return None
        if len(draws) == 1:
            return draws[0]

        def draw_all(matrices, w: int, h: int) -> None:
            for draw in draws:
                draw(matrices, w, h)
        return draw_all

    def _distance_to_model(self, camera) -> float:
        bounds = self._renderer.bounds
        if bounds is None:
            return camera.distance
        eye = camera.eye
        nearest = np.clip(eye, bounds[0], bounds[1])
        return max(float(np.linalg.norm(eye - nearest)), 1e-6)

    def _clear(self) -> None:
        functions = self.context().functions()
        functions.glClearColor(*BACKGROUND, 1.0)
        functions.glClear(GL_COLOR_BUFFER_BIT)

    def _make_current(self) -> bool:
        context = self.context()
        if context is None or not context.isValid():
            return False
        self.makeCurrent()
        return True

    def _gl_initialized(self) -> bool:
        context = self.context()
        return context is not None and context.isValid()

    @property
    def _renderer(self):
        return self._gl.renderer if self._gl is not None else None

    def _fail(self, message: str, details: str) -> None:
        self._gl_error = (message, details)
        QTimer.singleShot(0, self, lambda: self.gl_failed.emit(message, details))

    # -- moving -----------------------------------------------------------------------------------

    def _moved(self, changed: bool = True) -> None:
        """The camera changed: draw a cheap frame now, a full one when it rests."""
        if not changed:
            return
        self._moving = True
        self._rest.start()
        self.update()
        self.camera_changed.emit(self.navigator.camera)

    def _on_rest(self) -> None:
        if self._timer.isActive():
            self._rest.start()
            return
        self._moving = False
        self.update()

    def _start_animation(self) -> None:
        if not self._timer.isActive():
            self._elapsed.start()
            self._timer.start()

    def _tick(self) -> None:
        dt = self._elapsed.restart() / 1000.0
        before = self.navigator.camera
        more = self.navigator.step(dt)
        self._moved(self.navigator.camera != before)
        if not more:
            self._timer.stop()
        self._check_arrival()

    def _check_arrival(self) -> None:
        if self._arrival is None or self.navigator.flight is self._arrival[0]:
            return
        flight, callback = self._arrival
        self._arrival = None
        if flight.done:
            callback()

    # -- input ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        if button == Qt.MouseButton.LeftButton:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            kind = "pan" if shift else "orbit"
        elif button in (Qt.MouseButton.RightButton, Qt.MouseButton.MiddleButton):
            kind = "pan"
        else:
            return super().mousePressEvent(event)
        self.navigator.flight = None
        self._drag = (kind, event.position())
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return super().mouseMoveEvent(event)
        kind, last = self._drag
        position = event.position()
        dx, dy = position.x() - last.x(), position.y() - last.y()
        self._drag = (kind, position)
        if kind == "orbit":
            self._moved(self.navigator.orbit_drag(dx, dy))
        else:
            self._moved(self.navigator.pan_drag(dx, dy, self.height()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return super().mouseReleaseEvent(event)
        self.mouseMoveEvent(event)
        self._drag = None
        self.setCursor(self.idle_cursor())
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        pixels, angle = event.pixelDelta(), event.angleDelta()
        steps = pixels.y() / TOUCHPAD_PIXELS_PER_STEP if not pixels.isNull() else angle.y() / 120.0
        if steps:
            self._moved(self.navigator.zoom_steps(steps))
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.NativeGesture and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self._moved(self.navigator.zoom_by(1.0 + event.value()))
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if self.navigator.mode is Mode.WALK and key in WALK_KEYS:
            if not event.isAutoRepeat() and self.navigator.set_key(WALK_KEYS[key], True):
                self._start_animation()
            event.accept()
            return
        if self.navigator.mode is Mode.ORBIT and key in ORBIT_KEYS:
            d_yaw, d_pitch = ORBIT_KEYS[key]
            self.navigator.flight = None
            self._moved(self.navigator.orbit_drag(d_yaw / 0.3, -d_pitch / 0.3))
            event.accept()
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self._moved(self.navigator.zoom_steps(1.0 if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) else -1.0))
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in WALK_KEYS:
            if not event.isAutoRepeat():
                self.navigator.set_key(WALK_KEYS[key], False)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self.navigator.release_keys()
        super().focusOutEvent(event)


def _default_renderer_factory(**kwargs):
    from vtour.render.lod_renderer import LodMeshRenderer

    return LodMeshRenderer(**kwargs)


def add_model_actions(window, view_menu) -> None:
    """View ▸ Navigation (Orbit / Walk, V toggles) and View ▸ Frame Model (F), for ``window.model_view``.

    The actions are enabled only while a model scene is shown (``window.model_actions``).
    """
    view: ModelView = window.model_view
    menu = view_menu.addMenu(window.tr("&Navigation"))
    group = QActionGroup(window)
    orbit = QAction(window.tr("&Orbit"), group, checkable=True)
    walk = QAction(window.tr("&Walk (first person)"), group, checkable=True)
    orbit.setChecked(True)
    orbit.triggered.connect(lambda: view.set_mode(Mode.ORBIT))
    walk.triggered.connect(lambda: view.set_mode(Mode.WALK))
    toggle = QAction(window.tr("&Toggle Walk / Orbit"), window)
    toggle.setShortcut(QKeySequence(Qt.Key.Key_V))
    toggle.triggered.connect(view.toggle_walk)
    frame = QAction(window.tr("&Frame Model"), window)
    frame.setShortcut(QKeySequence(Qt.Key.Key_F))
    frame.triggered.connect(view.frame_all)
    menu.addActions([orbit, walk])
    menu.addSeparator()
    menu.addAction(toggle)
    view_menu.addAction(frame)
    for action in (toggle, frame):
        window.addAction(action)  # shortcuts also in fullscreen, menu bar hidden
    view.mode_changed.connect(lambda mode: (walk if mode is Mode.WALK else orbit).setChecked(True))
    window.model_actions = [menu.menuAction(), toggle, frame]
    set_model_actions_enabled(window, False)


def set_model_actions_enabled(window, enabled: bool) -> None:
    for action in getattr(window, "model_actions", ()):
        action.setEnabled(enabled)

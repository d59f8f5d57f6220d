"""Moving between scenes: the cross-fade, the optional move toward the link, preloading, back/forward.

:class:`SceneSwitcher` sits between the session and the window's loader:

- Following a link (:meth:`SceneSwitcher.follow`) may first turn and zoom a little toward the
  link (``transition.zoomToLink``), then changes the session's scene; the target view is resolved
  when the link is clicked, so it is honoured exactly.
- When the window starts loading a scene (``MainWindow._load_scene`` calls :meth:`switch`), the
  frame on screen is captured into a texture (:class:`vtour.render.crossfade.CrossFade`); when
  the new panorama is shown, that frame is blended over the new scene's frames for the
  transition's duration. The view repaints on a timer only while a fade runs.
- Pixels of linked scenes decoded in the background (:class:`vtour.ui.preload.PreloadCache`)
  are shown at once, skipping the loader; a decode still in flight is waited for, not repeated.
- Go ▸ Back / Forward (Alt+Left, Backspace / Alt+Right) walk the session's history.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence

from vtour.model.session import resolve_target_view
from vtour.model.tour import Hotspot, Transition, View
from vtour.io.preload import PreloadCache, linked_scene_ids

log = logging.getLogger(__name__)

FRAME_INTERVAL_MS = 16
ZOOM_TO_LINK_SECONDS = 0.35
ZOOM_TO_LINK_FACTOR = 0.7
"""The move toward a link narrows the field of view to this fraction."""
PRELOAD_DELAY_MS = 250
"""Preloading starts this long after a scene is shown, so it never competes with the first frames."""


def _ease(t: float) -> float:
    """Smoothstep: starts and ends gently."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def _lerp_yaw(a: float, b: float, t: float) -> float:
    delta = (b - a + 540.0) % 360.0 - 180.0
    return a + delta * t


class SceneSwitcher(QObject):
    """Cross-fades, preloading and history navigation for a :class:`~vtour.ui.window.MainWindow`.

    Attributes
    ----------
    reduced_motion
        When True (a preference), scene changes cut with no fade and no move toward the link.
    preload
        The :class:`PreloadCache` (set ``preload_enabled`` False to turn preloading off).

    Signals
    -------
    transition_finished()
        A fade ended (or a change happened with no fade): the new scene is fully on screen.
    """

    transition_finished = Signal()
    _preloaded = Signal(str)  # from the preload thread, queued to the UI thread

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.panorama_view
        self.reduced_motion = False
        self.preload_enabled = True
        self.preload = PreloadCache(on_ready=self._preloaded.emit)
        self._preloaded.connect(self._on_preloaded, Qt.ConnectionType.QueuedConnection)
        self._fade = None  # vtour.render.crossfade.CrossFade, made in the view's context
        self._fading = False
        self._duration = 0.0
        self._next_transition: Transition | None = None
        self._awaiting: str | None = None
        self._capture_wanted = False
        self._elapsed = QElapsedTimer()
        # One timer restarted at each scene change: a singleShot per change left a queued timer
        # object behind each time, which a kiosk's months of scene changes add up.
        self._prefetch_timer = QTimer(self, singleShot=True, interval=PRELOAD_DELAY_MS)
        self._prefetch_timer.timeout.connect(self.prefetch_links)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._zoom: tuple[View, View, Hotspot, View] | None = None
        self.view.add_overlay_painter(self)
        window.loader.panorama_ready.connect(self._on_loader_ready)
        window.loader.failed.connect(self._cancel_fade)
        window.session_started.connect(self._on_session_started)
        self._create_actions()

    # -- state ----------------------------------------------------------------------------------

    @property
    def is_transitioning(self) -> bool:
        return self._timer.isActive() or self._awaiting is not None

    def transition_for(self, link: Hotspot | None) -> Transition:
        """The link's own transition, else the tour's; a cut under reduced motion."""
        tour = self.window.tour
        chosen = (link.transition if link is not None else None) or (tour.transition if tour else Transition())
        if self.reduced_motion:
            return Transition(duration=0.0, zoom_to_link=False)
        return chosen

    # -- following links --------------------------------------------------------------------------

    def follow(self, link: Hotspot) -> None:
        """Go through scene link ``link`` of the current scene, with its transition."""
        session = self.window.session
        if session is None or link.kind != "scene" or link.target_scene is None:
            return
        transition = self.transition_for(link)
        self._next_transition = transition
        if not transition.zoom_to_link or transition.duration <= 0.0:
            session.follow(link)
            return
        # Resolve now: "same" and "sameAzimuth" mean the view the visitor chose, not the zoomed one.
        target = session.tour.scene(link.target_scene)
        arrival = resolve_target_view(link, session.scene, session.view, target)
        start = self.view.view
        towards = View(yaw=link.yaw, pitch=link.pitch, hfov=start.hfov * ZOOM_TO_LINK_FACTOR, roll=start.roll)
        self._zoom = (start, towards, link, arrival)
        self._start_timer()

    def _step_zoom(self, seconds: float) -> None:
        start, towards, link, arrival = self._zoom
        t = _ease(seconds / ZOOM_TO_LINK_SECONDS)
        self.view.set_view(View(yaw=_lerp_yaw(start.yaw, towards.yaw, t),
                                pitch=start.pitch + (towards.pitch - start.pitch) * t,
                                hfov=start.hfov + (towards.hfov - start.hfov) * t, roll=start.roll))
        if seconds >= ZOOM_TO_LINK_SECONDS:
            self._zoom = None
            self._timer.stop()
            self.window.session.go_to(link.target_scene, arrival, via=link)

    # -- the window's hook ------------------------------------------------------------------------

    def switch(self, scene_id: str) -> bool:
        """Called when the window starts loading ``scene_id``; True when handled here (no loader).

        Captures the frame on screen for the fade, then shows preloaded pixels at once or waits
        for a preload in flight.
        """
        transition, self._next_transition = self._next_transition or self.transition_for(None), None
        self._duration = transition.duration
        self._capture_wanted = self._duration > 0.0 and self.view.has_panorama
        if self._capture_wanted:
            self._capture()
        tour = self.window.tour
        if tour is None or not self.preload_enabled:
            return False
        pixels = self.preload.take(scene_id)
        if pixels is not None:
            self._show(tour.scene(scene_id), pixels)
            return True
        if self.preload.is_pending(scene_id):
            self._awaiting = scene_id
            self.window.overlay.show_progress(self.tr("Opening scene"), self.tr("Decoding…"))
            return True
        self.preload.clear()  # the loader decodes this one; nothing queued may compete with it
        return False

    def _show(self, scene, pixels) -> None:
        self.window._on_panorama_ready(self.window.tour, scene, pixels)
        self._scene_shown()

    def _on_preloaded(self, scene_id: str) -> None:
        if scene_id != self._awaiting:
            return
        self._awaiting = None
        pixels = self.preload.take(scene_id)
        if pixels is None:  # evicted meanwhile: decode it the usual way
            self.window.loader.load_scene(self.window.tour, scene_id)
            return
        self._show(self.window.tour.scene(scene_id), pixels)

    def _on_loader_ready(self, *_args) -> None:
        self._awaiting = None
        self._scene_shown()

    def _scene_shown(self) -> None:
        if self._capture_wanted and self._fade is not None and self._fade.captured:
            self._fading = True
            self._start_timer()
        else:
            self._finish_fade()
        self._capture_wanted = False
        self._prefetch_timer.start()

    def prefetch_links(self) -> None:
        """Start decoding the shown scene's linked scenes (called after each scene change)."""
        scene, tour = self.window.scene, self.window.tour
        if not self.preload_enabled or scene is None or tour is None:
            return
        self.preload.prefetch(tour, linked_scene_ids(scene))

    # -- the fade -------------------------------------------------------------------------------

    def _capture(self) -> None:
        view = self.view
        if not view._make_current():
            return
        try:
            from vtour.render.crossfade import CrossFade

            if self._fade is None:
                self._fade = CrossFade()
            ratio = view.devicePixelRatioF()
            self._fade.capture(view.defaultFramebufferObject(), max(1, round(view.width() * ratio)),
                               max(1, round(view.height() * ratio)))
        except Exception:
            log.exception("capturing the frame for the transition failed; changing scene without it")
            self._capture_wanted = False
        finally:
            view.doneCurrent()

    def _start_timer(self) -> None:
        self._elapsed.start()
        if not self._timer.isActive():
            self._timer.start()

    def _tick(self) -> None:
        seconds = self._elapsed.elapsed() / 1000.0
        if self._zoom is not None:
            self._step_zoom(seconds)
            return
        if self._fading:
            self.view.update()
            if seconds >= self._duration:
                self._timer.stop()  # the painter draws the last frame without the old scene
        else:
            self._timer.stop()

    def fade_alpha(self) -> float:
        """Opacity of the old scene's frame now (1 right after the change, 0 when done)."""
        if not self._fading or self._duration <= 0.0:
            return 0.0
        return 1.0 - _ease(self._elapsed.elapsed() / 1000.0 / self._duration)

    def paint_gl(self, widget, framebuffer: int, width: int, height: int, ratio: float) -> None:
        if self._fade is None or not self._fading:
            return
        alpha = self.fade_alpha()
        if alpha > 0.0:
            self._fade.draw(alpha, framebuffer, width, height)
        else:
            self._fade.drop()
            self._fading = False
            QTimer.singleShot(0, self, self.transition_finished.emit)

    def release_gl(self) -> None:
        fade, self._fade = self._fade, None
        self._fading = False
        if fade is not None:
            fade.release()

    def _finish_fade(self) -> None:
        self._fading = False
        if self._fade is not None and self._fade.captured and self.view._make_current():
            try:
                self._fade.drop()
            finally:
                self.view.doneCurrent()
        QTimer.singleShot(0, self, self.transition_finished.emit)

    def _cancel_fade(self, *_args) -> None:
        self._awaiting = None
        self._capture_wanted = False
        self._timer.stop()
        self._finish_fade()

    # -- history --------------------------------------------------------------------------------

    def _create_actions(self) -> None:
        window = self.window
        self.back_action = QAction(self.tr("&Back"), window)
        self.back_action.setShortcuts([QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left),
                                       QKeySequence(Qt.Key.Key_Backspace)])
        self.forward_action = QAction(self.tr("&Forward"), window)
        self.forward_action.setShortcuts([QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right)])
        self.back_action.triggered.connect(self.go_back)
        self.forward_action.triggered.connect(self.go_forward)
        for action in (self.back_action, self.forward_action):
            action.setEnabled(False)
            window.addAction(action)  # shortcuts work with the menu bar hidden (fullscreen, kiosk)
        self.go_menu = window.menuBar().addMenu(self.tr("&Go"))
        self.go_menu.addActions([self.back_action, self.forward_action])
        self._place_menu_before_help()

    def _place_menu_before_help(self) -> None:
        bar = self.window.menuBar()
        about = getattr(self.window, "about_action", None)
        for action in bar.actions():
            menu = action.menu()
            if menu is not None and about is not None and about in menu.actions():
                bar.removeAction(self.go_menu.menuAction())
                bar.insertMenu(action, self.go_menu)
                return

    def go_back(self) -> None:
        session = self.window.session
        if session is not None and session.can_go_back:
            self._next_transition = self.transition_for(None)
            session.go_back()

    def go_forward(self) -> None:
        session = self.window.session
        if session is not None and session.can_go_forward:
            self._next_transition = self.transition_for(None)
            session.go_forward()

    def _on_session_started(self, session) -> None:
        session.history_changed.connect(lambda _none=None: self._update_history_actions())
        self._update_history_actions()
        self._scene_shown_first()

    def _scene_shown_first(self) -> None:
        self._prefetch_timer.start()

    def _update_history_actions(self) -> None:
        session = self.window.session
        self.back_action.setEnabled(bool(session and session.can_go_back))
        self.forward_action.setEnabled(bool(session and session.can_go_forward))

    def shutdown(self) -> None:
        """Stop timers and the preload thread (the window is closing)."""
        self._timer.stop()
        self.preload.shutdown()

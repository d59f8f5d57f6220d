"""Kiosk mode: the viewer window locked down for months of unattended use (``vtour kiosk``).

:class:`KioskController` turns an ordinary :class:`~vtour.ui.window.MainWindow` into a kiosk:

- Fullscreen on the chosen screen, frameless, no menus; docks can be neither closed nor moved;
  no drops, no context menus; window shortcuts (Quit, Open, F11 ...) and Escape do nothing.
  Looking around with the arrow keys and +/- stays, as does Tab/Enter through the hotspots.
- Idle handling by :class:`~vtour.kiosk.idle.IdleMachine`: "still there?", then a reset (start
  language, scene and view; panels closed; audio stopped) and the attract loop behind the start
  screen (:class:`~vtour.ui.kiosk_screens.KioskStartScreen`, with the language chooser).
- The attract loop plays the tour's guided tours one after the other, round and round, or turns
  the view slowly where the tour has none.
- Leaving needs the exit key sequence or five taps in the top-leading corner, then the PIN.
- A heartbeat for :mod:`vtour.kiosk.supervisor`, visit analytics, and content updates that are
  switched to at an idle reset, never under a visitor's fingers.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCursor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget
from shiboken6 import getCppPointer

from vtour.kiosk.analytics import VisitLog
from vtour.kiosk.config import KioskConfig, check_pin
from vtour.kiosk.gestures import CornerTaps, TwoFingerTap, autorotated_yaw
from vtour.kiosk.idle import IdleEvent, IdleMachine, IdleState
from vtour.kiosk.supervisor import beat
from vtour.kiosk.updates import Stamp, TourUpdates
from vtour.model.tour import View
from vtour.ui.app import QUITTING_PROPERTY
from vtour.ui.kiosk_screens import PinDialog, StillTherePrompt, KioskStartScreen

log = logging.getLogger(__name__)

HEARTBEAT_MS = 5000
"""How often the event loop tells the supervisor it is alive (its default timeout is 20 s)."""

CURSOR_HIDE_MS = 3000
"""The mouse pointer disappears after this long without mouse movement."""

AUTOROTATE_FRAME_MS = 33

KIOSK_MARKER_SCALE = 1.75
"""Hotspot markers on a kiosk: 56 logical pixels across and tappable within 63, for fingers."""

INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel, QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.TabletPress, QEvent.Type.NativeGesture,
})
TOUCH_EVENTS = frozenset({QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd})
BLOCKED_KEYS = frozenset({Qt.Key.Key_Escape, Qt.Key.Key_F11})
"""Keys the viewer would act on in a harmful way (leave fullscreen); the PIN pad still gets them."""


class KioskController(QObject):
    """Runs ``window`` as a kiosk with ``config``.

    Parameters
    ----------
    clock
        Seconds, monotonic: the idle machine's and the PIN pad's clock (tests pass a fake and call
        :meth:`tick` after advancing it).
    analytics
        Where visits are recorded (default: ``config.analytics``; None in ``config`` records nothing).
    """

    def __init__(self, window, config: KioskConfig, *, clock=time.monotonic, analytics: VisitLog | None = None):
        super().__init__(window)
        self.window = window
        self.config = config
        self.clock = clock
        self.idle = IdleMachine(config.idle_timeout, config.prompt_seconds, clock, attracting=True)
        self.visits = analytics if analytics is not None else (VisitLog(config.analytics) if config.analytics else None)
        self.visit_id: str | None = None
        self.updates = TourUpdates(config.tour, config.update_folder)
        self.tour_path = Path(config.tour)
        self.exit_authorised = False
        self.pin_dialog: PinDialog | None = None
        self._pin_lockout_until = 0.0
        self._exit_chords = _chords(config.exit_sequence)
        self._exit_progress = 0
        self._two_finger = TwoFingerTap()
        self._corner = CornerTaps()
        self._last_input: tuple | None = None
        self._attract_ids: list[str] = []
        self._attract_index = 0
        self._attract_player = None
        self._autorotate_start: tuple[float, float, str] | None = None  # time, yaw, scene
        self._cursor_hidden = False
        self._switching_from: Path | None = None
        self._attract_pending = False
        self._session = None
        self._visitor_players: set[int] = set()
        self.start_screen = KioskStartScreen(window)  # over the docks too
        self.start_screen.begin.connect(self.begin_visit)
        self.prompt = StillTherePrompt(window.centralWidget(), self.idle.seconds_until_next)
        self.prompt.continue_button.clicked.connect(self._on_activity)
        self._make_timers()
        window.kiosk = self  # MainWindow.closeEvent asks may_close()
        window.session_started.connect(self._on_session_started)
        window.hotspot_activated.connect(self._on_hotspot)
        window.loader.failed.connect(self._on_load_failed)
        window.navigation.controller.changed.connect(self._on_guided_changed)

    # -- starting -------------------------------------------------------------------------------

    def _make_timers(self) -> None:
        self.idle_timer = QTimer(self, singleShot=True)
        self.idle_timer.timeout.connect(self.tick)
        self.heartbeat_timer = QTimer(self, interval=HEARTBEAT_MS)
        self.heartbeat_timer.timeout.connect(beat)
        self.cursor_timer = QTimer(self, singleShot=True, interval=CURSOR_HIDE_MS)
        self.cursor_timer.timeout.connect(self._hide_cursor)
        self.autorotate_timer = QTimer(self, interval=AUTOROTATE_FRAME_MS)
        self.autorotate_timer.timeout.connect(self._autorotate)

    def start(self) -> None:
        """Lock the window down, show it fullscreen, open the tour and begin the attract loop."""
        self.lock_down()
        self.show_on_screen(self.config.screen)
        QApplication.instance().installEventFilter(self)
        self.heartbeat_timer.start()
        beat()
        self._hide_cursor()
        self._attract_pending = True
        self.window.open_tour(self.tour_path)
        self._enter_attract()

    def lock_down(self) -> None:
        window = self.window
        window.hotspot_layer.marker_scale = KIOSK_MARKER_SCALE
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.menuBar().hide()
        window.menuBar().setEnabled(False)
        window.setAcceptDrops(False)
        window.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        for dock in window.findChildren(QDockWidget):
            dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
            dock.setTitleBarWidget(QWidget())  # no title bar: nothing to drag or close

    def show_on_screen(self, index: int) -> None:
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            log.warning("screen %d does not exist (%d screen(s)); using the first", index, len(screens))
            index = 0
        screen = screens[index]
        self.window.setScreen(screen)
        self.window.setGeometry(screen.geometry())
        self.window.showFullScreen()

    # -- public ---------------------------------------------------------------------------------

    @property
    def state(self) -> IdleState:
        return self.idle.state

    def may_close(self) -> bool:
        """Only the operator (exit sequence plus PIN), or a signal (shutdown, the supervisor), may close a kiosk."""
        if QApplication.instance().property(QUITTING_PROPERTY) and not self.exit_authorised:
            log.info("kiosk ending on a signal")
            self.leave(close_window=False)
        if not self.exit_authorised:
            log.info("closing refused: kiosk mode is left with the exit sequence and the PIN")
        return self.exit_authorised

    def tick(self) -> None:
        """Let the idle machine act on the time that has passed (the idle timer calls this)."""
        self._apply(self.idle.tick())

    def begin_visit(self, language: str = "") -> None:
        """A visitor started at the start screen (in ``language``, or the one showing)."""
        session = self.window.session
        if language and session is not None:
            session.set_language(language)
        self.start_screen.hide()
        self._apply(self.idle.activity())
        if self.visits is not None and self.visit_id is None:
            chosen = session.language if session is not None else (language or "")
            self.visit_id = self.visits.start_session(chosen)
            self.visits.record(self.visit_id, "language", chosen)

    def request_exit(self) -> None:
        """The operator's gesture or key sequence: ask for the PIN."""
        if self.pin_dialog is not None:
            return
        log.info("exit sequence entered: asking for the operator PIN")
        self.pin_dialog = PinDialog(self.window, lambda pin: check_pin(pin, self.config.pin), self.clock,
                                    self._pin_lockout_until)
        self.pin_dialog.finished.connect(self._on_pin_finished)
        self.pin_dialog.open()

    def reset(self) -> None:
        """Back to the start: language, scene, view, closed panels, no audio, no guided tour."""
        self._end_visit("idle")
        self._close_pin_dialog()
        window = self.window
        window.navigation.controller.close()
        window.info_panel.close_panel()
        narration = window.narration
        if narration.owner is not None:
            narration.stop(narration.owner)
        if self._switch_to_update():
            return
        if window.session is not None:
            start = self.config.languages[0] if self.config.languages else window.session.tour.default_language
            window.session.restart()
            window.session.set_language(start)

    # -- idle events ----------------------------------------------------------------------------

    def _apply(self, events: list[IdleEvent]) -> None:
        for event in events:
            log.debug("kiosk idle event: %s", event.value)
            if event is IdleEvent.SHOW_PROMPT:
                self.prompt.present()
            elif event is IdleEvent.HIDE_PROMPT:
                self.prompt.dismiss()
            elif event is IdleEvent.RESET:
                self.reset()
            elif event is IdleEvent.START_ATTRACT:
                self._enter_attract()
            elif event is IdleEvent.STOP_ATTRACT:
                self._stop_attract_loop()
        self._arm_idle_timer()

    def _arm_idle_timer(self) -> None:
        wait = self.idle.seconds_until_next()
        if wait is None:
            self.idle_timer.stop()
        else:
            self.idle_timer.start(max(0, round(wait * 1000)) + 1)

    def _on_activity(self) -> None:
        self._apply(self.idle.activity())

    # -- the attract loop -----------------------------------------------------------------------

    def _enter_attract(self) -> None:
        self._show_start_screen()
        if self.window.session is None:
            self._attract_pending = True  # starts when the tour has opened
            return
        self._attract_pending = False
        tour = self.window.session.tour
        self._attract_ids = [guided.id for guided in tour.guided_tours]
        self._attract_index = 0
        if self._attract_ids:
            self._play_next_attract()
        else:
            self._autorotate_start = None
            self.autorotate_timer.start()

    def _play_next_attract(self) -> None:
        navigation = self.window.navigation
        guided_id = self._attract_ids[self._attract_index % len(self._attract_ids)]
        self._attract_index += 1
        if not navigation.play_guided_tour(guided_id, loop=len(self._attract_ids) == 1):
            return
        self._attract_player = navigation.controller.player
        if self._attract_player is not None and len(self._attract_ids) > 1:
            self._attract_player.finished.connect(self._on_attract_finished)

    def _on_attract_finished(self, _value) -> None:
        # Called from inside the player's tick: start the next tour once it has returned.
        if self.idle.state is IdleState.ATTRACT:
            QTimer.singleShot(0, self._play_next_attract)

    def _stop_attract_loop(self) -> None:
        self.autorotate_timer.stop()
        controller = self.window.navigation.controller
        if self._attract_player is not None and controller.player is self._attract_player:
            controller.close()
        self._attract_player = None

    def _autorotate(self) -> None:
        session = self.window.session
        if session is None or self.idle.state is not IdleState.ATTRACT:
            self.autorotate_timer.stop()
            return
        now = self.clock()
        if self._autorotate_start is None or self._autorotate_start[2:] != (session.scene.id,):
            self._autorotate_start = (now, session.view.yaw, session.scene.id)
        started, yaw, _scene = self._autorotate_start
        view = session.view
        session.set_view(View(yaw=autorotated_yaw(yaw, now - started), pitch=view.pitch, hfov=view.hfov, roll=view.roll))

    def _show_start_screen(self) -> None:
        session = self.window.session
        languages = list(self.config.languages or (session.tour.languages if session else ()))
        title = session.text(session.tour.title) if session is not None else ""
        hint = self.tr("Touch your language to begin") if len(languages) > 1 else self.tr("Touch the screen to begin")
        self.start_screen.set_contents(title, languages, hint)
        self.start_screen.cover()

    # -- the session and analytics ----------------------------------------------------------------

    def _on_session_started(self, session) -> None:
        if self._session is not None:
            self._session.scene_changed.disconnect(self._on_scene_changed)
            self._session.language_changed.disconnect(self._on_language_changed)
        self._session = session
        session.scene_changed.connect(self._on_scene_changed)
        session.language_changed.connect(self._on_language_changed)
        if self._switching_from is not None:
            log.info("kiosk now shows %s", self.tour_path)
            self.updates.switched_to(self.tour_path)
            self._switching_from = None
        if self._attract_pending or self.idle.state is IdleState.ATTRACT:
            self._stop_attract_loop()
            self._enter_attract()

    def _visiting(self) -> bool:
        return self.visit_id is not None and self.visits is not None

    def _on_scene_changed(self, change) -> None:
        if self._visiting():
            self.visits.record(self.visit_id, "scene", change.scene.id)

    def _on_language_changed(self, language: str) -> None:
        if self._visiting():
            self.visits.record(self.visit_id, "language", language)
        if self.start_screen.isVisible():
            self._show_start_screen()  # the title in the language now showing

    def _on_hotspot(self, hotspot) -> None:
        if self._visiting():
            self.visits.record(self.visit_id, "hotspot", hotspot.id)

    def _on_guided_changed(self) -> None:
        player = self.window.navigation.controller.player
        if player is None or player is self._attract_player or id(player) in self._visitor_players:
            return
        self._visitor_players = {id(player)}
        guided_id = player.guided_tour.id
        player.finished.connect(lambda _value, gid=guided_id: self._on_visitor_tour_done(gid))

    def _on_visitor_tour_done(self, guided_id: str) -> None:
        if self._visiting():
            self.visits.record(self.visit_id, "guided_complete", guided_id)

    def _end_visit(self, reason: str) -> None:
        if self._visiting():
            self.visits.end_session(self.visit_id, reason)
        self.visit_id = None

    # -- content updates ------------------------------------------------------------------------

    def _switch_to_update(self) -> bool:
        newer = self.updates.check()
        if newer is None:
            return False
        log.info("switching to the new tour version %s", newer)
        self._switching_from, self.tour_path = self.tour_path, newer
        self._attract_pending = True
        self.window.open_tour(newer)
        return True

    def _on_load_failed(self, failure) -> None:
        if self._switching_from is None:
            return
        log.error("the new tour version %s did not open (%s); going back to %s",
                  self.tour_path, failure.message, self._switching_from)
        self.updates.refused[self.tour_path.resolve()] = Stamp.of(self.tour_path)
        self.tour_path, self._switching_from = self._switching_from, None
        self.window.open_tour(self.tour_path)

    # -- leaving --------------------------------------------------------------------------------

    def _on_pin_finished(self, result: int) -> None:
        dialog, self.pin_dialog = self.pin_dialog, None
        if dialog is not None:
            self._pin_lockout_until = dialog.lockout_until
            dialog.deleteLater()
        if result == PinDialog.DialogCode.Accepted:
            log.info("operator PIN accepted: leaving kiosk mode")
            self.leave()
        else:
            self.window.panorama_view.setFocus()

    def _close_pin_dialog(self) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.reject()

    def leave(self, close_window: bool = True) -> None:
        """End kiosk mode: record the visit's end, stop the timers and close the window."""
        self.exit_authorised = True
        self._end_visit("exit" if close_window else "shutdown")
        for timer in (self.idle_timer, self.heartbeat_timer, self.cursor_timer, self.autorotate_timer):
            timer.stop()
        QApplication.instance().removeEventFilter(self)
        self._show_cursor()
        if self.visits is not None:
            self.visits.close()
        if close_window:
            self.window.close()

    # -- input ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Shortcut and isinstance(watched, QAction):
            return True  # the window's menu shortcuts: Quit, Open, fullscreen ...
        if kind == QEvent.Type.ContextMenu:
            return True
        if kind in INPUT_EVENTS and self._first_delivery(watched, event):
            self._on_input(event)
            if kind == QEvent.Type.KeyPress and self._key_blocked(event):
                return True
        return False

    def _first_delivery(self, watched: QObject, event: QEvent) -> bool:
        """Count each input once. The filter sees an event at its window (skipped: the window
        passes a copy to the widget), at the widget, then at each parent it propagates to (the
        same event object going up the ancestors: skipped)."""
        if not watched.isWidgetType():
            return False
        key = (getCppPointer(event)[0], event.type())
        previous, self._last_input = self._last_input, (key, watched)
        return not (previous is not None and previous[0] == key and watched.isAncestorOf(previous[1]))

    def _on_input(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.MouseMove and event.source() == Qt.MouseEventSource.MouseEventNotSynthesized:
            self._show_cursor()
            self.cursor_timer.start()
        if kind == QEvent.Type.MouseMove and event.buttons() == Qt.MouseButton.NoButton:
            return  # a pointer drifting is no visitor; a kiosk's mouse may be bumped
        self._on_activity()
        if kind in TOUCH_EVENTS:
            self._on_touch(event)
        elif kind == QEvent.Type.MouseButtonRelease and event.source() == Qt.MouseEventSource.MouseEventNotSynthesized:
            self._corner_tap(event.globalPosition())
        elif kind == QEvent.Type.KeyPress:
            self._exit_key(event)

    def _on_touch(self, event) -> None:
        down = {p.id(): (p.globalPosition().x(), p.globalPosition().y()) for p in event.points()
                if p.state() != p.State.Released}
        if self._two_finger.update(self.clock(), down) and self.window.session is not None:
            log.debug("two-finger tap: back")
            self.window.session.go_back()
        if event.type() == QEvent.Type.TouchEnd and len(event.points()) == 1:
            self._corner_tap(event.points()[0].globalPosition())

    def _corner_tap(self, global_position) -> None:
        local = self.window.mapFromGlobal(global_position)
        rtl = self.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        if self._corner.tap(self.clock(), local.x(), local.y(), self.window.width(), self.window.height(), rtl):
            self.request_exit()

    def _exit_key(self, event) -> None:
        combination = event.keyCombination()
        if not self._exit_chords:
            return
        if combination == self._exit_chords[self._exit_progress]:
            self._exit_progress += 1
            if self._exit_progress == len(self._exit_chords):
                self._exit_progress = 0
                self.request_exit()
        elif event.key() not in (Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Shift, Qt.Key.Key_Meta):
            self._exit_progress = 1 if combination == self._exit_chords[0] else 0

    def _key_blocked(self, event) -> bool:
        if self.pin_dialog is not None:
            return False
        return event.key() in BLOCKED_KEYS or event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() == Qt.Key.Key_F4

    # -- the pointer ----------------------------------------------------------------------------

    def _hide_cursor(self) -> None:
        if not self._cursor_hidden:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self._cursor_hidden = True

    def _show_cursor(self) -> None:
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False


def _chords(sequence: str) -> list[QKeyCombination]:
    """The key combinations of ``sequence`` ("Ctrl+Alt+Shift+Q", or several, comma-separated)."""
    keys = QKeySequence(sequence, QKeySequence.SequenceFormat.PortableText)
    chords = [keys[index] for index in range(keys.count())]
    if not chords:
        log.warning("exit sequence %r is not a key sequence: only the corner gesture leaves kiosk mode", sequence)
    return chords

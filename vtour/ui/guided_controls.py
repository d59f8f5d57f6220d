"""Playing guided tours in the window: a controller that ticks the player, and the play bar.

The controller's timer runs only while the tour plays: at frame rate while the camera moves, a
few times a second through a hold (to move the progress bar), and not at all when paused,
stopped or finished, so an idle window stays idle (render on demand).

Narration: the controller plays each step's narration on the window's shared
:class:`~vtour.ui.narration.NarrationPlayer` from the moment the camera arrives, with the step's
WebVTT captions (shown above the bar), pauses it with the tour, stops it on next, previous, stop
and language changes, and tells the player how long the hold must last for the audio to finish
(:meth:`~vtour.model.guided.GuidedTourPlayer.set_narration_length`). Reduced motion changes only
the camera, never the audio.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vtour.io.captions import CaptionError, CaptionTrack, read_webvtt
from vtour.model.guided import PLAYING, STOPPED, GuidedTourPlayer
from vtour.model.session import TourSession
from vtour.model.tour import GuidedTour
from vtour.ui.i18n import is_rtl
from vtour.ui.progress import ProgressBar

log = logging.getLogger(__name__)

FRAME_MS = 16
BOTTOM_MARGIN = 18
HOLD_REFRESH_MS = 500
"""While holding a view, the progress bar moves twice a second (each repaint composites the window)."""


def reduced_motion() -> bool:
    """The reduced-motion preference, False where the preferences module is not there (yet)."""
    try:
        from vtour.ui.preferences import reduced_motion as preference
    except ImportError:
        return False
    return bool(preference())


class GuidedTourController(QObject):
    """Owns the :class:`GuidedTourPlayer` of the window's session and the timer that drives it.

    Signals
    -------
    changed()
        The step, the state or the progress changed: the bar redraws from :attr:`player`.
    caption_changed(str)
        The narration's caption now ("" when none shows).

    Parameters
    ----------
    narration
        The window's shared :class:`~vtour.ui.narration.NarrationPlayer`; None plays no audio
        (captions and timing then follow the steps' ``duration`` only).
    """

    changed = Signal()
    caption_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, narration=None, clock=None):
        super().__init__(parent)
        self.player: GuidedTourPlayer | None = None
        self.narration = narration
        self._clock = clock  # the player's clock (tests pass a fake); default time.monotonic
        self.caption = ""
        self._audio_key: tuple | None = None  # (step serial, narration file) loaded for the step
        self._audio_done = False  # the step's narration ended (or failed): it does not play again
        self._audio_position = 0.0  # seconds, kept across pauses and a panel taking the player
        self._audio_duration = 0.0
        self._track: CaptionTrack | None = None
        self._language: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        if narration is not None:
            narration.position_changed.connect(self._on_audio_position)
            narration.duration_changed.connect(self._on_audio_duration)
            narration.finished.connect(self._on_audio_finished)
            narration.failed.connect(self._on_audio_failed)
            narration.owner_changed.connect(self._on_owner_changed)

    def start(self, session: TourSession, guided_tour: GuidedTour, *, loop: bool = False) -> GuidedTourPlayer:
        """Play ``guided_tour`` from its first step (replacing a tour being played)."""
        self.close()
        self.player = GuidedTourPlayer(session, guided_tour, self._clock, loop=loop, reduced_motion=reduced_motion)
        self.player.state_changed.connect(self._on_player_event)
        self.player.step_changed.connect(self._on_player_event)
        session.language_changed.connect(self._on_language_changed)
        self._language = session.language
        self.player.play()
        self._schedule()
        self.changed.emit()
        return self.player

    def toggle(self) -> None:
        if self.player is not None:
            self.player.toggle()
            self._sync_audio()
            self._schedule()

    def next(self) -> None:
        if self.player is not None:
            self.player.next()
            self._sync_audio()
            self._schedule()

    def previous(self) -> None:
        if self.player is not None:
            self.player.previous()
            self._sync_audio()
            self._schedule()

    def close(self) -> None:
        """Stop and forget the tour (the bar hides)."""
        self.timer.stop()
        if self.player is not None:
            self.player.session.language_changed.disconnect(self._on_language_changed)
            self.player.close()
            self.player = None
            self._sync_audio()
            self.changed.emit()

    # -- ticking --------------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.player is None:
            return
        self.player.tick()
        self._sync_audio()  # the camera may just have arrived: the narration starts
        self._schedule()
        self.changed.emit()

    def _schedule(self) -> None:
        wait = self.player.seconds_to_next_change() if self.player is not None else None
        if wait is None:
            self.timer.stop()  # paused, stopped, finished: nothing ticks
            return
        self.timer.start(FRAME_MS if wait == 0.0 else min(HOLD_REFRESH_MS, max(1, round(wait * 1000))))

    def _on_player_event(self, _value) -> None:
        if self.player is not None and self.player.state != PLAYING:
            self.timer.stop()
        self._sync_audio()
        self.changed.emit()

    # -- narration ------------------------------------------------------------------------------

    @property
    def owns_audio(self) -> bool:
        return self.narration is not None and self.narration.owner is self

    def _sync_audio(self) -> None:
        """Make the audio match the player: which file, playing, paused or stopped."""
        player, narration = self.player, self.narration
        if player is None or player.state == STOPPED:
            self._audio_key = None
            if narration is not None:
                narration.stop(self)
            self._set_caption("")
            return
        path = player.narration()
        key = (player.step_serial, path)
        if key != self._audio_key:  # a new step, a replayed step or another language: from the start
            self._audio_key, self._audio_done, self._audio_position, self._audio_duration = key, False, 0.0, 0.0
            self._track = self._read_captions(player.captions()) if path else None
            self._set_caption("")
            player.set_narration_length(None)
            if narration is not None:
                narration.stop(self)
                if path and narration.available and player.state == PLAYING:
                    narration.load(self, path)  # early, so the duration is known when the camera arrives
        if narration is None or not narration.available or not path or self._audio_done:
            return
        if player.state == PLAYING and player.in_hold:
            if not self.owns_audio or narration.source != path:
                narration.load(self, path, self._audio_position)
            if not narration.is_playing:
                narration.play(self)
        elif self.owns_audio and narration.is_playing:
            self._audio_position = narration.position
            narration.pause(self)

    def _read_captions(self, path: str | None) -> CaptionTrack | None:
        if not path:
            return None
        try:
            return CaptionTrack(read_webvtt(path))
        except (CaptionError, OSError) as exc:  # validated at load; the file may change since
            log.warning("captions %s: %s", path, exc)
            return None

    def _set_caption(self, text: str) -> None:
        if text and self.player is not None and is_rtl(self.player.session.language):
            text = "\u200f" + text  # RIGHT-TO-LEFT MARK: a cue starting with Latin stays RTL
        if text != self.caption:
            self.caption = text
            self.caption_changed.emit(text)

    def show_position(self, seconds: float) -> None:
        """The narration is ``seconds`` in: caption, and the hold it still needs (tests call it too)."""
        player = self.player
        if player is None or self._audio_key is None:
            return
        self._audio_position = seconds
        self._set_caption(self._track.text_at(seconds) if self._track is not None else "")
        if self._audio_duration > 0.0 and player.in_hold:
            # Measured on the audio itself, so a late or slow start still ends before the step does.
            held = player.hold_elapsed + player.pending_seconds()
            player.set_narration_length(held + max(self._audio_duration - seconds, 0.0))
            if not self.timer.isActive():  # never restart a running timer: positions come every few ms
                self._schedule()

    def set_audio_duration(self, seconds: float) -> None:
        """The narration is ``seconds`` long: the hold lasts at least that (tests call it too)."""
        if self.player is None or self._audio_key is None or seconds <= 0.0:
            return
        self._audio_duration = seconds
        if not self.player.in_hold:
            self.player.set_narration_length(seconds)
        else:
            held = self.player.hold_elapsed + self.player.pending_seconds()
            self.player.set_narration_length(held + max(seconds - self._audio_position, 0.0))
        self._schedule()

    def audio_ended(self) -> None:
        """The narration finished (or failed): the step holds no longer than its ``duration`` from now."""
        player = self.player
        if player is None or self._audio_key is None:
            return
        self._audio_done = True
        self._set_caption("")
        player.set_narration_length(player.hold_elapsed + player.pending_seconds() if player.in_hold else None)
        self._schedule()

    def _on_audio_position(self, seconds: float) -> None:
        if self.owns_audio:
            self.show_position(seconds)

    def _on_audio_duration(self, seconds: float) -> None:
        if self.owns_audio:
            self.set_audio_duration(seconds)

    def _on_audio_finished(self) -> None:
        if self.owns_audio:
            self.audio_ended()

    def _on_audio_failed(self, _message: str) -> None:
        if self.owns_audio:
            self.audio_ended()

    def _on_owner_changed(self, owner) -> None:
        """The info panel took the player: a playing tour pauses (the visitor took over)."""
        if owner is self or owner is None or self.player is None:
            return
        self._set_caption("")
        if self.player.state == PLAYING:
            # Also on a silent step: otherwise the next narrated step would cut the panel's narration.
            self.player.pause()
            self._schedule()

    def _on_language_changed(self, language: str) -> None:
        if language != self._language:
            self._language = language
            self._audio_key = None  # the step's narration in the new language, from its start
            self._sync_audio()
            self.changed.emit()


BAR_STYLE = """
#guidedBar {
    background-color: rgba(20, 21, 26, 225);
    border: 1px solid rgba(255, 255, 255, 38);
    border-radius: 12px;
}
#guidedBar QLabel { color: #eceff4; background: transparent; }
#guidedBar QLabel#guidedStep { color: #9aa3b2; }
#guidedBar QToolButton {
    background-color: rgba(255, 255, 255, 18); border: 1px solid rgba(255, 255, 255, 35);
    border-radius: 17px; padding: 5px;
}
#guidedBar QToolButton:hover { background-color: rgba(255, 255, 255, 40); }
#guidedBar QToolButton#guidedPlay { background-color: rgba(90, 169, 255, 80); }
"""


SUBTITLE_STYLE = """
QLabel#guidedSubtitle {
    color: #ffffff; background-color: rgba(0, 0, 0, 170); border-radius: 6px; padding: 6px 12px;
}
"""


class GuidedControlsBar(QFrame):
    """Previous / play-pause / next, the step's caption, "Step 2 of 5" and the step's progress."""

    def __init__(self, controller: GuidedTourController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("guidedBarArea")  # transparent: keeps the card off the window's edge
        self.card = QFrame()
        self.card.setObjectName("guidedBar")
        self.card.setStyleSheet(BAR_STYLE)
        # The narration's captions, like film subtitles just above the bar (hidden between cues).
        self.subtitle = QLabel()
        self.subtitle.setObjectName("guidedSubtitle")
        self.subtitle.setStyleSheet(SUBTITLE_STYLE)
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, BOTTOM_MARGIN)
        outer.setSpacing(8)
        outer.addWidget(self.subtitle, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(self.card)
        self.controller = controller
        self._build()
        controller.changed.connect(self.refresh)
        controller.caption_changed.connect(self.show_caption)
        self.hide()

    def _build(self) -> None:
        row = QHBoxLayout(self.card)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(10)
        style = self.style()
        # Made once: a new QIcon per refresh (60 a second while the camera moves) put a new pixmap
        # into QPixmapCache each time; the kiosk soak benchmark measured 4-7 KB per scene change.
        self._icons = {True: style.standardIcon(QStyle.StandardPixmap.SP_MediaPause),
                       False: style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)}
        self._shown_playing: tuple[bool, str] | None = None  # (playing, label) on the button
        self.previous_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward),
                                            self.tr("Previous step"), self.controller.previous)
        self.play_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_MediaPause),
                                        self.tr("Pause"), self.controller.toggle)
        self.play_button.setObjectName("guidedPlay")
        self.next_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward),
                                        self.tr("Next step"), self.controller.next)
        for button in (self.previous_button, self.play_button, self.next_button):
            row.addWidget(button)
        row.addSpacing(6)
        row.addLayout(self._build_texts(), 1)
        self.close_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton),
                                         self.tr("End the guided tour"), self.controller.close)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.card.setFixedWidth(max(560, self.fontMetrics().averageCharWidth() * 80))
        self.subtitle.setAccessibleName(self.tr("Captions"))

    def _build_texts(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(5)
        self.step_label = QLabel()
        self.step_label.setObjectName("guidedStep")
        self.caption = QLabel()
        self.caption.setObjectName("guidedCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        font = self.caption.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.caption.setFont(font)
        # Two lines whatever the step says: the bar keeps its size from step to step.
        self.caption.setFixedHeight(2 * self.caption.fontMetrics().lineSpacing() + 2)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.progress = ProgressBar()
        self.progress.set_fraction(0.0)
        column.addWidget(self.step_label)
        column.addWidget(self.caption)
        column.addWidget(self.progress)
        return column

    def _button(self, icon, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFixedSize(34, 34)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        return button

    def show_caption(self, text: str) -> None:
        """The narration's current cue ("" hides the line)."""
        self.subtitle.setFont(self.caption.font())
        self.subtitle.setText(text)
        if text:
            # As wide as the text up to the card's width, then wrapped: a word-wrapped label's own
            # size hint is narrow, and the bar takes its size from its hints (it floats in a cell).
            padding = 24 + 8
            width = min(self.card.width(), self.subtitle.fontMetrics().horizontalAdvance(text) + padding)
            self.subtitle.setFixedWidth(width)
            self.subtitle.setFixedHeight(self.subtitle.heightForWidth(width))
        self.subtitle.setVisible(bool(text))
        self.adjustSize()

    def _show_playing(self, playing: bool) -> None:
        label = self.tr("Pause") if playing else self.tr("Play")
        if (playing, label) == self._shown_playing:
            return
        self._shown_playing = (playing, label)
        self.play_button.setIcon(self._icons[playing])
        self.play_button.setToolTip(label)
        self.play_button.setAccessibleName(label)

    def refresh(self) -> None:
        player = self.controller.player
        if player is None:
            self.hide()
            return
        self._show_playing(player.state == PLAYING)
        title = player.session.text(player.guided_tour.title) or player.guided_tour.id
        self.step_label.setText(self.tr("{title} · step {number} of {count}").format(
            title=title, number=player.index + 1, count=player.step_count))
        self.caption.setText(player.text())
        self.progress.set_fraction(player.step_progress())
        self.adjustSize()
        self.show()
        self.raise_()

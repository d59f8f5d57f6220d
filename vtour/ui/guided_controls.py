"""Playing guided tours in the window: a controller that ticks the player, and the play bar.

The controller's timer runs only while the tour plays: at frame rate while the camera moves, a
few times a second through a hold (to move the progress bar), and not at all when paused,
stopped or finished, so an idle window stays idle (render on demand).
"""

from __future__ import annotations

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

from vtour.model.guided import PLAYING, GuidedTourPlayer
from vtour.model.session import TourSession
from vtour.model.tour import GuidedTour
from vtour.ui.progress import ProgressBar

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
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.player: GuidedTourPlayer | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)

    def start(self, session: TourSession, guided_tour: GuidedTour, *, loop: bool = False) -> GuidedTourPlayer:
        """Play ``guided_tour`` from its first step (replacing a tour being played)."""
        self.close()
        self.player = GuidedTourPlayer(session, guided_tour, loop=loop, reduced_motion=reduced_motion)
        self.player.state_changed.connect(self._on_player_event)
        self.player.step_changed.connect(self._on_player_event)
        self.player.play()
        self._schedule()
        self.changed.emit()
        return self.player

    def toggle(self) -> None:
        if self.player is not None:
            self.player.toggle()
            self._schedule()

    def next(self) -> None:
        if self.player is not None:
            self.player.next()
            self._schedule()

    def previous(self) -> None:
        if self.player is not None:
            self.player.previous()
            self._schedule()

    def close(self) -> None:
        """Stop and forget the tour (the bar hides)."""
        self.timer.stop()
        if self.player is not None:
            self.player.close()
            self.player = None
            self.changed.emit()

    # -- ticking --------------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.player is None:
            return
        self.player.tick()
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


class GuidedControlsBar(QFrame):
    """Previous / play-pause / next, the step's caption, "Step 2 of 5" and the step's progress."""

    def __init__(self, controller: GuidedTourController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("guidedBarArea")  # transparent: keeps the card off the window's edge
        self.card = QFrame()
        self.card.setObjectName("guidedBar")
        self.card.setStyleSheet(BAR_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, BOTTOM_MARGIN)
        outer.addWidget(self.card)
        self.controller = controller
        self._build()
        controller.changed.connect(self.refresh)
        self.hide()

    def _build(self) -> None:
        row = QHBoxLayout(self.card)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(10)
        style = self.style()
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

    def refresh(self) -> None:
        player = self.controller.player
        if player is None:
            self.hide()
            return
        playing = player.state == PLAYING
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        label = self.tr("Pause") if playing else self.tr("Play")
        self.play_button.setToolTip(label)
        self.play_button.setAccessibleName(label)
        title = player.session.text(player.guided_tour.title) or player.guided_tour.id
        self.step_label.setText(self.tr("{title} · step {number} of {count}").format(
            title=title, number=player.index + 1, count=player.step_count))
        self.caption.setText(player.text())
        self.progress.set_fraction(player.step_progress())
        self.adjustSize()
        self.show()
        self.raise_()

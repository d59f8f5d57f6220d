"""A thin progress bar that stays cheap to animate beside a GL widget.

Any repaint in a window that holds a QOpenGLWidget makes Qt composite the whole window again. On
Mesa's software renderer (the weak laptops vtour serves) that costs ~20 ms at 1280x800, so
QProgressBar's busy animation (as fast as it can) took 60 % of a core and slowed the decode it
was waiting for. This bar repaints at :data:`BUSY_FPS` and only while busy and visible.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BUSY_FPS = 12
"""Repaints per second while busy: visibly moving, ~5x cheaper than QProgressBar's animation."""

BUSY_PERIOD = 1.6
"""Seconds for the busy segment to sweep across and back."""

HEIGHT = 6


class ProgressBar(QWidget):
    """Busy (a segment sweeping to and fro) until given a fraction, then a filled bar."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fraction: float | None = None
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(1000 // BUSY_FPS)
        self._timer.timeout.connect(self.update)
        self.track_colour = QColor(255, 255, 255, 28)
        self.bar_colour = QColor("#5aa9ff")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, HEIGHT)

    @property
    def busy(self) -> bool:
        return self._fraction is None

    @property
    def animating(self) -> bool:
        return self._timer.isActive()

    def set_fraction(self, fraction: float | None) -> None:
        """None: busy (unknown progress); else a value in [0, 1]."""
        self._fraction = None if fraction is None else min(max(float(fraction), 0.0), 1.0)
        self._sync_timer()
        self.update()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._sync_timer()

    def _sync_timer(self) -> None:
        # Animate only while busy *and* shown (isVisible covers hidden ancestors too).
        if self.busy and self.isVisible():
            if not self._timer.isActive():
                self._clock.start()
                self._timer.start()
        else:
            self._timer.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = self.height() / 2.0
        painter.setBrush(self.track_colour)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        painter.setBrush(self.bar_colour)
        painter.drawRoundedRect(self._bar_rect(), radius, radius)

    def _bar_rect(self) -> QRectF:
        width = float(self.width())
        if self._fraction is not None:
            return QRectF(0.0, 0.0, width * self._fraction, self.height())
        segment = width * 0.3
        # A cosine sweep eases at both ends, which hides the low frame rate.
        phase = (self._clock.elapsed() / 1000.0) / BUSY_PERIOD * 2.0 * math.pi if self._clock.isValid() else 0.0
        left = (width - segment) * (1.0 - math.cos(phase)) / 2.0
        return QRectF(left, 0.0, segment, self.height())

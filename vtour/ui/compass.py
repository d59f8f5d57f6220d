"""A small compass over the panorama: the dial turns with the view so its N points north.

Up on the widget is the direction the visitor looks. The view's compass heading is
``yaw + northOffset`` (degrees clockwise from north, see ``vtour.geometry``), so north lies at
``-heading`` clockwise from up. A click turns the view to face north.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from vtour.geometry.angles import wrap_yaw
from vtour.model.session import SceneChange, TourSession
from vtour.model.tour import View

SIZE = 78
ACCENT = QColor(235, 87, 87)
CARDINALS = (("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0))
_POINTS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def heading(view: View, north_offset: float) -> float:
    """The view's compass heading in [0, 360): degrees clockwise from north."""
    return (view.yaw + north_offset) % 360.0


def needle_angle(view: View, north_offset: float) -> float:
    """Where north is drawn, degrees clockwise from the widget's up, in (-180, 180]."""
    return wrap_yaw(-heading(view, north_offset))


def point_name(degrees: float) -> str:
    """The nearest of the eight compass points (N, NE, ...)."""
    return _POINTS[round((degrees % 360.0) / 45.0) % 8]


class Compass(QWidget):
    """The compass dial; follows the session's ``scene_changed`` and ``view_changed``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._session: TourSession | None = None
        self._view = View()
        self._north_offset = 0.0
        self.setFixedSize(SIZE, SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.hide()

    # -- state ----------------------------------------------------------------------------------

    @property
    def heading(self) -> float:
        return heading(self._view, self._north_offset)

    @property
    def needle_angle(self) -> float:
        return needle_angle(self._view, self._north_offset)

    def set_session(self, session: TourSession) -> None:
        if self._session is not None:
            self._session.scene_changed.disconnect(self._on_scene_change)
            self._session.view_changed.disconnect(self._on_view_change)
        self._session = session
        session.scene_changed.connect(self._on_scene_change)
        session.view_changed.connect(self._on_view_change)
        self._show(session.view, session.scene.north_offset)
        self.show()

    def follow_model_view(self, model_view) -> None:
        """Also follow ``model_view``'s camera while it is on screen (model scenes: the camera's
        yaw plus the scene's ``northOffset``); a click there turns the camera to face north."""
        self._model_view = model_view
        model_view.camera_changed.connect(self._on_camera_change)

    def _model_shown(self) -> bool:
        view = getattr(self, "_model_view", None)
        return view is not None and view.isVisible() and view.has_model

    def _on_camera_change(self, camera) -> None:
        if self._model_shown() and self._session is not None:
            self._show(View(yaw=camera.yaw, pitch=camera.pitch), self._session.scene.north_offset)

    def sizeHint(self) -> QSize:
        return QSize(SIZE, SIZE)

    # -- events ---------------------------------------------------------------------------------

    def _on_scene_change(self, change: SceneChange) -> None:
        self._show(change.view, change.scene.north_offset)

    def _on_view_change(self, view: View) -> None:
        self._show(view, self._north_offset)

    def _show(self, view: View, north_offset: float) -> None:
        before = round(self.needle_angle, 1)
        self._view, self._north_offset = view, north_offset
        name = point_name(self.heading)
        self.setToolTip(self.tr("Facing {point} ({degrees}°). Click to face north.").format(
            point=name, degrees=round(self.heading) % 360))
        self.setAccessibleName(self.tr("Compass: facing {point}").format(point=name))
        if round(self.needle_angle, 1) != before:
            self.update()  # a repaint composites the window: only when the dial visibly moves

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._session is not None and self._model_shown():
            camera = self._model_view.camera
            self._model_view.fly_to(replace(camera, yaw=wrap_yaw(-self._north_offset)))
            event.accept()
        elif event.button() == Qt.MouseButton.LeftButton and self._session is not None:
            view = self._session.view
            self._session.set_view(View(yaw=wrap_yaw(-self._north_offset), pitch=view.pitch, hfov=view.hfov))
            event.accept()
        else:
            super().mousePressEvent(event)

    # -- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.contentsRect())
        centre = area.center()
        radius = min(area.width(), area.height()) / 2.0 - 2.0
        painter.setPen(QPen(QColor(255, 255, 255, 45), 1.0))
        painter.setBrush(QColor(20, 21, 26, 205))
        painter.drawEllipse(centre, radius, radius)
        self._paint_view_marker(painter, centre, radius)
        painter.translate(centre)
        painter.rotate(self.needle_angle)
        self._paint_dial(painter, radius)
        painter.end()

    def _paint_view_marker(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        """A fixed wedge at the top: the way the visitor looks."""
        tip = QPointF(centre.x(), centre.y() - radius + 1.0)
        wedge = QPolygonF([tip, QPointF(tip.x() - 6.0, tip.y() + 8.0), QPointF(tip.x() + 6.0, tip.y() + 8.0)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(90, 169, 255))
        painter.drawPolygon(wedge)

    def _paint_dial(self, painter: QPainter, radius: float) -> None:
        painter.setPen(QPen(QColor(255, 255, 255, 90), 1.2))
        for degrees in range(0, 360, 30):
            if degrees % 90:
                painter.save()
                painter.rotate(degrees)
                painter.drawLine(QPointF(0.0, -radius + 6.0), QPointF(0.0, -radius + 10.0))
                painter.restore()
        self._paint_needle(painter, radius * 0.42)
        font = QFont(self.font())
        font.setPixelSize(12)
        font.setBold(True)
        painter.setFont(font)
        for letter, degrees in CARDINALS:
            painter.save()
            painter.rotate(degrees)
            painter.translate(0.0, -radius + 17.0)
            painter.rotate(-degrees - self.needle_angle)  # letters stay upright
            painter.setPen(ACCENT if letter == "N" else QColor(236, 239, 244))
            painter.drawText(QRectF(-10.0, -8.0, 20.0, 16.0), Qt.AlignmentFlag.AlignCenter, letter)
            painter.restore()

    def _paint_needle(self, painter: QPainter, length: float) -> None:
        north = QPainterPath()
        north.addPolygon(QPolygonF([QPointF(0.0, -length), QPointF(-4.5, 0.0), QPointF(4.5, 0.0)]))
        south = QPainterPath()
        south.addPolygon(QPolygonF([QPointF(0.0, length), QPointF(-4.5, 0.0), QPointF(4.5, 0.0)]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ACCENT)
        painter.drawPath(north)
        painter.setBrush(QColor(236, 239, 244, 200))
        painter.drawPath(south)
        painter.setBrush(QColor(20, 21, 26))
        painter.drawEllipse(QPointF(0.0, 0.0), 2.0, 2.0)

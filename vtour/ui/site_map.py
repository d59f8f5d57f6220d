"""The site map / floor plan: the map image, a dot per placed scene (click to go), and a view cone.

The cone sits on the current scene's dot and points where the visitor looks: its direction on the
image is the view's compass heading (``yaw + scene northOffset``) minus the map's ``northOffset``
(the heading of the image's up), clockwise from up; its opening angle is the view's hfov.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QRadialGradient,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from vtour.geometry.angles import wrap_yaw
from vtour.model.session import SceneChange, TourSession
from vtour.model.tour import SiteMap, View

ACCENT = QColor(90, 169, 255)
DOT_RADIUS = 6.0
HIT_RADIUS = 12.0
"""Pixels around a dot that still count as a click on it (fingers on kiosk screens)."""
CONE_RADIUS = 56.0


def cone_direction(view: View, scene_north_offset: float, map_north_offset: float) -> float:
    """The view cone's direction on the map image, degrees clockwise from the image's up, in (-180, 180]."""
    return wrap_yaw(view.yaw + scene_north_offset - map_north_offset)


class SiteMapView(QWidget):
    """Paints a :class:`~vtour.model.tour.SiteMap`, scaled to fit and centred.

    Signals
    -------
    scene_requested(str)
        The visitor clicked another scene's dot (the widget also calls ``session.go_to``).
    """

    scene_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._session: TourSession | None = None
        self._map: SiteMap | None = None
        self._image = QImage()
        self._view = View()
        self.setMouseTracking(True)
        self.setMinimumSize(200, 130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- state ----------------------------------------------------------------------------------

    @property
    def site_map(self) -> SiteMap | None:
        return self._map

    def set_session(self, session: TourSession) -> None:
        if self._session is not None:
            self._session.scene_changed.disconnect(self._on_scene_change)
            self._session.view_changed.disconnect(self._on_view_change)
        self._session = session
        self._map = session.tour.site_map
        self._image = QImage(str(self._map.image)) if self._map is not None else QImage()
        self._view = session.view
        session.scene_changed.connect(self._on_scene_change)
        session.view_changed.connect(self._on_view_change)
        self.update()

    def cone_direction(self) -> float | None:
        """The cone's direction (degrees clockwise from the image's up), None when not on the map."""
        if self._session is None or self._map is None or self._session.scene.id not in self._map.positions:
            return None
        return cone_direction(self._view, self._session.scene.north_offset, self._map.north_offset)

    def cone_width(self) -> float:
        return self._view.hfov

    def image_rect(self) -> QRectF:
        """Where the map image is drawn: fitted into the widget, aspect kept, centred."""
        if self._image.isNull():
            return QRectF()
        margin = 6.0
        area = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
        scale = min(area.width() / self._image.width(), area.height() / self._image.height())
        size = QSize(round(self._image.width() * scale), round(self._image.height() * scale))
        return QRectF(area.center().x() - size.width() / 2, area.center().y() - size.height() / 2,
                      size.width(), size.height())

    def scene_point(self, scene_id: str) -> QPointF | None:
        """A scene's dot in widget coordinates."""
        if self._map is None or scene_id not in self._map.positions or self._image.isNull():
            return None
        rect = self.image_rect()
        x, y = self._map.positions[scene_id]
        return QPointF(rect.left() + x * rect.width() / self._image.width(),
                       rect.top() + y * rect.height() / self._image.height())

    def scene_at(self, point: QPointF) -> str | None:
        """The scene whose dot is nearest ``point`` within :data:`HIT_RADIUS`, else None."""
        best, best_distance = None, HIT_RADIUS
        for scene_id in self._map.positions if self._map else ():
            dot = self.scene_point(scene_id)
            distance = (dot - point).manhattanLength() if dot is not None else HIT_RADIUS + 1
            if distance <= best_distance:
                best, best_distance = scene_id, distance
        return best

    def sizeHint(self) -> QSize:
        return QSize(300, 200)

    # -- events ---------------------------------------------------------------------------------

    def _on_scene_change(self, change: SceneChange) -> None:
        self._view = change.view
        self.update()

    def _on_view_change(self, view: View) -> None:
        before = (round(self.cone_direction() or 0.0), round(self._view.hfov))
        self._view = view
        if (round(self.cone_direction() or 0.0), round(view.hfov)) != before:
            self.update()  # whole degrees: no repaint (and window composite) for invisible changes

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        scene_id = self.scene_at(event.position())
        if scene_id is None:
            self.unsetCursor()
            self.setToolTip("")
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self._session.text(self._session.tour.scene(scene_id).title) or scene_id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        scene_id = self.scene_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if scene_id is None or self._session is None:
            super().mousePressEvent(event)
            return
        event.accept()
        if scene_id != self._session.scene.id:
            self.scene_requested.emit(scene_id)
            self._session.go_to(scene_id)

    # -- painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor(23, 24, 29))  # the scene list's dark, beside the panorama
        if self._image.isNull():
            painter.setPen(QColor(200, 204, 212))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("This tour has no site map."))
            return
        rect = self.image_rect()
        clip = QPainterPath()
        clip.addRoundedRect(rect, 8.0, 8.0)
        painter.setClipPath(clip)
        painter.drawImage(rect, self._image)
        painter.setClipping(False)
        painter.setPen(QPen(QColor(255, 255, 255, 50), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 8.0, 8.0)
        self._paint_cone(painter)
        self._paint_dots(painter)

    def _paint_cone(self, painter: QPainter) -> None:
        direction = self.cone_direction()
        centre = self.scene_point(self._session.scene.id) if direction is not None else None
        if centre is None:
            return
        radius = CONE_RADIUS * max(0.6, min(1.4, self.image_rect().width() / 320.0))
        gradient = QRadialGradient(centre, radius)
        gradient.setColorAt(0.0, QColor(ACCENT.red(), ACCENT.green(), ACCENT.blue(), 190))
        gradient.setColorAt(1.0, QColor(ACCENT.red(), ACCENT.green(), ACCENT.blue(), 0))
        # Qt measures arcs counter-clockwise from 3 o'clock; the cone's direction is clockwise from up.
        start = 90.0 - direction - self._view.hfov / 2.0
        cone = QPainterPath(centre)
        cone.arcTo(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius), start, self._view.hfov)
        cone.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawPath(cone)

    def _paint_dots(self, painter: QPainter) -> None:
        current = self._session.scene.id if self._session else None
        for scene_id in self._map.positions:
            point = self.scene_point(scene_id)
            if scene_id == current:
                painter.setPen(QPen(QColor(255, 255, 255), 2.5))
                painter.setBrush(ACCENT)
                painter.drawEllipse(point, DOT_RADIUS + 1.5, DOT_RADIUS + 1.5)
            else:
                painter.setPen(QPen(QColor(30, 32, 38), 2.0))
                painter.setBrush(QColor(255, 255, 255, 235))
                painter.drawEllipse(point, DOT_RADIUS, DOT_RADIUS)

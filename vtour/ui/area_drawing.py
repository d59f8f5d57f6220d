"""Authoring areas on a panorama: draw a polygon by clicks, reshape the selected area's corners.

An :class:`AreaDrawing` adds **Edit ▸ Draw Area** (``Shift+A``; plain ``A`` turns the view) to a
:class:`~vtour.ui.editor.TourEditor` and watches the panorama view through its own event filter,
installed after the editor's so it sees the mouse first (Qt asks the last installed filter
first). Events it does not use are passed on, so the editor and the view keep working.

Drawing (while the action is checked):

- each click (press and release within :data:`CLICK_SLOP_PX`) adds a corner where it lands,
  shown at once by a transparent overlay over the view;
- Enter/Return, a double-click or a click within :data:`CLOSE_PX` of the first corner closes
  the polygon: with at least 3 corners one undoable ``add_hotspot`` adds the area, selects it
  and leaves the mode; with fewer nothing is added (the corners are dropped, the mode ends);
- Esc (or unchecking the action) drops the pending corners.

Reshaping (the selected hotspot is an area):

- its corners get handles; a press within :data:`HANDLE_PX` of one and a drag moves that
  corner (shown live by the overlay; one ``set_vertex`` step on release);
- Alt+click or a double-click on an edge adds a corner there (``insert_vertex``);
- a right-click on a handle removes the corner (``remove_vertex``); an area keeps at least 3
  corners, so that is refused (and logged) on a triangle, without changing anything.

Panorama scenes only: model scenes place 3D hotspots, which have no areas.
"""

from __future__ import annotations

import logging
import math

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QWidget

from vtour.model.editing import add_hotspot, insert_vertex, remove_vertex, set_vertex
from vtour.model.semantics import scene_kind
from vtour.ui.marker_input import CLICK_SLOP_PX

log = logging.getLogger(__name__)

CLOSE_PX = 10.0
"""A click this close to the first corner closes the polygon being drawn."""
HANDLE_PX = 8.0
"""A press this close to a corner of the selected area grabs its handle."""
EDGE_PX = 6.0
"""An Alt+click or double-click this close to an edge of the selected area adds a corner there."""

_CLOSE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AreaOverlay(QWidget):
    """Transparent child of the panorama view that draws the pending polygon and the handles."""

    def __init__(self, drawing: AreaDrawing) -> None:
        super().__init__(drawing.view)
        self.drawing = drawing
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(drawing.view.rect())
        self.hide()

    def paintEvent(self, _event) -> None:
        drawing = self.drawing
        geometry = drawing.geometry()
        if geometry is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if drawing.pending:
            points = _pixels(geometry, drawing.pending)
            self._polyline(painter, points, closed=False, colour=QColor(255, 200, 0))
            self._handles(painter, points, QColor(255, 200, 0), first_bigger=True)
        corners = drawing.selected_vertices()
        if corners:
            points = _pixels(geometry, corners)
            self._polyline(painter, points, closed=True, colour=QColor(0, 170, 255))
            self._handles(painter, points, QColor(255, 255, 255), first_bigger=False)
        painter.end()

    @staticmethod
    def _polyline(painter: QPainter, points, *, closed: bool, colour: QColor) -> None:
        painter.setPen(QPen(colour, 2))
        pairs = list(zip(points, points[1:]))
        if closed and len(points) > 2:
            pairs.append((points[-1], points[0]))
        for a, b in pairs:
            if a is not None and b is not None:
                painter.drawLine(a, b)

    @staticmethod
    def _handles(painter: QPainter, points, fill: QColor, *, first_bigger: bool) -> None:
        painter.setPen(QPen(QColor(0, 0, 0), 1))
        painter.setBrush(fill)
        for i, point in enumerate(points):
            if point is not None:
                half = 6.0 if first_bigger and i == 0 else 4.0
                painter.drawRect(QRectF(point.x() - half, point.y() - half, 2 * half, 2 * half))


class AreaDrawing(QObject):
    """Draw and reshape area hotspots with the mouse in ``editor``'s panorama view.

    Attributes
    ----------
    action
        The checkable **Draw Area** action (in ``editor.menu``).
    pending
        The corners ``(yaw, pitch)`` of the polygon being drawn.
    overlay
        The :class:`AreaOverlay` that shows them and the selected area's handles.
    """

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.window = editor.window
        self.view = editor.window.panorama_view
        self.pending: list[tuple[float, float]] = []
        self._pending_scene: str | None = None
        self._press: dict | None = None
        self._preview: tuple[int, tuple[float, float]] | None = None  # (corner, (yaw, pitch)) while dragging
        self.action = QAction(self.tr("Draw &Area"), self.window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Shift+A"))
        self.action.setStatusTip(self.tr("Click the corners of a new area; Enter or a click on the first corner "
                                         "closes it, Esc cancels"))
        self.action.toggled.connect(self._on_toggled)
        self.window.addAction(self.action)
        editor.menu.addAction(self.action)
        editor.add_action.toggled.connect(self._on_add_toggled)
        self.overlay = AreaOverlay(self)
        editor.selection_changed.connect(self.refresh)
        editor.document_changed_signal.connect(self.refresh)
        self.view.view_changed.connect(self.refresh)
        self.view.installEventFilter(self)  # after the editor's: sees the view's events first

    # -- state ------------------------------------------------------------------------------------

    @property
    def drawing(self) -> bool:
        return self.action.isChecked()

    def geometry(self):
        """The view geometry of a panorama scene on screen, or None (no scene, or a model scene)."""
        scene_id = self._scene_id()
        return self.window.hotspot_layer.geometry() if scene_id is not None else None

    def _scene_id(self) -> str | None:
        """The id of the panorama scene on screen that the document knows, else None."""
        scene = self.window.scene
        document = self.editor.document
        if scene is None or scene.id not in document.scene_ids():
            return None
        return scene.id if scene_kind(document.scene(scene.id)) in ("cube", "equirectangular") else None

    def selected_area(self) -> tuple[str, int] | None:
        """``(scene_id, index)`` of the selected hotspot when it is an area on the scene on screen."""
        selected = self.editor.selected
        if selected is None or selected[0] != self._scene_id():
            return None
        scene_id, index = selected
        spots = self.editor.document.hotspots(scene_id)
        if index >= len(spots) or not isinstance(spots[index], dict) or spots[index].get("type") != "area":
            return None
        return selected

    def selected_vertices(self) -> list[tuple[float, float]]:
        """The selected area's corners as drawn (the dragged one where the pointer is), or []."""
        target = self.selected_area()
        if target is None:
            return []
        raw = self.editor.document.hotspot(*target).get("vertices")
        corners = []
        for vertex in raw if isinstance(raw, list) else []:
            try:
                corners.append((float(vertex[0]), float(vertex[1])))
            except (TypeError, ValueError, IndexError):
                return []  # a malformed area (the Problems panel says why): no handles
        if self._preview is not None and self._preview[0] < len(corners):
            corners[self._preview[0]] = self._preview[1]
        return corners

    def refresh(self, *_args) -> None:
        """Show the overlay when there is something to draw, and repaint it."""
        if not shiboken6.isValid(self.overlay):
            return
        if self.pending and self._pending_scene != self._scene_id():
            self.cancel()  # the scene changed under the pending polygon
        show = bool(self.pending) or bool(self.selected_vertices())
        if show:
            if self.overlay.geometry() != self.view.rect():
                self.overlay.setGeometry(self.view.rect())
            self.overlay.show()
            self.overlay.raise_()
            self.overlay.update()
        elif self.overlay.isVisible():
            self.overlay.hide()

    # -- drawing ----------------------------------------------------------------------------------

    def _on_toggled(self, checked: bool) -> None:
        self.pending.clear()
        self._pending_scene = None
        self._press = None
        if checked:
            if self.editor.add_action.isChecked():
                self.editor.add_action.setChecked(False)
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)  # Enter and Esc come to the view
        self.refresh()

    def _on_add_toggled(self, checked: bool) -> None:
        if checked and self.action.isChecked():
            self.action.setChecked(False)

    def add_point(self, yaw: float, pitch: float) -> None:
        """Add a corner to the pending polygon."""
        if not self.pending:
            self._pending_scene = self._scene_id()
        self.pending.append((float(yaw), float(pitch)))
        self.refresh()

    def cancel(self) -> None:
        """Drop the pending polygon and leave drawing mode."""
        self.pending.clear()
        self._pending_scene = None
        if self.action.isChecked():
            self.action.setChecked(False)
        self.refresh()

    def finish(self) -> bool:
        """Close the pending polygon: add it as an area (3 corners or more) and select it.

        Returns whether an area was added; the pending corners are dropped and the mode ends either way.
        """
        corners, scene_id = list(self.pending), self._pending_scene
        self.pending.clear()
        self._pending_scene = None
        added = False
        if len(corners) >= 3 and scene_id is not None and scene_id == self._scene_id():
            document = self.editor.document
            language = document.data.get("defaultLanguage", "en")
            if not isinstance(language, str):
                language = "en"
            spot = {"type": "area", "vertices": [[yaw, pitch] for yaw, pitch in corners],
                    "title": {language: self.tr("New area")}}
            try:
                edit = add_hotspot(document, scene_id, spot)
            except (KeyError, ValueError) as exc:
                log.warning("cannot add the area: %s", exc)
            else:
                self.editor.push(edit)
                self.editor.selected = (scene_id, len(document.hotspots(scene_id)) - 1)
                added = True
        self.action.setChecked(False)
        self.refresh()
        return added

    # -- events -----------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        if watched is not self.view:
            return False
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.overlay.setGeometry(self.view.rect())
            return False
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return self._key(event, override=kind == QEvent.Type.ShortcutOverride)
        if kind == QEvent.Type.MouseButtonPress:
            return self._pressed(event)
        if kind == QEvent.Type.MouseMove:
            return self._moved(event)
        if kind == QEvent.Type.MouseButtonRelease:
            return self._released(event)
        if kind == QEvent.Type.MouseButtonDblClick:
            return self._double_clicked(event)
        return False

    def _key(self, event, *, override: bool) -> bool:
        if not self.drawing or event.key() not in (*_CLOSE_KEYS, Qt.Key.Key_Escape):
            return False
        if override:
            event.accept()  # the key comes as a KeyPress to the view, not to a window shortcut
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            self.finish()
        return True

    def _pressed(self, event) -> bool:
        geometry = self.geometry()
        if geometry is None:
            return False
        position = event.position()
        button = event.button()
        if self.drawing:
            if button == Qt.MouseButton.LeftButton:
                self._press = {"kind": "draw", "start": position}
            return True  # while drawing, the view does not turn and the editor does not select
        target = self.selected_area()
        if target is None:
            return False
        corner = self._corner_at(geometry, position)
        if button == Qt.MouseButton.RightButton and corner is not None:
            self._remove_corner(target, corner)
            self._press = {"kind": "consumed", "start": position}
            return True
        if button != Qt.MouseButton.LeftButton:
            return False
        if corner is not None:
            self._press = {"kind": "corner", "start": position, "corner": corner, "target": target, "moved": False}
            return True
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and self._insert_on_edge(geometry, target, position):
            self._press = {"kind": "consumed", "start": position}
            return True
        return False

    def _moved(self, event) -> bool:
        press = self._press
        if press is None:
            return False
        if press["kind"] == "corner":
            position = event.position()
            if (position - press["start"]).manhattanLength() > CLICK_SLOP_PX:
                press["moved"] = True
            geometry = self.geometry()
            if press["moved"] and geometry is not None:
                yaw, pitch = geometry.to_yaw_pitch(position.x(), position.y())
                self._preview = (press["corner"], (float(yaw), float(pitch)))
                self.refresh()
        return True

    def _released(self, event) -> bool:
        press, self._press = self._press, None
        if press is None:
            return False
        position = event.position()
        geometry = self.geometry()
        if press["kind"] == "draw" and geometry is not None and self.drawing:
            if (position - press["start"]).manhattanLength() <= CLICK_SLOP_PX:
                self._click_while_drawing(geometry, position)
        elif press["kind"] == "corner":
            self._preview = None
            if press["moved"] and geometry is not None and press["target"] == self.selected_area():
                yaw, pitch = geometry.to_yaw_pitch(position.x(), position.y())
                scene_id, index = press["target"]
                try:
                    self.editor.push(set_vertex(self.editor.document, scene_id, index, press["corner"],
                                                float(yaw), float(pitch)))
                except (KeyError, IndexError, ValueError) as exc:
                    log.warning("cannot move the corner: %s", exc)
            self.refresh()
        return True

    def _double_clicked(self, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self.drawing:
            self._press = None
            self.finish()  # the double-click's first click already added its corner
            return True
        geometry, target = self.geometry(), self.selected_area()
        if geometry is None or target is None:
            return False
        if self._insert_on_edge(geometry, target, event.position()):
            self._press = {"kind": "consumed", "start": event.position()}
            return True
        return False

    def _click_while_drawing(self, geometry, position: QPointF) -> None:
        points = _pixels(geometry, self.pending)
        first = points[0] if points else None
        if first is not None and _distance(first, position) <= CLOSE_PX:
            if len(self.pending) >= 3:
                self.finish()
            return  # too few corners to close: no second corner on top of the first
        yaw, pitch = geometry.to_yaw_pitch(position.x(), position.y())
        if math.isfinite(float(yaw)) and math.isfinite(float(pitch)):
            self.add_point(yaw, pitch)

    # -- reshaping --------------------------------------------------------------------------------

    def _corner_at(self, geometry, position: QPointF) -> int | None:
        best, best_distance = None, HANDLE_PX
        for i, point in enumerate(_pixels(geometry, self.selected_vertices())):
            if point is not None and _distance(point, position) <= best_distance:
                best, best_distance = i, _distance(point, position)
        return best

    def _edge_at(self, geometry, position: QPointF) -> int | None:
        """The corner index a new corner at ``position`` would get (after edge i: i + 1), or None."""
        points = _pixels(geometry, self.selected_vertices())
        best, best_distance = None, EDGE_PX
        for i, a in enumerate(points):
            b = points[(i + 1) % len(points)]
            if a is None or b is None:
                continue
            distance = _segment_distance(position, a, b)
            if distance <= best_distance:
                best, best_distance = i + 1, distance
        return best

    def _insert_on_edge(self, geometry, target: tuple[str, int], position: QPointF) -> bool:
        at = self._edge_at(geometry, position)
        if at is None:
            return False
        yaw, pitch = geometry.to_yaw_pitch(position.x(), position.y())
        scene_id, index = target
        try:
            self.editor.push(insert_vertex(self.editor.document, scene_id, index, at, float(yaw), float(pitch)))
        except (KeyError, IndexError, ValueError) as exc:
            log.warning("cannot add a corner: %s", exc)
        return True

    def _remove_corner(self, target: tuple[str, int], corner: int) -> None:
        scene_id, index = target
        try:
            edit = remove_vertex(self.editor.document, scene_id, index, corner)
        except (KeyError, IndexError, ValueError) as exc:
            log.info("corner not removed: %s", exc)  # an area keeps at least 3 corners
            return
        self.editor.push(edit)


def _pixels(geometry, corners) -> list[QPointF | None]:
    """The corners' view pixels (None where a corner is not in view)."""
    points: list[QPointF | None] = []
    for yaw, pitch in corners:
        px, py, shown = geometry.to_pixels(yaw, pitch)
        px, py = float(px), float(py)
        points.append(QPointF(px, py) if bool(shown) and math.isfinite(px) and math.isfinite(py) else None)
    return points


def _distance(a: QPointF, b: QPointF) -> float:
    return math.hypot(a.x() - b.x(), a.y() - b.y())


def _segment_distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length2))
    return math.hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy))

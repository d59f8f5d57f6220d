"""Authoring on the site map: drag a scene's dot to move it, place the current scene with a click.

A :class:`SiteMapEditing` watches the site map widget of a :class:`~vtour.ui.editor.TourEditor`'s
window (``window.navigation.site_map``, a plain :class:`~vtour.ui.site_map.SiteMapView`):

- **drag a dot**: it follows the pointer live (a preview, nothing pushed), and the release pushes
  one :func:`~vtour.model.editing.set_site_map_position` edit (image pixels, clamped inside the
  image). A press and release without movement goes to that scene, as in the viewer;
- **Edit ▸ Place Current Scene on Map** (checkable): the next click on the map places the current
  scene there (also a scene not yet on the map), one undo step, and the mode ends (Esc too).

The map widget reads its :class:`~vtour.model.tour.SiteMap` once per ``set_session``; the editor's
changes (edits, undo, redo) swap in a new tour through ``session.replace_tour``, so this object
re-sets the session on the widget whenever the session's site map is no longer the one shown.
"""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QMouseEvent

from vtour.model.editing import set_site_map_position
from vtour.ui.marker_input import CLICK_SLOP_PX


class SiteMapEditing(QObject):
    """Site-map authoring for ``editor`` (a :class:`~vtour.ui.editor.TourEditor`).

    Attributes
    ----------
    place_action
        Edit ▸ Place Current Scene on Map (checkable; unchecks itself after placing).
    view
        The site map widget being edited.
    """

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.window = editor.window
        self.view = self.window.navigation.site_map
        self._press: dict | None = None  # {"scene", "start", "moved"} while a dot is held
        self._placing_press = False  # a press in place mode, waiting for its release
        self._forwarding = False  # a replayed press that must reach the widget
        self._session = None

        self.place_action = QAction(self.tr("Place Current Scene on &Map"), self.window)
        self.place_action.setCheckable(True)
        self.place_action.setStatusTip(self.tr("Click the site map to place the current scene there"))
        self.place_action.toggled.connect(self._on_place_toggled)
        editor.menu.addAction(self.place_action)

        self.view.installEventFilter(self)
        self.window.session_started.connect(self._follow_session)
        if self.window.session is not None:
            self._follow_session(self.window.session)
        editor.document_changed_signal.connect(self._on_document_changed)
        self._on_document_changed()

    # -- keeping the map in step with the document ------------------------------------------------

    def _follow_session(self, session) -> None:
        if self._session is not None:
            try:
                self._session.scene_changed.disconnect(self._on_scene_changed)
            except (RuntimeError, TypeError):
                pass
        self._session = session
        session.scene_changed.connect(self._on_scene_changed)

    def _on_scene_changed(self, _change) -> None:
        # replace_tour (every edit, undo, redo) announces itself as a scene change: re-read the map.
        self.refresh()

    def _on_document_changed(self) -> None:
        self.place_action.setEnabled(isinstance(self.editor.document.data.get("siteMap"), dict))
        if not self.place_action.isEnabled():
            self.place_action.setChecked(False)
        # The window swaps in the new tour after this signal; scene_changed then refreshes the map.
        # Refreshing here too drops a leftover drag preview when the new text is not valid.
        self.refresh()

    def refresh(self) -> None:
        """Show the session's site map (the last valid document's positions), dropping any preview."""
        session = self.window.session
        if session is not None and session.tour.site_map is not self.view.site_map:
            self.view.set_session(session)

    # -- coordinates --------------------------------------------------------------------------------

    def image_point(self, point: QPointF) -> tuple[float, float] | None:
        """Widget point -> image pixels (from the top-left), clamped inside the image; None without a map."""
        site_map = self.view.site_map
        rect = self.view.image_rect()
        if site_map is None or rect.isEmpty():
            return None
        width, height = site_map.size
        x = (point.x() - rect.left()) * width / rect.width()
        y = (point.y() - rect.top()) * height / rect.height()
        return min(max(x, 0.0), float(width)), min(max(y, 0.0), float(height))

    def _preview(self, scene_id: str, point: QPointF) -> None:
        """Draw ``scene_id``'s dot at ``point`` without touching the document."""
        site_map, pixel = self.view.site_map, self.image_point(point)
        if site_map is None or pixel is None:
            return
        positions = dict(site_map.positions)
        positions[scene_id] = pixel
        # The widget has no setter for a preview; its map is a frozen value, swapped for a moved copy.
        self.view._map = dataclasses.replace(site_map, positions=MappingProxyType(positions))
        self.view.update()

    # -- mouse ------------------------------------------------------------------------------------

    def _on_place_toggled(self, checked: bool) -> None:
        self._placing_press = False
        if checked:
            self.view.setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.view.unsetCursor()

    def eventFilter(self, watched, event) -> bool:
        if watched is not self.view or self._forwarding:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and self.place_action.isChecked():
            self.place_action.setChecked(False)
            return True
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        if self.place_action.isChecked():
            return self._place_event(kind, event)
        return self._drag_event(kind, event)

    def _place_event(self, kind, event: QMouseEvent) -> bool:
        if kind == QEvent.Type.MouseButtonPress:
            self._placing_press = event.button() == Qt.MouseButton.LeftButton
            return True
        if kind == QEvent.Type.MouseMove:
            return True  # no tooltips or hand cursor while placing
        if event.button() != Qt.MouseButton.LeftButton or not self._placing_press:
            return True
        self._placing_press = False
        scene, pixel = self.window.scene, self.image_point(event.position())
        if scene is None or pixel is None:
            return True
        self.editor.push(set_site_map_position(self.editor.document, scene.id, *pixel))
        self.place_action.setChecked(False)
        self.refresh()
        return True

    def _drag_event(self, kind, event: QMouseEvent) -> bool:
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() != Qt.MouseButton.LeftButton:
                return False
            scene_id = self.view.scene_at(event.position())
            if scene_id is None or scene_id not in self.editor.document.scene_ids():
                return False
            # Held back: a drag must not go to the scene; a plain click replays it on release.
            self._press = {"scene": scene_id, "start": event.position(), "moved": False}
            return True
        if self._press is None:
            return False
        if kind == QEvent.Type.MouseMove:
            if (event.position() - self._press["start"]).manhattanLength() > CLICK_SLOP_PX:
                self._press["moved"] = True
            if self._press["moved"]:
                self._preview(self._press["scene"], event.position())
            return True
        if event.button() != Qt.MouseButton.LeftButton:
            return True
        press, self._press = self._press, None
        if not press["moved"]:
            self._replay_press(press["start"])
            return False  # the release goes on too
        pixel = self.image_point(event.position())
        if pixel is not None:
            self.editor.push(set_site_map_position(self.editor.document, press["scene"], *pixel))
        self.refresh()  # the pushed positions, or back to the document's when nothing was pushed
        return True

    def _replay_press(self, start: QPointF) -> None:
        """Give the widget the press it was denied (it goes to the clicked scene)."""
        press = QMouseEvent(QEvent.Type.MouseButtonPress, start, self.view.mapToGlobal(start),
                            Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        self._forwarding = True
        try:
            self.view.mousePressEvent(press)
        finally:
            self._forwarding = False

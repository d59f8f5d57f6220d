"""Hotspots in the window: drawn over the panorama, highlighted under the pointer, activated by a click or tap.

The layer watches the panorama view's input through an event filter and never consumes it, so
dragging works as usual even when a press starts on a marker: a press that moves more than
:data:`DRAG_THRESHOLD_DIP` is a drag, and only a press released on the same hotspot without
moving that far activates it. A scene link is followed (through the window's
:class:`~vtour.ui.transitions.SceneSwitcher`, which fades to the next scene); an info point or an
area is announced with the window's ``hotspot_activated`` signal, which the info panel shows.

Drawing goes through :class:`vtour.render.hotspots.HotspotRenderer`, as in ``vtour render``;
picking through :func:`vtour.geometry.picking.pick_hotspot`, with the same placement math.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal

from vtour.geometry.picking import pick_hotspot
from vtour.model.tour import Hotspot, Horizon

log = logging.getLogger(__name__)

DRAG_THRESHOLD_DIP = 6.0
"""A press that moves farther than this (logical pixels) drags the view instead of activating."""


class _Press:
    """A press (mouse or first finger) that may become a click on ``hotspot``."""

    def __init__(self, x: float, y: float, hotspot: Hotspot | None) -> None:
        self.x, self.y, self.hotspot = x, y, hotspot
        self.dragged = False

    def moved_to(self, x: float, y: float) -> None:
        if math.hypot(x - self.x, y - self.y) > DRAG_THRESHOLD_DIP:
            self.dragged = True


class HotspotLayer(QObject):
    """Draws the shown scene's hotspots in ``window.panorama_view`` and turns clicks on them into actions.

    Signals
    -------
    hovered_changed(object)
        The hotspot under the pointer changed (a Hotspot or None).
    activated(object)
        A hotspot was clicked or tapped (before it is followed or announced).
    """

    hovered_changed = Signal(object)
    activated = Signal(object)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.panorama_view
        self.visible = True
        self._renderer = None
        self._hovered: Hotspot | None = None
        self._focused_id: str | None = None
        self._press: _Press | None = None
        self.view.setMouseTracking(True)
        self.view.installEventFilter(self)
        self.view.add_overlay_painter(self)

    # -- what is shown --------------------------------------------------------------------------

    @property
    def hotspots(self) -> tuple[Hotspot, ...]:
        """The hotspots of the scene on screen (not the one being loaded)."""
        scene = self.window.scene
        return scene.hotspots if scene is not None and self.view.has_panorama else ()

    @property
    def hovered(self) -> Hotspot | None:
        return self._hovered

    @property
    def focused_id(self) -> str | None:
        return self._focused_id

    def set_focused(self, hotspot_id: str | None) -> None:
        """Show keyboard focus on a hotspot (None: on none)."""
        if hotspot_id != self._focused_id:
            self._focused_id = hotspot_id
            self.view.update()

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self.view.update()

    def geometry(self):
        """The view's :class:`~vtour.geometry.picking.ViewGeometry` in logical pixels."""
        from vtour.render.hotspots import view_geometry

        scene = self.window.scene
        horizon = scene.horizon if scene is not None else Horizon()
        return view_geometry(self.view.view, self.view.width(), self.view.height(), self.view.projection, horizon)

    def hotspot_at(self, x: float, y: float) -> Hotspot | None:
        """The hotspot under logical pixel ``(x, y)`` of the view, or None."""
        spots = self.hotspots
        if not spots or not self.visible:
            return None
        return pick_hotspot(spots, x, y, self.geometry())

    def title(self, hotspot: Hotspot) -> str:
        """The hotspot's title in the session's language (through the tour's fallback chain)."""
        session = self.window.session
        if session is not None:
            return session.text(hotspot.title)
        tour = self.window.tour
        return tour.text(hotspot.title, tour.default_language) if tour is not None else hotspot.title.get("en")

    # -- acting -----------------------------------------------------------------------------------

    def activate(self, hotspot: Hotspot) -> None:
        """Follow a scene link; announce an info point or area with ``window.hotspot_activated``."""
        self.activated.emit(hotspot)
        if hotspot.kind == "scene":
            switcher = getattr(self.window, "scene_switcher", None)
            if switcher is not None:
                switcher.follow(hotspot)
            elif self.window.session is not None:
                self.window.session.follow(hotspot)
        else:
            self.window.hotspot_activated.emit(hotspot)

    def activate_focused(self) -> bool:
        """Activate the hotspot with keyboard focus; False when none has it."""
        spot = next((h for h in self.hotspots if h.id == self._focused_id), None)
        if spot is None:
            return False
        self.activate(spot)
        return True

    # -- drawing (called by the view with its context current) ------------------------------------

    def paint_gl(self, widget, framebuffer: int, width: int, height: int, ratio: float) -> None:
        spots = self.hotspots
        if not spots or not self.visible:
            return
        from vtour.render.hotspots import HotspotRenderer, HotspotState

        if self._renderer is None:
            self._renderer = HotspotRenderer()
        hovered = self._hovered.id if self._hovered is not None and self._hovered in spots else None
        state = HotspotState(hovered, self._focused_id)
        self._renderer.draw(spots, widget.view, width, height, widget.projection, framebuffer,
                            horizon=self.window.scene.horizon, scale=ratio, state=state)

    def release_gl(self) -> None:
        renderer, self._renderer = self._renderer, None
        if renderer is not None:
            renderer.release()

    # -- input ------------------------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self._mouse_moved(event)
        elif kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._pressed(event.position())
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._released(event.position())
        elif kind == QEvent.Type.Leave:
            self._set_hovered(None)
        elif kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            self._touch(event)
        elif kind == QEvent.Type.TouchCancel:
            self._press = None
        return False  # the view handles every event as usual (drag, zoom)

    def _mouse_moved(self, event) -> None:
        position = event.position()
        if event.buttons() & Qt.MouseButton.LeftButton:
            if self._press is not None:
                self._press.moved_to(position.x(), position.y())
            return
        self._set_hovered(self.hotspot_at(position.x(), position.y()))

    def _pressed(self, position: QPointF) -> None:
        self._press = _Press(position.x(), position.y(), self.hotspot_at(position.x(), position.y()))

    def _released(self, position: QPointF) -> None:
        press, self._press = self._press, None
        if press is None:
            return
        press.moved_to(position.x(), position.y())
        target = press.hotspot
        if not press.dragged and target is not None and self.hotspot_at(position.x(), position.y()) is target:
            # After the view has handled the release: stop any glide it started, then act.
            QTimer.singleShot(0, self, lambda: self._click(target))
        else:
            QTimer.singleShot(0, self, lambda: self._hover_after_release(position.x(), position.y()))

    def _hover_after_release(self, x: float, y: float) -> None:
        self._set_hovered(self.hotspot_at(x, y))
        self._refresh_cursor()  # the view set the open hand on release

    def _click(self, hotspot: Hotspot) -> None:
        self.view.set_view(self.view.view)  # a tap is not a flick: no inertia
        self.activate(hotspot)
        self._refresh_cursor()

    def _touch(self, event) -> None:
        if len(event.points()) != 1:
            self._press = None  # a pinch is never a tap
            return
        position = event.points()[0].position()
        if event.type() == QEvent.Type.TouchBegin:
            self._pressed(position)
        elif event.type() == QEvent.Type.TouchUpdate and self._press is not None:
            self._press.moved_to(position.x(), position.y())
        elif event.type() == QEvent.Type.TouchEnd:
            self._released(position)

    # -- hover ------------------------------------------------------------------------------------

    def _set_hovered(self, hotspot: Hotspot | None) -> None:
        if hotspot is self._hovered:
            return
        self._hovered = hotspot
        self._refresh_cursor()
        self.view.setToolTip(self.title(hotspot) if hotspot is not None else "")
        self.view.update()
        self.hovered_changed.emit(hotspot)

    def _refresh_cursor(self) -> None:
        if self.view.navigator.is_dragging:
            return
        shape = Qt.CursorShape.PointingHandCursor if self._hovered is not None else Qt.CursorShape.OpenHandCursor
        self.view.setCursor(shape)

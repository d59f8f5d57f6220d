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

from vtour.geometry.picking import MARKER_RADIUS_DIP, PICK_SLOP_DIP, pick_hotspot
from vtour.model.tour import Hotspot, Horizon
from vtour.ui.marker_input import DRAG_THRESHOLD_DIP, MarkerInputLayer

__all__ = ["DRAG_THRESHOLD_DIP", "HotspotLayer"]

log = logging.getLogger(__name__)


class HotspotLayer(MarkerInputLayer):
    """Draws the shown scene's hotspots in ``window.panorama_view`` and turns clicks on them into actions.

    Signals
    -------
    hovered_changed(object)
        The hotspot under the pointer changed (a Hotspot or None).
    activated(object)
        A hotspot was clicked or tapped (before it is followed or announced).
    """

    def __init__(self, window) -> None:
        super().__init__(window, window.panorama_view)
        self._renderer = None
        self._focused_id: str | None = None
        self.marker_scale = 1.0
        """Size of the markers (drawn and picked) relative to the standard; a kiosk's fingers get more."""
        self._watch_view()

    # -- what is shown --------------------------------------------------------------------------

    @property
    def hotspots(self) -> tuple[Hotspot, ...]:
        """The hotspots of the scene on screen (not the one being loaded)."""
        scene = self.window.scene
        return scene.hotspots if scene is not None and self.view.has_panorama else ()

    @property
    def focused_id(self) -> str | None:
        return self._focused_id

    def set_focused(self, hotspot_id: str | None) -> None:
        """Show keyboard focus on a hotspot (None: on none)."""
        if hotspot_id != self._focused_id:
            self._focused_id = hotspot_id
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
        radius = (MARKER_RADIUS_DIP + PICK_SLOP_DIP) * self.marker_scale
        return pick_hotspot(spots, x, y, self.geometry(), radius=radius)

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
                            horizon=self.window.scene.horizon, scale=ratio * self.marker_scale, state=state)

    def release_gl(self) -> None:
        renderer, self._renderer = self._renderer, None
        if renderer is not None:
            renderer.release()

    # -- input hooks (see MarkerInputLayer) -------------------------------------------------------

    def _view_dragging(self) -> bool:
        return self.view.navigator.is_dragging

    def _before_click(self) -> None:
        """A tap is not a flick: stop any glide the view started on release (no inertia)."""
        self.view.set_view(self.view.view)

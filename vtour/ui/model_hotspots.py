"""3D hotspots in the window's model view: markers, hover, click or tap, keyboard traversal.

The model-scene counterpart of :mod:`vtour.ui.hotspot_layer` (panoramas). The markers are drawn
by :class:`~vtour.render.mesh_hotspots.MeshHotspotRenderer` inside the model's mesh pass (the
view's overlay hook), so they fade to 25 % where the model hides their anchor. Picking uses the
positions the last frame placed them at (``last_placed``, turned into logical pixels) and the
marker radius plus :data:`~vtour.geometry.picking.PICK_SLOP_DIP`; when the camera has moved since
that frame (no paint yet), they are placed again on the CPU with the same math. Of several markers
under the pointer the nearest centre wins, a visible one over a faded one.

Input is watched through an event filter that never consumes mouse events, as on panoramas: the
view orbits on every drag, also one that starts on a marker; a press released on the same marker
without moving more than :data:`~vtour.ui.marker_input.DRAG_THRESHOLD_DIP` activates it:

- an **info** point: the camera flies to its ``viewpoint`` (if it has one; the view's usual 0.8 s
  eased flight, at once with reduced motion) and ``window.hotspot_activated`` is emitted at the
  same moment, so the info panel opens while the camera moves;
- a **scene link**: ``window.session.follow(link)`` (no flight first: the scene change is the
  move; the panorama's zoom-to-link transition does not apply to models), except to a panorama
  placed in this model (``pose``; each one also gets a marker here): the overview flies into it
  first (see :mod:`vtour.ui.overview`).

Tab / Shift+Tab move a keyboard focus through the scene's 3D hotspots in file order (their yaw
and pitch mean nothing here), flying to each one's viewpoint, or when it has none, to a view of
its anchor from along its normal at the current distance; Enter or Space activates the focused
hotspot. The view's accessible name and description follow the focus, as on panoramas.
"""

from __future__ import annotations

import dataclasses
import logging
import math

import numpy as np
from PySide6.QtCore import QEvent, Signal

from vtour.geometry.angles import vector_to_yaw_pitch
from vtour.geometry.orbit import OrbitCamera
from vtour.geometry.picking import MARKER_RADIUS_DIP, PICK_SLOP_DIP
from vtour.model.overview import model_hotspots
from vtour.model.richtext import plain_text
from vtour.model.tour import Hotspot
from vtour.ui import preferences
from vtour.ui.accessibility import announce, cycled, focus_key
from vtour.ui.marker_input import MarkerInputLayer

log = logging.getLogger(__name__)

PICK_RADIUS_DIP = MARKER_RADIUS_DIP + PICK_SLOP_DIP
"""A press within this many logical pixels of a marker's centre is on the marker."""


def viewpoint_camera(hotspot: Hotspot, base: OrbitCamera) -> OrbitCamera | None:
    """The orbit camera of ``hotspot``'s saved viewpoint (None without one).

    ``base`` (the scene's home camera) gives the field of view and the distance limits, widened to
    hold the viewpoint's distance; orbit values the viewpoint leaves out keep ``base``'s.
    """
    viewpoint = hotspot.viewpoint
    if viewpoint is None or hotspot.position is None:
        return None
    target = tuple(float(c) for c in (viewpoint.target if viewpoint.target is not None else hotspot.position))
    if viewpoint.eye is not None:
        distance = float(np.linalg.norm(np.subtract(target, viewpoint.eye)))
        if distance <= 0.0:
            return None
        return OrbitCamera.from_eye_target(viewpoint.eye, target, fov=base.fov, fov_axis=base.fov_axis,
                                           near=base.near, far=base.far,
                                           min_distance=min(base.min_distance, distance),
                                           max_distance=max(base.max_distance, distance))
    distance = viewpoint.distance if viewpoint.distance is not None else base.distance
    return dataclasses.replace(
        base, target=target, distance=distance,
        yaw=viewpoint.yaw if viewpoint.yaw is not None else base.yaw,
        pitch=viewpoint.pitch if viewpoint.pitch is not None else base.pitch,
        min_distance=min(base.min_distance, distance), max_distance=max(base.max_distance, distance))


def facing_camera(hotspot: Hotspot, base: OrbitCamera, distance: float) -> OrbitCamera | None:
    """A camera looking at ``hotspot``'s anchor against its normal from ``distance`` (keyboard focus
    on a hotspot without a viewpoint); None for a hotspot without a position."""
    if hotspot.position is None:
        return None
    yaw, pitch = base.yaw, base.pitch
    if hotspot.normal is not None and np.linalg.norm(hotspot.normal) > 0.0:
        yaw, pitch = (float(a) for a in vector_to_yaw_pitch(-np.asarray(hotspot.normal, float)))
    distance = min(max(distance, base.min_distance), base.max_distance)
    return dataclasses.replace(base, target=tuple(float(c) for c in hotspot.position), yaw=yaw, pitch=pitch,
                               distance=distance)


class ModelHotspotLayer(MarkerInputLayer):
    """The shown model scene's 3D hotspots in ``window.model_view``.

    Signals
    -------
    hovered_changed(object)
        The hotspot under the pointer changed (a Hotspot or None).
    activated(object)
        A hotspot was clicked, tapped or activated by key (before it is followed or announced).
    focus_changed(object)
        The keyboard focus moved (a Hotspot or None).
    """

    focus_changed = Signal(object)

    def __init__(self, window) -> None:
        super().__init__(window, window.model_view)
        self.focused: Hotspot | None = None
        self._marks = None  # MeshHotspotRenderer, made in the view's context on the first frame
        self._placed: list = []  # PlacedMarker in logical pixels, from the last frame
        self._placed_for = None  # (camera, width, height) of that frame
        self._session = None
        self._watch_view()
        window.session_started.connect(self._on_session_started)

    # -- what is shown --------------------------------------------------------------------------

    @property
    def hotspots(self) -> tuple[Hotspot, ...]:
        """The anchored hotspots of the model scene on screen (empty while a panorama is shown)."""
        scene = self.window.scene
        if scene is None or self.window.scene_stack.currentWidget() is not self.view or not self.view.has_model:
            return ()
        return model_hotspots(self.window.tour, scene)  # its own, then its placed panoramas

    @property
    def placed(self) -> list:
        """The markers of the last frame (``PlacedMarker``, logical pixels, with their opacity)."""
        return list(self._placed)

    def title(self, hotspot: Hotspot) -> str:
        """The hotspot's title in the session's language (its id when it has none)."""
        session = self.window.session
        if session is not None:
            return session.text(hotspot.title) or hotspot.id
        return hotspot.title.get("en") or hotspot.id

    def hotspot_at(self, x: float, y: float) -> Hotspot | None:
        """The hotspot whose marker is under logical pixel ``(x, y)``, or None."""
        spots = self.hotspots
        if not spots or not self.visible:
            return None
        best, best_key = None, None
        for marker in self._markers(spots):
            distance = math.hypot(marker.x - x, marker.y - y)
            if distance > PICK_RADIUS_DIP or marker.hotspot not in spots:
                continue
            key = (marker.opacity <= 0.5, distance)  # a visible marker before a faded one, then nearest
            if best_key is None or key < best_key:
                best, best_key = marker.hotspot, key
        return best

    def _markers(self, spots) -> list:
        if self._placed_for == (self.view.camera, self.view.width(), self.view.height()):
            return self._placed
        # The camera moved since the last frame: place them again (no occlusion probe on the CPU).
        from vtour.render.mesh_hotspots import place_markers

        width, height = max(self.view.width(), 1), max(self.view.height(), 1)
        return place_markers(spots, self.view.camera.matrices(width, height), width, height)

    # -- acting ---------------------------------------------------------------------------------

    def activate(self, hotspot: Hotspot) -> None:
        """Fly to an info point's viewpoint and announce it; follow a scene link."""
        self.activated.emit(hotspot)
        if hotspot.kind == "scene":
            overview = getattr(self.window, "overview", None)
            if overview is not None and overview.fly_in(hotspot.target_scene):
                return  # a panorama placed in this model: fly into it first
            if self.window.session is not None and hotspot.target_scene:
                self.window.session.follow(hotspot)
            return
        self.fly_to_viewpoint(hotspot)
        self.window.hotspot_activated.emit(hotspot)

    def fly_to_viewpoint(self, hotspot: Hotspot) -> bool:
        """Start the flight to ``hotspot``'s viewpoint; False when it has none."""
        camera = viewpoint_camera(hotspot, self.view.navigator.home)
        if camera is None:
            return False
        self._fly(camera)
        return True

    def _fly(self, camera: OrbitCamera) -> None:
        self.view.fly_to(camera, 0.0 if preferences.reduced_motion() else None)

    # -- keyboard -------------------------------------------------------------------------------

    def focus_next(self, step: int = 1) -> Hotspot | None:
        """Move the focus ``step`` hotspots on (negative: back), wrapping; None without hotspots."""
        target = cycled(list(self.hotspots), self.focused, step)
        if target is None:
            return None
        self.set_focus(target)
        return self.focused

    def set_focus(self, hotspot: Hotspot | None) -> None:
        """Focus ``hotspot`` (None: none) and fly to it: its viewpoint, else a view of its anchor."""
        self.focused = hotspot
        if hotspot is not None and not self.fly_to_viewpoint(hotspot):
            camera = facing_camera(hotspot, self.view.navigator.home, self.view.camera.distance)
            if camera is not None:
                self._fly(camera)
        self.view.update()
        self._describe()
        self.focus_changed.emit(hotspot)

    def _key(self, event) -> bool:
        if not self.hotspots:
            return False  # Tab leaves the view as usual
        action = focus_key(event)
        if action in ("next", "previous"):
            self.focus_next(1 if action == "next" else -1)
            return True
        if action == "activate" and self.focused is not None:
            self.activate(self.focused)
            return True
        return False

    def _describe(self) -> None:
        session, hotspot = self.window.session, self.focused
        keyboard = getattr(self.window, "hotspot_keyboard", None)
        if session is None or not self.hotspots:
            name, description = self.tr("3D model"), ""
        elif hotspot is None:
            scene = session.text(session.scene.title) or session.scene.id
            name = self.tr("3D model: {scene}").format(scene=scene)
            description = self.tr("Tab moves through the hotspots; Enter opens the focused one.")
        else:
            kind = keyboard.kind_text(hotspot) if keyboard is not None else hotspot.kind
            name = f"{self.title(hotspot)} ({kind})"
            description = plain_text(session.text(hotspot.text)) if hotspot.text else kind
        announce(self.view, name, description)

    # -- drawing (called by the view with its context current) ----------------------------------

    def overlay(self, view, width: int, height: int, ratio: float):
        spots = self.hotspots
        if not spots or not self.visible:
            self._placed, self._placed_for = [], None
            return None
        from vtour.render.hotspots import HotspotState
        from vtour.render.mesh_hotspots import MeshHotspotRenderer

        if self._marks is None:
            self._marks = MeshHotspotRenderer()
        hovered = self._hovered.id if self._hovered is not None and self._hovered in spots else None
        focused = self.focused.id if self.focused is not None and self.focused in spots else None
        state = HotspotState(hovered, focused)
        placed_for = (view.camera, view.width(), view.height())

        def draw(matrices, w: int, h: int) -> None:
            # w x h is smaller than width x height when the view draws at a reduced scale while moving.
            placed = self._marks.draw(spots, matrices, w, h, scale=ratio * w / width, state=state)
            kx, ky = view.width() / w, view.height() / h
            self._placed = [dataclasses.replace(m, x=m.x * kx, y=m.y * ky) for m in placed]
            self._placed_for = placed_for
        return draw

    def release_gl(self) -> None:
        marks, self._marks = self._marks, None
        self._placed, self._placed_for = [], None
        if marks is not None:
            marks.release()

    # -- input hooks (see MarkerInputLayer) -----------------------------------------------------

    def _view_dragging(self) -> bool:
        return self.view.is_dragging

    def _idle_cursor(self):
        return self.view.idle_cursor()

    def _hover_on_move(self) -> bool:
        """No hover while the view orbits or pans (it may drag with other buttons than the left)."""
        return not self.view.is_dragging

    def _other_event(self, event) -> bool:
        """Keyboard traversal: Tab, Shift+Tab, Enter and Space on the model view."""
        return self._key(event) if event.type() == QEvent.Type.KeyPress else False

    # -- the session ----------------------------------------------------------------------------

    def _on_session_started(self, session) -> None:
        if self._session is not None:
            for signal, slot in ((self._session.scene_changed, self._on_scene_changed),
                                 (self._session.language_changed, self._on_language_changed)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, ValueError):
                    pass
        self._session = session
        session.scene_changed.connect(self._on_scene_changed)
        session.language_changed.connect(self._on_language_changed)
        self._reset()

    def _on_scene_changed(self, _change) -> None:
        self._reset()

    def _on_language_changed(self, _language: str) -> None:
        if self._hovered is not None:
            self.view.setToolTip(self.title(self._hovered))
        self._describe()

    def _reset(self) -> None:
        self._press = None
        self._set_hovered(None)
        self.focused = None
        self._describe()
        self.focus_changed.emit(None)

"""Draw a scene's hotspots over its panorama: markers for info points and scene links, and areas.

Drawn after :meth:`PanoramaRenderer.render_frame` into the same framebuffer, by the window, by
``vtour render`` and by tests alike. Marker centres are placed on the CPU with
:mod:`vtour.geometry.picking` (so what is drawn is what picking hits); their icons are signed
distance fields in ``shaders/hotspot_marker.glsl``. Areas are evaluated per fragment on the view
ray (``shaders/hotspot_area.glsl``), which keeps great-circle edges exact in every projection and
clips the part behind the viewer for free; the CPU limits each area's pass to its screen bounds.

Sizes are in device-independent pixels times ``scale`` (the window's devicePixelRatio).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.geometry.picking import (
    MARKER_RADIUS_DIP,
    ViewGeometry,
    area_screen_bounds,
    place_markers,
    polygon_centre,
    polygon_vectors,
)
from vtour.geometry.projections import Projection, clamp_hfov, plane_extent, view_to_panorama_matrix
from vtour.model.tour import Horizon, Hotspot, View
from vtour.render.program import ProgramCache
from vtour.render.renderer import PROJECTION_DEFINES

MAX_MARKERS_PER_DRAW = 64
KIND_CODES = {"info": 0, "scene": 1}
HOVERED, FOCUSED = 1, 2


@dataclass(frozen=True)
class HotspotState:
    """Which hotspot the pointer is over and which one has keyboard focus (ids), for highlighting."""

    hovered: str | None = None
    focused: str | None = None

    def bits(self, hotspot_id: str) -> int:
        return (HOVERED if hotspot_id == self.hovered else 0) | (FOCUSED if hotspot_id == self.focused else 0)


@dataclass(frozen=True)
class HotspotStyle:
    """Sizes (device-independent pixels) and colours (straight RGBA) of markers and areas."""

    marker_radius: float = MARKER_RADIUS_DIP
    shadow: bool = True
    area_fill: tuple[float, float, float, float] = (1.0, 0.78, 0.30, 0.16)
    area_fill_hovered: tuple[float, float, float, float] = (1.0, 0.78, 0.30, 0.32)
    area_line: tuple[float, float, float, float] = (1.0, 0.88, 0.55, 0.95)
    area_line_width: float = 2.0
    area_line_width_hovered: float = 3.0


def _premultiplied(rgba) -> tuple[float, float, float, float]:
    r, g, b, a = rgba
    return r * a, g * a, b * a, a


def view_geometry(view: View, width: int, height: int, projection: Projection = Projection.RECTILINEAR,
                  horizon: Horizon = Horizon()) -> ViewGeometry:
    """The :class:`ViewGeometry` of ``view`` drawn at ``width`` x ``height`` pixels."""
    matrix = view_to_panorama_matrix(view.yaw, view.pitch, view.roll, horizon.pitch, horizon.roll)
    return ViewGeometry(matrix, width, height, clamp_hfov(projection, view.hfov), projection)


def _vertex_capacity(count: int) -> int:
    """The shader's array size for ``count`` corners: a power of two from 16 (few variants)."""
    return max(16, 1 << math.ceil(math.log2(max(count, 1))))


class HotspotRenderer:
    """Draws hotspots into the current GL context (the same one throughout; :meth:`release` in it)."""

    def __init__(self, style: HotspotStyle = HotspotStyle()) -> None:
        self.style = style
        self._programs = ProgramCache()
        self._vao = int(GL.glGenVertexArrays(1))

    def draw(self, hotspots: Sequence[Hotspot], view: View, width: int, height: int,
             projection: Projection = Projection.RECTILINEAR, framebuffer: int = 0, *,
             horizon: Horizon = Horizon(), scale: float = 1.0, state: HotspotState = HotspotState()) -> None:
        """Draw ``hotspots`` of a scene seen at ``view`` over what ``framebuffer`` holds.

        ``width`` and ``height`` are device pixels; ``scale`` is device pixels per logical pixel.
        """
        if width <= 0 or height <= 0 or not hotspots:
            return
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)
        GL.glViewport(0, 0, width, height)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glDisable(GL.GL_CULL_FACE)
        GL.glEnable(GL.GL_BLEND)
        GL.glBlendFuncSeparate(GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ZERO, GL.GL_ONE)
        GL.glBindVertexArray(self._vao)
        try:
            geometry = view_geometry(view, width, height, projection, horizon)
            for area in (h for h in hotspots if h.kind == "area" and len(h.vertices) >= 3):
                self._draw_area(area, geometry, scale, state)
            self._draw_markers(hotspots, geometry, scale, state)
        finally:
            GL.glBindVertexArray(0)
            GL.glDisable(GL.GL_SCISSOR_TEST)
            GL.glDisable(GL.GL_BLEND)

    # -- markers --------------------------------------------------------------------------------

    def _draw_markers(self, hotspots, geometry: ViewGeometry, scale: float, state: HotspotState) -> None:
        radius = self.style.marker_radius * scale
        placed = place_markers(hotspots, geometry, radius * 1.6)
        if not placed:
            return
        program = self._programs.get("hotspot_marker", {"MAX_MARKERS": MAX_MARKERS_PER_DRAW})
        program.use()
        program.set("u_viewport", (float(geometry.width), float(geometry.height)))
        program.set("u_radius", float(radius))
        program.set("u_scale", float(scale))
        program.set("u_shadow", 1.0 if self.style.shadow else 0.0)
        # Hovered and focused markers last, so they sit on top of their neighbours.
        placed.sort(key=lambda m: state.bits(m.hotspot.id))
        for start in range(0, len(placed), MAX_MARKERS_PER_DRAW):
            chunk = placed[start:start + MAX_MARKERS_PER_DRAW]
            data = np.array([(m.x, m.y, KIND_CODES.get(m.hotspot.kind, 0), state.bits(m.hotspot.id))
                             for m in chunk], dtype=np.float32)
            GL.glUniform4fv(program.location("u_markers"), len(chunk), data)
            GL.glDrawArrays(GL.GL_TRIANGLES, 0, 6 * len(chunk))

    # -- areas ----------------------------------------------------------------------------------

    def _draw_area(self, area: Hotspot, geometry: ViewGeometry, scale: float, state: HotspotState) -> None:
        bounds = area_screen_bounds(area.vertices, geometry, margin=4.0 * scale)
        if bounds is None:
            return
        x0, y0, x1, y1 = bounds
        GL.glEnable(GL.GL_SCISSOR_TEST)
        bottom = math.floor(geometry.height - y1)
        GL.glScissor(math.floor(x0), bottom, math.ceil(x1) - math.floor(x0), math.ceil(geometry.height - y0) - bottom)
        corners = polygon_vectors(area.vertices)
        defines = {**PROJECTION_DEFINES[geometry.projection], "MAX_VERTICES": _vertex_capacity(len(corners))}
        program = self._programs.get("hotspot_area", defines)
        program.use()
        highlighted = state.bits(area.id) != 0
        style = self.style
        program.set("u_view_to_source", geometry.view_to_panorama)
        program.set("u_plane_extent", plane_extent(geometry.projection, geometry.hfov,
                                                   int(geometry.width), int(geometry.height)))
        program.set("u_count", len(corners))
        program.set("u_centre", polygon_centre(area.vertices))
        program.set("u_fill", _premultiplied(style.area_fill_hovered if highlighted else style.area_fill))
        program.set("u_line", _premultiplied(style.area_line))
        width = style.area_line_width_hovered if highlighted else style.area_line_width
        program.set("u_line_width", float(width * scale))
        GL.glUniform3fv(program.location("u_vertices"), len(corners), corners.astype(np.float32))
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        GL.glDisable(GL.GL_SCISSOR_TEST)

    def release(self) -> None:
        """Delete the GL objects (the owning context must be current). Safe to call twice."""
        self._programs.release()
        if self._vao:
            GL.glDeleteVertexArrays(1, [self._vao])
            self._vao = 0


def render_scene(scene, view: View | None = None, width: int = 1280, height: int = 720,
                 projection: Projection = Projection.RECTILINEAR, *, hotspots: bool = True,
                 state: HotspotState = HotspotState(), scale: float = 1.0,
                 background=(0.08, 0.08, 0.08), language: str | None = None) -> np.ndarray:
    """Render ``scene`` at ``view`` with its hotspots (unless ``hotspots`` is False) to RGBA.

    The headless path of ``vtour render``: an offscreen context when none is current.
    ``language`` is for text drawn with the hotspots; markers carry none yet, so it changes
    nothing drawn today (``vtour render --lang`` passes it through).
    """
    from OpenGL.error import Error as GLLibraryError

    from vtour.render.errors import RenderError

    try:
        return _render_scene(scene, view or scene.initial_view, width, height, projection, hotspots, state, scale,
                             background)
    except GLLibraryError as exc:  # PyOpenGL's own errors: the layer's typed error
        raise RenderError(f"OpenGL failed: {exc}") from exc


def _render_scene(scene, view, width, height, projection, hotspots, state, scale, background) -> np.ndarray:
    from vtour.io.panorama import load_panorama
    from vtour.render.offscreen import Framebuffer, current_or_temporary_context
    from vtour.render.renderer import PanoramaRenderer

    pixels = load_panorama(scene.source)
    with current_or_temporary_context():
        renderer, marks = PanoramaRenderer(background), HotspotRenderer()
        try:
            renderer.set_panorama(pixels, scene.horizon)
            del pixels
            with Framebuffer(width, height) as framebuffer:
                renderer.render_sharp(view, width, height, projection, framebuffer.id)  # tiled: all its tiles
                if hotspots:
                    marks.draw(scene.hotspots, view, width, height, projection, framebuffer.id,
                               horizon=scene.horizon, scale=scale, state=state)
                return framebuffer.read_rgba()
        finally:
            marks.release()
            renderer.release()

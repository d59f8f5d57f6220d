"""3D hotspot markers over a model, with real occlusion.

A model scene's hotspots (:attr:`Hotspot.position` + :attr:`Hotspot.normal`) are drawn after the
model, into the :class:`~vtour.render.mesh_renderer.MeshRenderer`'s multisampled colour + depth
target, through the renderer's ``overlay`` hook::

    marks = MeshHotspotRenderer()
    renderer.render_frame(camera, w, h, fbo, overlay=marks.overlay(scene.hotspots, scale=dpr))

Each marker is the panoramas' SDF icon (blue "i" disc for info points, orange chevron for scene
links; ``shaders/mesh_marker.glsl`` includes ``hotspot_marker.glsl``), screen-aligned and of
constant pixel size, centred on the **projected anchor** (computed on the CPU with
:func:`vtour.geometry.raycast.project_points`, so what is drawn is what picking expects).

Occlusion (the choice, and why)
-------------------------------
A marker is not clipped by the geometry pixel by pixel (a half-cut icon reads as a rendering bug);
instead its whole icon takes one opacity, decided at its anchor:

1. The anchor is lifted along its normal by :data:`LIFT_PX` pixels' worth of world size (so it
   does not z-fight with its own surface) and pulled :data:`TOLERANCE_PX` pixels' worth towards
   the camera (so a surface seen at a slant does not hide its own anchor across the probe: at 30
   degrees to the surface its depth changes by about 1.7 pixels' worth per pixel).
2. A :data:`PROBE_PX`-pixel square at that depth is drawn with the depth test on and colour and
   depth writes off inside a ``GL_SAMPLES_PASSED`` query, and once more with the depth test
   passing always. The ratio of the two counts is the visible fraction of the anchor. The test
   runs per sample in the multisampled depth buffer itself: no depth resolve, no readback of the
   depth buffer, the same result with and without MSAA, and an anchor straddling a silhouette
   comes out partly visible.
3. Icons are then drawn with the depth test off: opacity ``FADED + (1 - FADED) * visible``, and at
   most ``FADED`` when the anchor's normal faces away from the viewer (``normal . to_eye < 0``).

**Occluded and back-facing markers are faded to 25 %, not hidden**: a visitor still sees that
there is something to discover behind the wall and can orbit to it, and the depth test (not a
back-face test) is what decides occlusion, so a marker behind another part of the model fades
even when its own normal faces the camera. Markers behind the camera or off screen are not drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.geometry.orbit import CameraMatrices
from vtour.geometry.picking import MARKER_RADIUS_DIP
from vtour.geometry.raycast import pixel_size_at, project_points
from vtour.model.tour import Hotspot
from vtour.render.hotspots import KIND_CODES, HotspotState, HotspotStyle
from vtour.render.program import ProgramCache

FADED_OPACITY = 0.25
"""Opacity of a marker whose anchor is hidden by the model or whose normal faces away."""
LIFT_PX = 2.0
"""The occlusion probe sits this many pixels' worth of world size off the surface, along the normal."""
TOLERANCE_PX = 4.0
"""...and this many pixels' worth nearer the camera (depth tolerance for surfaces seen at a slant)."""
PROBE_PX = 3
"""Side of the square probe, in pixels."""
MAX_MARKERS_PER_DRAW = 64


@dataclass(frozen=True)
class PlacedMarker:
    """Where and how one 3D hotspot's marker was drawn.

    ``x``, ``y``: pixels from the top-left corner of the projected anchor; ``visible``: the fraction
    of the anchor's probe not hidden by the model (1 when no probe ran); ``facing``: the anchor's
    normal faces the viewer; ``opacity``: what the icon was multiplied by.
    """

    hotspot: Hotspot
    x: float
    y: float
    depth: float
    probe_depth: float
    facing: bool
    visible: float = 1.0

    @property
    def opacity(self) -> float:
        opacity = FADED_OPACITY + (1.0 - FADED_OPACITY) * float(np.clip(self.visible, 0.0, 1.0))
        return opacity if self.facing else min(opacity, FADED_OPACITY)


def place_markers(hotspots: Sequence[Hotspot], matrices: CameraMatrices, width: int, height: int,
                  margin: float = 0.0) -> list[PlacedMarker]:
    """The markers of anchored hotspots that project in front of the camera and within ``margin``
    pixels of the image, with their probe depth and facing (pure; no GL)."""
    anchored = [h for h in hotspots if h.position is not None and h.kind in KIND_CODES]
    if not anchored:
        return []
    positions = np.array([h.position for h in anchored], float)
    normals = np.array([h.normal if h.normal is not None else (0.0, 0.0, 0.0) for h in anchored], float)
    pixels, depths, in_front = project_points(matrices, positions, width, height)
    perspective = abs(matrices.projection[3, 2]) > 1e-12
    camera_to_world = np.linalg.inv(matrices.view)
    placed = []
    for hotspot, position, normal, pixel, depth, front in zip(anchored, positions, normals, pixels, depths, in_front):
        x, y = float(pixel[0]), float(pixel[1])
        if not front or not (-margin <= x <= width + margin and -margin <= y <= height + margin):
            continue
        to_eye = camera_to_world[:3, 3] - position if perspective else camera_to_world[:3, 2]
        size = pixel_size_at(matrices, position, height)
        lifted = position + normal * (LIFT_PX * size)
        eye_space = matrices.view @ np.append(lifted, 1.0)
        eye_space[2] += TOLERANCE_PX * size  # towards the camera (it looks along -z)
        clip = matrices.projection @ eye_space
        probe_depth = float(clip[2] / clip[3]) if clip[3] > 1e-12 else -1.0
        placed.append(PlacedMarker(hotspot, x, y, float(depth), probe_depth, bool(normal @ to_eye >= 0.0)))
    return placed


class MeshHotspotRenderer:
    """Draws 3D hotspot markers into the current GL context (always the same one; :meth:`release` there)."""

    def __init__(self, style: HotspotStyle = HotspotStyle()) -> None:
        self.style = style
        self._programs = ProgramCache()
        self._vao = int(GL.glGenVertexArrays(1))
        self._queries: list[int] = []
        self.last_placed: list[PlacedMarker] = []
        """The markers of the last :meth:`draw`, with their visibility (for tests and hit testing)."""

    def overlay(self, hotspots: Sequence[Hotspot], *, scale: float = 1.0, state: HotspotState = HotspotState()):
        """A callable for ``MeshRenderer.render_frame(..., overlay=...)`` that draws ``hotspots``."""
        def draw(matrices: CameraMatrices, width: int, height: int) -> None:
            self.draw(hotspots, matrices, width, height, scale=scale, state=state)
        return draw

    def draw(self, hotspots: Sequence[Hotspot], matrices: CameraMatrices, width: int, height: int, *,
             scale: float = 1.0, state: HotspotState = HotspotState()) -> list[PlacedMarker]:
        """Draw the markers of ``hotspots`` seen through ``matrices`` into the bound framebuffer,
        whose depth buffer must hold the model drawn with the same matrices (call it from
        :meth:`MeshRenderer.render_frame`'s ``overlay`` hook). Returns the markers drawn."""
        radius = self.style.marker_radius * scale
        placed = place_markers(hotspots, matrices, width, height, margin=radius * 1.6)
        self.last_placed = placed
        if not placed or width <= 0 or height <= 0:
            return placed
        GL.glViewport(0, 0, width, height)
        GL.glDisable(GL.GL_CULL_FACE)
        GL.glDisable(GL.GL_BLEND)
        GL.glBindVertexArray(self._vao)
        try:
            placed = self._probe(placed, width, height)
            self.last_placed = placed
            self._draw_icons(placed, width, height, radius, scale, state)
        finally:
            GL.glBindVertexArray(0)
            GL.glDisable(GL.GL_BLEND)
            GL.glDisable(GL.GL_DEPTH_TEST)
            GL.glDepthMask(GL.GL_TRUE)
            GL.glColorMask(True, True, True, True)
        return placed

    def _probe(self, placed: list[PlacedMarker], width: int, height: int) -> list[PlacedMarker]:
        """Fill in each marker's visible fraction with two sample-count queries per anchor."""
        needed = 2 * len(placed)
        if len(self._queries) < needed:
            extra = GL.glGenQueries(needed - len(self._queries))
            self._queries.extend(int(q) for q in np.atleast_1d(extra))
        program = self._programs.get("mesh_marker", {"PROBE": 1})
        program.use()
        half = (PROBE_PX / width, PROBE_PX / height)  # NDC half size of a PROBE_PX-pixel square
        program.set("u_probe_half", half)
        GL.glColorMask(False, False, False, False)
        GL.glDepthMask(GL.GL_FALSE)
        GL.glEnable(GL.GL_DEPTH_TEST)
        for index, marker in enumerate(placed):
            # Snap the centre to a pixel centre so the square covers whole pixels.
            cx = (np.floor(marker.x) + 0.5) * 2.0 / width - 1.0
            cy = 1.0 - (np.floor(marker.y) + 0.5) * 2.0 / height
            program.set("u_probe", (float(cx), float(cy), float(np.clip(marker.probe_depth, -1.0, 1.0))))
            for query, function in ((self._queries[2 * index], GL.GL_LEQUAL),
                                    (self._queries[2 * index + 1], GL.GL_ALWAYS)):
                GL.glDepthFunc(function)
                GL.glBeginQuery(GL.GL_SAMPLES_PASSED, query)
                GL.glDrawArrays(GL.GL_TRIANGLES, 0, 6)
                GL.glEndQuery(GL.GL_SAMPLES_PASSED)
        GL.glDepthFunc(GL.GL_LESS)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glColorMask(True, True, True, True)
        result = []
        for index, marker in enumerate(placed):
            passed = GL.glGetQueryObjectuiv(self._queries[2 * index], GL.GL_QUERY_RESULT)
            total = GL.glGetQueryObjectuiv(self._queries[2 * index + 1], GL.GL_QUERY_RESULT)
            visible = float(passed) / float(total) if int(total) > 0 else 0.0
            result.append(PlacedMarker(marker.hotspot, marker.x, marker.y, marker.depth, marker.probe_depth,
                                       marker.facing, visible))
        return result

    def _draw_icons(self, placed: list[PlacedMarker], width: int, height: int, radius: float, scale: float,
                    state: HotspotState) -> None:
        program = self._programs.get("mesh_marker", {"MAX_MARKERS": MAX_MARKERS_PER_DRAW})
        program.use()
        program.set("u_viewport", (float(width), float(height)))
        program.set("u_radius", float(radius))
        program.set("u_scale", float(scale))
        program.set("u_shadow", 1.0 if self.style.shadow else 0.0)
        GL.glEnable(GL.GL_BLEND)
        GL.glBlendFuncSeparate(GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ZERO, GL.GL_ONE)
        # Farthest first, so nearer markers cover farther ones; hovered and focused on top.
        ordered = sorted(placed, key=lambda m: (state.bits(m.hotspot.id), -m.depth))
        for start in range(0, len(ordered), MAX_MARKERS_PER_DRAW):
            chunk = ordered[start:start + MAX_MARKERS_PER_DRAW]
            data = np.array([(m.x, m.y, KIND_CODES[m.hotspot.kind], state.bits(m.hotspot.id)) for m in chunk],
                            dtype=np.float32)
            GL.glUniform4fv(program.location("u_markers"), len(chunk), data)
            GL.glUniform1fv(program.location("u_opacity"), len(chunk),
                            np.array([m.opacity for m in chunk], np.float32))
            GL.glDrawArrays(GL.GL_TRIANGLES, 0, 6 * len(chunk))

    def release(self) -> None:
        """Delete the GL objects (the owning context must be current). Safe to call twice."""
        self._programs.release()
        if self._queries:
            GL.glDeleteQueries(len(self._queries), self._queries)
            self._queries = []
        if self._vao:
            GL.glDeleteVertexArrays(1, [self._vao])
            self._vao = 0


def render_model_with_hotspots(asset, hotspots: Sequence[Hotspot], camera=None, width: int = 1280,
                               height: int = 720, *, environment: np.ndarray | None = None,
                               background=(0.08, 0.08, 0.08), samples: int = 4, scale: float = 1.0,
                               state: HotspotState = HotspotState(),
                               style: HotspotStyle = HotspotStyle(), look=None) -> np.ndarray:
    """:func:`vtour.render.mesh_view.render_model` with the 3D hotspots' markers: RGBA uint8,
    row 0 at the top (``vtour render`` for model scenes, thumbnails and tests)."""
    from OpenGL.error import Error as GLLibraryError

    from vtour.render.errors import RenderError
    from vtour.render.mesh_renderer import MeshRenderer
    from vtour.render.mesh_view import framed_camera
    from vtour.render.offscreen import Framebuffer, current_or_temporary_context

    try:
        with current_or_temporary_context():
            renderer, marks = MeshRenderer(background, samples=samples), MeshHotspotRenderer(style)
            try:
                renderer.set_look(look)
                renderer.set_environment(environment)
                renderer.set_model(asset)
                with Framebuffer(width, height) as framebuffer:
                    renderer.render_frame(camera or framed_camera(asset, width, height), width, height,
                                          framebuffer.id, overlay=marks.overlay(hotspots, scale=scale, state=state))
                    return framebuffer.read_rgba()
            finally:
                marks.release()
                renderer.release()
    except GLLibraryError as exc:
        raise RenderError(f"OpenGL failed: {exc}") from exc


__all__ = ["FADED_OPACITY", "MARKER_RADIUS_DIP", "MeshHotspotRenderer", "PlacedMarker", "place_markers",
           "render_model_with_hotspots"]

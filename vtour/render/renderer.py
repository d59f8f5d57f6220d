"""Draw a panorama view into a framebuffer: state in, pixels out.

The window, ``vtour render``, thumbnails and tests all draw through :class:`PanoramaRenderer`.
One full-screen triangle per frame; its fragment shader turns each pixel into a view ray (view
rotation, horizon correction, output projection) and samples the panorama through the adapter
that uploaded it (see :mod:`vtour.render.adapters`).
"""

from __future__ import annotations

import logging
import os
import time

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.geometry.projections import Projection, clamp_hfov, plane_extent, view_to_panorama_matrix
from vtour.io.panorama import PanoramaPixels
from vtour.model.tour import Horizon, View
from vtour.render.adapters import GLLimits, PanoramaAdapter, RenderResources, adapter_for
from vtour.render import multires  # noqa: F401  (registers the tiled adapter)
from vtour.render.glstate import reset_draw_state
from vtour.render.program import ProgramCache

log = logging.getLogger(__name__)

MAX_TEXTURE_SIZE_ENV = "VTOUR_MAX_TEXTURE_SIZE"
"""Environment variable that lowers the texture size limit (to test or mimic a smaller GPU)."""

PROJECTION_DEFINES = {
    Projection.RECTILINEAR: {},
    Projection.STEREOGRAPHIC: {"PROJECTION_STEREOGRAPHIC": 1},
    Projection.PANNINI: {"PROJECTION_PANNINI": 1},
}


SHARP_TIMEOUT_S = 60.0
"""How long headless rendering waits for a tiled panorama's tiles."""


def view_to_source_matrix(view: View, horizon: Horizon = Horizon()) -> np.ndarray:
    """Camera space -> panorama frame for ``view`` of a panorama with ``horizon`` correction."""
    return view_to_panorama_matrix(view.yaw, view.pitch, view.roll, horizon.pitch, horizon.roll)


MIN_TEXTURE_LIMIT = 256
"""The lowest texture limit accepted (tiles need room for their padding)."""


def _resolve_max_texture_size(override: int | None) -> int:
    """The driver's limit, lowered by ``override`` or the environment variable (never raised)."""
    driver = int(GL.glGetIntegerv(GL.GL_MAX_TEXTURE_SIZE))
    requested = override if override is not None else os.environ.get(MAX_TEXTURE_SIZE_ENV, "")
    try:
        limit = int(requested) if requested != "" else driver
    except ValueError:
        log.warning("ignoring %s=%r: not a whole number", MAX_TEXTURE_SIZE_ENV, requested)
        limit = driver
    return max(MIN_TEXTURE_LIMIT, min(driver, limit))


class PanoramaRenderer:
    """Renders views of one panorama at a time into the current GL context.

    Needs a current OpenGL 3.3+ core context for every call, the same one throughout (it owns
    GL objects there: programs, textures, a vertex array). Call :meth:`release` before the
    context goes away.

    Parameters
    ----------
    background
        RGB in [0, 1] shown where there is no panorama (none loaded, outside a partial one).
    max_texture_size
        Lower the texture size limit below the driver's (default: the driver's, or the
        ``VTOUR_MAX_TEXTURE_SIZE`` environment variable). Larger images are split, never cropped.
    """

    def __init__(self, background=(0.08, 0.08, 0.08), *, max_texture_size: int | None = None) -> None:
        self.background = tuple(float(c) for c in background)
        self.limits = GLLimits(_resolve_max_texture_size(max_texture_size))
        self._programs = ProgramCache()
        self._vao = int(GL.glGenVertexArrays(1))  # core profile draws need one, even with no attributes
        self._resources = RenderResources(self.limits, self._programs, self._vao)
        self._adapter: PanoramaAdapter | None = None
        self._horizon = Horizon()
        self.stream_status = None
        """The last frame's :class:`~vtour.render.multires.StreamStatus` for a streamed (tiled) panorama, else None."""

    @property
    def has_panorama(self) -> bool:
        return self._adapter is not None

    @property
    def max_texture_size(self) -> int:
        """The texture size limit in use (texels a side)."""
        return self.limits.max_texture_size

    @property
    def gpu_bytes(self) -> int:
        """Approximate texture memory the current panorama holds."""
        return self._adapter.gpu_bytes if self._adapter else 0

    def set_panorama(self, pixels: PanoramaPixels, horizon: Horizon = Horizon(), *,
                     defer_mipmaps: bool = False) -> None:
        """Upload ``pixels``, replacing the panorama shown. Keeps no reference to the arrays.

        Pixels that cannot be shown raise :class:`~vtour.render.errors.RenderError` and leave
        the current panorama in place. The old panorama's textures are freed (or reused, for one
        of the same kind and size) before the new one is uploaded, so memory never holds two.
        ``defer_mipmaps`` shows the first frames from the full-resolution level alone until
        :meth:`complete_mipmaps` (the viewer calls it right after the first frame).
        """
        adapter = adapter_for(pixels, self._resources)
        if self._adapter is not None and type(self._adapter) is type(adapter):
            adapter = self._adapter
        adapter.check(pixels)
        if adapter is not self._adapter:
            self.clear_panorama()
        try:
            adapter.upload(pixels, defer_mipmaps)
        except BaseException:
            adapter.release()
            self._adapter = None
            raise
        self._adapter, self._horizon = adapter, horizon

    @property
    def mipmaps_pending(self) -> bool:
        """Whether the panorama's mipmaps were deferred and are not built yet."""
        return self._adapter is not None and self._adapter.mipmaps_pending

    def complete_mipmaps(self) -> None:
        """Build deferred mipmaps (context current); zoomed-out views alias until then."""
        if self._adapter is not None:
            self._adapter.complete_mipmaps()

    @property
    def streaming(self) -> bool:
        """True while a tiled panorama still lacks tiles the last view drawn needs: draw again
        when :meth:`tiles_ready` (the next frame sharpens). Coarser tiles fetched for later pans
        may still be decoding after that; they go up with the next frame drawn."""
        status = self.stream_status
        return status is not None and self._adapter is not None and not status.sharp

    def render_sharp(self, view: View, width: int, height: int, projection: Projection = Projection.RECTILINEAR,
                     framebuffer: int = 0, timeout: float = SHARP_TIMEOUT_S) -> bool:
        """Draw ``view`` as :meth:`render_frame` does, again as tiles arrive, until a streamed
        panorama is as sharp as the view needs (or ``timeout`` seconds passed: then False, logged).
        For headless rendering; the window draws on instead and sharpens frame by frame."""
        started = time.monotonic()
        self.render_frame(view, width, height, projection, framebuffer)
        while self.streaming:
            if time.monotonic() - started > timeout:
                log.warning("tiles still missing after %.0f s: the image shows coarser levels there", timeout)
                return False
            if not self.tiles_ready():
                time.sleep(0.005)
                continue
            self.render_frame(view, width, height, projection, framebuffer)
        return True

    def tiles_ready(self) -> bool:
        """Whether a streamed panorama has decoded tiles to upload (cheap: poll it to decide on a frame)."""
        ready = getattr(self._adapter, "tiles_ready", None)
        return ready is not None and ready()

    def clear_panorama(self) -> None:
        """Drop the panorama's textures; frames show the background until the next one."""
        self.stream_status = None
        if self._adapter is not None:
            self._adapter.release()
            self._adapter = None

    def render_frame(self, view: View, width: int, height: int, projection: Projection = Projection.RECTILINEAR,
                     framebuffer: int = 0) -> None:
        """Draw ``view`` into ``framebuffer`` (0: the default one) over ``width`` x ``height`` pixels.

        ``framebuffer`` is a GL framebuffer name: a :class:`~vtour.render.offscreen.Framebuffer`'s
        ``id``, or a QOpenGLWidget's ``defaultFramebufferObject()``. An empty size draws nothing.
        """
        if width <= 0 or height <= 0:
            return
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)
        GL.glViewport(0, 0, width, height)
        reset_draw_state()
        if self._adapter is None:
            GL.glClearColor(*self.background, 1.0)
            GL.glClear(GL.GL_COLOR_BUFFER_BIT)
            return
        prepare = getattr(self._adapter, "prepare_frame", None)  # streaming sources: tiles for this view
        if prepare is not None:
            self.stream_status = prepare(view_to_source_matrix(view, self._horizon), width, height, view.hfov,
                                         projection)
            GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)
        program = self._programs.get(self._adapter.program_name,
                                     {**self._adapter.defines(), **PROJECTION_DEFINES[projection]})
        program.use()
        program.set("u_view_to_source", self._adapter.source_frame @ view_to_source_matrix(view, self._horizon))
        program.set("u_plane_extent", plane_extent(projection, clamp_hfov(projection, view.hfov), width, height))
        program.set("u_background", self.background)
        self._adapter.bind(program)
        GL.glBindVertexArray(self._vao)
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        GL.glBindVertexArray(0)

    def release(self) -> None:
        """Delete every GL object the renderer made (its context must be current)."""
        self.clear_panorama()
        self._programs.release()
        if self._vao:
            GL.glDeleteVertexArrays(1, [self._vao])
            self._vao = 0

"""Offscreen rendering without a window: an EGL surfaceless context, framebuffers and ``render_view``.

The headless ``vtour render`` command, thumbnails and the GL tests draw through the same
:class:`~vtour.render.renderer.PanoramaRenderer` as the window, into a :class:`Framebuffer` whose
pixels come back as a numpy array.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's EGL platform before OpenGL is imported)
from OpenGL import EGL, GL
from OpenGL.error import Error as GLLibraryError

from vtour.geometry.projections import Projection
from vtour.io.panorama import load_panorama
from vtour.model.tour import Horizon, Scene, View
from vtour.render.errors import RenderError
from vtour.render.renderer import PanoramaRenderer

log = logging.getLogger(__name__)

EGL_PLATFORM_SURFACELESS_MESA = 0x31DD
"""From EGL_MESA_platform_surfaceless: a display that needs no X server, Wayland or GPU device."""

GL_VERSION = (3, 3)


def _surfaceless_display():
    """The surfaceless EGL display; the default display where the extension is missing.

    Asked for explicitly rather than through ``EGL_PLATFORM=surfaceless`` in the environment,
    which would also redirect Qt's EGL use in the same process.
    """
    try:
        from OpenGL.EGL.EXT.platform_base import eglGetPlatformDisplayEXT

        display = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL.EGL_DEFAULT_DISPLAY, None)
        if display:
            return display
    except Exception as exc:  # an EGL without the platform extensions: fall back below
        log.debug("eglGetPlatformDisplayEXT unavailable (%s); using eglGetDisplay", exc)
    return EGL.eglGetDisplay(EGL.EGL_DEFAULT_DISPLAY)


def _initialize(display) -> tuple[int, int]:
    major, minor = EGL.EGLint(), EGL.EGLint()
    try:
        ok = EGL.eglInitialize(display, ctypes.pointer(major), ctypes.pointer(minor))
    except Exception as exc:
        raise RenderError(f"cannot initialise EGL: {exc}") from None
    if not ok:
        raise RenderError("cannot initialise EGL (no usable display)")
    return major.value, minor.value


def _choose_config(display):
    attributes = (EGL.EGLint * 5)(EGL.EGL_RENDERABLE_TYPE, EGL.EGL_OPENGL_BIT,
                                  EGL.EGL_SURFACE_TYPE, EGL.EGL_PBUFFER_BIT, EGL.EGL_NONE)
    config, count = EGL.EGLConfig(), EGL.EGLint()
    if not EGL.eglChooseConfig(display, attributes, ctypes.pointer(config), 1, ctypes.pointer(count)) \
            or count.value < 1:
        raise RenderError("EGL offers no configuration for desktop OpenGL")
    return config


def _create_context(display, config):
    major, minor = GL_VERSION
    attributes = (EGL.EGLint * 7)(EGL.EGL_CONTEXT_MAJOR_VERSION, major, EGL.EGL_CONTEXT_MINOR_VERSION, minor,
                                  EGL.EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL.EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                  EGL.EGL_NONE)
    if not EGL.eglBindAPI(EGL.EGL_OPENGL_API):
        raise RenderError("EGL cannot bind the desktop OpenGL API")
    context = EGL.eglCreateContext(display, config, EGL.EGL_NO_CONTEXT, attributes)
    if not context:
        raise RenderError(f"EGL cannot create an OpenGL {major}.{minor} core context")
    return context


class OffscreenContext:
    """An OpenGL 3.3 core context with no window (EGL surfaceless), current on creation.

    Use as a context manager, or call :meth:`release` when done. Render into a
    :class:`Framebuffer`; the context has no default framebuffer.
    """

    def __init__(self) -> None:
        # Keep the display and context objects referenced for the context's whole life.
        self._display = _surfaceless_display()
        self.egl_version = _initialize(self._display)
        self._config = _choose_config(self._display)
        self._context = _create_context(self._display, self._config)
        self.make_current()
        log.debug("offscreen context: EGL %d.%d, %s", *self.egl_version, GL.glGetString(GL.GL_RENDERER))

    @property
    def alive(self) -> bool:
        return self._context is not None

    def make_current(self) -> None:
        """Make this context current on the calling thread."""
        if self._context is None:
            raise RenderError("the offscreen context was released")
        if not EGL.eglMakeCurrent(self._display, EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE, self._context):
            raise RenderError("cannot make the offscreen EGL context current")

    def done_current(self) -> None:
        """Leave no EGL context current on this thread.

        libglvnd lets a thread have a current context of one API at a time: while an EGL context
        is current, making Qt's GLX context current fails. Call this before handing the thread
        back to Qt.
        """
        EGL.eglMakeCurrent(self._display, EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE, EGL.EGL_NO_CONTEXT)

    def is_current(self) -> bool:
        return self._context is not None and _same_handle(EGL.eglGetCurrentContext(), self._context)

    def release(self) -> None:
        """Destroy the context. GL objects created in it go with it."""
        if self._context is None:
            return
        EGL.eglMakeCurrent(self._display, EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE, EGL.EGL_NO_CONTEXT)
        EGL.eglDestroyContext(self._display, self._context)
        self._context = None
        # eglTerminate is skipped on purpose: the display is shared by every context in the process.

    def __enter__(self) -> OffscreenContext:
        self.make_current()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def _handle_value(handle) -> int:
    """The address behind a PyOpenGL opaque EGL handle (0 for a null handle)."""
    if not handle:
        return 0
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _same_handle(a, b) -> bool:
    return _handle_value(a) == _handle_value(b)


def egl_context_current() -> bool:
    """True when an EGL context is current on this thread (e.g. an :class:`OffscreenContext`)."""
    try:
        return _handle_value(EGL.eglGetCurrentContext()) != 0
    except Exception:  # no EGL at all
        return False


@contextmanager
def current_or_temporary_context() -> Iterator[None]:
    """Run the block in the EGL context current on this thread, or in one made for it.

    What one-shot renders (``render_view``, ``vtour render``, thumbnails in a worker) use: inside a
    test session or a thumbnail worker a context is already current and is reused.
    """
    context = None if egl_context_current() else OffscreenContext()
    try:
        yield
    finally:
        if context is not None:
            context.release()


def finish() -> None:
    """Wait until the current context has really drawn everything queued (llvmpipe defers work)."""
    GL.glFinish()


class Framebuffer:
    """A colour framebuffer (RGBA8) of ``width`` x ``height`` in the current context.

    Pass :attr:`id` as ``framebuffer`` to :meth:`PanoramaRenderer.render_frame`. ``samples`` > 1
    renders into a multisampled buffer that :meth:`read_rgba` resolves first.
    """

    def __init__(self, width: int, height: int, samples: int = 0) -> None:
        if width < 1 or height < 1:
            raise ValueError(f"framebuffer size must be positive, not {width}x{height}")
        self.width, self.height, self.samples = int(width), int(height), int(samples)
        self._color = GL.glGenRenderbuffers(1)
        GL.glBindRenderbuffer(GL.GL_RENDERBUFFER, self._color)
        if self.samples > 1:
            GL.glRenderbufferStorageMultisample(GL.GL_RENDERBUFFER, self.samples, GL.GL_RGBA8,
                                                self.width, self.height)
        else:
            GL.glRenderbufferStorage(GL.GL_RENDERBUFFER, GL.GL_RGBA8, self.width, self.height)
        self.fbo = GL.glGenFramebuffers(1)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.fbo)
        GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, GL.GL_COLOR_ATTACHMENT0, GL.GL_RENDERBUFFER, self._color)
        status = GL.glCheckFramebufferStatus(GL.GL_FRAMEBUFFER)
        if status != GL.GL_FRAMEBUFFER_COMPLETE:
            self.release()
            raise RenderError(f"framebuffer {width}x{height} incomplete (status 0x{int(status):04x})")

    @property
    def id(self) -> int:
        """The GL framebuffer object name."""
        return self.fbo

    def read_rgba(self) -> np.ndarray:
        """The pixels as a ``(height, width, 4)`` uint8 array, row 0 at the top."""
        source = self._resolved() if self.samples > 1 else None
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, source.fbo if source else self.fbo)
        GL.glPixelStorei(GL.GL_PACK_ALIGNMENT, 1)
        data = GL.glReadPixels(0, 0, self.width, self.height, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE)
        if source:
            source.release()
        pixels = np.frombuffer(data, dtype=np.uint8).reshape(self.height, self.width, 4)
        return np.ascontiguousarray(pixels[::-1])  # GL's row 0 is the bottom

    def _resolved(self) -> Framebuffer:
        single = Framebuffer(self.width, self.height)
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self.fbo)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, single.fbo)
        GL.glBlitFramebuffer(0, 0, self.width, self.height, 0, 0, self.width, self.height,
                             GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        return single

    def release(self) -> None:
        """Delete the GL objects (the owning context must be current)."""
        if self.fbo:
            GL.glDeleteFramebuffers(1, [self.fbo])
            self.fbo = 0
        if self._color:
            GL.glDeleteRenderbuffers(1, [self._color])
            self._color = 0

    def __enter__(self) -> Framebuffer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def render_view(scene_or_pixels, view=None, width: int = 1280, height: int = 720,
                projection=None, *, background=(0.08, 0.08, 0.08),
                max_texture_size: int | None = None) -> np.ndarray:
    """Render one view to a ``(height, width, 4)`` uint8 RGBA array (row 0 at the top).

    Parameters
    ----------
    scene_or_pixels
        A :class:`~vtour.model.tour.Scene` (its panorama is decoded, its horizon correction
        applied) or already decoded :data:`~vtour.io.panorama.PanoramaPixels`.
    view
        The :class:`~vtour.model.tour.View`; default the scene's initial view (or a default View).
    projection
        A :class:`~vtour.geometry.projections.Projection`; default rectilinear.

    Uses the current EGL context when there is one (tests share one), else makes an
    :class:`OffscreenContext` for the call.

    Raises
    ------
    ImageError
        The scene's image cannot be read.
    RenderError
        OpenGL cannot do it (no EGL, a failing driver call, a texture too large).
    """
    try:
        return _render_view(scene_or_pixels, view, width, height, projection, background, max_texture_size)
    except GLLibraryError as exc:  # PyOpenGL's own errors: turn them into the layer's typed error
        raise RenderError(f"OpenGL failed: {exc}") from exc


def _render_view(scene_or_pixels, view, width, height, projection, background, max_texture_size) -> np.ndarray:
    pixels, horizon, view = _what_to_show(scene_or_pixels, view)
    with current_or_temporary_context():
        renderer = PanoramaRenderer(background, max_texture_size=max_texture_size)
        try:
            renderer.set_panorama(pixels, horizon)
            del pixels  # a decoded scene image can go before the frame is read back
            with Framebuffer(width, height) as framebuffer:
                # A tiled panorama: every tile the view needs (the first frame shows only the preview).
                renderer.render_sharp(view, width, height, projection or Projection.RECTILINEAR, framebuffer.id)
                return framebuffer.read_rgba()
        finally:
            renderer.release()


def _what_to_show(scene_or_pixels, view):
    """(pixels, horizon, view) for a Scene (decoding its image) or for pixels."""
    if isinstance(scene_or_pixels, Scene):
        scene = scene_or_pixels
        return load_panorama(scene.source), scene.horizon, view or scene.initial_view
    return scene_or_pixels, Horizon(), view or View()

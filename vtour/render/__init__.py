"""The render layer: every OpenGL call in vtour lives here (PyOpenGL, no widgets, no Qt).

Modules: :mod:`~vtour.render.renderer` (``PanoramaRenderer``: state in, pixels out),
:mod:`~vtour.render.adapters` (one class per panorama kind, registered in ``ADAPTERS``),
:mod:`~vtour.render.program` / :mod:`~vtour.render.shader_source` (``shaders/*.glsl`` with
``#include`` and ``#define`` variants, compiled once per variant per renderer),
:mod:`~vtour.render.textures` / :mod:`~vtour.render.tiling` (uploads, splitting images larger
than ``GL_MAX_TEXTURE_SIZE``), :mod:`~vtour.render.offscreen` (EGL surfaceless context,
framebuffers, ``render_view``), :mod:`~vtour.render.hotspots` (``HotspotRenderer``: markers and
polygon areas drawn over a frame; ``render_scene`` for ``vtour render``), :mod:`~vtour.render.crossfade`
(the scene-change cross-fade: a captured frame blended over the new scene).

How a frame is drawn: one full-screen triangle. A rectilinear view ray is affine in screen
position, so the vertex stage computes it and the rasteriser interpolates it; other projections
compute it per fragment. The fragment stage turns the ray into panorama coordinates and samples:
an equirectangular image through ``atan2`` (a polynomial: llvmpipe's ``atan`` and ``asin`` are
slow and, for ``asin``, inaccurate) with explicit gradients, unwrapped across the yaw seam and
measured on the sphere near the poles; a cube map directly. Mip levels are sampled bilinearly
from the nearest level (half the texel reads of trilinear).

Why equirectangular images are not converted to cube maps on load, measured on these 2-core
llvmpipe machines with an 8192x4096 image and 1920x1080 frames: the cube rendered frames ~4 ms
faster (about 19 vs 23 ms), but the GPU conversion (six 2608-texel faces) took set_panorama from
~0.4 to ~1.4 s and peak RSS from ~430 to ~640 MB, as both textures exist while converting;
the budgets are 0.6 s to the first frame and 450 MB.

PyOpenGL picks its platform binding on first import, so this package selects EGL before anything
imports ``OpenGL``: EGL works both for a surfaceless offscreen context (``vtour render``, tests,
thumbnails) and for the GLX context Qt creates (libglvnd dispatches the GL calls either way),
with one repair: PyOpenGL treats extension-filed entry points (``glTexStorage2D`` lives under
ARB_texture_storage) as missing unless *its* platform reports a current context, and EGL does not
see a GLX one - so the EGL platform's "current context" check also accepts a current GLX context
(:func:`_accept_glx_contexts`). That lets one process hold both (the test suite does). A
user's own ``PYOPENGL_PLATFORM`` wins. ``EGL_PLATFORM`` is deliberately *not* set: it would
redirect Qt's EGL use too; :mod:`vtour.render.offscreen` asks for the surfaceless platform
explicitly instead.
"""

from __future__ import annotations

import os

os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

import logging

# PyOpenGL announces at INFO level that its optional C accelerator is missing; vtour's default
# log level is INFO, and the message means nothing to a user.
logging.getLogger("OpenGL.acceleratesupport").setLevel(logging.WARNING)


def _accept_glx_contexts() -> None:
    """Let PyOpenGL's EGL platform count a current GLX context (Qt's, under X11) as current."""
    import ctypes
    import ctypes.util

    import OpenGL.platform

    platform = OpenGL.platform.PLATFORM
    if not hasattr(platform, "EGL") or getattr(platform, "_vtour_accepts_glx", False):
        return
    library = ctypes.util.find_library("GLX") or ctypes.util.find_library("GL")
    if library is None:
        return
    try:
        glx_current = ctypes.CDLL(library).glXGetCurrentContext
    except (OSError, AttributeError):
        return
    glx_current.restype = ctypes.c_void_p
    egl_current = platform.GetCurrentContext

    def current_context():
        return egl_current() or glx_current()

    platform.GetCurrentContext = current_context
    platform.CurrentContextIsValid = current_context
    # The platform's functions were also copied into the OpenGL.platform module when it was
    # installed; contextdata (glVertexAttribPointer's pointer storage) calls that copy.
    OpenGL.platform.GetCurrentContext = current_context
    platform._vtour_accepts_glx = True


_accept_glx_contexts()

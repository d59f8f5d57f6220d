"""Fixtures for the GL tests: one EGL surfaceless context for the session, renderers, frames.

The context needs no display (Mesa llvmpipe is enough); where EGL cannot make an OpenGL 3.3 core
context the tests skip.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from vtour.geometry.projections import Projection
from vtour.model.tour import View


@pytest.fixture(scope="session")
def gl_context():
    """The session's :class:`~vtour.render.offscreen.OffscreenContext`."""
    from vtour.render.offscreen import OffscreenContext

    try:
        context = OffscreenContext()
    except Exception as exc:  # no libEGL, no surfaceless platform, no GL 3.3
        pytest.skip(f"no offscreen OpenGL 3.3 context: {exc}")
    yield context
    context.release()


@pytest.fixture(autouse=True)
def current_context(gl_context):
    """Every GL test runs with the session context current, and leaves none current.

    Releasing matters when the UI tests run in the same process: libglvnd refuses to make Qt's GLX
    context current on a thread that still has an EGL context current.
    """
    gl_context.make_current()
    yield gl_context
    gl_context.done_current()


@pytest.fixture
def make_renderer(gl_context) -> Callable:
    """``make_renderer(**kwargs)``: a PanoramaRenderer released when the test ends."""
    from vtour.render.renderer import PanoramaRenderer

    made = []

    def make(**kwargs):
        made.append(PanoramaRenderer(**kwargs))
        return made[-1]

    yield make
    gl_context.make_current()
    for renderer in made:
        renderer.release()


@pytest.fixture
def frame(gl_context) -> Callable:
    """``frame(renderer, view, width, height, projection)``: render into a framebuffer, return RGBA."""
    from vtour.render.offscreen import Framebuffer

    def render(renderer, view: View, width: int = 640, height: int = 360,
               projection: Projection = Projection.RECTILINEAR) -> np.ndarray:
        with Framebuffer(width, height) as framebuffer:
            renderer.render_frame(view, width, height, projection, framebuffer.fbo)
            return framebuffer.read_rgba()

    return render

"""The scene-change cross-fade pass: a captured frame blended over the current one."""

from __future__ import annotations

import numpy as np

from vtour.render.crossfade import CrossFade  # first: vtour.render picks PyOpenGL's platform
from vtour.render.offscreen import Framebuffer
from OpenGL import GL  # noqa: I001


def _fill(framebuffer, rgb):
    GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer.id)
    GL.glClearColor(*rgb, 1.0)
    GL.glClear(GL.GL_COLOR_BUFFER_BIT)


def test_capture_then_blend_and_drop(gl_context):
    fade = CrossFade()
    try:
        with Framebuffer(64, 48) as framebuffer:
            _fill(framebuffer, (1.0, 0.0, 0.0))  # the old scene
            fade.capture(framebuffer.id, 64, 48)
            assert fade.captured and fade.size == (64, 48)
            for alpha, expected in ((1.0, (255, 0, 0)), (0.5, (128, 0, 127)), (0.0, (0, 0, 255))):
                _fill(framebuffer, (0.0, 0.0, 1.0))  # the new scene
                fade.draw(alpha, framebuffer.id, 64, 48)
                pixels = framebuffer.read_rgba()[..., :3].astype(int)
                assert np.abs(pixels - np.array(expected)).max() <= 1, (alpha, pixels[0, 0])
            fade.drop()
            assert not fade.captured
            _fill(framebuffer, (0.0, 1.0, 0.0))
            fade.draw(1.0, framebuffer.id, 64, 48)  # nothing captured: nothing drawn
            assert (framebuffer.read_rgba()[..., :3] == (0, 255, 0)).all()
    finally:
        fade.release()

"""The scene-change cross-fade: keep the last frame of the old scene and blend it over the new one.

:meth:`CrossFade.capture` copies a framebuffer's pixels into a screen-sized texture (a blit, no
read back to the CPU: 8 MB at 1920x1080); :meth:`CrossFade.draw` lays it over whatever the
framebuffer holds now with an opacity the caller animates. :meth:`CrossFade.drop` frees the
texture once the fade is over, so it costs memory only during a transition.
"""

from __future__ import annotations

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.render.program import ProgramCache


class CrossFade:
    """A captured frame and the pass that blends it; lives in one GL context (current for every call)."""

    def __init__(self) -> None:
        self._programs = ProgramCache()
        self._vao = int(GL.glGenVertexArrays(1))
        self._texture = 0
        self._fbo = 0
        self._size = (0, 0)
        self._holding = False  # the texture holds a frame to blend (else it is kept for the next one)

    @property
    def captured(self) -> bool:
        return self._holding

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def capture(self, framebuffer: int, width: int, height: int) -> None:
        """Copy ``width`` x ``height`` pixels of ``framebuffer`` (0: the default one) into the texture."""
        if width <= 0 or height <= 0:
            return
        if self._size != (width, height) or not self._texture:
            self._free()
            self._allocate(width, height)
        self._holding = True
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, framebuffer)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, self._fbo)
        GL.glDisable(GL.GL_SCISSOR_TEST)
        GL.glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)

    def _allocate(self, width: int, height: int) -> None:
        self._texture = int(GL.glGenTextures(1))
        GL.glBindTexture(GL.GL_TEXTURE_2D, self._texture)
        GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA8, width, height, 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, None)
        for parameter, value in ((GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR), (GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR),
                                 (GL.GL_TEXTURE_WRAP_S, GL.GL_CLAMP_TO_EDGE),
                                 (GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE)):
            GL.glTexParameteri(GL.GL_TEXTURE_2D, parameter, value)
        self._fbo = int(GL.glGenFramebuffers(1))
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self._fbo)
        GL.glFramebufferTexture2D(GL.GL_FRAMEBUFFER, GL.GL_COLOR_ATTACHMENT0, GL.GL_TEXTURE_2D, self._texture, 0)
        self._size = (width, height)

    def draw(self, alpha: float, framebuffer: int, width: int, height: int) -> None:
        """Blend the captured frame over ``framebuffer`` with opacity ``alpha`` (stretched to its size)."""
        if not self._holding or alpha <= 0.0 or width <= 0 or height <= 0:
            return
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)
        GL.glViewport(0, 0, width, height)
        GL.glDisable(GL.GL_SCISSOR_TEST)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glEnable(GL.GL_BLEND)
        GL.glBlendFuncSeparate(GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ZERO, GL.GL_ONE)
        program = self._programs.get("transition_fade")
        program.use()
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self._texture)
        program.set("u_frame", 0)
        program.set("u_alpha", float(min(alpha, 1.0)))
        GL.glBindVertexArray(self._vao)
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        GL.glBindVertexArray(0)
        GL.glDisable(GL.GL_BLEND)

    def drop(self) -> None:
        """Forget the captured frame. Its texture and framebuffer stay for the next fade: while each
        fade deleted and recreated them, the kiosk soak benchmark's RSS grew about 0.4 MB per scene
        change on Mesa's llvmpipe (GL object counts flat), which months of scene changes would
        turn into gigabytes; kept, the growth stopped."""
        self._holding = False

    def _free(self) -> None:
        self._holding = False
        if self._fbo:
            GL.glDeleteFramebuffers(1, [self._fbo])
            self._fbo = 0
        if self._texture:
            GL.glDeleteTextures(1, [self._texture])
            self._texture = 0
        self._size = (0, 0)

    def release(self) -> None:
        """Delete every GL object (the owning context current). Safe to call twice."""
        self._free()
        self._programs.release()
        if self._vao:
            GL.glDeleteVertexArrays(1, [self._vao])
            self._vao = 0

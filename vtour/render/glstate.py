"""GL state the full-screen passes rely on, set before drawing (the context may be shared with Qt's painter)."""

from __future__ import annotations

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

_DISABLED = (GL.GL_DEPTH_TEST, GL.GL_BLEND, GL.GL_CULL_FACE, GL.GL_SCISSOR_TEST, GL.GL_STENCIL_TEST)


def reset_draw_state() -> None:
    """Disable tests and blending and enable every colour channel."""
    for capability in _DISABLED:
        GL.glDisable(capability)
    GL.glColorMask(True, True, True, True)

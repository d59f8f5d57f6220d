"""Typed errors of the render layer; the UI and commands turn them into readable messages."""

from __future__ import annotations


class RenderError(Exception):
    """OpenGL could not do what was asked (no context, incomplete framebuffer, texture too large...)."""


class ShaderError(RenderError):
    """A shader failed to load, compile or link; the message names the ``.glsl`` file and line."""

"""Compile and link shader programs, one per (file, defines) variant, cached per GL context.

A :class:`ProgramCache` belongs to one context (its owner releases it with that context's GL
objects), so a second context, such as the one Qt makes when a widget goes fullscreen, never sees
another context's program names.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.render.errors import ShaderError
from vtour.render.shader_source import ShaderSource, load_shader_source

log = logging.getLogger(__name__)

_STAGE_TYPES = {"VERTEX_SHADER": GL.GL_VERTEX_SHADER, "FRAGMENT_SHADER": GL.GL_FRAGMENT_SHADER}


def _info_log(text) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text or "")


def _compile(source: ShaderSource, stage: str, defines: Mapping[str, object]) -> int:
    shader = GL.glCreateShader(_STAGE_TYPES[stage])
    GL.glShaderSource(shader, source.stage(stage, defines))
    GL.glCompileShader(shader)
    if not GL.glGetShaderiv(shader, GL.GL_COMPILE_STATUS):
        message = source.translate_log(_info_log(GL.glGetShaderInfoLog(shader)))
        GL.glDeleteShader(shader)
        raise ShaderError(f"{source.name}.glsl ({stage.lower()}, defines {dict(defines)}) failed to compile:\n"
                          f"{message}")
    return shader


def _link(source: ShaderSource, shaders: list[int], defines: Mapping[str, object]) -> int:
    program = GL.glCreateProgram()
    for shader in shaders:
        GL.glAttachShader(program, shader)
    GL.glLinkProgram(program)
    for shader in shaders:
        GL.glDetachShader(program, shader)
        GL.glDeleteShader(shader)
    if not GL.glGetProgramiv(program, GL.GL_LINK_STATUS):
        message = source.translate_log(_info_log(GL.glGetProgramInfoLog(program)))
        GL.glDeleteProgram(program)
        raise ShaderError(f"{source.name}.glsl (defines {dict(defines)}) failed to link:\n{message}")
    return program


class Program:
    """A linked program and its uniform locations; set uniforms with :meth:`set`."""

    def __init__(self, source: ShaderSource, defines: Mapping[str, object]) -> None:
        self.name = source.name
        self.defines = dict(defines)
        shaders = []
        try:
            for stage in _STAGE_TYPES:
                shaders.append(_compile(source, stage, defines))
        except ShaderError:
            for shader in shaders:
                GL.glDeleteShader(shader)
            raise
        self.handle = _link(source, shaders, defines)
        self._locations: dict[str, int] = {}

    def use(self) -> None:
        GL.glUseProgram(self.handle)

    def location(self, name: str) -> int:
        """Uniform location (-1 when the compiler removed an unused uniform: setting it is a no-op)."""
        if name not in self._locations:
            self._locations[name] = GL.glGetUniformLocation(self.handle, name)
        return self._locations[name]

    def set(self, name: str, value) -> None:
        """Set a uniform of the program in use: an int (samplers), float, vector or 3x3 matrix."""
        where = self.location(name)
        if where < 0:
            return
        if isinstance(value, (bool, int, np.integer)):
            GL.glUniform1i(where, int(value))
            return
        array = np.asarray(value, dtype=np.float32)
        if array.shape == (3, 3):
            GL.glUniformMatrix3fv(where, 1, GL.GL_TRUE, array)  # numpy is row-major
        elif array.ndim == 0:
            GL.glUniform1f(where, float(array))
        else:
            (GL.glUniform2f, GL.glUniform3f, GL.glUniform4f)[array.size - 2](where, *array.tolist())

    def set_int_vector(self, name: str, value) -> None:
        where = self.location(name)
        if where >= 0:
            (GL.glUniform2i, GL.glUniform3i, GL.glUniform4i)[len(value) - 2](where, *map(int, value))

    def release(self) -> None:
        if self.handle:
            GL.glDeleteProgram(self.handle)
            self.handle = 0


class ProgramCache:
    """Programs of one GL context, compiled on first use, keyed by file name and defines."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory
        self._sources: dict[str, ShaderSource] = {}
        self._programs: dict[tuple, Program] = {}

    def get(self, name: str, defines: Mapping[str, object] | None = None) -> Program:
        """The program for ``name``.glsl compiled with ``defines`` (compiling it the first time)."""
        defines = dict(defines or {})
        key = (name, tuple(sorted((k, str(v)) for k, v in defines.items())))
        program = self._programs.get(key)
        if program is None:
            program = Program(self._source(name), defines)
            self._programs[key] = program
            log.debug("compiled %s.glsl with %s", name, defines)
        return program

    def _source(self, name: str) -> ShaderSource:
        if name not in self._sources:
            self._sources[name] = load_shader_source(name, self._directory)
        return self._sources[name]

    def release(self) -> None:
        """Delete every program (the owning context must be current)."""
        for program in self._programs.values():
            program.release()
        self._programs.clear()

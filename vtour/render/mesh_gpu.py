"""GPU copies of a :class:`~vtour.model.mesh.ModelAsset`: vertex arrays, textures, samplers.

Nothing here keeps a numpy array after the upload: the arrays of the asset go to GL buffers and
textures, and only GL names, counts and small per-draw values stay in Python.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.model.mesh import LINES, POINTS, Geometry, Sampler, TextureImage

# Attribute locations (see shaders/pbr.glsl) and the constant used when a geometry lacks one.
ATTRIBUTES = (
    ("positions", 0, 3, (0.0, 0.0, 0.0, 1.0)),
    ("normals", 1, 3, (0.0, 1.0, 0.0, 0.0)),
    ("tangents", 2, 4, (1.0, 0.0, 0.0, 1.0)),
    ("uv0", 3, 2, (0.0, 0.0, 0.0, 0.0)),
    ("uv1", 4, 2, (0.0, 0.0, 0.0, 0.0)),
    ("colors", 5, 4, (1.0, 1.0, 1.0, 1.0)),
)
_MODES = {POINTS: GL.GL_POINTS, LINES: GL.GL_LINES}


@dataclass
class GpuGeometry:
    """One uploaded :class:`Geometry`: a vertex array object with its buffers."""

    vao: int
    buffers: list[int]
    count: int
    mode: int
    missing: tuple[tuple[int, tuple[float, ...]], ...]  # (location, constant) of absent attributes
    byte_size: int

    def draw(self) -> None:
        GL.glBindVertexArray(self.vao)
        for location, value in self.missing:  # constant attributes are not VAO state: set per draw
            GL.glVertexAttrib4f(location, *value)
        GL.glDrawElements(self.mode, self.count, GL.GL_UNSIGNED_INT, ctypes.c_void_p(0))

    def release(self) -> None:
        if self.vao:
            GL.glDeleteVertexArrays(1, [self.vao])
            GL.glDeleteBuffers(len(self.buffers), self.buffers)
            self.vao, self.buffers = 0, []


def _buffer(target: int, array: np.ndarray) -> int:
    buffer = int(GL.glGenBuffers(1))
    GL.glBindBuffer(target, buffer)
    GL.glBufferData(target, array.nbytes, np.ascontiguousarray(array), GL.GL_STATIC_DRAW)
    return buffer


def upload_geometry(geometry: Geometry) -> GpuGeometry:
    """Separate buffers per attribute (the loader's arrays go up as they are, no interleaving copy)."""
    vao = int(GL.glGenVertexArrays(1))
    GL.glBindVertexArray(vao)
    buffers, missing, size = [], [], 0
    for name, location, width, constant in ATTRIBUTES:
        array = getattr(geometry, name)
        if array is None:
            GL.glDisableVertexAttribArray(location)
            missing.append((location, constant))
            continue
        buffers.append(_buffer(GL.GL_ARRAY_BUFFER, np.asarray(array, np.float32)))
        GL.glEnableVertexAttribArray(location)
        GL.glVertexAttribPointer(location, width, GL.GL_FLOAT, GL.GL_FALSE, 0, ctypes.c_void_p(0))
        size += array.nbytes
    indices = np.asarray(geometry.indices, np.uint32)
    buffers.append(_buffer(GL.GL_ELEMENT_ARRAY_BUFFER, indices))  # element binding is VAO state
    GL.glBindVertexArray(0)
    GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
    mode = _MODES.get(geometry.mode, GL.GL_TRIANGLES)
    return GpuGeometry(vao, buffers, len(indices), mode, tuple(missing), size + indices.nbytes)


def upload_image(image: TextureImage, srgb: bool) -> int:
    """A mipmapped 2D texture of the image: ``SRGB8_ALPHA8`` for colour slots, ``RGBA8`` for data."""
    pixels = np.ascontiguousarray(image.pixels, dtype=np.uint8)
    texture = int(GL.glGenTextures(1))
    GL.glBindTexture(GL.GL_TEXTURE_2D, texture)
    GL.glBindBuffer(GL.GL_PIXEL_UNPACK_BUFFER, 0)
    GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1)
    GL.glPixelStorei(GL.GL_UNPACK_ROW_LENGTH, 0)
    internal = GL.GL_SRGB8_ALPHA8 if srgb else GL.GL_RGBA8
    GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, internal, pixels.shape[1], pixels.shape[0], 0, GL.GL_RGBA,
                    GL.GL_UNSIGNED_BYTE, pixels)
    GL.glGenerateMipmap(GL.GL_TEXTURE_2D)
    GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)
    return texture


_MIN_FILTERS = {9728, 9729, 9984, 9985, 9986, 9987}  # NEAREST, LINEAR, and the four mipmap filters
_WRAPS = {10497, 33071, 33648}


def create_sampler(sampler: Sampler) -> int:
    """A GL sampler object with the glTF sampler's wrap and filter modes (trilinear by default)."""
    handle = int(GL.glGenSamplers(1))
    wrap_s = sampler.wrap_s if sampler.wrap_s in _WRAPS else GL.GL_REPEAT
    wrap_t = sampler.wrap_t if sampler.wrap_t in _WRAPS else GL.GL_REPEAT
    minify = sampler.min_filter if sampler.min_filter in _MIN_FILTERS else GL.GL_LINEAR_MIPMAP_LINEAR
    magnify = sampler.mag_filter if sampler.mag_filter in (9728, 9729) else GL.GL_LINEAR
    GL.glSamplerParameteri(handle, GL.GL_TEXTURE_WRAP_S, wrap_s)
    GL.glSamplerParameteri(handle, GL.GL_TEXTURE_WRAP_T, wrap_t)
    GL.glSamplerParameteri(handle, GL.GL_TEXTURE_MIN_FILTER, minify)
    GL.glSamplerParameteri(handle, GL.GL_TEXTURE_MAG_FILTER, magnify)
    return handle


class MultisampleTarget:
    """A multisampled (``samples`` > 1) colour + depth framebuffer the mesh pass draws into, then resolves (blits)."""

    def __init__(self, samples: int) -> None:
        self.samples = samples
        self.fbo = self._color = self._depth = 0
        self.size = (0, 0)

    def bind(self, width: int, height: int) -> None:
        if (width, height) != self.size:
            self.release()
            self._create(width, height)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.fbo)

    def _create(self, width: int, height: int) -> None:
        self._color, self._depth = (int(b) for b in GL.glGenRenderbuffers(2))
        for buffer, internal in ((self._color, GL.GL_RGBA8), (self._depth, GL.GL_DEPTH_COMPONENT24)):
            GL.glBindRenderbuffer(GL.GL_RENDERBUFFER, buffer)
            if self.samples > 1:
                GL.glRenderbufferStorageMultisample(GL.GL_RENDERBUFFER, self.samples, internal, width, height)
            else:  # "multisample" storage with 1 sample may still be multisampled on some drivers
                GL.glRenderbufferStorage(GL.GL_RENDERBUFFER, internal, width, height)
        self.fbo = int(GL.glGenFramebuffers(1))
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.fbo)
        GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, GL.GL_COLOR_ATTACHMENT0, GL.GL_RENDERBUFFER, self._color)
        GL.glFramebufferRenderbuffer(GL.GL_FRAMEBUFFER, GL.GL_DEPTH_ATTACHMENT, GL.GL_RENDERBUFFER, self._depth)
        status = GL.glCheckFramebufferStatus(GL.GL_FRAMEBUFFER)
        if status != GL.GL_FRAMEBUFFER_COMPLETE:
            from vtour.render.errors import RenderError

            self.release()
            raise RenderError(f"mesh framebuffer {width}x{height} x{self.samples} incomplete (0x{int(status):04x})")
        self.size = (width, height)

    def resolve(self, framebuffer: int) -> None:
        """Blit (resolving the samples) into ``framebuffer`` over the same size."""
        width, height = self.size
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self.fbo)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, framebuffer)
        GL.glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)

    def release(self) -> None:
        if self.fbo:
            GL.glDeleteFramebuffers(1, [self.fbo])
        live = [b for b in (self._color, self._depth) if b]
        if live:
            GL.glDeleteRenderbuffers(len(live), live)
        self.fbo = self._color = self._depth = 0
        self.size = (0, 0)

"""Texture uploads straight from decoded numpy arrays, without intermediate copies.

Sub-rectangles are uploaded with ``GL_UNPACK_ROW_LENGTH`` / ``SKIP_PIXELS`` / ``SKIP_ROWS`` from the
whole array, so splitting an image into tiles copies nothing on the Python side (on llvmpipe a
texture lives in process memory, and every extra 8K copy is 128 MB of RSS).
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.render.errors import RenderError

ROW_BAND = 512
"""Rows per upload call: drivers that stage uploads (real GPUs) then need only a band's worth."""


def max_level(width: int, height: int) -> int:
    """Index of the last mipmap level (1x1) of a ``width`` x ``height`` texture."""
    return int(math.floor(math.log2(max(width, height, 1))))


def _pointer(rgba: np.ndarray, row: int, column: int) -> ctypes.c_void_p:
    """Address of ``rgba[row, column]`` (the array must be C-contiguous RGBA uint8)."""
    return ctypes.c_void_p(rgba.ctypes.data + (row * rgba.shape[1] + column) * 4)


def check_rgba(rgba: np.ndarray) -> None:
    """Raise :class:`RenderError` unless ``rgba`` is a C-contiguous ``(H, W, 4)`` uint8 array."""
    if not isinstance(rgba, np.ndarray):
        raise RenderError(f"expected a numpy array of pixels, got {type(rgba).__name__}")
    if rgba.dtype != np.uint8 or rgba.ndim != 3 or rgba.shape[2] != 4 or not rgba.flags.c_contiguous:
        raise RenderError(f"expected a C-contiguous (H, W, 4) uint8 array, got {rgba.dtype} {rgba.shape}")


def _set_unpack(row_length: int) -> None:
    # A bound pixel-unpack buffer (Qt may leave one) would turn our pointers into buffer offsets.
    GL.glBindBuffer(GL.GL_PIXEL_UNPACK_BUFFER, 0)
    GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1)
    GL.glPixelStorei(GL.GL_UNPACK_ROW_LENGTH, row_length)
    GL.glPixelStorei(GL.GL_UNPACK_SKIP_PIXELS, 0)
    GL.glPixelStorei(GL.GL_UNPACK_SKIP_ROWS, 0)


def _reset_unpack() -> None:
    GL.glPixelStorei(GL.GL_UNPACK_ROW_LENGTH, 0)
    GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)


@dataclass(frozen=True)
class Region:
    """A rectangle copied from the source array into a texture: destination and source origins."""

    dst_x: int
    dst_y: int
    src_x: int
    src_y: int
    width: int
    height: int


def _bands(region: Region):
    """``region`` cut into bands of at most :data:`ROW_BAND` rows."""
    for offset in range(0, region.height, ROW_BAND):
        rows = min(ROW_BAND, region.height - offset)
        yield Region(region.dst_x, region.dst_y + offset, region.src_x, region.src_y + offset, region.width, rows)


def upload_region_2d(target: int, rgba: np.ndarray, region: Region) -> None:
    """Copy ``region`` of ``rgba`` into level 0 of the bound 2D texture (or cube face) ``target``."""
    _set_unpack(rgba.shape[1])
    for band in _bands(region):
        GL.glTexSubImage2D(target, 0, band.dst_x, band.dst_y, band.width, band.height, GL.GL_RGBA,
                           GL.GL_UNSIGNED_BYTE, _pointer(rgba, band.src_y, band.src_x))
    _reset_unpack()


def upload_region_layer(rgba: np.ndarray, layer: int, region: Region) -> None:
    """Copy ``region`` of ``rgba`` into ``layer`` of the bound 2D array texture."""
    _set_unpack(rgba.shape[1])
    for band in _bands(region):
        GL.glTexSubImage3D(GL.GL_TEXTURE_2D_ARRAY, 0, band.dst_x, band.dst_y, layer, band.width, band.height, 1,
                           GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, _pointer(rgba, band.src_y, band.src_x))
    _reset_unpack()


def set_sampling(target: int, wrap_s: int, wrap_t: int, levels: int) -> None:
    """Mipmapped bilinear filtering over ``levels`` levels (1 = no mipmaps) and the given wrap modes.

    The nearest mip level is sampled bilinearly (``GL_LINEAR_MIPMAP_NEAREST``) rather than
    blending two levels: half the texel fetches, which took an 8K frame at 1920x1080 on llvmpipe
    from about 30 to 23 ms. Views near 1:1 (the common case) read level 0 either way.
    """
    GL.glTexParameteri(target, GL.GL_TEXTURE_WRAP_S, wrap_s)
    GL.glTexParameteri(target, GL.GL_TEXTURE_WRAP_T, wrap_t)
    if target == GL.GL_TEXTURE_CUBE_MAP:
        GL.glTexParameteri(target, GL.GL_TEXTURE_WRAP_R, GL.GL_CLAMP_TO_EDGE)
    GL.glTexParameteri(target, GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR)
    minify = GL.GL_LINEAR_MIPMAP_NEAREST if levels > 1 else GL.GL_LINEAR
    GL.glTexParameteri(target, GL.GL_TEXTURE_MIN_FILTER, minify)
    GL.glTexParameteri(target, GL.GL_TEXTURE_BASE_LEVEL, 0)
    # glGenerateMipmap fills only up to MAX_LEVEL; without this a texture whose levels were not
    # all made would be incomplete and sample black.
    GL.glTexParameteri(target, GL.GL_TEXTURE_MAX_LEVEL, levels - 1)


def has_texture_storage() -> bool:
    """Whether immutable texture storage (GL 4.2 / ARB_texture_storage) is available.

    It allocates exactly the levels asked for, once. Without it Mesa may allocate level 0 alone and
    reallocate (copying) when mipmaps are generated: a transient second copy of an 8K texture.
    """
    major, minor = GL.glGetIntegerv(GL.GL_MAJOR_VERSION), GL.glGetIntegerv(GL.GL_MINOR_VERSION)
    if (int(major), int(minor)) >= (4, 2):
        return True
    count = int(GL.glGetIntegerv(GL.GL_NUM_EXTENSIONS))
    return any(GL.glGetStringi(GL.GL_EXTENSIONS, i) == b"GL_ARB_texture_storage" for i in range(count))


def allocate_2d(target: int, width: int, height: int, levels: int) -> None:
    """Storage for every level of the bound 2D texture or cube map ``target``."""
    if has_texture_storage():
        GL.glTexStorage2D(target, levels, GL.GL_RGBA8, width, height)
        return
    faces = [GL.GL_TEXTURE_CUBE_MAP_POSITIVE_X + i for i in range(6)] if target == GL.GL_TEXTURE_CUBE_MAP \
        else [target]
    for face in faces:
        _allocate_levels(face, width, height, levels)


def _allocate_levels(target: int, width: int, height: int, levels: int) -> None:
    for level in range(levels):
        GL.glTexImage2D(target, level, GL.GL_RGBA8, max(width >> level, 1), max(height >> level, 1), 0,
                        GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, None)


def allocate_array(width: int, height: int, layers: int, levels: int) -> None:
    """Storage for every level of the bound 2D array texture."""
    if has_texture_storage():
        GL.glTexStorage3D(GL.GL_TEXTURE_2D_ARRAY, levels, GL.GL_RGBA8, width, height, layers)
        return
    for level in range(levels):
        GL.glTexImage3D(GL.GL_TEXTURE_2D_ARRAY, level, GL.GL_RGBA8, max(width >> level, 1),
                        max(height >> level, 1), layers, 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, None)


def create_texture(target: int) -> int:
    texture = int(GL.glGenTextures(1))
    GL.glBindTexture(target, texture)
    return texture


def delete_textures(*textures: int) -> None:
    live = [t for t in textures if t]
    if live:
        GL.glDeleteTextures(len(live), live)


"""Panorama adapters: each kind of panorama source is one small class behind one interface.

An adapter uploads a kind of pixels into GL textures, names the shader program (and ``#define``
variant) that samples them, binds them for a frame and releases them. :data:`ADAPTERS` maps pixel
types to adapter factories; a tiled multi-resolution adapter registers itself the same way.

Equirectangular images are sampled as they are, not converted to a cube map on load (the
measurements behind that are in :mod:`vtour.render`).
"""

from __future__ import annotations

import logging
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.io.panorama import CubePixels, EquirectPixels
from vtour.render import textures
from vtour.render.errors import RenderError
from vtour.render.program import Program, ProgramCache
from vtour.render.textures import Region
from vtour.render.tiling import TileLayout, tile_layout

log = logging.getLogger(__name__)

IDENTITY = np.eye(3)


@dataclass(frozen=True)
class GLLimits:
    """What the adapters may allocate: ``max_texture_size`` may be below the driver's (tests force splits)."""

    max_texture_size: int


@dataclass(frozen=True)
class RenderResources:
    """What a renderer shares with its adapters: limits, the context's programs, an empty vertex array."""

    limits: GLLimits
    programs: ProgramCache
    vao: int


class PanoramaAdapter(ABC):
    """Uploads one kind of panorama and samples it through its own shader program.

    Lifecycle (context current throughout): ``check(pixels)``, then ``upload(pixels)``, then
    ``bind(program)`` per frame, then ``release()``. ``upload`` may be called again with the next
    panorama of the same kind: an adapter reuses its texture storage when the size allows, which
    saves the allocation (on llvmpipe, zero-filling and faulting in 170 MB for an 8K image) and
    never holds two panoramas at once. An adapter keeps no reference to the pixel arrays.
    """

    program_name: str = ""
    source_frame = IDENTITY
    """Matrix from the panorama frame to the program's lookup frame (folded into u_view_to_source)."""

    def __init__(self, resources: RenderResources) -> None:
        self.resources = resources
        self.limits = resources.limits

    def check(self, pixels) -> None:
        """Raise :class:`RenderError` if ``pixels`` cannot be uploaded (before anything changes)."""

    mipmaps_pending = False
    """True between an upload with ``defer_mipmaps`` and :meth:`complete_mipmaps`."""

    @abstractmethod
    def upload(self, pixels, defer_mipmaps: bool = False) -> None:
        """Fill the textures from ``pixels`` (reusing or replacing earlier storage).

        With ``defer_mipmaps`` only level 0 is filled and sampled until :meth:`complete_mipmaps`:
        a first frame sooner (on llvmpipe an 8K image's mipmaps take ~0.1 s) at full resolution.
        """

    def complete_mipmaps(self) -> None:
        """Build the mipmaps an upload deferred (no-op otherwise)."""
        if self.mipmaps_pending:
            target, texture, levels = self._mipmap_target
            GL.glActiveTexture(GL.GL_TEXTURE0)
            GL.glBindTexture(target, texture)
            self._finish_levels(target, texture, levels, defer=False)

    def _finish_levels(self, target: int, texture: int, levels: int, defer: bool) -> None:
        """After level 0 of the bound ``texture`` is filled: make or postpone the other levels."""
        self._mipmap_target = (target, texture, levels)
        self.mipmaps_pending = defer and levels > 1
        # Until the levels exist, sampling must stop at level 0 or the texture is incomplete.
        GL.glTexParameteri(target, GL.GL_TEXTURE_MAX_LEVEL, 0 if self.mipmaps_pending else levels - 1)
        if levels > 1 and not defer:
            GL.glGenerateMipmap(target)

    def defines(self) -> dict[str, object]:
        """``#define``s selecting this source's variant of :attr:`program_name`."""
        return {}

    @abstractmethod
    def bind(self, program: Program) -> None:
        """Bind the textures and set the source's uniforms on ``program`` (already in use)."""

    @abstractmethod
    def release(self) -> None:
        """Delete the GL objects. Safe to call twice."""

    @property
    def gpu_bytes(self) -> int:
        """Approximate texture memory held (on llvmpipe: process memory)."""
        return 0


def _mip_bytes(width: int, height: int, layers: int = 1) -> int:
    return int(width * height * layers * 4 * 4 / 3)


class EquirectAdapter(PanoramaAdapter):
    """An equirectangular image, whole or partial, split into array-texture tiles when too large."""

    program_name = "equirect"

    def __init__(self, resources: RenderResources) -> None:
        super().__init__(resources)
        self.texture = 0
        self.layout: TileLayout | None = None
        self.levels = 1
        self.partial = False
        self._uv_scale = (1.0, 1.0)
        self._v_offset = 0.0

    def check(self, pixels: EquirectPixels) -> None:
        textures.check_rgba(pixels.rgba)
        if not (0.0 < pixels.haov <= 360.0 and 0.0 < pixels.vaov <= 180.0):
            raise RenderError(f"panorama extent {pixels.haov}x{pixels.vaov} degrees is outside 360x180")

    def upload(self, pixels: EquirectPixels, defer_mipmaps: bool = False) -> None:
        self.check(pixels)
        height, width = pixels.rgba.shape[:2]
        layout = tile_layout(width, height, self.limits.max_texture_size, wrap_x=pixels.haov >= 360.0)
        self.partial = not pixels.full_sphere
        self._uv_scale = (1.0 / math.radians(pixels.haov), 1.0 / math.radians(pixels.vaov))
        self._v_offset = math.radians(pixels.v_offset)
        if layout != self.layout or not self.texture:
            self.release()
            self.layout = layout
            self.levels = textures.max_level(layout.x.size, layout.y.size) + 1
            self._allocate()
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(self._target, self.texture)
        if layout.single:
            textures.upload_region_2d(GL.GL_TEXTURE_2D, pixels.rgba, Region(0, 0, 0, 0, width, height))
        else:
            self._upload_tiles(pixels.rgba)
        self._finish_levels(self._target, self.texture, self.levels, defer_mipmaps)

    @property
    def _target(self) -> int:
        return GL.GL_TEXTURE_2D if self.layout.single else GL.GL_TEXTURE_2D_ARRAY

    @property
    def wrap_yaw(self) -> bool:
        return bool(self.layout and self.layout.x.periodic)

    def _allocate(self) -> None:
        layout = self.layout
        self.texture = textures.create_texture(self._target)
        # Yaw wraps in the sampler for a single column of a full panorama; otherwise the tiles'
        # padding carries the neighbouring texels, and edges clamp.
        wrap_s = GL.GL_REPEAT if self.wrap_yaw and layout.x.count == 1 else GL.GL_CLAMP_TO_EDGE
        textures.set_sampling(self._target, wrap_s, GL.GL_CLAMP_TO_EDGE, self.levels)
        if layout.single:
            textures.allocate_2d(GL.GL_TEXTURE_2D, layout.x.size, layout.y.size, self.levels)
            return
        log.info("%dx%d panorama split into %dx%d textures (limit %d)", layout.x.length, layout.y.length,
                 layout.x.count, layout.y.count, self.limits.max_texture_size)
        textures.allocate_array(layout.x.size, layout.y.size, layout.layers, self.levels)

    def _upload_tiles(self, rgba: np.ndarray) -> None:
        for row in range(self.layout.y.count):
            for column in range(self.layout.x.count):
                layer = row * self.layout.x.count + column
                for dst_y, src_y, rows in self.layout.y.runs(row):
                    for dst_x, src_x, columns in self.layout.x.runs(column):
                        region = Region(dst_x, dst_y, src_x, src_y, columns, rows)
                        textures.upload_region_layer(rgba, layer, region)

    def defines(self) -> dict[str, object]:
        flags = {"WRAP_YAW": self.wrap_yaw, "PARTIAL": self.partial, "EQUIRECT_TILED": not self.layout.single}
        return {name: 1 for name, on in flags.items() if on}

    def bind(self, program: Program) -> None:
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(self._target, self.texture)
        program.set("u_uv_scale", self._uv_scale)
        program.set("u_v_offset", self._v_offset)
        if self.layout.single:
            program.set("u_panorama", 0)
            return
        x, y = self.layout.x, self.layout.y
        program.set("u_tiles", 0)
        program.set("u_image_size", (x.length, y.length))
        program.set("u_tile_step", (x.step, y.step))
        program.set("u_tile_pad", (x.pad, y.pad))
        program.set("u_tile_size", (x.size, y.size))
        program.set_int_vector("u_tile_grid", (x.count, y.count))

    def release(self) -> None:
        textures.delete_textures(self.texture)
        self.texture = 0
        self.layout = None

    @property
    def gpu_bytes(self) -> int:
        if not self.texture:
            return 0
        return _mip_bytes(self.layout.x.size, self.layout.y.size, self.layout.layers)


# GL cube-map face targets for Pannellum's faces. The cube is looked up with z negated
# (CUBE_LOOKUP_FRAME), which puts each face, as seen from the centre with row 0 at the top, on
# GL's face with no flip (GL cube maps follow RenderMan's left-handed convention).
CUBE_FACE_TARGETS = (
    GL.GL_TEXTURE_CUBE_MAP_POSITIVE_Z,  # front
    GL.GL_TEXTURE_CUBE_MAP_POSITIVE_X,  # right
    GL.GL_TEXTURE_CUBE_MAP_NEGATIVE_Z,  # back
    GL.GL_TEXTURE_CUBE_MAP_NEGATIVE_X,  # left
    GL.GL_TEXTURE_CUBE_MAP_POSITIVE_Y,  # up
    GL.GL_TEXTURE_CUBE_MAP_NEGATIVE_Y,  # down
)
CUBE_LOOKUP_FRAME = np.diag([1.0, 1.0, -1.0])


class CubeAdapter(PanoramaAdapter):
    """Six cube faces in Pannellum's order and orientation, as one mipmapped cube map."""

    program_name = "cube"
    source_frame = CUBE_LOOKUP_FRAME

    def __init__(self, resources: RenderResources) -> None:
        super().__init__(resources)
        self.texture = 0
        self.size = 0

    def check(self, pixels: CubePixels) -> None:
        size = pixels.size
        if size > self.limits.max_texture_size:
            raise RenderError(f"cube faces of {size}x{size} exceed this GPU's texture limit of "
                              f"{self.limits.max_texture_size}; make a tiled multi-resolution panorama")
        for face in pixels.faces:
            textures.check_rgba(face)
            if face.shape[:2] != (size, size):
                raise RenderError(f"cube faces must all be {size}x{size}, not {face.shape[1]}x{face.shape[0]}")

    def upload(self, pixels: CubePixels, defer_mipmaps: bool = False) -> None:
        self.check(pixels)
        if pixels.size != self.size or not self.texture:
            self.release()
            self.size = pixels.size
            self._allocate()
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_CUBE_MAP, self.texture)
        for face, target in zip(pixels.faces, CUBE_FACE_TARGETS):
            textures.upload_region_2d(target, face, Region(0, 0, 0, 0, self.size, self.size))
        levels = textures.max_level(self.size, self.size) + 1
        self._finish_levels(GL.GL_TEXTURE_CUBE_MAP, self.texture, levels, defer_mipmaps)

    def _allocate(self) -> None:
        levels = textures.max_level(self.size, self.size) + 1
        self.texture = textures.create_texture(GL.GL_TEXTURE_CUBE_MAP)
        textures.set_sampling(GL.GL_TEXTURE_CUBE_MAP, GL.GL_CLAMP_TO_EDGE, GL.GL_CLAMP_TO_EDGE, levels)
        textures.allocate_2d(GL.GL_TEXTURE_CUBE_MAP, self.size, self.size, levels)

    def bind(self, program: Program) -> None:
        # Filter across face edges; without it each face's border texels show as a faint grid.
        GL.glEnable(GL.GL_TEXTURE_CUBE_MAP_SEAMLESS)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glBindTexture(GL.GL_TEXTURE_CUBE_MAP, self.texture)
        program.set("u_cube", 0)

    def release(self) -> None:
        textures.delete_textures(self.texture)
        self.texture = 0
        self.size = 0

    @property
    def gpu_bytes(self) -> int:
        return _mip_bytes(self.size, self.size, 6) if self.texture else 0


ADAPTERS = {
    EquirectPixels: lambda pixels, resources: EquirectAdapter(resources),
    CubePixels: lambda pixels, resources: CubeAdapter(resources),
}
"""Pixel type -> ``factory(pixels, resources)`` making an empty adapter. Register new kinds here."""


def adapter_for(pixels, resources: RenderResources) -> PanoramaAdapter:
    """A new (empty) adapter for ``pixels``' kind."""
    try:
        factory = ADAPTERS[type(pixels)]
    except KeyError:
        raise RenderError(f"no panorama adapter for {type(pixels).__name__}") from None
    return factory(pixels, resources)

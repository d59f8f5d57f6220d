"""A :class:`~vtour.render.mesh_renderer.MeshRenderer` holding several levels of detail of one model,
and drawing at a reduced render scale while the camera moves.

Levels share the textures and samplers of level 0 (``tools/make_lods.py`` copies images and
samplers unchanged, index for index), so a level costs only its vertex buffers. Switching level
is a swap of draw lists: no upload. A scaled frame is drawn into an offscreen buffer of
``scale`` times the size and stretched (linear filter) into the caller's framebuffer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from OpenGL import GL

from vtour.model.mesh import ModelAsset
from vtour.render.mesh_gpu import upload_geometry
from vtour.render.mesh_renderer import MeshRenderer, _make_draw
from vtour.render.offscreen import Framebuffer


@dataclass
class _Level:
    draws: list = field(default_factory=list)
    geometries: list = field(default_factory=list)
    triangles: int = 0


class LodMeshRenderer(MeshRenderer):
    """MeshRenderer with :meth:`add_level`, :meth:`use_level` and a ``scale`` for :meth:`render_frame`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._levels: list[_Level] = []
        self._active = 0
        self._texture_keys: dict = {}
        self._sampler_keys: dict = {}
        self._scaled: Framebuffer | None = None

    @property
    def level_count(self) -> int:
        return len(self._levels)

    @property
    def active_level(self) -> int:
        return self._active

    def level_triangles(self) -> list[int]:
        return [level.triangles for level in self._levels]

    def set_model(self, asset: ModelAsset) -> None:
        """Upload ``asset`` as level 0, dropping every level of the previous model."""
        self.clear_model()
        self._levels = [self._upload_level(asset)]
        self._active = 0
        self._activate(0)
        self.bounds = None if asset.bounds is None else asset.bounds.copy()

    def add_level(self, asset: ModelAsset) -> int:
        """Upload a coarser copy of the current model (same materials and images); returns its index."""
        if not self._levels:
            raise RuntimeError("set_model first")
        self._levels.append(self._upload_level(asset))
        return len(self._levels) - 1

    def use_level(self, index: int) -> None:
        index = max(0, min(int(index), len(self._levels) - 1))
        if self._levels and index != self._active:
            self._activate(index)

    def _activate(self, index: int) -> None:
        self._active = index
        level = self._levels[index]
        self._draws, self._geometries = level.draws, level.geometries

    def _upload_level(self, asset: ModelAsset) -> _Level:
        level = _Level(triangles=asset.triangle_count)
        geometries: dict = {}
        for primitive in asset.primitives:
            gpu = geometries.get(id(primitive.geometry))
            if gpu is None:
                gpu = geometries[id(primitive.geometry)] = upload_geometry(primitive.geometry)
            material = asset.material(primitive)
            slots = tuple(self._bind_slot(asset, slot, ref, self._texture_keys, self._sampler_keys)
                          for slot, ref in material.textures().items())
            level.draws.append(_make_draw(gpu, material, primitive, slots))
        level.geometries = list(geometries.values())
        self._textures, self._samplers = list(self._texture_keys.values()), list(self._sampler_keys.values())
        return level

    def clear_model(self) -> None:
        for index, level in enumerate(self._levels):
            if index != self._active:
                for geometry in level.geometries:
                    geometry.release()
        self._levels, self._active = [], 0
        self._texture_keys, self._sampler_keys = {}, {}
        super().clear_model()

    def render_frame(self, camera, width: int, height: int, framebuffer: int = 0, *,
                     samples: int | None = None, scale: float = 1.0, **kwargs) -> None:
        """As :meth:`MeshRenderer.render_frame`; ``scale`` < 1 draws fewer pixels and stretches them."""
        if scale >= 0.999 or width <= 1 or height <= 1:
            return super().render_frame(camera, width, height, framebuffer, samples=samples, **kwargs)
        small_w, small_h = max(1, round(width * scale)), max(1, round(height * scale))
        if self._scaled is None or (self._scaled.width, self._scaled.height) != (small_w, small_h):
            if self._scaled is not None:
                self._scaled.release()
            self._scaled = Framebuffer(small_w, small_h)
        camera = _matrices_for(camera, width, height, self.bounds)  # the full-size aspect and clip planes
        super().render_frame(camera, small_w, small_h, self._scaled.id, samples=samples, **kwargs)
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self._scaled.id)
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, framebuffer)
        GL.glBlitFramebuffer(0, 0, small_w, small_h, 0, 0, width, height, GL.GL_COLOR_BUFFER_BIT, GL.GL_LINEAR)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer)

    def release(self) -> None:
        if self._scaled is not None:
            self._scaled.release()
            self._scaled = None
        super().release()


def _matrices_for(camera, width, height, bounds):
    from vtour.render.mesh_renderer import as_camera_matrices

    return as_camera_matrices(camera, width, height, bounds)

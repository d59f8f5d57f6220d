"""Streaming tiled multi-resolution panoramas: the adapter behind ``"type": "multires"`` scenes.

What shows first is the coarse preview that the loader assembled (a few dozen small tiles: a
first frame in well under the time a single 8K image takes to decode), kept in the tile array
for good. Then, before each
frame, :meth:`MultiresAdapter.prepare_frame` picks the level the screen's pixel density needs,
asks worker threads to decode the visible tiles of that level (the view's centre first, and the
levels between the preview and it, so the view sharpens in steps), uploads decoded tiles within a
per-frame time budget so panning stays smooth, and evicts the least recently used tiles beyond a
GPU memory budget. A page table of the level the view needs names, for each of its tiles, the
finest resident tile that holds it (that tile itself, or a coarser one), so the shader
(``shaders/multires.glsl``) samples each pixel with two fetches whatever the mix of levels; the
preview shows where no finer tile holds it. A missing or corrupt tile is logged once and never
asked for again; the coarser level shows there.

The thread pool only decodes (pure numpy work in :func:`vtour.io.multires.decode_tile`); every GL
call stays on the thread that owns the context.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.geometry.projections import Projection, clamp_hfov, pixel_to_camera_ray, plane_extent
from vtour.io.multires import (
    TileCache,
    TileError,
    TileKey,
    containing_tiles,
    decode_tile,
    direction_to_face_uv,
    level_for_density,
    tile_rect,
    with_narrow_neighbours,
)
from vtour.io.panorama import MultiresPixels
from vtour.model.tour import MultiresSource
from vtour.render import textures
from vtour.render.adapters import ADAPTERS, PanoramaAdapter, RenderResources
from vtour.render.errors import RenderError
from vtour.render.program import Program
from vtour.render.textures import Region

log = logging.getLogger(__name__)

MAX_LEVELS = 16  # Pannellum sets have far fewer
GPU_BUDGET_ENV = "VTOUR_TILE_BUDGET_MB"
DEFAULT_GPU_BUDGET_MB = 192
"""Tile texture memory kept at most (the preview's tiles come on top); ``VTOUR_TILE_BUDGET_MB``."""

UPLOAD_BUDGET_S = 0.008
"""Seconds of tile uploads a frame may spend (at least one tile goes up each frame)."""

PREFETCH_MARGIN = 0.1
"""Tiles this far outside the view (a fraction of its size, each side) are decoded too, so a slow
pan meets them ready."""

SAMPLE_SPACING_PX = 32
"""Screen spacing of the rays that find the visible tiles. A tile of the level the screen needs
covers at least tileResolution / 2 pixels (256 for the usual 512), so none falls between rays."""

IN_VIEW_BAND_PX = 64
"""Rays this far beyond the view's edges still count as in view. A tile that only grazes the view
(a corner across its edge) can fall between the rays on screen, and the view would be called sharp
with a sliver of the coarser level there: one 640x360 view in five, before this band."""

MAX_DECODES_AHEAD = 16
"""Decodes queued or running at once: enough to keep the workers busy, few enough that a pan
does not leave a long queue of tiles nobody looks at any more (the queue is re-sorted each frame)."""

DECODERS = max(1, min(4, (os.cpu_count() or 2) - 1))
"""Decoder threads: a core is left to the renderer (llvmpipe draws with every core it is given)."""
ATLAS_BYTES = 128 * 2**20
"""The tile texture array's size, allocated with the preview (capped by the budget). llvmpipe
clears new storage at about 0.7 ms a megabyte and a larger array means a copy, so the array is
made once, large enough for what 99 % of 1920x1080 views need at once (90 tiles of 512² in view,
a third more of coarser ones), and tiles beyond it replace the least recently used ones; it
doubles only for a view that alone needs more (a larger screen, a zoom into a cube corner)."""


@dataclass
class StreamStatus:
    """What one :meth:`MultiresAdapter.prepare_frame` found and did."""

    level: int  # the level the view needs
    wanted: int  # tiles of that level in view
    resident: int  # of those, on the GPU, or failed and shown by a coarser tile (or nothing more to come)
    uploaded: int  # tiles uploaded this frame
    pending: int  # decodes queued or running, plus decoded tiles waiting for upload
    complete: bool = False  # tiles finer than the preview hold the whole view

    @property
    def sharp(self) -> bool:
        """Every tile the view needs is on the GPU (a failed one counts once a coarser tile shows
        there, or once nothing more is coming)."""
        return self.resident >= self.wanted


class MultiresAdapter(PanoramaAdapter):
    """Tiles in a texture array (the preview's for good, finer ones as the view needs them),
    found through a page table."""

    program_name = "multires"

    def __init__(self, resources: RenderResources, *, budget_bytes: int | None = None, workers: int | None = None):
        super().__init__(resources)
        self.source: MultiresSource | None = None
        self.preview_level = 0
        self.budget_bytes = budget_bytes if budget_bytes is not None else _budget_from_environment()
        self._pool = ThreadPoolExecutor(max_workers=workers or DECODERS,
                                        thread_name_prefix="vtour-tiles", initializer=_yield_to_rendering)
        self._decoding: dict[TileKey, Future] = {}
        self._decoded: dict[TileKey, np.ndarray] = {}
        self._failed: set[TileKey] = set()
        self._layers: dict[TileKey, int] = {}  # resident tile -> atlas layer
        self._free_layers: list[int] = []
        self.cache = TileCache(self.budget_bytes)
        self.atlas = 0
        self.capacity = 0
        self.pinned = 0  # layers 0 .. pinned-1: the preview's, never given up
        self._whole_faces: tuple[int, int] | None = None  # (first layer, edge) of the faces whole, if needed
        self.pages = 0
        self._grids: dict[int, np.ndarray] = {}  # level -> (6, n, n) resident layer + 1, 0 where none
        self._page_entries = np.zeros((6, 1, 1, 4), np.float32)  # page_entries() of self.level
        self._pages_dirty = False
        self._pages_level = 0
        self.level = 1
        self.status = StreamStatus(1, 0, 0, 0, 0)

    # -- the panorama ---------------------------------------------------------------------------

    def check(self, pixels: MultiresPixels) -> None:
        size = pixels.source.tile_resolution
        if size > self.limits.max_texture_size:
            raise RenderError(f"tiles of {size}x{size} exceed this GPU's texture limit of {self.limits.max_texture_size}")
        if pixels.source.max_level > MAX_LEVELS:
            raise RenderError(f"{pixels.source.max_level} levels: at most {MAX_LEVELS} are supported")
        edge = pixels.source.level_edge(pixels.preview_level)
        for face in pixels.preview.faces:
            textures.check_rgba(face)
            if face.shape[:2] != (edge, edge):
                raise RenderError(f"preview faces must be {edge}x{edge} (level {pixels.preview_level}), "
                                  f"not {face.shape[1]}x{face.shape[0]}")

    def upload(self, pixels: MultiresPixels, defer_mipmaps: bool = False) -> None:
        self.check(pixels)
        self._forget_tiles()
        if self.source is None or self.source.tile_resolution != pixels.source.tile_resolution:
            self._release_atlas()
        self.source, self.preview_level = pixels.source, pixels.preview_level
        self._make_page_table()
        self.pinned = self._preview_layers()
        if self.capacity < self._initial_layers():
            self._release_atlas()
            self._grow_atlas()
        self._pin_preview(pixels.preview.faces)
        self.level = self.preview_level
        self.status = StreamStatus(self.level, 0, 0, 0, 0)

    def _preview_layers(self) -> int:
        """The preview level's tiles, plus six whole faces where a finer tile may straddle two of them."""
        count = self.source.tiles_per_side(self.preview_level)
        return 6 * count * count + (6 if self._straddles() else 0)

    def _straddles(self) -> bool:
        return any((containing_tiles(self.source, level, self.preview_level) < 0).any()
                   for level in range(self.preview_level + 1, self.source.max_level + 1))

    def _pin_preview(self, faces: list[np.ndarray]) -> None:
        """Cut the preview faces into the preview level's tiles and keep them in layers 0.. for
        good: the page table then names a tile for every pixel, and the shader needs no cube map
        (its fetch cost llvmpipe a fifth of a frame). Where levels halve with rounding and a finer
        tile may straddle two preview tiles, each face whole (shrunk to a layer) holds it instead."""
        size, count = self.source.tile_resolution, self.source.tiles_per_side(self.preview_level)
        GL.glBindTexture(GL.GL_TEXTURE_2D_ARRAY, self.atlas)
        layer = 0
        for face_index, face in enumerate(faces):
            for row in range(count):
                for col in range(count):
                    tile = np.ascontiguousarray(face[row * size:(row + 1) * size, col * size:(col + 1) * size])
                    textures.upload_region_layer(tile, layer, Region(0, 0, 0, 0, tile.shape[1], tile.shape[0]))
                    self._grids[self.preview_level][face_index, row, col] = layer + 1
                    layer += 1
        self._whole_faces = None
        if layer < self.pinned:
            edge = min(faces[0].shape[0], size)
            for face_index, face in enumerate(faces):
                whole = np.asarray(Image.fromarray(face).resize((edge, edge), Image.Resampling.BOX))
                textures.upload_region_layer(np.ascontiguousarray(whole), layer + face_index,
                                             Region(0, 0, 0, 0, edge, edge))
            self._whole_faces = (layer, edge)
        self._pages_dirty = True
        self._free_layers = list(range(self.capacity - 1, self.pinned - 1, -1))

    def _make_page_table(self) -> None:
        source = self.source
        self._grids = {level: np.zeros((6, source.tiles_per_side(level), source.tiles_per_side(level)), np.int32)
                       for level in range(self.preview_level, source.max_level + 1)}
        if not self.pages:
            self.pages = textures.create_texture(GL.GL_TEXTURE_2D)
            for parameter in (GL.GL_TEXTURE_MIN_FILTER, GL.GL_TEXTURE_MAG_FILTER):
                GL.glTexParameteri(GL.GL_TEXTURE_2D, parameter, GL.GL_NEAREST)
        self._pages_dirty, self._pages_level = True, 0

    # -- streaming ------------------------------------------------------------------------------

    def prepare_frame(self, view_to_panorama: np.ndarray, width: int, height: int, hfov: float,
                      projection: Projection, upload_budget_s: float = UPLOAD_BUDGET_S) -> StreamStatus:
        """Choose the level, request and upload tiles, evict; context current. See the module doc."""
        source = self.source
        density = (width / 2.0) / _plane_half_extent(projection, hfov)
        self.level = max(level_for_density(source, density), self.preview_level)
        levels = range(self.preview_level + 1, self.level + 1)
        samples = sample_view(view_to_panorama, width, height, hfov, projection, PREFETCH_MARGIN)
        in_view = [key for level in levels for key in tiles_under(source, level, samples, in_view_only=True)]
        protected = set(in_view)  # never given up for another tile while this view shows
        nearby = [key for key in tiles_under(source, self.level, samples) if key not in protected]
        self._collect(protected.union(nearby))
        uploaded = self._upload_ready(upload_budget_s, protected)
        self._request(_finest_first(in_view) + nearby)  # after the uploads: refill the slots they freed
        for key in reversed(nearby + in_view):  # the most recently used last: in view, centre
            self.cache.touch(key)
        self._evict(protect=protected)
        self._flush_pages()
        target = [key for key in in_view if key.level == self.level]
        preview_edge = source.level_edge(self.preview_level)
        held = [self._page_entries[key.face, key.row, key.col, 1] > preview_edge for key in target]
        pending = len(self._decoding) + len(self._decoded)
        # A failed tile is done once a coarser tile shows there, or nothing more is coming.
        resident = sum(1 for key, shown in zip(target, held)
                       if key in self._layers or (key in self._failed and (shown or not pending)))
        complete = all(held) and self.level > self.preview_level
        self.status = StreamStatus(self.level, len(target), resident, uploaded, pending, complete)
        return self.status

    def holder(self, key: TileKey) -> TileKey | None:
        """The resident tile whose pixels show where ``key`` (a tile of the current level) is, as
        of the last frame: ``key`` itself, a coarser tile, or None where the preview shows."""
        layer, edge, x, y = self._page_entries[key.face, key.row, key.col]
        if layer <= self.pinned or key.level != self._pages_level:
            return None
        level = next(level for level in self._grids if self.source.level_edge(level) == int(edge))
        size = self.source.tile_resolution
        return TileKey(level, key.face, int(y) // size, int(x) // size)

    def tiles_ready(self) -> bool:
        """Whether a frame drawn now would make progress: decoded tiles wait for upload, or the
        view still lacks tiles and no decode is running (a frame requests the next ones)."""
        if self._decoded or any(future.done() for future in self._decoding.values()):
            return True
        return not self._decoding and not self.status.sharp

    def _request(self, keys: list[TileKey]) -> None:
        """Queue decodes for the first ``keys`` not yet resident, dropping work no longer wanted."""
        wanted = set(keys)
        for key, future in list(self._decoding.items()):
            if key not in wanted and future.cancel():
                del self._decoding[key]
        for key in keys:
            if len(self._decoding) >= MAX_DECODES_AHEAD:
                break
            if key in self._layers or key in self._decoding or key in self._decoded or key in self._failed:
                continue
            self._decoding[key] = self._pool.submit(self._decode, key)

    def _decode(self, key: TileKey) -> np.ndarray:
        x0, y0, x1, y1 = tile_rect(self.source, key)
        path = self.source.tile_file(key.level, key.face, key.row, key.col)
        return decode_tile(path, expected_size=(x1 - x0, y1 - y0), root=self.source.base, rgba=True)

    def _collect(self, wanted: set[TileKey]) -> None:
        """Take finished decodes; drop decoded tiles of a view already left (memory, not a tile to show)."""
        for key in [key for key in self._decoded if key not in wanted]:
            del self._decoded[key]
        for key, future in list(self._decoding.items()):
            if not future.done():
                continue
            del self._decoding[key]
            try:
                self._decoded[key] = future.result()
            except TileError as error:
                log.warning("%s; showing the coarser level there", error)
                self._failed.add(key)
            except Exception:  # noqa: BLE001 - a tile must never take the viewer down
                log.exception("decoding tile %s failed", key)
                self._failed.add(key)

    def _upload_ready(self, budget_s: float, protected: set[TileKey]) -> int:
        if not self._decoded:
            return 0
        started = time.perf_counter()
        count = 0
        for key in list(self._decoded):  # in request order: finest and most central first
            if count and time.perf_counter() - started > budget_s:
                break
            layer = self._take_layer(protected)
            GL.glBindTexture(GL.GL_TEXTURE_2D_ARRAY, self.atlas)
            rgba = self._decoded.pop(key)
            textures.upload_region_layer(rgba, layer, Region(0, 0, 0, 0, rgba.shape[1], rgba.shape[0]))
            self._layers[key] = layer
            self.cache.add(key, self._tile_bytes())
            self._set_page(key, layer + 1)
            count += 1
        return count

    def _take_layer(self, protected: set[TileKey]) -> int:
        """A free layer: a free one, else the least recently used tile's, else a larger array."""
        if not self._free_layers:
            key = self.cache.least_recent(protected)
            if key is not None:
                self.cache.remove(key)
                self._free(key)
            else:
                self._grow_atlas()  # this view alone needs more tiles than the array holds
        return self._free_layers.pop()

    def _tile_bytes(self) -> int:
        return self.source.tile_resolution ** 2 * 4

    def _grow_atlas(self) -> None:
        """Double the texture array (copying resident tiles on the GPU), up to what the budget allows."""
        size = self.source.tile_resolution
        most = max(self._initial_layers(), self.pinned + self.budget_bytes // self._tile_bytes() + 64)  # + what evict() may not free
        capacity = min(max(self._initial_layers(), self.capacity * 2), most, _max_layers())
        if capacity <= self.capacity:
            raise RenderError("the tile texture array is full")
        atlas = textures.create_texture(GL.GL_TEXTURE_2D_ARRAY)
        textures.set_sampling(GL.GL_TEXTURE_2D_ARRAY, GL.GL_CLAMP_TO_EDGE, GL.GL_CLAMP_TO_EDGE, 1)
        textures.allocate_array(size, size, capacity, 1)
        if self.atlas:
            GL.glCopyImageSubData(self.atlas, GL.GL_TEXTURE_2D_ARRAY, 0, 0, 0, 0,
                                  atlas, GL.GL_TEXTURE_2D_ARRAY, 0, 0, 0, 0, size, size, self.capacity)
            textures.delete_textures(self.atlas)
        self._free_layers = list(range(capacity - 1, self.capacity - 1, -1)) + self._free_layers
        self.atlas, self.capacity = atlas, capacity
        log.debug("tile atlas: %d layers of %d²", capacity, size)

    def _initial_layers(self) -> int:
        """The preview's layers plus :data:`ATLAS_BYTES` of tiles, or the budget's when smaller (at least 16)."""
        return self.pinned + max(16, min(ATLAS_BYTES, self.budget_bytes) // self._tile_bytes())

    def _evict(self, protect: set[TileKey]) -> None:
        for key in self.cache.evict(protect=protect):
            self._free(key)

    def _free(self, key: TileKey) -> None:
        self._free_layers.append(self._layers.pop(key))
        self._set_page(key, 0)

    def _set_page(self, key: TileKey, value: int) -> None:
        self._grids[key.level][key.face, key.row, key.col] = value
        self._pages_dirty = True

    def _flush_pages(self) -> None:
        """Rebuild and upload the page table when tiles came or went or the level changed."""
        if not self._pages_dirty and self._pages_level == self.level:
            return
        self._page_entries = page_entries(self.source, self.level, self.preview_level, self._grids, self._whole_faces)
        faces, count = self._page_entries.shape[:2]
        image = np.ascontiguousarray(self._page_entries.transpose(1, 0, 2, 3).reshape(count, faces * count, 4))
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.pages)
        GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)
        GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA32F, faces * count, count, 0, GL.GL_RGBA, GL.GL_FLOAT, image)
        self._pages_dirty, self._pages_level = False, self.level

    # -- drawing --------------------------------------------------------------------------------

    def bind(self, program: Program) -> None:
        GL.glActiveTexture(GL.GL_TEXTURE1)
        GL.glBindTexture(GL.GL_TEXTURE_2D_ARRAY, self.atlas)
        GL.glActiveTexture(GL.GL_TEXTURE2)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.pages)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        program.set("u_atlas", 1)
        program.set("u_pages", 2)
        program.set("u_edge", float(self.source.level_edge(self.level)))
        program.set("u_tiles", float(self.source.tiles_per_side(self.level)))
        program.set("u_tile_size", float(self.source.tile_resolution))

    # -- releasing ------------------------------------------------------------------------------

    def _forget_tiles(self) -> None:
        for future in self._decoding.values():
            future.cancel()
        self._decoding.clear()
        self._decoded.clear()
        self._failed.clear()
        self._layers.clear()
        self._free_layers = list(range(self.capacity - 1, -1, -1))
        self.cache = TileCache(self.budget_bytes)

    def _release_atlas(self) -> None:
        textures.delete_textures(self.atlas)
        self.atlas, self.capacity, self._free_layers = 0, 0, []

    def release(self) -> None:
        self._forget_tiles()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._release_atlas()
        textures.delete_textures(self.pages)
        self.pages = 0

    @property
    def gpu_bytes(self) -> int:
        atlas = self.capacity * self._tile_bytes() if self.atlas else 0
        return atlas + self._page_entries.nbytes


@dataclass(frozen=True)
class ViewSamples:
    """Where a grid of a view's rays lands on the cube, the ray nearest the view's centre first."""

    face: np.ndarray  # (n,) 0..5
    u: np.ndarray  # (n,) in [0, 1], across the face
    v: np.ndarray  # (n,) in [0, 1], down the face
    in_view: np.ndarray  # (n,) bool: the ray is in the view or within IN_VIEW_BAND_PX of it


def sample_view(view_to_panorama: np.ndarray, width: int, height: int, hfov: float, projection: Projection,
                margin: float = 0.0) -> ViewSamples:
    """Rays every :data:`SAMPLE_SPACING_PX` pixels, on the view's edges too, and beyond them by
    ``margin`` of the view's size (at least :data:`IN_VIEW_BAND_PX`) on each side. Cast once a
    frame for every level."""
    rays, in_view = _camera_samples(projection, width, height, float(hfov), margin)
    face, u, v = direction_to_face_uv(rays @ np.asarray(view_to_panorama).T)
    return ViewSamples(face, u, v, in_view)


@functools.lru_cache(maxsize=8)
def _camera_samples(projection: Projection, width: int, height: int, hfov: float,
                    margin: float) -> tuple[np.ndarray, np.ndarray]:
    """The grid's camera-space rays, centre first, and which are in view: the same for every
    frame of a pan (only the rotation changes), so made once."""
    grid_x, grid_y = np.meshgrid(_sample_positions(width, margin), _sample_positions(height, margin))
    rays = pixel_to_camera_ray(projection, grid_x, grid_y, width, height, hfov)
    valid = np.isfinite(rays).all(axis=-1)
    x, y = grid_x[valid], grid_y[valid]
    order = np.argsort(np.hypot(x - width / 2.0, y - height / 2.0), kind="stable")
    band = IN_VIEW_BAND_PX
    in_view = ((x >= -band) & (x <= width + band) & (y >= -band) & (y <= height + band))[order]
    rays = rays[valid][order]
    rays.flags.writeable = in_view.flags.writeable = False  # shared by every caller
    return rays, in_view


def _sample_positions(extent: int, margin: float) -> np.ndarray:
    inside = np.linspace(0.0, extent, max(2, round(extent / SAMPLE_SPACING_PX) + 1))
    pad = max(margin * extent, IN_VIEW_BAND_PX)
    before = np.linspace(-pad, 0.0, math.ceil(pad / SAMPLE_SPACING_PX) + 1)[:-1]
    return np.concatenate([before, inside, extent - before[::-1]])


def tiles_under(source: MultiresSource, level: int, samples: ViewSamples, in_view_only: bool = False) -> list[TileKey]:
    """The tiles of ``level`` that ``samples`` hit, the one nearest the view's centre first.

    A tile of the level a view needs covers at least tileResolution / 2 pixels (256 for the usual
    512), so none falls between rays, except the narrow tiles at face edges (what is left after
    whole tiles, e.g. 30 of 1054 pixels): those come with their neighbours
    (:func:`~vtour.io.multires.with_narrow_neighbours`). Vectorised: a millisecond or two, where an
    exact polygon test per tile cost tens of milliseconds at the fine levels, every frame of a pan.
    """
    face, u, v = samples.face, samples.u, samples.v
    if in_view_only:
        face, u, v = face[samples.in_view], u[samples.in_view], v[samples.in_view]
    edge, size, count = source.level_edge(level), source.tile_resolution, source.tiles_per_side(level)
    col = np.minimum(np.floor(u * edge).astype(np.int64) // size, count - 1)
    row = np.minimum(np.floor(v * edge).astype(np.int64) // size, count - 1)
    tile_face, tile_row, tile_col = with_narrow_neighbours(source, level, face, row, col)
    codes = (tile_face * count + tile_row) * count + tile_col
    unique, first = np.unique(codes, return_index=True)
    ordered = unique[np.argsort(first, kind="stable")]  # each tile where the ray nearest the centre found it
    return [TileKey(level, int(code // (count * count)), int(code // count % count), int(code % count))
            for code in ordered]


def page_entries(source: MultiresSource, level: int, preview_level: int, grids: dict[int, np.ndarray],
                 whole_faces: tuple[int, int] | None = None) -> np.ndarray:
    """The page table of ``level``: for each of its tiles, the finest resident tile holding it.

    ``grids[L]`` is ``(6, n, n)`` for each level from ``preview_level`` up: the array layer + 1 of
    each resident tile of level ``L``, 0 where none (the preview level's tiles are all resident).
    Returns ``(6, n, n, 4)`` float32 for ``level``'s tiles: the holding tile's layer + 1, the face
    edge of its level, and its top-left texel (x, y) in that level, which is all the shader needs
    to sample it. ``whole_faces`` (first layer, edge) holds what no tile holds alone (a tile
    straddling two coarser ones); without it such entries stay 0.
    """
    count = source.tiles_per_side(level)
    size = source.tile_resolution
    entries = np.zeros((6, count, count, 4), np.float32)
    unfilled = np.ones((6, count, count), bool)
    for coarser in range(level, preview_level - 1, -1):
        index = containing_tiles(source, level, coarser)
        inside = index >= 0
        safe = np.where(inside, index, 0)
        layers = grids[coarser][:, safe[:, None], safe[None, :]]
        hit = unfilled & (layers > 0) & inside[None, :, None] & inside[None, None, :]
        origin_x = np.broadcast_to((safe * size)[None, None, :], hit.shape)
        origin_y = np.broadcast_to((safe * size)[None, :, None], hit.shape)
        entries[hit] = np.stack([layers[hit], np.full(hit.sum(), source.level_edge(coarser)),
                                 origin_x[hit], origin_y[hit]], axis=-1)
        unfilled &= ~hit
        if not unfilled.any():
            return entries
    if whole_faces is not None:
        first, edge = whole_faces
        face = np.broadcast_to(np.arange(6)[:, None, None], unfilled.shape)
        entries[unfilled] = np.stack([first + face[unfilled] + 1.0, np.full(unfilled.sum(), edge),
                                      np.zeros(unfilled.sum()), np.zeros(unfilled.sum())], axis=-1)
    return entries


def _finest_first(keys: list[TileKey]) -> list[TileKey]:
    """Request order: the level the view needs, centre first, then the coarser ones (what shows
    where a tile is missing, and while a zoom out's own tiles decode)."""
    return sorted(keys, key=lambda key: -key.level)  # stable: keeps the centre-first order per level


def _plane_half_extent(projection: Projection, hfov: float) -> float:
    """The projection plane's half width for ``hfov``: screen density at the centre is width/2 over it."""
    return plane_extent(projection, clamp_hfov(projection, hfov), 2, 2)[0]


def _yield_to_rendering() -> None:
    """Run this decoder thread only on CPU time rendering leaves: on a two-core laptop with a
    software renderer (llvmpipe's threads want every core), decoders at normal priority made the
    frames while tiles stream 1.7 times slower; at SCHED_IDLE they cost the frame nothing
    measurable and still decode in the gaps between frames (docs/multires.md)."""
    thread = threading.get_native_id()
    try:
        os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))  # Linux
    except (AttributeError, OSError):
        try:
            os.setpriority(os.PRIO_PROCESS, thread, 19)  # other POSIX systems: the lowest nice
        except (AttributeError, OSError):
            pass  # Windows: normal priority


def _max_layers() -> int:
    return int(GL.glGetIntegerv(GL.GL_MAX_ARRAY_TEXTURE_LAYERS))


def _budget_from_environment() -> int:
    text = os.environ.get(GPU_BUDGET_ENV, "")
    try:
        megabytes = float(text) if text else DEFAULT_GPU_BUDGET_MB
    except ValueError:
        log.warning("ignoring %s=%r: not a number of megabytes", GPU_BUDGET_ENV, text)
        megabytes = DEFAULT_GPU_BUDGET_MB
    return int(max(16.0, megabytes) * 1024 * 1024)


ADAPTERS[MultiresPixels] = lambda pixels, resources: MultiresAdapter(resources)

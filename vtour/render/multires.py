"""Streaming tiled multi-resolution panoramas: the adapter behind ``"type": "multires"`` scenes.

What shows first is the coarse preview cube map that the loader assembled (a few dozen small
tiles: a first frame in well under the time a single 8K image takes to decode). Then, before each
frame, :meth:`MultiresAdapter.prepare_frame` picks the level the screen's pixel density needs,
asks worker threads to decode the visible tiles of that level (the view's centre first, and the
levels between the preview and it, so the view sharpens in steps), uploads decoded tiles within a
per-frame time budget so panning stays smooth, and evicts the least recently used tiles beyond a
GPU memory budget. The shader (``shaders/multires.glsl``) takes each pixel from the finest
resident tile over it. A missing or corrupt tile is logged once and never asked for again; the
coarser level shows there.

The thread pool only decodes (pure numpy work in :func:`vtour.io.multires.decode_tile`); every GL
call stays on the thread that owns the context.
"""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.geometry.projections import Projection, clamp_hfov, pixel_to_camera_ray, plane_extent
from vtour.io.multires import TileCache, TileError, TileKey, decode_tile, direction_to_tile, level_for_density, tile_rect
from vtour.io.panorama import MultiresPixels
from vtour.model.tour import MultiresSource
from vtour.render import textures
from vtour.render.adapters import ADAPTERS, CubeAdapter, PanoramaAdapter, RenderResources
from vtour.render.errors import RenderError
from vtour.render.program import Program
from vtour.render.textures import Region

log = logging.getLogger(__name__)

MAX_LEVELS = 16  # the page table's layers; Pannellum sets have far fewer
GPU_BUDGET_ENV = "VTOUR_TILE_BUDGET_MB"
DEFAULT_GPU_BUDGET_MB = 192
"""Tile texture memory kept at most (the preview cube map comes on top); ``VTOUR_TILE_BUDGET_MB``."""

UPLOAD_BUDGET_S = 0.008
"""Seconds of tile uploads a frame may spend (at least one tile goes up each frame)."""

PREFETCH_MARGIN = 0.1
"""Tiles this far outside the view (a fraction of its size, each side) are decoded too, so a slow
pan meets them ready."""

SAMPLE_SPACING_PX = 32
"""Screen spacing of the rays that find the visible tiles. A tile of the level the screen needs
covers at least tileResolution / 2 pixels (256 for the usual 512), so none falls between rays."""

MAX_DECODES_AHEAD = 16
"""Decodes queued or running at once: enough to keep the workers busy, few enough that a pan
does not leave a long queue of tiles nobody looks at any more (the queue is re-sorted each frame)."""

INITIAL_LAYERS = 64


@dataclass
class StreamStatus:
    """What one :meth:`MultiresAdapter.prepare_frame` found and did."""

    level: int  # the level the view needs
    wanted: int  # tiles of that level in view
    resident: int  # of those, on the GPU
    uploaded: int  # tiles uploaded this frame
    pending: int  # decodes queued or running, plus decoded tiles waiting for upload
    complete: bool = False  # every tile in view is on the GPU (none failed): the preview is not needed

    @property
    def sharp(self) -> bool:
        """Every tile the view needs is on the GPU (missing tiles that failed count as done)."""
        return self.resident >= self.wanted


class MultiresAdapter(PanoramaAdapter):
    """A preview cube map plus resident tiles in a texture array, found through a page table."""

    program_name = "multires"

    def __init__(self, resources: RenderResources, *, budget_bytes: int | None = None, workers: int | None = None):
        super().__init__(resources)
        self.preview = CubeAdapter(resources)
        self.source: MultiresSource | None = None
        self.preview_level = 0
        self.budget_bytes = budget_bytes if budget_bytes is not None else _budget_from_environment()
        self._pool = ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 2),
                                        thread_name_prefix="vtour-tiles")
        self._decoding: dict[TileKey, Future] = {}
        self._decoded: dict[TileKey, np.ndarray] = {}
        self._failed: set[TileKey] = set()
        self._layers: dict[TileKey, int] = {}  # resident tile -> atlas layer
        self._free_layers: list[int] = []
        self.cache = TileCache(self.budget_bytes)
        self.atlas = 0
        self.capacity = 0
        self.pages = 0
        self._page_table = np.zeros((1, 1, 1), np.float32)
        self._pages_dirty = False
        self.level = 1
        self.status = StreamStatus(1, 0, 0, 0, 0)

    # -- the panorama ---------------------------------------------------------------------------

    def check(self, pixels: MultiresPixels) -> None:
        self.preview.check(pixels.preview)
        size = pixels.source.tile_resolution
        if size > self.limits.max_texture_size:
            raise RenderError(f"tiles of {size}x{size} exceed this GPU's texture limit of {self.limits.max_texture_size}")
        if pixels.source.max_level > MAX_LEVELS:
            raise RenderError(f"{pixels.source.max_level} levels: at most {MAX_LEVELS} are supported")

    def upload(self, pixels: MultiresPixels, defer_mipmaps: bool = False) -> None:
        self.check(pixels)
        self._forget_tiles()
        self.preview.upload(pixels.preview, defer_mipmaps)
        if self.source is None or self.source.tile_resolution != pixels.source.tile_resolution:
            self._release_atlas()
        self.source, self.preview_level = pixels.source, pixels.preview_level
        self._make_page_table()
        if not self.atlas:
            self._grow_atlas()
        self.level = self.preview_level
        self.status = StreamStatus(self.level, 0, 0, 0, 0)

    @property
    def mipmaps_pending(self) -> bool:  # the preview's
        return self.preview.mipmaps_pending

    def complete_mipmaps(self) -> None:
        self.preview.complete_mipmaps()

    def _make_page_table(self) -> None:
        source = self.source
        most = source.tiles_per_side(source.max_level)
        self._page_table = np.zeros((source.max_level, most, 6 * most), np.float32)
        if self.pages:
            textures.delete_textures(self.pages)
        self.pages = textures.create_texture(GL.GL_TEXTURE_2D_ARRAY)
        for parameter in (GL.GL_TEXTURE_MIN_FILTER, GL.GL_TEXTURE_MAG_FILTER):
            GL.glTexParameteri(GL.GL_TEXTURE_2D_ARRAY, parameter, GL.GL_NEAREST)
        layers, height, width = self._page_table.shape
        GL.glTexImage3D(GL.GL_TEXTURE_2D_ARRAY, 0, GL.GL_R32F, width, height, layers, 0, GL.GL_RED, GL.GL_FLOAT,
                        self._page_table)
        self._pages_dirty = False

    # -- streaming ------------------------------------------------------------------------------

    def prepare_frame(self, view_to_panorama: np.ndarray, width: int, height: int, hfov: float,
                      projection: Projection, upload_budget_s: float = UPLOAD_BUDGET_S) -> StreamStatus:
        """Choose the level, request and upload tiles, evict; context current. See the module doc."""
        source = self.source
        density = (width / 2.0) / _plane_half_extent(projection, hfov)
        self.level = max(level_for_density(source, density), self.preview_level)
        wanted: list[TileKey] = []
        for level in range(self.preview_level + 1, self.level + 1):
            margin = PREFETCH_MARGIN if level == self.level else 0.0
            wanted += tiles_in_view(source, level, view_to_panorama, width, height, hfov, projection, margin)
        target = [key for key in wanted if key.level == self.level]
        uploaded = self._upload_ready(upload_budget_s)
        self._request(_finest_first(wanted))  # after the uploads: refill the slots they freed
        for key in wanted:
            self.cache.touch(key)
        self._evict(protect=wanted)
        self._flush_pages()
        on_gpu = sum(1 for key in target if key in self._layers)
        resident = on_gpu + sum(1 for key in target if key in self._failed)
        pending = len(self._decoding) + len(self._decoded)
        complete = on_gpu == len(target) and self.level > self.preview_level
        self.status = StreamStatus(self.level, len(target), resident, uploaded, pending, complete)
        return self.status

    def defines(self) -> dict[str, object]:
        # A program variant without the preview lookup (a third of a frame on llvmpipe) once the
        # view is whole; a uniform branch would cost both sides there.
        return {"TILES_ONLY": 1} if self.status.complete else {}

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
        for key in [key for key in self._decoded if key not in wanted]:
            del self._decoded[key]  # decoded for a view already left: memory, not a tile to show
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

    def _collect(self) -> None:
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

    def _upload_ready(self, budget_s: float) -> int:
        self._collect()
        if not self._decoded:
            return 0
        started = time.perf_counter()
        count = 0
        for key in list(self._decoded):  # in request order: finest and most central first
            if count and time.perf_counter() - started > budget_s:
                break
            self._upload_tile(key, self._decoded.pop(key))
            count += 1
        return count

    def _upload_tile(self, key: TileKey, rgba: np.ndarray) -> None:
        layer = self._take_layer()
        GL.glBindTexture(GL.GL_TEXTURE_2D_ARRAY, self.atlas)
        height, width = rgba.shape[:2]
        textures.upload_region_layer(rgba, layer, Region(0, 0, 0, 0, width, height))
        self._layers[key] = layer
        self.cache.add(key, self._tile_bytes())
        self._set_page(key, layer + 1)

    def _take_layer(self) -> int:
        if not self._free_layers:
            self._grow_atlas()
        return self._free_layers.pop()

    def _tile_bytes(self) -> int:
        return self.source.tile_resolution ** 2 * 4

    def _grow_atlas(self) -> None:
        """Double the texture array (copying resident tiles on the GPU), up to what the budget allows."""
        size = self.source.tile_resolution
        most = max(INITIAL_LAYERS, self.budget_bytes // self._tile_bytes() + 64)  # + what evict() may not free
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
        """Room for INITIAL_LAYERS tiles of 512² (more of smaller tiles): a full-screen view's tiles
        at two levels. llvmpipe clears new storage at about a millisecond per megabyte, so the first
        allocation is made with the preview (before the first frame), and growing later (a copy) is
        rare."""
        return max(INITIAL_LAYERS, INITIAL_LAYERS * 512 * 512 // self.source.tile_resolution ** 2)

    def _evict(self, protect: list[TileKey]) -> None:
        for key in self.cache.evict(protect=protect):
            layer = self._layers.pop(key)
            self._free_layers.append(layer)
            self._set_page(key, 0)

    def _set_page(self, key: TileKey, value: int) -> None:
        count = self.source.tiles_per_side(key.level)
        self._page_table[key.level - 1, key.row, key.face * count + key.col] = value
        self._pages_dirty = True

    def _flush_pages(self) -> None:
        if self._pages_dirty:
            GL.glBindTexture(GL.GL_TEXTURE_2D_ARRAY, self.pages)
            layers, height, width = self._page_table.shape
            GL.glTexSubImage3D(GL.GL_TEXTURE_2D_ARRAY, 0, 0, 0, 0, width, height, layers, GL.GL_RED, GL.GL_FLOAT,
                               self._page_table)
            self._pages_dirty = False

    # -- drawing --------------------------------------------------------------------------------

    def bind(self, program: Program) -> None:
        self.preview.bind(program)  # unit 0
        program.set("u_preview", 0)
        GL.glActiveTexture(GL.GL_TEXTURE1)
        GL.glBindTexture(GL.GL_TEXTURE_2D_ARRAY, self.atlas)
        GL.glActiveTexture(GL.GL_TEXTURE2)
        GL.glBindTexture(GL.GL_TEXTURE_2D_ARRAY, self.pages)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        program.set("u_atlas", 1)
        program.set("u_pages", 2)
        program.set("u_level", int(self.level))
        program.set("u_preview_level", int(self.preview_level))
        program.set("u_tile_size", int(self.source.tile_resolution))
        program.set("u_max_level", int(self.source.max_level))
        program.set("u_cube_resolution", int(self.source.cube_resolution))

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
        self.preview.release()
        self._release_atlas()
        textures.delete_textures(self.pages)
        self.pages = 0

    @property
    def gpu_bytes(self) -> int:
        atlas = self.capacity * self._tile_bytes() if self.atlas else 0
        return self.preview.gpu_bytes + atlas + self._page_table.nbytes


def tiles_in_view(source: MultiresSource, level: int, view_to_panorama: np.ndarray, width: int, height: int,
                  hfov: float, projection: Projection, margin: float = 0.0) -> list[TileKey]:
    """The tiles of ``level`` under a grid of the view's rays, the view's centre first.

    Rays every :data:`SAMPLE_SPACING_PX` pixels (and along the edges), the grid widened by
    ``margin`` of the view's size on each side. Vectorised: about a millisecond, where an exact
    polygon test per tile cost tens of milliseconds at the fine levels, every frame of a pan.
    """
    columns = max(2, round(width / SAMPLE_SPACING_PX) + 1)
    rows = max(2, round(height / SAMPLE_SPACING_PX) + 1)
    px = np.linspace(-margin * width, (1.0 + margin) * width, columns)
    py = np.linspace(-margin * height, (1.0 + margin) * height, rows)
    grid_x, grid_y = np.meshgrid(px, py)
    rays = pixel_to_camera_ray(projection, grid_x, grid_y, width, height, hfov)
    valid = np.isfinite(rays).all(axis=-1)
    directions = rays[valid] @ np.asarray(view_to_panorama).T
    face, row, col = direction_to_tile(source, level, directions)
    distance = np.hypot(grid_x[valid] - width / 2.0, grid_y[valid] - height / 2.0)
    count = source.tiles_per_side(level)
    codes = (face * count + row) * count + col
    codes = codes[np.argsort(distance, kind="stable")]
    unique, first = np.unique(codes, return_index=True)
    ordered = unique[np.argsort(first)]  # each tile where the ray nearest the centre found it
    return [TileKey(level, int(code // (count * count)), int(code // count % count), int(code % count))
            for code in ordered]


def _finest_first(keys: list[TileKey]) -> list[TileKey]:
    """Request order: the level the view needs, centre first, then the coarser ones (what a pan
    or a zoom out shows while its own tiles decode)."""
    return sorted(keys, key=lambda key: -key.level)  # stable: keeps the centre-first order per level


def _plane_half_extent(projection: Projection, hfov: float) -> float:
    """The projection plane's half width for ``hfov``: screen density at the centre is width/2 over it."""
    return plane_extent(projection, clamp_hfov(projection, hfov), 2, 2)[0]


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

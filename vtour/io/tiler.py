"""Build a Pannellum multi-resolution cube pyramid (``vtour tile``). No Qt, no GL.

Input: a full equirectangular panorama (2:1) or six square cube faces in
:data:`~vtour.model.tour.CUBE_FACE_ORDER`. Output, in a folder ``DIR``::

    DIR/tour.json                  a one-scene vtour tour (type "multires", basePath "tiles")
    DIR/tiles/config.json          the same set as a Pannellum configuration
    DIR/tiles/<level>/<s><y>_<x>.jpg   tiles: level 1 = coarsest, s = f r b l u d, y row, x column
    DIR/tiles/fallback/<s>.jpg     six whole faces at a low resolution

Layout and numbers follow Pannellum's ``utils/multires/generate.py`` so a set works in both viewers:

- **cubeResolution** (the face edge at the finest level) for an equirectangular image of width W
  is ``8 * floor(W / pi / 8)``: W / pi pixels make a face as dense at its centre as the
  panorama's equator (an equator of W pixels spans 2 pi, a face's centre has N / 2 pixels per
  radian), rounded down to a multiple of 8. For cube faces it is their edge.
- **levels**: the edge halves (integer division) from level to level down to the first level
  that fits in one tile; that is generate.py's ``ceil(log2(cube / tile)) + 1`` with its edge-case
  correction. ``tileResolution`` is ``min(--tile-size, cubeResolution)``, as there.
- The last row and column of tiles of a face are narrower (``edge - (n - 1) * tile``), not padded.
- Fallback faces are the level below the finest shrunk to at most 1024 pixels (generate.py's
  1024) -- the finest level itself when there is only one.

Resampling
----------
Face pixel ``(row i, column j)`` of an N x N face looks along ``a = 2 (j + 0.5) / N - 1`` (right),
``b = 1 - 2 (i + 0.5) / N`` (up) on the face plane: the faces cover the cube edge to edge, as a
renderer draws them (py360convert instead puts its edge pixels' centres on the cube edge). Full
resolution is sampled bilinearly from the panorama through Pillow's ``MESH`` transform: each
face is cut into cells on which the exact face-to-panorama mapping is replaced by the bilinear
interpolation of its values at the cell's corners; cells are split until that differs from the
exact mapping by at most :data:`MESH_TOLERANCE` pixels (checked at the edge midpoints and the
centre), and the few cells where it cannot (around the poles, where longitude turns round a
point) are sampled exactly with numpy. Near the poles an up or down face pixel covers
``tan |latitude|`` panorama pixels along a row, so rows beyond 45 degrees are first box-filtered
along the row with that width (without it the poles alias, as py360convert's do). Each coarser
level is the one above averaged 2 x 2 (an odd edge is shrunk to ``edge // 2`` by area averaging).

Memory and work
---------------
The panorama is decoded once (libjpeg-turbo through simplejpeg for JPEG, Pillow otherwise) into a
shared-memory file (``/dev/shm`` where it has room) as RGBX rows with a few columns of wrap-around
margin on each side, so worker processes read it without copies and a cell crossing the 180
degree seam stays in one piece. Work runs in ``jobs`` processes (:mod:`concurrent.futures`) as
small tasks: first the polar rows' prefilter; then, for each band of one tile row at full
resolution, one task for the four side faces (which share one mesh plan: they are the front face
turned by 90 degrees of yaw) and one for each of the up and down faces -- sample, write the band's
tiles, write the band averaged 2 x 2 into a second shared buffer holding every face at the level
below; last, one task per face for the coarser levels and the fallback face. A process holds one
band (tile size x face edge) at a time, so memory is about 4 bytes per input pixel for the
panorama and 1.5 for the half-resolution faces (both shared, counted once), plus 60-150 MB per
process: 0.9 GB (PSS) for a 16384 x 8192 panorama with two workers.

Workers are forked, before the panorama is decoded, when the caller is single-threaded on Linux
(the CLI); otherwise they start through ``forkserver`` or ``spawn``, which re-import the caller's
main module, so a script calling :func:`tile_panorama` with several jobs needs the usual
``if __name__ == "__main__":`` guard. SIGTERM and Ctrl+C let running tasks finish their tiles,
remove the shared buffers and leave the marker for a resume.

Complete or clearly incomplete
------------------------------
``DIR/tiles/.incomplete`` (a JSON record of the input files' sizes and modification times and of
the options) is written first, every tile is written to a temporary file and renamed into place,
``config.json`` and ``tour.json`` come last, and only then is the marker removed. A second run with
the same input and options resumes: tiles already there are kept (an empty file counts as
missing, stray temporary files are removed). A marker from other input or options, a finished set
or any other content in the way stop the run with an error naming the folder unless ``force``.

The tiler is a pure function of (input files, output folder, options), so an archive can spread it
over a cluster (dask, ray) one panorama per task.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import logging
import math
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from vtour.model.errors import ImageError
from vtour.model.tour import CUBE_FACE_ORDER

log = logging.getLogger(__name__)

FACE_LETTERS = tuple(name[0] for name in CUBE_FACE_ORDER)
"""Pannellum's face letters in :data:`CUBE_FACE_ORDER`: f r b l u d."""

TILES_DIR = "tiles"
TOUR_FILE = "tour.json"
CONFIG_FILE = "config.json"
MARKER_FILE = ".incomplete"
TILE_PATH = "/%l/%s%y_%x"
FALLBACK_PATH = "/fallback/%s"
EXTENSION = "jpg"
DEFAULT_TILE_SIZE = 512
DEFAULT_QUALITY = 90
MIN_TILE_SIZE, MAX_TILE_SIZE = 16, 4096  # the tour schema's tileResolution range
FALLBACK_MAX = 1024
MIN_CUBE_RESOLUTION = 16

MAX_INPUT_PIXELS = 65536 * 32768
"""Largest input accepted (2^31 pixels). Also what Pillow's ``Image.MAX_IMAGE_PIXELS`` is raised to
while the tiler opens its inputs: Pillow's default guard against decompression bombs (a warning
above 89.5 MP, an error above 179 MP) is made for web services taking untrusted uploads and would
warn about, or refuse, the 16384 x 8192 (134 MP) and larger panoramas this tool exists for. The
limit is restored afterwards; the real guard here is :func:`_check_memory`, which compares what the
decoded image needs with the memory available before any pixel is decoded."""

MESH_TOLERANCE = 0.1
"""Largest difference, in panorama pixels, allowed between a mesh cell's bilinear approximation of
the face-to-panorama mapping and the exact mapping (checked at the cell's edge midpoints and centre;
along a row beyond 45 degrees in units of the prefilter's box). A tenth of the bilinear kernel's
reach: invisible, while 0.05 needs 2.4 times the cells (160 000 instead of 67 000 for an 8K
panorama), and the cells' count is about a third of the sampling time."""

_MESH_START = 64  # first cell edge (face pixels)
_MESH_SMALLEST = 8  # cells this small that still fail are sampled exactly
_MARGIN = 256  # wrap-around columns on each side of the shared panorama rows
_MARKER_FORMAT = 1

Progress = Callable[[int, int], None]
"""``progress(tiles_done, tiles_total)``, called from the calling process as work completes."""


class TileError(Exception):
    """The output folder is in a state the tiler will not touch (the message names the folder), or
    the options cannot make a tile set; input problems raise :class:`ImageError` instead."""


# -- the pyramid's numbers ---------------------------------------------------------------------------


def cube_resolution_for(width: int) -> int:
    """Face edge for an equirectangular panorama ``width`` pixels wide: ``8 * floor(width / pi / 8)``
    (Pannellum's generate.py), so a face's centre is as dense as the panorama's equator."""
    return 8 * int(width / math.pi / 8)


def level_edges(cube_resolution: int, tile_size: int) -> tuple[int, ...]:
    """Face edge at levels 1 (coarsest) .. maxLevel: halved with integer division from
    ``cube_resolution`` until it fits in one tile (what generate.py's level count comes to)."""
    edges = [cube_resolution]
    while edges[-1] > tile_size:
        edges.append(edges[-1] // 2)
    return tuple(reversed(edges))


@dataclass(frozen=True)
class TilePlan:
    """The numbers of one tile set."""

    cube_resolution: int
    tile_resolution: int
    quality: int = DEFAULT_QUALITY

    @classmethod
    def create(cls, cube_resolution: int, tile_size: int = DEFAULT_TILE_SIZE,
               quality: int = DEFAULT_QUALITY) -> TilePlan:
        """A plan with ``tileResolution = min(tile_size, cube_resolution)``, as Pannellum does."""
        if not MIN_TILE_SIZE <= tile_size <= MAX_TILE_SIZE:
            raise TileError(f"tile size {tile_size} is outside {MIN_TILE_SIZE}..{MAX_TILE_SIZE}")
        if not 1 <= quality <= 100:
            raise TileError(f"JPEG quality {quality} is outside 1..100")
        if cube_resolution < MIN_CUBE_RESOLUTION:
            raise TileError(f"a cube face of {cube_resolution} pixels is too small to tile "
                            f"(at least {MIN_CUBE_RESOLUTION})")
        return cls(cube_resolution, max(MIN_TILE_SIZE, min(tile_size, cube_resolution)), quality)

    @property
    def edges(self) -> tuple[int, ...]:
        return level_edges(self.cube_resolution, self.tile_resolution)

    @property
    def max_level(self) -> int:
        return len(self.edges)

    def edge(self, level: int) -> int:
        return self.edges[level - 1]

    def tiles_per_side(self, level: int) -> int:
        return -(-self.edge(level) // self.tile_resolution)

    @property
    def fallback_source_level(self) -> int:
        return max(1, self.max_level - 1)

    @property
    def fallback_size(self) -> int:
        return min(FALLBACK_MAX, self.edge(self.fallback_source_level))

    def tile_count(self) -> int:
        """Every tile of every face and level, plus the six fallback faces."""
        return 6 * sum(self.tiles_per_side(level) ** 2 for level in range(1, self.max_level + 1)) + 6

    def multires(self, base_path: str) -> dict:
        """The tour format's (and Pannellum's) ``multires`` block."""
        return {
            "basePath": base_path,
            "path": TILE_PATH,
            "fallbackPath": FALLBACK_PATH,
            "extension": EXTENSION,
            "tileResolution": self.tile_resolution,
            "maxLevel": self.max_level,
            "cubeResolution": self.cube_resolution,
        }


def tile_name(level: int, face: int, row: int, column: int) -> str:
    """Path of a tile relative to the tiles folder: ``3/f1_2.jpg``."""
    return f"{level}/{FACE_LETTERS[face]}{row}_{column}.{EXTENSION}"


def fallback_name(face: int) -> str:
    return f"fallback/{FACE_LETTERS[face]}.{EXTENSION}"


@dataclass
class TileResult:
    """What :func:`tile_panorama` / :func:`tile_cube_faces` made."""

    out_dir: Path
    tour_path: Path
    config_path: Path
    plan: TilePlan
    tiles_written: int
    tiles_kept: int  # already there from an interrupted run
    seconds: float
    input_pixels: int
    resumed: bool
    jobs: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def megapixels_per_second(self) -> float:
        return self.input_pixels / 1e6 / self.seconds if self.seconds > 0 else float("inf")


# -- entry points -------------------------------------------------------------------------------------


def tile_panorama(path: str | os.PathLike, out_dir: str | os.PathLike, *, tile_size: int = DEFAULT_TILE_SIZE,
                  quality: int = DEFAULT_QUALITY, jobs: int | None = None, force: bool = False,
                  progress: Progress | None = None) -> TileResult:
    """Tile a full equirectangular panorama into ``out_dir`` (see the module docstring).

    Raises
    ------
    ImageError
        The panorama is missing, unreadable, corrupt, not 2:1 or too small; the message names it.
    TileError
        ``out_dir`` holds a finished set, another run's unfinished set or other files in the way
        (and ``force`` is false), or the options are out of range.
    """
    path = Path(path)
    width, height = _read_header(path)
    if width != 2 * height:
        raise ImageError(f"{path}: {width}x{height} is not a full equirectangular panorama "
                         "(the width must be twice the height)")
    cube = cube_resolution_for(width)
    if cube < MIN_CUBE_RESOLUTION:
        raise ImageError(f"{path}: {width}x{height} is too small to tile (at least 64x32)")
    plan = TilePlan.create(cube, tile_size, quality)
    job = _EquirectJob(path, width, height, plan)
    return _run(job, [path], Path(out_dir), plan, "equirectangular", force, jobs, progress, path.stem)


def tile_cube_faces(paths: Sequence[str | os.PathLike], out_dir: str | os.PathLike, *,
                    tile_size: int = DEFAULT_TILE_SIZE, quality: int = DEFAULT_QUALITY, jobs: int | None = None,
                    force: bool = False, progress: Progress | None = None) -> TileResult:
    """Tile six square cube faces (front, right, back, left, up, down: Pannellum's cube-map
    orientation, as a vtour ``cube`` scene's faces) into ``out_dir``. Raises as :func:`tile_panorama`."""
    paths = [Path(p) for p in paths]
    if len(paths) != len(CUBE_FACE_ORDER):
        raise ImageError(f"a cube needs {len(CUBE_FACE_ORDER)} faces ({', '.join(CUBE_FACE_ORDER)}), not {len(paths)}")
    size = None
    for name, face_path in zip(CUBE_FACE_ORDER, paths):
        width, height = _read_header(face_path)
        if width != height:
            raise ImageError(f"{face_path}: the {name} face is {width}x{height}, not square")
        if size is not None and width != size:
            raise ImageError(f"{face_path}: the {name} face is {width}x{height}; the front face is {size}x{size} "
                             "(all faces must be the same size)")
        size = width
    plan = TilePlan.create(size, tile_size, quality)
    stem = _common_stem(paths)
    return _run(_FacesJob(paths, plan), paths, Path(out_dir), plan, "cube", force, jobs, progress, stem)


def _common_stem(paths: Sequence[Path]) -> str:
    """A name for a cube: the faces' common file-name prefix (``hall_f.jpg`` ... -> ``hall``), else
    their folder's name."""
    prefix = os.path.commonprefix([p.stem for p in paths]).rstrip("_-. ")
    return prefix or paths[0].resolve().parent.name or "panorama"


# -- reading inputs ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _pillow_pixel_limit(limit: int = MAX_INPUT_PIXELS) -> Iterator[None]:
    """Raise Pillow's decompression-bomb limit while the tiler opens its own inputs (see
    :data:`MAX_INPUT_PIXELS`), restoring it afterwards."""
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def _read_header(path: Path) -> tuple[int, int]:
    """(width, height) from the file header; ImageError naming the file for anything unreadable."""
    try:
        with _pillow_pixel_limit(), Image.open(path) as image:
            width, height = image.size
    except FileNotFoundError:
        raise ImageError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ImageError(f"{path}: is a folder, not an image") from None
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ImageError(f"{path}: not a readable image ({exc.__class__.__name__})") from None
    except OSError as exc:
        if exc.errno is not None:  # permissions, I/O errors
            raise ImageError(f"{path}: cannot read: {exc.strerror or exc}") from None
        raise ImageError(f"{path}: corrupt or truncated image ({exc})") from None
    except (ValueError, SyntaxError) as exc:
        raise ImageError(f"{path}: corrupt or truncated image ({exc})") from None
    if width * height > MAX_INPUT_PIXELS:
        raise ImageError(f"{path}: {width}x{height} is larger than the {MAX_INPUT_PIXELS // 1_000_000} MP "
                         "the tiler reads")
    return width, height


def _check_memory(path: Path, needed: int) -> None:
    try:
        import psutil

        available = psutil.virtual_memory().available
    except Exception:  # pragma: no cover - psutil is a dependency, but memory is only a courtesy check
        return
    if needed > available:
        raise ImageError(f"{path}: decoding it needs about {needed / 2**30:.1f} GiB of memory and "
                         f"{available / 2**30:.1f} GiB are available")


def _decode_rgbx(path: Path, out: np.ndarray | None = None) -> np.ndarray:
    """Decode ``path`` to ``(h, w, 4)`` uint8 RGBX (alpha dropped), into ``out``'s memory when given
    (its first ``h * w * 4`` bytes, C order). ImageError naming the file when it is corrupt."""
    data = None
    try:
        with open(path, "rb") as handle:
            head = handle.read(3)
            if head == b"\xff\xd8\xff":
                handle.seek(0)
                data = handle.read()
    except OSError as exc:
        raise ImageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if data is not None:
        import simplejpeg

        try:
            buffer = None if out is None else out.reshape(-1)
            return simplejpeg.decode_jpeg(data, colorspace="RGBX", buffer=buffer)
        except ValueError:
            pass  # CMYK, arithmetic coding, or corrupt: Pillow tells which
        finally:
            del data
    try:
        with _pillow_pixel_limit(), Image.open(path) as image:
            image.load()
            rgb = _to_rgb(image)
            width, height = rgb.size
            if out is None:
                target = np.empty((height, width, 4), np.uint8)
            else:
                target = out.reshape(-1)[: height * width * 4].reshape(height, width, 4)
            for top in range(0, height, 256):  # strips: no second full-size copy
                bottom = min(height, top + 256)
                target[top:bottom, :, :3] = np.asarray(rgb.crop((0, top, width, bottom)))
            target[..., 3] = 255
            return target
    except ImageError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ImageError(f"{path}: not a readable image") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageError(f"{path}: corrupt or truncated image ({exc})") from None


def _to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB; 16-bit and float greyscale (which Pillow will not convert to RGB) scaled to 0..255."""
    if image.mode == "RGB":
        return image
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        values = np.asarray(image, dtype=np.float32)
        top = 65535.0 if image.mode.startswith("I;16") or values.max() > 255 else 255.0
        grey = Image.fromarray(np.clip(values * (255.0 / top) + 0.5, 0, 255).astype(np.uint8))
        return grey.convert("RGB")
    return image.convert("RGB")


# -- geometry ----------------------------------------------------------------------------------------


def face_directions(face: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """World directions (x right, y up, -z ahead: yaw 0 looks along -z, yaw 90 along +x) of the
    face-plane points ``a`` (right) / ``b`` (up) in [-1, 1] of face ``face`` (CUBE_FACE_ORDER index).
    Seen from the centre, the up face's top edge points to yaw 180 and the down face's to yaw 0."""
    one = np.ones_like(a)
    if face == 0:
        return a, b, -one
    if face == 1:
        return one, b, a
    if face == 2:
        return -a, b, one
    if face == 3:
        return -one, b, -a
    if face == 4:
        return a, one, b
    if face == 5:
        return a, -one, -b
    raise ValueError(f"face index {face} is not 0..5")


def face_to_equirect(face: int, columns: np.ndarray, rows: np.ndarray, edge: int, width: int, height: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Continuous panorama coordinates (pixel k's centre at k + 0.5; x in [0, width)) of the
    continuous face coordinates ``columns``/``rows`` in [0, edge] (face pixel j's centre at j + 0.5)."""
    a = 2.0 * np.asarray(columns, np.float64) / edge - 1.0
    b = 1.0 - 2.0 * np.asarray(rows, np.float64) / edge
    x, y, z = face_directions(face, a, b)
    yaw = np.arctan2(x, -z)
    pitch = np.arctan2(y, np.hypot(x, z))
    return (yaw / (2 * np.pi) + 0.5) % 1.0 * width, (0.5 - pitch / np.pi) * height


@dataclass
class _BandPlan:
    """How to sample one band of face rows: Pillow mesh cells plus pixels sampled exactly."""

    boxes: np.ndarray  # (n, 4) int: c0, r0, c1, r1 of each cell, rows relative to the band
    quads: np.ndarray  # (n, 8): x, y of its corners ul, ll, lr, ur in the row window (margin included)
    exact_columns: np.ndarray  # face pixel columns / band-relative rows sampled exactly
    exact_rows: np.ndarray
    row_window: tuple[int, int]  # panorama rows [top, bottom) the mesh reads


def plan_band(face: int, edge: int, top: int, bottom: int, width: int, height: int, margin: int = _MARGIN,
              tolerance: float = MESH_TOLERANCE) -> _BandPlan:
    """Cut face rows ``[top, bottom)`` into mesh cells on which the bilinear interpolation of the
    corner coordinates is within ``tolerance`` panorama pixels of the exact mapping."""
    def cuts(lo: int, hi: int) -> np.ndarray:
        return np.unique(np.r_[np.arange(lo, hi, _MESH_START), hi])

    cols, rows = cuts(0, edge), cuts(top, bottom)
    c0, r0 = (g.ravel() for g in np.meshgrid(cols[:-1], rows[:-1]))
    c1, r1 = (g.ravel() for g in np.meshgrid(cols[1:], rows[1:]))
    accepted: list[np.ndarray] = []  # rows of c0 r0 c1 r1 + 8 quad coordinates
    exact_cells: list[tuple[int, int, int, int]] = []
    half = edge / 2
    while c0.size:
        cm, rm = (c0 + c1) / 2, (r0 + r1) / 2
        # corners ul, ll, lr, ur (Pillow's quad order), then top, bottom, left, right midpoints, centre
        pc = np.stack([c0, c0, c1, c1, cm, cm, c0, c1, cm], axis=1).astype(np.float64)
        pr = np.stack([r0, r1, r1, r0, r0, r1, rm, rm, rm], axis=1).astype(np.float64)
        x, y = face_to_equirect(face, pc, pr, edge, width, height)
        x = x[:, :1] + (x - x[:, :1] + width / 2) % width - width / 2  # unwrap relative to the first corner
        x = x - np.floor(x.min(axis=1, keepdims=True) / width) * width  # leftmost point in [0, width)
        predicted_x = np.stack([(x[:, 0] + x[:, 3]) / 2, (x[:, 1] + x[:, 2]) / 2, (x[:, 0] + x[:, 1]) / 2,
                                (x[:, 2] + x[:, 3]) / 2, x[:, :4].mean(axis=1)], axis=1)
        predicted_y = np.stack([(y[:, 0] + y[:, 3]) / 2, (y[:, 1] + y[:, 2]) / 2, (y[:, 0] + y[:, 1]) / 2,
                                (y[:, 2] + y[:, 3]) / 2, y[:, :4].mean(axis=1)], axis=1)
        # Along a row the panorama is box-filtered tan|latitude| pixels wide beyond 45 degrees, so an
        # error in x counts in units of that width there (it lets cells near the poles stay large).
        latitude = np.abs(0.5 - y[:, :4] / height).min(axis=1) * np.pi
        row_box = np.where(latitude > np.pi / 4, np.tan(np.minimum(latitude, 1.5707)), 1.0)
        miss = np.maximum(np.abs(predicted_x - x[:, 4:]) / row_box[:, None], np.abs(predicted_y - y[:, 4:]))
        error = miss.max(axis=1)
        span = x.max(axis=1) - x.min(axis=1)
        ok = (error <= tolerance) & (span < margin - 2)
        if face >= 4:  # a cell holding the pole maps to a whole row of longitudes
            ok &= ~((c0 <= half) & (half <= c1) & (r0 <= half) & (half <= r1))
        if ok.any():
            accepted.append(np.column_stack([c0[ok], r0[ok], c1[ok], r1[ok], x[ok, 0], y[ok, 0], x[ok, 1], y[ok, 1],
                                             x[ok, 2], y[ok, 2], x[ok, 3], y[ok, 3]]))
        bad = ~ok
        small = bad & (c1 - c0 <= _MESH_SMALLEST) & (r1 - r0 <= _MESH_SMALLEST)
        exact_cells.extend(zip(c0[small].tolist(), r0[small].tolist(), c1[small].tolist(), r1[small].tolist()))
        split = bad & ~small
        # Split across the direction that bends: the top/bottom midpoints miss when the mapping curves
        # along a row of the face, the left/right ones when it curves along a column; both otherwise.
        along_row = miss[:, :2].max(axis=1) > tolerance / 2
        along_column = miss[:, 2:4].max(axis=1) > tolerance / 2
        neither = ~(along_row | along_column)
        split_columns = (along_row | neither) & (c1 - c0 > 1)
        split_rows = (along_column | neither) & (r1 - r0 > 1)
        split_rows |= split & ~split_columns & ~split_rows  # a one-pixel-wide cell can only be cut across
        c0, r0, c1, r1 = c0[split], r0[split], c1[split], r1[split]
        split_columns, split_rows = split_columns[split], split_rows[split]
        cmid = np.where(split_columns, (c0 + c1) // 2, c1)
        rmid = np.where(split_rows, (r0 + r1) // 2, r1)
        c0, r0, c1, r1 = (np.concatenate(parts) for parts in zip((c0, r0, cmid, rmid), (cmid, r0, c1, rmid),
                                                                  (c0, rmid, cmid, r1), (cmid, rmid, c1, r1)))
        keep = (c1 > c0) & (r1 > r0)
        c0, r0, c1, r1 = c0[keep], r0[keep], c1[keep], r1[keep]

    cells = np.concatenate(accepted) if accepted else np.zeros((0, 12))
    if exact_cells:
        ec = [np.arange(a, c) for a, _, c, _ in exact_cells]
        er = [np.arange(b, d) for _, b, _, d in exact_cells]
        exact_columns = np.concatenate([np.tile(col, len(row)) for col, row in zip(ec, er)])
        exact_rows = np.concatenate([np.repeat(row, len(col)) for col, row in zip(ec, er)])
    else:
        exact_columns = exact_rows = np.zeros(0, np.int64)
    ys = cells[:, 5::2]
    window_top = max(0, int(math.floor(ys.min())) - 2) if len(cells) else 0
    window_bottom = min(height, int(math.ceil(ys.max())) + 3) if len(cells) else 0
    offsets = np.array([margin, -window_top] * 4, np.float64)
    quads = cells[:, 4:] + offsets
    boxes = cells[:, :4].astype(np.int64) - np.array([0, top, 0, top])
    return _BandPlan(boxes, quads, exact_columns, exact_rows - top, (window_top, window_bottom))


def turn_side_plan(plan: _BandPlan, quarter_turns: int, width: int, margin: int) -> _BandPlan:
    """Face 0's (front's) plan for a band made into face ``quarter_turns``'s (right, back, left):
    those faces are the front turned by 90 degrees of yaw each, so their panorama columns are the
    front's moved by a quarter of the width (each cell kept with its leftmost point in [0, width))."""
    quads = plan.quads.copy()
    xs = quads[:, 0::2] + quarter_turns * width / 4
    xs -= np.where(xs.min(axis=1, keepdims=True) - margin >= width, width, 0)
    quads[:, 0::2] = xs
    return _BandPlan(plan.boxes, quads, plan.exact_columns, plan.exact_rows, plan.row_window)


def _mesh_transform(image: Image.Image, size: tuple[int, int], boxes: np.ndarray, quads: np.ndarray) -> Image.Image:
    """Pillow's ``MESH`` transform (bilinear) of ``image`` for the cells ``boxes``/``quads``.

    Calls the per-cell core transform Image.transform uses, with the quad coefficients computed for
    all cells at once: that halves the time of a band (Image.transform spends as long in Python
    per cell as in C). Falls back to the public call if Pillow's internals ever change."""
    out = Image.new(image.mode, size)
    width = (boxes[:, 2] - boxes[:, 0]).astype(np.float64)
    height = (boxes[:, 3] - boxes[:, 1]).astype(np.float64)
    coefficients = []
    for first in (0, 1):  # x, then y: as Image.transform's QUAD (corners nw, sw, se, ne)
        nw, sw, se, ne = (quads[:, 2 * corner + first] for corner in range(4))
        coefficients += [nw, (ne - nw) / width, (sw - nw) / height, (se - sw - ne + nw) / (width * height)]
    coefficients = np.stack(coefficients, axis=1)
    try:
        core_out, core_in = out.im, image.im
        quad, bilinear = int(Image.Transform.QUAD), int(Image.Resampling.BILINEAR)
        for box, data in zip(boxes.tolist(), coefficients.tolist()):
            core_out.transform(tuple(box), core_in, quad, tuple(data), bilinear, 1)
        return out
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - Pillow internals changed
        mesh = [(tuple(box), tuple(quad)) for box, quad in zip(boxes.tolist(), quads.tolist())]
        return image.transform(size, Image.Transform.MESH, mesh, Image.Resampling.BILINEAR)


def _sample_exact(source: np.ndarray, x: np.ndarray, y: np.ndarray, width: int, margin: int) -> np.ndarray:
    """Bilinear samples ``(n, 4)`` of the padded panorama at continuous coordinates ``x``/``y``."""
    height = source.shape[0]
    xs, ys = x - 0.5, y - 0.5
    x0, y0 = np.floor(xs), np.floor(ys)
    fx, fy = (xs - x0)[:, None], (ys - y0)[:, None]
    x0 = (x0.astype(np.int64) % width) + margin
    y0 = y0.astype(np.int64)
    ya, yb = np.clip(y0, 0, height - 1), np.clip(y0 + 1, 0, height - 1)
    p00, p01 = source[ya, x0].astype(np.float32), source[ya, x0 + 1].astype(np.float32)
    p10, p11 = source[yb, x0].astype(np.float32), source[yb, x0 + 1].astype(np.float32)
    top = p00 + (p01 - p00) * fx
    bottom = p10 + (p11 - p10) * fx
    return np.clip(top + (bottom - top) * fy + 0.5, 0, 255).astype(np.uint8)


def prefilter_row_width(row: int, height: int) -> float:
    """Box width (panorama pixels) for row ``row``: ``tan |latitude|`` beyond 45 degrees plus two
    rows (an up or down face pixel's extent along the row there), 1 (no filtering) elsewhere."""
    latitude = abs(0.5 - (row + 0.5) / height) * math.pi
    if latitude <= math.pi / 4 + 2 * math.pi / height:
        return 1.0
    return math.tan(min(latitude, math.pi / 2 - 1e-9))


def box_filter_row(row: np.ndarray, box: float) -> np.ndarray:
    """``row`` (W, C) uint8, box-filtered circularly with a box ``box`` pixels wide centred on each
    pixel (the exact area average over the piecewise-constant row): ``(W, C)`` uint8."""
    width = row.shape[0]
    box = min(box, float(width))
    reach = int(math.ceil(box / 2)) + 1
    # channel-major, so the running sums run along contiguous memory; sums of uint8 are exact
    # integers in float32 below 2^24 / 255 = 65793 values
    kind = np.float32 if width + 2 * reach < 65793 else np.float64
    planes = np.ascontiguousarray(row.T, dtype=kind)
    ext = np.concatenate([planes[:, -reach:], planes, planes[:, :reach]], axis=1)
    total = np.zeros((ext.shape[0], ext.shape[1] + 1), kind)
    np.cumsum(ext, axis=1, out=total[:, 1:])

    def integral(offset: float) -> np.ndarray:  # S(x + 0.5 + offset) for every pixel x of the row
        position = reach + 0.5 + offset
        whole = int(math.floor(position))
        part = kind(position - whole)
        return total[:, whole:whole + width] + part * ext[:, whole:whole + width]

    filtered = (integral(box / 2) - integral(-box / 2)) * kind(1.0 / box) + kind(0.5)
    return np.clip(filtered, 0, 255).astype(np.uint8).T


def pad_panorama(rgbx: np.ndarray, margin: int = _MARGIN) -> np.ndarray:
    """An ``(H, W + 2 margin, 4)`` copy of an ``(H, W, 4)`` panorama with wrap-around margins (the
    layout :func:`sample_face_rows` reads; the tiler builds it in shared memory instead)."""
    height, width = rgbx.shape[:2]
    margin = min(margin, width)
    padded = np.empty((height, width + 2 * margin, 4), np.uint8)
    padded[:, margin:margin + width] = rgbx
    padded[:, :margin] = rgbx[:, width - margin:]
    padded[:, margin + width:] = rgbx[:, :margin]
    return padded


def prefilter_rows(padded: np.ndarray, width: int, margin: int, top: int = 0, bottom: int | None = None) -> None:
    """Box-filter rows ``[top, bottom)`` of a padded panorama in place with
    :func:`prefilter_row_width` and refresh their margins.

    Pillow's ``BoxBlur`` does the work (its fractional radius r is exactly a box 2 r + 1 pixels
    wide over the piecewise-constant row, and it is three times faster than the numpy running
    sums); the margins provide the wrap-around. Rows nearer the poles, whose box is wider than the
    margins, go through :func:`box_filter_row`."""
    from PIL import ImageFilter

    height, stride = padded.shape[:2]
    for row in range(top, height if bottom is None else bottom):
        box = prefilter_row_width(row, height)
        if box <= 1.0:
            continue
        blurred = None
        if (box - 1) / 2 + 1 < margin:
            line = Image.frombuffer("RGBX", (stride, 1), np.ascontiguousarray(padded[row:row + 1]), "raw", "RGBX", 0, 1)
            try:
                blurred = np.asarray(line.filter(ImageFilter.BoxBlur(((box - 1) / 2, 0))))
            except (TypeError, ValueError):  # pragma: no cover - Pillow < 10.1 takes one radius only
                pass
            del line
        if blurred is not None:
            padded[row, margin:margin + width] = blurred[0, margin:margin + width]
        else:
            padded[row, margin:margin + width, :3] = box_filter_row(padded[row, margin:margin + width, :3], box)
        padded[row, :margin] = padded[row, width:width + margin]
        padded[row, margin + width:] = padded[row, margin:2 * margin]


def sample_face_rows(padded: np.ndarray, width: int, margin: int, face: int, edge: int, top: int, bottom: int,
                     plan: _BandPlan | None = None) -> np.ndarray:
    """Rows ``[top, bottom)`` of face ``face`` (``edge`` pixels square) sampled from a padded,
    prefiltered panorama: ``(bottom - top, edge, 4)`` uint8 RGBX. ``plan`` is
    :func:`plan_band`'s (computed when not given)."""
    height = padded.shape[0]
    stride = padded.shape[1]
    if plan is None:
        plan = plan_band(face, edge, top, bottom, width, height, margin)
    window_top, window_bottom = plan.row_window
    if len(plan.boxes):
        rows = np.ascontiguousarray(padded[window_top:window_bottom])
        image = Image.frombuffer("RGBX", (stride, window_bottom - window_top), rows, "raw", "RGBX", 0, 1)
        result = _mesh_transform(image, (edge, bottom - top), plan.boxes, plan.quads)
        del image, rows
        band = np.array(result)
        del result
    else:
        band = np.zeros((bottom - top, edge, 4), np.uint8)
    if plan.exact_columns.size:
        x, y = face_to_equirect(face, plan.exact_columns + 0.5, plan.exact_rows + top + 0.5, edge, width, height)
        band[plan.exact_rows, plan.exact_columns] = _sample_exact(padded, x, y, width, margin)
    return band


def equirect_to_cube(image: np.ndarray, edge: int | None = None) -> list[np.ndarray]:
    """Six ``(edge, edge, 3)`` uint8 faces (CUBE_FACE_ORDER) of an in-memory equirectangular
    ``(H, 2H, 3 or 4)`` uint8 image, resampled as the tiler does (``edge`` defaults to
    :func:`cube_resolution_for`). Meant for small images and tests; the tiler streams."""
    height, width = image.shape[:2]
    rgbx = np.empty((height, width, 4), np.uint8)
    rgbx[..., :3] = image[..., :3]
    rgbx[..., 3] = 255
    padded = pad_panorama(rgbx)
    margin = (padded.shape[1] - width) // 2
    prefilter_rows(padded, width, margin)
    edge = edge or cube_resolution_for(width)
    return [sample_face_rows(padded, width, margin, face, edge, 0, edge)[..., :3].copy() for face in range(6)]


# -- writing ----------------------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes, sync: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _tile_done(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _encode(pixels: np.ndarray, quality: int) -> bytes:
    import simplejpeg

    return simplejpeg.encode_jpeg(np.ascontiguousarray(pixels), quality=quality, colorspace="RGBX",
                                  colorsubsampling="420")


def _write_tile_rows(tiles_dir: Path, plan: TilePlan, level: int, face: int, pixels: np.ndarray, first_row: int,
                     resume: bool) -> int:
    """Write the tiles of ``pixels`` (whole tile rows of one face and level starting at tile row
    ``first_row``, RGBX); the number written (tiles already there are kept when resuming)."""
    size = plan.tile_resolution
    written = 0
    for row in range(-(-pixels.shape[0] // size)):
        for column in range(-(-pixels.shape[1] // size)):
            target = tiles_dir / tile_name(level, face, first_row + row, column)
            if resume and _tile_done(target):
                continue
            tile = pixels[row * size:(row + 1) * size, column * size:(column + 1) * size]
            _write_atomically(target, _encode(tile, plan.quality))
            written += 1
    return written


def _halve(image: Image.Image) -> Image.Image:
    """The next coarser level: 2 x 2 averages; an odd edge shrinks to ``edge // 2`` by area averaging."""
    edge = image.width
    if edge % 2 == 0:
        return image.reduce(2)
    return image.resize((edge // 2, edge // 2), Image.Resampling.BOX)


def _rgbx_image(pixels: np.ndarray) -> Image.Image:
    height, width = pixels.shape[:2]
    return Image.frombuffer("RGBX", (width, height), np.ascontiguousarray(pixels), "raw", "RGBX", 0, 1)


def _write_pyramid(tiles_dir: Path, plan: TilePlan, face: int, image: Image.Image, level: int, resume: bool) -> int:
    """Write levels ``level`` .. 1 of ``face`` from ``image`` (the face at ``level``) and the
    fallback face; the number of files written."""
    written = 0
    for current in range(level, 0, -1):
        if current < level:
            image = _halve(image)
        assert image.width == plan.edge(current), (image.width, plan.edge(current))
        if not resume or not _level_done(tiles_dir, plan, current, face):
            written += _write_tile_rows(tiles_dir, plan, current, face, np.asarray(image), 0, resume)
        if current == plan.fallback_source_level:
            target = tiles_dir / fallback_name(face)
            if not (resume and _tile_done(target)):
                size = plan.fallback_size
                small = image if image.width == size else image.resize((size, size), Image.Resampling.BOX)
                _write_atomically(target, _encode(np.asarray(small), plan.quality))
                written += 1
    return written


def _level_done(tiles_dir: Path, plan: TilePlan, level: int, face: int) -> bool:
    count = plan.tiles_per_side(level)
    return all(_tile_done(tiles_dir / tile_name(level, face, row, column))
               for row in range(count) for column in range(count))


def _lower_levels_done(tiles_dir: Path, plan: TilePlan, face: int) -> bool:
    return _tile_done(tiles_dir / fallback_name(face)) and all(
        _level_done(tiles_dir, plan, level, face) for level in range(1, plan.max_level))


# -- worker tasks (top-level functions: they run in other processes) -------------------------------------


@dataclass(frozen=True)
class _Shared:
    """Where a worker finds the decoded panorama and the half-resolution faces."""

    source: str
    width: int
    height: int
    margin: int
    half: str | None
    tiles_dir: str
    plan: TilePlan
    resume: bool

    @property
    def stride(self) -> int:
        return self.width + 2 * self.margin

    def source_array(self, writable: bool = False) -> np.ndarray:
        """The padded panorama, mapped (a plain ndarray view: np.memmap's slicing costs add up)."""
        mapped = np.memmap(self.source, np.uint8, "r+" if writable else "r", shape=(self.height, self.stride, 4))
        return mapped.view(np.ndarray)

    def half_array(self) -> np.ndarray:
        edge = self.plan.cube_resolution // 2
        return np.memmap(self.half, np.uint8, "r+", shape=(6, edge, edge, 4)).view(np.ndarray)


def _task_prefilter(shared: _Shared, top: int, bottom: int) -> int:
    """Box-filter panorama rows ``[top, bottom)`` along the row, in place (:func:`prefilter_rows`)."""
    source = shared.source_array(writable=True)
    prefilter_rows(source, shared.width, shared.margin, top, bottom)
    del source  # a shared mapping: the other processes see the rows at once, no flush needed
    return 0


def _task_band(shared: _Shared, faces: tuple[int, ...], top: int, bottom: int, fill_half: bool) -> int:
    """Sample rows ``[top, bottom)`` of ``faces`` at full resolution, one face at a time: write their
    tiles and store the rows averaged 2 x 2 in the half-resolution buffer (or, for a one-level set,
    write each face's whole pyramid). Side faces (0-3) share one mesh plan."""
    plan, tiles_dir = shared.plan, Path(shared.tiles_dir)
    edge = plan.cube_resolution
    side_plan = None
    written = 0
    for face in faces:
        band_plan = None
        if face < 4:
            if side_plan is None:
                side_plan = plan_band(0, edge, top, bottom, shared.width, shared.height, shared.margin)
            band_plan = turn_side_plan(side_plan, face, shared.width, shared.margin)
        source = shared.source_array()
        band = sample_face_rows(source, shared.width, shared.margin, face, edge, top, bottom, band_plan)
        del source
        if plan.max_level == 1:
            written += _write_pyramid(tiles_dir, plan, face, _rgbx_image(band), 1, shared.resume)
            continue
        written += _write_tile_rows(tiles_dir, plan, plan.max_level, face, band, top // plan.tile_resolution,
                                    shared.resume)
        if fill_half:
            half = shared.half_array()
            half[face, top // 2:bottom // 2] = np.asarray(_rgbx_image(band).reduce(2))
            del half
    return written


def _task_half_face(shared: _Shared, face: int) -> int:
    """Levels maxLevel - 1 .. 1 and the fallback of ``face`` from the half-resolution buffer."""
    half = shared.half_array()
    pixels = np.array(half[face])  # a private copy: the shared pages are released with the mapping
    del half
    return _write_pyramid(Path(shared.tiles_dir), shared.plan, face, _rgbx_image(pixels), shared.plan.max_level - 1,
                          shared.resume)


def _task_cube_face(path: str, face: int, tiles_dir: str, plan: TilePlan, resume: bool) -> int:
    """Every level and the fallback of one cube face read from ``path``."""
    pixels = _decode_rgbx(Path(path))
    if pixels.shape[:2] != (plan.cube_resolution, plan.cube_resolution):
        raise ImageError(f"{path}: decoded to {pixels.shape[1]}x{pixels.shape[0]}, not the "
                         f"{plan.cube_resolution}x{plan.cube_resolution} its header promised")
    return _write_pyramid(Path(tiles_dir), plan, face, _rgbx_image(pixels), plan.max_level, resume)


# -- scheduling ---------------------------------------------------------------------------------------


@dataclass
class _Task:
    name: str
    function: Callable
    args: tuple
    after: tuple[str, ...] = ()


def _noop() -> int:
    return 0


def _worker_signals() -> None:
    """Workers leave Ctrl+C to the main process (which lets their current task finish and cancels
    the rest) and die at once on SIGTERM (the main process's own handler is not for them)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _pool_context() -> multiprocessing.context.BaseContext:
    """``fork`` where it is safe and cheap (Linux, a single-threaded caller such as the CLI): the
    workers start in milliseconds, before the panorama is decoded, so they hold none of it.
    Elsewhere ``forkserver`` (or ``spawn``), which a program with threads needs; those re-import
    the caller's main module, so a script calling the tiler needs ``if __name__ == "__main__"``."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


class _Runner:
    """Run tasks (with dependencies) inline (one job) or in a process pool; report progress in files
    written. Use as a context manager: the pool starts on entry, before the input is decoded."""

    def __init__(self, jobs: int, progress: Progress | None):
        self.jobs, self.progress = jobs, progress
        self.done = self.total = self.written = 0
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> _Runner:
        if self.jobs > 1:
            self.pool = concurrent.futures.ProcessPoolExecutor(max_workers=self.jobs, mp_context=_pool_context(),
                                                               initializer=_worker_signals)
            self.pool.submit(_noop).result()  # start the workers now, while this process is small
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)  # running tasks finish their tiles

    def _report(self, written: int) -> None:
        self.written += written
        self.done += written
        if self.progress:
            self.progress(min(self.done, self.total), self.total)

    def run(self, tasks: list[_Task], done: int, total: int) -> None:
        self.done, self.total = done, total
        if self.progress:
            self.progress(self.done, self.total)
        if self.pool is None:
            for task in tasks:  # listed in an order that respects ``after``
                self._report(task.function(*task.args))
            return
        waiting = list(tasks)
        finished: set[str] = set()
        running: dict[concurrent.futures.Future, _Task] = {}
        while waiting or running:
            ready = [t for t in waiting if all(name in finished for name in t.after)]
            for task in ready:
                waiting.remove(task)
                running[self.pool.submit(task.function, *task.args)] = task
            completed, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in completed:
                task = running.pop(future)
                self._report(future.result())
                finished.add(task.name)


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# -- jobs: what to compute for each kind of input ------------------------------------------------------


class _EquirectJob:
    def __init__(self, path: Path, width: int, height: int, plan: TilePlan):
        self.path, self.width, self.height, self.plan = path, width, height, plan
        self.margin = min(_MARGIN, width)
        self._files: list[Path] = []
        self._maps: list[np.ndarray] = []

    @property
    def input_pixels(self) -> int:
        return self.width * self.height

    @property
    def parallel_tasks(self) -> int:
        """How many tasks can run at once at most: three per band (side faces, up, down)."""
        band = self.plan.tile_resolution if self.plan.tile_resolution % 2 == 0 else 2 * self.plan.tile_resolution
        return 3 * -(-self.plan.cube_resolution // band)

    def prepare(self) -> dict[str, float]:
        """Decode the panorama into shared memory (before the output folder is touched)."""
        stride = self.width + 2 * self.margin
        source_bytes = self.height * stride * 4
        half_edge = self.plan.cube_resolution // 2
        half_bytes = 6 * half_edge * half_edge * 4 if self.plan.max_level > 1 else 0
        _check_memory(self.path, source_bytes + half_bytes + 2**27)
        folder = _shared_memory_folder(source_bytes + half_bytes)
        started = time.perf_counter()
        self.source_file = self._create(folder, "panorama", source_bytes)
        source = np.memmap(self.source_file, np.uint8, "r+", shape=(self.height, stride, 4))
        self._maps.append(source)
        flat = source.reshape(-1)
        decoded = _decode_rgbx(self.path, flat[: self.height * self.width * 4])
        if decoded.shape[:2] != (self.height, self.width):
            raise ImageError(f"{self.path}: decoded to {decoded.shape[1]}x{decoded.shape[0]}, not the "
                             f"{self.width}x{self.height} its header promised")
        del decoded
        decode_seconds = time.perf_counter() - started
        row_bytes, stride_bytes, margin_bytes = self.width * 4, stride * 4, self.margin * 4
        for row in range(self.height - 1, -1, -1):  # spread the rows out to make room for the margins
            start = row * stride_bytes + margin_bytes
            flat[start:start + row_bytes] = flat[row * row_bytes:(row + 1) * row_bytes]
        margin, width = self.margin, self.width
        source[:, :margin] = source[:, width:width + margin]
        source[:, margin + width:] = source[:, margin:2 * margin]
        self.half_file = None
        if half_bytes:
            self.half_file = self._create(folder, "half", half_bytes)
            half = np.memmap(self.half_file, np.uint8, "r+", shape=(half_bytes,))
            half[:] = 0  # fault the pages in here, so they count in this process's memory
            self._maps.append(half)
        return {"decode_s": decode_seconds, "prepare_s": time.perf_counter() - started}

    def _create(self, folder: str, what: str, size: int) -> str:
        handle, name = tempfile.mkstemp(prefix=f"vtour-tile-{os.getpid()}-{what}-", suffix=".rgbx", dir=folder)
        self._files.append(Path(name))
        try:
            os.ftruncate(handle, size)
        finally:
            os.close(handle)
        return name

    def tasks(self, tiles_dir: Path, resume: bool) -> list[_Task]:
        plan = self.plan
        shared = _Shared(self.source_file, self.width, self.height, self.margin, self.half_file, str(tiles_dir),
                         plan, resume)
        band = plan.tile_resolution if plan.tile_resolution % 2 == 0 else 2 * plan.tile_resolution
        edge, top_level = plan.cube_resolution, plan.max_level
        per_side = plan.tiles_per_side(top_level)
        lower_done = [resume and _lower_levels_done(tiles_dir, plan, face) for face in range(6)]
        band_tasks: list[tuple[tuple[int, ...], int, int, bool]] = []
        for top in range(0, edge, band):
            bottom = min(edge, top + band)
            tile_rows = range(top // plan.tile_resolution, -(-bottom // plan.tile_resolution))
            needed = [face for face in range(6) if not lower_done[face] or not (resume and all(
                _tile_done(tiles_dir / tile_name(top_level, face, r, c)) for r in tile_rows for c in range(per_side)))]
            # one task for the side faces (one mesh plan), one for each polar face; resuming skips
            # the tiles already there, so a face whose band is complete is simply left out
            side = tuple(face for face in needed if face < 4)
            for faces in ([side] if side else []) + [(face,) for face in needed if face >= 4]:
                needs_half = top_level > 1 and not all(lower_done[face] for face in faces)
                band_tasks.append((faces, top, bottom, needs_half))

        tasks: list[_Task] = []
        prefilter_names: list[str] = []
        if any(faces[0] >= 4 for faces, *_ in band_tasks):  # only the up and down faces read those rows
            rows = [row for row in range(self.height) if prefilter_row_width(row, self.height) > 1.0]
            chunk = max(64, self.height // 64)
            for first, last in _runs(rows):
                for top in range(first, last + 1, chunk):
                    prefilter_names.append(f"prefilter {top}")
                    tasks.append(_Task(prefilter_names[-1], _task_prefilter, (shared, top, min(last + 1, top + chunk))))
        band_names: dict[int, list[str]] = {face: [] for face in range(6)}
        for faces, top, bottom, needs_half in band_tasks:
            name = f"band {faces} {top}"
            after = tuple(prefilter_names) if faces[0] >= 4 else ()
            tasks.append(_Task(name, _task_band, (shared, faces, top, bottom, needs_half), after))
            for face in faces:
                band_names[face].append(name)
        if top_level > 1:
            for face in range(6):
                if not lower_done[face]:
                    tasks.append(_Task(f"face {face}", _task_half_face, (shared, face), tuple(band_names[face])))
        return tasks

    def close(self) -> None:
        self._maps.clear()
        for path in self._files:
            with contextlib.suppress(OSError):
                path.unlink()
        self._files.clear()


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs ``(first, last)`` in a sorted list of ints."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _shared_memory_folder(size: int) -> str:
    """``/dev/shm`` (RAM, no disk writes) when it has room for ``size`` bytes, else the temp folder.
    Buffers that killed runs left behind (their process is gone) are removed first: a kill -9 or
    the out-of-memory killer gives no chance to clean up, and /dev/shm lives until a reboot."""
    candidate = "/dev/shm"
    for folder in (candidate, tempfile.gettempdir()):
        _remove_stale_buffers(folder)
    try:
        stat = os.statvfs(candidate)
        if stat.f_bavail * stat.f_frsize > size + 2**28 and os.access(candidate, os.W_OK):
            return candidate
    except (OSError, AttributeError):
        pass
    return tempfile.gettempdir()


def _remove_stale_buffers(folder: str) -> None:
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = re.fullmatch(r"vtour-tile-(\d+)-\w+-\w+\.rgbx", name)
        if match and not _process_exists(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's: leave it
    return True


class _FacesJob:
    def __init__(self, paths: list[Path], plan: TilePlan):
        self.paths, self.plan = paths, plan

    @property
    def input_pixels(self) -> int:
        return 6 * self.plan.cube_resolution ** 2

    parallel_tasks = 6  # one task per face

    def prepare(self) -> dict[str, float]:
        edge = self.plan.cube_resolution
        _check_memory(self.paths[0], 2 * edge * edge * 4 + 2**27)  # a worker holds a face and its next level
        return {}

    def tasks(self, tiles_dir: Path, resume: bool) -> list[_Task]:
        plan = self.plan
        tasks = []
        for face, path in enumerate(self.paths):
            done = _lower_levels_done(tiles_dir, plan, face) and _level_done(tiles_dir, plan, plan.max_level, face)
            if resume and done:
                continue
            tasks.append(_Task(f"face {face}", _task_cube_face, (str(path), face, str(tiles_dir), plan, resume)))
        return tasks

    def close(self) -> None:
        pass


# -- the output folder --------------------------------------------------------------------------------


def _marker_record(paths: Sequence[Path], kind: str, plan: TilePlan) -> dict:
    files = []
    for path in paths:
        stat = path.stat()
        files.append({"path": str(path.resolve()), "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns})
    return {
        "vtour": "tile",
        "format": _MARKER_FORMAT,
        "input": {"kind": kind, "files": files},
        "options": {"tileResolution": plan.tile_resolution, "quality": plan.quality,
                    "cubeResolution": plan.cube_resolution, "maxLevel": plan.max_level,
                    "extension": EXTENSION, "fallbackSize": plan.fallback_size},
    }


def _differences(old: object, new: dict) -> str:
    if not isinstance(old, dict) or old.get("vtour") != "tile":
        return "an unreadable record"
    changed = []
    if old.get("input") != new["input"]:
        changed.append("the input")
    old_options = old.get("options") if isinstance(old.get("options"), dict) else {}
    for key, value in new["options"].items():
        if old_options.get(key) != value:
            changed.append(f"{key} {old_options.get(key)} (now {value})")
    return ", ".join(changed) or "another record format"


def _check_output(out_dir: Path, record: dict, force: bool) -> bool:
    """Whether to resume; TileError when the folder holds something the run may not replace."""
    tiles = out_dir / TILES_DIR
    marker = tiles / MARKER_FILE
    if out_dir.exists() and not out_dir.is_dir():
        raise TileError(f"{out_dir}: exists and is not a folder")
    if tiles.exists() and not tiles.is_dir():
        raise TileError(f"{tiles}: exists and is not a folder")
    if force:
        return False
    if marker.exists():
        try:
            old = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if old == record:
            return True
        raise TileError(f"{tiles}: holds an unfinished tile set made from other input or options "
                        f"({_differences(old, record)}); rerun with the same ones to resume, "
                        "or add --force to start again")
    for existing in (tiles / CONFIG_FILE, out_dir / TOUR_FILE):
        if existing.exists():
            raise TileError(f"{out_dir}: already holds a finished tile set or tour ({existing}); "
                            "add --force to replace it")
    if tiles.exists() and any(tiles.iterdir()):
        raise TileError(f"{tiles}: exists and is not a tile set this tool left unfinished; "
                        "choose another folder or add --force to replace it")
    return False


def _clean_temporaries(tiles_dir: Path) -> None:
    for folder in [tiles_dir, *(p for p in tiles_dir.iterdir() if p.is_dir())]:
        for entry in folder.iterdir():
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    entry.unlink()


def _count_done(tiles_dir: Path, plan: TilePlan) -> int:
    """Tiles (and fallback faces) already there, for the progress count of a resumed run."""
    done = 0
    for folder in [tiles_dir / str(level) for level in range(1, plan.max_level + 1)] + [tiles_dir / "fallback"]:
        if folder.is_dir():
            done += sum(1 for entry in os.scandir(folder)
                        if not entry.name.startswith(".") and entry.stat().st_size > 0)
    return min(done, plan.tile_count())


def _holds_tiles(tiles_dir: Path) -> bool:
    return any(name.endswith("." + EXTENSION) for _, _, names in os.walk(tiles_dir) for name in names)


def scene_id_for(stem: str) -> str:
    """The scene id: the file stem when it is a valid id, else the stem made into one."""
    if re.fullmatch(r"\w[\w.-]*", stem) and len(stem) <= 64:
        return stem
    from vtour.model.editing import scene_id_from_name

    return scene_id_from_name(stem)


def tour_document(stem: str, plan: TilePlan) -> dict:
    """The one-scene tour written beside the tiles."""
    scene_id = scene_id_for(stem)
    return {
        "version": 1,
        "title": stem,
        "firstScene": scene_id,
        "scenes": {scene_id: {"type": "multires", "title": stem, "multires": plan.multires(TILES_DIR)}},
    }


def pannellum_config(plan: TilePlan) -> dict:
    """Pannellum's configuration for the tiles folder (as generate.py writes it; basePath ".")."""
    return {"type": "multires", "multiRes": plan.multires(".")}


def _json_bytes(document: dict) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while tiling (from the main thread), so that ``kill`` stops the
    workers after their current task and removes the shared-memory buffers like Ctrl+C does."""
    import signal

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(job, inputs: list[Path], out_dir: Path, plan: TilePlan, kind: str, force: bool, jobs: int | None,
         progress: Progress | None, stem: str) -> TileResult:
    started = time.perf_counter()
    # no more processes than tasks that can run side by side: each costs memory and start-up
    jobs = min(_default_jobs() if jobs is None else max(1, int(jobs)), job.parallel_tasks)
    record = _marker_record(inputs, kind, plan)
    resume = _check_output(out_dir, record, force)
    tiles_dir = out_dir / TILES_DIR
    timings: dict[str, float] = {}
    with _terminate_cleanly(), _Runner(jobs, progress) as runner:
        timings["pool_s"] = time.perf_counter() - started
        try:
            timings.update(job.prepare())
            if force:
                if tiles_dir.exists():
                    shutil.rmtree(tiles_dir)
                with contextlib.suppress(FileNotFoundError):
                    (out_dir / TOUR_FILE).unlink()
            created = not tiles_dir.exists()
            tiles_dir.mkdir(parents=True, exist_ok=True)
            _write_atomically(tiles_dir / MARKER_FILE, _json_bytes(record), sync=True)
            for level in range(1, plan.max_level + 1):
                (tiles_dir / str(level)).mkdir(exist_ok=True)
            (tiles_dir / "fallback").mkdir(exist_ok=True)
            kept = 0
            if resume:
                _clean_temporaries(tiles_dir)
                kept = _count_done(tiles_dir, plan)
                log.info("%s: resuming, %d of %d files already there", tiles_dir, kept, plan.tile_count())
            work_started = time.perf_counter()
            try:
                runner.run(job.tasks(tiles_dir, resume), kept, plan.tile_count())
            except BaseException:
                # nothing made (workers may have written tiles they had no chance to report): leave
                # no half-started folder, so fixing the input needs no --force
                if created and not resume and not _holds_tiles(tiles_dir):
                    shutil.rmtree(tiles_dir, ignore_errors=True)
                raise
            timings["tiles_s"] = time.perf_counter() - work_started
        finally:
            job.close()
    config_path = tiles_dir / CONFIG_FILE
    tour_path = out_dir / TOUR_FILE
    _write_atomically(config_path, _json_bytes(pannellum_config(plan)), sync=True)
    _write_atomically(tour_path, _json_bytes(tour_document(stem, plan)), sync=True)
    (tiles_dir / MARKER_FILE).unlink()
    _fsync_dir(tiles_dir)
    _fsync_dir(out_dir)
    seconds = time.perf_counter() - started
    return TileResult(out_dir, tour_path, config_path, plan, runner.written, kept, seconds, job.input_pixels, resume,
                      jobs, timings)

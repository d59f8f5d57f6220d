"""Tiled multi-resolution ("multires") cube panoramas: tile addressing, view math, tile decoding,
a tile budget and a whole-panorama preview. No Qt, no GL.

A :class:`~vtour.model.tour.MultiresSource` is Pannellum's ``multiRes`` layout: six cube faces per
level, level 1 the coarsest, each face cut into square tiles of ``tile_resolution`` pixels (the last
row and column narrower). This module gives two ways to show one:

* :func:`load_multires_preview` assembles the six faces of the finest level that fits a size
  (2048 px by default) into :class:`~vtour.io.panorama.CubePixels`: a multires scene shows at once,
  at preview resolution, wherever cube panoramas show. :func:`vtour.io.panorama.load_panorama`
  calls it for a ``MultiresSource``.
* A streaming renderer picks a level for the screen's pixel density (:func:`level_for_density`),
  asks which tiles of it the view shows, centre first (:func:`visible_tiles`), decodes them off the
  UI thread (:func:`decode_tile`), places each by :func:`tile_rect` and keeps GPU memory within a
  budget with :class:`TileCache` (level-1 tiles stay: they are what shows while finer tiles load).

Face coordinates
----------------
Faces are numbered 0..5 in :data:`~vtour.model.tour.CUBE_FACE_ORDER` (front, right, back, left,
up, down) with a cube scene's orientation, the one ``shaders/cube.glsl`` samples. A point of a face
is ``(u, v)`` in [0, 1]: ``u`` from the left edge to the right, ``v`` from the top edge down, as
tile columns and rows count. :func:`face_uv_to_direction` and :func:`direction_to_face_uv` convert
between those and directions in the panorama's own frame (+Y up, yaw 0 along -Z, yaw 90 along +X;
see :mod:`vtour.geometry.angles`).
"""

from __future__ import annotations

import io
import logging
import math
import os
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, UnidentifiedImageError

from vtour.geometry.angles import view_rotation
from vtour.geometry.projections import Projection, clamp_hfov, plane_extent, plane_to_camera_ray
from vtour.io.images import decode_rgba
from vtour.io.panorama import CubePixels, Progress
from vtour.model.errors import ImageError
from vtour.model.tour import CUBE_FACE_ORDER, MultiresSource

log = logging.getLogger(__name__)

PREVIEW_MAX_EDGE = 2048
"""Default face edge limit of :func:`load_multires_preview` (6 x 2048^2 RGBA = 96 MB)."""

MAX_TILE_PIXELS = 8192 * 8192
"""Tiles larger than this are refused before decoding (the format's tiles are at most 4096^2)."""

_JPEG_MAGIC = b"\xff\xd8\xff"


class TileKey(NamedTuple):
    """One tile: ``level`` (1 = coarsest), ``face`` (0..5 in CUBE_FACE_ORDER), ``row`` (from the
    face's top edge) and ``col`` (from its left edge), all from 0 except the level."""

    level: int
    face: int
    row: int
    col: int


class TileError(ImageError):
    """A tile (or fallback face) is missing, unreadable, corrupt or of the wrong size.

    ``path`` is the file and ``message`` the problem; ``str(error)`` is ``"<path>: <message>"``.
    A subclass of :class:`~vtour.model.errors.ImageError`, so code that handles image errors
    handles tile errors too.
    """

    def __init__(self, path: str | os.PathLike, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")

    def __reduce__(self):  # so it crosses process boundaries (a process pool of decoders)
        return type(self), (self.path, self.message)


# -- tile addressing ------------------------------------------------------------------------------


def tile_file(source: MultiresSource, key: TileKey) -> Path:
    """The file holding tile ``key`` (see :meth:`MultiresSource.tile_file`)."""
    return source.tile_file(key.level, key.face, key.row, key.col)


def tile_rect(source: MultiresSource, key: TileKey) -> tuple[int, int, int, int]:
    """``(x0, y0, x1, y1)``: where tile ``key`` lies in its face at its level, in pixels.

    ``x`` counts columns from the face's left edge, ``y`` rows from its top edge; ``x1``/``y1``
    are exclusive, so the tile is ``x1 - x0`` by ``y1 - y0`` pixels. Every tile is
    ``tile_resolution`` square except the last row and column, which end at the face's edge.

    Raises
    ------
    ValueError
        The level, face, row or column is outside the set.
    """
    edge = source.level_edge(key.level)
    count = source.tiles_per_side(key.level)
    if not 0 <= key.face < len(CUBE_FACE_ORDER) or not (0 <= key.row < count and 0 <= key.col < count):
        raise ValueError(f"{key} is not a tile of this set (level {key.level} has {count}x{count} tiles per face)")
    size = source.tile_resolution
    x0, y0 = key.col * size, key.row * size
    return x0, y0, min(x0 + size, edge), min(y0 + size, edge)


def level_tiles(source: MultiresSource, level: int) -> Iterator[TileKey]:
    """Every tile of ``level``, face by face, row by row."""
    count = source.tiles_per_side(level)
    for face in range(len(CUBE_FACE_ORDER)):
        for row in range(count):
            for col in range(count):
                yield TileKey(level, face, row, col)


def tile_count(source: MultiresSource, level: int) -> int:
    """How many tiles ``level`` has over the six faces."""
    return 6 * source.tiles_per_side(level) ** 2


# -- face coordinates -----------------------------------------------------------------------------

# For each face: the direction through its centre, and the directions in which u and v grow.
_FACE_AXES = np.array([
    # centre        u (right)      v (down)
    [[0, 0, -1], [1, 0, 0], [0, -1, 0]],  # front: looks at yaw 0 (-Z), upright
    [[1, 0, 0], [0, 0, 1], [0, -1, 0]],  # right: yaw 90 (+X), upright
    [[0, 0, 1], [-1, 0, 0], [0, -1, 0]],  # back: yaw 180 (+Z), upright
    [[-1, 0, 0], [0, 0, -1], [0, -1, 0]],  # left: yaw -90 (-X), upright
    [[0, 1, 0], [1, 0, 0], [0, 0, -1]],  # up: top edge towards yaw 180 (+Z), bottom edge joins front's top
    [[0, -1, 0], [1, 0, 0], [0, 0, 1]],  # down: top edge joins front's bottom, bottom edge towards yaw 180
], dtype=np.float64)


def face_uv_to_direction(face, u, v) -> np.ndarray:
    """Directions ``(..., 3)`` through face coordinates ``(u, v)`` of ``face`` (0..5).

    The vectors end on the cube of half-edge 1 (not unit length). Arrays broadcast.
    """
    axes = _FACE_AXES[np.asarray(face)]
    a = 2.0 * np.asarray(u, dtype=np.float64) - 1.0
    b = 2.0 * np.asarray(v, dtype=np.float64) - 1.0
    return axes[..., 0, :] + a[..., None] * axes[..., 1, :] + b[..., None] * axes[..., 2, :]


def direction_to_face_uv(directions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(face, u, v)`` where directions ``(..., 3)`` (any length) meet the cube.

    Ties between faces (a direction exactly along a cube edge) go to the first face in
    CUBE_FACE_ORDER; the result then lies on that face's border (u or v 0 or 1).
    """
    d = np.asarray(directions, dtype=np.float64)
    # How far each face's centre direction points along d; the largest wins.
    along = np.einsum("...k,fk->...f", d, _FACE_AXES[:, 0, :])
    face = np.argmax(along, axis=-1)
    axes = _FACE_AXES[face]
    depth = np.take_along_axis(along, face[..., None], axis=-1)[..., 0]
    u = (np.einsum("...k,...k->...", d, axes[..., 1, :]) / depth + 1.0) / 2.0
    v = (np.einsum("...k,...k->...", d, axes[..., 2, :]) / depth + 1.0) / 2.0
    return face, np.clip(u, 0.0, 1.0), np.clip(v, 0.0, 1.0)


def direction_to_tile(source: MultiresSource, level: int, directions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(face, row, col)`` arrays of the tiles of ``level`` that directions ``(..., 3)`` fall in."""
    face, u, v = direction_to_face_uv(directions)
    edge, size = source.level_edge(level), source.tile_resolution
    last = source.tiles_per_side(level) - 1
    col = np.minimum(np.floor(u * edge).astype(np.int64) // size, last)
    row = np.minimum(np.floor(v * edge).astype(np.int64) // size, last)
    return face, row, col


def containing_tiles(source: MultiresSource, level: int, coarser: int) -> np.ndarray:
    """For each tile index along a face side at ``level``, the index of the tile at ``coarser``
    that holds all of it, or -1 where it straddles two.

    Levels halve by integer division (an odd edge rounds down), so tile edges of neighbouring
    levels need not line up: e.g. 527-pixel faces under 1054-pixel ones do, 263 under 527 do not.
    Exact integer arithmetic, so a boundary case is never misjudged.
    """
    size = source.tile_resolution
    edge, coarse_edge = source.level_edge(level), source.level_edge(coarser)
    start = np.arange(source.tiles_per_side(level), dtype=np.int64) * size
    end = np.minimum(start + size, edge)
    first = (start * coarse_edge) // (edge * size)
    last = -((-end * coarse_edge) // (edge * size)) - 1  # the tile holding the points just before `end`
    return np.where(first == last, first, -1)


def with_narrow_neighbours(source: MultiresSource, level: int, face, row, col):
    """``(face, row, col)`` arrays plus the narrow last row's and column's tiles next to them.

    Those tiles are what is left of a face's edge after whole tiles (e.g. 30 of 1054 pixels), a
    strip that may be thinner on screen than the grid of rays that found the others
    (:func:`vtour.render.multires.tiles_in_view`). Duplicates are left for the caller to drop.
    """
    last = source.tiles_per_side(level) - 1
    if last < 1 or source.level_edge(level) % source.tile_resolution == 0:
        return face, row, col
    edge_row = np.where(row >= last - 1, last, row)
    edge_col = np.where(col >= last - 1, last, col)
    return (np.concatenate([face, face, face, face]), np.concatenate([row, edge_row, row, edge_row]),
            np.concatenate([col, col, edge_col, edge_col]))


# -- view math ------------------------------------------------------------------------------------


def screen_pixels_per_radian(width: int, hfov_deg: float) -> float:
    """Output pixels per radian at the centre of a rectilinear view ``width`` pixels wide whose
    hfov spans its outer edges: ``(width / 2) / tan(hfov / 2)``. Feed it to :func:`level_for_density`."""
    return (width / 2.0) / math.tan(math.radians(hfov_deg) / 2.0)


def level_for_density(source: MultiresSource, pixels_per_radian: float) -> int:
    """The coarsest level whose texels are at least as dense as the screen's pixels.

    A face of edge ``N`` spans the tangent range [-1, 1], so near its centre it holds ``N / 2``
    texels per radian. The answer is the smallest level with ``level_edge / 2 >= pixels_per_radian``,
    clamped to 1..max_level (max_level when even that is coarser than the screen: zoomed past the
    source's resolution).

    Parameters
    ----------
    pixels_per_radian
        The screen's density at the view centre, e.g. :func:`screen_pixels_per_radian`.
    """
    for level in range(1, source.max_level + 1):
        if source.level_edge(level) / 2.0 >= pixels_per_radian:
            return level
    return source.max_level


def _view_matrix(view) -> np.ndarray:
    """A camera-to-panorama 3x3 matrix from a matrix, or from ``(yaw, pitch[, roll])`` degrees."""
    array = np.asarray(view, dtype=np.float64)
    if array.shape == (3, 3):
        return array
    if array.shape in ((2,), (3,)):
        return view_rotation(*(float(a) for a in array))
    raise ValueError(f"a view is a 3x3 camera-to-panorama matrix or (yaw, pitch[, roll]) in degrees, not {view!r}")


def visible_tiles(source: MultiresSource, level: int, view, hfov_deg: float, aspect: float, *,
                  projection: Projection = Projection.RECTILINEAR, margin_deg: float = 0.0) -> list[TileKey]:
    """The tiles of ``level`` that a view shows, ordered from the centre of the view outward.

    Conservative: a tile any part of which is in view is included, a tile that only touches the
    view's border may be too; none that is wholly outside (beyond ``margin_deg``) is.

    Parameters
    ----------
    view
        Where the camera looks: a 3x3 matrix taking camera-space rays (x right, y up, -z forward) to
        the panorama's frame, such as :func:`vtour.geometry.projections.view_to_panorama_matrix`
        (which includes the horizon correction), or ``(yaw, pitch)`` / ``(yaw, pitch, roll)`` in
        degrees (no horizon correction).
    hfov_deg
        Horizontal field of view spanning the output's outer edges.
    aspect
        Output width / height.
    projection
        The output projection. Rectilinear views are culled exactly against their four edge planes;
        the others against the smallest cone around the view axis that holds the whole output.
    margin_deg
        Widen the view by this angle on every side (rectilinear) or widen the cone (others), e.g.
        to prefetch tiles about to come into view.

    Returns
    -------
    list of TileKey
        Sorted by the angle from the view's centre to the nearest point of each tile (tiles under
        the centre first), then by the angle to the tile's centre.
    """
    if aspect <= 0.0 or not math.isfinite(aspect):
        raise ValueError(f"aspect must be a positive width / height, not {aspect}")
    matrix = _view_matrix(view)
    forward = matrix @ np.array([0.0, 0.0, -1.0])
    forward /= np.linalg.norm(forward)
    edge, size = source.level_edge(level), source.tile_resolution
    count = source.tiles_per_side(level)
    if projection is Projection.RECTILINEAR:
        if not 0.0 < hfov_deg < 180.0:
            raise ValueError(f"a rectilinear view's hfov is between 0 and 180 degrees, not {hfov_deg}")
        normals = _frustum_normals(matrix, hfov_deg, aspect, margin_deg)
        blocks = [_frustum_face_tiles(normals, face, edge, size, count) for face in range(len(CUBE_FACE_ORDER))]
        tiles = np.concatenate(blocks)
    else:
        test = _ConeTest(forward, _cone_half_angle(projection, hfov_deg, aspect) + math.radians(margin_deg))
        found: list[tuple[int, int, int]] = []
        for face in range(len(CUBE_FACE_ORDER)):
            _collect(test, face, edge, size, (0, count, 0, count), found)
        tiles = np.array(found, dtype=np.int64).reshape(-1, 3)
    order = _centre_first_order(tiles, edge, size, forward)
    return [TileKey(level, int(face), int(row), int(col)) for face, row, col in tiles[order]]


def _tile_corners(faces, rows, cols, edge: int, size: int) -> np.ndarray:
    """Directions ``(N, 4, 3)`` of the corners of tiles (or of blocks, when ``rows``/``cols`` are
    ``(start, end)`` pairs), in order around each."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    if rows.ndim == 1:
        rows, cols = np.stack([rows, rows + 1], -1), np.stack([cols, cols + 1], -1)
    u0, u1 = cols[..., 0] * size / edge, np.minimum(cols[..., 1] * size, edge) / edge
    v0, v1 = rows[..., 0] * size / edge, np.minimum(rows[..., 1] * size, edge) / edge
    u = np.stack([u0, u1, u1, u0], -1)
    v = np.stack([v0, v0, v1, v1], -1)
    return face_uv_to_direction(np.asarray(faces)[..., None], u, v)


def _frustum_normals(matrix: np.ndarray, hfov_deg: float, aspect: float, margin_deg: float) -> np.ndarray:
    """Inward normals ``(4, 3)`` of a rectilinear view's edge planes through the eye, in the panorama's frame.

    A ray is in view when it is on the inner side of all four (for hfov < 180 they bound a pointed cone).
    """
    half_h = math.radians(hfov_deg) / 2.0
    half_v = math.atan(math.tan(half_h) / aspect)
    margin = math.radians(margin_deg) + 1e-9  # the epsilon keeps tiles that only touch the border
    tx = math.tan(min(half_h + margin, math.pi / 2 - 1e-9))
    ty = math.tan(min(half_v + margin, math.pi / 2 - 1e-9))
    # Camera space (x right, y up, -z forward): left, right, bottom, top.
    normals = np.array([[1.0, 0.0, -tx], [-1.0, 0.0, -tx], [0.0, 1.0, -ty], [0.0, -1.0, -ty]])
    return normals @ matrix.T  # n . (M^T p) == (M n) . p


def _frustum_face_tiles(normals: np.ndarray, face: int, edge: int, size: int, count: int) -> np.ndarray:
    """``(N, 3)`` face, row, col of the tiles of one face that meet the view, exactly (up to 1e-9).

    On the face's plane (``p = centre + a U + b V``, ``a, b`` in [-1, 1]) the view is the convex
    polygon cut from the face square by four half-planes. A tile rectangle misses a convex polygon
    only if an edge normal of one of them separates the two: the rectangle's axes (handled by
    enumerating only the tiles under the polygon's bounding box) or one of the four view planes
    (tested for every such tile at once).
    """
    centre, u_axis, v_axis = _FACE_AXES[face]
    lines = np.stack([normals @ u_axis, normals @ v_axis, normals @ centre], -1)  # A a + B b + C >= 0
    polygon = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
    for a_coef, b_coef, c_coef in lines:
        polygon = _clip_2d(polygon, a_coef, b_coef, c_coef)
        if not polygon:
            return np.empty((0, 3), dtype=np.int64)
    corners = (np.array(polygon) + 1.0) / 2.0 * edge  # face pixels
    low = np.clip(np.floor(corners.min(axis=0) / size).astype(np.int64), 0, count - 1)
    high = np.clip(np.floor(corners.max(axis=0) / size).astype(np.int64), 0, count - 1)
    cols, rows = np.meshgrid(np.arange(low[0], high[0] + 1), np.arange(low[1], high[1] + 1))
    cols, rows = cols.ravel(), rows.ravel()
    a0, a1 = 2.0 * cols * size / edge - 1.0, 2.0 * np.minimum((cols + 1) * size, edge) / edge - 1.0
    b0, b1 = 2.0 * rows * size / edge - 1.0, 2.0 * np.minimum((rows + 1) * size, edge) / edge - 1.0
    keep = np.ones(len(cols), dtype=bool)
    for a_coef, b_coef, c_coef in lines:  # the tile's best corner must reach the inner side
        best = a_coef * np.where(a_coef > 0, a1, a0) + b_coef * np.where(b_coef > 0, b1, b0) + c_coef
        keep &= best >= -1e-12
    return np.stack([np.full(int(keep.sum()), face), rows[keep], cols[keep]], -1).astype(np.int64)


def _clip_2d(polygon: list[tuple[float, float]], a_coef: float, b_coef: float, c_coef: float) -> list[tuple[float, float]]:
    """The part of a convex polygon where ``a_coef * a + b_coef * b + c_coef >= 0`` (Sutherland-Hodgman)."""
    side = [a_coef * a + b_coef * b + c_coef for a, b in polygon]
    kept = []
    for i, point in enumerate(polygon):
        j = (i + 1) % len(polygon)
        if side[i] >= 0.0:
            kept.append(point)
        if (side[i] >= 0.0) != (side[j] >= 0.0):
            t = side[i] / (side[i] - side[j])
            kept.append((point[0] + t * (polygon[j][0] - point[0]), point[1] + t * (polygon[j][1] - point[1])))
    return kept


def _collect(test, face: int, edge: int, size: int, block: tuple[int, int, int, int],
             found: list[tuple[int, int, int]]) -> None:
    """Append ``(face, row, col)`` of the tiles of ``block`` (rows r0..r1, columns c0..c1, ends
    exclusive) that ``test`` sees, splitting blocks that are partly in view."""
    r0, r1, c0, c1 = block
    verdict = test(_tile_corners(np.array([face]), np.array([[r0, r1]]), np.array([[c0, c1]]), edge, size)[0])
    if verdict is False:
        return
    if verdict is True or (r1 - r0 == 1 and c1 - c0 == 1):  # wholly inside, or a single tile partly in view
        found.extend((face, row, col) for row in range(r0, r1) for col in range(c0, c1))
        return
    if (r1 - r0) * (c1 - c0) <= 256:  # small enough to test every tile at once
        rows, cols = (grid.ravel() for grid in np.mgrid[r0:r1, c0:c1])
        seen = test.each(_tile_corners(np.full(len(rows), face), rows, cols, edge, size))
        found.extend((face, int(row), int(col)) for row, col in zip(rows[seen], cols[seen]))
        return
    if r1 - r0 >= c1 - c0:
        middle = (r0 + r1) // 2
        halves = ((r0, middle, c0, c1), (middle, r1, c0, c1))
    else:
        middle = (c0 + c1) // 2
        halves = ((r0, r1, c0, middle), (r0, r1, middle, c1))
    for half in halves:
        _collect(test, face, edge, size, half, found)


class _ConeTest:
    """A view bounded by the cone of ``half_angle`` radians around ``forward``.

    Called with the corners ``(4, 3)`` of a block of tiles: False when the block is wholly outside
    the cone, True when wholly inside, None when partly.
    """

    def __init__(self, forward: np.ndarray, half_angle: float):
        self.forward = forward
        self.half_angle = half_angle + 1e-9

    def __call__(self, corners: np.ndarray) -> bool | None:
        if self.half_angle >= math.pi:
            return True
        quad = (corners / np.linalg.norm(corners, axis=-1, keepdims=True))[None]
        if _angles_to_quads(self.forward, quad)[0] > self.half_angle:
            return False
        if self.half_angle <= math.pi / 2:  # a convex cap holds the quad when it holds its corners
            inside = bool((quad[0] @ self.forward >= math.cos(self.half_angle)).all())
        else:  # a wider cap holds it when the quad avoids the (convex) cap left around -forward
            inside = _angles_to_quads(-self.forward, quad)[0] >= math.pi - self.half_angle
        return True if inside else None

    def each(self, quads: np.ndarray) -> np.ndarray:
        """Whether each of ``(N, 4, 3)`` quadrilaterals meets the cone."""
        units = quads / np.linalg.norm(quads, axis=-1, keepdims=True)
        return _angles_to_quads(self.forward, units) <= self.half_angle


def _cone_half_angle(projection: Projection, hfov_deg: float, aspect: float) -> float:
    """The largest angle between the view axis and any ray of the output (found on its border)."""
    width, height = 1000.0 * aspect, 1000.0
    extent_x, extent_y = plane_extent(projection, clamp_hfov(projection, hfov_deg), width, height)
    t = np.linspace(-1.0, 1.0, 257)
    ones = np.ones_like(t)
    border = np.concatenate([np.stack([t, ones], -1), np.stack([t, -ones], -1),
                             np.stack([ones, t], -1), np.stack([-ones, t], -1)])
    rays = plane_to_camera_ray(projection, border * [extent_x, extent_y])
    return float(np.arccos(np.clip(-rays[:, 2], -1.0, 1.0)).max()) + 1e-6


def _angles_to_quads(point: np.ndarray, quads: np.ndarray) -> np.ndarray:
    """Angle (radians) from unit ``point`` to the nearest point of each convex spherical
    quadrilateral ``(N, 4, 3)`` (unit corners in order around it); 0 inside."""
    a = quads
    b = np.roll(quads, -1, axis=1)
    normals = np.cross(a, b)
    normals /= np.linalg.norm(normals, axis=-1, keepdims=True)
    centre = quads.sum(axis=1)
    orientation = np.sign(np.einsum("nek,nk->ne", normals, centre))
    inside = (np.einsum("nek,k->ne", normals, point) * orientation >= 0.0).all(axis=1)
    # The nearest point of each edge's great circle, if it falls within the edge, else a corner.
    along = np.einsum("nek,k->ne", normals, point)
    projected = point - along[..., None] * normals
    length = np.linalg.norm(projected, axis=-1)
    foot = projected / np.maximum(length, 1e-300)[..., None]
    within = ((np.einsum("nek,nek->ne", np.cross(a, foot), normals) >= 0.0)
              & (np.einsum("nek,nek->ne", np.cross(foot, b), normals) >= 0.0) & (length > 1e-12))

    def angle(x: np.ndarray) -> np.ndarray:
        return np.arctan2(np.linalg.norm(np.cross(x, point), axis=-1), x @ point)

    edge = np.where(within, angle(foot), np.minimum(angle(a), angle(b)))
    return np.where(inside, 0.0, edge.min(axis=1))


def _centre_first_order(tiles: np.ndarray, edge: int, size: int, forward: np.ndarray) -> np.ndarray:
    """Indices sorting ``(N, 3)`` face, row, col by the angle from ``forward`` to each tile's nearest
    point, then to its centre."""
    if len(tiles) == 0:
        return np.empty(0, dtype=np.int64)
    quads = _tile_corners(tiles[:, 0], tiles[:, 1], tiles[:, 2], edge, size)
    quads /= np.linalg.norm(quads, axis=-1, keepdims=True)
    nearest = _angles_to_quads(forward, quads)
    centres = quads.sum(axis=1)
    centres /= np.linalg.norm(centres, axis=-1, keepdims=True)
    to_centre = np.arccos(np.clip(centres @ forward, -1.0, 1.0))
    return np.lexsort((to_centre, np.round(nearest, 9)))


# -- decoding -------------------------------------------------------------------------------------


def decode_tile(path: str | os.PathLike, *, expected_size: tuple[int, int] | None = None,
                root: str | os.PathLike | None = None, rgba: bool = False) -> np.ndarray:
    """Decode one tile file to a C-contiguous ``(h, w, 3)`` or ``(h, w, 4)`` uint8 array, row 0 at the top.

    JPEG tiles decode through simplejpeg (libjpeg-turbo), the others through Pillow. Safe to call
    from worker threads.

    Parameters
    ----------
    path
        The tile file, e.g. :func:`tile_file`.
    expected_size
        ``(width, height)`` the tile must have (from :func:`tile_rect`); checked from the header,
        before the pixels are decoded.
    root
        When given, the file's real location (symbolic links resolved) must lie inside this folder,
        e.g. the source's ``base``: a tour's tiles may not lead outside it.
    rgba
        Always return 4 channels (alpha 255 where the file has none): what a renderer uploads fastest.
        Otherwise 3 channels, or 4 for a file with transparency.

    Raises
    ------
    TileError
        Missing, not a regular file, outside ``root``, not an image, corrupt or truncated, or not
        ``expected_size``.
    """
    path = Path(path)
    data = _read_tile(path, root)
    try:
        if data.startswith(_JPEG_MAGIC):
            return _decode_jpeg_tile(path, data, expected_size, rgba)
        return _decode_other_tile(path, data, expected_size, rgba)
    except TileError:
        raise
    except (OSError, ValueError, SyntaxError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise TileError(path, f"corrupt or truncated image ({exc})") from None


def _read_tile(path: Path, root: str | os.PathLike | None) -> bytes:
    try:
        if root is not None and not path.resolve().is_relative_to(Path(root).resolve()):
            raise TileError(path, "leaves the tile folder (through a symbolic link)")
        if not path.is_file():
            raise TileError(path, "file not found" if not path.exists() else "not a regular file")
        return path.read_bytes()
    except TileError:
        raise
    except (OSError, RuntimeError, ValueError) as exc:
        raise TileError(path, f"cannot read ({getattr(exc, 'strerror', None) or exc.__class__.__name__})") from None


def _check_size(path: Path, width: int, height: int, expected_size: tuple[int, int] | None) -> None:
    if width * height > MAX_TILE_PIXELS:
        raise TileError(path, f"{width}x{height} is too large for a tile")
    if expected_size is not None and (width, height) != tuple(expected_size):
        raise TileError(path, f"is {width}x{height}, but this tile should be {expected_size[0]}x{expected_size[1]}")


def _decode_jpeg_tile(path: Path, data: bytes, expected_size: tuple[int, int] | None, rgba: bool) -> np.ndarray:
    import simplejpeg

    try:
        height, width, _, _ = simplejpeg.decode_jpeg_header(data)
    except ValueError:
        return _decode_other_tile(path, data, expected_size, rgba)  # e.g. an arithmetic-coded JPEG
    _check_size(path, width, height, expected_size)
    try:
        return simplejpeg.decode_jpeg(data, colorspace="RGBA" if rgba else "RGB", fastdct=False, fastupsample=False)
    except ValueError as exc:
        if "Premature end" in str(exc) or "Corrupt" in str(exc):
            raise TileError(path, f"corrupt or truncated JPEG ({exc})") from None
        return _decode_other_tile(path, data, expected_size, rgba)  # CMYK and other rarities


def _decode_other_tile(path: Path, data: bytes, expected_size: tuple[int, int] | None, rgba: bool) -> np.ndarray:
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise TileError(path, "not a readable image") from None
    with image:
        _check_size(path, image.width, image.height, expected_size)
        image.load()
        alpha = "A" in image.getbands() or "transparency" in image.info
        mode = "RGBA" if rgba or alpha else "RGB"
        converted = image if image.mode == mode else image.convert(mode)
        return np.ascontiguousarray(np.asarray(converted))


# -- the tile budget ------------------------------------------------------------------------------


class TileCache:
    """Least-recently-used bookkeeping of resident tiles (e.g. GPU textures) within a byte budget.

    Pure bookkeeping: the owner uploads and frees the pixels. Level-1 tiles are never evicted:
    they are the whole panorama at its coarsest, what shows wherever a finer tile is missing.

    Typical use, once a frame::

        for key in visible:                # centre first
            if key in cache: cache.touch(key)
            else: upload(key); cache.add(key, nbytes)
        for key in cache.evict(protect=visible):
            free(key)

    Parameters
    ----------
    budget_bytes
        The most bytes of evictable (level > 1) tiles plus level-1 tiles that :meth:`evict` keeps.
    """

    def __init__(self, budget_bytes: int):
        if budget_bytes < 0:
            raise ValueError(f"budget_bytes must be >= 0, not {budget_bytes}")
        self.budget_bytes = int(budget_bytes)
        self._sizes: OrderedDict[TileKey, int] = OrderedDict()  # least recently used first
        self._total = 0

    def __contains__(self, key: object) -> bool:
        return key in self._sizes

    def __len__(self) -> int:
        return len(self._sizes)

    def __iter__(self) -> Iterator[TileKey]:
        """Resident tiles, least recently used first."""
        return iter(list(self._sizes))

    @property
    def nbytes(self) -> int:
        """Bytes of every resident tile."""
        return self._total

    def add(self, key: TileKey, nbytes: int) -> None:
        """Record ``key`` as resident, taking ``nbytes``, and as the most recently used.
        Adding a resident key again replaces its size."""
        if nbytes < 0:
            raise ValueError(f"nbytes must be >= 0, not {nbytes}")
        self._total -= self._sizes.pop(key, 0)
        self._sizes[key] = int(nbytes)
        self._total += int(nbytes)

    def touch(self, key: TileKey) -> bool:
        """Mark ``key`` as just used; False (and nothing changes) when it is not resident."""
        if key not in self._sizes:
            return False
        self._sizes.move_to_end(key)
        return True

    def remove(self, key: TileKey) -> int:
        """Forget ``key`` (freed by its owner); its size, or 0 when it was not resident."""
        size = self._sizes.pop(key, 0)
        self._total -= size
        return size

    def least_recent(self, protect: Collection[TileKey] = ()) -> TileKey | None:
        """The least recently used tile :meth:`evict` could free (not level 1, not in ``protect``),
        or None: what an owner with a fixed number of slots gives up for a new tile."""
        for key in self._sizes:
            if key.level != 1 and key not in protect:
                return key
        return None

    def evict(self, protect: Collection[TileKey] = ()) -> list[TileKey]:
        """Forget least-recently-used tiles until the total is within the budget; return them,
        least recently used first, for the owner to free.

        Level-1 tiles and the keys in ``protect`` (e.g. the tiles of the current frame) are never
        evicted, so the total may stay above the budget when they alone exceed it.
        """
        evicted = []
        if self._total <= self.budget_bytes:
            return evicted
        protected = set(protect)
        for key in list(self._sizes):
            if self._total <= self.budget_bytes:
                break
            if key.level == 1 or key in protected:
                continue
            self._total -= self._sizes.pop(key)
            evicted.append(key)
        return evicted


# -- the preview ----------------------------------------------------------------------------------


def preview_level(source: MultiresSource, max_edge: int = PREVIEW_MAX_EDGE) -> int:
    """The finest level whose face edge is at most ``max_edge`` (level 1 when even it is larger)."""
    for level in range(source.max_level, 0, -1):
        if source.level_edge(level) <= max_edge:
            return level
    return 1


def load_multires_preview(source: MultiresSource, max_edge: int = PREVIEW_MAX_EDGE,
                          progress: Progress | None = None) -> CubePixels:
    """The six faces of :func:`preview_level`, assembled from their tiles, as ``CubePixels``.

    A tile that is missing or corrupt is logged (a warning naming the file) and its area taken
    from the fallback face (``fallbackPath``) scaled to the level's edge; without a usable fallback
    face, from the level below, scaled up. Faces have a cube scene's order and orientation.

    Parameters
    ----------
    max_edge
        The largest face edge wanted (pixels); memory is about ``6 * 4 * edge^2`` bytes.
    progress
        Optional ``progress(fraction, message)``.

    Returns
    -------
    CubePixels
        Six ``(N, N, 4)`` uint8 RGBA faces, ``N = source.level_edge(preview_level(...))``.

    Raises
    ------
    ImageError
        A level-1 tile cannot be read and there is no usable fallback face (the message names
        the tile).
    """
    report = progress or (lambda fraction, message: None)
    level = preview_level(source, max_edge)
    total = tile_count(source, level)
    assembler = _FaceAssembler(source)
    faces = []
    for face in range(len(CUBE_FACE_ORDER)):
        def step(done: int, face: int = face) -> None:
            report((face * total / 6 + done) / total, f"decoding level {level} tiles of the {CUBE_FACE_ORDER[face]} face")
        faces.append(assembler.face(level, face, step))
    report(1.0, f"decoded {total} level-{level} tiles")
    return CubePixels(tuple(faces))


class _FaceAssembler:
    """Builds whole faces from tiles, patching unreadable tiles from fallback faces or lower levels."""

    def __init__(self, source: MultiresSource):
        self.source = source
        self.fallbacks: dict[int, np.ndarray | None] = {}

    def face(self, level: int, face: int, step: Callable[[int], None] = lambda done: None) -> np.ndarray:
        source = self.source
        edge = source.level_edge(level)
        pixels = np.empty((edge, edge, 4), dtype=np.uint8)
        broken: list[tuple[int, int, int, int]] = []
        count = source.tiles_per_side(level)
        for index, (row, col) in enumerate((row, col) for row in range(count) for col in range(count)):
            key = TileKey(level, face, row, col)
            x0, y0, x1, y1 = tile_rect(source, key)
            try:
                pixels[y0:y1, x0:x1] = decode_tile(tile_file(source, key), expected_size=(x1 - x0, y1 - y0),
                                                   root=source.base, rgba=True)
            except TileError as exc:
                log.warning("%s; showing the %s there", exc, "fallback face" if source.fallback_path else "level below")
                broken.append((x0, y0, x1, y1))
            step(index + 1)
        if broken:
            patch = self.substitute(level, face, broken[0])
            for x0, y0, x1, y1 in broken:
                pixels[y0:y1, x0:x1] = patch[y0:y1, x0:x1]
        return pixels

    def substitute(self, level: int, face: int, first_broken: tuple[int, int, int, int]) -> np.ndarray:
        """The face at ``level``'s size from the fallback face, else from the level below."""
        edge = self.source.level_edge(level)
        fallback = self.fallback(face)
        if fallback is None and level > 1:
            fallback = self.face(level - 1, face)
        if fallback is None:
            tile = tile_file(self.source, TileKey(level, face, first_broken[1] // self.source.tile_resolution,
                                                  first_broken[0] // self.source.tile_resolution))
            raise ImageError(f"{tile}: level-1 tile unreadable and no fallback face to show instead")
        return _resize(fallback, edge)

    def fallback(self, face: int) -> np.ndarray | None:
        if face not in self.fallbacks:
            path = self.source.fallback_file(face)
            self.fallbacks[face] = None
            if path is not None:
                try:
                    _read_tile(path, self.source.base)  # refuses files outside the tile folder
                    self.fallbacks[face] = decode_rgba(path)
                except ImageError as exc:
                    log.warning("fallback face unusable: %s", exc)
        return self.fallbacks[face]


def _resize(rgba: np.ndarray, edge: int) -> np.ndarray:
    if rgba.shape[:2] == (edge, edge):
        return rgba
    resized = Image.fromarray(np.ascontiguousarray(rgba), "RGBA").resize((edge, edge), Image.Resampling.BILINEAR)
    return np.asarray(resized)

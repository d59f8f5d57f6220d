"""Ray casting against a loaded model (numpy only): what a click on the mesh hits.

:class:`ModelRaycaster` is built once per :class:`~vtour.model.mesh.ModelAsset` (world-space
triangles of every ``TRIANGLES`` primitive, every alpha mode included) and answers

- :meth:`ModelRaycaster.cast` ``(origin, direction) -> Hit | None``: the nearest surface along a ray;
- :meth:`ModelRaycaster.pick` ``(camera, x_px, y_px, width, height) -> Hit | None``: the surface
  under an image pixel, through the same view/projection matrices the renderer uses (authoring
  places 3D hotspots with it);
- :meth:`ModelRaycaster.visible` ``(eye, point)``: whether nothing lies between two points.

:func:`pixel_ray` and :func:`project_points` convert between pixels and the world; pixel
coordinates are measured from the **top-left corner** of the image (``x`` right, ``y`` down), so
the centre of pixel ``(i, j)`` is ``(i + 0.5, j + 0.5)`` and the image centre is
``(width / 2, height / 2)``.

Acceleration: trimesh's ``RayMeshIntersector`` needs ``rtree`` for its broad phase (not installed
here) and answers one ray over a 1M-triangle mesh in seconds without it. So the triangles are
sorted along a Morton (Z-order) curve of their centroids and cut into leaves of ``leaf_size``
consecutive triangles with a bounding box each: a ray is slab-tested against every leaf box at
once (a few thousand boxes), the leaves it enters are visited nearest first, and Möller–Trumbore
runs vectorised over each visited leaf until the best hit is nearer than the next leaf's entry.
Building takes about 0.5 s for 1M triangles; a cast takes about a millisecond (see
``docs/models.md`` for measured numbers).

The :attr:`Hit.normal` is the **geometric** normal of the triangle hit, turned to face the ray's
origin: exact and independent of the file's (possibly smoothed or missing) vertex normals, and
right for double-sided walls seen from either side -- what a hotspot anchored on the surface
needs to tell whether it faces the viewer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from vtour.geometry.orbit import CameraMatrices, OrbitCamera

LEAF_SIZE = 128
_EPSILON = 1e-12


@dataclass(frozen=True)
class Hit:
    """Where a ray meets the model.

    Attributes
    ----------
    point
        World position ``(3,)`` float64.
    normal
        Unit geometric normal of the triangle hit, facing the ray's origin.
    distance
        Along the ray from its origin (the direction is normalised, so in world units).
    primitive
        Index into ``asset.primitives``.
    triangle
        Index of the triangle inside that primitive (``indices[3 * triangle: 3 * triangle + 3]``).
    """

    point: np.ndarray
    normal: np.ndarray
    distance: float
    primitive: int
    triangle: int


def camera_matrices(camera, width: int, height: int, bounds=None) -> CameraMatrices:
    """An :class:`OrbitCamera`, :class:`CameraMatrices` or ``(view, projection)`` pair as matrices
    (an orbit camera's clip planes fitted to ``bounds``, as the renderer does)."""
    if isinstance(camera, OrbitCamera):
        return camera.matrices(width, height, bounds)
    if isinstance(camera, CameraMatrices):
        return camera
    view, projection = camera
    return CameraMatrices(np.asarray(view, float), np.asarray(projection, float))


def pixel_ray(matrices: CameraMatrices, x_px: float, y_px: float, width: int,
              height: int) -> tuple[np.ndarray, np.ndarray]:
    """``(origin, unit direction)`` of the view ray through pixel position ``(x_px, y_px)``.

    The origin lies on the near plane (so perspective and orthographic cameras both work, and
    nothing the renderer clips away is hit).
    """
    ndc_x = 2.0 * x_px / width - 1.0
    ndc_y = 1.0 - 2.0 * y_px / height
    inverse = np.linalg.inv(matrices.view_projection)
    near = inverse @ np.array([ndc_x, ndc_y, -1.0, 1.0])
    far = inverse @ np.array([ndc_x, ndc_y, 1.0, 1.0])
    near, far = near[:3] / near[3], far[:3] / far[3]
    direction = far - near
    return near, direction / np.linalg.norm(direction)


def project_points(matrices: CameraMatrices, points, width: int,
                   height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Project world points ``(N, 3)`` into the image.

    Returns ``(pixels (N, 2), ndc_depth (N,), in_front (N,) bool)``: pixel positions from the
    top-left corner (``x`` right, ``y`` down), the normalised-device depth in [-1, 1] (what the
    depth buffer holds, before the ``* 0.5 + 0.5`` window mapping) and whether the point lies in
    front of the camera (``w > 0``; the other two values are meaningless where it does not).
    """
    points = np.atleast_2d(np.asarray(points, float))
    clip = np.c_[points, np.ones(len(points))] @ matrices.view_projection.T
    w = clip[:, 3]
    in_front = w > 1e-9
    safe = np.where(in_front, w, 1.0)
    ndc = clip[:, :3] / safe[:, None]
    pixels = np.c_[(ndc[:, 0] + 1.0) * 0.5 * width, (1.0 - ndc[:, 1]) * 0.5 * height]
    return pixels, ndc[:, 2], in_front


def pixel_size_at(matrices: CameraMatrices, point, height: int) -> float:
    """World size of one pixel at ``point`` (perspective: grows with the distance; orthographic: constant)."""
    projection = matrices.projection
    if abs(projection[3, 2]) > 1e-12:  # perspective
        depth = -(matrices.view @ np.append(np.asarray(point, float), 1.0))[2]
        return 2.0 * max(depth, 1e-9) / (projection[1, 1] * height)
    return 2.0 / (projection[1, 1] * height)


def _spread(bits: np.ndarray) -> np.ndarray:
    """Insert two zero bits after each of the low 10 bits (``abc`` -> ``a00b00c``)."""
    x = bits & np.uint32(0x3FF)
    x = (x | (x << np.uint32(16))) & np.uint32(0x030000FF)
    x = (x | (x << np.uint32(8))) & np.uint32(0x0300F00F)
    x = (x | (x << np.uint32(4))) & np.uint32(0x030C30C3)
    return (x | (x << np.uint32(2))) & np.uint32(0x09249249)


def _morton(centroids: np.ndarray) -> np.ndarray:
    """30-bit Morton codes of points in their bounding box (10 bits per axis)."""
    low, high = centroids.min(axis=0), centroids.max(axis=0)
    cells = ((centroids - low) / np.maximum(high - low, 1e-30) * 1023.0).astype(np.uint32)
    return _spread(cells[:, 0]) | (_spread(cells[:, 1]) << np.uint32(1)) | (_spread(cells[:, 2]) << np.uint32(2))


class ModelRaycaster:
    """World-space triangles of a model, sorted into bounding-box leaves for fast ray casts.

    Keeps its own float32 copy of the triangles (36 bytes each plus indices), so the asset may be
    dropped after building. Build it off the UI thread for big models (about 0.5 s per million
    triangles).
    """

    def __init__(self, asset=None, *, leaf_size: int = LEAF_SIZE) -> None:
        triangles, owners = [], []
        if asset is not None:
            for index, primitive in enumerate(asset.primitives):
                geometry = primitive.geometry
                if geometry.triangle_count == 0:
                    continue
                matrix = np.asarray(primitive.world_matrix, float)
                world = geometry.positions.astype(float) @ matrix[:3, :3].T + matrix[:3, 3]
                corners = world[geometry.indices[: geometry.triangle_count * 3]].reshape(-1, 3, 3)
                triangles.append(corners)
                owners.append(np.c_[np.full(len(corners), index), np.arange(len(corners))])
        stacked = np.concatenate(triangles) if triangles else np.zeros((0, 3, 3))
        owner = np.concatenate(owners) if owners else np.zeros((0, 2), np.int64)
        self._build(stacked, owner, leaf_size)

    @classmethod
    def from_triangles(cls, triangles, *, leaf_size: int = LEAF_SIZE) -> ModelRaycaster:
        """From world-space triangles ``(N, 3, 3)`` (their primitive index is 0, triangle index their row)."""
        triangles = np.asarray(triangles, float).reshape(-1, 3, 3)
        caster = cls.__new__(cls)
        caster._build(triangles, np.c_[np.zeros(len(triangles), np.int64), np.arange(len(triangles))], leaf_size)
        return caster

    def _build(self, triangles: np.ndarray, owner: np.ndarray, leaf_size: int) -> None:
        self.triangle_count = len(triangles)
        self.leaf_size = max(1, int(leaf_size))
        if self.triangle_count == 0:
            self.bounds = None
            self._v0 = self._e1 = self._e2 = np.zeros((0, 3), np.float32)
            self._owner = owner.astype(np.int64)
            self._starts = np.zeros(0, np.int64)
            self._low = self._high = np.zeros((0, 3))
            return
        triangles = np.asarray(triangles, np.float32)
        order = np.argsort(_morton(triangles.mean(axis=1)), kind="stable")
        triangles = triangles[order]
        self._owner = owner[order].astype(np.int64)
        self._v0 = np.ascontiguousarray(triangles[:, 0])
        self._e1 = triangles[:, 1] - triangles[:, 0]
        self._e2 = triangles[:, 2] - triangles[:, 0]
        self._starts = np.arange(0, self.triangle_count, self.leaf_size)
        lows, highs = triangles.min(axis=1), triangles.max(axis=1)
        pad = 1e-6 * max(float(np.abs(triangles).max()), 1.0)
        self._low = np.minimum.reduceat(lows, self._starts).astype(float) - pad
        self._high = np.maximum.reduceat(highs, self._starts).astype(float) + pad
        self.bounds = np.array([lows.min(axis=0), highs.max(axis=0)], float)

    # -- queries ---------------------------------------------------------------------------------

    def cast(self, origin, direction, max_distance: float = math.inf) -> Hit | None:
        """The nearest hit along the ray from ``origin`` towards ``direction`` (any length, not zero),
        within ``max_distance`` of the origin; None when the ray misses. Both faces of every triangle
        count (hits on back faces too: a click should not go through a single-sided wall)."""
        origin = np.asarray(origin, float)
        direction = np.asarray(direction, float)
        length = float(np.linalg.norm(direction))
        if length == 0.0 or not np.all(np.isfinite(direction)) or not np.all(np.isfinite(origin)):
            raise ValueError(f"a ray needs a finite, non-zero direction, not {direction.tolist()}")
        direction = direction / length
        if self.triangle_count == 0:
            return None
        entry = self._leaf_entries(origin, direction, max_distance)
        best_t, best_index = max_distance, -1
        order = np.argsort(entry)
        order = order[np.isfinite(entry[order])]
        position, batch = 0, 1
        while position < len(order):
            if entry[order[position]] > best_t:
                break
            leaves = order[position:position + batch]
            position += len(leaves)
            batch = min(batch * 2, 16)
            rows = (self._starts[leaves][:, None] + np.arange(self.leaf_size)).ravel()
            rows = rows[rows < self.triangle_count]
            t = self._intersect(rows, origin, direction)
            nearest = int(np.argmin(t))
            if t[nearest] < best_t:
                best_t, best_index = float(t[nearest]), int(rows[nearest])
        if best_index < 0:
            return None
        normal = np.cross(self._e1[best_index].astype(float), self._e2[best_index].astype(float))
        normal /= max(float(np.linalg.norm(normal)), _EPSILON)
        if normal @ direction > 0.0:
            normal = -normal
        primitive, triangle = self._owner[best_index]
        return Hit(origin + best_t * direction, normal, best_t, int(primitive), int(triangle))

    def pick(self, camera, x_px: float, y_px: float, width: int, height: int) -> Hit | None:
        """The surface under pixel position ``(x_px, y_px)`` (from the top-left corner) of a
        ``width`` x ``height`` image drawn with ``camera`` (an :class:`OrbitCamera`, whose clip
        planes are fitted to the model as the renderer fits them, :class:`CameraMatrices` or a
        ``(view, projection)`` pair)."""
        matrices = camera_matrices(camera, width, height, self.bounds)
        origin, direction = pixel_ray(matrices, x_px, y_px, width, height)
        return self.cast(origin, direction)

    def visible(self, eye, point, tolerance: float = 1e-4) -> bool:
        """True when no surface lies between ``eye`` and ``point`` (closer to ``point`` than
        ``tolerance`` times their distance counts as the point's own surface)."""
        eye, point = np.asarray(eye, float), np.asarray(point, float)
        offset = point - eye
        distance = float(np.linalg.norm(offset))
        if distance == 0.0:
            return True
        return self.cast(eye, offset, distance * (1.0 - tolerance)) is None

    # -- internals -------------------------------------------------------------------------------

    def _leaf_entries(self, origin: np.ndarray, direction: np.ndarray, max_distance: float) -> np.ndarray:
        """Distance at which the ray enters each leaf box (inf where it misses)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            inverse = 1.0 / direction
            t0 = (self._low - origin) * inverse
            t1 = (self._high - origin) * inverse
        # A zero direction component: inside the slab -> (-inf, inf), outside -> empty.
        parallel = direction == 0.0
        if parallel.any():
            inside = (self._low <= origin) & (origin <= self._high)
            t0 = np.where(parallel, np.where(inside, -np.inf, np.inf), t0)
            t1 = np.where(parallel, np.where(inside, np.inf, -np.inf), t1)
        near = np.minimum(t0, t1).max(axis=1)
        far = np.maximum(t0, t1).min(axis=1)
        near = np.maximum(near, 0.0)
        return np.where((near <= far) & (near <= max_distance), near, np.inf)

    def _intersect(self, rows: np.ndarray, origin: np.ndarray, direction: np.ndarray) -> np.ndarray:
        """Möller–Trumbore on triangles ``rows``: distances (inf where missed), both faces."""
        e1 = self._e1[rows].astype(float)
        e2 = self._e2[rows].astype(float)
        p = np.cross(direction, e2)
        det = np.einsum("ij,ij->i", e1, p)
        valid = np.abs(det) > _EPSILON * np.maximum(np.einsum("ij,ij->i", e1, e1), _EPSILON)
        inv = np.where(valid, 1.0 / np.where(valid, det, 1.0), 0.0)
        s = origin - self._v0[rows].astype(float)
        u = np.einsum("ij,ij->i", s, p) * inv
        q = np.cross(s, e1)
        v = (q @ direction) * inv
        t = np.einsum("ij,ij->i", e2, q) * inv
        tol = 1e-9
        hit = valid & (u >= -tol) & (v >= -tol) & (u + v <= 1.0 + tol) & (t > 1e-9)
        return np.where(hit, t, np.inf)

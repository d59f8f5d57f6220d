"""Where hotspots appear in a view, and which one is under a pixel (pure numpy).

Markers are placed with :func:`vtour.geometry.projections.yaw_pitch_to_pixel`, the same formulas
the shaders use, so a click lands where the marker is drawn. Polygon areas have great-circle
edges: :func:`arc_points` subdivides them on the sphere and :func:`outline_pixels` projects the
points (in pieces, broken where the outline passes behind the viewer).
:func:`point_in_spherical_polygon` is the test the area shader also evaluates per fragment.

All pixel coordinates are logical (device-independent) or device pixels as the caller chooses;
marker radii must be in the same unit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from vtour.geometry.angles import vector_to_yaw_pitch, yaw_pitch_to_vector
from vtour.geometry.projections import Projection, pixel_to_yaw_pitch, yaw_pitch_to_pixel

MARKER_RADIUS_DIP = 16.0
"""Drawn radius of a marker, in device-independent pixels (scaled by devicePixelRatio on screen)."""

PICK_SLOP_DIP = 2.0
"""Extra pick radius beyond the drawn disc (its shadow and antialiased edge)."""

ARC_STEP_DEG = 2.0
"""Largest angle between outline samples of a great-circle edge."""


@dataclass(frozen=True)
class ViewGeometry:
    """What placing anything in a view needs: the view-to-panorama matrix, size, hfov, projection."""

    view_to_panorama: np.ndarray
    width: float
    height: float
    hfov: float
    projection: Projection = Projection.RECTILINEAR

    def to_pixels(self, yaw, pitch):
        """``(px, py, shown)`` of panorama directions (degrees)."""
        return yaw_pitch_to_pixel(self.projection, yaw, pitch, self.view_to_panorama,
                                  self.width, self.height, self.hfov)

    def to_yaw_pitch(self, px, py):
        """Panorama ``(yaw, pitch)`` in degrees seen at pixel coordinates."""
        return pixel_to_yaw_pitch(self.projection, px, py, self.view_to_panorama, self.width, self.height, self.hfov)


# -- polygons on the sphere --------------------------------------------------------------------------


def polygon_vectors(vertices: Sequence[tuple[float, float]]) -> np.ndarray:
    """Unit vectors ``(N, 3)`` of ``(yaw, pitch)`` corners in degrees."""
    corners = np.asarray(vertices, dtype=np.float64).reshape(-1, 2)
    return yaw_pitch_to_vector(corners[:, 0], corners[:, 1])


def arc_points(a: np.ndarray, b: np.ndarray, step_deg: float = ARC_STEP_DEG) -> np.ndarray:
    """Points on the shorter great-circle arc from unit vector ``a`` to ``b`` (both ends included)."""
    angle = math.acos(float(np.clip(np.dot(a, b), -1.0, 1.0)))
    count = max(1, math.ceil(math.degrees(angle) / step_deg))
    t = np.linspace(0.0, 1.0, count + 1)[:, None]
    if angle < 1e-9:
        return np.repeat(a[None], count + 1, axis=0)
    return (np.sin((1.0 - t) * angle) * a + np.sin(t * angle) * b) / math.sin(angle)


def outline_vectors(vertices: Sequence[tuple[float, float]], step_deg: float = ARC_STEP_DEG) -> np.ndarray:
    """The closed outline ``(M, 3)``: every edge subdivided, first point repeated at the end."""
    corners = polygon_vectors(vertices)
    pieces = [arc_points(corners[i], corners[(i + 1) % len(corners)], step_deg)[:-1] for i in range(len(corners))]
    ring = np.concatenate(pieces, axis=0)
    return np.concatenate([ring, ring[:1]], axis=0)


def polygon_centre(vertices: Sequence[tuple[float, float]]) -> np.ndarray:
    """The normalised mean of the corners: the polygon's side of the sphere."""
    mean = polygon_vectors(vertices).sum(axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm > 1e-12 else np.array([0.0, 0.0, -1.0])


def point_in_spherical_polygon(points, vertices: Sequence[tuple[float, float]]) -> np.ndarray:
    """Whether unit vectors ``points`` (..., 3) lie inside the polygon with great-circle edges.

    The winding angle: seen from a point inside, the edges turn a full circle (±2 pi); from
    outside, they turn back to 0. A point opposite the polygon winds the same way as one inside,
    so the point must also lie in the polygon's hemisphere (areas are smaller than a hemisphere:
    a mural, a doorway). The area shader (``shaders/area.glsl``) evaluates the same sum.
    """
    p = np.asarray(points, dtype=np.float64)
    corners = polygon_vectors(vertices)
    total = np.zeros(p.shape[:-1])
    for i in range(len(corners)):
        a, b = corners[i], corners[(i + 1) % len(corners)]
        total += np.arctan2(p @ np.cross(a, b), np.full(total.shape, np.dot(a, b)) - (p @ a) * (p @ b))
    return (np.abs(total) > math.pi) & (p @ polygon_centre(vertices) > 0.0)


def outline_pixels(vertices: Sequence[tuple[float, float]], geometry: ViewGeometry,
                   step_deg: float = ARC_STEP_DEG) -> list[np.ndarray]:
    """The projected outline as polylines ``(K, 2)`` of pixel coordinates.

    The outline breaks where it passes out of what the projection shows (behind a rectilinear
    view), so no line jumps across the screen. Used for bounds and tests; the shader draws the
    exact arcs.
    """
    ring = outline_vectors(vertices, step_deg)
    yaw, pitch = vector_to_yaw_pitch(ring)
    px, py, shown = geometry.to_pixels(yaw, pitch)
    pieces, start = [], None
    for i, ok in enumerate(list(shown) + [False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            if i - start >= 2:
                pieces.append(np.stack([px[start:i], py[start:i]], axis=-1))
            start = None
    return pieces


def area_screen_bounds(vertices: Sequence[tuple[float, float]], geometry: ViewGeometry,
                       margin: float = 4.0) -> tuple[float, float, float, float] | None:
    """Pixel rectangle ``(x0, y0, x1, y1)`` that holds the area in this view, clipped to it; None when off screen.

    Where part of the outline is not shown (behind the viewer) or the area surrounds the
    screen's centre, the whole view is returned: the projected points no longer bound it. An
    outline wholly behind the viewer, around an area that does not hold the view's centre, is
    off screen.
    """
    full = (0.0, 0.0, float(geometry.width), float(geometry.height))
    ring = outline_vectors(vertices)
    yaw, pitch = vector_to_yaw_pitch(ring)
    px, py, shown = geometry.to_pixels(yaw, pitch)
    centre_yaw, centre_pitch = geometry.to_yaw_pitch(geometry.width / 2.0, geometry.height / 2.0)
    if point_in_spherical_polygon(yaw_pitch_to_vector(centre_yaw, centre_pitch), vertices):
        return full
    if not np.any(shown):
        return None  # the whole outline is behind, and the area does not surround the view
    if not np.all(shown):
        return full
    x0, x1 = max(0.0, px.min() - margin), min(full[2], px.max() + margin)
    y0, y1 = max(0.0, py.min() - margin), min(full[3], py.max() + margin)
    if x0 >= x1 or y0 >= y1:
        return None
    return x0, y0, x1, y1


# -- markers ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedMarker:
    """A point hotspot where it appears in a view (pixel centre)."""

    hotspot: object
    x: float
    y: float


def place_markers(hotspots: Iterable, geometry: ViewGeometry, radius: float = MARKER_RADIUS_DIP) -> list[PlacedMarker]:
    """Info and scene-link hotspots shown in the view (not behind it, not beyond its edges)."""
    points = [h for h in hotspots if h.kind != "area"]
    if not points:
        return []
    px, py, shown = geometry.to_pixels(np.array([h.yaw for h in points]), np.array([h.pitch for h in points]))
    placed = []
    for hotspot, x, y, ok in zip(points, np.atleast_1d(px), np.atleast_1d(py), np.atleast_1d(shown)):
        if ok and -radius <= x <= geometry.width + radius and -radius <= y <= geometry.height + radius:
            placed.append(PlacedMarker(hotspot, float(x), float(y)))
    return placed


def pick_hotspot(hotspots: Sequence, x: float, y: float, geometry: ViewGeometry,
                 radius: float = MARKER_RADIUS_DIP + PICK_SLOP_DIP):
    """The hotspot under pixel ``(x, y)``, or None.

    Markers first (the nearest whose centre is within ``radius``), then areas containing the
    direction seen at the pixel (the last listed wins, as it is drawn on top).
    """
    best, best_distance = None, radius
    for marker in place_markers(hotspots, geometry, radius):
        distance = math.hypot(marker.x - x, marker.y - y)
        if distance <= best_distance:
            best, best_distance = marker.hotspot, distance
    if best is not None:
        return best
    areas = [h for h in hotspots if h.kind == "area" and len(h.vertices) >= 3]
    if not areas:
        return None
    yaw, pitch = geometry.to_yaw_pitch(x, y)
    direction = yaw_pitch_to_vector(yaw, pitch)
    for area in reversed(areas):
        if bool(point_in_spherical_polygon(direction, area.vertices)):
            return area
    return None

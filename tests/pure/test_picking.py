"""Picking: which hotspot is under a pixel, against the geometry module's projection."""

from __future__ import annotations

import numpy as np
import pytest

from vtour.geometry.angles import yaw_pitch_to_vector
from vtour.geometry.picking import (
    MARKER_RADIUS_DIP,
    ViewGeometry,
    arc_points,
    area_screen_bounds,
    outline_pixels,
    pick_hotspot,
    point_in_spherical_polygon,
)
from vtour.geometry.projections import Projection, view_to_panorama_matrix
from vtour.model.tour import Hotspot

W, H = 800, 600
INFO = Hotspot(id="info", kind="info", yaw=12.0, pitch=4.0)
LINK = Hotspot(id="link", kind="scene", yaw=-25.0, pitch=-6.0, target_scene="b")
AREA = Hotspot(id="area", kind="area", vertices=((30.0, -10.0), (50.0, -10.0), (50.0, 10.0), (30.0, 10.0)))
SPOTS = [INFO, LINK, AREA]


def geometry(yaw=5.0, pitch=0.0, hfov=100.0, projection=Projection.RECTILINEAR):
    return ViewGeometry(view_to_panorama_matrix(yaw, pitch), W, H, hfov, projection)


@pytest.mark.parametrize("projection", list(Projection))
@pytest.mark.parametrize("spot", [INFO, LINK])
def test_click_on_marker_hits_and_ten_px_outside_misses(projection, spot):
    g = geometry(projection=projection)
    x, y, shown = g.to_pixels(spot.yaw, spot.pitch)
    assert shown
    assert pick_hotspot(SPOTS, float(x), float(y), g) is spot
    assert pick_hotspot(SPOTS, float(x) + MARKER_RADIUS_DIP - 1, float(y), g) is spot
    assert pick_hotspot(SPOTS, float(x), float(y) - (MARKER_RADIUS_DIP + 10), g) is None


@pytest.mark.parametrize("projection", list(Projection))
def test_click_inside_polygon_hits_and_ten_px_outside_misses(projection):
    g = geometry(yaw=35.0, projection=projection)
    x, y, _ = g.to_pixels(40.0, 0.0)
    assert pick_hotspot(SPOTS, float(x), float(y), g) is AREA
    # The right edge (yaw 50) at pitch 0, then 10 px further right.
    ex, ey, _ = g.to_pixels(50.0, 0.0)
    assert pick_hotspot(SPOTS, float(ex) - 3, float(ey), g) is AREA
    assert pick_hotspot(SPOTS, float(ex) + 10, float(ey), g) is None


def test_marker_wins_over_area_beneath():
    on_area = Hotspot(id="on", kind="info", yaw=40.0, pitch=0.0)
    g = geometry(yaw=40.0)
    assert pick_hotspot([AREA, on_area], W / 2, H / 2, g) is on_area


def test_marker_behind_viewer_is_not_picked():
    g = geometry(yaw=180.0)
    x, y, shown = g.to_pixels(INFO.yaw, INFO.pitch)
    assert not shown
    assert pick_hotspot([INFO], W / 2, H / 2, g) is None


def test_point_in_polygon_opposite_side_is_outside():
    verts = AREA.vertices
    assert point_in_spherical_polygon(yaw_pitch_to_vector(40.0, 0.0), verts)
    assert not point_in_spherical_polygon(yaw_pitch_to_vector(40.0 - 180.0, 0.0), verts)  # antipode
    assert not point_in_spherical_polygon(yaw_pitch_to_vector(0.0, 0.0), verts)


def test_polygon_across_the_seam_and_around_a_pole():
    seam = ((170.0, -5.0), (-170.0, -5.0), (-170.0, 5.0), (170.0, 5.0))
    assert point_in_spherical_polygon(yaw_pitch_to_vector(180.0, 0.0), seam)
    assert not point_in_spherical_polygon(yaw_pitch_to_vector(0.0, 0.0), seam)
    cap = ((0.0, 70.0), (90.0, 70.0), (180.0, 70.0), (-90.0, 70.0))
    assert point_in_spherical_polygon(yaw_pitch_to_vector(33.0, 89.0), cap)
    assert not point_in_spherical_polygon(yaw_pitch_to_vector(33.0, 60.0), cap)


def test_arc_points_stay_on_the_great_circle():
    a, b = yaw_pitch_to_vector(0.0, 0.0), yaw_pitch_to_vector(90.0, 45.0)
    points = arc_points(a, b, 2.0)
    normal = np.cross(a, b)
    assert np.allclose(points @ normal, 0.0, atol=1e-12)
    assert np.allclose(np.linalg.norm(points, axis=1), 1.0)
    assert np.allclose(points[0], a) and np.allclose(points[-1], b)


def test_outline_breaks_where_it_passes_behind():
    ring = ((60.0, -30.0), (150.0, -30.0), (-150.0, -30.0), (-60.0, -30.0), (-60.0, -5.0), (-150.0, -5.0),
            (150.0, -5.0), (60.0, -5.0))
    g = geometry(yaw=0.0, pitch=-10.0, hfov=90.0)
    pieces = outline_pixels(ring, g)
    assert len(pieces) >= 2
    for piece in pieces:
        assert np.isfinite(piece).all()
    assert area_screen_bounds(ring, g) == (0.0, 0.0, W, H)


def test_area_bounds_hold_the_area():
    g = geometry(yaw=40.0)
    x0, y0, x1, y1 = area_screen_bounds(AREA.vertices, g)
    for piece in outline_pixels(AREA.vertices, g):
        assert (piece[:, 0] >= x0).all() and (piece[:, 0] <= x1).all()
        assert (piece[:, 1] >= y0).all() and (piece[:, 1] <= y1).all()
    assert area_screen_bounds(AREA.vertices, geometry(yaw=-120.0)) is None

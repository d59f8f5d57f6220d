"""Projection math (vtour.geometry.projections): conventions, round trips, horizon correction."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vtour.geometry.angles import vfov_from_hfov, yaw_pitch_to_vector
from vtour.geometry.projections import (
    MAX_HFOV,
    Projection,
    camera_ray_to_pixel,
    camera_ray_to_plane,
    horizon_matrix,
    pixel_to_camera_ray,
    pixel_to_yaw_pitch,
    plane_to_camera_ray,
    view_to_panorama_matrix,
    yaw_pitch_to_pixel,
)

ALL = list(Projection)
W, H = 640, 360


@pytest.mark.parametrize("projection", ALL)
def test_centre_pixel_looks_forward(projection):
    ray = pixel_to_camera_ray(projection, W / 2, H / 2, W, H, 100.0)
    assert np.allclose(ray, [0, 0, -1])


@pytest.mark.parametrize("projection", ALL)
@pytest.mark.parametrize("hfov", [30.0, 100.0, 170.0])
def test_hfov_spans_the_outer_edges(projection, hfov):
    """The left and right edges of the middle row are hfov/2 either side of forward."""
    for x, sign in ((0.0, -1), (W, 1)):
        ray = pixel_to_camera_ray(projection, x, H / 2, W, H, hfov)
        assert math.degrees(math.atan2(ray[0], -ray[2])) == pytest.approx(sign * hfov / 2)


def test_rectilinear_vertical_fov():
    top = pixel_to_camera_ray(Projection.RECTILINEAR, W / 2, 0, W, H, 90.0)
    assert 2 * math.degrees(math.atan2(top[1], -top[2])) == pytest.approx(vfov_from_hfov(90.0, W, H))


@pytest.mark.parametrize("projection", ALL)
def test_pixel_ray_pixel_round_trip(projection):
    rng = np.random.default_rng(7)
    px, py = rng.uniform(0, W, 500), rng.uniform(0, H, 500)
    hfov = min(150.0, MAX_HFOV[projection])
    x, y, valid = camera_ray_to_pixel(projection, pixel_to_camera_ray(projection, px, py, W, H, hfov), W, H, hfov)
    assert valid.all()
    assert np.allclose(x, px) and np.allclose(y, py)


@pytest.mark.parametrize("projection", [Projection.STEREOGRAPHIC, Projection.PANNINI])
def test_wide_views_beyond_180_degrees(projection):
    """Stereographic and Pannini show rays behind the camera for hfov > 180 (little planets)."""
    ray = pixel_to_camera_ray(projection, 0.0, H / 2, W, H, 300.0)
    assert math.degrees(math.atan2(ray[0], -ray[2])) == pytest.approx(-150.0)
    assert np.all(np.isfinite(pixel_to_camera_ray(projection, *np.meshgrid(np.arange(W), np.arange(H)), W, H, 300.0)))


def test_unprojectable_rays_are_flagged():
    behind = np.array([0.0, 0.0, 1.0])
    for projection in ALL:
        plane, valid = camera_ray_to_plane(projection, behind)
        assert not valid and np.isnan(plane).all()
    _, valid = camera_ray_to_plane(Projection.RECTILINEAR, np.array([1.0, 0.0, 0.0]))  # sideways
    assert not valid


def test_stereographic_formula():
    """A ray theta from forward lands 2 tan(theta / 2) from the centre."""
    theta = math.radians(120)
    plane, _ = camera_ray_to_plane(Projection.STEREOGRAPHIC, np.array([math.sin(theta), 0, -math.cos(theta)]))
    assert plane[0] == pytest.approx(2 * math.tan(theta / 2))


def test_pannini_keeps_verticals_straight():
    """Rays at one azimuth but different elevations share a column (d = 1 general Pannini)."""
    rays = np.array([[math.sin(1.0), e, -math.cos(1.0)] for e in (-2.0, 0.0, 0.5, 3.0)])
    plane, _ = camera_ray_to_plane(Projection.PANNINI, rays)
    assert np.allclose(plane[:, 0], 2 * math.tan(0.5))
    assert np.allclose(plane_to_camera_ray(Projection.PANNINI, plane), rays / np.linalg.norm(rays, axis=1)[:, None])


def _pannellum_pose(yaw, pitch, horizon_pitch, horizon_roll):
    """The view direction Pannellum renders for a view (yaw, pitch) with horizonPitch/Roll
    (libpannellum.js render(), transcribed; radians in, degrees out)."""
    hp, hr = horizon_pitch, horizon_roll
    x = math.cos(hr) * math.sin(pitch) * math.sin(hp) + math.cos(pitch) * (
        math.cos(hp) * math.cos(yaw) + math.sin(hr) * math.sin(hp) * math.sin(yaw))
    y = -math.sin(pitch) * math.sin(hr) + math.cos(pitch) * math.cos(hr) * math.sin(yaw)
    z = math.cos(hr) * math.cos(hp) * math.sin(pitch) + math.cos(pitch) * (
        -math.cos(yaw) * math.sin(hp) + math.cos(hp) * math.sin(hr) * math.sin(yaw))
    return math.degrees(math.atan2(y, x)), math.degrees(math.asin(max(-1.0, min(1.0, z))))


def test_horizon_correction_matches_pannellum():
    rng = np.random.default_rng(3)
    for yaw, pitch, hp, hr in rng.uniform((-180, -85, -25, -25), (180, 85, 25, 25), (20, 4)):
        matrix = view_to_panorama_matrix(yaw, pitch, 0.0, hp, hr)
        image_yaw, image_pitch = pixel_to_yaw_pitch(Projection.RECTILINEAR, W / 2, H / 2, matrix, W, H, 90.0)
        expected = _pannellum_pose(*np.radians([yaw, pitch, hp, hr]))
        assert (float(image_yaw), float(image_pitch)) == pytest.approx(expected, abs=1e-6)


def test_horizon_matrix_is_a_rotation():
    matrix = horizon_matrix(12.0, -7.0)
    assert np.allclose(matrix @ matrix.T, np.eye(3)) and np.linalg.det(matrix) == pytest.approx(1.0)


def test_hotspot_placement_round_trip():
    matrix = view_to_panorama_matrix(40.0, 10.0, 5.0, 3.0, -2.0)
    for projection in ALL:
        x, y, shown = yaw_pitch_to_pixel(projection, 55.0, 20.0, matrix, W, H, 100.0)
        assert shown and 0 < x < W and 0 < y < H
        yaw, pitch = pixel_to_yaw_pitch(projection, x, y, matrix, W, H, 100.0)
        assert (float(yaw), float(pitch)) == pytest.approx((55.0, 20.0))


def test_yaw_to_the_right_is_right_of_centre():
    matrix = view_to_panorama_matrix(0.0, 0.0)
    x, y, _ = yaw_pitch_to_pixel(Projection.RECTILINEAR, 30.0, 10.0, matrix, W, H, 100.0)
    assert x > W / 2 and y < H / 2
    assert np.allclose(yaw_pitch_to_vector(90.0, 0.0), [1, 0, 0])

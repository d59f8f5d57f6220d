"""The orbit camera and its matrices (pure numpy)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vtour.geometry.orbit import (
    OrbitCamera,
    clip_planes,
    look_at,
    node_camera_matrices,
    perspective,
)

BOUNDS = np.array([[-1.0, -0.5, -2.0], [3.0, 1.5, 0.0]])


def project(matrices, point):
    clip = matrices.view_projection @ np.append(point, 1.0)
    return clip[:3] / clip[3]


def corners(bounds):
    return [np.array([x, y, z]) for x in bounds[:, 0] for y in bounds[:, 1] for z in bounds[:, 2]]


@pytest.mark.parametrize("yaw, expected_direction", [(0, (0, 0, -1)), (90, (1, 0, 0)), (180, (0, 0, 1)),
                                                      (-90, (-1, 0, 0))])
def test_yaw_follows_the_panorama_convention(yaw, expected_direction):
    camera = OrbitCamera(target=(1, 2, 3), distance=5, yaw=yaw, pitch=0)
    np.testing.assert_allclose(camera.direction, expected_direction, atol=1e-12)
    np.testing.assert_allclose(camera.eye, np.array([1, 2, 3]) - 5 * np.array(expected_direction), atol=1e-12)


def test_negative_pitch_looks_down_from_above():
    camera = OrbitCamera(distance=2, pitch=-30)
    assert camera.eye[1] == pytest.approx(2 * math.sin(math.radians(30)))


def test_view_matrix_puts_the_target_ahead_and_x_to_the_right():
    camera = OrbitCamera(target=(1, 0, 0), distance=4, yaw=90, pitch=0)
    view = camera.view_matrix()
    np.testing.assert_allclose(view @ [1, 0, 0, 1], [0, 0, -4, 1], atol=1e-12)
    # looking along +X, the camera's right is +Z (turning right from -Z goes to +X, right of +X is +Z)
    np.testing.assert_allclose(view[0, :3], [0, 0, 1], atol=1e-12)
    np.testing.assert_allclose(view[1, :3], [0, 1, 0], atol=1e-12)


def test_perspective_maps_near_far_and_the_field_of_view_edges():
    projection = perspective(60.0, 2.0, 0.5, 10.0)

    def ndc(point):
        clip = projection @ np.append(point, 1.0)
        return clip[:3] / clip[3]

    assert ndc([0, 0, -0.5])[2] == pytest.approx(-1.0)
    assert ndc([0, 0, -10.0])[2] == pytest.approx(1.0)
    assert ndc([0, math.tan(math.radians(30)) * 3, -3])[1] == pytest.approx(1.0)
    assert ndc([2 * math.tan(math.radians(30)) * 3, 0, -3])[0] == pytest.approx(1.0)


def test_horizontal_fov_spans_the_width():
    camera = OrbitCamera(fov=90, fov_axis="horizontal", near=1, far=10)
    projection = camera.projection_matrix(16 / 9)
    assert projection[0, 0] == pytest.approx(1.0)
    assert camera.vfov(16 / 9) == pytest.approx(math.degrees(2 * math.atan(9 / 16)))


@pytest.mark.parametrize("yaw, pitch, aspect", [(0, 0, 4 / 3), (-30, -20, 16 / 9), (135, 60, 0.5), (90, -89, 1.0)])
def test_frame_bounds_fits_every_corner_and_fills_the_view(yaw, pitch, aspect):
    camera = OrbitCamera(yaw=yaw, pitch=pitch).frame_bounds(BOUNDS, aspect)
    np.testing.assert_allclose(camera.target, BOUNDS.mean(axis=0))
    width, height = 1000 * aspect, 1000
    matrices = camera.matrices(width, height, BOUNDS)
    points = np.array([project(matrices, c) for c in corners(BOUNDS)])
    assert np.all(np.abs(points) <= 1.0)  # in x, y and (clip planes fitted to the box) depth
    assert np.abs(points[:, :2]).max() > 0.85  # and not lost in the middle


def test_clip_planes_hold_the_box():
    eye = np.array([0.0, 0.0, 10.0])
    near, far = clip_planes(eye, BOUNDS)
    depths = [np.linalg.norm(c - eye) for c in corners(BOUNDS)]
    assert 0 < near <= min(depths) and far >= max(depths)
    near_inside, far_inside = clip_planes(BOUNDS.mean(axis=0), BOUNDS)
    assert near_inside == pytest.approx(far_inside * 1e-3)


def test_orbit_clamps_pitch_and_wraps_yaw():
    camera = OrbitCamera(yaw=170, pitch=80).orbit(20, 30)
    assert camera.yaw == pytest.approx(-170)
    assert camera.pitch == 89.0
    limited = OrbitCamera(min_pitch=-60, max_pitch=10).orbit(0, -200)
    assert limited.pitch == -60


def test_zoom_respects_distance_limits():
    camera = OrbitCamera(yaw=-30, pitch=-20).frame_bounds(BOUNDS)
    assert camera.zoom(1e-6).distance == pytest.approx(camera.min_distance)
    assert camera.zoom(1e6).distance == pytest.approx(camera.max_distance)
    assert camera.zoom(0.5).distance == pytest.approx(camera.distance * 0.5)
    with pytest.raises(ValueError):
        camera.zoom(0)


def test_pan_moves_the_target_in_the_view_plane():
    camera = OrbitCamera(distance=2, yaw=0, pitch=0, fov=90)
    moved = camera.pan(0.5, 0.0)  # half the visible height (4 units at the target) to the right
    np.testing.assert_allclose(moved.target, (2.0, 0.0, 0.0), atol=1e-12)
    np.testing.assert_allclose(camera.pan(0, 0.25).target, (0.0, 1.0, 0.0), atol=1e-12)
    assert moved.direction @ (np.asarray(moved.target) - camera.target) == pytest.approx(0.0)


def test_from_eye_target_round_trips():
    camera = OrbitCamera.from_eye_target((3, 4, 5), (1, 1, 1))
    np.testing.assert_allclose(camera.eye, (3, 4, 5), atol=1e-9)
    np.testing.assert_allclose(camera.target, (1, 1, 1))
    with pytest.raises(ValueError):
        OrbitCamera.from_eye_target((1, 1, 1), (1, 1, 1))


def test_look_at_straight_down_is_defined():
    view = look_at((0, 5, 0), (0, 0, 0))
    assert np.all(np.isfinite(view))
    np.testing.assert_allclose(view @ [0, 0, 0, 1], [0, 0, -5, 1], atol=1e-12)


def test_node_camera_matrices_of_a_glTF_camera():
    world = np.identity(4)
    world[:3, 3] = (0, 1, 5)
    matrices = node_camera_matrices(world, math.radians(60), 1.5, 0.1, 100.0)
    np.testing.assert_allclose(matrices.eye, (0, 1, 5), atol=1e-12)
    assert project(matrices, (0, 1, 0))[:2] == pytest.approx((0, 0))
    orthographic = node_camera_matrices(world, None, 1.0, 0.1, 100.0, xmag=2, ymag=1)
    assert project(orthographic, (2, 2, 0))[:2] == pytest.approx((1, 1))


def test_bad_fov_is_refused():
    with pytest.raises(ValueError):
        OrbitCamera(fov=0)
    with pytest.raises(ValueError):
        OrbitCamera(fov_axis="diagonal")

import math

import numpy as np
import pytest

from vtour.geometry.angles import (
    edge_fov_to_center_fov,
    equirect_uv_to_yaw_pitch,
    hfov_from_vfov,
    vector_to_yaw_pitch,
    vfov_from_hfov,
    view_rotation,
    wrap_yaw,
    yaw_pitch_to_equirect_uv,
    yaw_pitch_to_vector,
)


def test_design_axes():
    np.testing.assert_allclose(yaw_pitch_to_vector(0, 0), [0, 0, -1], atol=1e-12)
    np.testing.assert_allclose(yaw_pitch_to_vector(90, 0), [1, 0, 0], atol=1e-12)
    np.testing.assert_allclose(yaw_pitch_to_vector(0, 90), [0, 1, 0], atol=1e-12)


@pytest.mark.parametrize("yaw,pitch", [(0, 0), (170, -30), (-120, 45), (33, 89)])
def test_vector_round_trip(yaw, pitch):
    got_yaw, got_pitch = vector_to_yaw_pitch(yaw_pitch_to_vector(yaw, pitch))
    assert got_yaw == pytest.approx(yaw) and got_pitch == pytest.approx(pitch)


@pytest.mark.parametrize("yaw,pitch,roll", [(0, 0, 0), (90, 0, 10), (-45, 20, -5), (179, -70, 30)])
def test_view_rotation_forward_is_view_direction(yaw, pitch, roll):
    rotation = view_rotation(yaw, pitch, roll)
    np.testing.assert_allclose(rotation @ [0, 0, -1], yaw_pitch_to_vector(yaw, pitch), atol=1e-12)
    np.testing.assert_allclose(rotation @ rotation.T, np.eye(3), atol=1e-12)


def test_view_rotation_right_vector_is_level_without_roll():
    right = view_rotation(-45, 20) @ [1, 0, 0]
    np.testing.assert_allclose(right, yaw_pitch_to_vector(45, 0), atol=1e-12)


def test_wrap_yaw_range():
    assert wrap_yaw(180) == 180 and wrap_yaw(-180) == 180 and wrap_yaw(540.5) == pytest.approx(-179.5)


def test_equirect_uv():
    assert yaw_pitch_to_equirect_uv(0, 90) == (0.5, 0.0)
    u, v = yaw_pitch_to_equirect_uv(-90, -45)
    assert (u, v) == (0.25, 0.75)
    assert tuple(map(float, equirect_uv_to_yaw_pitch(0.25, 0.75))) == (-90, -45)


def test_fovs():
    assert vfov_from_hfov(90, 100, 100) == pytest.approx(90)
    assert hfov_from_vfov(vfov_from_hfov(100, 1920, 1080), 1920, 1080) == pytest.approx(100)
    # the peers README: hfov 100 at 1920x1080 is a 67.7 degree vertical fov (it rounds to 67.6)
    assert vfov_from_hfov(100, 1920, 1080) == pytest.approx(67.67, abs=0.01)
    assert edge_fov_to_center_fov(90, 2) == pytest.approx(2 * math.degrees(math.atan(0.5)))

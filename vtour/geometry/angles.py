"""Conversions between view angles, direction vectors and equirectangular coordinates.

Every function names both spaces it converts between. Inputs may be scalars or numpy arrays.
"""

from __future__ import annotations

import math

import numpy as np


def wrap_yaw(yaw_deg: float) -> float:
    """Wrap a yaw in degrees into (-180, 180]."""
    wrapped = math.fmod(yaw_deg + 180.0, 360.0)
    if wrapped <= 0.0:
        wrapped += 360.0
    return wrapped - 180.0


def yaw_pitch_to_vector(yaw_deg, pitch_deg) -> np.ndarray:
    """Unit direction(s) ``(..., 3)`` in the world frame for yaw/pitch in degrees."""
    yaw = np.radians(yaw_deg)
    pitch = np.radians(pitch_deg)
    cos_pitch = np.cos(pitch)
    return np.stack(
        [cos_pitch * np.sin(yaw), np.sin(pitch) * np.ones_like(yaw), -cos_pitch * np.cos(yaw)],
        axis=-1,
    )


def vector_to_yaw_pitch(vectors) -> tuple[np.ndarray, np.ndarray]:
    """Yaw and pitch in degrees of direction vector(s) ``(..., 3)`` (need not be unit length)."""
    v = np.asarray(vectors, dtype=np.float64)
    x, y, z = v[..., 0], v[..., 1], v[..., 2]
    # atan2 rather than asin: stable near the poles and for non-unit input.
    pitch = np.degrees(np.arctan2(y, np.hypot(x, z)))
    yaw = np.degrees(np.arctan2(x, -z))
    return yaw, pitch


def yaw_pitch_to_equirect_uv(yaw_deg, pitch_deg):
    """Equirectangular texture coordinates: u in [0, 1) left to right, v 0 at the top row (pitch +90)."""
    u = (np.asarray(yaw_deg) / 360.0 + 0.5) % 1.0
    v = 0.5 - np.asarray(pitch_deg) / 180.0
    return u, v


def equirect_uv_to_yaw_pitch(u, v):
    """Inverse of :func:`yaw_pitch_to_equirect_uv` (yaw in [-180, 180), pitch in [-90, 90])."""
    return (np.asarray(u) - 0.5) * 360.0, (0.5 - np.asarray(v)) * 180.0


def vfov_from_hfov(hfov_deg: float, width: int, height: int) -> float:
    """Vertical field of view of a rectilinear view whose hfov spans the output's outer edges."""
    half = math.radians(hfov_deg) / 2.0
    return math.degrees(2.0 * math.atan(math.tan(half) * height / width))


def hfov_from_vfov(vfov_deg: float, width: int, height: int) -> float:
    """Inverse of :func:`vfov_from_hfov`."""
    half = math.radians(vfov_deg) / 2.0
    return math.degrees(2.0 * math.atan(math.tan(half) * width / height))


def edge_fov_to_center_fov(fov_deg: float, pixels: int) -> float:
    """Field of view between the *centres* of the edge pixels (what py360convert.e2p expects)."""
    half = math.radians(fov_deg) / 2.0
    return math.degrees(2.0 * math.atan(math.tan(half) * (pixels - 1) / pixels))


def view_rotation(yaw_deg: float, pitch_deg: float, roll_deg: float = 0.0) -> np.ndarray:
    """3x3 matrix taking camera-space vectors (x right, y up, -z forward) to the world frame.

    The camera first rolls about its view axis, then pitches up, then turns right by yaw.
    """
    yaw, pitch, roll = (math.radians(a) for a in (yaw_deg, pitch_deg, roll_deg))
    cy, sy = math.cos(yaw), math.sin(yaw)
    cp, sp = math.cos(pitch), math.sin(pitch)
    cr, sr = math.cos(roll), math.sin(roll)
    # yaw positive to the right = clockwise seen from above = rotation by -yaw about +Y.
    turn = np.array([[cy, 0.0, -sy], [0.0, 1.0, 0.0], [sy, 0.0, cy]])
    tilt = np.array([[1.0, 0.0, 0.0], [0.0, cp, -sp], [0.0, sp, cp]])
    # roll positive turns the camera clockwise about its view axis (the scene appears turned
    # counter-clockwise): the camera's right vector dips below the horizon.
    spin = np.array([[cr, sr, 0.0], [-sr, cr, 0.0], [0.0, 0.0, 1.0]])
    return turn @ tilt @ spin

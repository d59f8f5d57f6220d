"""Output projections of a view: how an output pixel maps to a camera-space ray and back.

Camera space is x right, y up, -z forward (see :func:`vtour.geometry.angles.view_rotation`).
Each projection maps a ray to *plane* coordinates scaled so that one plane unit is one radian at
the image centre; the output image spans ``[-e, e]`` horizontally (``e`` from :func:`plane_extent`)
and keeps square pixels vertically. Pixel coordinates have x from 0 at the left edge to ``width``
at the right edge and y from 0 at the top edge to ``height`` at the bottom (pixel ``(i, j)`` has
its centre at ``(i + 0.5, j + 0.5)``), as in Qt widget coordinates.

Camera rays turn into panorama directions through :func:`view_to_panorama_matrix` (the view's
rotation and the panorama's horizon correction); :func:`yaw_pitch_to_pixel` and
:func:`pixel_to_yaw_pitch` chain everything, for placing and picking hotspots.

The GLSL in ``shaders/include/view_ray.glsl`` implements the same formulas; tests check they agree.
"""

from __future__ import annotations

import enum
import math

import numpy as np

from vtour.geometry.angles import vector_to_yaw_pitch, view_rotation, yaw_pitch_to_vector


class Projection(enum.Enum):
    """How a view maps the sphere onto the output image. hfov spans the outer edges in each."""

    RECTILINEAR = "rectilinear"
    STEREOGRAPHIC = "stereographic"  # "little planet" when pitched to the nadir with a wide hfov
    PANNINI = "pannini"  # keeps verticals straight in wide views (cave interiors)


MAX_HFOV = {Projection.RECTILINEAR: 179.0, Projection.STEREOGRAPHIC: 359.0, Projection.PANNINI: 359.0}
"""The widest hfov each projection can show (degrees); wider requests are clamped to this."""


def clamp_hfov(projection: Projection, hfov_deg: float) -> float:
    """``hfov_deg`` limited to (0, :data:`MAX_HFOV`] for ``projection``."""
    return float(min(max(hfov_deg, 1e-3), MAX_HFOV[projection]))


def _plane_radius(projection: Projection, angle):
    """Plane distance of a ray ``angle`` radians from forward along the horizontal axis."""
    if projection is Projection.RECTILINEAR:
        return np.tan(angle)
    return 2.0 * np.tan(angle / 2.0)  # stereographic, and Pannini (d = 1) on its horizon


def plane_extent(projection: Projection, hfov_deg: float, width: int, height: int) -> tuple[float, float]:
    """Plane coordinates ``(x, y)`` at the output's right and top edges for ``hfov_deg``."""
    half = math.radians(clamp_hfov(projection, hfov_deg)) / 2.0
    extent_x = float(_plane_radius(projection, half))
    return extent_x, extent_x * height / width


def plane_to_camera_ray(projection: Projection, plane) -> np.ndarray:
    """Unit camera-space rays ``(..., 3)`` for plane coordinates ``(..., 2)``."""
    p = np.asarray(plane, dtype=np.float64)
    x, y = p[..., 0], p[..., 1]
    if projection is Projection.RECTILINEAR:
        rays = np.stack([x, y, -np.ones_like(x)], axis=-1)
    elif projection is Projection.STEREOGRAPHIC:
        qx, qy = x / 2.0, y / 2.0
        rays = np.stack([2.0 * qx, 2.0 * qy, qx * qx + qy * qy - 1.0], axis=-1)
    else:  # Pannini, d = 1
        phi = 2.0 * np.arctan(x / 2.0)
        rays = np.stack([np.sin(phi), y / 2.0 * (1.0 + np.cos(phi)), -np.cos(phi)], axis=-1)
    return rays / np.linalg.norm(rays, axis=-1, keepdims=True)


def camera_ray_to_plane(projection: Projection, rays) -> tuple[np.ndarray, np.ndarray]:
    """Plane coordinates ``(..., 2)`` of camera-space rays ``(..., 3)``, and where they are defined.

    Returns
    -------
    plane, valid
        ``valid`` is False for rays the projection cannot show: behind the camera (rectilinear),
        straight back (stereographic), or behind on the horizontal circle (Pannini). Their
        plane coordinates are NaN.
    """
    r = np.asarray(rays, dtype=np.float64)
    r = r / np.linalg.norm(r, axis=-1, keepdims=True)
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        if projection is Projection.RECTILINEAR:
            valid = z < -1e-12
            plane = np.stack([x / -z, y / -z], axis=-1)
        elif projection is Projection.STEREOGRAPHIC:
            valid = z < 1.0 - 1e-12
            plane = np.stack([2.0 * x / (1.0 - z), 2.0 * y / (1.0 - z)], axis=-1)
        else:
            phi = np.arctan2(x, -z)
            horizontal = np.hypot(x, z)
            valid = (horizontal > 1e-12) & (np.cos(phi) > -1.0 + 1e-12)
            plane = np.stack([2.0 * np.tan(phi / 2.0), 2.0 * (y / horizontal) / (1.0 + np.cos(phi))], axis=-1)
    plane = np.where(valid[..., None], plane, np.nan)
    return plane, valid


def pixel_to_camera_ray(projection: Projection, px, py, width: int, height: int, hfov_deg: float) -> np.ndarray:
    """Unit camera-space rays through pixel coordinates ``(px, py)`` of a ``width`` x ``height`` view."""
    extent_x, extent_y = plane_extent(projection, hfov_deg, width, height)
    ndc_x = 2.0 * np.asarray(px, dtype=np.float64) / width - 1.0
    ndc_y = 1.0 - 2.0 * np.asarray(py, dtype=np.float64) / height
    return plane_to_camera_ray(projection, np.stack(np.broadcast_arrays(ndc_x * extent_x, ndc_y * extent_y), axis=-1))


def camera_ray_to_pixel(projection: Projection, rays, width: int, height: int,
                        hfov_deg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixel coordinates ``(px, py)`` of camera-space rays, and whether the projection shows them.

    A shown ray may still fall outside the image; compare ``px``/``py`` with the size for that.
    """
    extent_x, extent_y = plane_extent(projection, hfov_deg, width, height)
    plane, valid = camera_ray_to_plane(projection, rays)
    px = (plane[..., 0] / extent_x + 1.0) * width / 2.0
    py = (1.0 - plane[..., 1] / extent_y) * height / 2.0
    return px, py, valid


def horizon_matrix(pitch_deg: float = 0.0, roll_deg: float = 0.0) -> np.ndarray:
    """Rotation from a panorama's own frame to the level world frame.

    ``pitch_deg``/``roll_deg`` are the horizon correction (Pannellum's ``horizonPitch`` and
    ``horizonRoll``): how far the camera was pitched up and rolled clockwise when the panorama
    was taken. A level view straight ahead then samples the image at pitch ``-pitch_deg``, and one
    to the right (yaw 90) at pitch ``+roll_deg``, as in Pannellum.
    """
    # Pannellum maps world to image by rolling first, then pitching; this is its inverse.
    roll = view_rotation(0.0, 0.0, roll_deg)
    pitch = view_rotation(0.0, pitch_deg, 0.0)
    return roll @ pitch


def view_to_panorama_matrix(yaw_deg: float, pitch_deg: float, roll_deg: float = 0.0,
                            horizon_pitch_deg: float = 0.0, horizon_roll_deg: float = 0.0) -> np.ndarray:
    """3x3 matrix taking camera-space rays to directions in the panorama's own frame."""
    return horizon_matrix(horizon_pitch_deg, horizon_roll_deg).T @ view_rotation(yaw_deg, pitch_deg, roll_deg)


def yaw_pitch_to_pixel(projection: Projection, yaw_deg, pitch_deg, view_to_panorama: np.ndarray,
                       width: int, height: int, hfov_deg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixel coordinates of panorama directions (e.g. hotspots) in a view, and whether shown.

    ``view_to_panorama`` comes from :func:`view_to_panorama_matrix`.
    """
    camera = yaw_pitch_to_vector(yaw_deg, pitch_deg) @ np.asarray(view_to_panorama)  # = M.T @ v
    return camera_ray_to_pixel(projection, camera, width, height, hfov_deg)


def pixel_to_yaw_pitch(projection: Projection, px, py, view_to_panorama: np.ndarray, width: int, height: int,
                       hfov_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Panorama yaw and pitch (degrees) seen at pixel coordinates ``(px, py)`` of a view."""
    rays = pixel_to_camera_ray(projection, px, py, width, height, hfov_deg)
    return vector_to_yaw_pitch(rays @ np.asarray(view_to_panorama).T)

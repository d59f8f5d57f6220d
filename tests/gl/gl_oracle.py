"""Reference renders and image metrics for the GL tests (py360convert as the oracle)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from vtour.geometry.angles import edge_fov_to_center_fov, vfov_from_hfov
from vtour.io.images import decode_rgba

SUPERSAMPLE = 3
"""e2p renders at this many times the size and is box-averaged down (it does no filtering)."""


@lru_cache(maxsize=4)
def decoded(path: Path) -> np.ndarray:
    """The RGBA pixels of ``path``, decoded once per test session (read-only)."""
    rgba = decode_rgba(Path(path))
    rgba.setflags(write=False)
    return rgba


def e2p_reference(equirect_rgb: np.ndarray, yaw: float, pitch: float, hfov: float,
                  width: int, height: int) -> np.ndarray:
    """py360convert.e2p of the view, matched to an edge-spanning, filtered renderer (float RGB)."""
    import py360convert

    big_w, big_h = width * SUPERSAMPLE, height * SUPERSAMPLE
    # e2p's fov spans the centres of its edge pixels; ours spans the outer edges.
    fov = (edge_fov_to_center_fov(hfov, big_w), edge_fov_to_center_fov(vfov_from_hfov(hfov, width, height), big_h))
    big = py360convert.e2p(equirect_rgb, fov, yaw, pitch, (big_h, big_w), mode="bilinear").astype(np.float64)
    return big.reshape(height, SUPERSAMPLE, width, SUPERSAMPLE, -1).mean(axis=(1, 3))


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB of two RGB(A) images (alpha ignored), 8-bit scale."""
    diff = np.asarray(a, np.float64)[..., :3] - np.asarray(b, np.float64)[..., :3]
    mse = float(np.mean(diff * diff))
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0**2 / mse)


def mean_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference over RGB channels (alpha ignored), 8-bit scale."""
    return float(np.mean(np.abs(np.asarray(a, np.float64)[..., :3] - np.asarray(b, np.float64)[..., :3])))


def sample_equirect_bilinear(rgba: np.ndarray, yaw_deg: np.ndarray, pitch_deg: np.ndarray) -> np.ndarray:
    """Bilinear samples (float RGB) of a full equirectangular image at the given directions."""
    from vtour.geometry.angles import yaw_pitch_to_equirect_uv

    height, width = rgba.shape[:2]
    u, v = yaw_pitch_to_equirect_uv(yaw_deg, pitch_deg)
    x, y = u * width - 0.5, v * height - 0.5
    x0, y0 = np.floor(x).astype(np.int64), np.floor(y).astype(np.int64)
    fx, fy = (x - x0)[..., None], (y - y0)[..., None]

    def texel(xi, yi):
        return rgba[np.clip(yi, 0, height - 1), xi % width, :3].astype(np.float64)

    top = texel(x0, y0) * (1 - fx) + texel(x0 + 1, y0) * fx
    bottom = texel(x0, y0 + 1) * (1 - fx) + texel(x0 + 1, y0 + 1) * fx
    return top * (1 - fy) + bottom * fy


def numpy_reference(rgba: np.ndarray, view, width: int, height: int, projection,
                    supersample: int = SUPERSAMPLE) -> np.ndarray:
    """A view rendered with vtour.geometry's numpy projection math (float RGB), box-filtered.

    An oracle for every projection, independent of the GLSL: pixel -> camera ray
    (:func:`pixel_to_camera_ray`) -> world (:func:`view_rotation`) -> yaw/pitch -> bilinear sample.
    """
    from vtour.geometry.angles import vector_to_yaw_pitch, view_rotation
    from vtour.geometry.projections import pixel_to_camera_ray

    offsets = (np.arange(supersample) + 0.5) / supersample
    px = (np.arange(width)[:, None] + offsets[None, :]).reshape(-1)
    py = (np.arange(height)[:, None] + offsets[None, :]).reshape(-1)
    grid_x, grid_y = np.meshgrid(px, py)
    rays = pixel_to_camera_ray(projection, grid_x, grid_y, width, height, view.hfov)
    world = rays @ view_rotation(view.yaw, view.pitch, view.roll).T
    yaw, pitch = vector_to_yaw_pitch(world)
    big = sample_equirect_bilinear(rgba, yaw, pitch)
    return big.reshape(height, supersample, width, supersample, 3).mean(axis=(1, 3))


MARKER_COLOURS = np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [255, 0, 255], [0, 255, 255]],
                          dtype=np.uint8)


def marker_panorama(markers: list[tuple[float, float]], width: int = 2048, radius_deg: float = 1.5) -> np.ndarray:
    """A black full equirectangular RGBA image with a disc of colour ``MARKER_COLOURS[i]`` around
    each ``(yaw, pitch)`` in ``markers`` (discs on the sphere, so they stay round in any view)."""
    from vtour.geometry.angles import equirect_uv_to_yaw_pitch, yaw_pitch_to_vector

    height = width // 2
    u = (np.arange(width) + 0.5) / width
    v = (np.arange(height) + 0.5) / height
    yaw, pitch = equirect_uv_to_yaw_pitch(*np.meshgrid(u, v))
    directions = yaw_pitch_to_vector(yaw, pitch)
    image = np.zeros((height, width, 4), np.uint8)
    image[..., 3] = 255
    for colour, (marker_yaw, marker_pitch) in zip(MARKER_COLOURS, markers):
        centre = yaw_pitch_to_vector(marker_yaw, marker_pitch)
        inside = directions @ centre > np.cos(np.radians(radius_deg))
        image[inside, :3] = colour
    return image


def marker_centroid(frame: np.ndarray, colour: np.ndarray) -> tuple[float, float, int] | None:
    """Pixel coordinates (x right, y down; pixel centres at +0.5) of the weighted centre of
    ``colour`` in ``frame``, and the pixel count; None when absent."""
    rgb = frame[..., :3].astype(np.float64)
    target = colour.astype(np.float64)
    # Weight = how much of the pixel the marker covers, from the colour channels it lights.
    lit = target > 0
    weight = np.clip(rgb[..., lit].min(axis=-1) - rgb[..., ~lit].max(axis=-1, initial=0.0), 0, None) / 255.0
    if weight.sum() < 1.0:
        return None
    ys, xs = np.indices(weight.shape)
    total = weight.sum()
    return float((weight * (xs + 0.5)).sum() / total), float((weight * (ys + 0.5)).sum() / total), int((weight > 0.5).sum())


PANNELLUM_OVERLAYS = ((slice(0, 95), slice(0, 36)), (slice(145, 200), slice(0, 195)))
"""Where Pannellum's 300x200 reference renders have UI drawn over the panorama (zoom buttons, title)."""


def pannellum_overlay_mask() -> np.ndarray:
    """True where Pannellum's reference renders show the panorama itself."""
    mask = np.ones((200, 300), bool)
    for rows, columns in PANNELLUM_OVERLAYS:
        mask[rows, columns] = False
    return mask

"""Photograph a generated site with vtour's own renderer: its sky, panoramas and site map.

- :func:`daylight_sky`: a procedural clear-sky HDR (Radiance ``.hdr``) with a sun disc, used both
  to light the model and as its background, so model scenes and panoramas share one sky.
- :func:`render_panorama`: six 90-degree views from an eye (the :class:`MeshRenderer`, the sky
  drawn behind, the sun fixed in the world), resampled into an equirectangular image. The
  resampling projects each output direction with the *same* view and projection matrices the
  faces were drawn with, so no cube-face orientation convention can slip in between.
- :func:`render_site_map`: a top-down orthographic view (north up) and the pixel position of any
  point of the model on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vtour.geometry.angles import yaw_pitch_to_vector
from vtour.geometry.orbit import look_at, orthographic, perspective
from vtour.model.tour import ModelSource, SunLight

FACE_FOV = 92.0
"""Degrees each face spans: a little over 90 so bilinear lookups at face edges stay inside."""
FACES = (  # (forward, up) of the six views
    ((0, 0, -1), (0, 1, 0)), ((1, 0, 0), (0, 1, 0)), ((0, 0, 1), (0, 1, 0)),
    ((-1, 0, 0), (0, 1, 0)), ((0, 1, 0), (0, 0, 1)), ((0, -1, 0), (0, 0, -1)),
)


# -- sky ---------------------------------------------------------------------------------------------


def daylight_sky(width: int, sun_yaw: float, sun_pitch: float, ground=(0.42, 0.33, 0.22)) -> np.ndarray:
    """An ``(width / 2, width, 3)`` linear HDR clear sky: deep blue zenith, pale horizon, a bright
    sun disc with a glow, and a warm desert ground below the horizon."""
    height = width // 2
    v, u = np.mgrid[0:height, 0:width]
    yaw = (u + 0.5) / width * 360.0 - 180.0
    pitch = 90.0 - (v + 0.5) / height * 180.0
    directions = yaw_pitch_to_vector(yaw, pitch)
    sun = yaw_pitch_to_vector(sun_yaw, sun_pitch)
    elevation = np.clip(pitch / 90.0, 0.0, 1.0)[..., None]
    zenith, horizon = np.array([0.16, 0.32, 0.75]), np.array([0.70, 0.80, 0.92])
    sky = horizon + (zenith - horizon) * elevation ** 0.5
    cosine = np.clip(directions @ sun, -1.0, 1.0)[..., None]
    sky = sky + np.array([1.0, 0.9, 0.7]) * 0.6 * np.clip(cosine, 0, 1) ** 32
    sky = np.where(cosine > math.cos(math.radians(1.2)), np.array([4000.0, 3700.0, 3200.0]) / 100.0, sky)
    below = np.clip(-pitch / 8.0, 0.0, 1.0)[..., None]  # the ground fades in under the horizon
    rgb = sky * (1.0 - below) + np.asarray(ground) * 0.6 * below
    return rgb.astype(np.float32)


def write_hdr(path: Path, rgb: np.ndarray) -> None:
    """A flat (uncompressed) Radiance RGBE file, which every reader accepts."""
    rgb = np.maximum(np.asarray(rgb, np.float64), 0.0)
    brightest = rgb.max(axis=-1)
    mantissa, exponent = np.frexp(brightest)
    scale = np.where(brightest > 1e-32, mantissa * 256.0 / np.where(brightest > 1e-32, brightest, 1.0), 0.0)
    rgbe = np.zeros(rgb.shape[:2] + (4,), np.uint8)
    rgbe[..., :3] = np.clip(rgb * scale[..., None], 0, 255).astype(np.uint8)
    rgbe[..., 3] = np.where(brightest > 1e-32, exponent + 128, 0).astype(np.uint8)
    header = f"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y {rgb.shape[0]} +X {rgb.shape[1]}\n".encode()
    Path(path).write_bytes(header + rgbe.tobytes())


def sun_direction(yaw: float, pitch: float) -> tuple[float, float, float]:
    return tuple(float(c) for c in yaw_pitch_to_vector(yaw, pitch))


# -- panoramas ---------------------------------------------------------------------------------------


@dataclass
class Look:
    """How a site is lit and what is behind it, as its model scene says (``ModelSource`` fields)."""

    environment: np.ndarray
    sun: SunLight

    def source(self) -> ModelSource:
        return ModelSource(path=None, show_environment=True, sun=self.sun)


def face_matrices(eye, face: int) -> tuple[np.ndarray, np.ndarray]:
    forward, up = FACES[face]
    view = look_at(np.asarray(eye, float), np.asarray(eye, float) + np.asarray(forward, float), np.asarray(up, float))
    return view, perspective(FACE_FOV, 1.0, 0.05, 5000.0)


def render_faces(renderer, eye, face_size: int) -> list[np.ndarray]:
    """The six views from ``eye`` as ``(face_size, face_size, 3)`` uint8 arrays (row 0 at the top)."""
    from vtour.render.offscreen import Framebuffer

    faces = []
    with Framebuffer(face_size, face_size) as framebuffer:
        for face in range(6):
            renderer.render_frame(face_matrices(eye, face), face_size, face_size, framebuffer.id)
            faces.append(framebuffer.read_rgba()[..., :3].copy())
    return faces


def faces_to_equirect(faces: list[np.ndarray], eye, width: int) -> np.ndarray:
    """Resample the six views into a ``(width / 2, width, 3)`` equirectangular image: each output
    pixel's direction is projected by the face it falls in and read bilinearly."""
    height = width // 2
    v, u = np.mgrid[0:height, 0:width]
    directions = yaw_pitch_to_vector((u + 0.5) / width * 360.0 - 180.0, 90.0 - (v + 0.5) / height * 180.0)
    directions = directions.reshape(-1, 3)
    out = np.zeros((len(directions), 3), np.float32)
    face_of = _face_index(directions)
    for face in range(6):
        chosen = np.nonzero(face_of == face)[0]
        view, projection = face_matrices((0.0, 0.0, 0.0), face)  # directions only: the eye cancels
        clip = np.c_[directions[chosen], np.zeros(len(chosen))] @ view.T
        clip[:, 3] = 1.0  # a direction: view rotation only, then a point at unit distance
        clip = clip @ projection.T
        ndc = clip[:, :2] / clip[:, 3:4]
        size = faces[face].shape[0]
        x = (ndc[:, 0] * 0.5 + 0.5) * size - 0.5
        y = (0.5 - ndc[:, 1] * 0.5) * size - 0.5
        out[chosen] = _bilinear(faces[face], x, y)
    return np.clip(out.reshape(height, width, 3) + 0.5, 0, 255).astype(np.uint8)


def _face_index(directions: np.ndarray) -> np.ndarray:
    axis = np.argmax(np.abs(directions), axis=1)
    sign = np.take_along_axis(directions, axis[:, None], 1)[:, 0] > 0
    # FACES order: -Z, +X, +Z, -X, +Y, -Y
    table = {(2, False): 0, (0, True): 1, (2, True): 2, (0, False): 3, (1, True): 4, (1, False): 5}
    index = np.empty(len(directions), np.int64)
    for (a, s), face in table.items():
        index[(axis == a) & (sign == s)] = face
    return index


def _bilinear(image: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    x = np.clip(x, 0, w - 1.001)
    y = np.clip(y, 0, h - 1.001)
    x0, y0 = np.floor(x).astype(np.int64), np.floor(y).astype(np.int64)
    fx, fy = (x - x0)[:, None], (y - y0)[:, None]
    image = image.astype(np.float32)
    top = image[y0, x0] * (1 - fx) + image[y0, x0 + 1] * fx
    bottom = image[y0 + 1, x0] * (1 - fx) + image[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


# -- site map ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapFrame:
    """Where model points land on the site map image (north up: -Z is up, +X right)."""

    centre_x: float
    centre_z: float
    metres_per_pixel: float
    width: int
    height: int

    def pixel(self, point) -> tuple[float, float]:
        x = (float(point[0]) - self.centre_x) / self.metres_per_pixel + self.width / 2
        y = (float(point[2]) - self.centre_z) / self.metres_per_pixel + self.height / 2
        return round(x, 1), round(y, 1)


def site_map_frame(bounds: np.ndarray, width: int, margin: float = 1.06) -> MapFrame:
    (x0, _, z0), (x1, _, z1) = bounds
    span_x, span_z = (x1 - x0) * margin, (z1 - z0) * margin
    height = max(int(round(width * span_z / span_x)), 1)
    return MapFrame((x0 + x1) / 2, (z0 + z1) / 2, span_x / width, width, height)


def render_site_map(renderer, bounds: np.ndarray, frame: MapFrame) -> np.ndarray:
    """The model seen from straight above, orthographically, as RGB uint8."""
    from vtour.render.offscreen import Framebuffer

    top = float(bounds[1][1]) + 10.0
    eye = np.array([frame.centre_x, top, frame.centre_z])
    view = look_at(eye, eye - np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, -1.0]))
    depth = top - float(bounds[0][1]) + 10.0
    projection = orthographic(frame.width * frame.metres_per_pixel / 2, frame.height * frame.metres_per_pixel / 2,
                              0.1, depth)
    with Framebuffer(frame.width, frame.height) as framebuffer:
        renderer.render_frame((view, projection), frame.width, frame.height, framebuffer.id)
        return framebuffer.read_rgba()[..., :3].copy()

"""An orbit camera for model scenes and the view/projection matrices it gives (numpy only).

Angles in degrees, as everywhere at the edges of vtour, and in the panorama convention of
:mod:`vtour.geometry.angles`: ``yaw``/``pitch`` are the angles of the *view direction* (yaw 0 looks
along -Z, yaw 90 along +X, pitch positive up). The eye sits ``distance`` behind the target along
that direction, so ``pitch=-30`` looks down on the model from above.

Matrices are 4x4 ``float64`` in the column-vector convention (``clip = P @ V @ world``), the
convention of :mod:`vtour.model.mesh`; upload ``M.T`` to GL. Projections are OpenGL's (clip z in
[-w, w]).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from vtour.geometry.angles import hfov_from_vfov, vector_to_yaw_pitch, vfov_from_hfov, wrap_yaw, yaw_pitch_to_vector

WORLD_UP = np.array([0.0, 1.0, 0.0])
PITCH_LIMIT = 89.0
"""Pitch stays inside +-89 degrees so the up vector never lines up with the view direction."""
NEAR_RATIO = 1e-3
"""The near plane is never closer than this fraction of the far plane (24-bit depth precision)."""


def look_at(eye, target, up=WORLD_UP) -> np.ndarray:
    """World -> camera matrix of an eye at ``eye`` looking at ``target`` (camera x right, y up, -z forward)."""
    eye, target = np.asarray(eye, float), np.asarray(target, float)
    forward = target - eye
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, up)
    if np.linalg.norm(right) < 1e-9:  # looking straight up or down: any right vector will do
        right = np.cross(forward, [0.0, 0.0, -1.0])
    right /= np.linalg.norm(right)
    true_up = np.cross(right, forward)
    view = np.identity(4)
    view[0, :3], view[1, :3], view[2, :3] = right, true_up, -forward
    view[:3, 3] = -view[:3, :3] @ eye
    return view


def perspective(vfov_deg: float, aspect: float, near: float, far: float) -> np.ndarray:
    """OpenGL perspective projection for a vertical field of view spanning the outer edges."""
    f = 1.0 / math.tan(math.radians(vfov_deg) / 2.0)
    projection = np.zeros((4, 4))
    projection[0, 0], projection[1, 1] = f / aspect, f
    projection[2, 2] = (far + near) / (near - far)
    projection[2, 3] = 2.0 * far * near / (near - far)
    projection[3, 2] = -1.0
    return projection


def orthographic(xmag: float, ymag: float, near: float, far: float) -> np.ndarray:
    """OpenGL orthographic projection of half-width ``xmag`` and half-height ``ymag``."""
    projection = np.identity(4)
    projection[0, 0], projection[1, 1] = 1.0 / xmag, 1.0 / ymag
    projection[2, 2] = 2.0 / (near - far)
    projection[2, 3] = (far + near) / (near - far)
    return projection


def bounding_sphere(bounds) -> tuple[np.ndarray, float]:
    """Centre and radius of the sphere around a ``(2, 3)`` ``[min, max]`` box."""
    bounds = np.asarray(bounds, float)
    return bounds.mean(axis=0), max(float(np.linalg.norm(bounds[1] - bounds[0])) / 2.0, 1e-6)


def clip_planes(eye, bounds) -> tuple[float, float]:
    """(near, far) that hold the whole box seen from ``eye``, with the near plane as far out as possible."""
    centre, radius = bounding_sphere(bounds)
    reach = float(np.linalg.norm(np.asarray(eye, float) - centre))
    far = (reach + radius) * 1.01
    near = max(reach - radius * 1.01, far * NEAR_RATIO)
    return near, far


@dataclass(frozen=True)
class CameraMatrices:
    """A camera as matrices: ``view`` (world -> camera) and ``projection`` (camera -> clip), 4x4 float64."""

    view: np.ndarray
    projection: np.ndarray

    @property
    def eye(self) -> np.ndarray:
        """The camera position in the world."""
        return np.linalg.inv(self.view)[:3, 3]

    @property
    def view_projection(self) -> np.ndarray:
        return self.projection @ self.view


@dataclass(frozen=True)
class OrbitCamera:
    """Looks at ``target`` from ``distance`` away along the view direction ``(yaw, pitch)``.

    Immutable: :meth:`orbit`, :meth:`zoom`, :meth:`pan` and :meth:`frame_bounds` return new cameras,
    with the limits applied. ``fov`` spans the image's height (``fov_axis="vertical"``) or width.
    ``near``/``far`` of None are fitted to the model bounds given to :meth:`matrices`.
    """

    target: tuple[float, float, float] = (0.0, 0.0, 0.0)
    distance: float = 3.0
    yaw: float = 0.0
    pitch: float = -20.0
    fov: float = 45.0
    fov_axis: str = "vertical"
    near: float | None = None
    far: float | None = None
    min_distance: float = 1e-3
    max_distance: float = 1e6
    min_pitch: float = -PITCH_LIMIT
    max_pitch: float = PITCH_LIMIT

    def __post_init__(self) -> None:
        if self.fov_axis not in ("vertical", "horizontal"):
            raise ValueError(f"fov_axis must be 'vertical' or 'horizontal', not {self.fov_axis!r}")
        if not 0.0 < self.fov < 180.0:
            raise ValueError(f"fov must be between 0 and 180 degrees, not {self.fov}")
        object.__setattr__(self, "target", tuple(float(c) for c in self.target))
        object.__setattr__(self, "yaw", wrap_yaw(float(self.yaw)))
        pitch = min(max(float(self.pitch), self.min_pitch, -PITCH_LIMIT), self.max_pitch, PITCH_LIMIT)
        object.__setattr__(self, "pitch", pitch)
        object.__setattr__(self, "distance", min(max(float(self.distance), self.min_distance), self.max_distance))

    @property
    def direction(self) -> np.ndarray:
        """Unit view direction in the world."""
        return yaw_pitch_to_vector(self.yaw, self.pitch)

    @property
    def eye(self) -> np.ndarray:
        return np.asarray(self.target) - self.distance * self.direction

    @classmethod
    def from_eye_target(cls, eye, target, **kwargs) -> OrbitCamera:
        """The camera at ``eye`` looking at ``target`` (they must differ)."""
        offset = np.asarray(target, float) - np.asarray(eye, float)
        distance = float(np.linalg.norm(offset))
        if distance <= 0.0:
            raise ValueError("eye and target must differ")
        yaw, pitch = vector_to_yaw_pitch(offset)
        return cls(target=tuple(target), distance=distance, yaw=float(yaw), pitch=float(pitch), **kwargs)

    def vfov(self, aspect: float) -> float:
        """Vertical field of view in degrees for a ``width / height`` aspect."""
        if self.fov_axis == "vertical":
            return self.fov
        return vfov_from_hfov(self.fov, aspect, 1.0)

    def hfov(self, aspect: float) -> float:
        if self.fov_axis == "horizontal":
            return self.fov
        return hfov_from_vfov(self.fov, aspect, 1.0)

    def view_matrix(self) -> np.ndarray:
        return look_at(self.eye, self.target)

    def projection_matrix(self, aspect: float, bounds=None) -> np.ndarray:
        """Perspective for ``aspect``; near/far from the camera's own or fitted to ``bounds``."""
        near, far = self.clip(bounds)
        return perspective(self.vfov(aspect), aspect, near, far)

    def clip(self, bounds=None) -> tuple[float, float]:
        if self.near is not None and self.far is not None:
            return self.near, self.far
        if bounds is None:
            return self.distance * 0.01, self.distance * 100.0
        near, far = clip_planes(self.eye, bounds)
        return self.near if self.near is not None else near, self.far if self.far is not None else far

    def matrices(self, width: int, height: int, bounds=None) -> CameraMatrices:
        return CameraMatrices(self.view_matrix(), self.projection_matrix(width / height, bounds))

    def orbit(self, d_yaw: float, d_pitch: float) -> OrbitCamera:
        """Turn around the target by degrees (yaw to the right, pitch up)."""
        return replace(self, yaw=self.yaw + d_yaw, pitch=self.pitch + d_pitch)

    def zoom(self, factor: float) -> OrbitCamera:
        """Multiply the distance by ``factor`` (< 1 moves closer), within the distance limits."""
        if factor <= 0:
            raise ValueError(f"zoom factor must be positive, not {factor}")
        return replace(self, distance=self.distance * factor)

    def pan(self, right: float, up: float) -> OrbitCamera:
        """Slide target and eye in the view plane by fractions of the visible height at the target."""
        view_height = 2.0 * self.distance * math.tan(math.radians(self.vfov(1.0)) / 2.0)
        rotation = np.linalg.inv(self.view_matrix())[:3, :3]
        shift = rotation @ np.array([right, up, 0.0]) * view_height
        return replace(self, target=tuple(np.asarray(self.target) + shift))

    def frame_bounds(self, bounds, aspect: float = 16 / 9, margin: float = 1.08) -> OrbitCamera:
        """Same angles, target at the box centre, and the closest distance at which all eight corners
        of the box fit the view (with ``margin``: 1.08 leaves about 4% free at each side).

        Also sets the distance limits relative to the model size (a tenth of its radius to 20 times
        the framing distance), so zooming never passes through the centre or loses the model.
        """
        centre, radius = bounding_sphere(bounds)
        corners = np.asarray(_corners(bounds))
        offsets = corners - centre
        rotation = np.linalg.inv(look_at(-self.direction, np.zeros(3)))[:3, :3]  # camera axes in the world
        right, up, forward = rotation[:, 0], rotation[:, 1], -rotation[:, 2]
        tan_h = math.tan(math.radians(self.hfov(aspect)) / 2.0) / margin
        tan_v = math.tan(math.radians(self.vfov(aspect)) / 2.0) / margin
        needed = np.maximum(np.abs(offsets @ right) / tan_h, np.abs(offsets @ up) / tan_v) - offsets @ forward
        distance = max(float(needed.max()), radius * 0.2)
        return replace(self, target=tuple(centre), distance=distance, min_distance=radius * 0.1,
                       max_distance=distance * 20.0)


def _corners(bounds) -> list:
    low, high = np.asarray(bounds, float)
    return [[x, y, z] for x in (low[0], high[0]) for y in (low[1], high[1]) for z in (low[2], high[2])]


def node_camera_matrices(world_matrix, yfov: float | None, aspect: float, near: float, far: float | None,
                         xmag: float | None = None, ymag: float | None = None, bounds=None) -> CameraMatrices:
    """Matrices of a glTF camera placed by ``world_matrix`` (it looks along its local -Z).

    ``yfov`` in radians as in glTF; None with ``xmag``/``ymag`` means orthographic. The aspect is
    the viewport's (the file's aspect ratio would stretch the image). A missing ``far`` (infinite)
    is fitted to ``bounds``.
    """
    world = np.asarray(world_matrix, float).copy()
    world[:3, :3] /= np.linalg.norm(world[:3, :3], axis=0)  # glTF forbids scaled cameras, tolerate them
    view = np.linalg.inv(world)
    if far is None:
        far = clip_planes(world[:3, 3], bounds)[1] if bounds is not None else near * 1e4
    if yfov is None:
        return CameraMatrices(view, orthographic(xmag or 1.0, ymag or 1.0, near, far))
    return CameraMatrices(view, perspective(math.degrees(yfov), aspect, near, far))

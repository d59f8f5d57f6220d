"""Moving through a model scene: orbit, walk and fly-to, as pure state (numpy and trimesh; no Qt, no GL).

The model view (:mod:`vtour.ui.model_view`) only turns input into calls here and draws
:meth:`ModelNavigator.camera`. Units: degrees for angles, pixels (logical) for drags, world units
(metres, glTF's frame: +Y up) for distances, seconds for time.

- **Orbit** (default): a left drag turns around the target (:data:`ORBIT_DEGREES_PER_PIXEL`;
  dragging right moves the camera left around the model, so the model follows the mouse), the
  wheel or a pinch zooms (:data:`ZOOM_STEP` per notch), a right or Shift drag pans. Pitch and
  distance stay within the :class:`~vtour.geometry.orbit.OrbitCamera` limits.
- **Walk** (first person, for cave interiors): W/S or Up/Down walk forward/back at
  :data:`WALK_SPEED`, A/D or Left/Right step sideways, a drag looks around (grabbing the scene
  like a panorama drag). The eye stays :data:`EYE_HEIGHT` above the floor found by a downward ray,
  and a short ray in the direction of movement keeps it :data:`WALL_CLEARANCE` from walls
  (it slides along them instead of passing through).
- **Fly-to**: eye and target move together along straight lines with smoothstep easing over
  :data:`FLY_SECONDS`; the last step lands exactly on the requested camera.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np

from vtour.geometry.angles import yaw_pitch_to_vector
from vtour.geometry.orbit import OrbitCamera

ORBIT_DEGREES_PER_PIXEL = 0.3
"""Orbit turn per logical pixel of drag (a 1280-pixel drag turns 384 degrees)."""
LOOK_DEGREES_PER_PIXEL = 0.2
"""Walk-mode look per pixel of drag."""
ZOOM_STEP = 1.15
"""Distance factor per wheel notch (forward: closer)."""
WALK_SPEED = 1.4
"""Walking speed, m/s (a calm museum pace)."""
EYE_HEIGHT = 1.6
"""Eye above the floor in walk mode, metres."""
WALL_CLEARANCE = 0.3
"""Walk mode never brings the eye nearer than this to a wall in its direction of movement."""
WALK_PITCH_LIMIT = 85.0
FLY_SECONDS = 0.8
MAX_STEP_SECONDS = 0.1
"""A longer frame gap (a slow frame) moves as if it were this long: no jumps through geometry."""


class Mode(Enum):
    ORBIT = "orbit"
    WALK = "walk"


class Move(Enum):
    """Held keys in walk mode."""

    FORWARD = "forward"
    BACK = "back"
    LEFT = "left"
    RIGHT = "right"


def ease_in_out(t: float) -> float:
    """Smoothstep: 0 at 0, 1 at 1, zero slope at both ends."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


# -- collision --------------------------------------------------------------------------------------


class TriangleGrid:
    """A uniform grid over triangle bounding boxes: the candidates near a short segment, fast.

    Stands in for the r-tree that :class:`trimesh.ray.ray_triangle.RayMeshIntersector` wants
    (``rtree`` is not a vtour dependency) through the two members trimesh's
    :func:`~trimesh.ray.ray_triangle.ray_triangle_id` uses: ``bounds`` and ``intersection(box)``.
    """

    def __init__(self, triangles: np.ndarray):
        lo, hi = triangles.min(axis=1), triangles.max(axis=1)
        self.origin = lo.min(axis=0)
        extent = np.maximum(hi.max(axis=0) - self.origin, 1e-9)
        count = max(len(triangles), 1)
        # About 4 triangles a cell where the mesh is even, never cells smaller than a typical triangle.
        typical = float(np.median((hi - lo).max(axis=1))) if len(triangles) else 1.0
        volume = float(np.prod(np.maximum(extent, extent.max() * 1e-3)))
        self.cell = max(typical, (volume * 4.0 / count) ** (1.0 / 3.0), float(extent.max()) / 512.0, 1e-9)
        cmin = np.floor((lo - self.origin) / self.cell).astype(np.int64)
        cmax = np.floor((hi - self.origin) / self.cell).astype(np.int64)
        self.dims = cmax.max(axis=0) + 1 if len(triangles) else np.ones(3, np.int64)
        spans = cmax - cmin + 1
        counts = np.prod(spans, axis=1)
        tri = np.repeat(np.arange(len(triangles), dtype=np.int32), counts)
        local = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        sx, sy = np.repeat(spans[:, 0], counts), np.repeat(spans[:, 1], counts)
        cells = np.repeat(cmin, counts, axis=0)
        cells[:, 0] += local % sx
        cells[:, 1] += (local // sx) % sy
        cells[:, 2] += local // (sx * sy)
        keys = self._key(cells)
        order = np.argsort(keys, kind="stable")
        self.keys, self.triangle_ids = keys[order], tri[order]
        self.bounds = np.concatenate([self.origin, self.origin + extent])

    def _key(self, cells: np.ndarray) -> np.ndarray:
        return (cells[..., 0] * self.dims[1] + cells[..., 1]) * self.dims[2] + cells[..., 2]

    def intersection(self, box) -> np.ndarray:
        """Ids of triangles whose cells meet ``box`` = (min x, y, z, max x, y, z)."""
        box = np.asarray(box, float)
        lo = np.clip(np.floor((box[:3] - self.origin) / self.cell).astype(np.int64), 0, self.dims - 1)
        hi = np.clip(np.floor((box[3:] - self.origin) / self.cell).astype(np.int64), 0, self.dims - 1)
        if np.any(box[3:] < self.origin) or np.any(box[:3] > self.bounds[3:]):
            return np.zeros(0, np.int64)
        axes = [np.arange(a, b + 1) for a, b in zip(lo, hi)]
        cells = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
        keys = self._key(cells)
        starts = np.searchsorted(self.keys, keys, "left")
        ends = np.searchsorted(self.keys, keys, "right")
        if not np.any(ends > starts):
            return np.zeros(0, np.int64)
        ids = np.concatenate([self.triangle_ids[s:e] for s, e in zip(starts, ends) if e > s])
        return np.unique(ids).astype(np.int64)


class _Candidates:
    """What trimesh's ray query sees as its tree: the grid's candidates for one segment, all of them
    returned, and ``bounds`` the segment's box (trimesh clips the ray to it)."""

    def __init__(self, count: int, box: np.ndarray):
        self.count, self.bounds = count, box

    def intersection(self, box):
        return np.arange(self.count)


class Collider:
    """Segment tests against a model's world-space triangles (built once, off the UI thread).

    ``mesh`` is a :class:`trimesh.Trimesh` of the model's world triangles; rays are cast with
    trimesh's Möller-Trumbore (:func:`trimesh.ray.ray_triangle.ray_triangle_id`, pure numpy) on the
    candidates of a :class:`TriangleGrid`.
    """

    def __init__(self, mesh):
        self.mesh = mesh
        self.triangles = np.asarray(mesh.triangles, dtype=np.float64)
        normals = np.cross(self.triangles[:, 1] - self.triangles[:, 0], self.triangles[:, 2] - self.triangles[:, 0])
        length = np.linalg.norm(normals, axis=1)
        keep = length > 1e-12  # degenerate triangles block nothing
        self.triangles, self.normals = self.triangles[keep], normals[keep] / length[keep, None]
        self.grid = TriangleGrid(self.triangles)

    @classmethod
    def from_asset(cls, asset) -> Collider | None:
        """From a :class:`~vtour.model.mesh.ModelAsset`'s primitives (None when it has no triangles)."""
        import trimesh

        vertices, faces, base = [], [], 0
        for primitive in asset.primitives:
            g = primitive.geometry
            if g.triangle_count == 0:
                continue
            points = np.asarray(g.positions, np.float64)
            world = points @ np.asarray(primitive.world_matrix, float)[:3, :3].T + primitive.world_matrix[:3, 3]
            vertices.append(world)
            faces.append(np.asarray(g.indices, np.int64).reshape(-1, 3) + base)
            base += len(points)
        if not faces:
            return None
        return cls(trimesh.Trimesh(np.concatenate(vertices), np.concatenate(faces), process=False))

    def first_hit(self, origin, direction, max_distance: float) -> tuple[float, np.ndarray] | None:
        """(distance, unit surface normal) of the nearest triangle along the segment, or None."""
        from trimesh.ray.ray_triangle import ray_triangle_id

        origin = np.asarray(origin, float)
        direction = np.asarray(direction, float)
        norm = float(np.linalg.norm(direction))
        if norm == 0.0 or max_distance <= 0.0 or len(self.triangles) == 0:
            return None
        direction = direction / norm
        end = origin + direction * max_distance
        box = np.concatenate([np.minimum(origin, end), np.maximum(origin, end)]) + np.array([-1e-6] * 3 + [1e-6] * 3)
        candidates = self.grid.intersection(box)
        if len(candidates) == 0:
            return None
        triangles, normals = self.triangles[candidates], self.normals[candidates]
        index, _, locations = ray_triangle_id(triangles, origin[None], direction[None], triangles_normal=normals,
                                              tree=_Candidates(len(candidates), box), multiple_hits=True)
        if len(index) == 0:
            return None
        distances = (locations - origin) @ direction
        ok = (distances >= -1e-9) & (distances <= max_distance)
        if not np.any(ok):
            return None
        best = int(np.argmin(np.where(ok, distances, np.inf)))
        normal = normals[index[best]]
        return float(max(distances[best], 0.0)), (normal if normal @ direction < 0 else -normal)

    def limit_move(self, position, move, clearance: float = WALL_CLEARANCE, probes=(0.0,)) -> np.ndarray:
        """The part of ``move`` the eye at ``position`` may make, keeping ``clearance`` from walls.

        Rays leave from ``position`` lowered by each of ``probes`` (metres; the eye and, say, the
        knees). Blocked motion slides along the wall once (the component along its surface).
        """
        move = np.asarray(move, float)
        position = np.asarray(position, float)
        forward, normal = self._clip(position, move, clearance, probes)
        if normal is None:
            return forward
        rest = move - forward
        slide = rest - (rest @ normal) * normal  # along the wall
        if abs(normal[1]) < 0.7:
            slide[1] = 0.0  # a wall: slide horizontally
        slid, _ = self._clip(position + forward, slide, clearance, probes)
        return forward + slid

    def _clip(self, position, move, clearance, probes):
        """(the allowed part of ``move``, the normal of the wall that stopped it or None)."""
        length = float(np.linalg.norm(move))
        if length < 1e-12:
            return np.zeros(3), None
        direction = move / length
        # Rays reach a little past the clearance so oblique approaches see the wall too; the gap kept
        # is measured perpendicular to the wall: along the ray it is clearance / cos(angle).
        hit = self._nearest(position, direction, length + clearance * 3.0, probes)
        if hit is None:
            return move, None
        cosine = max(abs(float(direction @ hit[1])), 1e-3)
        allowed = hit[0] - clearance / cosine
        if allowed >= length:
            return move, None
        return direction * max(0.0, allowed), hit[1]

    def _nearest(self, position, direction, reach, probes):
        best = None
        for drop in probes:
            origin = np.asarray(position, float) - np.array([0.0, drop, 0.0])
            hit = self.first_hit(origin, direction, reach)
            if hit is not None and (best is None or hit[0] < best[0]):
                best = hit
        return best

    def floor_below(self, position, reach: float) -> float | None:
        """The height (y) of the first surface below ``position`` within ``reach``, or None."""
        hit = self.first_hit(position, (0.0, -1.0, 0.0), reach)
        return None if hit is None else float(position[1]) - hit[0]


# -- fly-to -----------------------------------------------------------------------------------------


@dataclass
class Flight:
    """An eased move of eye and target from ``start`` to ``end`` (two OrbitCameras)."""

    start: OrbitCamera
    end: OrbitCamera
    duration: float = FLY_SECONDS
    elapsed: float = 0.0

    @property
    def done(self) -> bool:
        return self.elapsed >= self.duration

    def advance(self, dt: float) -> OrbitCamera:
        self.elapsed += max(dt, 0.0)
        if self.done or self.duration <= 0.0:
            self.elapsed = self.duration
            return self.end
        s = ease_in_out(self.elapsed / self.duration)
        eye = (1.0 - s) * self.start.eye + s * self.end.eye
        target = (1.0 - s) * np.asarray(self.start.target) + s * np.asarray(self.end.target)
        if np.linalg.norm(target - eye) < 1e-9:
            return self.end
        limits = dict(min_distance=min(self.start.min_distance, self.end.min_distance, 1e-3),
                      max_distance=max(self.start.max_distance, self.end.max_distance),
                      fov=self._fov(s), fov_axis=self.end.fov_axis, near=self.end.near, far=self.end.far)
        return OrbitCamera.from_eye_target(eye, target, **limits)


    def _fov(self, s: float) -> float:
        """The field of view eased along (a flight out of a panorama widens or narrows it)."""
        if self.start.fov_axis != self.end.fov_axis:
            return self.end.fov
        return (1.0 - s) * self.start.fov + s * self.end.fov


# -- the navigator ----------------------------------------------------------------------------------


class ModelNavigator:
    """Orbit, walk and fly-to state of one model scene's camera.

    ``camera`` (an :class:`OrbitCamera`) is what the view draws, in every mode; in walk mode it sits at
    the eye and looks one metre ahead.
    """

    def __init__(self, camera: OrbitCamera | None = None, home: OrbitCamera | None = None):
        self.camera = camera or OrbitCamera()
        self.home = home or self.camera
        self.mode = Mode.ORBIT
        self.collider: Collider | None = None
        self.flight: Flight | None = None
        self._keys: set[Move] = set()
        self._orbit_camera = self.camera  # where orbit mode resumes
        self.eye_height = EYE_HEIGHT
        self.walk_speed = WALK_SPEED

    # -- state

    @property
    def moving(self) -> bool:
        """Whether :meth:`step` has work (a flight, or walk keys held)."""
        return self.flight is not None or (self.mode is Mode.WALK and bool(self._keys))

    def set_camera(self, camera: OrbitCamera, home: OrbitCamera | None = None) -> None:
        self.flight = None
        self.camera = camera
        self._orbit_camera = camera
        if home is not None:
            self.home = home
        if self.mode is Mode.WALK:
            self.mode = Mode.ORBIT

    # -- orbit

    def orbit_drag(self, dx: float, dy: float) -> bool:
        """A left drag of (dx, dy) logical pixels: orbit (orbit mode) or look around (walk mode)."""
        self.flight = None
        before = self.camera
        if self.mode is Mode.WALK:
            self.camera = self._walk_camera(self.camera.eye, self.camera.yaw - dx * LOOK_DEGREES_PER_PIXEL,
                                            self.camera.pitch + dy * LOOK_DEGREES_PER_PIXEL)
        else:
            self.camera = self.camera.orbit(dx * ORBIT_DEGREES_PER_PIXEL, -dy * ORBIT_DEGREES_PER_PIXEL)
        return self.camera != before

    def pan_drag(self, dx: float, dy: float, viewport_height: float) -> bool:
        """A right or Shift drag: the model follows the pointer (orbit mode only)."""
        if self.mode is Mode.WALK or viewport_height <= 0:
            return False
        self.flight = None
        before = self.camera
        self.camera = self.camera.pan(-dx / viewport_height, dy / viewport_height)
        return self.camera != before

    def zoom_steps(self, steps: float) -> bool:
        """Wheel notches (positive: forward, closer); a multiplicative zoom within the distance limits."""
        return self.zoom_by(ZOOM_STEP ** steps)

    def zoom_by(self, magnification: float) -> bool:
        """Pinch: magnification > 1 brings the camera closer (walk mode: steps forward)."""
        if magnification <= 0 or magnification == 1.0:
            return False
        self.flight = None
        before = self.camera
        if self.mode is Mode.WALK:
            forward = _horizontal(self.camera.yaw) * math.log(magnification) * 2.0
            self._walk_by(forward)
        else:
            self.camera = self.camera.zoom(1.0 / magnification)
        return self.camera != before

    # -- fly-to

    def fly_to(self, camera: OrbitCamera, duration: float = FLY_SECONDS) -> None:
        """Start an eased flight to ``camera`` (zero duration: jump). Orbit mode resumes there."""
        self.mode = Mode.ORBIT
        self._keys.clear()
        if duration <= 0.0:
            self.flight = None
            self.camera = self._orbit_camera = camera
            return
        self.flight = Flight(self.camera, camera, duration)

    def frame_all(self, duration: float = FLY_SECONDS) -> None:
        self.fly_to(self.home, duration)

    # -- walk

    def set_mode(self, mode: Mode) -> None:
        if mode is self.mode:
            return
        self._keys.clear()
        self.flight = None
        if mode is Mode.WALK:
            self._orbit_camera = self.camera
            self.mode = Mode.WALK
            eye = np.asarray(self.camera.target, float).copy()
            floor = self.collider.floor_below(eye, 1e4) if self.collider is not None else None
            if floor is not None:
                eye[1] = floor + self.eye_height
            self.camera = self._walk_camera(eye, self.camera.yaw, 0.0)
        else:
            self.mode = Mode.ORBIT
            self.camera = self._orbit_camera

    def place_walker(self, eye, yaw: float = 0.0, pitch: float = 0.0) -> None:
        """Walk mode with the eye at ``eye`` (tests, saved viewpoints)."""
        if self.mode is not Mode.WALK:
            self._orbit_camera = self.camera
        self.mode = Mode.WALK
        self.flight = None
        self.camera = self._walk_camera(np.asarray(eye, float), yaw, pitch)

    def set_key(self, move: Move, down: bool) -> bool:
        """Hold or release a walk key; True when stepping should start."""
        if down:
            self._keys.add(move)
        else:
            self._keys.discard(move)
        return self.moving

    def release_keys(self) -> None:
        self._keys.clear()

    def step(self, dt: float) -> bool:
        """Advance flights and walking by ``dt`` seconds; True while there is more to do."""
        dt = min(max(dt, 0.0), MAX_STEP_SECONDS)
        if self.flight is not None:
            self.camera = self.flight.advance(dt)
            if self.flight.done:
                self.flight = None
                self._orbit_camera = self.camera
        elif self.mode is Mode.WALK and self._keys:
            forward, right = _horizontal(self.camera.yaw), _horizontal(self.camera.yaw + 90.0)
            direction = np.zeros(3)
            direction += forward * ((Move.FORWARD in self._keys) - (Move.BACK in self._keys))
            direction += right * ((Move.RIGHT in self._keys) - (Move.LEFT in self._keys))
            if np.linalg.norm(direction) > 0:
                self._walk_by(direction / np.linalg.norm(direction) * self.walk_speed * dt)
        return self.moving

    def _walk_by(self, move: np.ndarray) -> None:
        eye = self.camera.eye
        if self.collider is not None:
            move = self.collider.limit_move(eye, move, WALL_CLEARANCE, probes=(0.0, self.eye_height * 0.6))
            eye = eye + move
            floor = self.collider.floor_below(eye + np.array([0.0, 0.0, 0.0]), self.eye_height * 1.5)
            if floor is not None:
                eye[1] = floor + self.eye_height
        else:
            eye = eye + move
        self.camera = self._walk_camera(eye, self.camera.yaw, self.camera.pitch)

    def _walk_camera(self, eye, yaw: float, pitch: float) -> OrbitCamera:
        pitch = min(max(pitch, -WALK_PITCH_LIMIT), WALK_PITCH_LIMIT)
        target = np.asarray(eye, float) + yaw_pitch_to_vector(yaw, pitch)
        camera = OrbitCamera.from_eye_target(eye, target, fov=self._orbit_camera.fov,
                                             fov_axis=self._orbit_camera.fov_axis, min_distance=1e-3,
                                             max_distance=1e6)
        return replace(camera, yaw=yaw)  # keep the exact yaw (no drift through the vector round trip)


def _horizontal(yaw: float) -> np.ndarray:
    return np.asarray(yaw_pitch_to_vector(yaw, 0.0), float)

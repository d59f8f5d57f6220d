"""How input turns into views: drag with a grab-the-image feel, inertia, zoom and keyboard turning.

Pure logic (numpy, no Qt, no GL), so every gesture is unit-tested without a window. The UI feeds
pixel positions in *logical* widget pixels (the maths only needs ratios, so high-DPI factors cancel)
and times in seconds; :class:`Navigator` answers with a clamped :class:`~vtour.model.tour.View`.

Pixel coordinates have their origin at the widget's top-left corner, x to the right, y down.
Camera space follows :func:`vtour.geometry.angles.view_rotation`: x right, y up, -z forward.
"""

from __future__ import annotations

import enum
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from vtour.geometry.angles import vector_to_yaw_pitch, view_rotation, wrap_yaw
from vtour.geometry.projections import Projection, clamp_hfov, pixel_to_camera_ray
from vtour.model.tour import View, ViewLimits

ZOOM_STEP = 1.15
"""hfov is divided by this per wheel notch (120 eighths of a degree) towards the scene."""

INERTIA_TIME_CONSTANT = 0.25
"""Seconds for the inertial velocity to fall to 1/e: a flick glides, then settles in about a second."""

INERTIA_SAMPLE_WINDOW = 0.1
"""Drag samples younger than this (s) at release give the flick velocity."""

INERTIA_HOLD_TIME = 0.06
"""A drag that paused this long (s) before release ends without gliding."""

MAX_INERTIA_SPEED = 720.0
"""deg/s; caps the velocity a jittery sample pair could produce."""

STOP_SPEED = 0.01
"""Motion stops below this speed, in view widths (hfov) per second (1 deg/s at hfov 100)."""

KEY_TURN_RATE = 0.6
"""Keyboard turning speed in view widths (hfov) per second, so zoomed-in turning stays controllable."""

KEY_ZOOM_RATE = 0.9
"""Keyboard zoom speed in natural-log units of hfov per second (about x2.5 per second)."""

KEY_TIME_CONSTANT = 0.18
"""Seconds for keyboard speed to approach its target: eases in on press and out on release."""


class KeyAction(enum.Enum):
    """What a held key asks for (the UI maps arrows/WASD and +/- to these)."""

    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    LOOK_UP = "look_up"
    LOOK_DOWN = "look_down"
    ZOOM_IN = "zoom_in"
    ZOOM_OUT = "zoom_out"


# --- projection maths: pixel <-> world ---------------------------------------------------------


def _camera_ray(x: float, y: float, width: float, height: float, hfov_deg: float, projection: Projection) -> np.ndarray:
    """Unit camera-space ray through continuous pixel position ``(x, y)`` (see ``geometry.projections``)."""
    return np.asarray(pixel_to_camera_ray(projection, x, y, width, height, hfov_deg), dtype=np.float64)


def vertical_fov(hfov_deg: float, width: float, height: float, projection: Projection) -> float:
    """Angle in degrees between the top and bottom edge centres of the output."""
    ray = _camera_ray(width / 2.0, 0.0, width, height, hfov_deg, projection)
    return 2.0 * math.degrees(math.atan2(ray[1], -ray[2]))


def pixel_to_world(view: View, x: float, y: float, width: float, height: float, projection: Projection) -> np.ndarray:
    """Unit world direction seen at pixel ``(x, y)`` in ``view``."""
    ray = _camera_ray(x, y, width, height, view.hfov, projection)
    return view_rotation(view.yaw, view.pitch, view.roll) @ ray


def view_with_direction_at(
    view: View, direction: np.ndarray, x: float, y: float, width: float, height: float, projection: Projection
) -> View:
    """The view (same hfov and roll) that shows world ``direction`` at pixel ``(x, y)``.

    This is what makes a drag feel like grabbing the image. Solved exactly: first the pitch that
    brings the ray to the direction's height, then the yaw that turns it onto the direction.
    Where no pitch reaches (a pole outside the view's reach), the nearest one is taken.
    """
    ray = _camera_ray(x, y, width, height, view.hfov, projection)
    ray = view_rotation(0.0, 0.0, view.roll) @ ray
    pitch = _pitch_bringing_ray_to_height(ray, float(direction[1]), math.radians(view.pitch))
    tilted = view_rotation(0.0, math.degrees(pitch), 0.0) @ ray
    ray_yaw, _ = vector_to_yaw_pitch(tilted)
    target_yaw, _ = vector_to_yaw_pitch(direction)
    return replace(view, yaw=wrap_yaw(float(target_yaw - ray_yaw)), pitch=math.degrees(pitch))


def _pitch_bringing_ray_to_height(ray: np.ndarray, height: float, current: float) -> float:
    """Pitch (radians, in [-pi/2, pi/2]) at which camera ``ray`` has world y = ``height``.

    Pitching rotates (y, z) so that y' = y cos p - z sin p = R cos(p + phi); of the two solutions
    the one nearest the current pitch wins, so a drag never flips the view over a pole.
    """
    radius = math.hypot(ray[1], ray[2])
    phi = math.atan2(ray[2], ray[1])
    base = math.acos(min(max(height / radius, -1.0), 1.0)) if radius > 1e-12 else 0.0
    candidates = [_wrap_radians(sign * base - phi) for sign in (1.0, -1.0)]
    clamped = [min(max(p, -math.pi / 2.0), math.pi / 2.0) for p in candidates]
    return min(clamped, key=lambda p: abs(p - current))


def _wrap_radians(angle: float) -> float:
    return math.atan2(math.sin(angle), math.cos(angle))


# --- limits ---------------------------------------------------------------------------------------


def clamp_view(view: View, limits: ViewLimits, width: float, height: float, projection: Projection) -> View:
    """The nearest allowed view, keeping the visible edges inside limited ranges (as Pannellum does).

    With a yaw range narrower than the full circle, the view's left and right edges stay inside it
    (so the centre stays ``hfov / 2`` away from each limit); a pitch limit short of a pole keeps the
    top or bottom edge inside. The hfov shrinks if the allowed range is narrower than the view.
    """
    hfov = _clamp_hfov(view.hfov, limits, width, height, projection)
    vfov = vertical_fov(hfov, width, height, projection)
    pitch = _clamp_pitch(view.pitch, limits, vfov)
    yaw = _clamp_yaw(view.yaw, limits, hfov)
    return View(yaw=yaw, pitch=pitch, hfov=hfov, roll=view.roll)


def _clamp_hfov(hfov: float, limits: ViewLimits, width: float, height: float, projection: Projection) -> float:
    hfov = clamp_hfov(projection, min(max(hfov, limits.hfov_min), limits.hfov_max))
    if limits.yaw_limited:
        hfov = min(hfov, _yaw_span(limits))
    pitch_span = limits.pitch_max - limits.pitch_min
    if pitch_span < 180.0 and vertical_fov(hfov, width, height, projection) > pitch_span:
        hfov = _hfov_for_vfov(pitch_span, width, height, projection, hfov)
    return hfov


def _hfov_for_vfov(vfov: float, width: float, height: float, projection: Projection, upper: float) -> float:
    """Largest hfov <= ``upper`` whose vertical fov fits ``vfov`` (bisection: any projection)."""
    low, high = 0.0, upper
    for _ in range(40):
        middle = (low + high) / 2.0
        if vertical_fov(middle, width, height, projection) > vfov:
            high = middle
        else:
            low = middle
    return low


def _clamp_pitch(pitch: float, limits: ViewLimits, vfov: float) -> float:
    top = limits.pitch_max - vfov / 2.0 if limits.pitch_max < 90.0 else 90.0
    bottom = limits.pitch_min + vfov / 2.0 if limits.pitch_min > -90.0 else -90.0
    if bottom > top:  # the view is taller than the range: centre it
        return (limits.pitch_min + limits.pitch_max) / 2.0
    return min(max(pitch, bottom), top)


def _yaw_span(limits: ViewLimits) -> float:
    return (limits.yaw_max - limits.yaw_min) % 360.0 or 360.0


def _clamp_yaw(yaw: float, limits: ViewLimits, hfov: float) -> float:
    """Clamp on the circle, so a range across the ±180 seam (yaw_min 170, yaw_max -170) works."""
    yaw = wrap_yaw(yaw)
    if not limits.yaw_limited:
        return yaw
    span = _yaw_span(limits)
    low, high = hfov / 2.0, span - hfov / 2.0
    if low > high:
        return wrap_yaw(limits.yaw_min + span / 2.0)
    offset = (yaw - limits.yaw_min) % 360.0
    if offset > high:
        # Past the upper end: snap to whichever end is nearer around the circle.
        offset = high if offset - high <= 360.0 - offset + low else low
    offset = max(offset, low)
    return wrap_yaw(limits.yaw_min + offset)


# --- the navigator --------------------------------------------------------------------------------


@dataclass
class _Sample:
    time: float
    yaw: float
    pitch: float


@dataclass
class _Drag:
    direction: np.ndarray  # world direction grabbed at the press
    view: View  # view at the press


class Navigator:
    """The current view and everything that moves it: drag, inertia, zoom, keys.

    Parameters
    ----------
    view, limits
        The starting view and the allowed ranges (clamped at once).
    projection
        Output projection; the drag maths follows it so the grabbed point stays under the cursor.
    viewport
        Output size ``(width, height)`` in logical pixels; only the aspect and ratios matter.
    clock
        Seconds as a float, for drag samples; tests inject a fake one. ``step(dt)`` takes time
        explicitly, so animation needs no clock at all.

    Every mutating method returns whether the view changed, so the UI repaints only then.
    """

    def __init__(
        self,
        view: View | None = None,
        limits: ViewLimits | None = None,
        *,
        projection: Projection = Projection.RECTILINEAR,
        viewport: tuple[float, float] = (1280.0, 720.0),
        clock: Callable[[], float] = time.monotonic,
    ):
        self._limits = limits or ViewLimits()
        self._projection = projection
        self._size = (float(viewport[0]), float(viewport[1]))
        self._clock = clock
        self._drag: _Drag | None = None
        self._samples: deque[_Sample] = deque(maxlen=32)
        self._inertia = (0.0, 0.0)  # yaw, pitch velocity in deg/s
        self.inertia_enabled = True  # False: a released drag stops at once (reduced motion)
        self._keys: set[KeyAction] = set()
        self._key_velocity = (0.0, 0.0, 0.0)  # yaw deg/s, pitch deg/s, log-hfov/s
        self._view = self._clamp(view or View())

    # -- state ----------------------------------------------------------------------------------

    @property
    def view(self) -> View:
        return self._view

    @property
    def limits(self) -> ViewLimits:
        return self._limits

    @property
    def projection(self) -> Projection:
        return self._projection

    @property
    def viewport(self) -> tuple[float, float]:
        return self._size

    @property
    def is_dragging(self) -> bool:
        return self._drag is not None

    @property
    def is_moving(self) -> bool:
        """True while inertia or keys still move the view (the UI animates only then)."""
        return bool(self._keys) or _any_nonzero(self._inertia) or _any_nonzero(self._key_velocity)

    def set_view(self, view: View) -> bool:
        """Jump to ``view`` (clamped), stopping any motion."""
        self.stop()
        return self._assign(view)

    def set_limits(self, limits: ViewLimits) -> bool:
        self._limits = limits
        return self._assign(self._view)

    def set_projection(self, projection: Projection) -> bool:
        self._projection = projection
        return self._assign(self._view)

    def set_viewport(self, width: float, height: float) -> bool:
        """The output size changed; limits that depend on the aspect may move the view."""
        if width <= 0 or height <= 0:
            return False
        self._size = (float(width), float(height))
        return self._assign(self._view)

    def stop(self) -> None:
        """Stop gliding and keyboard motion (held keys count as released)."""
        self._inertia = (0.0, 0.0)
        self._keys.clear()
        self._key_velocity = (0.0, 0.0, 0.0)

    # -- drag -----------------------------------------------------------------------------------

    def begin_drag(self, x: float, y: float, time: float | None = None) -> None:
        """Grab the scene at pixel ``(x, y)``; stops any gliding.

        ``time`` (seconds) is when the input happened, e.g. from the event's timestamp, which
        stays true when events arrive in a burst; None reads the clock.
        """
        self._inertia = (0.0, 0.0)
        direction = self._world_at(self._view, x, y)
        self._drag = _Drag(direction=direction, view=self._view)
        self._samples.clear()
        self._record_sample(time)

    def drag_to(self, x: float, y: float, time: float | None = None) -> bool:
        """Move the grabbed point to pixel ``(x, y)``.

        Solved from the press each time (not incrementally), so rounding never accumulates and
        moving back to the press point restores the press view even after hitting a limit.
        """
        if self._drag is None:
            return False
        base = replace(self._drag.view, hfov=self._view.hfov)
        target = view_with_direction_at(base, self._drag.direction, x, y, *self._size, self._projection)
        changed = self._assign(target)
        self._record_sample(time)
        return changed

    def end_drag(self, time: float | None = None) -> bool:
        """Release the grab; returns whether the view keeps gliding (inertia)."""
        if self._drag is None:
            return self.is_moving
        self._drag = None
        released = self._release_velocity(self._clock() if time is None else time)
        self._inertia = released if self.inertia_enabled else (0.0, 0.0)
        self._samples.clear()
        return self.is_moving

    def cancel_drag(self) -> None:
        """Forget a grab without gliding (focus lost, touch cancelled)."""
        self._drag = None
        self._samples.clear()

    def drag(
        self,
        dx_px: float,
        dy_px: float,
        width_px: float,
        height_px: float,
        projection: Projection | None = None,
        start: tuple[float, float] | None = None,
    ) -> bool:
        """One complete drag by ``(dx_px, dy_px)`` from ``start`` (default: the view's centre).

        Dragging right turns the view left (yaw decreases), dragging down looks up: the scene
        follows the pointer.
        """
        if projection is not None:
            self._projection = projection
        self._size = (float(width_px), float(height_px))
        x0, y0 = start if start is not None else (width_px / 2.0, height_px / 2.0)
        self.begin_drag(x0, y0)
        changed = self.drag_to(x0 + dx_px, y0 + dy_px)
        self.cancel_drag()
        return changed

    # -- zoom -----------------------------------------------------------------------------------

    def zoom_steps(self, steps: float, at: tuple[float, float] | None = None) -> bool:
        """Zoom by wheel notches (positive = towards the scene = smaller hfov).

        With ``at``, the point under that pixel stays put (zoom towards the cursor).
        """
        return self.zoom_by(ZOOM_STEP**steps, at)

    def zoom_by(self, scale: float, at: tuple[float, float] | None = None) -> bool:
        """Magnify by ``scale`` (a pinch's scale factor: > 1 zooms in); hfov is divided by it."""
        if scale <= 0 or not math.isfinite(scale):
            return False
        self._inertia = (0.0, 0.0)
        return self._set_hfov(self._view.hfov / scale, at)

    def _set_hfov(self, hfov: float, at: tuple[float, float] | None) -> bool:
        if at is None:
            return self._assign(replace(self._view, hfov=hfov))
        direction = self._world_at(self._view, *at)
        zoomed = self._clamp(replace(self._view, hfov=hfov))
        return self._assign(view_with_direction_at(zoomed, direction, *at, *self._size, self._projection))

    # -- keyboard -------------------------------------------------------------------------------

    def set_key(self, action: KeyAction, pressed: bool) -> bool:
        """A key was pressed or released; returns whether the view is (still) moving."""
        if pressed:
            self._keys.add(action)
            self._inertia = (0.0, 0.0)
        else:
            self._keys.discard(action)
        return self.is_moving

    def release_keys(self) -> None:
        """All keys up (the window lost focus and will not hear the releases)."""
        self._keys.clear()

    # -- animation ------------------------------------------------------------------------------

    def step(self, dt: float) -> bool:
        """Advance inertia and keyboard motion by ``dt`` seconds; returns whether still moving."""
        if dt <= 0:
            return self.is_moving
        dt = min(dt, 0.25)  # a stalled event loop must not fling the view
        self._step_keys(dt)
        self._step_inertia(dt)
        return self.is_moving

    def _step_keys(self, dt: float) -> None:
        target = self._key_target()
        blend = 1.0 - math.exp(-dt / KEY_TIME_CONSTANT)
        velocity = tuple(v + (t - v) * blend for v, t in zip(self._key_velocity, target))
        if not self._keys:
            velocity = _zero_if_slow(velocity, self._stop_speed(), log_stop=STOP_SPEED)
        self._key_velocity = velocity
        if _any_nonzero(velocity):
            yaw_rate, pitch_rate, zoom_rate = velocity
            view = self._view
            moved = replace(view, yaw=view.yaw + yaw_rate * dt, pitch=view.pitch + pitch_rate * dt)
            self._assign(replace(moved, hfov=view.hfov * math.exp(zoom_rate * dt)))

    def _key_target(self) -> tuple[float, float, float]:
        def axis(positive: KeyAction, negative: KeyAction) -> float:
            return float(positive in self._keys) - float(negative in self._keys)

        turn = KEY_TURN_RATE * self._view.hfov
        return (
            axis(KeyAction.TURN_RIGHT, KeyAction.TURN_LEFT) * turn,
            axis(KeyAction.LOOK_UP, KeyAction.LOOK_DOWN) * turn,
            axis(KeyAction.ZOOM_OUT, KeyAction.ZOOM_IN) * KEY_ZOOM_RATE,
        )

    def _step_inertia(self, dt: float) -> None:
        if not _any_nonzero(self._inertia):
            return
        yaw_rate, pitch_rate = self._inertia
        before = self._view
        wanted = replace(before, yaw=before.yaw + yaw_rate * dt, pitch=before.pitch + pitch_rate * dt)
        self._assign(wanted)
        # Gliding into a limit stops that axis instead of pressing against it forever.
        yaw_rate = 0.0 if _blocked(self._view.yaw, wanted.yaw) else yaw_rate
        pitch_rate = 0.0 if _blocked(self._view.pitch, wanted.pitch) else pitch_rate
        decay = math.exp(-dt / INERTIA_TIME_CONSTANT)
        self._inertia = _zero_if_slow((yaw_rate * decay, pitch_rate * decay), self._stop_speed())

    # -- helpers --------------------------------------------------------------------------------

    def _stop_speed(self) -> float:
        return STOP_SPEED * self._view.hfov

    def _world_at(self, view: View, x: float, y: float) -> np.ndarray:
        return pixel_to_world(view, x, y, *self._size, self._projection)

    def _clamp(self, view: View) -> View:
        return clamp_view(view, self._limits, *self._size, self._projection)

    def _assign(self, view: View) -> bool:
        clamped = self._clamp(view)
        changed = clamped != self._view
        self._view = clamped
        return changed

    def _record_sample(self, time: float | None) -> None:
        when = self._clock() if time is None else time
        self._samples.append(_Sample(when, self._view.yaw, self._view.pitch))

    def _release_velocity(self, now: float) -> tuple[float, float]:
        """Velocity (deg/s) over the last :data:`INERTIA_SAMPLE_WINDOW` of the drag."""
        if len(self._samples) < 2:
            return (0.0, 0.0)
        last = self._samples[-1]
        if now - last.time > INERTIA_HOLD_TIME:
            return (0.0, 0.0)
        recent = [s for s in self._samples if last.time - s.time <= INERTIA_SAMPLE_WINDOW]
        first = recent[0] if len(recent) > 1 else self._samples[-2]
        elapsed = last.time - first.time
        if elapsed <= 1e-6:
            return (0.0, 0.0)
        velocity = (wrap_yaw(last.yaw - first.yaw) / elapsed, (last.pitch - first.pitch) / elapsed)
        return _zero_if_slow(_cap_speed(velocity, MAX_INERTIA_SPEED), self._stop_speed())


def _any_nonzero(values: tuple[float, ...]) -> bool:
    return any(v != 0.0 for v in values)


def _blocked(actual: float, wanted: float) -> bool:
    return abs(wrap_yaw(actual - wanted)) > 1e-9


def _cap_speed(velocity: tuple[float, float], limit: float) -> tuple[float, float]:
    speed = math.hypot(*velocity)
    if speed <= limit:
        return velocity
    return (velocity[0] * limit / speed, velocity[1] * limit / speed)


def _zero_if_slow(velocity: tuple[float, ...], stop_speed: float, log_stop: float | None = None) -> tuple[float, ...]:
    """Zero a velocity below the stop speed (a zoom rate, third item, has its own threshold)."""
    angular = math.hypot(*velocity[:2])
    zoom_slow = len(velocity) < 3 or abs(velocity[2]) < (log_stop or 0.0)
    if angular < stop_speed and zoom_slow:
        return tuple(0.0 for _ in velocity)
    return velocity

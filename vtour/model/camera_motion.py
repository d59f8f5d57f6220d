"""Smooth camera moves between two views: eased, along the shortest yaw arc, zooming in log space.

Pure functions of time (no clock, no Qt): a :class:`CameraMove` says where the camera is ``t``
seconds after it started, so a guided-tour player, a kiosk and a test with a fake clock all see
the same motion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vtour.geometry.angles import wrap_yaw
from vtour.model.tour import View


def ease_in_out(t: float) -> float:
    """Cubic ease-in-out (smoothstep) on [0, 1]: starts and stops with zero speed."""
    t = min(max(t, 0.0), 1.0)
    return t * t * (3.0 - 2.0 * t)


def yaw_delta(start: float, end: float) -> float:
    """The signed turn from ``start`` to ``end`` along the shorter arc, in (-180, 180] degrees."""
    return wrap_yaw(end - start)


def interpolate_view(start: View, end: View, fraction: float) -> View:
    """The view ``fraction`` (0 to 1, already eased) of the way from ``start`` to ``end``.

    Yaw turns the short way round across the ±180 seam; pitch moves linearly; hfov moves
    linearly in log space, so zooming 30 -> 120 feels as even as 60 -> 120 -> 60 (each doubling
    takes the same time).
    """
    if fraction <= 0.0:
        return start
    if fraction >= 1.0:
        return end  # exactly the target, no rounding left over
    yaw = wrap_yaw(start.yaw + yaw_delta(start.yaw, end.yaw) * fraction)
    pitch = start.pitch + (end.pitch - start.pitch) * fraction
    hfov = math.exp(math.log(start.hfov) + (math.log(end.hfov) - math.log(start.hfov)) * fraction)
    roll = start.roll + (end.roll - start.roll) * fraction
    return View(yaw=yaw, pitch=pitch, hfov=hfov, roll=roll)


@dataclass(frozen=True)
class CameraMove:
    """A move from ``start`` to ``end`` taking ``duration`` seconds (0: a jump)."""

    start: View
    end: View
    duration: float

    def view_at(self, elapsed: float) -> View:
        """Where the camera is ``elapsed`` seconds after the move began (``end`` once it is over)."""
        if self.duration <= 0.0 or elapsed >= self.duration:
            return self.end
        return interpolate_view(self.start, self.end, ease_in_out(elapsed / self.duration))

    def done(self, elapsed: float) -> bool:
        return elapsed >= self.duration

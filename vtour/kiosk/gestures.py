"""Touch gestures a kiosk adds to the viewer's own, as pure recognisers fed plain numbers.

The viewer's views already turn one finger into looking and two into pinching. A kiosk adds
two gestures with their own rules, kept here (no Qt) so the rules are testable directly:

- :class:`TwoFingerTap` — two fingers down and up again quickly without travelling: "back".
  A pinch also starts with two fingers, so a tap is only a tap when the fingers barely moved
  and lifted within :data:`TAP_SECONDS`.
- :class:`CornerTaps` — the operator gesture: several taps in a small corner square in quick
  succession. No visitor does that by chance, and it needs no hidden button a child could find.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

TAP_SECONDS = 0.35
"""Longest time two fingers may rest for a two-finger tap."""

TAP_TRAVEL_PX = 24.0
"""Farthest a finger may move (in logical pixels) during a two-finger tap."""

Point = tuple[float, float]


@dataclass
class TwoFingerTap:
    """Recognises a two-finger tap from touch updates.

    Call :meth:`update` with each touch event's time and the positions of the fingers that are
    down, keyed by touch-point id (an empty mapping when all lifted). It returns True exactly once,
    at the event where the last finger of a tap lifts.
    """

    started: float | None = None
    origins: dict[int, Point] = field(default_factory=dict)
    spoilt: bool = False  # a third finger, too much travel or too long: this contact is no tap

    def update(self, when: float, points: dict[int, Point]) -> bool:
        if not points:
            return self._lifted(when)
        if self.started is None:
            self.started, self.origins, self.spoilt = when, {}, False
        for key, position in points.items():
            origin = self.origins.setdefault(key, position)
            if math.dist(origin, position) > TAP_TRAVEL_PX:
                self.spoilt = True
        if len(self.origins) > 2 or when - self.started > TAP_SECONDS:
            self.spoilt = True
        return False

    def cancel(self) -> None:
        self.started, self.origins, self.spoilt = None, {}, False

    def _lifted(self, when: float) -> bool:
        tapped = (
            self.started is not None
            and not self.spoilt
            and len(self.origins) == 2
            and when - self.started <= TAP_SECONDS
        )
        self.cancel()
        return tapped


CORNER_TAPS = 5
CORNER_SECONDS = 3.0
CORNER_FRACTION = 0.08
"""The corner square's side as a fraction of the window's shorter side (at least 48 px)."""


@dataclass
class CornerTaps:
    """Recognises the operator gesture: ``count`` taps within ``seconds`` in the top-leading corner.

    ``right_to_left`` puts the corner at the top right, where a right-to-left layout starts.
    """

    count: int = CORNER_TAPS
    seconds: float = CORNER_SECONDS
    times: list[float] = field(default_factory=list)

    def tap(self, when: float, x: float, y: float, width: float, height: float, right_to_left: bool = False) -> bool:
        """Feed a tap (or click) at ``(x, y)`` in a ``width`` x ``height`` window; True when complete."""
        side = max(48.0, CORNER_FRACTION * min(width, height))
        in_corner = y <= side and (x >= width - side if right_to_left else x <= side)
        if not in_corner:
            self.times.clear()
            return False
        self.times = [t for t in self.times if when - t <= self.seconds] + [when]
        if len(self.times) >= self.count:
            self.times.clear()
            return True
        return False


AUTOROTATE_DEGREES_PER_SECOND = 4.0
"""The attract loop's turning speed where a tour has no guided tour (a slow, calm pan)."""


def autorotated_yaw(start_yaw: float, seconds: float, speed: float = AUTOROTATE_DEGREES_PER_SECOND) -> float:
    """The yaw ``seconds`` into an autorotation that started at ``start_yaw``, in [-180, 180)."""
    return (start_yaw + speed * seconds + 180.0) % 360.0 - 180.0

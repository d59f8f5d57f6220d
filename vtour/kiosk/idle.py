"""The kiosk's idle timer as a pure state machine, so the timing rules are testable without Qt.

An unattended kiosk must return to a known start state when a visitor walks away, but must not
yank the tour from someone who is merely reading. So after ``timeout`` seconds without input it
first asks "still there?" for ``prompt`` seconds, and only then resets and plays the attract loop.

The machine never reads the clock on its own schedule: the window calls :meth:`IdleMachine.tick`
(ideally from a single-shot timer armed with :meth:`IdleMachine.seconds_until_next`) and
:meth:`IdleMachine.activity` on any input, and carries out the returned :class:`IdleEvent` s.
The clock is injected so tests can advance time by hand.
"""

from __future__ import annotations

import enum
import logging
import math
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

__all__ = ["IdleEvent", "IdleMachine", "IdleState"]


class IdleState(enum.Enum):
    """Where the kiosk is in the idle cycle."""

    ACTIVE = "active"  # a visitor is (presumably) using the tour
    PROMPT = "prompt"  # the "still there?" prompt is showing
    ATTRACT = "attract"  # reset done; the attract loop is playing


class IdleEvent(enum.Enum):
    """What the window must do, in the order returned."""

    SHOW_PROMPT = "show_prompt"
    HIDE_PROMPT = "hide_prompt"
    RESET = "reset"  # back to start language, scene, view; panels closed; audio stopped
    START_ATTRACT = "start_attract"
    STOP_ATTRACT = "stop_attract"


class IdleMachine:
    """ACTIVE → PROMPT → ATTRACT on inactivity; any activity returns to ACTIVE.

    The prompt's countdown starts when the prompt is actually shown (at the :meth:`tick` that
    shows it), not when it was due, so a late tick never shortens the visitor's chance to answer.
    Leaving PROMPT for ATTRACT emits ``HIDE_PROMPT, RESET, START_ATTRACT``: the window should not
    have to infer that a reset also hides the prompt. With ``prompt == 0`` the prompt is skipped
    and ACTIVE goes straight to ``RESET, START_ATTRACT``.
    """

    def __init__(
        self,
        timeout: float = 60.0,
        prompt: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        attracting: bool = False,
    ) -> None:
        """``attracting`` starts in ATTRACT, as a kiosk does (the attract loop until a visitor comes)."""
        _check_seconds("timeout", timeout, allow_zero=False)
        _check_seconds("prompt", prompt, allow_zero=True)
        self._timeout = float(timeout)
        self._prompt = float(prompt)
        self._clock = clock
        self._state = IdleState.ATTRACT if attracting else IdleState.ACTIVE
        self._last_activity = clock()
        self._prompt_shown_at = self._last_activity

    @property
    def state(self) -> IdleState:
        """The current state (read-only: change it through :meth:`activity` and :meth:`tick`)."""
        return self._state

    @property
    def timeout(self) -> float:
        """Seconds without activity before the prompt (or the reset when the prompt is 0)."""
        return self._timeout

    @property
    def prompt(self) -> float:
        """Seconds the "still there?" prompt stays up before the reset."""
        return self._prompt

    def activity(self) -> list[IdleEvent]:
        """Record visitor input: restart the idle countdown and return to ACTIVE.

        Answering the prompt only hides it (no reset: the visitor is still there); input during
        the attract loop stops it, leaving the kiosk at the freshly reset start.
        """
        self._last_activity = self._clock()
        previous = self._state
        self._state = IdleState.ACTIVE
        if previous is IdleState.PROMPT:
            log.info("idle prompt answered; staying in the tour")
            return [IdleEvent.HIDE_PROMPT]
        if previous is IdleState.ATTRACT:
            log.info("visitor input interrupted the attract loop")
            return [IdleEvent.STOP_ATTRACT]
        return []

    def tick(self) -> list[IdleEvent]:
        """Advance on the clock and return what the window must do now (often nothing)."""
        now = self._clock()
        if self._state is IdleState.ACTIVE and now - self._last_activity >= self._timeout:
            if self._prompt > 0:
                self._state = IdleState.PROMPT
                self._prompt_shown_at = now
                log.info("idle for %.1f s; asking if the visitor is still there", self._timeout)
                return [IdleEvent.SHOW_PROMPT]
            return self._to_attract([])
        if self._state is IdleState.PROMPT and now - self._prompt_shown_at >= self._prompt:
            return self._to_attract([IdleEvent.HIDE_PROMPT])
        return []

    def seconds_until_next(self) -> float | None:
        """Seconds until :meth:`tick` would change state, 0 when overdue; None in ATTRACT.

        In ATTRACT only activity changes anything, so there is nothing to schedule.
        """
        now = self._clock()
        if self._state is IdleState.ACTIVE:
            return max(0.0, self._last_activity + self._timeout - now)
        if self._state is IdleState.PROMPT:
            return max(0.0, self._prompt_shown_at + self._prompt - now)
        return None

    def _to_attract(self, events: list[IdleEvent]) -> list[IdleEvent]:
        self._state = IdleState.ATTRACT
        log.info("kiosk idle: resetting to the start and playing the attract loop")
        return [*events, IdleEvent.RESET, IdleEvent.START_ATTRACT]


def _check_seconds(name: str, value: float, *, allow_zero: bool) -> None:
    """Reject bools, NaN, infinities and out-of-range durations early, with the argument's name."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number of seconds, not {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound} seconds, not {value!r}")

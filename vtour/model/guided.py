"""Play a guided tour on a :class:`~vtour.model.session.TourSession`: steps, smooth camera moves, holds.

Pure Python (no Qt): the player is driven by :meth:`GuidedTourPlayer.advance` (seconds) or by
:meth:`GuidedTourPlayer.tick`, which reads an injectable clock. The UI runs a timer only while the
player plays, at frame rate while the camera moves and with one single-shot wait through a hold
(:meth:`GuidedTourPlayer.seconds_to_next_change`), so a kiosk's attract loop costs almost nothing
between moves.

Decisions (documented in ``docs/guided-tours.md``):

- **History**: steps enter their scenes with ``record=False``. A kiosk loops for months; recording
  every step would grow the back history without bound, and Back after a tour should go where
  the *visitor* went, not through the tour's steps.
- **Arrival**: a step in another scene enters it keeping the compass heading (like a
  ``"sameAzimuth"`` link) with the current pitch and hfov, then turns to the step's view over
  ``transition`` seconds. In the same scene the camera simply moves.
- **The visitor takes over**: a view or scene change the player did not make (a drag, a click
  in the scene list) *pauses* the tour; :meth:`~GuidedTourPlayer.resume` replays the interrupted
  step from wherever the visitor is looking (move back, then hold for the whole duration).
- **Reduced motion**: when ``reduced_motion()`` is true at a step's start, the camera jumps.
- **Narration**: the UI plays a step's narration from the moment the camera arrives (the hold
  begins, :attr:`GuidedTourPlayer.in_hold`) and reports how long the hold must last for it to end
  (:meth:`GuidedTourPlayer.set_narration_length`): the hold lasts ``max(duration, that)``, so a
  narration longer than ``duration`` is never cut off, and a shorter one leaves the view held for
  ``duration``. The player itself never touches audio.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from vtour.geometry.angles import wrap_yaw
from vtour.model.camera_motion import CameraMove
from vtour.model.session import Event, SceneChange, TourSession
from vtour.model.tour import GuidedStep, GuidedTour, View

STOPPED, PLAYING, PAUSED = "stopped", "playing", "paused"

_VIEW_TOLERANCE = 0.05
"""Degrees (and hfov degrees) within which a foreign view change counts as an echo, not the user."""


def _same_view(a: View, b: View) -> bool:
    return (abs(wrap_yaw(a.yaw - b.yaw)) <= _VIEW_TOLERANCE and abs(a.pitch - b.pitch) <= _VIEW_TOLERANCE
            and abs(a.hfov - b.hfov) <= _VIEW_TOLERANCE)


class GuidedTourPlayer:
    """Plays ``guided_tour``'s steps on ``session``.

    Parameters
    ----------
    session
        The visit to drive; the player changes it only through ``go_to`` and ``set_view``.
    guided_tour
        The steps to play.
    clock
        Seconds as a float, for :meth:`tick`; default ``time.monotonic``. Tests pass a fake.
    loop
        Start again at the first step after the last (a kiosk's attract loop).
    reduced_motion
        Called at each step's start; True makes the camera jump instead of moving.

    Events
    ------
    step_changed (int)
        A step began: its index.
    state_changed (str)
        ``"playing"``, ``"paused"`` or ``"stopped"``.
    finished (None)
        The last step's hold ended (never emitted with ``loop``).
    """

    def __init__(self, session: TourSession, guided_tour: GuidedTour, clock: Callable[[], float] | None = None,
                 *, loop: bool = False, reduced_motion: Callable[[], bool] | None = None) -> None:
        if not guided_tour.steps:
            raise ValueError(f"guided tour {guided_tour.id!r} has no steps")
        self.session = session
        self.guided_tour = guided_tour
        self.loop = loop
        self._clock = clock or time.monotonic
        self._reduced_motion = reduced_motion or (lambda: False)
        self.step_changed: Event[int] = Event()
        self.state_changed: Event[str] = Event()
        self.finished: Event[None] = Event()
        self._state = STOPPED
        self._index = 0
        self._elapsed = 0.0  # seconds since the current step began
        self._move: CameraMove | None = None
        self._last_tick: float | None = None
        self._applying = False  # the session's events during our own changes are not the user's
        self._interrupted = False
        self._narration_length: float | None = None  # hold seconds the current step's narration needs
        self.step_serial = 0
        """Counts step starts (a replayed or restarted step gets a new number): the UI's narration key."""
        session.view_changed.connect(self._on_view_changed)
        session.scene_changed.connect(self._on_scene_changed)

    # -- reading ----------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    @property
    def is_playing(self) -> bool:
        return self._state == PLAYING

    @property
    def index(self) -> int:
        """The current step's index (0 before the first play)."""
        return self._index

    @property
    def step(self) -> GuidedStep:
        return self.guided_tour.steps[self._index]

    @property
    def step_count(self) -> int:
        return len(self.guided_tour.steps)

    @property
    def elapsed_in_step(self) -> float:
        return self._elapsed

    @property
    def moving(self) -> bool:
        """The camera is moving (the UI should tick at frame rate)."""
        return self._move is not None and not self._move.done(self._elapsed)

    @property
    def in_hold(self) -> bool:
        """The camera has arrived at the current step's view and holds it (narration plays now)."""
        return self._move is not None and self._move.done(self._elapsed)

    @property
    def hold_elapsed(self) -> float:
        """Seconds since the current step's hold began (0 while the camera moves)."""
        if self._move is None:
            return 0.0
        return max(self._elapsed - self._move.duration, 0.0)

    def pending_seconds(self) -> float:
        """Seconds the clock says have passed since the last tick (0 unless playing)."""
        if self._state != PLAYING or self._last_tick is None:
            return 0.0
        return max(self._clock() - self._last_tick, 0.0)

    @property
    def narration_length(self) -> float | None:
        return self._narration_length

    def set_narration_length(self, seconds: float | None) -> None:
        """How many seconds of hold the current step's narration needs (None: no narration).

        The hold lasts ``max(step.duration, seconds)``. The UI calls this with the audio's duration
        once known, then with ``hold_elapsed + time left in the audio`` as it plays (so a late or
        slow audio start still finishes), and with ``hold_elapsed`` when the audio ended or failed.
        """
        self._narration_length = None if seconds is None else max(float(seconds), 0.0)

    def hold_length(self, step: GuidedStep | None = None) -> float:
        """Seconds a step holds its view: ``duration``, longer while the current step's narration needs it."""
        step = step or self.step
        if step is self.step and self._narration_length is not None:
            return max(step.duration, self._narration_length)
        return step.duration

    def step_length(self, step: GuidedStep | None = None) -> float:
        """Seconds a step lasts: its camera move (0 under reduced motion) plus its hold."""
        step = step or self.step
        move = self._move.duration if (step is self.step and self._move is not None) else step.transition
        return move + self.hold_length(step)

    def step_progress(self) -> float:
        """How far through the current step, 0 to 1."""
        if self._move is None:
            return 0.0
        return min(self._elapsed / max(self.step_length(), 1e-9), 1.0)

    def seconds_to_next_change(self) -> float | None:
        """0 while the camera moves; the rest of the hold while holding; None when not playing."""
        if self._state != PLAYING:
            return None
        if self.moving:
            return 0.0
        return max(self.step_length() - self._elapsed, 0.0)

    def text(self) -> str:
        """The current step's caption in the session's language."""
        return self.session.text(self.step.text)

    def narration(self) -> str | None:
        """The current step's narration file for the session's language, or None."""
        return self.session.text(self.step.narration) or None

    def captions(self) -> str | None:
        """The current step's WebVTT captions file for the session's language, or None."""
        return self.session.text(self.step.captions) or None

    # -- commands ---------------------------------------------------------------------------------

    def play(self) -> None:
        """Start at the first step (when stopped) or resume (when paused)."""
        if self._state == PAUSED:
            self.resume()
        elif self._state == STOPPED:
            self._set_state(PLAYING)
            self._last_tick = self._clock()
            self._start_step(0)

    def pause(self) -> None:
        if self._state == PLAYING:
            self._set_state(PAUSED)

    def resume(self) -> None:
        """Go on from a pause; after the visitor took over, the interrupted step plays again."""
        if self._state != PAUSED:
            return
        self._set_state(PLAYING)
        self._last_tick = self._clock()
        if self._interrupted:
            self._start_step(self._index)

    def toggle(self) -> None:
        if self._state == PLAYING:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop where the camera is; the next :meth:`play` starts at the first step."""
        self._move = None
        self._elapsed = 0.0
        self._set_state(STOPPED)

    def next(self) -> None:
        """The following step (wrapping with ``loop``; past the last one the tour finishes)."""
        if self._index + 1 < self.step_count:
            self._go_to_step(self._index + 1)
        elif self.loop:
            self._go_to_step(0)
        else:
            self._finish()

    def previous(self) -> None:
        """The step before (wrapping to the last with ``loop``; the first step restarts)."""
        index = self._index - 1
        if index < 0:
            index = self.step_count - 1 if self.loop else 0
        self._go_to_step(index)

    def advance(self, dt: float) -> None:
        """Let ``dt`` seconds pass (only while playing): move the camera, change steps on time."""
        if self._state != PLAYING or dt <= 0.0:
            return
        self._elapsed += dt
        # Leftover time carries into the next step, so step changes never drift however the
        # timer's ticks fall.
        while self._state == PLAYING and self._elapsed >= self.step_length():
            self._elapsed -= self.step_length()
            self._arrive()  # a long tick may skip the move's last frames: end exactly on the view
            if self._index + 1 < self.step_count or self.loop:
                leftover = self._elapsed
                self._start_step((self._index + 1) % self.step_count)
                self._elapsed = leftover
            else:
                self._finish()
                return
        self._apply_motion()

    def tick(self) -> None:
        """Advance by the time the clock says has passed since the last tick (or play/resume)."""
        now = self._clock()
        if self._last_tick is not None:
            self.advance(now - self._last_tick)
        self._last_tick = now

    def close(self) -> None:
        """Stop and let go of the session's events (the player can be dropped after this)."""
        self.stop()
        self.session.view_changed.disconnect(self._on_view_changed)
        self.session.scene_changed.disconnect(self._on_scene_changed)

    # -- internals ------------------------------------------------------------------------------

    def _go_to_step(self, index: int) -> None:
        """Next/previous: while playing the step plays normally; otherwise the camera jumps to it."""
        if self._state == PLAYING:
            self._last_tick = self._clock()
            self._start_step(index)
        else:
            self._start_step(index, jump=True)

    def _start_step(self, index: int, *, jump: bool = False) -> None:
        self._index, self._elapsed, self._interrupted = index, 0.0, False
        self._narration_length = None
        self.step_serial += 1
        step = self.step
        self._enter_scene(step)
        target = self.session.scene.limits.clamp(step.view)
        duration = 0.0 if jump or self._reduced_motion() else step.transition
        self._move = CameraMove(self.session.view, target, duration)
        self.step_changed.emit(index)
        self._apply_motion()

    def _enter_scene(self, step: GuidedStep) -> None:
        if self.session.scene.id == step.scene:
            return
        current, target = self.session.scene, self.session.tour.scene(step.scene)
        view = self.session.view
        heading = view.yaw + current.north_offset  # keep the compass heading, like "sameAzimuth"
        arrival = View(yaw=wrap_yaw(heading - target.north_offset), pitch=view.pitch, hfov=view.hfov)
        with self._own_changes():
            self.session.go_to(step.scene, arrival, record=False)

    def _apply_motion(self) -> None:
        if self._move is None:
            return
        with self._own_changes():
            self.session.set_view(self._move.view_at(self._elapsed))

    def _arrive(self) -> None:
        if self._move is not None:
            with self._own_changes():
                self.session.set_view(self._move.end)

    def _finish(self) -> None:
        self._move = None
        self._set_state(STOPPED)
        self.finished.emit(None)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    @contextmanager
    def _own_changes(self) -> Iterator[None]:
        self._applying = True
        try:
            yield
        finally:
            self._applying = False

    def _on_view_changed(self, view: View) -> None:
        if self._applying or self._state != PLAYING or self._move is None:
            return
        if not _same_view(view, self._move.view_at(self._elapsed)):
            self._user_took_over()

    def _on_scene_changed(self, change: SceneChange) -> None:
        if not self._applying and self._state == PLAYING:
            self._user_took_over()

    def _user_took_over(self) -> None:
        self._interrupted = True
        self.pause()

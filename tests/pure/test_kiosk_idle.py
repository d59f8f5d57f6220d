"""The kiosk idle state machine, driven by a fake clock so timing is exact and instant."""

from __future__ import annotations

import pytest

from vtour.kiosk.idle import IdleEvent, IdleMachine, IdleState

E = IdleEvent


class FakeClock:
    """A clock the test advances by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def machine(clock: FakeClock, timeout: float = 60.0, prompt: float = 10.0) -> IdleMachine:
    return IdleMachine(timeout=timeout, prompt=prompt, clock=clock)


def test_no_events_before_the_timeout(clock):
    m = machine(clock)
    for _ in range(59):
        clock.advance(1)
        assert m.tick() == []
    clock.advance(0.999)
    assert m.tick() == []
    assert m.state is IdleState.ACTIVE


def test_prompt_at_exactly_the_timeout(clock):
    m = machine(clock)
    clock.advance(60)
    assert m.tick() == [E.SHOW_PROMPT]
    assert m.state is IdleState.PROMPT
    assert m.tick() == []  # shown once


def test_activity_postpones_the_timeout(clock):
    m = machine(clock)
    clock.advance(50)
    assert m.activity() == []
    clock.advance(50)
    assert m.tick() == []
    clock.advance(10)
    assert m.tick() == [E.SHOW_PROMPT]


def test_answering_the_prompt_hides_it_without_reset(clock):
    m = machine(clock)
    clock.advance(60)
    m.tick()
    clock.advance(5)
    assert m.activity() == [E.HIDE_PROMPT]
    assert m.state is IdleState.ACTIVE
    clock.advance(59)
    assert m.tick() == []  # the countdown restarted at the answer
    clock.advance(1)
    assert m.tick() == [E.SHOW_PROMPT]


def test_reset_and_attract_after_the_prompt(clock):
    m = machine(clock)
    clock.advance(60)
    m.tick()
    clock.advance(9.5)
    assert m.tick() == []
    clock.advance(0.5)
    assert m.tick() == [E.HIDE_PROMPT, E.RESET, E.START_ATTRACT]
    assert m.state is IdleState.ATTRACT
    clock.advance(1000)
    assert m.tick() == []  # attract loops until someone touches the kiosk


def test_late_tick_still_gives_the_full_prompt(clock):
    m = machine(clock)
    clock.advance(500)  # e.g. the machine was busy
    assert m.tick() == [E.SHOW_PROMPT]
    clock.advance(9)
    assert m.tick() == []


def test_activity_in_attract_stops_it(clock):
    m = machine(clock)
    clock.advance(60)
    m.tick()
    clock.advance(10)
    m.tick()
    assert m.activity() == [E.STOP_ATTRACT]
    assert m.state is IdleState.ACTIVE
    assert m.activity() == []


def test_repeated_cycles(clock):
    m = machine(clock, timeout=5, prompt=2)
    for _ in range(3):
        clock.advance(5)
        assert m.tick() == [E.SHOW_PROMPT]
        clock.advance(2)
        assert m.tick() == [E.HIDE_PROMPT, E.RESET, E.START_ATTRACT]
        clock.advance(30)
        assert m.activity() == [E.STOP_ATTRACT]
        assert m.state is IdleState.ACTIVE


def test_zero_prompt_goes_straight_to_reset(clock):
    m = machine(clock, timeout=30, prompt=0)
    clock.advance(29)
    assert m.tick() == []
    clock.advance(1)
    assert m.tick() == [E.RESET, E.START_ATTRACT]
    assert m.state is IdleState.ATTRACT


def test_seconds_until_next_in_every_state(clock):
    m = machine(clock)
    assert m.seconds_until_next() == 60
    clock.advance(25)
    assert m.seconds_until_next() == 35
    clock.advance(40)
    assert m.seconds_until_next() == 0  # overdue: tick now
    m.tick()
    assert m.state is IdleState.PROMPT
    assert m.seconds_until_next() == 10
    clock.advance(4)
    assert m.seconds_until_next() == 6
    clock.advance(6)
    m.tick()
    assert m.state is IdleState.ATTRACT
    assert m.seconds_until_next() is None
    m.activity()
    assert m.seconds_until_next() == 60


def test_defaults_use_a_real_clock():
    m = IdleMachine()
    assert (m.timeout, m.prompt) == (60.0, 10.0)
    assert m.state is IdleState.ACTIVE
    assert 59 < m.seconds_until_next() <= 60


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timeout": 0},
        {"timeout": -1},
        {"timeout": float("nan")},
        {"timeout": float("inf")},
        {"timeout": True},
        {"timeout": "60"},
        {"prompt": -0.1},
        {"prompt": float("nan")},
        {"prompt": None},
    ],
)
def test_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError):
        IdleMachine(**kwargs)


def test_a_kiosk_starts_attracting_until_a_visitor_comes():
    clock = FakeClock()
    machine = IdleMachine(timeout=60, prompt=10, clock=clock, attracting=True)
    assert machine.state is IdleState.ATTRACT
    assert machine.seconds_until_next() is None
    clock.advance(1000)
    assert machine.tick() == []
    assert machine.activity() == [IdleEvent.STOP_ATTRACT]
    assert machine.state is IdleState.ACTIVE

"""The kiosk's own gestures: two-finger tap (back), the operator's corner taps, autorotation."""

from __future__ import annotations

import pytest

from vtour.kiosk.gestures import TAP_SECONDS, CornerTaps, TwoFingerTap, autorotated_yaw


def test_two_fingers_down_and_up_quickly_is_a_tap():
    tap = TwoFingerTap()
    assert not tap.update(0.0, {1: (100, 100)})
    assert not tap.update(0.05, {1: (101, 100), 2: (300, 100)})
    assert not tap.update(0.15, {2: (300, 102)})
    assert tap.update(0.2, {})
    assert not tap.update(0.3, {})  # reported once


@pytest.mark.parametrize("story", [
    [(0.0, {1: (100, 100)}), (0.1, {})],  # one finger: a tap, not a two-finger tap
    [(0.0, {1: (100, 100), 2: (200, 100)}), (0.1, {1: (60, 100), 2: (260, 100)}), (0.2, {})],  # a pinch
    [(0.0, {1: (100, 100), 2: (200, 100)}), (TAP_SECONDS + 0.1, {})],  # resting too long
    [(0.0, {1: (100, 100), 2: (200, 100), 3: (300, 100)}), (0.1, {})],  # three fingers
])
def test_what_is_not_a_two_finger_tap(story):
    tap = TwoFingerTap()
    assert not any(tap.update(when, points) for when, points in story)


def test_a_spoilt_contact_does_not_spoil_the_next():
    tap = TwoFingerTap()
    tap.update(0.0, {1: (0, 0), 2: (100, 0), 3: (200, 0)})
    tap.update(0.1, {})
    tap.update(1.0, {1: (0, 0), 2: (100, 0)})
    assert tap.update(1.1, {})


def test_five_quick_corner_taps_open_the_pin_pad():
    taps = CornerTaps()
    results = [taps.tap(t * 0.4, 10, 10, 1920, 1080) for t in range(5)]
    assert results == [False] * 4 + [True]


def test_corner_taps_must_be_quick_and_in_the_corner():
    slow = CornerTaps()
    assert not any(slow.tap(t * 1.0, 10, 10, 1920, 1080) for t in range(5))  # 4 s: too slow
    interrupted = CornerTaps()
    for t in range(4):
        interrupted.tap(t * 0.3, 10, 10, 1920, 1080)
    interrupted.tap(1.3, 900, 500, 1920, 1080)  # a tap elsewhere starts again
    assert not interrupted.tap(1.5, 10, 10, 1920, 1080)


def test_right_to_left_moves_the_corner_to_the_top_right():
    taps = CornerTaps()
    assert not any(taps.tap(t * 0.3, 10, 10, 1920, 1080, right_to_left=True) for t in range(5))
    assert [taps.tap(t * 0.3, 1910, 10, 1920, 1080, right_to_left=True) for t in range(5)][-1]


def test_autorotation_turns_steadily_and_wraps():
    assert autorotated_yaw(0.0, 10.0) == pytest.approx(40.0)
    assert autorotated_yaw(170.0, 5.0) == pytest.approx(-170.0)
    assert autorotated_yaw(-10.0, 0.0) == pytest.approx(-10.0)

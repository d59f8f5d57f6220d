"""Camera moves: easing, the shortest yaw arc across the ±180 seam, hfov in log space."""

from __future__ import annotations

import math

import pytest

from vtour.model.camera_motion import CameraMove, ease_in_out, interpolate_view, yaw_delta
from vtour.model.tour import View


def test_ease_in_out_starts_and_ends_still_and_is_symmetric():
    assert ease_in_out(0.0) == 0.0 and ease_in_out(1.0) == 1.0
    assert ease_in_out(0.5) == pytest.approx(0.5)
    assert ease_in_out(0.01) < 0.001  # slow start
    assert 1.0 - ease_in_out(0.99) < 0.001  # slow end
    assert ease_in_out(0.3) == pytest.approx(1.0 - ease_in_out(0.7))
    assert ease_in_out(-1.0) == 0.0 and ease_in_out(2.0) == 1.0


@pytest.mark.parametrize(("start", "end", "delta"), [
    (170.0, -170.0, 20.0),     # across the seam, not 340 degrees the long way
    (-170.0, 170.0, -20.0),
    (10.0, 100.0, 90.0),
    (0.0, 180.0, 180.0),
    (-90.0, 90.0, 180.0),
])
def test_yaw_takes_the_shortest_arc(start, end, delta):
    assert yaw_delta(start, end) == pytest.approx(delta)


def test_halfway_across_the_seam_is_at_180():
    view = interpolate_view(View(170.0, 0.0, 90.0), View(-170.0, 0.0, 90.0), 0.5)
    assert abs(view.yaw) == pytest.approx(180.0)
    quarter = interpolate_view(View(170.0, 0.0, 90.0), View(-170.0, 0.0, 90.0), 0.25)
    assert quarter.yaw == pytest.approx(175.0)


def test_hfov_moves_in_log_space():
    view = interpolate_view(View(0.0, 0.0, 30.0), View(0.0, 0.0, 120.0), 0.5)
    assert view.hfov == pytest.approx(60.0)  # the geometric mean: each doubling takes as long
    assert view.pitch == 0.0


def test_pitch_is_linear():
    assert interpolate_view(View(0, -20, 90), View(0, 40, 90), 0.25).pitch == pytest.approx(-5.0)


def test_move_ends_exactly_on_the_target_and_zero_duration_jumps():
    start, end = View(10.0, 5.0, 100.0), View(-120.0, -10.0, 60.0)
    move = CameraMove(start, end, 2.0)
    assert move.view_at(0.0) == start
    assert move.view_at(2.0) == end and move.view_at(5.0) == end
    assert move.done(2.0) and not move.done(1.999)
    middle = move.view_at(1.0)
    assert middle.yaw == pytest.approx(-55.0) and middle.hfov == pytest.approx(math.sqrt(6000.0))
    assert CameraMove(start, end, 0.0).view_at(0.0) == end

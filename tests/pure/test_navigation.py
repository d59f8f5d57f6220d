"""Navigation maths: drag, inertia, zoom, keys and limits, without Qt or real time."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vtour.geometry.angles import vector_to_yaw_pitch, wrap_yaw
from vtour.geometry.projections import Projection, pixel_to_camera_ray
from vtour.model.navigation import (
    INERTIA_TIME_CONSTANT,
    KEY_TURN_RATE,
    ZOOM_STEP,
    KeyAction,
    Navigator,
    clamp_view,
    pixel_to_world,
    vertical_fov,
)
from vtour.model.tour import View, ViewLimits

W, H = 800, 600
ALL_PROJECTIONS = list(Projection)


class FakeClock:
    """Seconds that advance only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_navigator(view=None, limits=None, projection=Projection.RECTILINEAR, clock=None) -> Navigator:
    return Navigator(view or View(), limits, projection=projection, viewport=(W, H), clock=clock or FakeClock())


def focal_px(hfov: float, width: float = W) -> float:
    """Rectilinear focal length in pixels: hfov spans the outer edges."""
    return (width / 2.0) / math.tan(math.radians(hfov) / 2.0)


# --- projection rays ------------------------------------------------------------------------------


@pytest.mark.parametrize("projection", ALL_PROJECTIONS)
def test_edges_are_hfov_apart(projection):
    left = pixel_to_camera_ray(projection, 0, H / 2, W, H, 90.0)
    right = pixel_to_camera_ray(projection, W, H / 2, W, H, 90.0)
    centre = pixel_to_camera_ray(projection, W / 2, H / 2, W, H, 90.0)
    np.testing.assert_allclose(centre, [0, 0, -1], atol=1e-12)
    assert math.degrees(math.acos(np.dot(left, right))) == pytest.approx(90.0)


def test_rectilinear_vertical_fov_matches_geometry():
    from vtour.geometry.angles import vfov_from_hfov

    assert vertical_fov(100.0, W, H, Projection.RECTILINEAR) == pytest.approx(vfov_from_hfov(100.0, W, H))


# --- drag -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("dx", [1, 40, 300])
def test_drag_right_turns_left_by_the_ray_angle(dx):
    nav = make_navigator(View(yaw=0.0, pitch=0.0, hfov=90.0))
    assert nav.drag(dx, 0, W, H)
    expected = -math.degrees(math.atan(dx / focal_px(90.0)))
    assert nav.view.yaw == pytest.approx(expected, abs=1e-9)
    assert nav.view.pitch == pytest.approx(0.0, abs=1e-9)


def test_large_drag_differs_from_a_linear_approximation():
    nav = make_navigator(View(hfov=90.0))
    nav.drag(300, 0, W, H)
    linear = -300 * 90.0 / W
    assert abs(nav.view.yaw - linear) > 3.0  # the exact ray angle, not degrees-per-pixel


def test_drag_down_looks_up():
    nav = make_navigator(View(hfov=90.0))
    nav.drag(0, 120, W, H)
    assert nav.view.pitch == pytest.approx(math.degrees(math.atan(120 / focal_px(90.0))))


@pytest.mark.parametrize("projection", ALL_PROJECTIONS)
def test_grabbed_point_stays_under_the_cursor(projection):
    rng = np.random.default_rng(7)
    for _ in range(50):
        view = View(yaw=rng.uniform(-180, 180), pitch=rng.uniform(-60, 60), hfov=rng.uniform(40, 110))
        nav = make_navigator(view, projection=projection)
        start = (rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H)
        end = (start[0] + rng.uniform(-150, 150), start[1] + rng.uniform(-100, 100))
        grabbed = pixel_to_world(nav.view, *start, W, H, projection)
        nav.begin_drag(*start)
        nav.drag_to(*end)
        if abs(nav.view.pitch) >= 90.0 - 1e-9:
            continue  # clamped at a pole: the point cannot follow
        np.testing.assert_allclose(pixel_to_world(nav.view, *end, W, H, projection), grabbed, atol=1e-9)


def test_drag_back_to_the_press_point_restores_the_view():
    start_view = View(yaw=170.0, pitch=10.0, hfov=80.0)
    nav = make_navigator(start_view)
    nav.begin_drag(400, 300)
    for x, y in [(500, 350), (700, 500), (650, 20), (400, 300)]:
        nav.drag_to(x, y)
    assert nav.view.yaw == pytest.approx(start_view.yaw)
    assert nav.view.pitch == pytest.approx(start_view.pitch)


def test_drag_across_the_seam_wraps_yaw():
    nav = make_navigator(View(yaw=-179.0, hfov=90.0))
    nav.drag(100, 0, W, H)
    assert -180.0 < nav.view.yaw <= 180.0 and nav.view.yaw > 90.0


def test_drag_up_stops_at_the_zenith():
    nav = make_navigator(View(pitch=80.0, hfov=90.0))
    nav.drag(0, 2000, W, H)
    assert nav.view.pitch == pytest.approx(90.0)


# --- inertia --------------------------------------------------------------------------------------


def flick(nav: Navigator, clock: FakeClock, px_per_step: float, steps: int = 6, pause: float = 0.0) -> bool:
    nav.begin_drag(W / 2, H / 2)
    for i in range(1, steps + 1):
        clock.advance(0.01)
        nav.drag_to(W / 2 + px_per_step * i, H / 2)
    clock.advance(pause)
    return nav.end_drag()


def test_flick_glides_and_decays_exponentially():
    clock = FakeClock()
    nav = make_navigator(View(hfov=90.0), clock=clock)
    assert flick(nav, clock, 10.0)
    yaw0 = nav.view.yaw
    nav.step(0.01)
    speed0 = (nav.view.yaw - yaw0) / 0.01
    assert speed0 < 0  # keeps turning the way the drag turned
    yaw1 = nav.view.yaw
    nav.step(INERTIA_TIME_CONSTANT)
    yaw2 = nav.view.yaw
    nav.step(0.01)
    speed1 = (nav.view.yaw - yaw2) / 0.01
    assert yaw2 < yaw1
    assert speed1 / speed0 == pytest.approx(math.exp(-1.0 - 0.01 / INERTIA_TIME_CONSTANT), rel=0.02)


def test_glide_comes_to_rest():
    clock = FakeClock()
    nav = make_navigator(View(hfov=90.0), clock=clock)
    flick(nav, clock, 30.0)
    for _ in range(1000):
        if not nav.step(1 / 60):
            break
    assert not nav.is_moving
    assert not nav.step(1 / 60)


def test_pause_before_release_means_no_glide():
    clock = FakeClock()
    nav = make_navigator(View(hfov=90.0), clock=clock)
    assert not flick(nav, clock, 10.0, pause=0.2)


def test_a_press_stops_a_glide():
    clock = FakeClock()
    nav = make_navigator(View(hfov=90.0), clock=clock)
    flick(nav, clock, 10.0)
    nav.begin_drag(10, 10)
    assert not nav.is_moving


def test_glide_stops_at_a_yaw_limit():
    clock = FakeClock()
    limits = ViewLimits(yaw_min=-60.0, yaw_max=60.0)
    nav = make_navigator(View(yaw=20.0, hfov=60.0), limits, clock=clock)
    flick(nav, clock, -40.0)  # drag left: turn right, towards +30
    for _ in range(10):
        nav.step(1 / 60)
    assert nav.view.yaw == pytest.approx(30.0)
    assert not nav.is_moving


# --- zoom -----------------------------------------------------------------------------------------


def test_wheel_steps_multiply_hfov():
    nav = make_navigator(View(hfov=90.0))
    nav.zoom_steps(1)
    assert nav.view.hfov == pytest.approx(90.0 / ZOOM_STEP)
    nav.zoom_steps(-2)
    assert nav.view.hfov == pytest.approx(90.0 * ZOOM_STEP)


def test_zoom_stops_at_the_limits():
    limits = ViewLimits(hfov_min=40.0, hfov_max=110.0)
    nav = make_navigator(View(hfov=90.0), limits)
    for _ in range(30):
        nav.zoom_steps(1)
    assert nav.view.hfov == pytest.approx(40.0)
    assert not nav.zoom_steps(1)  # at the limit: nothing changes, nothing to repaint
    for _ in range(30):
        nav.zoom_by(0.8)
    assert nav.view.hfov == pytest.approx(110.0)


def test_pinch_scale_divides_hfov():
    nav = make_navigator(View(hfov=100.0))
    nav.zoom_by(2.0)
    assert nav.view.hfov == pytest.approx(50.0)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.inf, math.nan])
def test_nonsense_pinch_is_ignored(bad):
    nav = make_navigator(View(hfov=100.0))
    assert not nav.zoom_by(bad)
    assert nav.view.hfov == 100.0


def test_zoom_at_the_cursor_keeps_that_point_still():
    nav = make_navigator(View(yaw=30.0, pitch=5.0, hfov=100.0))
    at = (650.0, 200.0)
    before = pixel_to_world(nav.view, *at, W, H, Projection.RECTILINEAR)
    nav.zoom_steps(3, at=at)
    assert nav.view.hfov < 100.0
    after = pixel_to_world(nav.view, *at, W, H, Projection.RECTILINEAR)
    np.testing.assert_allclose(after, before, atol=1e-9)


# --- limits ---------------------------------------------------------------------------------------


def test_yaw_limits_respect_the_visible_half_width():
    limits = ViewLimits(yaw_min=-60.0, yaw_max=60.0)
    nav = make_navigator(View(hfov=60.0), limits)
    nav.drag(-5000, 0, W, H)
    assert nav.view.yaw == pytest.approx(30.0)  # right edge at +60
    nav.set_view(View(yaw=-90.0, hfov=60.0))
    assert nav.view.yaw == pytest.approx(-30.0)


def test_yaw_limit_across_the_seam():
    limits = ViewLimits(yaw_min=150.0, yaw_max=-150.0)  # 60 degrees around the back
    view = clamp_view(View(yaw=0.0, hfov=40.0), limits, W, H, Projection.RECTILINEAR)
    assert abs(wrap_yaw(view.yaw - 180.0)) == pytest.approx(10.0)
    inside = clamp_view(View(yaw=-175.0, hfov=40.0), limits, W, H, Projection.RECTILINEAR)
    assert inside.yaw == pytest.approx(-175.0)


def test_hfov_shrinks_to_a_narrow_yaw_range():
    limits = ViewLimits(yaw_min=-20.0, yaw_max=20.0, hfov_min=10.0)
    view = clamp_view(View(yaw=15.0, hfov=100.0), limits, W, H, Projection.RECTILINEAR)
    assert view.hfov == pytest.approx(40.0) and view.yaw == pytest.approx(0.0)


def test_pitch_limits_keep_the_edges_inside():
    limits = ViewLimits(pitch_min=-30.0, pitch_max=30.0)
    nav = make_navigator(View(hfov=60.0), limits)
    nav.drag(0, 5000, W, H)
    vfov = vertical_fov(60.0, W, H, Projection.RECTILINEAR)
    assert nav.view.pitch == pytest.approx(30.0 - vfov / 2.0)


def test_unlimited_pitch_reaches_the_poles():
    view = clamp_view(View(pitch=95.0), ViewLimits(), W, H, Projection.RECTILINEAR)
    assert view.pitch == 90.0


def test_viewport_change_reclamps():
    limits = ViewLimits(pitch_min=-30.0, pitch_max=30.0)
    nav = make_navigator(View(hfov=60.0), limits)
    nav.set_viewport(400, 800)  # a tall window: the vertical fov no longer fits
    vfov = vertical_fov(nav.view.hfov, 400, 800, Projection.RECTILINEAR)
    assert vfov <= 60.0 + 1e-6


# --- keyboard -------------------------------------------------------------------------------------


def test_keys_accelerate_smoothly_then_ease_out():
    nav = make_navigator(View(hfov=100.0))
    assert nav.set_key(KeyAction.TURN_RIGHT, True)
    speeds, last = [], nav.view.yaw
    for _ in range(60):
        nav.step(1 / 60)
        speeds.append(wrap_yaw(nav.view.yaw - last) * 60)
        last = nav.view.yaw
    assert all(b > a for a, b in zip(speeds, speeds[1:]))  # eases in, no jump
    assert speeds[0] < 0.2 * KEY_TURN_RATE * 100.0
    assert speeds[-1] == pytest.approx(KEY_TURN_RATE * 100.0, rel=0.01)
    nav.set_key(KeyAction.TURN_RIGHT, False)
    steps = 0
    while nav.step(1 / 60):
        steps += 1
        assert steps < 600
    assert steps > 5  # glides to a stop rather than halting


def test_opposite_keys_cancel():
    nav = make_navigator(View(hfov=100.0))
    nav.set_key(KeyAction.TURN_LEFT, True)
    nav.set_key(KeyAction.TURN_RIGHT, True)
    nav.step(0.5)
    assert nav.view.yaw == pytest.approx(0.0)


def test_zoom_keys_respect_limits_and_look_up_key_pitches():
    nav = make_navigator(View(hfov=100.0), ViewLimits(hfov_min=50.0))
    nav.set_key(KeyAction.ZOOM_IN, True)
    nav.set_key(KeyAction.LOOK_UP, True)
    for _ in range(300):
        nav.step(1 / 60)
    assert nav.view.hfov == pytest.approx(50.0)
    assert nav.view.pitch > 10.0


def test_release_keys_after_focus_loss_stops_eventually():
    nav = make_navigator()
    nav.set_key(KeyAction.TURN_LEFT, True)
    nav.step(0.2)
    nav.release_keys()
    for _ in range(600):
        if not nav.step(1 / 60):
            break
    assert not nav.is_moving


def test_huge_dt_is_capped():
    nav = make_navigator(View(hfov=100.0))
    nav.set_key(KeyAction.TURN_RIGHT, True)
    nav.step(10.0)
    assert nav.view.yaw < KEY_TURN_RATE * 100.0 * 0.25 + 1e-9


def test_world_direction_of_the_centre_is_the_view_direction():
    view = View(yaw=42.0, pitch=-17.0, hfov=75.0)
    yaw, pitch = vector_to_yaw_pitch(pixel_to_world(view, W / 2, H / 2, W, H, Projection.PANNINI))
    assert float(yaw) == pytest.approx(42.0) and float(pitch) == pytest.approx(-17.0)

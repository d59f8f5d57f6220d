"""Orbit, walk (with collisions) and fly-to maths of model scenes (vtour.model.model_navigation)."""

from __future__ import annotations

import numpy as np
import pytest
import trimesh

from vtour.geometry.orbit import OrbitCamera
from vtour.model.model_navigation import (
    EYE_HEIGHT,
    ORBIT_DEGREES_PER_PIXEL,
    WALL_CLEARANCE,
    ZOOM_STEP,
    Collider,
    Mode,
    ModelNavigator,
    Move,
    TriangleGrid,
    ease_in_out,
)


def room(size: float = 4.0, height: float = 3.0) -> trimesh.Trimesh:
    """A closed box room, x and z in [-size/2, size/2], floor at y=0 (normals point inwards, irrelevant)."""
    box = trimesh.creation.box(extents=(size, height, size))
    box.apply_translation((0.0, height / 2.0, 0.0))
    return box


def test_ease_is_smooth_and_ends_exactly():
    assert ease_in_out(0.0) == 0.0 and ease_in_out(1.0) == 1.0 and ease_in_out(0.5) == 0.5
    assert ease_in_out(0.1) < 0.1 and ease_in_out(0.9) > 0.9
    assert ease_in_out(-1) == 0.0 and ease_in_out(2) == 1.0


def test_orbit_drag_turns_by_degrees_per_pixel():
    nav = ModelNavigator(OrbitCamera(yaw=0.0, pitch=-20.0, distance=5.0))
    nav.orbit_drag(100, 0)
    assert nav.camera.yaw == pytest.approx(100 * ORBIT_DEGREES_PER_PIXEL)
    nav.orbit_drag(0, 50)  # dragging down looks further down from above
    assert nav.camera.pitch == pytest.approx(-20.0 - 50 * ORBIT_DEGREES_PER_PIXEL)
    nav.orbit_drag(0, 10_000)
    assert nav.camera.pitch == pytest.approx(-89.0)  # pitch limit


def test_zoom_multiplies_distance_within_limits():
    nav = ModelNavigator(OrbitCamera(distance=5.0, min_distance=1.0, max_distance=10.0))
    nav.zoom_steps(1)
    assert nav.camera.distance == pytest.approx(5.0 / ZOOM_STEP)
    for _ in range(50):
        nav.zoom_steps(1)
    assert nav.camera.distance == pytest.approx(1.0)
    for _ in range(50):
        nav.zoom_steps(-1)
    assert nav.camera.distance == pytest.approx(10.0)


def test_pan_moves_target_and_eye_together():
    nav = ModelNavigator(OrbitCamera(yaw=0.0, pitch=0.0, distance=5.0))
    eye = nav.camera.eye
    nav.pan_drag(100, 0, 500)  # drag right: the model follows, so the target moves left (-X)
    assert nav.camera.target[0] < 0
    np.testing.assert_allclose(nav.camera.eye - eye, np.asarray(nav.camera.target), atol=1e-9)


def test_fly_to_eases_and_ends_exactly_at_the_camera():
    start = OrbitCamera(yaw=0.0, pitch=-20.0, distance=5.0)
    end = OrbitCamera(target=(1.0, 2.0, 3.0), yaw=90.0, pitch=-45.0, distance=2.0)
    nav = ModelNavigator(start)
    nav.fly_to(end, duration=0.8)
    eyes = []
    while nav.step(1 / 60):
        eyes.append(nav.camera.eye)
    assert nav.camera == end
    steps = np.linalg.norm(np.diff(np.array(eyes), axis=0), axis=1)
    assert steps[0] < steps[len(steps) // 2] and steps[-1] < steps[len(steps) // 2]  # ease in and out
    assert not nav.moving


def test_grid_candidates_cover_every_triangle_meeting_a_box():
    rng = np.random.default_rng(3)
    triangles = rng.uniform(0, 10, (500, 1, 3)) + rng.uniform(-0.3, 0.3, (500, 3, 3))
    grid = TriangleGrid(triangles)
    lo, hi = np.array([2.0, 2.0, 2.0]), np.array([4.0, 5.0, 3.0])
    found = set(grid.intersection(np.concatenate([lo, hi])).tolist())
    tmin, tmax = triangles.min(axis=1), triangles.max(axis=1)
    expected = set(np.flatnonzero(np.all(tmax >= lo, axis=1) & np.all(tmin <= hi, axis=1)).tolist())
    assert expected <= found


def test_collider_first_hit_and_floor():
    collider = Collider(room())
    distance, normal = collider.first_hit((0.0, 1.6, 0.0), (1.0, 0.0, 0.0), 5.0)
    assert distance == pytest.approx(2.0)
    np.testing.assert_allclose(normal, (-1.0, 0.0, 0.0), atol=1e-9)  # facing the ray
    assert collider.first_hit((0.0, 1.6, 0.0), (1.0, 0.0, 0.0), 1.0) is None
    assert collider.floor_below(np.array([0.5, 1.6, 0.5]), 10.0) == pytest.approx(0.0)


def test_walking_into_a_wall_stops_short_and_slides():
    nav = ModelNavigator(OrbitCamera())
    nav.collider = Collider(room())
    nav.place_walker((0.0, EYE_HEIGHT, 0.0), yaw=90.0)  # facing +X, the wall at x = 2
    nav.set_key(Move.FORWARD, True)
    for _ in range(300):  # 5 s at 1.4 m/s would be 7 m
        nav.step(1 / 60)
    x = nav.camera.eye[0]
    assert 2.0 - WALL_CLEARANCE - 0.05 < x <= 2.0 - WALL_CLEARANCE + 1e-6
    assert nav.camera.eye[1] == pytest.approx(EYE_HEIGHT)
    # Walking diagonally into the wall slides along it.
    nav.set_key(Move.LEFT, True)
    z = nav.camera.eye[2]
    for _ in range(30):
        nav.step(1 / 60)
    assert nav.camera.eye[0] <= 2.0 - WALL_CLEARANCE + 1e-6
    assert nav.camera.eye[2] < z - 0.2  # left of +X is -Z


def test_walk_mode_starts_on_the_floor_below_the_target_and_returns_to_orbit():
    orbit = OrbitCamera(target=(0.0, 1.5, 0.0), yaw=30.0, pitch=-20.0, distance=8.0)
    nav = ModelNavigator(orbit)
    nav.collider = Collider(room())
    nav.set_mode(Mode.WALK)
    np.testing.assert_allclose(nav.camera.eye, (0.0, EYE_HEIGHT, 0.0), atol=1e-9)
    assert nav.camera.yaw == pytest.approx(30.0) and nav.camera.pitch == pytest.approx(0.0)
    nav.orbit_drag(50, 0)  # look around: the eye stays put
    np.testing.assert_allclose(nav.camera.eye, (0.0, EYE_HEIGHT, 0.0), atol=1e-9)
    nav.set_mode(Mode.ORBIT)
    assert nav.camera == orbit


def test_walk_follows_a_raised_floor():
    floor = trimesh.creation.box(extents=(10.0, 0.2, 10.0))
    step = trimesh.creation.box(extents=(2.0, 0.3, 10.0))
    step.apply_translation((2.0, 0.15, 0.0))
    mesh = trimesh.util.concatenate([floor.apply_translation((0, -0.1, 0)), step])
    nav = ModelNavigator(OrbitCamera())
    nav.collider = Collider(mesh)
    nav.place_walker((0.0, EYE_HEIGHT, 0.0), yaw=90.0)
    nav.set_key(Move.FORWARD, True)
    for _ in range(90):
        nav.step(1 / 60)
    assert nav.camera.eye[0] > 1.5
    assert nav.camera.eye[1] == pytest.approx(0.3 + EYE_HEIGHT)

"""Model scenes in the window: loading with progress, drawing, orbit/zoom/walk/fly-to, LOD switching."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import trimesh
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from vtour.geometry.orbit import OrbitCamera
from vtour.model.model_navigation import EYE_HEIGHT, ORBIT_DEGREES_PER_PIXEL, WALL_CLEARANCE, Mode

pytestmark = pytest.mark.ui

LOAD_TIMEOUT_MS = 30_000


def wait_model(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.overlay.mode != "progress", timeout=LOAD_TIMEOUT_MS)
    assert window.overlay.mode == "hidden", f"{window.overlay.title_text()}: {window.overlay.message_text()}"
    assert window.scene_stack.currentWidget() is window.model_view
    assert window.model_view.has_model


def frame(view) -> np.ndarray:
    image = view.grabFramebuffer().convertToFormat(view.grabFramebuffer().Format.Format_RGBA8888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]


def mouse(view, kind, x, y, button=Qt.MouseButton.LeftButton, buttons=Qt.MouseButton.LeftButton,
          modifiers=Qt.KeyboardModifier.NoModifier):
    point = QPointF(x, y)
    event = QMouseEvent(kind, point, view.mapToGlobal(point), button, buttons, modifiers)
    QApplication.sendEvent(view, event)


def drag(view, start, end, **kwargs):
    mouse(view, QEvent.Type.MouseButtonPress, *start, **kwargs)
    steps = 5
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i / steps
        y = start[1] + (end[1] - start[1]) * i / steps
        mouse(view, QEvent.Type.MouseMove, x, y, button=Qt.MouseButton.NoButton, **{k: v for k, v in kwargs.items() if k != "button"})
    mouse(view, QEvent.Type.MouseButtonRelease, *end, buttons=Qt.MouseButton.NoButton,
          **{k: v for k, v in kwargs.items() if k != "buttons"})


def wheel(view, notches):
    centre = QPointF(view.width() / 2, view.height() / 2)
    event = QWheelEvent(centre, view.mapToGlobal(centre), QPoint(), QPoint(0, int(120 * notches)),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, event)


@pytest.fixture
def box_glb(shared_fixtures, tmp_path):
    path = tmp_path / "Box.glb"
    shutil.copy(shared_fixtures / "gltf" / "Box" / "glTF-Binary" / "Box.glb", path)
    return path


@pytest.fixture
def room_glb(tmp_path):
    """A 4 x 3 x 4 m closed room, floor at y = 0, walls at x, z = +-2."""
    box = trimesh.creation.box(extents=(4.0, 3.0, 4.0))
    box.apply_translation((0.0, 1.5, 0.0))
    box.invert()  # faces look inwards, as a cave's do
    path = tmp_path / "room.glb"
    box.export(path)
    return path


def test_a_glb_opens_in_the_window_and_is_drawn(qtbot, window, box_glb):
    window.open_tour(box_glb)
    wait_model(qtbot, window)
    pixels = frame(window.model_view)
    h, w = pixels.shape[:2]
    background = pixels[2, 2].astype(int)
    centre = pixels[h // 2 - 20: h // 2 + 20, w // 2 - 20: w // 2 + 20].astype(int)
    assert np.abs(centre - background).sum(axis=-1).mean() > 30, "the box is not drawn"
    assert window.windowTitle().endswith("— vtour")
    assert window.model_actions[2].isEnabled()  # Frame Model


def test_progress_card_shows_with_fractions_while_loading(qtbot, window, shared_fixtures):
    fractions = []
    window.loader.stage.connect(lambda text, fraction: fractions.append(fraction))
    window.open_tour(shared_fixtures / "gltf" / "DamagedHelmet" / "glTF-Binary" / "DamagedHelmet.glb")
    assert window.overlay.mode == "progress"
    wait_model(qtbot, window)
    numbers = [f for f in fractions if f is not None]
    assert numbers and all(0.0 <= f <= 1.0 for f in numbers)
    assert any(0.0 < f < 1.0 for f in numbers)


def test_a_corrupt_glb_shows_an_error_and_the_window_goes_on(qtbot, window, tmp_path, box_glb):
    broken = tmp_path / "broken.glb"
    broken.write_bytes(box_glb.read_bytes()[:200])
    window.open_tour(broken)
    qtbot.waitUntil(lambda: window.overlay.mode == "error", timeout=LOAD_TIMEOUT_MS)
    assert "broken.glb" in window.overlay.title_text()
    assert "3D model" in window.overlay.message_text()
    window.open_tour(box_glb)
    wait_model(qtbot, window)


def test_drag_orbits_by_the_expected_angle(qtbot, window, box_glb):
    window.open_tour(box_glb)
    wait_model(qtbot, window)
    view = window.model_view
    before = view.camera
    drag(view, (300, 300), (400, 300))
    assert view.camera.yaw == pytest.approx((before.yaw + 100 * ORBIT_DEGREES_PER_PIXEL + 180) % 360 - 180)
    assert view.camera.pitch == pytest.approx(before.pitch)
    assert view.camera.distance == pytest.approx(before.distance)
    drag(view, (300, 300), (300, 350))
    assert view.camera.pitch == pytest.approx(before.pitch - 50 * ORBIT_DEGREES_PER_PIXEL)
    target = view.camera.target
    drag(view, (300, 300), (360, 300), button=Qt.MouseButton.RightButton, buttons=Qt.MouseButton.RightButton)
    assert view.camera.target != target  # right drag pans
    assert view.camera.yaw == pytest.approx((before.yaw + 100 * ORBIT_DEGREES_PER_PIXEL + 180) % 360 - 180)


def test_wheel_zoom_respects_the_distance_limits(qtbot, window, box_glb):
    window.open_tour(box_glb)
    wait_model(qtbot, window)
    view = window.model_view
    start = view.camera.distance
    wheel(view, 1)
    assert view.camera.distance < start
    for _ in range(60):
        wheel(view, 1)
    assert view.camera.distance == pytest.approx(view.camera.min_distance)
    for _ in range(80):
        wheel(view, -1)
    assert view.camera.distance == pytest.approx(view.camera.max_distance)


def test_moving_frames_are_cheap_and_the_resting_frame_is_full_quality(qtbot, window, box_glb):
    window.open_tour(box_glb)
    wait_model(qtbot, window)
    view = window.model_view
    qtbot.waitUntil(lambda: view.last_samples == 4 and not view.is_animating, timeout=3000)
    view.last_samples = None
    drag(view, (300, 300), (350, 300))
    qtbot.waitUntil(lambda: view.last_samples == 1, timeout=2000)
    qtbot.waitUntil(lambda: view.last_samples == 4 and not view.is_animating, timeout=3000)


def test_an_idle_view_paints_nothing(qtbot, window, box_glb):
    window.open_tour(box_glb)
    wait_model(qtbot, window)
    view = window.model_view
    qtbot.waitUntil(lambda: not view.is_animating, timeout=2000)
    qtbot.wait(100)
    frames = view.frames_painted
    qtbot.wait(500)
    assert view.frames_painted == frames


def test_fly_to_ends_exactly_at_the_viewpoint(qtbot, window, box_glb):
    window.open_tour(box_glb)
    wait_model(qtbot, window)
    view = window.model_view
    goal = OrbitCamera(target=(0.1, 0.2, 0.0), yaw=120.0, pitch=-40.0, distance=2.5)
    view.fly_to(goal, 0.3)
    assert view.is_animating
    qtbot.waitUntil(lambda: not view.navigator.moving, timeout=3000)
    assert view.camera == goal
    drag(view, (300, 300), (400, 300))
    window.model_actions[2].trigger()  # View ▸ Frame Model flies home
    qtbot.waitUntil(lambda: not view.navigator.moving, timeout=3000)
    assert view.camera == view.navigator.home


def test_walk_mode_cannot_pass_through_a_wall(qtbot, window, room_glb):
    window.open_tour(room_glb)
    wait_model(qtbot, window)
    view = window.model_view
    qtbot.waitUntil(lambda: view.navigator.collider is not None, timeout=10_000)
    window.model_actions[1].trigger()  # V: walk
    assert view.navigator.mode is Mode.WALK
    np.testing.assert_allclose(view.camera.eye[1], EYE_HEIGHT, atol=1e-6)  # on the floor under the target
    view.navigator.place_walker((0.0, EYE_HEIGHT, 0.0), yaw=90.0)  # facing the wall at x = 2
    view.setFocus()
    qtbot.keyPress(view, Qt.Key.Key_W)
    qtbot.wait(2500)  # 1.4 m/s: 3.5 m unobstructed
    qtbot.keyRelease(view, Qt.Key.Key_W)
    eye = view.camera.eye
    assert 1.0 < eye[0] <= 2.0 - WALL_CLEARANCE + 1e-6
    window.model_actions[1].trigger()
    assert view.navigator.mode is Mode.ORBIT


def test_lod_levels_load_and_serve_moving_frames(qtbot, window, shared_fixtures, tmp_path):
    from vtour.io.lod import build_lods

    model = tmp_path / "Duck.glb"
    shutil.copy(shared_fixtures / "gltf" / "Duck" / "glTF-Binary" / "Duck.glb", model)
    build_lods(model, tmp_path / "Duck-lods", [0.3])
    window.open_tour(model)
    wait_model(qtbot, window)
    view = window.model_view
    qtbot.waitUntil(lambda: view.level_count == 2, timeout=20_000)
    qtbot.waitUntil(lambda: view.last_samples == 4 and not view.is_animating, timeout=3000)
    view._chooser.target, view._chooser.speed = 1e-9, 1.0  # nothing is fast enough: the coarsest option
    view.last_samples = None
    drag(view, (300, 300), (330, 300))
    qtbot.waitUntil(lambda: view.last_samples == 1, timeout=2000)
    assert view.last_option.level == 1
    qtbot.waitUntil(lambda: view.last_samples == 4, timeout=3000)
    assert view.last_option.level == 0

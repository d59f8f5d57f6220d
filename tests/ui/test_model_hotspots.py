"""3D hotspots in the window's model view: markers drawn, clicks activate, drags orbit, Tab traverses."""

from __future__ import annotations

import json

import pytest
import trimesh
from PySide6.QtCore import QEvent, Qt

from tests.ui.test_model_view import LOAD_TIMEOUT_MS, drag, frame, mouse, wait_model
from vtour.geometry.orbit import OrbitCamera
from vtour.model.model_navigation import ORBIT_DEGREES_PER_PIXEL

pytestmark = pytest.mark.ui

INFO_EYE = (0.3, 0.5, 2.5)
INFO_TARGET = (0.1, 0.1, 0.5)


@pytest.fixture
def model_tour(tmp_path, quadrant_image):
    """A 1 m box seen from yaw 30 (front +Z and left -X faces visible), an info point on the front
    face with a viewpoint, and a link on the left face to a panorama scene."""
    trimesh.creation.box(extents=(1.0, 1.0, 1.0)).export(tmp_path / "box.glb")
    (tmp_path / "pano.png").write_bytes(quadrant_image.read_bytes())
    tour = {
        "version": 1,
        "firstScene": "box",
        "scenes": {
            "box": {
                "type": "model", "model": "box.glb", "title": "Box",
                "camera": {"yaw": 30, "pitch": -20},
                "hotspots": [
                    {"id": "niche", "type": "info", "position": list(INFO_TARGET), "normal": [0, 0, 1],
                     "viewpoint": {"eye": list(INFO_EYE)}, "title": {"en": "Niche", "zh": "壁龛"},
                     "text": "A niche."},
                    {"id": "door", "type": "scene", "targetScene": "pano", "position": [-0.5, -0.1, -0.1],
                     "normal": [-1, 0, 0], "title": "Door"},
                ],
            },
            "pano": {"panorama": "pano.png", "title": "Panorama"},
        },
    }
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(tour), encoding="utf-8")
    return path


def open_and_rest(qtbot, window, path):
    window.open_tour(path)
    wait_model(qtbot, window)
    view, layer = window.model_view, window.model_hotspots
    qtbot.waitUntil(lambda: view.last_samples == 4 and not view.is_animating, timeout=5000)
    qtbot.waitUntil(lambda: len(layer.placed) == 2, timeout=3000)
    return view, layer


def marker(layer, hotspot_id):
    return next(m for m in layer.placed if m.hotspot.id == hotspot_id)


def click(view, x, y):
    mouse(view, QEvent.Type.MouseButtonPress, x, y)
    mouse(view, QEvent.Type.MouseButtonRelease, x, y, buttons=Qt.MouseButton.NoButton)


def hover(view, x, y):
    mouse(view, QEvent.Type.MouseMove, x, y, button=Qt.MouseButton.NoButton, buttons=Qt.MouseButton.NoButton)


def test_markers_are_drawn_visible_on_the_model(qtbot, window, model_tour):
    view, layer = open_and_rest(qtbot, window, model_tour)
    for hotspot_id in ("niche", "door"):
        m = marker(layer, hotspot_id)
        assert 0 < m.x < view.width() and 0 < m.y < view.height()
        assert m.opacity == pytest.approx(1.0, abs=0.05), hotspot_id
    pixels = frame(view).astype(int)
    ratio = view.devicePixelRatioF()
    m = marker(layer, "niche")
    # The info marker is a blue disc with a white "i": much of its disc is clearly blue.
    cx, cy, radius = round(m.x * ratio), round(m.y * ratio), round(10 * ratio)
    disc = pixels[cy - radius: cy + radius, cx - radius: cx + radius].reshape(-1, 3)
    blue = (disc[:, 2] > disc[:, 0] + 60) & (disc[:, 2] > disc[:, 1] + 20)
    assert blue.mean() > 0.3, blue.mean()


def test_click_on_an_info_marker_opens_it_and_flies_to_its_viewpoint(qtbot, window, model_tour):
    view, layer = open_and_rest(qtbot, window, model_tour)
    m = marker(layer, "niche")
    activated = []
    window.hotspot_activated.connect(activated.append)
    hover(view, m.x + 3, m.y - 2)
    assert layer.hovered is not None and layer.hovered.id == "niche"
    assert view.toolTip() == "Niche"
    assert view.cursor().shape() == Qt.CursorShape.PointingHandCursor
    before = view.camera
    with qtbot.waitSignal(window.hotspot_activated, timeout=2000):
        click(view, m.x + 3, m.y - 2)
    assert [h.id for h in activated] == ["niche"]
    assert window.info_panel.is_open and window.info_panel.hotspot.id == "niche"
    assert view.navigator.flight is not None  # flying while the panel opens
    qtbot.waitUntil(lambda: not view.navigator.moving, timeout=3000)
    assert view.camera != before
    goal = OrbitCamera.from_eye_target(INFO_EYE, INFO_TARGET)
    assert view.camera.eye == pytest.approx(goal.eye, abs=1e-6)
    assert view.camera.target == pytest.approx(INFO_TARGET, abs=1e-6)


def test_a_click_beside_a_marker_does_nothing(qtbot, window, model_tour):
    view, layer = open_and_rest(qtbot, window, model_tour)
    m = marker(layer, "niche")
    activated = []
    window.hotspot_activated.connect(activated.append)
    followed = []
    window.session.scene_changed.connect(followed.append)
    before = view.camera
    x, y = m.x + layer_radius() + 10, m.y  # 10 px outside the marker's pick radius
    assert layer.hotspot_at(x, y) is None
    click(view, x, y)
    qtbot.wait(200)
    assert activated == [] and followed == []
    assert view.camera == before and view.navigator.flight is None


def layer_radius():
    from vtour.ui.model_hotspots import PICK_RADIUS_DIP

    return PICK_RADIUS_DIP


def test_a_drag_starting_on_a_marker_orbits_instead(qtbot, window, model_tour):
    view, layer = open_and_rest(qtbot, window, model_tour)
    m = marker(layer, "niche")
    activated = []
    window.hotspot_activated.connect(activated.append)
    before = view.camera
    drag(view, (m.x, m.y), (m.x + 60, m.y))
    qtbot.wait(200)
    assert activated == []
    assert view.navigator.flight is None
    assert view.camera.yaw == pytest.approx((before.yaw + 60 * ORBIT_DEGREES_PER_PIXEL + 180) % 360 - 180)


def test_clicking_a_link_marker_follows_it(qtbot, window, model_tour):
    view, layer = open_and_rest(qtbot, window, model_tour)
    m = marker(layer, "door")
    activated = []
    window.hotspot_activated.connect(activated.append)
    with qtbot.waitSignal(window.session.scene_changed, timeout=2000):
        click(view, m.x, m.y)
    assert window.session.scene.id == "pano"
    qtbot.waitUntil(lambda: window.scene_stack.currentWidget() is window.panorama_view, timeout=LOAD_TIMEOUT_MS)
    assert activated == []
    assert layer.hotspots == ()


def test_the_tooltip_follows_the_session_language(qtbot, window, model_tour):
    view, layer = open_and_rest(qtbot, window, model_tour)
    m = marker(layer, "niche")
    window.session.set_language("zh")
    hover(view, m.x, m.y)
    assert view.toolTip() == "壁龛"


def test_tab_walks_the_3d_hotspots_and_enter_activates(qtbot, window, model_tour):
    view, layer = open_and_rest(qtbot, window, model_tour)
    view.setFocus()
    activated = []
    window.hotspot_activated.connect(activated.append)
    qtbot.keyPress(view, Qt.Key.Key_Tab)
    assert layer.focused.id == "niche"
    assert "Niche" in view.accessibleName()
    qtbot.waitUntil(lambda: not view.navigator.moving, timeout=3000)
    assert view.camera.target == pytest.approx(INFO_TARGET, abs=1e-6)
    qtbot.keyPress(view, Qt.Key.Key_Tab)
    assert layer.focused.id == "door"
    qtbot.waitUntil(lambda: not view.navigator.moving, timeout=3000)
    assert view.camera.target == pytest.approx((-0.5, -0.1, -0.1), abs=1e-6)  # no viewpoint: faces the anchor
    assert view.camera.yaw == pytest.approx(90.0)  # looking along +X, at the -X face
    qtbot.keyPress(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert layer.focused.id == "niche"
    qtbot.keyPress(view, Qt.Key.Key_Return)
    assert [h.id for h in activated] == ["niche"]
    assert window.info_panel.is_open and window.info_panel.hotspot.id == "niche"

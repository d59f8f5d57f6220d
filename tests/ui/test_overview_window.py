"""The overview in the window: fly out of a posed panorama into its model and back into a panorama."""

from __future__ import annotations

import json

import numpy as np
import pytest
import trimesh
from PySide6.QtCore import QEvent, QSettings, Qt

from tests.ui.test_model_view import LOAD_TIMEOUT_MS, mouse, wait_model
from vtour.model.overview import PIN_PREFIX, OVERVIEW_SECONDS
from vtour.model.tour import View
from vtour.ui.preferences import REDUCED_MOTION_KEY

pytestmark = pytest.mark.ui

POSE = (0.5, 1.6, 2.5)  # in front of the box, eye height
HEADING = 30.0


@pytest.fixture
def posed_tour(tmp_path, quadrant_image):
    """A 1 m box on the ground (the "site") and two panoramas placed in front of and behind it."""
    box = trimesh.creation.box(extents=(1.0, 1.0, 1.0))
    box.apply_translation((0, 0.5, 0))
    box.export(tmp_path / "site.glb")
    (tmp_path / "pano.png").write_bytes(quadrant_image.read_bytes())
    tour = {
        "version": 1, "languages": ["en", "zh-Hans", "ug"],
        "firstScene": "front",
        "scenes": {
            "front": {"panorama": "pano.png", "title": "Front", "initialView": {"yaw": 10, "pitch": -5, "hfov": 90},
                      "northOffset": 50, "pose": {"position": list(POSE), "heading": HEADING}},
            "back": {"panorama": "pano.png", "title": "Back", "pose": {"position": [0, 1.6, -3], "heading": 180}},
            "site": {"type": "model", "model": "site.glb", "title": "Site", "northOffset": 20,
                     "camera": {"yaw": 20, "pitch": -35, "distance": 9, "target": [0, 0.5, 0]}},
        },
    }
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(tour), encoding="utf-8")
    return path


def open_panorama(qtbot, window, path):
    window.open_tour(path)
    qtbot.waitUntil(lambda: window.overlay.mode == "hidden" and window.scene is not None, timeout=LOAD_TIMEOUT_MS)
    assert window.scene_stack.currentWidget() is window.panorama_view


def test_the_button_shows_only_where_the_overview_applies(qtbot, window, posed_tour, tmp_path, quadrant_image):
    open_panorama(qtbot, window, posed_tour)
    assert window.overview.action.isEnabled() and window.overview.button.isVisibleTo(window)
    assert window.overview.button.text().replace("&", "") == "Overview"
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"version": 1, "scenes": {"a": {"panorama": "pano.png"}}}))
    open_panorama(qtbot, window, plain)
    assert not window.overview.action.isEnabled() and not window.overview.button.isVisibleTo(window)


def test_flies_out_from_the_panorama_eye_to_the_dollhouse(qtbot, window, posed_tour):
    open_panorama(qtbot, window, posed_tour)
    window.panorama_view.set_view(View(yaw=40, pitch=-10, hfov=80))
    window.overview.action.trigger()
    wait_model(qtbot, window)
    view = window.model_view
    assert window.session.scene.id == "site"
    # The first camera of the flight is the panorama's: its eye, model yaw = 40 + heading.
    first = view.navigator.flight.start if view.navigator.flight is not None else None
    assert first is not None, "the flight out did not start"
    np.testing.assert_allclose(first.eye, POSE, atol=1e-6)
    assert first.yaw == pytest.approx(40 + HEADING) and first.pitch == pytest.approx(-10)
    assert first.hfov(view.width() / view.height()) == pytest.approx(80, abs=0.01)
    qtbot.waitUntil(lambda: view.navigator.flight is None, timeout=int(OVERVIEW_SECONDS * 1000) + 3000)
    assert view.camera == view.start
    assert view.start.distance == pytest.approx(9) and view.start.yaw == pytest.approx(20)
    assert window.overview.button.text().replace("&", "") == "Back to Overview"
    # Both placed panoramas are scene-link markers in the model.
    ids = [h.id for h in window.model_hotspots.hotspots]
    assert ids == [PIN_PREFIX + "front", PIN_PREFIX + "back"]


def test_a_marker_flies_into_its_panorama_at_the_matching_view(qtbot, window, posed_tour):
    QSettings().setValue(REDUCED_MOTION_KEY, False)
    open_panorama(qtbot, window, posed_tour)
    window.overview.action.trigger()
    wait_model(qtbot, window)
    view = window.model_view
    qtbot.waitUntil(lambda: view.navigator.flight is None, timeout=int(OVERVIEW_SECONDS * 1000) + 3000)
    pin = next(h for h in window.model_hotspots.hotspots if h.target_scene == "back")
    yaw_before = view.camera.yaw
    window.model_hotspots.activate(pin)
    assert view.navigator.flight is not None and window.session.scene.id == "site"  # flying, not yet there
    np.testing.assert_allclose(view.navigator.flight.end.eye, (0, 1.6, -3), atol=1e-6)
    qtbot.waitUntil(lambda: window.scene is not None and window.scene.id == "back"
                    and window.overlay.mode == "hidden", timeout=LOAD_TIMEOUT_MS)
    assert window.scene_stack.currentWidget() is window.panorama_view
    shown = window.panorama_view.view
    assert shown.yaw == pytest.approx(((yaw_before - 180) + 180) % 360 - 180, abs=0.01)
    assert shown.pitch == pytest.approx(0, abs=0.01)
    assert window.session.can_go_back


def test_a_drag_cancels_the_flight_in(qtbot, window, posed_tour):
    open_panorama(qtbot, window, posed_tour)
    window.overview.action.trigger()
    wait_model(qtbot, window)
    view = window.model_view
    qtbot.waitUntil(lambda: view.navigator.flight is None, timeout=int(OVERVIEW_SECONDS * 1000) + 3000)
    window.model_hotspots.activate(next(h for h in window.model_hotspots.hotspots if h.target_scene == "front"))
    mouse(view, QEvent.Type.MouseButtonPress, 100, 100)
    mouse(view, QEvent.Type.MouseButtonRelease, 140, 100, buttons=Qt.MouseButton.NoButton)
    qtbot.wait(int(OVERVIEW_SECONDS * 1000) + 300)
    assert window.session.scene.id == "site" and window.scene_stack.currentWidget() is view


def test_reduced_motion_jumps(qtbot, window, posed_tour):
    QSettings().setValue(REDUCED_MOTION_KEY, True)
    try:
        open_panorama(qtbot, window, posed_tour)
        window.overview.action.trigger()
        wait_model(qtbot, window)
        view = window.model_view
        assert view.navigator.flight is None and view.camera == view.start
        window.model_hotspots.activate(next(h for h in window.model_hotspots.hotspots if h.target_scene == "front"))
        qtbot.waitUntil(lambda: window.scene is not None and window.scene.id == "front", timeout=LOAD_TIMEOUT_MS)
    finally:
        QSettings().setValue(REDUCED_MOTION_KEY, False)


def test_the_compass_keeps_its_heading_through_the_flight(qtbot, window, posed_tour):
    open_panorama(qtbot, window, posed_tour)
    window.panorama_view.set_view(View(yaw=40, pitch=0, hfov=80))
    compass = window.navigation.compass
    qtbot.waitUntil(lambda: compass.heading == pytest.approx(90.0), timeout=3000)  # 40 + northOffset 50
    window.overview.action.trigger()
    wait_model(qtbot, window)
    view = window.model_view
    qtbot.waitUntil(lambda: view.navigator.flight is None, timeout=int(OVERVIEW_SECONDS * 1000) + 3000)
    assert compass.heading == pytest.approx((view.start.yaw + 20.0) % 360.0)  # the model's north
    qtbot.mouseClick(compass, Qt.MouseButton.LeftButton)  # face north
    qtbot.waitUntil(lambda: view.navigator.flight is None, timeout=3000)
    assert compass.heading % 360.0 == pytest.approx(0.0, abs=0.01) or compass.heading == pytest.approx(360.0)


def test_the_button_text_follows_the_language_in_both_states(qtbot, window, posed_tour):
    open_panorama(qtbot, window, posed_tour)
    window.session.set_language("zh-Hans")
    assert window.overview.action.text() == "总览(&O)"
    window.overview.action.trigger()
    wait_model(qtbot, window)
    assert window.overview.action.text() == "返回总览(&O)"
    window.session.set_language("ug")
    assert window.overview.action.text() == "ئومۇمىي كۆرۈنۈشكە قايتىش(&O)"
    window.session.set_language("en")
    assert window.overview.action.text() == "Back to &Overview"

"""The window follows its TourSession: links, history and views go through the session."""

from __future__ import annotations

import pytest

from vtour.model.tour import View
from vtour.resources import demo_tour_path

pytestmark = pytest.mark.ui

LOAD_TIMEOUT_MS = 20_000


def _wait_for_scene(qtbot, window, scene_id: str) -> None:
    qtbot.waitUntil(lambda: window.scene is not None and window.scene.id == scene_id
                    and window.overlay.mode != "progress", timeout=LOAD_TIMEOUT_MS)


def test_session_starts_with_the_tour_and_follows_links_and_history(qtbot, window):
    with qtbot.waitSignal(window.session_started, timeout=LOAD_TIMEOUT_MS) as started:
        window.open_tour(demo_tour_path())
    session = started.args[0]
    assert session is window.session and session.scene.id == "terrace"
    _wait_for_scene(qtbot, window, "terrace")

    link = next(h for h in session.scene.hotspots if h.kind == "scene")
    session.set_view(View(yaw=25, pitch=3, hfov=90))
    session.follow(link)
    _wait_for_scene(qtbot, window, link.target_scene)
    # the demo link keeps the compass heading: the window shows the session's resolved view
    assert window.panorama_view.view.yaw == pytest.approx(session.view.yaw, abs=1e-6)
    assert window.panorama_view.view.hfov == pytest.approx(90)

    session.go_back()
    _wait_for_scene(qtbot, window, "terrace")
    assert window.panorama_view.view.yaw == pytest.approx(25, abs=1e-6)


def test_looking_around_updates_the_session(qtbot, window):
    window.open_tour(demo_tour_path())
    _wait_for_scene(qtbot, window, "terrace")
    window.panorama_view.set_view(View(yaw=-60, pitch=10, hfov=80))
    assert window.session.view.yaw == pytest.approx(-60)

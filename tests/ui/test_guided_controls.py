"""Guided tours in the window: the play bar drives the player; a timer runs only while playing."""

from __future__ import annotations

import pytest

from vtour.model.guided import PAUSED, PLAYING
from vtour.model.tour import View
from vtour.resources import demo_tour_path
from vtour.ui.guided_controls import GuidedControlsBar, GuidedTourController

pytestmark = pytest.mark.ui

TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def opened(qtbot, window):
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT_MS):
        window.open_tour(demo_tour_path())
    qtbot.waitUntil(lambda: window.scene is not None and window.overlay.mode != "progress", timeout=TIMEOUT_MS)
    yield window
    qtbot.waitUntil(lambda: not window.navigation.thumbnails.busy, timeout=TIMEOUT_MS)


def test_no_timer_runs_before_a_tour_plays(opened):
    controller = opened.navigation.controller
    assert controller.player is None and not controller.timer.isActive()
    assert not opened.navigation.guided_bar.isVisible()


def test_play_moves_the_window_and_pause_stops_the_timer(qtbot, opened):
    panels = opened.navigation
    session = opened.session
    session.set_view(View(yaw=-90.0, pitch=0.0, hfov=100.0))
    assert panels.play_guided_tour()
    controller = panels.controller
    assert controller.player.state == PLAYING and controller.timer.isActive()
    assert panels.guided_bar.isVisible()
    assert "step 1 of 5" in panels.guided_bar.step_label.text()
    assert panels.guided_bar.caption.text().startswith("The terrace.")
    # The camera moves over 2 s from yaw -90 to the step's 0; the window shows the session's view.
    qtbot.waitUntil(lambda: -80.0 < session.view.yaw < -5.0, timeout=3000)
    assert opened.panorama_view.view.yaw == pytest.approx(session.view.yaw)
    panels.guided_bar.play_button.click()
    assert controller.player.state == PAUSED and not controller.timer.isActive()
    yaw = session.view.yaw
    qtbot.wait(200)
    assert session.view.yaw == yaw
    panels.guided_bar.play_button.click()
    assert controller.player.state == PLAYING and controller.timer.isActive()
    panels.guided_bar.next_button.click()
    assert controller.player.index == 1 and "step 2 of 5" in panels.guided_bar.step_label.text()
    panels.guided_bar.close_button.click()
    assert controller.player is None and not controller.timer.isActive()
    assert not panels.guided_bar.isVisible()


def test_dragging_the_view_pauses_the_tour(qtbot, opened):
    panels = opened.navigation
    panels.play_guided_tour()
    opened.panorama_view.set_view(View(yaw=120.0, pitch=-10.0, hfov=90.0))  # as a drag does
    assert panels.controller.player.state == PAUSED
    assert not panels.controller.timer.isActive()


def test_holding_a_view_ticks_slowly_and_a_finished_tour_stops_ticking(qtbot, opened):
    panels = opened.navigation
    player = panels.play_guided_tour() and panels.controller.player
    player.advance(2.0)  # through the first move: now holding for 4 s
    panels.controller._schedule()
    assert panels.controller.timer.interval() >= 250  # not frame rate while nothing moves
    for _ in range(player.step_count):
        player.next()
    assert player.state == "stopped"
    panels.controller._schedule()
    assert not panels.controller.timer.isActive()


def test_a_play_request_waits_for_the_tour_to_open(qtbot, window):
    assert window.navigation.play_guided_tour("highlights", loop=True)
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT_MS):
        window.open_tour(demo_tour_path())
    player = window.navigation.controller.player
    assert player is not None and player.loop and player.state == PLAYING
    window.navigation.controller.close()
    qtbot.waitUntil(lambda: not window.navigation.thumbnails.busy, timeout=TIMEOUT_MS)


def test_unknown_guided_tour_is_refused(qtbot, opened):
    assert not opened.navigation.play_guided_tour("nope")
    assert opened.navigation.controller.player is None


def test_the_bar_alone_follows_its_controller(qtbot):
    controller = GuidedTourController()
    bar = GuidedControlsBar(controller)
    qtbot.addWidget(bar)
    bar.refresh()
    assert not bar.isVisible()
    controller.deleteLater()


def test_view_command_play_options(qtbot):
    from vtour.cli import build_parser
    from vtour.commands.view import _open_window

    args = build_parser().parse_args(["view", "--play", "--loop"])
    assert args.play == "" and args.loop
    assert build_parser().parse_args(["view", "t.json", "--play", "highlights"]).play == "highlights"
    assert build_parser().parse_args(["view"]).play is None
    args = build_parser().parse_args(["view", str(demo_tour_path()), "--play", "highlights", "--loop"])
    window = _open_window(args)
    try:
        qtbot.waitUntil(lambda: window.navigation.controller.player is not None, timeout=TIMEOUT_MS)
        assert window.navigation.controller.player.loop
        window.navigation.controller.close()
        qtbot.waitUntil(lambda: window.scene is not None and not window.navigation.thumbnails.busy, timeout=TIMEOUT_MS)
    finally:
        window.close()
        window.deleteLater()

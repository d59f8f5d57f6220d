"""The guided-tour player with a controllable clock: step timing, motion, pause, next/previous, loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from vtour.model.guided import PAUSED, PLAYING, STOPPED, GuidedTourPlayer
from vtour.model.session import TourSession
from vtour.model.tour import EquirectSource, GuidedStep, GuidedTour, LocalizedText, Scene, Tour, View


def _scene(scene_id: str, north: float = 0.0, view: View = View(0.0, 0.0, 100.0)) -> Scene:
    return Scene(id=scene_id, source=EquirectSource(Path(f"/{scene_id}.jpg")), initial_view=view, north_offset=north)


STEPS = (
    GuidedStep("a", View(90.0, 0.0, 100.0), duration=3.0, transition=2.0, text=LocalizedText.of("one")),
    GuidedStep("a", View(170.0, 10.0, 60.0), duration=1.0, transition=1.0, text=LocalizedText.of("two")),
    GuidedStep("b", View(-170.0, 0.0, 80.0), duration=2.0, transition=1.0,
               text=LocalizedText.of({"en": "three", "zh": "三"})),
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def session() -> TourSession:
    tour = Tour(path=Path("/t/tour.json"), scenes=(_scene("a"), _scene("b", north=90.0)), first_scene="a",
                guided_tours=(GuidedTour("main", STEPS),))
    return TourSession(tour)


def make_player(session, **kwargs) -> tuple[GuidedTourPlayer, list]:
    player = GuidedTourPlayer(session, session.tour.guided_tour("main"), **kwargs)
    log: list = []
    player.step_changed.connect(lambda i: log.append(("step", i)))
    player.finished.connect(lambda _: log.append(("finished",)))
    return player, log


def test_steps_change_exactly_on_time(session):
    player, log = make_player(session)
    player.play()
    assert log == [("step", 0)] and player.state == PLAYING
    player.advance(4.999)  # step 0 lasts 2 s of motion + 3 s of hold
    assert player.index == 0
    player.advance(0.001)
    assert player.index == 1 and log[-1] == ("step", 1)
    player.advance(1.999)
    assert player.index == 1
    player.advance(0.001)
    assert player.index == 2 and session.scene.id == "b"
    player.advance(2.999)
    assert player.state == PLAYING
    player.advance(0.001)
    assert log[-1] == ("finished",) and player.state == STOPPED
    assert session.view == View(-170.0, 0.0, 80.0)


def test_leftover_time_carries_so_steps_never_drift(session):
    player, log = make_player(session)
    player.play()
    for _ in range(60):  # 6 s in uneven 0.1 s ticks: step 1 began at exactly 5 s
        player.advance(0.1)
    assert player.index == 1 and player.elapsed_in_step == pytest.approx(1.0)
    player.advance(6.5)  # jumps through several steps in one call: events in order
    assert [entry for entry in log if entry[0] == "step"] == [("step", 0), ("step", 1), ("step", 2)]


def test_camera_moves_smoothly_then_holds(session):
    player, _ = make_player(session)
    player.play()
    assert session.view == View(0.0, 0.0, 100.0)
    player.advance(1.0)  # halfway through the 2 s move, eased: exactly half way
    assert session.view.yaw == pytest.approx(45.0)
    player.advance(0.5)
    assert 45.0 < session.view.yaw < 90.0
    player.advance(0.5)
    assert session.view == View(90.0, 0.0, 100.0)
    assert player.seconds_to_next_change() == pytest.approx(3.0)  # the UI can sleep through the hold


def test_yaw_crosses_the_seam_the_short_way(session):
    player, _ = make_player(session)
    player.play()
    player.advance(5.0)  # step 1: 90 -> 170
    player.advance(2.0)  # step 2 enters b keeping the heading: yaw 170 + 0 - 90 = 80, then -> -170
    assert session.scene.id == "b"
    start = session.view.yaw
    assert start == pytest.approx(80.0)
    yaws = []
    for _ in range(10):
        player.advance(0.1)
        yaws.append(session.view.yaw)
    # 80 -> -170 the short way is +110 degrees through 180, never through 0.
    assert all(y >= 80.0 or y <= -170.0 for y in yaws)
    assert session.view.yaw == pytest.approx(-170.0)


def test_steps_are_not_recorded_in_history(session):
    player, _ = make_player(session)
    player.play()
    player.advance(20.0)
    assert not session.can_go_back


def test_pause_freezes_and_resume_goes_on(session):
    clock = FakeClock()
    player, _ = make_player(session, clock=clock)
    player.play()
    clock.now += 1.0
    player.tick()
    view = session.view
    player.pause()
    assert player.state == PAUSED and player.seconds_to_next_change() is None
    clock.now += 30.0
    player.tick()
    player.advance(30.0)
    assert session.view == view and player.index == 0
    player.resume()
    clock.now += 1.0
    player.tick()  # the paused 30 s do not count
    assert session.view == View(90.0, 0.0, 100.0) and player.elapsed_in_step == pytest.approx(2.0)


def test_next_and_previous(session):
    player, log = make_player(session)
    player.play()
    player.next()
    assert player.index == 1 and player.elapsed_in_step == 0.0
    player.next()
    assert player.index == 2 and session.scene.id == "b"
    player.previous()
    assert player.index == 1 and session.scene.id == "a"
    player.previous()
    player.previous()  # stays on the first step without loop
    assert player.index == 0
    player.pause()
    player.next()  # paused: the camera jumps straight to the step's view
    assert player.state == PAUSED and session.view == View(170.0, 10.0, 60.0)


def test_next_past_the_last_step_finishes(session):
    player, log = make_player(session)
    player.play()
    player.next(), player.next(), player.next()
    assert log[-1] == ("finished",) and player.state == STOPPED


def test_loop_wraps_around_for_kiosks(session):
    player, log = make_player(session, loop=True)
    player.play()
    player.advance(5.0 + 2.0 + 3.0)  # all three steps
    assert player.index == 0 and ("finished",) not in log
    assert session.scene.id == "a"
    player.previous()
    assert player.index == 2


def test_a_manual_view_change_pauses_the_tour(session):
    player, _ = make_player(session)
    player.play()
    player.advance(0.5)
    session.set_view(View(-100.0, 0.0, 100.0))  # the visitor drags
    assert player.state == PAUSED
    player.resume()  # the interrupted step plays again from where the visitor looks
    assert player.state == PLAYING and player.index == 0 and player.elapsed_in_step == 0.0
    player.advance(2.0)
    assert session.view == View(90.0, 0.0, 100.0)


def test_a_scene_change_by_the_visitor_pauses_the_tour(session):
    player, _ = make_player(session)
    player.play()
    session.go_to("b")
    assert player.state == PAUSED


def test_an_echo_of_the_players_own_view_does_not_pause(session):
    player, _ = make_player(session)
    player.play()
    player.advance(0.5)
    view = session.view
    session.set_view(View(view.yaw + 0.01, view.pitch, view.hfov))  # a widget's rounding echo
    assert player.state == PLAYING


def test_reduced_motion_jumps(session):
    player, _ = make_player(session, reduced_motion=lambda: True)
    player.play()
    assert session.view == View(90.0, 0.0, 100.0)
    player.advance(2.999)  # no motion time: the step is its 3 s hold only
    assert player.index == 0
    player.advance(0.001)
    assert player.index == 1 and session.view == View(170.0, 10.0, 60.0)


def test_caption_follows_the_language(session):
    player, _ = make_player(session)
    player.play()
    player.next(), player.next()
    assert player.text() == "three"
    session.set_language("zh")
    assert player.text() == "三"


def test_idle_player_asks_for_no_ticks_and_close_disconnects(session):
    player, _ = make_player(session)
    assert player.seconds_to_next_change() is None
    player.play()
    assert player.seconds_to_next_change() == 0.0  # moving: frame rate
    player.close()
    assert player.state == STOPPED
    session.set_view(View(12.0, 0.0, 100.0))  # no longer listening: nothing happens
    assert player.state == STOPPED

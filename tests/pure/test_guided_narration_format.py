"""Guided-tour narration: step ``captions`` in the format, and the hold that waits for the narration."""

from __future__ import annotations

from pathlib import Path

import pytest

from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.errors import Severity
from vtour.model.guided import GuidedTourPlayer
from vtour.model.session import TourSession
from vtour.model.tour import EquirectSource, GuidedStep, GuidedTour, Scene, Tour, View

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n"


def test_step_captions_are_built_per_language(write_tour, tour_dir):
    (tour_dir / "en.ogg").write_bytes(b"OggS" + bytes(8))
    (tour_dir / "en.vtt").write_text(VTT, encoding="utf-8")
    (tour_dir / "ug.vtt").write_text(VTT, encoding="utf-8")
    path = write_tour({"version": 1, "scenes": {"hall": {"panorama": "pano.jpg"}},
                       "guidedTours": [{"id": "t", "steps": [
                           {"scene": "hall", "narration": "en.ogg", "captions": {"en": "en.vtt", "ug": "ug.vtt"}}]}]})
    assert validate_tour_file(path) == []
    (step,) = load_tour(path).guided_tour("t").steps
    assert step.captions.get("ug") == str(tour_dir / "ug.vtt")


def test_step_captions_and_narration_content_are_checked(write_tour, tour_dir):
    (tour_dir / "fake.ogg").write_text("not audio", encoding="utf-8")
    (tour_dir / "bad.vtt").write_text("WEBVTT\n\n00:00.000 -> 00:02.000\nx\n", encoding="utf-8")
    path = write_tour({"version": 1, "scenes": {"hall": {"panorama": "pano.jpg"}},
                       "guidedTours": [{"id": "t", "steps": [
                           {"scene": "hall", "narration": "fake.ogg", "captions": "bad.vtt"},
                           {"scene": "hall", "captions": "bad.vtt"}]}]})
    found = {d.json_path: d for d in validate_tour_file(path)}
    assert "not an audio file" in found["$.guidedTours[0].steps[0].narration"].message
    assert "not valid WebVTT" in found["$.guidedTours[0].steps[0].captions"].message
    lonely = [d for d in validate_tour_file(path) if d.json_path == "$.guidedTours[0].steps[1].captions"]
    assert any("never shown" in d.message and d.severity is Severity.WARNING for d in lonely)


def test_an_unknown_step_key_is_still_refused(write_tour):
    path = write_tour({"version": 1, "scenes": {"hall": {"panorama": "pano.jpg"}},
                       "guidedTours": [{"id": "t", "steps": [{"scene": "hall", "subtitles": "x.vtt"}]}]})
    assert any("subtitles" in d.message for d in validate_tour_file(path))


@pytest.fixture
def player():
    scene = Scene(id="a", source=EquirectSource(Path("/a.jpg")), initial_view=View(0.0, 0.0, 100.0))
    steps = (GuidedStep("a", View(90.0, 0.0, 100.0), duration=3.0, transition=2.0),
             GuidedStep("a", View(0.0, 0.0, 100.0), duration=1.0, transition=1.0))
    session = TourSession(Tour(path=Path("/t/tour.json"), scenes=(scene,), first_scene="a",
                               guided_tours=(GuidedTour("main", steps),)))
    player = GuidedTourPlayer(session, session.tour.guided_tour("main"), clock=lambda: 0.0)
    player.play()
    return player


def test_a_longer_narration_extends_the_hold_and_the_next_step_forgets_it(player):
    serial = player.step_serial
    player.set_narration_length(10.0)
    assert player.hold_length() == 10.0 and player.step_length() == 12.0
    player.advance(2.0)
    assert player.in_hold and player.hold_elapsed == pytest.approx(0.0)
    player.advance(9.999)
    assert player.index == 0 and player.hold_elapsed == pytest.approx(9.999)
    player.advance(0.002)
    assert player.index == 1 and player.step_serial == serial + 1
    assert player.narration_length is None and player.hold_length() == 1.0


def test_a_shorter_narration_keeps_the_duration(player):
    player.set_narration_length(1.0)
    assert player.hold_length() == 3.0
    player.advance(4.999)
    assert player.index == 0
    player.advance(0.002)
    assert player.index == 1


def test_restarting_a_step_gives_it_a_new_serial(player):
    serial = player.step_serial
    player.previous()  # the first step restarts
    assert player.index == 0 and player.step_serial == serial + 1

"""Guided-tour narration: played while a step holds, with captions, on the window's one shared player."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.model.guided import PAUSED, PLAYING
from vtour.ui import preferences
from vtour.ui.guided_controls import GuidedTourController


def write_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    samples = (np.sin(np.linspace(0, 440 * 2 * np.pi * seconds, int(rate * seconds))) * 6000).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


pytestmark = pytest.mark.ui

TIMEOUT_MS = 20_000


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def narrated_tour(tmp_path) -> Path:
    Image.new("RGB", (256, 128), (90, 110, 140)).save(tmp_path / "pano.png")
    write_wav(tmp_path / "en.wav", seconds=1.6)
    write_wav(tmp_path / "ug.wav", seconds=1.6)
    write_wav(tmp_path / "spot.wav", seconds=3.0)
    (tmp_path / "en.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:00.700\nFirst line.\n\n00:00.700 --> 00:05.000\nSecond line.\n", encoding="utf-8")
    (tmp_path / "ug.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:05.000\nبىرىنچى قۇر.\n", encoding="utf-8")
    spot = {"id": "statue", "type": "info", "yaw": 30, "pitch": 0, "title": {"en": "Statue", "ug": "ھەيكەل"},
            "text": {"en": "Painted clay.", "ug": "لاي ھەيكەل."}, "audio": "spot.wav"}
    document = {
        "version": 1, "languages": ["en", "ug"], "defaultLanguage": "en",
        "scenes": {"a": {"panorama": "pano.png", "hotspots": [spot]},
                   "b": {"panorama": "pano.png"}},
        "guidedTours": [{"id": "walk", "title": {"en": "Walk", "ug": "ساياھەت"}, "steps": [
            {"scene": "a", "view": {"yaw": 10}, "transition": 0.2, "duration": 0.3,
             "text": {"en": "The courtyard.", "ug": "ھويلا."},
             "narration": {"en": "en.wav", "ug": "ug.wav"}, "captions": {"en": "en.vtt", "ug": "ug.vtt"}},
            {"scene": "a", "view": {"yaw": 60}, "transition": 0.2, "duration": 30,
             "text": {"en": "Quiet.", "ug": "جىم."}},
        ]}],
    }
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def opened(qtbot, window, narrated_tour):
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT_MS):
        window.open_tour(narrated_tour)
    qtbot.waitUntil(lambda: window.scene is not None and window.overlay.mode != "progress", timeout=TIMEOUT_MS)
    yield window
    window.navigation.controller.close()
    qtbot.waitUntil(lambda: not window.navigation.thumbnails.busy, timeout=TIMEOUT_MS)


def wait_for_audio(qtbot, window, owner, past: float = 0.0) -> None:
    """Wait until ``owner``'s narration plays (past ``past`` s), or skip where there is no backend."""
    pytest.importorskip("PySide6.QtMultimedia")
    from PySide6.QtMultimedia import QMediaPlayer

    narration = window.narration
    if not narration.available:
        pytest.skip("no QtMultimedia")
    try:
        qtbot.waitUntil(lambda: (narration.is_playing_for(owner) and narration.position > past)
                        or narration.media_player.error() != QMediaPlayer.Error.NoError, timeout=8000)
    except AssertionError:
        pytest.skip(f"no media backend here: {narration.media_player.playbackState()}, "
                    f"{narration.media_player.errorString()}")
    if narration.media_player.error() != QMediaPlayer.Error.NoError:
        pytest.skip(f"no media backend here: {narration.media_player.errorString()}")


def test_the_window_has_one_narration_player_for_panel_and_tour(opened):
    assert opened.info_panel.narration is opened.narration
    assert opened.navigation.controller.narration is opened.narration


def test_step_narration_plays_with_captions_and_holds_the_step_until_it_ends(qtbot, opened):
    panels = opened.navigation
    controller, bar = panels.controller, panels.guided_bar
    assert panels.play_guided_tour()
    wait_for_audio(qtbot, opened, controller, past=0.85)
    player = controller.player
    assert player.index == 0 and player.in_hold
    assert bar.subtitle.text() == "Second line." and bar.subtitle.isVisible()
    # duration is 0.3 s but the narration is 1.6 s: the step is still held.
    assert player.hold_elapsed + player.pending_seconds() > 0.3 and player.hold_length() > 1.2
    # The timer keeps ticking through the narration (the progress bar moves; position updates
    # must not keep restarting it).
    qtbot.waitUntil(lambda: player.elapsed_in_step > 1.0 or player.index != 0, timeout=3000)
    assert player.index == 0 and player.step_progress() > 0.4
    qtbot.waitUntil(lambda: player.index == 1, timeout=5000)
    assert not opened.narration.is_playing
    assert bar.subtitle.isHidden()


def test_pause_pauses_the_narration_and_next_stops_it(qtbot, opened):
    from PySide6.QtMultimedia import QMediaPlayer

    preferences.set_reduced_motion(True)  # the camera jumps; the audio is unaffected
    panels = opened.navigation
    controller = panels.controller
    try:
        panels.play_guided_tour()
        wait_for_audio(qtbot, opened, controller, past=0.1)
        panels.guided_bar.play_button.click()
        assert controller.player.state == PAUSED
        media = opened.narration.media_player
        assert media.playbackState() == QMediaPlayer.PlaybackState.PausedState
        at = media.position()
        qtbot.wait(300)
        assert media.position() == at
        panels.guided_bar.play_button.click()
        qtbot.waitUntil(lambda: opened.narration.is_playing, timeout=3000)
        panels.guided_bar.next_button.click()
        assert controller.player.index == 1
        assert media.playbackState() == QMediaPlayer.PlaybackState.StoppedState
        panels.guided_bar.close_button.click()
        assert not opened.narration.is_playing
    finally:
        preferences.set_reduced_motion(False)


def test_playing_a_hotspot_narration_pauses_the_tour_and_resuming_the_tour_stops_it(qtbot, opened):
    panels, panel = opened.navigation, opened.info_panel
    controller = panels.controller
    panels.play_guided_tour()
    wait_for_audio(qtbot, opened, controller, past=0.1)
    opened.hotspot_activated.emit(next(h for h in opened.session.scene.hotspots if h.id == "statue"))
    assert controller.player.state == PLAYING  # opening the panel alone changes nothing
    panel.toggle_playback()
    assert controller.player.state == PAUSED and opened.narration.owner is panel
    wait_for_audio(qtbot, opened, panel, past=0.1)
    assert opened.narration.source.endswith("spot.wav")
    controller.toggle()  # the visitor resumes the tour: its narration wins, the panel's stops
    assert controller.player.state == PLAYING and opened.narration.owner is controller
    assert not panel.is_playing
    qtbot.waitUntil(lambda: opened.narration.is_playing_for(controller), timeout=5000)
    assert opened.narration.source.endswith("en.wav")


def test_language_change_switches_the_narration_and_captions(qtbot, opened):
    panels = opened.navigation
    panels.play_guided_tour()
    wait_for_audio(qtbot, opened, panels.controller, past=0.1)
    opened.session.set_language("ug")
    qtbot.waitUntil(lambda: opened.narration.is_playing_for(panels.controller)
                    and opened.narration.source.endswith("ug.wav"), timeout=5000)
    qtbot.waitUntil(lambda: "بىرىنچى" in panels.guided_bar.subtitle.text(), timeout=3000)
    assert panels.guided_bar.subtitle.text().startswith("\u200f")  # kept right to left


def test_hold_follows_the_narration_position_with_a_fake_clock(qtbot, opened):
    """Timing without a sound card: a fake clock for the tour, fake positions for the audio."""
    now = [0.0]
    controller = GuidedTourController(narration=None, clock=lambda: now[0])
    try:
        guided = opened.session.tour.guided_tour("walk")
        player = controller.start(opened.session, guided)
        assert player.index == 0 and not player.in_hold
        controller.set_audio_duration(1.6)  # known while the camera moves: hold >= 1.6 s
        assert player.hold_length() == pytest.approx(1.6)
        now[0] = 0.2
        controller._tick()
        assert player.in_hold and player.index == 0
        now[0] = 0.7  # 0.5 s into the hold: past duration (0.3 s), not past the narration
        controller._tick()
        assert player.index == 0
        # The audio started 0.2 s late: 0.3 s in at a hold of 0.5 s, 1.3 s left -> hold 1.8 s.
        controller.show_position(0.7 - 0.2 - 0.2)
        assert player.hold_length() == pytest.approx(1.8)
        assert controller.caption == "First line."
        now[0] = 1.4  # hold 1.2 s, audio 1.0 s in (still 0.2 s late): 0.6 s left -> hold 1.8 s
        controller._tick()
        controller.show_position(1.0)
        assert controller.caption == "Second line."
        assert player.hold_length() == pytest.approx(1.8)
        now[0] = 1.9  # hold 1.7 s: still narrating
        controller._tick()
        assert player.index == 0
        now[0] = 2.05
        controller._tick()
        assert player.index == 1 and controller.caption == ""
        assert player.narration_length is None  # the next step has no narration
    finally:
        controller.close()


def test_a_narration_that_ends_early_leaves_the_duration(qtbot, opened):
    now = [0.0]
    controller = GuidedTourController(narration=None, clock=lambda: now[0])
    try:
        player = controller.start(opened.session, opened.session.tour.guided_tour("walk"))
        now[0] = 0.25
        controller._tick()
        controller.set_audio_duration(0.1)
        controller.audio_ended()  # ended at hold 0.05 s: the step holds its 0.3 s
        assert player.hold_length() == pytest.approx(0.3)
        now[0] = 0.45
        controller._tick()
        assert player.index == 0
        now[0] = 0.55
        controller._tick()
        assert player.index == 1
    finally:
        controller.close()


def test_the_audio_objects_exist_before_any_worker_thread(make_window):
    """Regression guard for the reported hang: the backend is loaded at construction, never later."""
    pytest.importorskip("PySide6.QtMultimedia")
    window = make_window()
    assert window.narration.audio_output is not None and window.narration.media_player is not None
    assert window.navigation.thumbnails._executor is None  # no thumbnail thread yet


def test_the_media_objects_are_made_by_cpp_so_ffmpeg_threads_never_need_the_gil(make_window):
    """Regression guard for the deadlock between an FFmpeg thread's ~QObject and the GIL (docs/hotspots.md)."""
    pytest.importorskip("PySide6.QtMultimedia")
    pytest.importorskip("PySide6.QtQml")
    from shiboken6 import Shiboken

    narration = make_window().narration
    assert narration.native
    assert not Shiboken.createdByPython(narration.media_player)
    assert not Shiboken.createdByPython(narration.audio_output)

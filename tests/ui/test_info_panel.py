"""The info panel: sanitised text, local pictures only, scene links, Esc, language, narration + captions."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from vtour.ui import preferences

pytestmark = pytest.mark.ui

LOAD_TIMEOUT_MS = 20_000

HOSTILE = ('<p onclick="x()">Painted <em>clay</em>. <script>alert(1)</script>'
           '<img src="http://evil.example/t.png"><img src="file:///etc/hostname">'
           '<a href="file:///etc/passwd">passwd</a> <a href="#scene:b">Next room</a></p>')


def write_wav(path: Path, seconds: float = 2.0, rate: int = 16000) -> Path:
    samples = (np.sin(np.linspace(0, 440 * 2 * np.pi * seconds, int(rate * seconds))) * 6000).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


@pytest.fixture
def content_tour(tmp_path) -> Path:
    Image.new("RGB", (256, 128), (90, 110, 140)).save(tmp_path / "pano.png")
    Image.new("RGB", (900, 600), (200, 40, 30)).save(tmp_path / "detail.png")
    write_wav(tmp_path / "en.wav")
    (tmp_path / "en.vtt").write_text(
        "WEBVTT\n\n00:00.000 --> 00:00.800\nFirst line.\n\n00:00.800 --> 00:05.000\nSecond line.\n", encoding="utf-8")
    spot = {"id": "statue", "type": "info", "yaw": 30, "pitch": 0,
            "title": {"en": "Statue", "zh-Hans": "塑像", "ug": "ھەيكەل"},
            "text": {"en": HOSTILE, "zh-Hans": "彩绘泥塑。", "ug": "بوياقلىق لاي ھەيكەل."},
            "images": [{"path": "detail.png", "caption": {"en": "The left hand", "ug": "سول قول"},
                        "alt": {"en": "A red square"}}],
            "audio": "en.wav", "captions": "en.vtt"}
    document = {"version": 1, "languages": ["en", "zh-Hans", "ug"], "defaultLanguage": "en",
                "scenes": {"a": {"panorama": "pano.png", "hotspots": [spot, {"type": "scene", "yaw": -90, "pitch": 0, "targetScene": "b"}]},
                           "b": {"panorama": "pano.png", "hotspots": [{"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "a"}]}}}
    path = tmp_path / "tour.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def opened(qtbot, window, content_tour):
    window.open_tour(content_tour)
    qtbot.waitUntil(lambda: window.session is not None and window.scene is not None
                    and window.overlay.mode != "progress", timeout=LOAD_TIMEOUT_MS)
    return window


def statue(window):
    return next(h for h in window.session.scene.hotspots if h.id == "statue")


def test_activation_opens_the_panel_with_sanitised_text_and_local_pictures(qtbot, opened):
    panel = opened.info_panel
    assert not panel.is_open
    opened.hotspot_activated.emit(statue(opened))
    assert panel.is_open and panel.isVisible()
    assert panel.title_label.text() == "Statue"
    shown = panel.body_html()
    for banned in ("script", "alert", "http:", "file:", "onclick", "evil"):
        assert banned not in shown
    assert '<a href="#scene:b">Next room</a>' in shown
    assert "The left hand" in shown
    # the picture is served from the tour folder, scaled to the panel; anything else is refused
    image = panel.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl("vtour-image:0"))
    assert image is not None and image.width() == panel.browser.image_width
    for url in ("http://evil.example/t.png", "file:///etc/hostname", "vtour-image:7", "detail.png"):
        assert panel.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url)) is None
    assert "Painted clay" in panel.browser.accessibleDescription()
    assert "A red square" in panel.browser.accessibleDescription()


def test_scene_links_go_through_the_session_and_other_links_do_nothing(qtbot, opened):
    opened.hotspot_activated.emit(statue(opened))
    opened.info_panel.open_link("file:///etc/passwd")
    opened.info_panel.open_link("https://example.org/")
    assert opened.session.scene.id == "a"
    opened.info_panel.open_link("#scene:b")
    assert opened.session.scene.id == "b"
    assert not opened.info_panel.is_open  # the hotspot belonged to the scene left


def test_scene_links_are_ignored_by_the_panel(opened):
    link = next(h for h in opened.session.scene.hotspots if h.kind == "scene")
    opened.info_panel.on_hotspot_activated(link)
    assert not opened.info_panel.is_open


def test_esc_closes_and_the_panorama_keeps_input(qtbot, opened):
    opened.panorama_view.setFocus()
    before = QApplication.focusWidget()
    opened.hotspot_activated.emit(statue(opened))
    assert QApplication.focusWidget() is before  # not modal, takes no focus: keys still turn the view
    assert QApplication.activeModalWidget() is None
    panel_rect = opened.info_panel.holder.geometry()
    assert not panel_rect.contains(opened.panorama_view.geometry().center())
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Escape)
    assert not opened.info_panel.is_open
    qtbot.keyClick(opened.panorama_view, Qt.Key.Key_Escape)  # nothing open: harmless


def test_language_change_rerenders_and_mirrors_the_panel(qtbot, opened):
    panel = opened.info_panel
    opened.hotspot_activated.emit(statue(opened))
    opened.session.set_language("ug")
    assert panel.title_label.text() == "ھەيكەل"
    assert 'dir="rtl"' in panel.body_html() and "سول قول" in panel.body_html()
    assert panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
    opened.session.set_language("zh-Hans")
    assert panel.title_label.text() == "塑像"
    assert "The left hand" in panel.body_html()  # no zh-Hans caption: falls back to the default
    assert panel.layoutDirection() == Qt.LayoutDirection.LeftToRight
    opened.session.set_language("en")


def test_text_size_preference_scales_the_panel_text(opened):
    panel = opened.info_panel
    opened.hotspot_activated.emit(statue(opened))
    before = panel.browser.font().pointSizeF()
    preferences.set_text_scale(1.5)
    assert panel.browser.font().pointSizeF() == pytest.approx(before * 1.5, rel=0.02)
    preferences.set_text_scale(1.0)
    assert panel.browser.font().pointSizeF() == pytest.approx(before, rel=0.02)


def test_captions_follow_a_position_source(opened):
    panel = opened.info_panel
    opened.hotspot_activated.emit(statue(opened))
    panel.show_position(0.2)
    assert panel.caption_label.text() == "First line." and not panel.caption_label.isHidden()
    panel.show_position(1.0)
    assert panel.caption_label.text() == "Second line."
    panel.show_position(9.0)
    assert panel.caption_label.isHidden()


def test_narration_plays_headless_with_captions_in_sync(qtbot, opened):
    pytest.importorskip("PySide6.QtMultimedia")
    panel = opened.info_panel
    opened.hotspot_activated.emit(statue(opened))
    assert panel.player is not None and not panel.play_button.isHidden()
    from PySide6.QtMultimedia import QMediaPlayer

    panel.toggle_playback()
    try:
        qtbot.waitUntil(lambda: panel.player.position() > 850 or panel.player.error() != QMediaPlayer.Error.NoError,
                        timeout=10_000)
    except AssertionError:
        pytest.skip(f"no media backend here: state {panel.player.playbackState()}, {panel.player.errorString()}")
    if panel.player.error() != QMediaPlayer.Error.NoError:
        pytest.skip(f"no media backend here: {panel.player.errorString()}")
    assert panel.is_playing
    assert panel.caption_label.text() == "Second line."  # positionChanged drove the captions
    panel.toggle_playback()
    qtbot.waitUntil(lambda: not panel.is_playing, timeout=3000)
    panel.close_panel()
    assert panel.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState

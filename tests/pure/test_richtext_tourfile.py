"""Hotspot content in tour files: images, narration, captions and rich-text links, checked and built."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.errors import TourError


def write_wav(path: Path, seconds: float = 0.5, rate: int = 8000) -> Path:
    samples = (np.sin(np.linspace(0, 440 * 2 * np.pi * seconds, int(rate * seconds))) * 8000).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def make_tour(folder: Path, **hotspot_content) -> Path:
    Image.new("RGB", (64, 32), (90, 90, 90)).save(folder / "pano.png")
    Image.new("RGB", (40, 30), (200, 20, 20)).save(folder / "detail.png")
    write_wav(folder / "en.wav")
    write_wav(folder / "ug.wav")
    (folder / "en.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:00.400\nPainted clay.\n", encoding="utf-8")
    spot = {"id": "statue", "type": "info", "yaw": 10, "pitch": 0,
            "title": {"en": "Statue", "ug": "ھەيكەل"},
            "text": {"en": '<p>See <a href="#scene:b">the other room</a>.</p>', "ug": "ھەيكەل"}}
    spot.update(hotspot_content)
    document = {
        "version": 1, "languages": ["en", "ug"],
        "scenes": {
            "a": {"panorama": "pano.png", "hotspots": [spot, {"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "b"}]},
            "b": {"panorama": "pano.png", "hotspots": [{"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "a"}]},
        },
    }
    path = folder / "tour.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


FULL = {
    "images": ["detail.png", {"path": "detail.png", "caption": {"en": "Detail", "ug": "تەپسىلات"},
                              "alt": {"en": "A red square", "ug": "قىزىل كۋادرات"}}],
    "audio": {"en": "en.wav", "ug": "ug.wav"},
    "captions": "en.vtt",
}


def test_content_is_built_with_absolute_paths(tmp_path):
    tour = load_tour(make_tour(tmp_path, **FULL))
    spot = tour.scene("a").hotspots[0]
    assert [image.path for image in spot.images] == [tmp_path / "detail.png"] * 2
    assert spot.images[1].caption.get("ug") == "تەپسىلات"
    assert spot.images[1].alt.get("en") == "A red square"
    assert spot.audio.get("ug") == str(tmp_path / "ug.wav")
    assert tour.text(spot.captions, "ug") == str(tmp_path / "en.vtt")  # falls back to the default language
    assert not [w for w in tour.warnings if "hotspots[0]" in w.json_path]


def test_tour_without_content_builds_empty_content(tmp_path):
    spot = load_tour(make_tour(tmp_path)).scene("a").hotspots[0]
    assert spot.images == () and not spot.audio and not spot.captions


def messages(path: Path) -> list[str]:
    return [str(d) for d in validate_tour_file(path)]


@pytest.mark.parametrize("content, expected", [
    ({"images": ["missing.png"]}, "images[0]: \"missing.png\": file not found"),
    ({"images": [{"path": "../outside.png"}]}, "images[0].path: \"../outside.png\" leaves the tour's folder"),
    ({"images": ["http://example.org/x.png"]}, "is a URL"),
    ({"audio": "en.vtt"}, "audio: \"en.vtt\": not an audio file"),
    ({"audio": {"ug": "nothing.mp3"}}, "audio.ug: \"nothing.mp3\": file not found"),
    ({"audio": "en.wav", "captions": "en.wav"}, "captions: \"en.wav\": not valid WebVTT"),
    ({"audio": "en.wav", "captions": {"en": "/etc/x.vtt"}}, "absolute path"),
    ({"images": ["en.vtt"]}, "images[0]"),
    ({"images": [{"caption": "x"}]}, "images[0]"),
])
def test_bad_content_is_an_error_naming_the_key(tmp_path, content, expected):
    found = messages(make_tour(tmp_path, **content))
    assert any(expected in line for line in found), found
    with pytest.raises(TourError):
        load_tour(tmp_path / "tour.json")


def test_captions_without_audio_and_unknown_links_are_reported(tmp_path):
    path = make_tour(tmp_path, captions="en.vtt", text='<a href="#scene:bb">x</a> <a href="#hotspot:nope">y</a>')
    found = messages(path)
    assert any("captions: warning: captions without \"audio\"" in line for line in found), found
    assert any("links to unknown scene \"bb\"" in line and "did you mean \"b\"" in line for line in found), found
    assert any("links to unknown hotspot \"nope\"" in line for line in found), found


def test_missing_caption_translation_is_a_warning(tmp_path):
    found = messages(make_tour(tmp_path, images=[{"path": "detail.png", "caption": "Only English"}]))
    assert any("images[0].caption: warning: no \"ug\" translation" in line for line in found), found

"""WebVTT caption parsing and timing (pure: no Qt)."""

from __future__ import annotations

import pytest

from vtour.io.captions import CaptionError, CaptionTrack, Cue, cue_text, parse_webvtt, read_webvtt

SAMPLE = """\ufeffWEBVTT - narration for the statue

NOTE written by the curator,
over two lines

STYLE
::cue { color: yellow }

intro
00:00.000 --> 00:01.500 align:start position:10%
<v Guide>Painted <i>clay</i> &amp; wood.

00:00:01.500 --> 00:00:04.250
第二句。
ئىككىنچى قۇر

01:00:00.000 --> 01:00:01.000
late
"""


def test_parses_cues_with_hours_identifiers_settings_and_notes():
    cues = parse_webvtt(SAMPLE)
    assert cues == [
        Cue(0.0, 1.5, "Painted clay & wood."),
        Cue(1.5, 4.25, "第二句。\nئىككىنچى قۇر"),
        Cue(3600.0, 3601.0, "late"),
    ]


def test_text_at_follows_the_playback_position():
    track = CaptionTrack(parse_webvtt(SAMPLE))
    assert track.text_at(0.0) == "Painted clay & wood."
    assert track.text_at(1.499) == "Painted clay & wood."
    assert track.text_at(1.5).startswith("第二句")  # end is exclusive, the next cue starts
    assert track.text_at(4.25) == ""
    assert track.text_at(3600.5) == "late"
    assert track.text_at(-1) == ""


def test_overlapping_cues_show_together():
    track = CaptionTrack(parse_webvtt("WEBVTT\n\n00:00.000 --> 00:05.000\na\n\n00:01.000 --> 00:02.000\nb\n"))
    assert track.text_at(1.5) == "a\nb"
    assert track.text_at(3) == "a"


def test_crlf_line_endings():
    assert parse_webvtt("WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nx\r\n") == [Cue(0.0, 1.0, "x")]


@pytest.mark.parametrize("text, line, fragment", [
    ("", 1, "WEBVTT"),
    ("1\n00:00.000 --> 00:01.000\nx", 1, "WEBVTT"),
    ("WEBVTTX\n", 1, "WEBVTT"),
    ("WEBVTT\n\n00:00.000 -> 00:01.000\nx", 3, "timing"),
    ("WEBVTT\n\n00:00 --> 00:01.000\nx", 3, "timing"),
    ("WEBVTT\n\n00:61.000 --> 01:01.000\nx", 3, "timing"),
    ("WEBVTT\n\n00:02.000 --> 00:01.000\nx", 3, "ends before"),
    ("WEBVTT\n\nid\nnot timing\n", 3, "timing"),
])
def test_errors_name_the_line(text, line, fragment):
    with pytest.raises(CaptionError) as caught:
        parse_webvtt(text)
    assert caught.value.line == line
    assert fragment in str(caught.value)


def test_read_webvtt_refuses_other_encodings(tmp_path):
    path = tmp_path / "c.vtt"
    path.write_bytes("WEBVTT\n\n00:00.000 --> 00:01.000\nçà\n".encode("latin-1"))
    with pytest.raises(CaptionError, match="not UTF-8"):
        read_webvtt(path)
    path.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nçà\n", encoding="utf-8")
    assert read_webvtt(path)[0].text == "çà"


def test_cue_text_strips_markup_and_timestamps():
    assert cue_text("<c.yellow>a</c> <00:00:01.000>b &lt;c&gt;") == "a b <c>"

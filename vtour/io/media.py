"""Checks on hotspot narration and caption files (no Qt): is the audio audio, do captions parse.

The tour loader has already resolved each file inside the tour's folder; here only the content is
looked at. Audio is recognised from its first bytes (never decoded: decoding is QtMultimedia's job
at play time), captions are parsed with :mod:`vtour.io.captions` so a curator sees the bad line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from vtour.io.captions import CaptionError, read_webvtt
from vtour.model.content_format import content_references
from vtour.model.guided_format import file_references as guided_file_references
from vtour.model.issues import Issue, JsonPath, quote_value

AUDIO_FORMATS = "WAV, MP3, Ogg (Vorbis/Opus), FLAC or M4A/AAC"


def audio_format(head: bytes) -> str | None:
    """The audio container named by a file's first 12 bytes, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"  # an ID3 tag, or an MPEG audio frame sync (also ADTS AAC)
    if head[4:8] == b"ftyp":
        return "m4a"
    return None


def media_file_issues(document: Any, files: Mapping[JsonPath, Any]) -> list[Issue]:
    """One error per narration file that is not audio and per caption file that is not WebVTT.

    ``files`` maps JSON paths to resolved files (objects with a ``path``); paths missing from it
    were already reported (not found, outside the folder).
    """
    issues = []
    refs = [(ref.path, ref.value, ref.kind) for ref in content_references(document)]
    # Guided-tour steps: "narration" is audio, "captions" WebVTT (path ends in the key or a language).
    for ref in guided_file_references(document):
        if ref.path[0] == "guidedTours":
            key = next(part for part in reversed(ref.path) if part in ("narration", "captions"))
            refs.append((ref.path, ref.value, "audio" if key == "narration" else "captions"))
    for path, value, kind in refs:
        resolved = files.get(path)
        if resolved is None or kind == "image":
            continue
        problem = _audio_problem(resolved.path) if kind == "audio" else _caption_problem(resolved.path)
        if problem:
            issues.append(Issue(path, f"{quote_value(value)}: {problem}"))
    return issues


def _audio_problem(path: Path) -> str | None:
    try:
        with open(path, "rb") as stream:
            head = stream.read(12)
    except OSError as exc:
        return f"cannot read ({exc.strerror or type(exc).__name__})"
    return None if audio_format(head) else f"not an audio file vtour can play ({AUDIO_FORMATS})"


def _caption_problem(path: Path) -> str | None:
    try:
        read_webvtt(path)
    except CaptionError as exc:
        return f"not valid WebVTT: {exc}"
    except OSError as exc:
        return f"cannot read ({exc.strerror or type(exc).__name__})"
    return None

"""WebVTT caption files: a small strict parser for narration captions (pure Python, no Qt).

Why our own and not ``webvtt-py``: a caption file here is a list of timed cues, and what a
curator needs is an error that names the line ("line 7: end 00:00:03.000 is before start"),
which ~100 lines give us with no dependency. Cue settings (``align:``...), ``STYLE``, ``REGION``
and ``NOTE`` blocks are accepted and ignored; cue text markup (``<v Speaker>``, ``<i>``, ``<c>``,
timestamps) is reduced to plain text, since the info panel shows captions as plain lines.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

MAX_CAPTION_BYTES = 2 * 1024 * 1024
"""Larger caption files are refused: narration for a hotspot is minutes, a few kB."""

_TIMESTAMP = r"(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")
_MARKUP = re.compile(r"<[^>]*>")


class CaptionError(ValueError):
    """A caption file that is not valid WebVTT; ``line`` counts from 1 (0: the whole file)."""

    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Cue:
    """One caption: ``text`` shown from ``start`` to ``end`` seconds (end exclusive)."""

    start: float
    end: float
    text: str


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000.0


def cue_text(raw: str) -> str:
    """Cue payload as plain text: tags (``<v Name>``, ``<i>``, ``<00:01.000>``) out, entities decoded."""
    return html.unescape(_MARKUP.sub("", raw))


def parse_webvtt(text: str) -> list[Cue]:
    """The cues of a WebVTT document, in file order.

    Raises
    ------
    CaptionError
        Without the ``WEBVTT`` header, or for a cue whose timing line is malformed or ends before
        it starts.
    """
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise CaptionError(1, 'not a WebVTT file: the first line must be "WEBVTT"')
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        block_start = index
        while index < len(lines) and lines[index].strip():
            index += 1
        block = lines[block_start:index]
        if block:
            cue = _parse_block(block, block_start)
            if cue is not None:
                cues.append(cue)
        index += 1
    return cues


def _parse_block(block: list[str], first_index: int) -> Cue | None:
    head = block[0]
    if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
        return None
    timing_at = 0 if "-->" in head else 1  # an optional cue identifier line comes first
    if timing_at >= len(block) or "-->" not in block[timing_at]:
        raise CaptionError(first_index + 1, f"expected a cue timing line (00:00:01.000 --> 00:00:04.000), got {head[:60]!r}")
    line_number = first_index + timing_at + 1
    match = _TIMING.match(block[timing_at].strip())
    if not match:
        raise CaptionError(line_number, f"malformed cue timing {block[timing_at].strip()[:60]!r} (want 00:00:01.000 --> 00:00:04.000)")
    start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
    if end < start:
        raise CaptionError(line_number, "the cue ends before it starts")
    return Cue(start, end, cue_text("\n".join(block[timing_at + 1:])).strip())


def read_webvtt(path: str | os.PathLike) -> list[Cue]:
    """Read and parse a WebVTT file (UTF-8).

    Raises
    ------
    CaptionError
        For a file that is too large, not UTF-8, or not valid WebVTT.
    OSError
        When the file cannot be read.
    """
    path = Path(path)
    if path.stat().st_size > MAX_CAPTION_BYTES:
        raise CaptionError(0, f"larger than {MAX_CAPTION_BYTES // (1024 * 1024)} MB")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaptionError(0, f"not UTF-8 (byte {exc.start})") from None
    return parse_webvtt(text)


class CaptionTrack:
    """Cues ready for playback: :meth:`text_at` answers "what shows at t seconds" in O(log n)."""

    def __init__(self, cues: list[Cue]):
        self.cues = sorted(cues, key=lambda cue: (cue.start, cue.end))
        self._starts = [cue.start for cue in self.cues]

    def active(self, seconds: float) -> list[Cue]:
        """The cues showing at ``seconds`` (overlapping cues all show, in start order)."""
        last = bisect.bisect_right(self._starts, seconds)
        return [cue for cue in self.cues[:last] if cue.start <= seconds < cue.end]

    def text_at(self, seconds: float) -> str:
        return "\n".join(cue.text for cue in self.active(seconds))

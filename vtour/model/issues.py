"""Findings about a tour document before they get a file position.

The model's checks work on the parsed document and know only *where in the document* a problem
is (a path of keys and indices); ``vtour.io.tourfile`` turns each :class:`Issue` into a
:class:`~vtour.model.errors.Diagnostic` with the line and column of that key or value.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vtour.model.errors import Severity

JsonPath = tuple[str | int, ...]
"""Object keys and array indices from the document root."""

_SHORTHAND_KEY = re.compile(r"[^\W\d][\w-]*")


@dataclass(frozen=True)
class Issue:
    """One problem at ``path``; ``at_key`` points at the object key rather than its value."""

    path: JsonPath
    message: str
    severity: Severity = Severity.ERROR
    at_key: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def warning(path: JsonPath, message: str, at_key: bool = False) -> Issue:
    """Shorthand for a warning :class:`Issue`."""
    return Issue(tuple(path), message, Severity.WARNING, at_key)


def format_json_path(path: Iterable[str | int]) -> str:
    """``("scenes", "hall", "hotspots", 2)`` -> ``$.scenes.hall.hotspots[2]``.

    Keys that are not identifiers (letters, digits, ``_``, ``-``) use the bracket form
    ``["main hall"]`` so the path stays unambiguous; keys over 60 characters are shortened.
    """
    parts = ["$"]
    for step in path:
        if isinstance(step, int):
            parts.append(f"[{step}]")
        elif _SHORTHAND_KEY.fullmatch(step) and len(step) <= 60:
            parts.append(f".{step}")
        else:
            shown = step if len(step) <= 60 else step[:57] + "..."
            parts.append(f"[{json.dumps(shown, ensure_ascii=False)}]")
    return "".join(parts)


def describe_value(value: Any, limit: int = 40) -> str:
    """A short description of a JSON value for messages: ``string "abc"``, ``number 5``, ..."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        if len(text) > limit:
            text = text[: limit - 4] + '..."'
        return f"string {text}"
    if isinstance(value, int | float):
        return f"number {value:g}" if isinstance(value, float) else f"number {value}"
    return "an object" if isinstance(value, dict) else "an array"


def did_you_mean(word: str, candidates: Iterable[str], hints: dict[str, str] | None = None) -> str:
    """`` (did you mean "x"?)`` for the closest candidate, or "" when none is close."""
    hint = (hints or {}).get(word)
    if hint:
        return f" (did you mean {hint}?)"
    options = [option for option in candidates if isinstance(option, str)]
    by_case = {option.lower(): option for option in options}
    if word.lower() in by_case:
        return f" (did you mean {quote_value(by_case[word.lower()])}?)"
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean {quote_value(close[0])}?)" if close else ""


def quote_value(value: str, limit: int = 60) -> str:
    """``value`` in double quotes for a message: shortened, control characters escaped."""
    shown = value if len(value) <= limit else value[: limit - 3] + "..."
    # Escape only what cannot be shown, so Chinese or Uyghur file names stay readable.
    return '"' + "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown) + '"'

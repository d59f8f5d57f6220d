"""Warnings and errors from converters, each naming where in the input file it comes from.

A converter reads one input file; every problem it finds is tied to a :class:`Location` (file,
line, column and the JSON path, or the XML element) so that a person can open the file at the line
and see what was not converted. :class:`Report` collects warnings; :class:`InteropError` stops a
conversion with a message that names ``file:line``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from vtour.io.jsonpos import Document
from vtour.model.issues import format_json_path

log = logging.getLogger(__name__)

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Location:
    """A place in an input file: ``file:line:column`` and a path (``$.scenes.a.hotSpots[2]``)."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}" if self.path else where


@dataclass(frozen=True)
class Finding:
    """One warning: ``message`` about the thing at ``location``."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InteropError(Exception):
    """A conversion that cannot go on; ``str()`` names the file and line when known."""

    def __init__(self, message: str, location: Location | None = None):
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)


@dataclass
class Report:
    """The warnings of one conversion, in the order found; also logged as they come."""

    findings: list[Finding] = field(default_factory=list)
    logger: logging.Logger = log

    def warn(self, message: str, location: Location | None = None) -> None:
        finding = Finding(message, location)
        self.findings.append(finding)
        self.logger.warning("%s", finding)

    def unmapped(self, key: str, location: Location | None, why: str = "") -> None:
        """``key`` has no vtour equivalent and was not converted."""
        reason = f": {why}" if why else ""
        self.warn(f"key {key!r} not converted{reason}", location)

    def messages(self) -> list[str]:
        return [str(finding) for finding in self.findings]


class JsonSource:
    """Positions in a JSON-like input (parsed by :mod:`vtour.io.jsonpos` or :mod:`.jsliteral`)."""

    def __init__(self, name: str, document: Document):
        self.name = name
        self.document = document

    @property
    def value(self) -> Any:
        return self.document.value

    def at(self, path: Iterable[str | int], key: bool = False) -> Location:
        """The location of the value at ``path`` (of its key when ``key``), or its nearest parent's."""
        path = tuple(path)
        probe = path
        while True:
            position = self.document.key_position(probe) if key and probe else None
            position = position or self.document.value_position(probe)
            if position is not None or not probe:
                break
            probe = probe[:-1]
        line, column = position if position else (None, None)
        return Location(self.name, line, column, format_json_path(path))


def check_keys(obj: dict, known: Iterable[str], path: JsonPath, source: JsonSource, report: Report,
               why: Callable[[str], str] | dict[str, str] | None = None) -> None:
    """Warn once for every key of ``obj`` not in ``known``, naming the key and its JSON path."""
    known = set(known)
    for key in obj:
        if key in known:
            continue
        reason = why.get(key, "") if isinstance(why, dict) else (why(key) if why else "")
        report.unmapped(key, source.at((*path, key), key=True), reason)

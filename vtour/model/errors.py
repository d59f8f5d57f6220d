"""Typed errors and diagnostics for tours. Every message can name file, line, column and JSON path."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a tour, printed as ``file:line:col: json.path: message``."""

    file: Path | str
    line: int
    column: int
    json_path: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.file}:{self.line}:{self.column}: {self.json_path}: {prefix}{self.message}"


class TourError(Exception):
    """A tour could not be loaded. ``diagnostics`` holds every error found (at least one)."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class ImageError(Exception):
    """An image could not be read or decoded; the message names the file and the problem."""

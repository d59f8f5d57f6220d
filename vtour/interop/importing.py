"""The import pipeline shared by every format: read, convert, refuse to overwrite, copy, write, validate.

A format module turns its input into a :class:`Conversion` (the vtour tour document, the
:class:`~vtour.interop.assets.AssetPlan` and the warnings). :func:`write_conversion` then

1. refuses to overwrite ``TOUR_DIR/tour.json`` or any asset already there unless ``force``;
2. copies (and cuts or converts) the assets, reporting progress;
3. writes ``tour.json`` atomically (:func:`vtour.io.safe_save.save_atomically`);
4. validates the result with the validator ``vtour validate`` uses
   (:func:`vtour.io.tourfile.validate_tour_file`) and separates the errors a missing asset
   explains from the others, which would be a converter bug.
"""

from __future__ import annotations

import codecs
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vtour.interop.assets import AssetPlan, Missing
from vtour.interop.findings import InteropError, JsonSource, Location, Report
from vtour.io.jsonpos import JSONSyntaxError, line_starts, offset_to_line_column, parse
from vtour.io.safe_save import SaveError, save_atomically
from vtour.io.tourfile import validate_tour_file
from vtour.model.errors import Diagnostic, Severity
from vtour.model.issues import format_json_path

log = logging.getLogger(__name__)

TOUR_FILE = "tour.json"
MAX_INPUT_BYTES = 64 * 1024 * 1024


@dataclass
class Conversion:
    """A converted tour, not yet written: the document, its assets and what was not converted."""

    document: dict[str, Any]
    assets: AssetPlan
    report: Report = field(default_factory=Report)


@dataclass
class Outcome:
    """What :func:`write_conversion` did."""

    tour_path: Path
    files_written: int
    missing: list[Missing]
    warnings: list[str]
    explained: list[Diagnostic]  # validator errors caused by a missing asset
    unexplained: list[Diagnostic]  # any other validator error
    validator_warnings: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return not self.unexplained


# -- reading inputs -------------------------------------------------------------------------------


def read_input_bytes(path: Path) -> bytes:
    """The input file's bytes; :class:`InteropError` naming the file when it cannot be read."""
    try:
        if path.is_dir():
            raise InteropError("is a folder; give the file to import", Location(str(path)))
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InteropError(f"larger than {MAX_INPUT_BYTES // 2**20} MB: not a tour description",
                               Location(str(path)))
        return path.read_bytes()
    except FileNotFoundError:
        raise InteropError("file not found", Location(str(path))) from None
    except OSError as exc:
        raise InteropError(f"cannot read: {exc.strerror or exc}", Location(str(path))) from None


def read_input_text(path: Path) -> str:
    """The input decoded as UTF-8 (a byte-order mark is skipped); errors name the line."""
    data = read_input_bytes(path).removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        line, column = offset_to_line_column(line_starts(prefix), len(prefix))
        raise InteropError(f"not UTF-8 text (byte 0x{data[exc.start]:02X})",
                           Location(str(path), line, column)) from None


def read_json_input(path: Path) -> JsonSource:
    """Parse a JSON input with positions (:mod:`vtour.io.jsonpos`), BOM allowed."""
    text = read_input_text(path)
    try:
        return JsonSource(str(path), parse(text))
    except JSONSyntaxError as exc:
        raise InteropError(f"not valid JSON: {exc.message}", Location(str(path), exc.line, exc.column)) from None


# -- writing --------------------------------------------------------------------------------------


def tour_text(document: dict) -> str:
    """The tour as vtour writes JSON: two-space indent, UTF-8 characters as themselves."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def check_overwrite(out_dir: Path, names: list[Path], force: bool) -> None:
    """Refuse (InteropError) when any of ``names`` exists and ``force`` is not given."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InteropError("exists and is not a folder", Location(str(out_dir)))
    if force:
        return
    existing = [path for path in names if path.exists()]
    if existing:
        shown = ", ".join(str(path) for path in existing[:3])
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        raise InteropError(f"would overwrite {shown}{more}; use --force to replace them", Location(str(out_dir)))


def write_conversion(conversion: Conversion, out_dir: Path, force: bool = False,
                     progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Write the converted tour into ``out_dir`` (see the module docstring); returns the outcome.

    Raises
    ------
    InteropError
        When files would be overwritten without ``force``, or writing fails.
    """
    out_dir = Path(out_dir)
    tour_path = out_dir / TOUR_FILE
    check_overwrite(out_dir, [tour_path, *conversion.assets.existing(out_dir)], force)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = conversion.assets.execute(out_dir, progress)
        save_atomically(tour_path, tour_text(conversion.document), backup=tour_path.exists())
    except SaveError as exc:
        raise InteropError(str(exc), Location(str(tour_path))) from None
    except OSError as exc:
        raise InteropError(f"cannot write: {exc.strerror or exc}", Location(str(exc.filename or out_dir))) from None
    return _validated(tour_path, written, conversion)


def _validated(tour_path: Path, written: int, conversion: Conversion) -> Outcome:
    diagnostics = validate_tour_file(tour_path)
    missing_paths = [format_json_path(item.out_path) for item in conversion.assets.missing]
    explained, unexplained, warnings = [], [], []
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.WARNING:
            warnings.append(diagnostic)
        elif any(_under(diagnostic.json_path, path) for path in missing_paths):
            explained.append(diagnostic)
        else:
            unexplained.append(diagnostic)
    return Outcome(tour_path, written + 1, list(conversion.assets.missing), conversion.report.messages(),
                   explained, unexplained, warnings)


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


# -- ids ------------------------------------------------------------------------------------------


class IdMap:
    """Turns other viewers' scene (or hotspot) names into vtour ids, unique and stable.

    vtour ids use letters, digits, ``_``, ``-`` and ``.`` and start with a letter, digit or ``_``;
    other characters become ``-``; a clash gets ``-2``, ``-3``...
    """

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}
        self._taken: set[str] = set()

    def add(self, name: str) -> str:
        if name in self.ids:
            return self.ids[name]
        base = make_id(name)
        candidate, counter = base, 1
        while candidate in self._taken:
            counter += 1
            candidate = f"{base[:120]}-{counter}"
        self._taken.add(candidate)
        self.ids[name] = candidate
        return candidate

    def get(self, name: str) -> str | None:
        return self.ids.get(name)


def make_id(name: Any) -> str:
    """A vtour id from any name (see :class:`IdMap`)."""
    text = "".join(c if (c.isalnum() or c in "_-.") else "-" for c in str(name)).strip("-.")
    while "--" in text:
        text = text.replace("--", "-")
    if not text:
        return "_"
    if not (text[0].isalnum() or text[0] == "_"):
        text = "_" + text
    return text[:128]

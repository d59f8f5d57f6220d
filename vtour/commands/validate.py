"""``vtour validate TOUR...``: check tour files (or bare panorama images) and list every problem.

Each problem is printed to stdout as ``file:line:col: json.path: message`` (warnings say
``warning:`` before the message), the form editors and CI annotate; a summary per file goes to
the log (stderr). Exit status: 0 when every file is valid (warnings allowed unless ``--strict``),
1 when any file has an error, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys

from vtour.io.tourfile import validate_tour_file
from vtour.model.errors import Diagnostic, Severity

log = logging.getLogger("vtour.validate")

EPILOG = """\
examples:
  vtour validate assets/demo/tour.json
  vtour validate --strict tours/*/tour.json
  vtour validate panorama.jpg

output (one line per problem, sorted by position):
  tour.json:12:18: $.scenes.hall.hotspots[2].targetScene: no scene "cort" (did you mean "court"?)
  tour.json:30:5: $.scenes.attic: warning: scene "attic" cannot be reached from "hall"

exit status: 0 valid (warnings allowed), 1 a file has errors (or warnings with --strict),
2 usage error. The tour format is described in docs/tour-format.md.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``validate`` and its arguments; sets ``func`` to :func:`run`."""
    parser = subparsers.add_parser(
        "validate",
        help="check tour files and list every problem with its line and column",
        description="Check tour files (or bare panorama images): JSON syntax, the tour schema, "
        "scene links, languages, view limits and every image the tour names.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tours", nargs="+", metavar="TOUR", help="a tour .json file or a panorama image")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Validate each file in ``args.tours``; return the exit status."""
    failed = False
    for tour in args.tours:
        diagnostics = validate_tour_file(tour)
        _print(diagnostics)
        failed |= _summarise(tour, diagnostics, args.strict)
    return 1 if failed else 0


def _print(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        sys.stdout.write(f"{diagnostic}\n")
    sys.stdout.flush()


def _summarise(tour: str, diagnostics: list[Diagnostic], strict: bool) -> bool:
    """Log one line about ``tour``; return True when it fails validation."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    failed = errors > 0 or (strict and warnings > 0)
    if failed:
        log.error("%s: invalid (%s)", tour, counts)
    else:
        log.info("%s: valid (%s)", tour, counts)
    return failed


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"

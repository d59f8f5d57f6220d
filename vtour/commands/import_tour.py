"""``vtour import FORMAT INPUT -o TOUR_DIR``: turn another viewer's tour into a vtour tour.

Formats: ``pannellum`` (config JSON), ``marzipano`` (the Marzipano Tool's ``data.js``), ``krpano``
(``tour.xml``), ``psv`` (Photo Sphere Viewer virtual-tour nodes as JSON), and ``annotations`` (W3C
Web Annotations written by ``vtour export annotations``, merged into an existing tour).

Each import writes ``TOUR_DIR/tour.json`` atomically and copies the images it finds (relative to
the input file, or to ``--base``) into ``TOUR_DIR``; every key or asset it cannot convert is a
warning naming the input file, line and JSON path. Nothing is overwritten without ``--force``.
The conversions are in :mod:`vtour.interop`; ``docs/interop.md`` describes each mapping.
Exit status: 0 written (warnings allowed, missing assets included), 1 failure (unreadable input,
files in the way, or a written tour that fails validation for another reason than a missing
asset), 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from vtour.interop.angles import DEFAULT_ASPECT, parse_aspect
from vtour.interop.findings import InteropError
from vtour.interop.importing import Conversion, Outcome, write_conversion

log = logging.getLogger("vtour.import")

EPILOG = """\
examples:
  vtour import pannellum example-tour.json -o tours/pond
  vtour import marzipano app-files/data.js -o tours/lisbon --aspect 16:9
  vtour import krpano vtour/tour.xml -o tours/site
  vtour import psv nodes.json -o tours/walk
  vtour import annotations notes.jsonld --into tours/pond/tour.json

Images are looked for relative to the input file (or --base); the ones not found are listed as
warnings and the tour is written without them. docs/interop.md describes every mapping.
exit status: 0 written, 1 failure, 2 usage error.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``import`` and its format subcommands; each sets ``func`` to :func:`run`."""
    parser = subparsers.add_parser(
        "import",
        help="import a Pannellum, Marzipano, krpano or Photo Sphere Viewer tour (or annotations)",
        description="Convert another panorama viewer's tour into a vtour tour folder: tour.json plus "
        "the images it names.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    formats = parser.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, (help_text, metavar, _, needs_aspect) in FORMATS.items():
        sub = formats.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("input", metavar=metavar, help="the file to import")
        sub.add_argument("-o", "--output", metavar="TOUR_DIR", required=True,
                         help="folder to write tour.json and the copied images into")
        sub.add_argument("--force", action="store_true", help="replace tour.json and images already there")
        sub.add_argument("--base", metavar="DIR",
                         help="resolve image paths (and root-absolute paths like /images/a.jpg) against "
                         "DIR instead of the input file's folder")
        if needs_aspect:
            sub.add_argument("--aspect", type=_aspect, default=DEFAULT_ASPECT[0] / DEFAULT_ASPECT[1],
                             metavar="W:H", help="screen shape used to turn vertical fields of view into "
                             "horizontal ones (default 16:9)")
        sub.set_defaults(func=run)
    sub = formats.add_parser("annotations", help="merge W3C Web Annotations (from `vtour export annotations`) "
                             "into a tour's hotspots")
    sub.add_argument("input", metavar="ANNOTATIONS.jsonld", help="an AnnotationCollection, page or list")
    target = sub.add_mutually_exclusive_group(required=True)
    target.add_argument("--into", metavar="TOUR", help="the tour.json (or its folder) to add the hotspots to")
    target.add_argument("-o", "--output", dest="into", metavar="TOUR", help="the same as --into")
    sub.add_argument("--force", action="store_true", help="replace hotspots that have the same id but differ")
    sub.set_defaults(func=run)
    return parser


def _aspect(text: str) -> float:
    try:
        return parse_aspect(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _pannellum(args: argparse.Namespace) -> Conversion:
    from vtour.interop.pannellum import import_pannellum

    return import_pannellum(Path(args.input), _base(args))


def _marzipano(args: argparse.Namespace) -> Conversion:
    from vtour.interop.marzipano import import_marzipano

    return import_marzipano(Path(args.input), _base(args), aspect=args.aspect)


def _krpano(args: argparse.Namespace) -> Conversion:
    from vtour.interop.krpano import import_krpano

    return import_krpano(Path(args.input), _base(args), aspect=args.aspect)


def _psv(args: argparse.Namespace) -> Conversion:
    from vtour.interop.psv import import_psv

    return import_psv(Path(args.input), _base(args))


def _base(args: argparse.Namespace) -> Path | None:
    return Path(args.base) if getattr(args, "base", None) else None


FORMATS: dict[str, tuple[str, str, Callable[[argparse.Namespace], Conversion], bool]] = {
    "pannellum": ("a Pannellum config (one scene, or a tour with \"default\" and \"scenes\")", "CONFIG.json",
                  _pannellum, False),
    "marzipano": ("the Marzipano Tool's data.js (read as data, never run)", "data.js", _marzipano, True),
    "krpano": ("a krpano tour.xml", "tour.xml", _krpano, True),
    "psv": ("Photo Sphere Viewer virtual-tour nodes (JSON)", "nodes.json", _psv, False),
}


def run(args: argparse.Namespace) -> int:
    """Import ``args.input`` as ``args.format``; return the exit status."""
    if args.format == "annotations":
        return _run_annotations(args)
    convert = FORMATS[args.format][2]
    try:
        conversion = convert(args)
        outcome = write_conversion(conversion, Path(args.output), args.force, Progress("copying images"))
    except InteropError as error:
        log.error("%s", error)
        return 1
    return summarise(outcome, conversion)


def summarise(outcome: Outcome, conversion: Conversion) -> int:
    """Log what the import did; the exit status."""
    for missing in outcome.missing:
        log.warning("%s", missing)
    for diagnostic in outcome.explained:
        log.warning("%s (the asset is missing)", diagnostic)
    for diagnostic in outcome.validator_warnings:
        log.info("%s", diagnostic)
    scenes = len(conversion.document.get("scenes", {}))
    summary = (f"wrote {outcome.tour_path}: {scenes} scene{'s' * (scenes != 1)}, "
               f"{outcome.files_written} files, {len(outcome.warnings)} conversion warnings")
    if outcome.unexplained:
        for diagnostic in outcome.unexplained:
            log.error("%s", diagnostic)
        log.error("%s; but the tour fails validation (above)", summary)
        return 1
    if outcome.missing:
        log.warning("%s; %d referenced assets are missing, so `vtour validate` reports them until they "
                    "are put in place", summary, len(outcome.missing))
    else:
        log.info("%s; the tour validates", summary)
    return 0


def _run_annotations(args: argparse.Namespace) -> int:
    from vtour.interop.annotations import merge_annotations_file

    try:
        result = merge_annotations_file(Path(args.input), Path(args.into), force=args.force)
    except InteropError as error:
        log.error("%s", error)
        return 1
    log.info("%s: %d hotspots added, %d replaced, %d already there", result.tour_path, result.added,
             result.replaced, result.unchanged)
    return 0


class Progress:
    """Logs ``what: done/total files`` at most once a second, and when done (for long copies)."""

    def __init__(self, what: str, interval: float = 1.0, minimum: int = 20):
        self.what = what
        self.interval = interval
        self.minimum = minimum
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total < self.minimum or (done < total and now - self.last < self.interval):
            return
        self.last = now
        log.info("%s: %d/%d files (%d%%)", self.what, done, total, 100 * done // max(total, 1))


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (``tools/import_tour.py``): ``[-v|-q] FORMAT INPUT -o TOUR_DIR ...``."""
    return run_standalone("import", add_parser, argv)


GLOBAL_FLAGS = ("-v", "--verbose", "-q", "--quiet")


def run_standalone(command: str, add: Callable, argv: list[str] | None) -> int:
    """Parse ``argv`` as ``vtour COMMAND ...`` would, set up logging like ``vtour``, run."""
    argv = list(sys.argv[1:] if argv is None else argv)
    flags = []
    while argv and argv[0] in GLOBAL_FLAGS:
        flags.append(argv.pop(0))
    parser = argparse.ArgumentParser(prog=f"{command}_tour")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors")
    add(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args([*flags, command, *argv])
    level = logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    return int(args.func(args) or 0)

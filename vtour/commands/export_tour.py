"""``vtour export FORMAT TOUR -o OUT``: write a vtour tour in another format.

Formats: ``pannellum`` (``OUT/config.json``, the panoramas, faces and tiles at their tour paths,
and an ``index.html`` that shows the tour with Pannellum from ``OUT/pannellum/`` when a copy is
there, else from a CDN; serve the folder over HTTP) and ``annotations`` (the hotspots as a W3C Web
Annotation collection in JSON-LD). The tour must validate first. Nothing is overwritten without
``--force``. The conversions are in :mod:`vtour.interop`; ``docs/interop.md`` describes them.
Exit status: 0 written (warnings allowed), 1 failure, 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path

from vtour.commands.import_tour import Progress, run_standalone
from vtour.interop.findings import InteropError, Location
from vtour.interop.importing import check_overwrite, read_json_input
from vtour.io.safe_save import SaveError, save_atomically
from vtour.io.tourfile import validate_tour_file
from vtour.model.errors import Severity
from vtour.model.semantics import default_language

log = logging.getLogger("vtour.export")

EPILOG = """\
examples:
  vtour export pannellum tours/pond/tour.json -o web/pond
  vtour export pannellum tours/pond -o web/pond --pannellum node_modules/pannellum/build
  vtour export annotations tours/pond/tour.json -o pond.jsonld --base-iri https://museum.example/pond

Serve a Pannellum export over HTTP (python3 -m http.server -d web/pond): browsers do not load
panoramas from file: pages. docs/interop.md describes every mapping.
exit status: 0 written, 1 failure, 2 usage error.
"""

PANNELLUM_FILES = ("pannellum.js", "pannellum.css")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``export`` and its format subcommands; each sets ``func`` to :func:`run`."""
    parser = subparsers.add_parser(
        "export",
        help="export a tour as a Pannellum web tour or its hotspots as W3C Web Annotations",
        description="Write a vtour tour in another viewer's format.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    formats = parser.add_subparsers(dest="format", metavar="FORMAT", required=True)
    sub = formats.add_parser("pannellum", help="a Pannellum tour folder: config.json, images, index.html")
    sub.add_argument("tour", metavar="TOUR", help="the tour.json (or its folder)")
    sub.add_argument("-o", "--output", metavar="DIR", required=True, help="the folder to write")
    sub.add_argument("--pannellum", metavar="DIR", help="a folder holding pannellum.js and pannellum.css "
                     "(e.g. node_modules/pannellum/build) to copy into DIR/pannellum/; by default "
                     "./node_modules/pannellum/build when present, else the page uses a CDN")
    sub.add_argument("--force", action="store_true", help="replace files already in DIR")
    sub.set_defaults(func=run)
    sub = formats.add_parser("annotations", help="the hotspots as a W3C Web Annotation collection (JSON-LD)")
    sub.add_argument("tour", metavar="TOUR", help="the tour.json (or its folder)")
    sub.add_argument("-o", "--output", metavar="ANNOTATIONS.jsonld", required=True, help="the file to write")
    sub.add_argument("--base-iri", metavar="IRI", help="IRI prefix for scenes and annotations "
                     "(default urn:vtour:tour:<tour folder name>)")
    sub.add_argument("--force", action="store_true", help="replace the file if it exists")
    sub.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Export ``args.tour`` as ``args.format``; return the exit status."""
    tour_path = Path(args.tour)
    if tour_path.is_dir():
        tour_path = tour_path / "tour.json"
    try:
        if not _valid(tour_path):
            return 1
        if args.format == "pannellum":
            return _pannellum(tour_path, args)
        return _annotations(tour_path, args)
    except InteropError as error:
        log.error("%s", error)
        return 1


def _valid(tour_path: Path) -> bool:
    errors = [d for d in validate_tour_file(tour_path) if d.severity is Severity.ERROR]
    for diagnostic in errors:
        log.error("%s", diagnostic)
    if errors:
        log.error("%s: not exported: the tour has errors (fix them; `vtour validate` lists them)", tour_path)
    return not errors


def _pannellum(tour_path: Path, args: argparse.Namespace) -> int:
    from vtour.interop.pannellum import config_text, export_pannellum, index_html

    source = read_json_input(tour_path)
    export = export_pannellum(source.value, tour_path.parent, source)
    out = Path(args.output)
    library = _pannellum_library(args.pannellum)
    library_files = [out / "pannellum" / name for name in PANNELLUM_FILES] if library else []
    check_overwrite(out, [out / "config.json", out / "index.html", *export.assets.existing(out), *library_files],
                    args.force)
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = export.assets.execute(out, Progress("copying images"))
        save_atomically(out / "config.json", config_text(export.config), backup=False)
        title = export.config["default"].get("title", "")
        save_atomically(out / "index.html", index_html(title, default_language(source.value)), backup=False)
        for path in library_files:
            (out / "pannellum").mkdir(exist_ok=True)
            shutil.copyfile(library / path.name, path)
    except SaveError as exc:
        raise InteropError(str(exc)) from None
    except OSError as exc:
        raise InteropError(f"cannot write: {exc.strerror or exc}", Location(str(exc.filename or out))) from None
    for missing in export.assets.missing:
        log.warning("%s", missing)
    where = "pannellum/ (local copy)" if library else "the CDN (no local copy; pass --pannellum DIR for offline use)"
    log.info("wrote %s: config.json, index.html, %d files; the page loads Pannellum from %s; %d warnings",
             out, written, where, len(export.report.findings) + len(export.assets.missing))
    return 0


def _pannellum_library(given: str | None) -> Path | None:
    candidates = [Path(given)] if given else [Path("node_modules/pannellum/build")]
    for folder in candidates:
        if all((folder / name).is_file() for name in PANNELLUM_FILES):
            return folder
    if given:
        raise InteropError(f"no {' and '.join(PANNELLUM_FILES)} in {given}", Location(given))
    return None


def _annotations(tour_path: Path, args: argparse.Namespace) -> int:
    from vtour.interop.annotations import annotations_text, default_base_iri, export_annotations

    source = read_json_input(tour_path)
    out = Path(args.output)
    check_overwrite(out.parent if str(out.parent) else Path("."), [out], args.force)
    collection = export_annotations(source.value, args.base_iri or default_base_iri(tour_path))
    try:
        save_atomically(out, annotations_text(collection), backup=False)
    except SaveError as exc:
        raise InteropError(str(exc), Location(str(out))) from None
    log.info("wrote %s: %d annotations", out, collection["total"])
    return 0


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (``tools/export_tour.py``): ``[-v|-q] FORMAT TOUR -o OUT ...``."""
    return run_standalone("export", add_parser, argv if argv is not None else sys.argv[1:])

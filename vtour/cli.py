"""The ``vtour`` command. ``vtour [TOUR]`` opens the viewer; other work is in subcommands.

Each subcommand lives in ``vtour.commands.<name>`` and provides ``add_parser(subparsers)``, which
registers its arguments and sets ``func`` (``args -> exit code``). Exit codes: 0 success,
1 failure (bad tour, unreadable image, ...), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from vtour import __version__

COMMANDS = ("view", "edit", "kiosk", "render", "validate", "tile", "import", "export", "bench", "report")
"""Subcommand names, in the order ``--help`` lists them."""

MODULES = {"import": "import_tour", "export": "export_tour"}
"""Subcommands whose module is not named like them (``import`` is a Python keyword)."""

log = logging.getLogger("vtour")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vtour",
        description="Immersive virtual tours of cultural-heritage sites. "
        "`vtour [TOUR]` opens a tour (the bundled demo without one); subcommands below.",
    )
    parser.add_argument("--version", action="version", version=f"vtour {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="debug log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"vtour.commands.{MODULES.get(name, name)}").add_parser(subparsers)
    return parser


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.INFO, logging.DEBUG)[min(verbose, 1)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


GLOBAL_FLAGS = ("-v", "--verbose", "-q", "--quiet")


def _with_default_command(argv: list[str]) -> list[str]:
    """``vtour``, ``vtour TOUR`` and ``vtour --fullscreen TOUR`` mean ``vtour view ...``.

    Only the global flags may precede a subcommand; anything else starts the viewer's arguments.
    """
    index = 0
    while index < len(argv) and argv[index] in GLOBAL_FLAGS:
        index += 1
    rest = argv[index:]
    if rest and rest[0] in (*COMMANDS, "-h", "--help", "--version"):
        return argv
    return [*argv[:index], "view", *rest]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(_with_default_command(argv))
    _configure_logging(args.verbose, args.quiet)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130

"""``vtour edit``: open a tour in authoring mode (place and move hotspots, undo, safe saving)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "edit",
        help="open a tour for editing (authoring mode)",
        description="Open a tour file in authoring mode: Edit > Add Hotspot (H) then click to place an "
        "info hotspot, drag a marker to move it, Delete / Ctrl+D to delete or duplicate the selected one, "
        "Ctrl+Z / Ctrl+Shift+Z to undo and redo, Ctrl+S to save (atomically, keeping tour.json.bak). "
        "Unsaved changes are autosaved to a recovery file and offered after a crash.",
    )
    parser.add_argument("tour", type=Path, nargs="?", metavar="TOUR", help="the tour file (.json) to edit")
    parser.add_argument("--new", type=Path, metavar="DIR",
                        help="start a tour from a folder of panoramas and glTF models: writes DIR/tour.json "
                        "(one scene per file; never over an existing tour) and opens it")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Show the editor until it closes; 1 for a tour that cannot be edited or no window/OpenGL."""
    from vtour.model.errors import TourError

    if (args.tour is None) == (args.new is None):
        log.error("give either TOUR or --new DIR")
        return 2
    if args.new is not None:
        from vtour.io.new_tour import create_new_tour

        try:
            args.tour = create_new_tour(args.new)
        except (OSError, ValueError) as exc:
            log.error("%s", exc)
            return 1
    path = Path(args.tour)
    if not path.is_file() or path.suffix.lower() != ".json":
        log.error("%s: not a tour file (.json); vtour edit opens an existing tour", path)
        return 1
    try:
        from vtour.ui import app as ui_app
    except ImportError as exc:
        log.error("cannot start the editor: %s", exc)
        return 1
    application = ui_app.start_gui(log)
    if application is None:
        return 1
    from vtour.ui.editor import TourEditor
    from vtour.ui.window import MainWindow

    window = MainWindow()
    try:
        editor = TourEditor(window, path)
    except (OSError, ValueError, TourError) as exc:
        log.error("%s: cannot be edited: %s", path, exc)
        return 1
    window.show()
    editor.open()
    code = application.exec()
    del window
    return int(code)

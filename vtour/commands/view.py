"""``vtour view [TOUR]`` (also plain ``vtour`` and ``vtour TOUR``): open a tour in the viewer window.

PySide6 is imported only when the command runs, so ``vtour --help`` and the headless commands
stay fast and work where Qt's libraries are missing.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from vtour.geometry.projections import Projection

log = logging.getLogger("vtour.view")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "view",
        help="open a tour in the viewer window (the default command)",
        description="Open a tour, or a single panorama image, in the viewer window. "
        "Without TOUR, the bundled demo tour opens.",
    )
    parser.add_argument("tour", nargs="?", type=Path, metavar="TOUR",
                        help="tour file (.json) or an equirectangular panorama image")
    parser.add_argument("--scene", metavar="ID", help="start in this scene instead of the tour's first")
    parser.add_argument("--fullscreen", action="store_true", help="start fullscreen (F11 / Esc to leave)")
    parser.add_argument("--projection", choices=[p.value for p in Projection], default=Projection.RECTILINEAR.value,
                        help="output projection (default: %(default)s)")
    parser.add_argument("--play", nargs="?", const="", metavar="ID",
                        help="play a guided tour once the tour opens (the first one without ID)")
    parser.add_argument("--loop", action="store_true",
                        help="with --play: start again after the last step (a kiosk's attract loop)")
    parser.add_argument("--lang", metavar="CODE",
                        help="language of the tour's texts and the interface (a tag such as en, zh-Hans, ug); "
                        "default: the system's language when the tour has it, else the tour's default")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Show the window until it closes; 1 where Qt or OpenGL cannot start at all."""
    try:
        from vtour.ui import app as ui_app
    except ImportError as exc:  # PySide6 or a system library it needs is missing
        log.error("cannot start the viewer: %s", exc)
        return 1
    application = ui_app.start_gui(log)
    if application is None:
        return 1
    window = _open_window(args)
    code = application.exec()
    del window
    return int(code)


def _open_window(args: argparse.Namespace):
    from vtour.ui.window import MainWindow

    window = MainWindow(projection=Projection(args.projection))
    if getattr(args, "lang", None):
        window.languages.set_language(args.lang)
    if args.fullscreen:
        window.enter_fullscreen()
    else:
        window.show()
    if getattr(args, "play", None) is not None:
        window.navigation.play_guided_tour(args.play or None, loop=args.loop)
    window.open_tour(_tour_path(args), args.scene)
    return window


def _tour_path(args: argparse.Namespace) -> Path:
    if args.tour is not None:
        return args.tour
    from vtour.resources import default_tour_path

    try:
        return default_tour_path()
    except FileNotFoundError as exc:
        # The window then says the demo is missing, like any other missing file.
        log.warning("%s", exc)
        return Path("assets/jiaohe/tour.json")

"""``vtour kiosk``: run a tour fullscreen and unattended, for a museum kiosk.

Settings come from a kiosk configuration file (``kiosk.json`` beside the tour unless
``--config`` names another): idle timeout, languages, update folder, daily restart, exit sequence
and the operator PIN, stored only as a salted hash. ``--set-pin`` creates or updates that file.
``--watchdog`` runs the kiosk under :mod:`vtour.kiosk.supervisor`, which restarts it after a
crash or a hang and, when configured, every day.
Exit status: 0 an operator left kiosk mode, 1 the tour or the configuration could not be used,
2 usage error.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import logging
import sys
from pathlib import Path

from vtour.kiosk.config import DEFAULT_EXIT_SEQUENCE, KioskConfig, KioskConfigError, hash_pin, load_kiosk_config
from vtour.kiosk.config import write_kiosk_config

log = logging.getLogger("vtour.kiosk")

CONFIG_NAME = "kiosk.json"

EPILOG = f"""\
examples:
  vtour kiosk --set-pin assets/jiaohe/tour.json     # once: writes assets/jiaohe/kiosk.json
  vtour kiosk assets/jiaohe/tour.json               # fullscreen kiosk on the first screen
  vtour kiosk --config /etc/vtour/kiosk.json --screen 1 --watchdog

To leave kiosk mode press {DEFAULT_EXIT_SEQUENCE} (or the config's exitSequence), or tap the
top-left corner five times within three seconds (top-right in right-to-left languages), then
enter the operator PIN.
exit status: 0 an operator left kiosk mode, 1 unusable tour or configuration, 2 usage error.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``kiosk`` and its arguments; sets ``func`` to :func:`run`."""
    parser = subparsers.add_parser(
        "kiosk",
        help="run a tour fullscreen and unattended (museum kiosk mode)",
        description="Run a tour as a museum kiosk: fullscreen, touch friendly, locked down, back to an "
        "attract loop when visitors walk away, with visit analytics and content updates.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tour", nargs="?", type=Path, metavar="TOUR",
                        help="tour file (default: the configuration's tour)")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help=f"kiosk configuration (default: {CONFIG_NAME} beside the tour)")
    parser.add_argument("--screen", type=int, metavar="N", help="screen number, 0 the first (default: the config's)")
    parser.add_argument("--set-pin", action="store_true",
                        help="create or update the configuration with a new operator PIN, then exit")
    parser.add_argument("--pin-stdin", action="store_true",
                        help="with --set-pin: read the PIN from standard input instead of asking twice")
    parser.add_argument("--watchdog", action="store_true",
                        help="run under the supervisor: restart after a crash, a hang or at the daily restart time")
    parser.set_defaults(func=run)
    return parser


def config_path(args: argparse.Namespace) -> Path | None:
    if args.config is not None:
        return args.config
    if args.tour is not None:
        return args.tour.parent / CONFIG_NAME
    return None


def run(args: argparse.Namespace) -> int:
    path = config_path(args)
    if path is None:
        log.error("name a tour or a kiosk configuration (vtour kiosk TOUR, or --config FILE)")
        return 2
    if args.set_pin:
        return set_pin(path, args)
    try:
        config = load_kiosk_config(path)
    except KioskConfigError as error:
        if not path.exists():
            log.error("%s: no kiosk configuration; create one with: vtour kiosk --set-pin %s",
                      path, args.tour or "TOUR")
        else:
            log.error("%s", error)
        return 1
    config = _overridden(config, args)
    if not config.tour.is_file():
        log.error("%s: no such tour file", config.tour)
        return 1
    if args.watchdog:
        return _supervise(config, args)
    return _run_window(config)


def _overridden(config: KioskConfig, args: argparse.Namespace) -> KioskConfig:
    changes = {}
    if args.tour is not None:
        changes["tour"] = args.tour.resolve()
    if args.screen is not None:
        changes["screen"] = args.screen
    return dataclasses.replace(config, **changes) if changes else config


def set_pin(path: Path, args: argparse.Namespace) -> int:
    """Write ``path`` with a new PIN (keeping its other settings); the PIN is never stored in clear."""
    pin = _read_pin(args.pin_stdin)
    if pin is None:
        return 1
    try:
        pin_hash = hash_pin(pin)
    except ValueError as error:
        log.error("%s", error)
        return 1
    if path.exists():
        try:
            config = dataclasses.replace(load_kiosk_config(path), pin=pin_hash)
        except KioskConfigError as error:
            log.error("%s (fix it or remove the file first)", error)
            return 1
    elif args.tour is None:
        log.error("%s does not exist: name the tour too (vtour kiosk --set-pin TOUR --config %s)", path, path)
        return 2
    else:
        config = KioskConfig(tour=args.tour.resolve(), pin=pin_hash)
    try:
        write_kiosk_config(path, config)
    except OSError as error:
        log.error("%s: cannot write: %s", path, error.strerror or error)
        return 1
    log.info("operator PIN set in %s", path)
    return 0


def _read_pin(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass("New operator PIN (4-12 digits): ")
    if getpass.getpass("The same PIN again: ") != first:
        log.error("the two PINs differ; nothing changed")
        return None
    return first


def _supervise(config: KioskConfig, args: argparse.Namespace) -> int:
    from vtour.kiosk.supervisor import Supervisor

    command = [sys.executable, "-m", "vtour", "kiosk", "--config", str(config_path(args).resolve()),
               "--screen", str(config.screen), str(config.tour)]
    supervisor = Supervisor(command, daily_restart=config.daily_restart)
    supervisor.install_signal_handlers()
    return supervisor.run()


def _run_window(config: KioskConfig) -> int:
    try:
        from vtour.ui import app as ui_app
    except ImportError as exc:
        log.error("cannot start the kiosk: %s", exc)
        return 1
    application = ui_app.start_gui(log)
    if application is None:
        return 1
    from vtour.ui.kiosk import KioskController
    from vtour.ui.window import MainWindow

    window = MainWindow()
    kiosk = KioskController(window, config)
    kiosk.start()
    code = application.exec()
    del kiosk, window
    return int(code)

#!/usr/bin/env python3
"""Take the README's screenshots of the bundled demo tours from the real application window.

Opens each demo tour in vtour's own ``MainWindow`` (the same code ``vtour`` runs), waits until the
scene is on screen and the view has rested at full quality, and saves a grab of the whole window:
a panorama with its hotspots, the same site's model (the overview's dollhouse view) with the
panoramas' markers, and the Kizil cave in Uyghur (right to left). Needs an X display; on a
headless machine run it under Xvfb:

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/screenshot_demos.py

Output: ``docs/screenshots/*.png`` (or ``-o DIR``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1280, 760)
TIMEOUT_S = 120.0

log = logging.getLogger("screenshot_demos")

SHOTS = (  # (file name, site, scene, language, what to wait for)
    ("jiaohe-panorama.png", "jiaohe", "stupa-grove", "en", "panorama"),
    ("jiaohe-overview.png", "jiaohe", "site", "zh-Hans", "model"),
    ("kizil-panorama.png", "kizil", "main-chamber", "en", "panorama"),
    ("kizil-overview-ug.png", "kizil", "site", "ug", "model"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of the demo tours from the real vtour window "
                                                 "(needs an X display, e.g. xvfb-run).")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help=f"folder (default {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from vtour.resources import site_tour_path
    from vtour.ui import app as ui_app

    global QEvent
    from PySide6.QtCore import QEvent

    problem = ui_app.platform_problem()
    if problem:
        log.error("%s", problem)
        return 1
    application = ui_app.create_application(["screenshot_demos"])
    args.output.mkdir(parents=True, exist_ok=True)
    for name, site, scene, language, kind in SHOTS:
        window = open_window(application, site_tour_path(site), scene, language)
        if not wait_until_rested(application, window, kind):
            log.error("%s: the scene did not come up within %.0f s", name, TIMEOUT_S)
            return 1
        window.grab().save(str(args.output / name))
        log.info("wrote %s", args.output / name)
        window.close()
        window.deleteLater()
        # processEvents() leaves deferred deletes alone: without this the old window (and its
        # language controller's translator) would outlive it into the next shot.
        application.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        application.processEvents()
    return 0


def open_window(application, tour: Path, scene: str, language: str):
    from vtour.ui.window import MainWindow

    window = MainWindow()
    window.resize(*WINDOW_SIZE)
    window.show()
    window.open_tour(tour, scene)

    def set_language(session) -> None:
        session.set_language(language)
    window.session_started.connect(set_language)
    return window


def wait_until_rested(application, window, kind: str) -> bool:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        application.processEvents()
        time.sleep(0.02)
        view = window.model_view if kind == "model" else window.panorama_view
        shown = window.scene_stack.currentWidget() is view and window.overlay.mode == "hidden"
        if shown and kind == "model" and view.last_samples == 4 and not view.is_animating:
            break
        if shown and kind == "panorama" and view.frames_painted > 0:
            break
    else:
        return False
    settle = time.monotonic() + 1.5  # fades and the full-quality frame; then every thumbnail
    while time.monotonic() < settle or (window.navigation.thumbnails.busy and time.monotonic() < deadline):
        application.processEvents()
        time.sleep(0.02)
    return True


if __name__ == "__main__":
    sys.exit(main())

"""Measure the CPU an idle viewer window uses: it should be about 0 % (render on demand).

Opens a tour in the real window, waits for the panorama and for the window to settle, then reads
the process's CPU times (all threads) over a quiet interval. A bare Qt event loop with no window
is measured first, in the same run, as the baseline. Needs a display; on a server::

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/measure_idle_cpu.py [TOUR] [--json out.json]

Prints a small table; ``--json`` also writes the numbers. Exit code 1 where the window or the
tour could not open.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

log = logging.getLogger("measure_idle_cpu")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tour", nargs="?", type=Path, help="tour or panorama (default: the bundled demo)")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to wait after loading (default 2)")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds to measure (default 3)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args(argv)


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


class Probe:
    """CPU percentage of this process while the Qt event loop runs for ``seconds``."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds, self.process = app, seconds, psutil.Process()

    def run(self) -> float:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        start_cpu, start_wall = cpu_seconds(self.process), time.perf_counter()
        QTimer.singleShot(round(self.seconds * 1000), loop.quit)
        loop.exec()
        wall = time.perf_counter() - start_wall
        return 100.0 * (cpu_seconds(self.process) - start_cpu) / wall


def default_tour(folder: Path) -> Path:
    """The demo tour, or a generated 4096x2048 panorama where the demo is not installed."""
    from vtour.resources import demo_tour_path

    try:
        demo = demo_tour_path()
        if demo.is_file():
            return demo
    except FileNotFoundError:
        pass
    from PIL import Image

    log.warning("no demo tour found; measuring with a generated panorama")
    y, x = np.mgrid[0:2048, 0:4096]
    rgb = np.stack([x * 255 // 4096, y * 255 // 2048, (x ^ y) & 255], axis=-1).astype(np.uint8)
    path = folder / "generated.jpg"
    Image.fromarray(rgb).save(path, quality=90)
    return path


def wait_for_panorama(app, window, timeout: float = 60.0) -> bool:
    """Spin the event loop until the window shows a panorama (True) or an error (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if window.overlay.mode == "error":
            log.error("%s: %s", window.overlay.title_text(), window.overlay.message_text())
            return False
        if window.overlay.mode == "hidden" and window.panorama_view.has_panorama:
            return True
        time.sleep(0.01)
    log.error("the panorama did not load within %.0f s", timeout)
    return False


def measure(args: argparse.Namespace, folder: Path) -> dict | None:
    from vtour.ui.app import create_application, gl_problem, platform_problem

    problem = platform_problem()
    if problem:
        log.error("%s", problem)
        return None
    app = create_application([sys.argv[0]])
    if (problem := gl_problem()) is not None:
        log.error("%s", problem)
        return None
    baseline = Probe(app, args.seconds).run()
    from vtour.ui.window import MainWindow

    window = MainWindow()
    window.show()
    tour = args.tour or default_tour(folder)
    window.open_tour(tour)
    if not wait_for_panorama(app, window):
        window.close()
        return None
    Probe(app, args.settle).run()
    frames = window.panorama_view.frames_painted
    idle = Probe(app, args.seconds).run()
    result = {
        "tour": str(tour),
        "seconds": args.seconds,
        "baseline_cpu_percent": round(baseline, 3),
        "idle_window_cpu_percent": round(idle, 3),
        "frames_painted_while_idle": window.panorama_view.frames_painted - frames,
        "platform": app.platformName(),
    }
    window.close()
    return result


def report(result: dict, json_path: Path | None) -> None:
    rows = [("bare event loop (baseline)", result["baseline_cpu_percent"]),
            ("idle viewer window", result["idle_window_cpu_percent"])]
    lines = [f"{'measured over %.1f s' % result['seconds']:<30} {'CPU %':>8}"]
    lines += [f"{name:<30} {value:>8.2f}" for name, value in rows]
    lines.append(f"frames painted while idle: {result['frames_painted_while_idle']}")
    sys.stdout.write("\n".join(lines) + "\n")
    if json_path is not None:
        json_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = measure(args, Path(folder))
    if result is None:
        return 1
    report(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())

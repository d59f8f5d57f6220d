"""Benchmark of the streamed multires renderer on a real Pannellum tile set (issue 8's numbers).

``python -m vtour.benchmark.multires [--fixtures DIR] [--views 1000] [--out FILE]`` measures, headless
at 1920x1080 on the library set of ``../shared/fixtures/tiles`` (8432-pixel faces, 6 levels):

- the first frame: from opening the tile set (decoding the preview tiles) to a rendered frame;
- the time until the view is fully sharp: frames are drawn (as the window does while tiles stream)
  until every tile of the level the screen needs is on the GPU, and the worst frame on the way;
- frame times and RSS over 1,000 random views (each drawn twice: tiles stream between them; the
  worst frame of these jumps is reported too), and the tile layers against the GPU budget.
Run in a process of its own (RSS is the whole process's).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

LIBRARY = {"path": "/%l/%s%y_%x", "extension": "jpg", "tile_resolution": 512, "max_level": 6,
           "cube_resolution": 8432, "fallback_path": "/fallback/%s"}
"""The library set's config (../shared/fixtures/tours/pannellum.org/configs/multiresolution.json)."""

SIZE = (1920, 1080)
SHARP_TIMEOUT_S = 30.0


def library_source(fixtures: Path):
    from vtour.model.tour import MultiresSource

    return MultiresSource(base=(fixtures / "tiles" / "pannellum.org-library").resolve(), **LIBRARY)


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def measure(fixtures: Path, views: int = 1000, seed: int = 7) -> dict:
    from vtour.io.panorama import load_panorama
    from vtour.model.tour import View
    from vtour.render.offscreen import Framebuffer, OffscreenContext, finish
    from vtour.render.renderer import PanoramaRenderer

    source = library_source(fixtures)
    context = OffscreenContext()
    context.make_current()
    renderer = PanoramaRenderer()
    framebuffer = Framebuffer(*SIZE)
    view = View(yaw=0.0, pitch=0.0, hfov=100.0)

    opened = time.perf_counter()
    pixels = load_panorama(source)
    renderer.set_panorama(pixels, defer_mipmaps=True)
    del pixels
    renderer.render_frame(view, *SIZE, framebuffer=framebuffer.id)
    finish()
    first_frame_ms = (time.perf_counter() - opened) * 1e3
    renderer.complete_mipmaps()

    frame_times: list[float] = []
    while renderer.streaming and time.perf_counter() - opened < SHARP_TIMEOUT_S:
        started = time.perf_counter()
        renderer.render_frame(view, *SIZE, framebuffer=framebuffer.id)
        finish()
        frame_times.append((time.perf_counter() - started) * 1e3)
        time.sleep(0.001)  # the window's event loop: decoders get the interpreter between frames
    sharp_ms = (time.perf_counter() - opened) * 1e3
    status = renderer.stream_status

    rng = random.Random(seed)
    rss_samples = []
    random_frames: list[float] = []
    for index in range(views):
        random_view = View(yaw=rng.uniform(-180, 180), pitch=rng.uniform(-80, 80), hfov=rng.uniform(30, 110))
        for _ in range(2):
            started = time.perf_counter()
            renderer.render_frame(random_view, *SIZE, framebuffer=framebuffer.id)
            finish()
            random_frames.append((time.perf_counter() - started) * 1e3)
        if (index + 1) % 100 == 0:
            rss_samples.append(round(_rss_mb(), 1))
    adapter = renderer._adapter
    result = {
        "tiles": str(source.base),
        "size": f"{SIZE[0]}x{SIZE[1]}",
        "first_frame_ms": round(first_frame_ms, 1),
        "sharp_ms": round(sharp_ms, 1),
        "sharp_level": status.level if status else None,
        "sharp_tiles": status.wanted if status else None,
        "frames_while_streaming": len(frame_times),
        "worst_frame_ms": round(max(frame_times), 1) if frame_times else None,
        "median_frame_ms": round(statistics.median(frame_times), 1) if frame_times else None,
        "random_views": views,
        "random_frame_median_ms": round(statistics.median(random_frames), 1),
        "random_frame_p99_ms": round(float(np.percentile(random_frames, 99)), 1),
        "random_frame_worst_ms": round(max(random_frames), 1),
        "rss_mb_every_100_views": rss_samples,
        "rss_after_views_mb": rss_samples[-1] if rss_samples else round(_rss_mb(), 1),
        "tile_budget_mb": round(adapter.budget_bytes / 2**20),
        "atlas_layers": adapter.capacity,
        "resident_tiles": len(adapter.cache),
    }
    renderer.release()
    framebuffer.release()
    context.release()
    return result


TARGETS = {"first_frame_ms": 300.0, "sharp_ms": 1500.0, "worst_frame_ms": 50.0, "rss_after_views_mb": 600.0,
           "random_frame_worst_ms": 50.0}


def format_result(result: dict) -> str:
    rows = [
        ("first frame (open to frame)", "first_frame_ms", "ms"),
        ("fully sharp (1920x1080)", "sharp_ms", "ms"),
        ("worst frame while streaming", "worst_frame_ms", "ms"),
        ("RSS after random views", "rss_after_views_mb", "MB"),
        ("worst frame, random view jumps", "random_frame_worst_ms", "ms"),
    ]
    lines = [f"multires: {Path(result['tiles']).name}, {result['size']}, level {result['sharp_level']} "
             f"({result['sharp_tiles']} tiles in view), {result['random_views']} random views",
             f"{'measure':32} {'value':>10} {'target':>10}  met"]
    for label, key, unit in rows:
        value, target = result[key], TARGETS[key]
        met = "yes" if value is not None and value <= target else "NO"
        lines.append(f"{label:32} {value:>8} {unit} {target:>7.0f} {unit}  {met}")
    lines.append(f"median frame while streaming {result['median_frame_ms']} ms over {result['frames_while_streaming']} "
                 f"frames; random views: median {result['random_frame_median_ms']} ms, 99th percentile "
                 f"{result['random_frame_p99_ms']} ms; RSS every 100 views: {result['rss_mb_every_100_views']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=Path("../shared/fixtures"))
    parser.add_argument("--views", type=int, default=1000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not (args.fixtures / "tiles" / "pannellum.org-library").is_dir():
        log.error("%s: no tiles/pannellum.org-library here", args.fixtures)
        return 1
    result = measure(args.fixtures, args.views)
    print(format_result(result))
    print(json.dumps(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scene-switch latency: from the click on a link to the first full-resolution frame of the next scene.

Run in the benchmark's worker process (``python -m vtour.benchmark.worker FOLDER --mode switch``).
The panoramas (the 4096x2048 fixtures) are hard-linked (or symlinked) into a temporary folder
as a chain of scenes, each linking to the next. Each switch does what the window does after a
click: the session follows the link, the frame on screen is captured for the cross-fade, the
next panorama is decoded (or taken from the preload cache), uploaded with deferred mipmaps,
and the first frame is drawn (panorama, hotspots, the captured frame over it) and finished.
Preloading is measured the way the viewer uses it: the cache decodes the linked scene while the
visitor looks around (here: a wait), then the click.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

SWITCH_TARGET_MS = 150.0
SWITCH_SIZE = (1920, 1080)


def switch_images(folder: Path, size=(4096, 2048), limit: int = 8) -> list[Path]:
    """Up to ``limit`` JPEGs of ``size`` pixels in ``folder`` (sorted by name)."""
    from PIL import Image

    found = []
    for path in sorted(folder.glob("*.jpg")):
        with Image.open(path) as image:
            if image.size == tuple(size):
                found.append(path)
        if len(found) >= limit:
            break
    return found


def build_chain_tour(images: list[Path], folder: Path) -> Path:
    """A tour in ``folder``: scene ``s{i}`` shows ``images[i]`` and links to the next (the last to the first)."""
    scenes = {}
    for index, image in enumerate(images):
        name = f"s{index}{image.suffix}"
        _link_file(image, folder / name)
        following = f"s{(index + 1) % len(images)}"
        scenes[f"s{index}"] = {"panorama": name, "hotspots": [
            {"id": "next", "type": "scene", "yaw": 10, "pitch": -5, "targetScene": following},
            {"id": "info", "type": "info", "yaw": -20, "pitch": 10, "title": "info"}]}
    path = folder / "tour.json"
    path.write_text(json.dumps({"version": 1, "scenes": scenes}), encoding="utf-8")
    return path


def _link_file(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        target.symlink_to(source.resolve())


def measure_switch(folder: Path, switches: int = 6, size=SWITCH_SIZE, image_size=(4096, 2048)) -> dict:
    """Median and p95 switch latency without and with preloading (milliseconds)."""
    images = switch_images(folder, image_size)
    if len(images) < 2:
        raise RuntimeError(f"need two {image_size[0]}x{image_size[1]} JPEGs in {folder}, found {len(images)}")
    with tempfile.TemporaryDirectory(prefix="vtour-switch-") as temporary:
        tour_path = build_chain_tour(images, Path(temporary))
        return _measure(tour_path, switches, size) | {
            "images": len(images), "image_size": f"{image_size[0]}x{image_size[1]}", "size": f"{size[0]}x{size[1]}",
            "target_ms": SWITCH_TARGET_MS}


def _measure(tour_path: Path, switches: int, size) -> dict:
    from vtour.io.panorama import load_panorama
    from vtour.io.tourfile import load_tour
    from vtour.model.session import TourSession
    from vtour.render.crossfade import CrossFade
    from vtour.render.hotspots import HotspotRenderer
    from vtour.render.offscreen import Framebuffer, OffscreenContext, finish
    from vtour.render.renderer import PanoramaRenderer
    from vtour.io.preload import PreloadCache, linked_scene_ids

    tour = load_tour(tour_path)
    context = OffscreenContext()
    renderer, marks, fade = PanoramaRenderer(), HotspotRenderer(), CrossFade()
    framebuffer = Framebuffer(*size)
    session = TourSession(tour)
    preload = PreloadCache()

    def draw(alpha: float) -> None:
        renderer.render_frame(session.view, *size, framebuffer=framebuffer.id)
        marks.draw(session.scene.hotspots, session.view, *size, framebuffer=framebuffer.id,
                   horizon=session.scene.horizon)
        fade.draw(alpha, framebuffer.id, *size)

    def switch(pixels_for) -> dict:
        link = next(h for h in session.scene.hotspots if h.kind == "scene")
        started = time.perf_counter()
        session.follow(link)
        fade.capture(framebuffer.id, *size)
        pixels = pixels_for(session.scene)
        got = time.perf_counter()
        renderer.set_panorama(pixels, session.scene.horizon, defer_mipmaps=True)
        del pixels
        draw(1.0)
        finish()
        done = time.perf_counter()
        renderer.complete_mipmaps()  # what the viewer does right after the first frame (not timed)
        draw(0.0)
        finish()
        return {"total_ms": (done - started) * 1e3, "pixels_ms": (got - started) * 1e3,
                "upload_and_frame_ms": (done - got) * 1e3}

    try:
        renderer.set_panorama(load_panorama(session.scene.source), session.scene.horizon)
        draw(0.0)
        finish()
        cold = [switch(lambda scene: load_panorama(scene.source)) for _ in range(switches)]

        def preloaded(scene):
            pixels = preload.take(scene.id)
            return pixels if pixels is not None else load_panorama(scene.source)

        warm = []
        for _ in range(switches):
            preload.prefetch(tour, linked_scene_ids(session.scene))
            preload.wait()  # the visitor looks around meanwhile
            warm.append(switch(preloaded))
        return {"without_preload": _summary(cold), "with_preload": _summary(warm)}
    finally:
        preload.shutdown()
        framebuffer.release()
        fade.release()
        marks.release()
        renderer.release()
        context.release()


def _summary(samples: list[dict]) -> dict:
    result = {}
    for key in samples[0]:
        values = [s[key] for s in samples]
        result[f"{key.removesuffix('_ms')}_median_ms"] = statistics.median(values)
    totals = [s["total_ms"] for s in samples]
    result["p95_ms"] = float(np.percentile(totals, 95))
    result["count"] = len(samples)
    return result


def format_switch(report: dict) -> list[str]:
    """Table lines for a switch report (see :func:`measure_switch`)."""
    if not report:
        return []
    lines = [f"scene switch, click to first full-resolution frame ({report['images']} panoramas of "
             f"{report.get('image_size', '4096x2048')}, {report['size']} view):"]
    for key, label in (("without_preload", "without preloading"), ("with_preload", "with preloading")):
        entry = report[key]
        lines.append(f"  {label:<20} median {entry['total_median_ms']:6.1f} ms  p95 {entry['p95_ms']:6.1f} ms  "
                     f"(decode/take {entry['pixels_median_ms']:.1f} ms, upload+frame "
                     f"{entry['upload_and_frame_median_ms']:.1f} ms)")
    value = report["with_preload"]["total_median_ms"]
    met = "met" if value <= report["target_ms"] else "MISSED"
    lines.append(f"  target with preloading <= {report['target_ms']:g} ms: {value:.1f} ms {met}")
    return lines

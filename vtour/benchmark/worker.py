"""One panorama's measurements, run in a fresh process: ``python -m vtour.benchmark.worker``.

Prints one JSON object on stdout. ``--mode viewer`` measures vtour (open-to-first-frame, steady
frame times, peak RSS); ``--mode baseline`` times ``py360convert.e2p`` for the same views, in its
own process so its memory does not count against vtour's. ``--mode model`` measures a glTF model
(:func:`vtour.benchmark.meshes.measure_model`: load to first frame, orbit frame times at full detail
with and without MSAA and with the window's LOD choice, peak RSS) at the first of ``--sizes``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

import numpy as np

from vtour.model.tour import View


def _views(count: int, hfov: float = 100.0) -> list[View]:
    """Yaw advancing every frame (past the ±180 seam), as in the peers' rotation test."""
    return [View(yaw=-170.0 + i * 360.0 / max(count, 1) * 0.97, pitch=5.0, hfov=hfov) for i in range(count)]


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def _peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not ru_maxrss: a child inherits that across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # not Linux: best effort


def _current_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def measure_viewer(path: Path, sizes: list[tuple[int, int]], frames: int) -> dict:
    from vtour.io.panorama import load_panorama
    from vtour.io.tourfile import load_tour_or_image
    from vtour.render.offscreen import Framebuffer, OffscreenContext, finish
    from vtour.render.renderer import PanoramaRenderer

    started = time.perf_counter()
    context = OffscreenContext()
    context.make_current()
    renderer = PanoramaRenderer()
    framebuffers = {size: Framebuffer(*size) for size in sizes}
    context_ms = (time.perf_counter() - started) * 1e3

    first_size = sizes[0]
    opened = time.perf_counter()
    scene = load_tour_or_image(path).start_scene
    pixels = load_panorama(scene.source)
    decoded = time.perf_counter()
    renderer.set_panorama(pixels, scene.horizon, defer_mipmaps=True)  # as the viewer does
    del pixels
    finish()
    uploaded = time.perf_counter()
    renderer.render_frame(scene.initial_view, *first_size, framebuffer=framebuffers[first_size].id)
    finish()
    first_frame = time.perf_counter()
    renderer.complete_mipmaps()
    renderer.render_frame(scene.initial_view, *first_size, framebuffer=framebuffers[first_size].id)
    finish()
    mipmapped = time.perf_counter()

    result = {
        "context_ms": context_ms,
        "decode_ms": (decoded - opened) * 1e3,
        "upload_ms": (uploaded - decoded) * 1e3,
        "first_frame_ms": (first_frame - opened) * 1e3,
        "mipmapped_frame_ms": (mipmapped - opened) * 1e3,
        "rss_loaded_mb": _current_rss_mb(),
        "frames": {},
    }
    for size in sizes:
        result["frames"][f"{size[0]}x{size[1]}"] = _frame_times(renderer, framebuffers[size], size, frames, finish)
    result["peak_rss_mb"] = _peak_rss_mb()
    renderer.release()
    context.release()
    return result


def _frame_times(renderer, framebuffer, size, frames, finish) -> dict:
    for view in _views(5):  # warm-up: shader variants compiled, caches filled
        renderer.render_frame(view, *size, framebuffer=framebuffer.id)
    finish()
    times = []
    for view in _views(frames):
        start = time.perf_counter()
        renderer.render_frame(view, *size, framebuffer=framebuffer.id)
        finish()  # count the frame only once llvmpipe has really rasterised it
        times.append((time.perf_counter() - start) * 1e3)
    return {"median_ms": statistics.median(times), "p95_ms": _percentile(times, 95), "count": len(times)}


def measure_baseline(path: Path, sizes: list[tuple[int, int]], repeats: int) -> dict:
    import py360convert

    from vtour.io.images import decode_rgba

    rgb = decode_rgba(path)[..., :3]
    result = {"frames": {}}
    for width, height in sizes:
        times = []
        for view in _views(repeats):
            start = time.perf_counter()
            py360convert.e2p(rgb, fov_deg=(view.hfov, _vfov(view.hfov, width, height)), u_deg=view.yaw,
                             v_deg=view.pitch, out_hw=(height, width), mode="bilinear")
            times.append((time.perf_counter() - start) * 1e3)
        result["frames"][f"{width}x{height}"] = {"median_ms": statistics.median(times), "count": len(times)}
    return result


def _vfov(hfov: float, width: int, height: int) -> float:
    from vtour.geometry.angles import vfov_from_hfov

    return vfov_from_hfov(hfov, width, height)


def _parse_size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("panorama", type=Path)
    parser.add_argument("--mode", choices=("viewer", "baseline", "switch", "model"), default="viewer",
                        help="switch: scene-switch latency over the 4096x2048 JPEGs in the folder given as PANORAMA")
    parser.add_argument("--sizes", type=lambda s: [_parse_size(p) for p in s.split(",")], default=[(1280, 720), (1920, 1080)])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--msaa-frames", type=int, default=5, help="model mode: frames timed with 4x MSAA")
    args = parser.parse_args(argv)
    if args.mode == "switch":
        from vtour.benchmark.switch import measure_switch

        result = measure_switch(args.panorama, switches=args.repeats)
    elif args.mode == "model":
        from vtour.benchmark.meshes import measure_model

        result = measure_model(args.panorama, args.sizes[0], args.frames, args.msaa_frames)
    elif args.mode == "viewer":
        result = measure_viewer(args.panorama, args.sizes, args.frames)
    else:
        result = measure_baseline(args.panorama, args.sizes, args.repeats)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

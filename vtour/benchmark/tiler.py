"""Benchmark ``vtour tile``: throughput, peak memory of the whole process tree, and a baseline.

For each size a photo-like synthetic panorama is generated once and cached
(:func:`vtour.benchmark.panoramas.ensure_synthetic_panorama`: gradients, value noise, per-pixel
noise, a grid and labels, JPEG quality 90; the shared fixtures' real photos are at most 6000 pixels
wide, too small for this). Both measurements run in child processes so that generating the test
image does not count against either:

- **tile**: :func:`vtour.io.tiler.tile_panorama` into a fresh folder (decode, resample, encode and
  write every tile, the fallback faces and both JSON files). Throughput is megapixels of *input*
  per second of the call's wall time (worker start-up included, interpreter start-up not).
- **baseline**: the straightforward way in the same run on the same image: Pillow decode,
  ``py360convert.e2c`` to six faces of the same cube size (bilinear), then a Pillow resize
  (LANCZOS, as Pannellum's generate.py does) of each face to every level's edge. It writes no tiles
  at all, so the comparison flatters the baseline (the tiler's time includes JPEG encoding and
  writing some hundreds to thousands of files).

Memory is sampled over the child and all its descendants with psutil: the sum of RSS every 50 ms
(an upper bound: pages shared between processes -- the decoded panorama in shared memory, the
libraries -- count once per process) and, near the RSS peak and at most twice a second (reading
it walks every mapped page), the sum of PSS (shared pages divided among their users: the tree's
real footprint). The tiler keeps its shared-memory buffers mapped in the main
process and touches every page there, so they are always counted.

``python -m vtour.benchmark.tiler [--16k] [--jobs N]`` prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vtour.benchmark.panoramas import ensure_synthetic_panorama

log = logging.getLogger(__name__)

SIZE_16K = (16384, 8192)
DEFAULT_SIZES = ((8192, 4096),)
TARGETS = {"speedup": 3.0, "peak_rss_mb_16k": 2048.0}
"""The tiler should be at least 3x the baseline and tile a 16384 x 8192 panorama in about 2 GB."""


def run_tiler_benchmark(cache_dir: str | os.PathLike, sizes=DEFAULT_SIZES, jobs: int | None = None, *,
                        baseline: bool = True, tile_size: int = 512, quality: int = 90,
                        work_dir: str | os.PathLike | None = None) -> dict:
    """Time ``vtour tile`` and the baseline on generated panoramas of ``sizes`` ((width, height),
    2:1; add :data:`SIZE_16K` for the 16384 x 8192 case) and return the measurements.

    ``jobs`` is the tiler's worker count (None: every CPU this process may use); ``work_dir`` where
    the tiles are written (default: a temporary folder, removed afterwards).
    """
    cache_dir = Path(cache_dir)
    cases = []
    with tempfile.TemporaryDirectory(prefix="vtour-tile-bench-", dir=work_dir) as scratch:
        for width, height in sizes:
            if width != 2 * height:
                raise ValueError(f"{width}x{height} is not 2:1")
            source = ensure_synthetic_panorama(cache_dir, width)
            case: dict = {"size": f"{width}x{height}", "input": str(source), "megapixels": width * height / 1e6,
                          "load_before": _load()}
            out = Path(scratch) / f"tiles-{width}"
            log.info("tiling %s", source)
            case["tile"] = _measure(["tile", str(source), str(out), str(jobs or 0), str(tile_size), str(quality)])
            case["tile"]["mp_per_s"] = case["megapixels"] / case["tile"]["seconds"]
            case["files"] = sum(1 for p in out.rglob("*") if p.is_file())
            case["bytes"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
            shutil.rmtree(out, ignore_errors=True)
            if baseline:
                log.info("baseline on %s", source)
                case["baseline"] = _measure(["baseline", str(source), str(tile_size)])
                case["baseline"]["mp_per_s"] = case["megapixels"] / case["baseline"]["seconds"]
                case["speedup"] = case["baseline"]["seconds"] / case["tile"]["seconds"]
            case["load_after"] = _load()
            cases.append(case)
    return {
        "benchmark": "tiler",
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "jobs": jobs,
        "tile_size": tile_size,
        "quality": quality,
        "targets": TARGETS,
        "cases": cases,
    }


def _load() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def _measure(arguments: list[str]) -> dict:
    """Run ``python -m vtour.benchmark.tiler --child ARGS`` and sample its process tree's memory."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "vtour.benchmark.tiler", "--child", *arguments],
                             stdout=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    processes = 1
    last_pss = 0.0
    root = psutil.Process(child.pid)
    while child.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        rss = sum(_safe(lambda: process.memory_info().rss) for process in tree)
        processes = max(processes, len(tree))
        # PSS walks every mapped page (15 ms for a process mapping an 8K panorama): sampled only
        # near the RSS peak and at most twice a second, so the harness does not eat the CPU it measures
        if rss >= 0.95 * peak_rss and time.perf_counter() - last_pss > 0.5:
            pss = sum(_safe(lambda: getattr(process.memory_full_info(), "pss", 0)) for process in tree)
            peak_pss, last_pss = max(peak_pss, pss), time.perf_counter()
        peak_rss = max(peak_rss, rss)
        time.sleep(0.05)
    output, _ = child.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise RuntimeError(f"benchmark child {arguments[0]} failed with exit status {child.returncode}")
    result = json.loads(output.strip().splitlines()[-1])
    result.update({
        "process_wall_s": wall,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_mb": peak_rss / 2**20,
        "peak_pss_mb": peak_pss / 2**20,
        "processes": processes,
    })
    return result


def _safe(read) -> int:
    import psutil

    try:
        return read()
    except psutil.Error:
        return 0


# -- what the children do ---------------------------------------------------------------------------------


def _child_tile(source: str, out: str, jobs: str, tile_size: str, quality: str) -> dict:
    from vtour.io.tiler import tile_panorama

    result = tile_panorama(source, out, tile_size=int(tile_size), quality=int(quality), jobs=int(jobs) or None,
                           force=True)
    return {"seconds": result.seconds, "jobs": result.jobs, "cube_resolution": result.plan.cube_resolution,
            "levels": result.plan.max_level, "tiles": result.tiles_written, "timings": result.timings}


def _child_baseline(source: str, tile_size: str) -> dict:
    import numpy as np
    import py360convert
    from PIL import Image

    from vtour.io.tiler import TilePlan, cube_resolution_for

    started = time.perf_counter()
    Image.MAX_IMAGE_PIXELS = None  # the baseline reads the same (trusted, generated) image
    with Image.open(source) as image:
        rgb = np.asarray(image.convert("RGB"))
    decoded = time.perf_counter()
    plan = TilePlan.create(cube_resolution_for(rgb.shape[1]), int(tile_size))
    faces = py360convert.e2c(rgb, face_w=plan.cube_resolution, mode="bilinear", cube_format="list")
    del rgb
    converted = time.perf_counter()
    for face in faces:
        image = Image.fromarray(np.ascontiguousarray(face, dtype=np.uint8))
        for level in range(1, plan.max_level):
            image.resize((plan.edge(level), plan.edge(level)), Image.Resampling.LANCZOS)
    done = time.perf_counter()
    return {"seconds": done - started, "decode_s": decoded - started, "e2c_s": converted - decoded,
            "resize_s": done - converted, "cube_resolution": plan.cube_resolution, "levels": plan.max_level,
            "what": "Pillow decode + py360convert.e2c (bilinear) + Pillow LANCZOS resize of each face to every "
                    "level; no tiles cut, encoded or written"}


def format_report(report: dict) -> str:
    """A plain-text table of :func:`run_tiler_benchmark`'s result."""
    lines = [f"vtour tile benchmark ({report['machine']['cpus']} CPUs, jobs {report['jobs'] or 'all'}, "
             f"{report['tile_size']} px tiles, quality {report['quality']})", "",
             f"{'input':<12} {'tile s':>7} {'MP/s':>6} {'cpu s':>6} {'RSS MB':>7} {'PSS MB':>7} "
             f"{'base s':>7} {'MP/s':>6} {'RSS MB':>7} {'speedup':>7}"]
    for case in report["cases"]:
        tile, base = case["tile"], case.get("baseline")
        row = (f"{case['size']:<12} {tile['seconds']:7.2f} {tile['mp_per_s']:6.1f} {tile['cpu_s']:6.1f} "
               f"{tile['peak_rss_mb']:7.0f} {tile['peak_pss_mb']:7.0f}")
        if base:
            row += f" {base['seconds']:7.2f} {base['mp_per_s']:6.1f} {base['peak_rss_mb']:7.0f} {case['speedup']:6.1f}x"
        lines.append(row)
    lines += ["", f"targets: speedup >= {TARGETS['speedup']:.0f}x, "
                  f"16384x8192 in <= {TARGETS['peak_rss_mb_16k']:.0f} MB",
              "tile: the whole vtour tile run (decode, resample, encode, write); RSS sums every process of the "
              "tree (shared pages counted per process), PSS divides shared pages among them",
              "baseline: " + (next((c["baseline"]["what"] for c in report["cases"] if "baseline" in c), "not run"))]
    return "\n".join(lines)


def _default_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "vtour" / "bench"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        kind, arguments = argv[1], argv[2:]
        result = _child_tile(*arguments) if kind == "tile" else _child_baseline(*arguments)
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(prog="python -m vtour.benchmark.tiler", description=__doc__.split("\n\n")[0])
    parser.add_argument("--16k", dest="with_16k", action="store_true", help="also the 16384 x 8192 case")
    parser.add_argument("--only-16k", action="store_true", help="only the 16384 x 8192 case")
    parser.add_argument("--jobs", type=int, default=None, help="tiler worker processes (default: all CPUs)")
    parser.add_argument("--no-baseline", action="store_true", help="skip py360convert (slow at 16K)")
    parser.add_argument("--cache", type=Path, default=_default_cache(), help="where generated panoramas are kept")
    parser.add_argument("--out", type=Path, help="JSON file to write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    sizes = (SIZE_16K,) if args.only_16k else (*DEFAULT_SIZES, SIZE_16K) if args.with_16k else DEFAULT_SIZES
    report = run_tiler_benchmark(args.cache, sizes, args.jobs, baseline=not args.no_baseline)
    print(format_report(report))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run the benchmark cases in worker processes, then print a table and write JSON."""

from __future__ import annotations

import json
import logging
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from vtour.benchmark.panoramas import ensure_synthetic_panorama

log = logging.getLogger(__name__)

FIXTURE_PANORAMAS = (
    "panoramas/pannellum/examplepano.jpg",
    "panoramas/pannellum.org/alma.jpg",
    "panoramas/pannellum.org/from-tree.jpg",
    "panoramas/mozvr/puydesancy.jpg",
    "panoramas/eso/eso0932a.jpg",
)
"""Real photos from ``shared/fixtures``: Pannellum's 4K demo photos and the larger 5K/6K ones."""

TARGETS_8K = {"frame_1920x1080_ms": 25.0, "first_frame_ms": 600.0, "peak_rss_mb": 450.0, "speedup": 20.0}


@dataclass
class BenchOptions:
    cache_dir: Path
    fixtures_dir: Path | None
    sizes: list[tuple[int, int]]
    frames: int
    repeats: int
    baseline: bool
    synthetic_widths: tuple[int, ...] = (4096, 8192)
    switch: bool = False  # also measure scene-switch latency (needs the fixtures)
    switch_only: bool = False  # only that
    models: bool = False  # also measure the generated textured meshes (vtour.benchmark.meshes)
    models_only: bool = False  # only those
    model_triangles: tuple[int, ...] = (100_000, 1_000_000)
    model_texture: int = 2048
    model_size: tuple[int, int] = (1280, 720)
    model_frames: int = 20  # timed per orbit mode (1 sample, the LOD choice)
    model_msaa_frames: int = 5  # timed with 4x MSAA (about 1 s a frame for 1M triangles on llvmpipe)


def collect_cases(options: BenchOptions) -> list[tuple[str, Path]]:
    cases = [(f"synthetic {w}x{w // 2}", ensure_synthetic_panorama(options.cache_dir, w)) for w in options.synthetic_widths]
    if options.fixtures_dir is not None:
        for relative in FIXTURE_PANORAMAS:
            path = options.fixtures_dir / relative
            if path.exists():
                cases.append((relative.removeprefix("panoramas/"), path))
    return cases


def _run_worker(path: Path, mode: str, options: BenchOptions) -> dict:
    sizes = ",".join(f"{w}x{h}" for w, h in options.sizes)
    command = [sys.executable, "-m", "vtour.benchmark.worker", str(path), "--mode", mode, "--sizes", sizes,
               "--frames", str(options.frames), "--repeats", str(options.repeats)]
    completed = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark worker failed for {path} ({mode}):\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


SWITCH_FIXTURES = "panoramas/pannellum.org"
"""The 4096x2048 photos the scene-switch latency is measured on."""


def run_switch(options: BenchOptions) -> dict:
    """Scene-switch latency with and without preloading ({} without the fixtures)."""
    if options.fixtures_dir is None or not (options.fixtures_dir / SWITCH_FIXTURES).is_dir():
        log.warning("scene-switch latency needs %s in the fixtures folder: skipped", SWITCH_FIXTURES)
        return {}
    log.info("scene switch latency (%s)", SWITCH_FIXTURES)
    return _run_worker(options.fixtures_dir / SWITCH_FIXTURES, "switch", options)


TARGETS_MODEL = {"first_frame_ms": 2000.0, "moving_fps": 20.0}
"""Issue 4's targets for a 1M-triangle textured mesh: first frame <= 2 s, >= 20 frames/s orbiting (LOD allowed)."""


def _run_model_worker(path: Path, options: BenchOptions) -> dict:
    width, height = options.model_size
    command = [sys.executable, "-m", "vtour.benchmark.worker", str(path), "--mode", "model", "--sizes",
               f"{width}x{height}", "--frames", str(options.model_frames), "--msaa-frames", str(options.model_msaa_frames)]
    completed = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark worker failed for {path} (model):\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def model_name(triangles: int) -> str:
    """``grid 100k``, ``grid 1M``, ``grid 300``."""
    for unit, suffix in ((1_000_000, "M"), (1000, "k")):
        if triangles >= unit:
            return f"grid {triangles / unit:g}{suffix}"
    return f"grid {triangles}"


def run_models(options: BenchOptions) -> list[dict]:
    """Each generated mesh (LODs included) measured in a fresh worker process."""
    from vtour.benchmark.meshes import ensure_grid_mesh

    entries = []
    for index, triangles in enumerate(options.model_triangles, start=1):
        path = ensure_grid_mesh(options.cache_dir, triangles, options.model_texture)
        log.info("[model %d/%d] %s", index, len(options.model_triangles), model_name(triangles))
        entries.append({"name": model_name(triangles), "path": str(path), "viewer": _run_model_worker(path, options)})
    return entries


def run_benchmark(options: BenchOptions) -> dict:
    if options.models_only:
        return {"machine": _machine(), "sizes": [], "frames": 0, "cases": [], "targets_8k": TARGETS_8K,
                "models": run_models(options), "targets_model": TARGETS_MODEL}
    if options.switch_only:
        return {"machine": _machine(), "sizes": [], "frames": 0, "cases": [], "targets_8k": TARGETS_8K,
                "switch": run_switch(options)}
    cases = collect_cases(options)
    results = []
    for index, (name, path) in enumerate(cases, start=1):
        log.info("[%d/%d] %s", index, len(cases), name)
        entry = {"name": name, "path": str(path), "viewer": _run_worker(path, "viewer", options)}
        if options.baseline:
            entry["baseline"] = _run_worker(path, "baseline", options)
        results.append(entry)
    report = {"machine": _machine(), "sizes": [f"{w}x{h}" for w, h in options.sizes],
              "frames": options.frames, "cases": results, "targets_8k": TARGETS_8K}
    if options.switch:
        report["switch"] = run_switch(options)
    if options.models:
        report["models"] = run_models(options)
        report["targets_model"] = TARGETS_MODEL
    return report


def _machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "time": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def speedup(entry: dict, size: str) -> float | None:
    baseline = entry.get("baseline", {}).get("frames", {}).get(size)
    ours = entry["viewer"]["frames"].get(size)
    if not baseline or not ours:
        return None
    return baseline["median_ms"] / ours["median_ms"]


def format_table(report: dict) -> str:
    sizes = report["sizes"]
    header = ["panorama", "first frame ms", *[f"{s} med/p95 ms" for s in sizes], "peak RSS MB",
              *[f"e2p {s} ms" for s in sizes], *[f"speed-up {s}" for s in sizes]]
    rows = [header]
    for entry in report["cases"]:
        viewer = entry["viewer"]
        frames = viewer["frames"]
        base = entry.get("baseline", {}).get("frames", {})
        rows.append([
            entry["name"],
            f"{viewer['first_frame_ms']:.0f}",
            *[f"{frames[s]['median_ms']:.1f} / {frames[s]['p95_ms']:.1f}" for s in sizes],
            f"{viewer['peak_rss_mb']:.0f}",
            *[f"{base[s]['median_ms']:.0f}" if s in base else "-" for s in sizes],
            *[f"{x:.0f}x" if (x := speedup(entry, s)) else "-" for s in sizes],
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    from vtour.benchmark.switch import format_switch

    switch = format_switch(report.get("switch") or {})
    models = format_models(report)
    if not report["cases"]:
        return "\n".join(switch + ([""] if switch and models else []) + models)
    return "\n".join(lines + ["", *target_lines(report)] + (["", *switch] if switch else [])
                     + (["", *models] if models else []))


def format_models(report: dict) -> list[str]:
    """The model table (one row per mesh) and the issue's model targets; [] when none were measured."""
    entries = report.get("models") or []
    if not entries:
        return []
    header = ["model", "triangles", "load ms", "first frame ms", "4x MSAA med/p95 ms", "1 sample med/p95 ms",
              "LOD moving med/p95 ms", "LOD chosen (most frames)", "peak RSS MB"]
    rows = [header]
    for entry in entries:
        viewer = entry["viewer"]
        frames = viewer["frames"]
        chosen = frames.get("lod_moving", {}).get("chosen") or {}
        rows.append([
            entry["name"], f"{viewer['triangles']}", f"{viewer['load_ms']:.0f}", f"{viewer['first_frame_ms']:.0f}",
            *[f"{frames[k]['median_ms']:.0f} / {frames[k]['p95_ms']:.0f}" if k in frames else "-"
              for k in ("full_msaa", "full_1x", "lod_moving")],
            next(iter(chosen), "-"), f"{viewer['peak_rss_mb']:.0f}",
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    from vtour.benchmark.meshes import ORBIT_STEP_DEGREES

    size = entries[0]["viewer"].get("size", "")
    return [f"textured models at {size}, orbiting {ORBIT_STEP_DEGREES:g} degrees a frame:", *lines, "", *model_target_lines(report)]


def model_target_lines(report: dict) -> list[str]:
    """The issue's targets for the largest (1M-triangle) mesh, each with its measured value."""
    entries = [e for e in report.get("models") or [] if e["viewer"]["triangles"] >= 900_000]
    if not entries:
        return []
    entry = max(entries, key=lambda e: e["viewer"]["triangles"])
    viewer = entry["viewer"]
    moving = viewer["frames"].get("lod_moving", {}).get("median_ms")
    fps = 1000.0 / moving if moving else None
    lines = [f"targets ({entry['name']}, {viewer['triangles']} textured triangles):"]
    first = viewer["first_frame_ms"]
    lines.append(f"  first_frame_ms: {first:.0f} (target <= {TARGETS_MODEL['first_frame_ms']:g}) "
                 f"{'met' if first <= TARGETS_MODEL['first_frame_ms'] else 'MISSED'}")
    if fps is None:
        lines.append("  moving_fps: not measured")
    else:
        p95 = viewer["frames"]["lod_moving"].get("p95_ms")
        detail = f", p95 frame {p95:.0f} ms" if p95 else ""
        lines.append(f"  moving_fps: {fps:.1f} (median frame {moving:.0f} ms{detail}; target >= "
                     f"{TARGETS_MODEL['moving_fps']:g}, LOD allowed) {'met' if fps >= TARGETS_MODEL['moving_fps'] else 'MISSED'}")
    return lines


def target_lines(report: dict) -> list[str]:
    """The issue's targets for the 8192x4096 panorama, each with its measured value."""
    entry = next((e for e in report["cases"] if e["name"].startswith("synthetic 8192")), None)
    if entry is None:
        return []
    viewer = entry["viewer"]
    measured = {
        "first_frame_ms": viewer["first_frame_ms"],
        "peak_rss_mb": viewer["peak_rss_mb"],
        "frame_1920x1080_ms": viewer["frames"].get("1920x1080", {}).get("median_ms"),
        "speedup": speedup(entry, "1920x1080"),
    }
    lines = ["targets (8192x4096):"]
    for key, target in TARGETS_8K.items():
        value = measured[key]
        if value is None:
            lines.append(f"  {key}: not measured")
            continue
        met = value >= target if key == "speedup" else value <= target
        bound = ">=" if key == "speedup" else "<="
        lines.append(f"  {key}: {value:.1f} (target {bound} {target:g}) {'met' if met else 'MISSED'}")
    return lines

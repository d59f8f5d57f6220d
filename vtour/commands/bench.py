"""``vtour bench``: open-to-first-frame, frame times, peak RSS and the py360convert baseline."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)

EXAMPLES = """examples:
  vtour bench                       # synthetic 4K + 8K panoramas and the shared fixtures
  vtour bench --quick               # synthetic panoramas only, fewer frames
  vtour bench --out results.json --frames 120
  vtour bench --switch-only         # scene-switch latency with and without preloading
  vtour bench --models-only         # textured 100k and 1M-triangle meshes: first frame, orbit frame times
  vtour bench --multires-only       # the library tile set streamed: first frame, time to sharp, RSS
  vtour bench --tiler-only          # vtour tile throughput against py360convert + Pillow (8K; --16k too)
  vtour bench --soak                # kiosk soak: 10,000 attract-loop scene changes, RSS and GL objects
"""


def add_parser(subparsers):
    import argparse

    parser = subparsers.add_parser(
        "bench", help="measure opening time, frame times and memory against a CPU baseline",
        description=__doc__, epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, help="JSON file to write (default bench-results/bench-DATE.json)")
    parser.add_argument("--fixtures", type=Path, default=Path("../shared/fixtures"),
                        help="shared fixtures folder with real photos (default ../shared/fixtures; skipped if absent)")
    parser.add_argument("--cache", type=Path, default=_default_cache(), help="where generated panoramas are kept")
    parser.add_argument("--frames", type=int, default=60, help="frames timed per size (default 60)")
    parser.add_argument("--repeats", type=int, default=3, help="py360convert.e2p calls per size (default 3)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the py360convert baseline")
    parser.add_argument("--quick", action="store_true", help="synthetic panoramas only, 20 frames")
    parser.add_argument("--switch", action="store_true",
                        help="also measure scene-switch latency (click to first full-resolution frame) with and "
                             "without preloading, on the fixtures' 4096x2048 photos")
    parser.add_argument("--switch-only", action="store_true", help="measure only the scene-switch latency")
    parser.add_argument("--models", action="store_true",
                        help="also measure generated textured meshes of 100k and 1M triangles (with LODs): load to "
                             "first frame, orbit frame times with 4x MSAA, 1 sample and the window's LOD choice, "
                             "peak RSS (part of the full run; --quick leaves them out)")
    parser.add_argument("--models-only", action="store_true", help="measure only the textured meshes")
    parser.add_argument("--multires-only", action="store_true",
                        help="only the streamed multires renderer on the fixtures' library tile set (part of the full run)")
    parser.add_argument("--tiler-only", action="store_true",
                        help="only vtour tile's throughput against the py360convert + Pillow baseline (part of the full run)")
    parser.add_argument("--16k", dest="with_16k", action="store_true",
                        help="with the tiler: also a 16384x8192 input (peak RSS against the 2 GB target)")
    parser.add_argument("--soak", action="store_true",
                        help="only the kiosk soak: the attract loop driven through 10,000 scene changes (minutes; "
                             "needs an X display or xvfb-run)")
    parser.add_argument("--soak-changes", type=int, default=10_000, help="scene changes for --soak (default 10000)")
    parser.set_defaults(func=run)


def _default_cache() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "vtour" / "bench"


def run(args) -> int:
    from vtour.benchmark.runner import BenchOptions, format_table, run_benchmark

    fixtures = args.fixtures if args.fixtures.is_dir() and not args.quick else None
    if fixtures is None and not args.quick:
        log.warning("fixtures folder %s not found: measuring synthetic panoramas only", args.fixtures)
    options = BenchOptions(cache_dir=args.cache, fixtures_dir=fixtures, sizes=[(1280, 720), (1920, 1080)],
                           frames=20 if args.quick else args.frames, repeats=args.repeats,
                           baseline=not args.no_baseline, switch=args.switch or args.switch_only,
                           switch_only=args.switch_only, models=args.models or not args.quick,
                           models_only=args.models_only)
    extra_only = args.multires_only or args.tiler_only or args.soak
    try:
        report = {} if extra_only else run_benchmark(options)
        report.update(_run_extra(args, fixtures if not args.quick else None, extra_only))
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    if not extra_only:
        print(format_table(report))
    out = args.out or Path("bench-results") / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", out)
    return 0


def _run_extra(args, fixtures: Path | None, only: bool) -> dict:
    """The multires, tiler and soak benchmarks, each in a process of its own (RSS is per process)."""
    full = not (only or args.models_only or args.switch_only)  # the full run includes multires and tiler
    wanted = (("multires", args.multires_only or (full and fixtures is not None)),
              ("tiler", args.tiler_only or (full and not args.quick)),
              ("soak", args.soak))
    return {name: _run_module(name, _module_arguments(name, args)) for name, run_it in wanted if run_it}


def _module_arguments(name: str, args) -> list[str]:
    if name == "multires":
        return ["--fixtures", str(args.fixtures)]
    if name == "tiler":
        return ["--cache", str(args.cache / "tiler")] + (["--16k"] if args.with_16k else [])
    return ["--changes", str(args.soak_changes)]


def _run_module(name: str, arguments: list[str]) -> dict:
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{name}.json"
        command = [sys.executable, "-m", f"vtour.benchmark.{name}", *arguments, "--out", str(out)]
        log.info("running the %s benchmark", name)
        completed = subprocess.run(command, stdout=subprocess.PIPE, text=True)
        _print_table(completed.stdout)
        if completed.returncode != 0 or not out.is_file():
            raise RuntimeError(f"the {name} benchmark failed (exit {completed.returncode})")
        return json.loads(out.read_text(encoding="utf-8"))


def _print_table(stdout: str) -> None:
    """The module's table, without the JSON line it prints for machines."""
    print("\n".join(line for line in stdout.splitlines() if not line.startswith("{")))

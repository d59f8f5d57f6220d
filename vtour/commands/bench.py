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
    try:
        report = run_benchmark(options)
    except RuntimeError as exc:
        log.error("%s", exc)
        return 1
    print(format_table(report))
    out = args.out or Path("bench-results") / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", out)
    return 0

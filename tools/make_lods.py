#!/usr/bin/env python3
"""Build levels of detail of a glTF model for weak laptops.

Writes simplified copies of the model's geometry as self-contained .glb files (materials, textures,
cameras and the node tree copied unchanged) and a manifest the viewer picks a level from by screen
size::

    OUT_DIR/<stem>.lod1.glb      about ratio 1 of the triangles (the largest ratio)
    OUT_DIR/<stem>.lod2.glb      ...
    OUT_DIR/<stem>.lods.json     {"levels": [{"level", "ratio", "file", "triangles", "error", "bytes"}, ...]}

Level 0 in the manifest is the model itself (``"file": null``). ``error`` is a conservative estimate
of the largest distance (world units) between the level's surface and the original one.

Usage: ``python tools/make_lods.py MODEL.glb -o OUT_DIR [--ratios 0.5,0.1]``. Progress goes to stderr.
See docs/models.md.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO_ROOT))

from vtour.io.lod import build_lods  # noqa: E402
from vtour.model.mesh import ModelError  # noqa: E402

log = logging.getLogger("make_lods")


def parse_ratios(text: str) -> list[float]:
    """``"0.5,0.1"`` -> ``[0.5, 0.1]``; each must lie strictly between 0 and 1."""
    try:
        ratios = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from None
    if not ratios or not all(0.0 < r < 1.0 for r in ratios):
        raise argparse.ArgumentTypeError(f"ratios must lie strictly between 0 and 1: {text!r}")
    return ratios


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make_lods.py",
        description="Write simplified levels of detail of a glTF model (.glb files + a JSON manifest).",
    )
    parser.add_argument("model", type=Path, help="the .gltf or .glb model")
    parser.add_argument("-o", "--out-dir", type=Path, required=True, help="folder for the levels and the manifest")
    parser.add_argument(
        "--ratios",
        type=parse_ratios,
        default=[0.5, 0.1],
        help="wanted triangle fractions, comma-separated (default: 0.5,0.1)",
    )
    parser.add_argument(
        "--aggressiveness",
        type=float,
        default=7.0,
        help="fast-simplification's agg: higher is faster and rougher (default: 7)",
    )
    parser.add_argument(
        "--free-borders",
        action="store_true",
        help="let open borders collapse too (reaches the ratio on border-heavy meshes, may fray edges)",
    )
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-v", "--verbose", action="store_true", help="debug output")
    verbosity.add_argument("-q", "--quiet", action="store_true", help="errors only")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    try:
        manifest = build_lods(args.model, args.out_dir, args.ratios, args.aggressiveness, not args.free_borders)
    except ModelError as exc:
        log.error("%s", exc)
        return 1
    for entry in manifest["levels"]:
        log.info("level %d: %8d triangles  %s", entry["level"], entry["triangles"], entry["file"] or args.model.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())

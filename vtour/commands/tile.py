"""``vtour tile PANO -o DIR``: build a multi-resolution cube tile set (Pannellum's multires layout).

The work is :mod:`vtour.io.tiler`'s; this module parses the command line, draws a progress bar on
stderr when it is a terminal and turns the tiler's errors into messages and exit codes.
Exit status: 0 done, 1 bad input or an output folder in the way, 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TextIO

log = logging.getLogger("vtour.tile")

EPILOG = """\
examples:
  vtour tile hall.jpg -o hall              # hall/tour.json + hall/tiles/ (512-pixel tiles)
  vtour tile hall.jpg -o hall --tile-size 256 --quality 85 --jobs 4
  vtour tile --faces f.jpg r.jpg b.jpg l.jpg u.jpg d.jpg -o hall
  vtour tile hall.jpg -o hall --force      # replace a finished (or differently made) set

PANO is a full equirectangular panorama (width = 2 x height; JPEG, PNG, TIFF, WebP ...). Faces are
given front, right, back, left, up, down, oriented as a vtour (Pannellum) cube scene's faces.
The cube face edge is 8 * floor(width / pi / 8) pixels (as Pannellum's generate.py); levels halve it
down to the first that fits in one tile. DIR/tour.json is a one-scene vtour tour; DIR/tiles/config.json
is the same set as a Pannellum configuration.

An interrupted run leaves DIR/tiles/.incomplete; running the same command again resumes it.
exit status: 0 done, 1 unreadable input or an output folder in the way, 2 usage error.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``tile`` and its arguments; sets ``func`` to :func:`run`."""
    from vtour.io.tiler import DEFAULT_QUALITY, DEFAULT_TILE_SIZE

    parser = subparsers.add_parser(
        "tile",
        help="cut a large panorama into a multi-resolution tile set (Pannellum multires)",
        description="Build a multi-resolution cube tile set from an equirectangular panorama or six cube "
        "faces, with a one-scene tour (DIR/tour.json) and a Pannellum configuration (DIR/tiles/config.json).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("panorama", nargs="?", metavar="PANO", help="a full equirectangular panorama (2:1)")
    source.add_argument("--faces", nargs=6, metavar=("FRONT", "RIGHT", "BACK", "LEFT", "UP", "DOWN"),
                        help="six square cube faces instead of a panorama")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for tour.json and tiles/")
    parser.add_argument("--tile-size", type=_bounded(16, 4096), default=DEFAULT_TILE_SIZE, metavar="PX",
                        help=f"tile edge in pixels, 16..4096 (default {DEFAULT_TILE_SIZE})")
    parser.add_argument("--quality", type=_bounded(1, 100), default=DEFAULT_QUALITY, metavar="Q",
                        help=f"JPEG quality, 1..100 (default {DEFAULT_QUALITY})")
    parser.add_argument("--jobs", "-j", type=_bounded(1, 1024), default=None, metavar="N",
                        help="worker processes (default: the CPUs this process may use)")
    parser.add_argument("--force", action="store_true",
                        help="replace DIR/tiles and DIR/tour.json if they exist (finished or not)")
    parser.set_defaults(func=run)
    return parser


def _bounded(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
        return value

    return parse


class ProgressBar:
    """``[#####.....]  45%  120/266 files  0:12`` on one line of ``stream``, redrawn at most 10 times
    a second; silent when ``stream`` is not a terminal (logs and CI get the summary line only)."""

    def __init__(self, stream: TextIO | None = None, width: int = 30, label: str = "files"):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width, self.label = width, label
        self.started = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        fraction = done / total if total else 1.0
        filled = int(self.width * fraction)
        elapsed = int(now - self.started)
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%}  {done}/{total} "
                          f"{self.label}  {elapsed // 60}:{elapsed % 60:02d}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def run(args: argparse.Namespace) -> int:
    """Tile ``args.panorama`` (or ``args.faces``) into ``args.output``; return the exit status."""
    from concurrent.futures.process import BrokenProcessPool

    from vtour.io.tiler import TileError, tile_cube_faces, tile_panorama
    from vtour.model.errors import ImageError

    panorama, faces = getattr(args, "panorama", None), getattr(args, "faces", None)
    if bool(panorama) == bool(faces):
        log.error("give a panorama or --faces with six images (not both)")
        return 2
    options = {"tile_size": args.tile_size, "quality": args.quality, "jobs": args.jobs, "force": args.force}
    quiet = logging.getLogger().getEffectiveLevel() > logging.WARNING
    bar = ProgressBar() if not quiet else None
    try:
        if faces:
            result = tile_cube_faces([Path(face) for face in faces], Path(args.output), progress=bar, **options)
        else:
            result = tile_panorama(Path(panorama), Path(args.output), progress=bar, **options)
    except (ImageError, TileError) as error:
        _close(bar)
        log.error("%s", error)
        return 1
    except OSError as error:  # the output folder cannot be written (permissions, disk full)
        _close(bar)
        log.error("cannot write %s: %s", args.output, error)
        return 1
    except BrokenProcessPool:
        _close(bar)
        log.error("%s: a worker process died (out of memory?); run the same command again to resume, "
                  "perhaps with fewer --jobs", args.output)
        return 1
    except BaseException:
        _close(bar)
        raise
    _close(bar)
    plan = result.plan
    action = "resumed and finished" if result.resumed else "wrote"
    log.info("%s %s: cube %d px, %d levels, %d px tiles, %d files (%d kept) in %.1f s, %.1f MP/s of input, %d jobs",
             action, result.tour_path, plan.cube_resolution, plan.max_level, plan.tile_resolution,
             result.tiles_written, result.tiles_kept, result.seconds, result.megapixels_per_second, result.jobs)
    return 0


def _close(bar: ProgressBar | None) -> None:
    if bar is not None:
        bar.close()

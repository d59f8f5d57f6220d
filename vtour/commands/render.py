"""``vtour render``: draw one view of a tour (or a bare panorama image) into an image file, headless.

Renders through an EGL surfaceless context, so it needs no display or X server.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from vtour.commands import render_model
from vtour.geometry.projections import Projection

log = logging.getLogger("vtour.render")

DEFAULT_SIZE = (1280, 720)
MAX_SIZE = 16384
_SIZE = re.compile(r"^\s*(\d+)\s*[xX]\s*(\d+)\s*$")

EXAMPLES = """\
examples:
  vtour render tour.json -o start.png
        the first scene's initial view at 1280x720
  vtour render tour.json --scene courtyard --yaw 90 --hfov 70 -o east.png
  vtour render tour.json --no-hotspots --lang zh-Hans -o clean.png
        the same view without hotspot markers and areas
  vtour render pano.jpg --pitch -90 --hfov 300 --projection stereographic --size 1024x1024 -o planet.png
        a bare equirectangular image as a "little planet"
  vtour render site.glb -o site.png
        a bare glTF model, framed whole, lit by a neutral sky
  vtour render site.glb --orbit 45,-30,12 --environment sky.hdr -o corner.png
  vtour render tour.json --scene shrine --eye 0,1.6,4 --target 0,1,0 -o eye-level.png
"""


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "render",
        help="render one view to an image file (no display needed)",
        description="Render one view of a tour, or of a bare equirectangular image, to an image file. "
        "Works without a display (EGL surfaceless). Angles in degrees: yaw positive to the right, "
        "pitch positive up, hfov spanning the image's width.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("tour", metavar="TOUR_OR_IMAGE", help="a tour .json file, or an equirectangular image")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.png",
                        help="image file to write (.png, or .jpg/.webp); written atomically")
    parser.add_argument("--scene", metavar="ID", help="scene id (default: the tour's first scene)")
    parser.add_argument("--yaw", type=float, metavar="DEG", help="default: the scene's initial view")
    parser.add_argument("--pitch", type=float, metavar="DEG", help="default: the scene's initial view")
    parser.add_argument("--hfov", type=float, metavar="DEG", help="default: the scene's initial view")
    parser.add_argument("--size", default="%dx%d" % DEFAULT_SIZE, metavar="WxH",
                        help="output size in pixels (default %(default)s)")
    parser.add_argument("--projection", default=Projection.RECTILINEAR.value,
                        choices=[p.value for p in Projection], help="default %(default)s")
    parser.add_argument("--no-hotspots", dest="hotspots", action="store_false",
                        help="leave out the scene's hotspot markers and areas (drawn by default)")
    parser.add_argument("--lang", metavar="LANG",
                        help="language of the texts drawn (BCP 47 tag, e.g. en, zh-Hans, ug; default: the tour's)")
    render_model.add_arguments(parser)
    parser.set_defaults(func=run)


class _Failure(Exception):
    """A problem already worded for the user; the command logs it and exits 1."""


def run(args: argparse.Namespace) -> int:
    try:
        size = parse_size(args.size)
        output = _check_output(Path(args.output))
        tour, scene, view = _scene_and_view(args)
        started = time.perf_counter()
        if render_model.is_model_scene(scene):
            pixels = render_model.render_model_scene(tour, scene, args, size)
        else:
            pixels = _render(scene, view, size, Projection(args.projection),
                             hotspots=getattr(args, "hotspots", True), language=getattr(args, "lang", None))
        write_image_atomically(pixels, output)
    except (_Failure, render_model.ModelRenderFailure) as exc:
        log.error("%s", exc)
        return 1
    log.info("wrote %s (%dx%d) in %.2f s", output, *size, time.perf_counter() - started)
    return 0


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` -> ``(1280, 720)``; raises :class:`_Failure` for anything else."""
    match = _SIZE.match(text or "")
    if not match:
        raise _Failure(f"--size {text!r}: expected WIDTHxHEIGHT in pixels, e.g. 1280x720")
    width, height = int(match[1]), int(match[2])
    if not (1 <= width <= MAX_SIZE and 1 <= height <= MAX_SIZE):
        raise _Failure(f"--size {text!r}: width and height must be between 1 and {MAX_SIZE}")
    return width, height


def _check_output(path: Path) -> Path:
    from PIL import Image

    if path.suffix.lower() not in Image.registered_extensions():
        raise _Failure(f"{path}: unknown image type {path.suffix!r}; use .png, .jpg or .webp")
    if not path.parent.is_dir():
        raise _Failure(f"{path}: folder {path.parent} does not exist")
    return path


def _scene_and_view(args: argparse.Namespace):
    from vtour.io.tourfile import load_tour_or_image
    from vtour.model.errors import TourError

    try:
        tour = load_tour_or_image(args.tour)
    except TourError as exc:
        raise _Failure(f"cannot load {args.tour}:\n{exc}") from None
    scene_id = args.scene or tour.first_scene
    try:
        scene = tour.scene(scene_id)
    except KeyError:
        known = ", ".join(s.id for s in tour.scenes)
        raise _Failure(f"{args.tour}: no scene {scene_id!r} (scenes: {known})") from None
    overrides = {name: getattr(args, name) for name in ("yaw", "pitch", "hfov") if getattr(args, name) is not None}
    return tour, scene, replace(scene.initial_view, **overrides)


def _render(scene, view, size: tuple[int, int], projection: Projection, *, hotspots: bool = True,
            language: str | None = None) -> np.ndarray:
    """Draw the view with the scene's hotspots (markers have no text yet, so ``--lang`` changes nothing drawn)."""
    from vtour.model.errors import ImageError
    from vtour.render.errors import RenderError
    from vtour.render.hotspots import render_scene
    from vtour.render.offscreen import render_view

    try:
        if hotspots and scene.hotspots:
            return render_scene(scene, view, *size, projection, language=language)
        return render_view(scene, view, *size, projection)
    except ImageError as exc:
        raise _Failure(str(exc)) from None
    except RenderError as exc:
        raise _Failure(f"rendering failed: {exc}") from None


def write_image_atomically(rgba: np.ndarray, path: Path) -> None:
    """Write ``rgba`` (opaque) to ``path`` through a temporary file in the same folder.

    A reader never sees a half-written file, and a failed write leaves any old file in place.
    """
    from PIL import Image

    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            image_format = Image.registered_extensions()[path.suffix.lower()]
            Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(stream, format=image_format)
        os.replace(temporary, path)
    except OSError as exc:
        _remove_quietly(temporary)
        raise _Failure(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        _remove_quietly(temporary)
        raise


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass

"""``vtour render`` for model scenes: camera options and the mesh renderer (the panorama path is in
:mod:`vtour.commands.render`)."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


class ModelRenderFailure(Exception):
    """A problem already worded for the user."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model scenes (glTF)")
    group.add_argument("--orbit", metavar="YAW,PITCH[,DISTANCE]",
                       help="orbit view: direction yaw and pitch in degrees (pitch negative looks down) and "
                       "distance to the target in model units (default: the whole model framed); write "
                       "--orbit=-30,-20 when the yaw is negative")
    group.add_argument("--eye", metavar="X,Y,Z", help="camera position in the model's frame (+Y up)")
    group.add_argument("--target", metavar="X,Y,Z", help="point looked at (default: the model's centre)")
    group.add_argument("--environment", metavar="SKY.hdr",
                       help="equirectangular Radiance .hdr lighting the model "
                       "(default: the scene's, else a neutral sky)")


def parse_numbers(text: str | None, option: str, counts: tuple[int, ...]) -> tuple[float, ...] | None:
    """``"1,2,3"`` -> ``(1.0, 2.0, 3.0)``; None stays None; anything else raises ModelRenderFailure."""
    if text is None:
        return None
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) not in counts or not all(np.isfinite(values)):
        wanted = " or ".join(str(c) for c in counts)
        raise ModelRenderFailure(f"{option} {text!r}: expected {wanted} comma-separated numbers")
    return values


def is_model_scene(scene) -> bool:
    from vtour.model.tour import ModelSource

    return isinstance(scene.source, ModelSource)


def render_model_scene(tour, scene, args: argparse.Namespace, size: tuple[int, int]) -> np.ndarray:
    """Load the scene's model (and environment) and render the chosen view; RGBA uint8."""
    from vtour.io.gltf import load_gltf
    from vtour.model.overview import model_hotspots
    from vtour.model.errors import ImageError, TourError
    from vtour.render.errors import RenderError
    from vtour.render.mesh_view import render_model, start_camera

    orbit = parse_numbers(args.orbit, "--orbit", (2, 3))
    if orbit is None and (args.yaw is not None or args.pitch is not None):
        orbit = (args.yaw if args.yaw is not None else -30.0, args.pitch if args.pitch is not None else -20.0)
    eye = parse_numbers(args.eye, "--eye", (3,))
    target = parse_numbers(args.target, "--target", (3,))
    if orbit is not None and eye is not None:
        raise ModelRenderFailure("give either --orbit (or --yaw/--pitch) or --eye, not both")
    if orbit is not None and len(orbit) > 2 and orbit[2] <= 0:
        raise ModelRenderFailure(f"--orbit {args.orbit!r}: the distance must be positive")
    source = scene.source
    try:
        asset = load_gltf(source.path)
        environment = _environment(args.environment, source.environment)
        camera = start_camera(asset, *size, source.camera, orbit=orbit, eye=eye, target=target, hfov=args.hfov)
        anchored = list(model_hotspots(tour, scene))  # with its placed panoramas' markers
        if anchored and getattr(args, "hotspots", True):  # 3D hotspot markers, unless --no-hotspots
            from vtour.render.mesh_hotspots import render_model_with_hotspots

            return render_model_with_hotspots(asset, anchored, camera, *size, environment=environment, look=source)
        return render_model(asset, camera, *size, environment=environment, look=source)
    except (TourError, ImageError) as exc:
        raise ModelRenderFailure(str(exc)) from None
    except RenderError as exc:
        raise ModelRenderFailure(f"rendering failed: {exc}") from None
    except ValueError as exc:  # eye == target
        raise ModelRenderFailure(str(exc)) from None


def _environment(option: str | None, scene_environment: Path | None):
    from vtour.io.hdr import read_hdr

    path = Path(option) if option else scene_environment
    return None if path is None else read_hdr(path)

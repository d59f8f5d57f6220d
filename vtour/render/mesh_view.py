"""One frame of a model, headless: ``render_model`` for ``vtour render``, thumbnails and tests."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from vtour.geometry.orbit import CameraMatrices, OrbitCamera, node_camera_matrices
from vtour.model.mesh import ModelAsset
from vtour.render.errors import RenderError

DEFAULT_ORBIT = OrbitCamera(yaw=-30.0, pitch=-20.0)
"""Angles of the default framed view: from the front-left (yaw -30: looking a little right), a little above."""


def framed_camera(asset: ModelAsset, width: int, height: int, camera: OrbitCamera = DEFAULT_ORBIT) -> OrbitCamera:
    """``camera``'s angles, moved so the whole model fills the view."""
    if asset.bounds is None:
        return camera
    return camera.frame_bounds(asset.bounds, aspect=width / height)


def gltf_camera(asset: ModelAsset, index: int, width: int, height: int) -> CameraMatrices:
    """The matrices of the model's own camera ``index`` (glTF cameras, in the displayed scene)."""
    camera = asset.cameras[index]
    return node_camera_matrices(camera.world_matrix, camera.yfov if camera.kind == "perspective" else None,
                                width / height, camera.znear, camera.zfar, camera.xmag, camera.ymag, asset.bounds)


def render_model(asset: ModelAsset, camera=None, width: int = 1280, height: int = 720, *,
                 environment: np.ndarray | None = None, background=(0.08, 0.08, 0.08),
                 samples: int = 4, look=None) -> np.ndarray:
    """Render ``asset`` to a ``(height, width, 4)`` uint8 RGBA array (row 0 at the top).

    ``camera``: an :class:`OrbitCamera` (clip planes fitted to the model), :class:`CameraMatrices`,
    a ``(view, projection)`` pair, or None for :func:`framed_camera`. ``environment``: an HDR
    ``(H, W, 3)`` float array, or None for the default sky. ``look``: the scene's
    :class:`~vtour.model.tour.ModelSource` for its background, sky and sun (None: defaults). Uses the current EGL context when
    there is one, else makes an :class:`~vtour.render.offscreen.OffscreenContext` for the call.

    Raises
    ------
    RenderError
        OpenGL cannot do it.
    """
    from OpenGL.error import Error as GLLibraryError

    try:
        return _render(asset, camera, width, height, environment, background, samples, look)
    except GLLibraryError as exc:
        raise RenderError(f"OpenGL failed: {exc}") from exc


def _render(asset, camera, width, height, environment, background, samples, look) -> np.ndarray:
    from vtour.render.mesh_renderer import MeshRenderer
    from vtour.render.offscreen import Framebuffer, current_or_temporary_context

    with current_or_temporary_context():
        renderer = MeshRenderer(background, samples=samples)
        try:
            renderer.set_look(look)
            renderer.set_environment(environment)
            renderer.set_model(asset)
            with Framebuffer(width, height) as framebuffer:
                renderer.render_frame(camera or framed_camera(asset, width, height), width, height, framebuffer.id)
                return framebuffer.read_rgba()
        finally:
            renderer.release()


def start_camera(asset: ModelAsset, width: int, height: int, start=None, *, orbit=None, eye=None, target=None,
                 hfov: float | None = None) -> OrbitCamera:
    """The orbit camera a model scene opens with, the scene's and the caller's choices applied.

    Parameters
    ----------
    start
        The scene's :class:`~vtour.model.tour.ModelCameraStart` (None fields: framed view).
    orbit
        ``(yaw, pitch)`` or ``(yaw, pitch, distance)`` overriding the start.
    eye, target
        World points: with ``eye`` the camera sits there looking at ``target`` (default the
        model's centre); ``target`` alone moves the orbited point.
    hfov
        Horizontal field of view in degrees (default: 45 degrees vertical).
    """
    base = DEFAULT_ORBIT if hfov is None else OrbitCamera(yaw=DEFAULT_ORBIT.yaw, pitch=DEFAULT_ORBIT.pitch,
                                                           fov=hfov, fov_axis="horizontal")
    yaw = _first(orbit[0] if orbit else None, getattr(start, "yaw", None), base.yaw)
    pitch = _first(orbit[1] if orbit else None, getattr(start, "pitch", None), base.pitch)
    framed = framed_camera(asset, width, height, replace(base, yaw=yaw, pitch=pitch))
    distance = _first(orbit[2] if orbit and len(orbit) > 2 else None, getattr(start, "distance", None), framed.distance)
    centre = _first(target, getattr(start, "target", None), framed.target)
    limits = {"min_distance": min(framed.min_distance, distance), "max_distance": max(framed.max_distance, distance)}
    if eye is not None:  # an explicit eye is kept exactly, however close to its target
        reach = float(np.linalg.norm(np.subtract(centre, eye)))
        limits = {"min_distance": min(limits["min_distance"], reach), "max_distance": max(limits["max_distance"], reach)}
        return OrbitCamera.from_eye_target(eye, centre, fov=base.fov, fov_axis=base.fov_axis, **limits)
    return replace(framed, distance=distance, target=tuple(centre), **limits)


def _first(*values):
    return next(v for v in values if v is not None)

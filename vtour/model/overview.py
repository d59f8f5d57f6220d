"""The overview: panoramas placed in a site model, and the cameras that join the two.

A panorama scene with a :class:`~vtour.model.tour.ScenePose` was taken at ``pose.position`` in its
model scene's frame, with its yaw 0 facing model yaw ``pose.heading``. So the panorama's view
``(yaw, pitch, hfov)`` and a model camera at that eye looking at ``(yaw + heading, pitch)`` with the
same field of view show the same directions: the window flies between them ("overview": out of
the panorama to the model's start camera, the dollhouse view, and back into any placed panorama).

In the model scene each placed panorama is a 3D scene link at its position
(:func:`model_hotspots`), so markers, occlusion, picking and keyboard focus come for free.
"""

from __future__ import annotations

import dataclasses

from vtour.geometry.angles import hfov_from_vfov, vfov_from_hfov, wrap_yaw
from vtour.geometry.orbit import OrbitCamera
from vtour.model.tour import Hotspot, Scene, ScenePose, Tour, View

PIN_PREFIX = "overview:"
"""Id prefix of the scene links :func:`model_hotspots` adds for placed panoramas."""

LOOK_DISTANCE = 1.0
"""How far ahead of a panorama's eye its model camera's orbit target sits (model units): small,
so the flight's eased target path starts where the panorama looks."""

OVERVIEW_SECONDS = 1.6
"""Duration of the flights out of a panorama and back into one (reduced motion: none)."""


def placed_panoramas(tour: Tour, model_scene_id: str) -> tuple[Scene, ...]:
    """The panorama scenes posed in model scene ``model_scene_id``, in file order."""
    return tuple(scene for scene in tour.scenes if scene.pose is not None and scene.pose.model == model_scene_id)


def pose_model(tour: Tour, scene: Scene) -> Scene | None:
    """The model scene ``scene`` is placed in (None when it has no pose or the id is unknown)."""
    if scene.pose is None:
        return None
    return next((s for s in tour.scenes if s.id == scene.pose.model), None)


def pin_target(hotspot: Hotspot) -> str | None:
    """The panorama id of a placed-panorama marker made by :func:`model_hotspots`, else None."""
    return hotspot.target_scene if hotspot.id.startswith(PIN_PREFIX) else None


def model_hotspots(tour: Tour, scene: Scene) -> tuple[Hotspot, ...]:
    """A model scene's anchored hotspots, then one scene link per panorama placed in it."""
    own = tuple(h for h in scene.hotspots if h.position is not None)
    pins = tuple(Hotspot(id=PIN_PREFIX + placed.id, kind="scene", title=placed.title, target_scene=placed.id,
                         position=placed.pose.position)
                 for placed in placed_panoramas(tour, scene.id))
    return own + pins


def camera_at_panorama(pose: ScenePose, view: View, base: OrbitCamera, aspect: float) -> OrbitCamera:
    """The model camera that sees what the panorama shows in ``view``: eye at the pose, looking at
    model yaw ``view.yaw + heading``, the view's field of view on ``base``'s fov axis (``aspect``:
    width / height of the window). Other settings (near/far, limits) come from ``base``."""
    fov = view.hfov if base.fov_axis == "horizontal" else vfov_from_hfov(view.hfov, aspect, 1.0)
    distance = LOOK_DISTANCE
    camera = dataclasses.replace(base, yaw=wrap_yaw(view.yaw + pose.heading), pitch=view.pitch, fov=fov,
                                 distance=distance, min_distance=min(base.min_distance, distance),
                                 max_distance=max(base.max_distance, distance), target=(0.0, 0.0, 0.0))
    # Place the eye, not the target, at the pose: target = eye + distance * direction.
    target = tuple(float(p) + distance * float(d) for p, d in zip(pose.position, camera.direction))
    return dataclasses.replace(camera, target=target)


def panorama_view(pose: ScenePose, camera: OrbitCamera, aspect: float) -> View:
    """The panorama view matching a model ``camera`` at the pose (inverse of :func:`camera_at_panorama`)."""
    hfov = camera.fov if camera.fov_axis == "horizontal" else hfov_from_vfov(camera.fov, aspect, 1.0)
    return View(yaw=wrap_yaw(camera.yaw - pose.heading), pitch=camera.pitch, hfov=hfov)


def arrival_camera(pose: ScenePose, current: OrbitCamera, aspect: float) -> OrbitCamera:
    """Where a flight into a placed panorama ends: at its eye, level, still facing the way the
    current camera faces (so the flight moves more than it turns)."""
    hfov = current.hfov(aspect)
    view = View(yaw=wrap_yaw(current.yaw - pose.heading), pitch=0.0, hfov=hfov)
    return camera_at_panorama(pose, view, current, aspect)

"""Turn a validated tour document into immutable :mod:`vtour.model.tour` objects.

Only call :func:`build_tour` on a document that passed the schema and semantic checks without
errors: it trusts types and ids. Asset paths arrive already resolved (``vtour.io.tourfile`` checks
them on disk), so this module does no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vtour.geometry.angles import vector_to_yaw_pitch, wrap_yaw, yaw_pitch_to_vector
from vtour.model.errors import Diagnostic
from vtour.model.content_format import build_content
from vtour.model.guided_format import build_guided_tours, build_site_map
from vtour.model.issues import JsonPath
from vtour.model.semantics import (
    FORMAT_VERSION,
    MultiresSettings,
    asset_references,
    declared_languages,
    default_language,
    first_scene_id,
    multires_settings,
    pose_model_id,
    scene_extents,
    text_locations,
)
from vtour.model.tour import (
    CubeSource,
    EquirectSource,
    Horizon,
    Hotspot,
    HotspotViewpoint,
    LocalizedText,
    ModelCameraStart,
    ModelSource,
    MultiresSource,
    PanoramaSource,
    Scene,
    ScenePose,
    SunLight,
    Tour,
    Transition,
    View,
    ViewLimits,
)


@dataclass(frozen=True)
class ResolvedAsset:
    """An asset path checked on disk: the absolute file and its (width, height)."""

    path: Path
    size: tuple[int, int]


def build_tour(
    document: dict,
    tour_path: Path,
    assets: Mapping[JsonPath, ResolvedAsset],
    warnings: tuple[Diagnostic, ...] = (),
) -> Tour:
    """Build a :class:`Tour` from a valid document.

    Parameters
    ----------
    document
        The parsed JSON object, free of errors.
    tour_path
        Absolute path of the tour file.
    assets
        Every path of :func:`vtour.model.semantics.asset_references`, resolved, keyed by JSON path.
    warnings
        Diagnostics to keep on the tour for the UI to show.
    """
    language = default_language(document)
    context = _Context(document, language, assets)
    return Tour(
        path=tour_path,
        scenes=tuple(context.scene(scene_id, scene) for scene_id, scene in document["scenes"].items()),
        first_scene=first_scene_id(document),
        title=LocalizedText.of(document.get("title"), language),
        description=LocalizedText.of(document.get("description"), language),
        languages=_languages(document, language),
        default_language=language,
        version=FORMAT_VERSION,
        warnings=tuple(warnings),
        guided_tours=build_guided_tours(document, language, assets, context.initial_views),
        site_map=build_site_map(document, assets),
        transition=build_transition(document.get("transition"), Transition()),
    )


def _languages(document: dict, default: str) -> tuple[str, ...]:
    """Declared languages, or the default followed by every language the texts use."""
    declared = declared_languages(document)
    if declared:
        return tuple(declared)
    used = [default]
    for _, value in text_locations(document):
        if isinstance(value, dict):
            used.extend(value)
    return tuple(dict.fromkeys(used))


def multires_source(settings: MultiresSettings, base: Path) -> MultiresSource:
    """The :class:`MultiresSource` of a checked ``multires`` object whose ``basePath`` resolved to ``base``."""
    return MultiresSource(
        base=base,
        path=settings.path,
        extension=settings.extension,
        tile_resolution=settings.tile_resolution,
        max_level=settings.max_level,
        cube_resolution=settings.cube_resolution,
        fallback_path=settings.fallback_path,
    )


def build_transition(value: Mapping[str, Any] | None, fallback: Transition | None) -> Transition | None:
    """A ``transition`` object (missing keys take the defaults); ``fallback`` when absent."""
    if value is None:
        return fallback
    default = Transition()
    return Transition(duration=float(value.get("duration", default.duration)),
                      zoom_to_link=bool(value.get("zoomToLink", default.zoom_to_link)))


def _view(values: Mapping[str, Any], fallback: View) -> View:
    return View(
        yaw=wrap_yaw(float(values.get("yaw", fallback.yaw))),
        pitch=float(values.get("pitch", fallback.pitch)),
        hfov=float(values.get("hfov", fallback.hfov)),
    )


def _limits(values: Mapping[str, Any]) -> ViewLimits:
    defaults = ViewLimits()
    return ViewLimits(
        yaw_min=float(values.get("minYaw", defaults.yaw_min)),
        yaw_max=float(values.get("maxYaw", defaults.yaw_max)),
        pitch_min=float(values.get("minPitch", defaults.pitch_min)),
        pitch_max=float(values.get("maxPitch", defaults.pitch_max)),
        hfov_min=float(values.get("minHfov", defaults.hfov_min)),
        hfov_max=float(values.get("maxHfov", defaults.hfov_max)),
    )


def area_centre(vertices: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """(yaw, pitch) of a polygon's centre: the normalised mean of its corner directions.

    Falls back to the first corner when the corners cancel out (a polygon around a great circle).
    """
    directions = yaw_pitch_to_vector(*np.asarray(vertices, dtype=np.float64).T)
    mean = directions.mean(axis=0)
    if np.linalg.norm(mean) < 1e-9:
        return vertices[0]
    yaw, pitch = vector_to_yaw_pitch(mean)
    return wrap_yaw(float(yaw)), float(pitch)


def _vector3(value) -> tuple[float, float, float]:
    return tuple(float(c) for c in value)


def _colour(value: Any) -> tuple[float, float, float] | None:
    """``"#rrggbb"`` as three 0-1 floats; None for anything else (``"environment"``, absent)."""
    if not isinstance(value, str) or not value.startswith("#"):
        return None
    return tuple(int(value[i:i + 2], 16) / 255.0 for i in (1, 3, 5))


def _sun(value: Any) -> SunLight | None:
    if not isinstance(value, dict):
        return None
    return SunLight(direction=_vector3(value["direction"]), intensity=float(value.get("intensity", 2.0)))


def _anchor(spot: dict) -> dict:
    """``position``, unit ``normal`` and ``viewpoint`` of a validated 3D hotspot."""
    normal = np.asarray(spot["normal"], float)
    viewpoint = spot.get("viewpoint")
    return {
        "position": _vector3(spot["position"]),
        "normal": _vector3(normal / np.linalg.norm(normal)),
        "viewpoint": None if viewpoint is None else HotspotViewpoint(
            eye=_vector3(viewpoint["eye"]) if "eye" in viewpoint else None,
            target=_vector3(viewpoint["target"]) if "target" in viewpoint else None,
            yaw=wrap_yaw(float(viewpoint["yaw"])) if "yaw" in viewpoint else None,
            pitch=float(viewpoint["pitch"]) if "pitch" in viewpoint else None,
            distance=float(viewpoint["distance"]) if "distance" in viewpoint else None,
        ),
    }


class _Context:
    """What building one scene needs to know about the rest of the document."""

    def __init__(self, document: dict, language: str, assets: Mapping[JsonPath, ResolvedAsset]):
        self.document = document
        self.language = language
        self.assets = assets
        self.refs = asset_references(document)
        self.initial_views = {
            scene_id: _view(scene.get("initialView", {}), View()) for scene_id, scene in document["scenes"].items()
        }

    def text(self, value: Any) -> LocalizedText:
        return LocalizedText.of(value, self.language)

    def scene(self, scene_id: str, scene: dict) -> Scene:
        return Scene(
            id=scene_id,
            source=self.source(scene_id, scene),
            title=self.text(scene.get("title")),
            initial_view=self.initial_views[scene_id],
            limits=_limits(scene.get("limits", {})),
            north_offset=float(scene.get("northOffset", 0.0)) % 360.0,
            horizon=Horizon(pitch=float(scene.get("horizonPitch", 0.0)), roll=float(scene.get("horizonRoll", 0.0))),
            hotspots=tuple(self.hotspot(index, spot, ("scenes", scene_id, "hotspots", index))
                           for index, spot in enumerate(scene.get("hotspots", []))),
            thumbnail=self.thumbnail(scene_id),
            pose=self.pose(scene),
        )

    def pose(self, scene: dict) -> ScenePose | None:
        pose = scene.get("pose")
        if pose is None or scene.get("type") == "model":
            return None
        return ScenePose(model=pose_model_id(self.document, pose), position=_vector3(pose["position"]),
                         heading=wrap_yaw(float(pose.get("heading", 0.0))))

    def thumbnail(self, scene_id: str) -> Path | None:
        asset = self.assets.get(("scenes", scene_id, "thumbnail"))
        return asset.path if asset else None

    def source(self, scene_id: str, scene: dict) -> PanoramaSource | ModelSource:
        if scene.get("type") == "model":
            return self.model_source(scene_id, scene)
        if scene.get("type") == "multires":
            settings = multires_settings(scene)
            if settings is None:
                raise ValueError(f"scene {scene_id!r}: build_tour needs a document without errors")
            return multires_source(settings, self.assets[("scenes", scene_id, "multires", "basePath")].path)
        resolved = [self.assets[ref.path] for ref in self.refs if ref.scene_id == scene_id]
        if scene.get("type") == "cube":
            # asset_references lists faces in CUBE_FACE_ORDER whichever form the file used.
            return CubeSource(faces=tuple(asset.path for asset in resolved), face_size=resolved[0].size[0])
        haov, vaov, v_offset = scene_extents(scene)
        return EquirectSource(path=resolved[0].path, haov=haov, vaov=vaov, v_offset=v_offset, size=resolved[0].size)

    def model_source(self, scene_id: str, scene: dict) -> ModelSource:
        """A ``type: "model"`` scene's model, camera start and optional environment."""
        environment = self.assets.get(("scenes", scene_id, "environment"))
        camera = scene.get("camera", {})
        target = camera.get("target")
        return ModelSource(
            path=self.assets[("scenes", scene_id, "model")].path,
            camera=ModelCameraStart(
                yaw=wrap_yaw(float(camera["yaw"])) if "yaw" in camera else None,
                pitch=float(camera["pitch"]) if "pitch" in camera else None,
                distance=float(camera["distance"]) if "distance" in camera else None,
                target=tuple(float(c) for c in target) if target is not None else None,
            ),
            environment=environment.path if environment else None,
            background=_colour(scene.get("background")),
            show_environment=scene.get("background") == "environment",
            sun=_sun(scene.get("sun")),
        )

    def hotspot(self, index: int, spot: dict, path: JsonPath = ()) -> Hotspot:
        kind = spot["type"]
        vertices = tuple((wrap_yaw(float(yaw)), float(pitch)) for yaw, pitch in spot.get("vertices", []))
        anchored = "position" in spot  # a model scene's 3D hotspot
        if anchored:
            yaw, pitch = 0.0, 0.0
        else:
            yaw, pitch = area_centre(vertices) if kind == "area" else (spot["yaw"], spot["pitch"])
        target = spot.get("targetScene")
        return Hotspot(
            id=spot.get("id", f"#{index}"),
            kind=kind,
            yaw=wrap_yaw(float(yaw)),
            pitch=float(pitch),
            title=self.text(spot.get("title")),
            text=self.text(spot.get("text")),
            target_scene=target,
            target_view=self.target_view(target, spot.get("targetView")) if kind == "scene" else None,
            vertices=vertices,
            transition=build_transition(spot["transition"], None) if "transition" in spot else None,
            **build_content(spot, path, self.language, self.assets),
            **(_anchor(spot) if anchored else {}),
        )

    def target_view(self, target: str, value: Any) -> View | str | None:
        """A partial ``targetView`` object takes its missing values from the target's initial view."""
        if value is None or isinstance(value, str):
            return value
        return _view(value, self.initial_views[target])

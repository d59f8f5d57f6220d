"""Pannellum configurations: import them as vtour tours, export vtour tours to them.

Pannellum (https://pannellum.org) shares vtour's angle conventions, so most keys map one to one;
``docs/interop.md`` has the full table. The differences handled here:

- A config is either one scene (keys at the top level) or a tour (``default`` + ``scenes``). In a
  tour every scene inherits ``default`` and is overridden by the config's other top-level keys, as
  Pannellum's ``mergeConfig`` does. ``default.firstScene``, ``title``, ``author`` and
  ``sceneFadeDuration`` describe the tour.
- Hotspots: Pannellum places them in the level (world) frame, vtour in the panorama's frame: with
  a horizon correction they are rotated (:func:`vtour.interop.angles.world_to_image`).
- Target views: Pannellum's ``targetYaw``/``targetPitch``/``targetHfov`` each may be ``"same"``
  (``targetYaw`` also ``"sameAzimuth"``); vtour's ``targetView`` is ``"same"``,
  ``"sameAzimuth"`` (both keep pitch and hfov) or numbers. Mixed cases are reported.
- ``basePath`` is prefixed to every image path (Pannellum concatenates the strings).
- ``text`` (a hotspot's tooltip) is the vtour hotspot's ``title``; ``preview`` is the scene's
  ``thumbnail``; ``sceneFadeDuration`` (ms) is the tour's ``transition.duration`` (s).
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vtour.geometry.angles import vector_to_yaw_pitch
from vtour.geometry.picking import polygon_centre
from vtour.interop import tiles
from vtour.interop.angles import image_to_world, rounded, tidy_yaw, world_to_image
from vtour.interop.assets import AssetPlan
from vtour.interop.findings import InteropError, JsonSource, Location, Report, check_keys
from vtour.interop.importing import Conversion, IdMap, make_id, read_json_input
from vtour.model.issues import format_json_path
from vtour.model.semantics import default_language

log = logging.getLogger(__name__)

SCENE_KEYS = {
    "type", "title", "panorama", "cubeMap", "multiRes", "haov", "vaov", "vOffset", "yaw", "pitch", "hfov",
    "minYaw", "maxYaw", "minPitch", "maxPitch", "minHfov", "maxHfov", "northOffset", "horizonPitch",
    "horizonRoll", "preview", "hotSpots", "basePath",
}
TOUR_KEYS = {"firstScene", "sceneFadeDuration", "title"}
HOTSPOT_KEYS = {"pitch", "yaw", "type", "text", "sceneId", "targetYaw", "targetPitch", "targetHfov", "id"}
MULTIRES_KEYS = {"basePath", "path", "fallbackPath", "extension", "tileResolution", "maxLevel", "cubeResolution"}

_VIEWER_SETTING = "a viewer setting with no vtour equivalent"
WHY_NOT = {
    "author": "the tour format has no author field",
    "authorURL": "the tour format has no author field",
    "autoRotate": "the tour format has no auto-rotation",
    "autoRotateInactivityDelay": "the tour format has no auto-rotation",
    "autoRotateStopDelay": "the tour format has no auto-rotation",
    "autoLoad": "vtour always loads the panorama",
    "compass": "vtour's compass follows northOffset",
    "URL": "vtour hotspots do not open web pages",
    "cssClass": "vtour draws its own markers",
    "createTooltipFunc": "JavaScript functions are not converted",
    "createTooltipArgs": "JavaScript functions are not converted",
    "clickHandlerFunc": "JavaScript functions are not converted",
    "clickHandlerArgs": "JavaScript functions are not converted",
    "dynamic": "video/dynamic panoramas are not supported",
    "dynamicUpdate": "video/dynamic panoramas are not supported",
    "previewTitle": "the tour format has no separate preview title",
    "previewAuthor": "the tour format has no author field",
}
_FACE_KEYS = ("front", "right", "back", "left", "up", "down")


def _why(key: str) -> str:
    return WHY_NOT.get(key, _VIEWER_SETTING)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# == import ========================================================================================


@dataclass
class _SceneInput:
    """One Pannellum scene with its effective keys and where each key came from."""

    name: str
    values: dict[str, Any]
    origin: dict[str, tuple]  # key -> JSON path of the value that won


def import_pannellum(path: Path, base: Path | None = None) -> Conversion:
    """Convert the Pannellum config at ``path`` into a vtour tour (not yet written).

    Parameters
    ----------
    path
        A single-scene or tour config (JSON, UTF-8, a BOM allowed).
    base
        Where image paths are resolved (default: the config's folder); also used for
        root-absolute paths such as ``/images/a.jpg``.

    Raises
    ------
    InteropError
        For unreadable or invalid input, naming file:line.
    """
    source = read_json_input(Path(path))
    return _Importer(source, Path(path), base).run()


class _Importer:
    def __init__(self, source: JsonSource, path: Path, base: Path | None):
        self.source = source
        self.path = path
        self.report = Report(logger=log)
        self.assets = AssetPlan(path.resolve().parent, base)
        self.ids = IdMap()
        self.reported: set[tuple] = set()

    def at(self, path, key: bool = False) -> Location:
        return self.source.at(path, key)

    def run(self) -> Conversion:
        config = self.source.value
        if not isinstance(config, dict):
            raise InteropError("a Pannellum config is a JSON object", self.at(()))
        scenes, tour_info = self.split(config)
        if not scenes:
            raise InteropError("no scenes: expected \"scenes\" or a single-scene config", self.at(()))
        for scene in scenes:
            self.ids.add(scene.name)
        document: dict[str, Any] = {"version": 1}
        self.tour_fields(document, tour_info, scenes)
        document["scenes"] = {self.ids.get(scene.name): self.scene(scene) for scene in scenes}
        return Conversion(document, self.assets, self.report)

    # -- structure ---------------------------------------------------------------------------

    def split(self, config: dict) -> tuple[list[_SceneInput], dict[str, tuple[Any, tuple]]]:
        """The scenes with their merged keys, and the tour-level keys with their paths."""
        tour_info: dict[str, tuple[Any, tuple]] = {}
        if "scenes" not in config:
            values, origin = {}, {}
            for key, value in config.items():
                if key in TOUR_KEYS - {"title"}:
                    tour_info[key] = (value, (key,))
                else:
                    values[key], origin[key] = value, (key,)
            if "title" in config:
                tour_info["title"] = (config["title"], ("title",))
            return [_SceneInput(make_id(self.path.stem) or "scene", values, origin)], tour_info
        default = config.get("default", {})
        if not isinstance(default, dict):
            raise InteropError("\"default\" must be an object", self.at(("default",)))
        scenes = config.get("scenes")
        if not isinstance(scenes, dict):
            raise InteropError("\"scenes\" must be an object of scenes keyed by id", self.at(("scenes",)))
        shared: dict[str, tuple[Any, tuple]] = {}
        for key, value in default.items():
            (tour_info if key in TOUR_KEYS else shared)[key] = (value, ("default", key))
        for key, value in config.items():
            if key not in ("default", "scenes"):
                (tour_info if key in TOUR_KEYS else shared)[key] = (value, (key,))
        self.report_unmapped_shared(shared)
        result = []
        for name, scene in scenes.items():
            if not isinstance(scene, dict):
                raise InteropError("a scene must be an object", self.at(("scenes", name)))
            values = {key: value for key, (value, _) in shared.items()}
            origin = {key: where for key, (_, where) in shared.items()}
            for key, value in scene.items():
                values[key], origin[key] = value, ("scenes", name, key)
            for key, (value, where) in shared.items():
                if where[0] != "default":  # top-level keys override the scene's, as in Pannellum
                    values[key], origin[key] = value, where
            result.append(_SceneInput(name, values, origin))
        return result, tour_info

    def report_unmapped_shared(self, shared: dict[str, tuple[Any, tuple]]) -> None:
        for key, (_, where) in shared.items():
            self.check_scene_key(key, where)

    def check_scene_key(self, key: str, where: tuple) -> None:
        """Warn (once per place in the file) about a key no vtour scene field takes."""
        if key not in SCENE_KEYS and where not in self.reported:
            self.reported.add(where)
            self.report.unmapped(key, self.at(where, key=True), _why(key))

    def tour_fields(self, document: dict, info: dict[str, tuple[Any, tuple]], scenes: list[_SceneInput]) -> None:
        title = info.get("title")
        if title and isinstance(title[0], str):
            document["title"] = title[0]
            for scene in scenes:
                if "title" not in scene.values:
                    scene.values["title"], scene.origin["title"] = title
        first = info.get("firstScene")
        if first is not None:
            mapped = self.ids.get(first[0]) if isinstance(first[0], str) else None
            if mapped:
                document["firstScene"] = mapped
            else:
                self.report.warn(f"firstScene {first[0]!r} is not a scene; the first scene is used",
                                 self.at(first[1]))
        fade = info.get("sceneFadeDuration")
        if fade is not None:
            seconds = _number(fade[0])
            if seconds is None or seconds < 0:
                self.report.warn("sceneFadeDuration is not a number of milliseconds; ignored", self.at(fade[1]))
            else:
                document["transition"] = {"duration": rounded(min(seconds / 1000.0, 10.0), 3)}
                if seconds > 10000:
                    self.report.warn("sceneFadeDuration over 10 s shortened to vtour's maximum, 10 s",
                                     self.at(fade[1]))

    # -- scenes ------------------------------------------------------------------------------

    def scene(self, scene: _SceneInput) -> dict:
        values, origin = scene.values, scene.origin
        scene_id = self.ids.get(scene.name)
        if scene_id != scene.name:
            self.report.warn(f"scene id {scene.name!r} is not a vtour id; renamed {scene_id!r}",
                             self.at(origin.get("type", ("scenes", scene.name))))
        for key in values:
            self.check_scene_key(key, origin[key])
        out: dict[str, Any] = {}
        kind = values.get("type", "equirectangular")
        if isinstance(values.get("title"), str):
            out["title"] = values["title"]
        base = values.get("basePath") if isinstance(values.get("basePath"), str) else ""
        if kind == "cubemap":
            out["type"] = "cube"
            out["faces"] = self.faces(values, origin, scene_id, base)
        elif kind == "multires":
            out["type"] = "multires"
            out["multires"] = self.multires(values, origin, scene_id, base)
        else:
            if kind != "equirectangular":
                self.report.warn(f"scene type {kind!r} is not supported; read as equirectangular",
                                 self.at(origin.get("type", ())))
            out["type"] = "equirectangular"
            out.update(self.equirect(values, origin, scene_id, base))
        self.copy_numbers(values, out, ("northOffset", "horizonPitch", "horizonRoll"))
        view = self.view(values, origin)
        if view:
            out["initialView"] = view
        limits = self.limits(values)
        if limits:
            out["limits"] = limits
        if isinstance(values.get("preview"), str):
            out["thumbnail"] = self.assets.file(base + values["preview"], self.at(origin["preview"]),
                                                ("scenes", scene_id, "thumbnail"))
        hotspots = values.get("hotSpots")
        if isinstance(hotspots, list):
            converted = [h for h in (self.hotspot(i, h, scene, out) for i, h in enumerate(hotspots)) if h]
            if converted:
                out["hotspots"] = converted
        return out

    def copy_numbers(self, values: dict, out: dict, keys: tuple[str, ...]) -> None:
        for key in keys:
            number = _number(values.get(key))
            if number is not None:
                out[key] = rounded(tidy_yaw(number)) if key == "northOffset" else number

    def equirect(self, values: dict, origin: dict, scene_id: str, base: str) -> dict:
        out: dict[str, Any] = {}
        panorama = values.get("panorama")
        if not isinstance(panorama, str):
            raise InteropError("an equirectangular scene needs \"panorama\"", self.at(origin.get("type", ())))
        out["panorama"] = self.assets.file(_prefixed(base, panorama), self.at(origin["panorama"]),
                                           ("scenes", scene_id, "panorama"))
        for key in ("haov", "vaov", "vOffset"):
            number = _number(values.get(key))
            if number is not None:
                out[key] = number
        return out

    def faces(self, values: dict, origin: dict, scene_id: str, base: str) -> list[str]:
        faces = values.get("cubeMap")
        where = origin.get("cubeMap", origin.get("type", ()))
        if not isinstance(faces, list) or len(faces) != 6 or not all(isinstance(f, str) for f in faces):
            raise InteropError("\"cubeMap\" must list six image paths (front, right, back, left, up, down)",
                               self.at(where))
        return [self.assets.file(_prefixed(base, face), self.at((*where, index)),
                                 ("scenes", scene_id, "faces", index))
                for index, face in enumerate(faces)]

    def multires(self, values: dict, origin: dict, scene_id: str, base: str) -> dict:
        multires = values.get("multiRes")
        where = origin.get("multiRes", origin.get("type", ()))
        if not isinstance(multires, dict):
            raise InteropError("a multires scene needs \"multiRes\"", self.at(where))
        check_keys(multires, MULTIRES_KEYS, where, self.source, self.report, lambda key: "not part of vtour's multires")
        try:
            layout = tiles.layout_from_json(multires)
        except ValueError as exc:
            raise InteropError(str(exc), self.at(where)) from None
        tile_base = _prefixed(base, str(multires.get("basePath", "")))
        dest = self.assets.claim(self.assets.local_name(tile_base, f"tiles/{scene_id}"),
                                 f"tiles:{self.assets.resolve(tile_base)[1]}")
        pairs = [(tiles.join(tile_base, layout.tile_name(*tile)), tiles.join(dest, layout.tile_name(*tile)))
                 for tile in layout.tiles()]
        pairs += [(tiles.join(tile_base, layout.fallback_name(face)), tiles.join(dest, layout.fallback_name(face)))
                  for face in tiles.FACES if layout.fallback_path]
        self.assets.tiles(pairs, self.at((*where, "basePath")), ("scenes", scene_id, "multires"),
                          tile_base or ".")
        return layout.as_json(dest)

    def view(self, values: dict, origin: dict) -> dict:
        view = {}
        for key in ("yaw", "pitch", "hfov"):
            number = _number(values.get(key))
            if number is not None:
                view[key] = rounded(tidy_yaw(number) if key == "yaw" else number)
            elif key in values:
                self.report.warn(f"{key} is not a number; ignored", self.at(origin[key]))
        return view

    def limits(self, values: dict) -> dict:
        limits = {}
        for key in ("minYaw", "maxYaw", "minPitch", "maxPitch", "minHfov", "maxHfov"):
            number = _number(values.get(key))
            if number is not None:
                limits[key] = number
        return limits

    # -- hotspots ----------------------------------------------------------------------------

    def hotspot(self, index: int, hotspot: Any, scene: _SceneInput, out_scene: dict) -> dict | None:
        where = (*scene.origin["hotSpots"], index)
        if not isinstance(hotspot, dict):
            self.report.warn("a hotspot must be an object; skipped", self.at(where))
            return None
        check_keys(hotspot, HOTSPOT_KEYS, where, self.source, self.report, _why)
        yaw, pitch = _number(hotspot.get("yaw")), _number(hotspot.get("pitch"))
        if yaw is None or pitch is None:
            self.report.warn("a hotspot needs numeric yaw and pitch; skipped", self.at(where))
            return None
        yaw, pitch = world_to_image(yaw, pitch, out_scene.get("horizonPitch", 0), out_scene.get("horizonRoll", 0))
        out: dict[str, Any] = {}
        if "id" in hotspot:
            self.hotspot_id(hotspot["id"], where, out_scene, out)
        kind = hotspot.get("type", "info")
        target = self.ids.get(hotspot["sceneId"]) if isinstance(hotspot.get("sceneId"), str) else None
        if kind == "scene" and target is None:
            self.report.warn(f"link to unknown scene {hotspot.get('sceneId')!r}: converted to an info hotspot",
                             self.at((*where, "sceneId")))
        elif kind not in ("scene", "info"):
            self.report.warn(f"hotspot type {kind!r} read as \"info\"", self.at((*where, "type")))
        out["type"] = "scene" if kind == "scene" and target else "info"
        out["yaw"], out["pitch"] = rounded(tidy_yaw(yaw)), rounded(pitch)
        if isinstance(hotspot.get("text"), str):
            out["title"] = hotspot["text"]
        if out["type"] == "scene":
            out["targetScene"] = target
            view = self.target_view(hotspot, where)
            if view is not None:
                out["targetView"] = view
        return out

    def hotspot_id(self, value: Any, where: tuple, out_scene: dict, out: dict) -> None:
        taken = {h.get("id") for h in out_scene.get("hotspots", [])}
        candidate = make_id(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if candidate and candidate not in taken and candidate == str(value):
            out["id"] = candidate
        else:
            self.report.warn(f"hotspot id {value!r} is not a unique vtour id; dropped", self.at((*where, "id")))

    def target_view(self, hotspot: dict, where: tuple) -> Any:
        yaw, pitch, hfov = (hotspot.get(k) for k in ("targetYaw", "targetPitch", "targetHfov"))
        if yaw in ("same", "sameAzimuth"):
            if pitch != "same" or hfov != "same":
                self.report.warn(
                    f"targetYaw {yaw!r} with targetPitch {pitch!r} and targetHfov {hfov!r}: vtour's "
                    f"\"{yaw}\" also keeps the current pitch and hfov", self.at((*where, "targetYaw")))
            return yaw
        view = {}
        for key, value, name in (("yaw", yaw, "targetYaw"), ("pitch", pitch, "targetPitch"), ("hfov", hfov, "targetHfov")):
            if value is None:
                continue
            number = _number(value)
            if number is None:
                self.report.warn(f"{name} {value!r} cannot be combined with numbers in vtour's targetView; "
                                 "the target scene's initial value is used", self.at((*where, name)))
                continue
            view[key] = rounded(tidy_yaw(number)) if key == "yaw" else number
        return view or None


def _prefixed(base: str, path: str) -> str:
    """Pannellum's ``basePath`` handling: plain concatenation, unless ``path`` is an absolute URL."""
    if not base or re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", path, re.I):
        return path
    return base + path


# == export ========================================================================================


@dataclass
class PannellumExport:
    """A Pannellum config built from a tour, with its assets and the warnings."""

    config: dict
    assets: AssetPlan
    report: Report = field(default_factory=Report)


def export_pannellum(document: dict, tour_dir: Path, source: JsonSource | None = None) -> PannellumExport:
    """The Pannellum tour config for a vtour ``document`` whose files live in ``tour_dir``.

    Assets keep their paths relative to the tour folder (they already stay inside it).
    """
    return _Exporter(document, tour_dir, source).run()


class _Exporter:
    def __init__(self, document: dict, tour_dir: Path, source: JsonSource | None):
        self.document = document
        self.source = source
        self.report = Report(logger=log)
        self.assets = AssetPlan(tour_dir)
        self.language = default_language(document)
        self.dropped_translations = 0
        self.merged_texts = 0

    def at(self, path) -> Location | None:
        return self.source.at(path) if self.source else Location("tour", path=_json_path(path))

    def text(self, value: Any) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and value:
            if len(value) > 1:
                self.dropped_translations += 1
            return value.get(self.language) or next(iter(value.values()))
        return None

    def run(self) -> PannellumExport:
        document = self.document
        for key in ("guidedTours", "siteMap", "description", "languages"):
            if key in document:
                self.report.unmapped(key, self.at((key,)), "Pannellum has no equivalent")
        scenes = {sid: s for sid, s in (document.get("scenes") or {}).items() if isinstance(s, dict)}
        exported = {sid: s for sid, s in scenes.items() if s.get("type", "equirectangular") != "model"}
        for sid in scenes.keys() - exported.keys():
            self.report.warn("model scenes cannot be shown by Pannellum; skipped", self.at(("scenes", sid)))
        if not exported:
            raise InteropError("the tour has no panorama scene to export", self.at(("scenes",)))
        default: dict[str, Any] = {}
        first = document.get("firstScene")
        default["firstScene"] = first if first in exported else next(iter(exported))
        title = self.text(document.get("title"))
        if title:
            default["title"] = title
        transition = document.get("transition")
        if isinstance(transition, dict) and _number(transition.get("duration")) is not None:
            default["sceneFadeDuration"] = rounded(transition["duration"] * 1000.0, 3)
        default["autoLoad"] = True  # vtour shows the panorama at once; Pannellum waits for a click without it
        config = {"default": default,
                  "scenes": {sid: self.scene(sid, scene, exported) for sid, scene in exported.items()}}
        if self.dropped_translations:
            self.report.warn(f"{self.dropped_translations} texts have several languages; Pannellum shows one, "
                             f"so the {self.language!r} text (or the first one) was kept")
        if self.merged_texts:
            self.report.warn(f"{self.merged_texts} hotspot texts were appended to their titles "
                             "(a Pannellum hotspot shows one tooltip text)")
        return PannellumExport(config, self.assets, self.report)

    def scene(self, sid: str, scene: dict, exported: dict) -> dict:
        path = ("scenes", sid)
        out: dict[str, Any] = {}
        title = self.text(scene.get("title"))
        if title:
            out["title"] = title
        kind = scene.get("type", "equirectangular")
        if kind == "cube":
            out["type"] = "cubemap"
            faces = scene.get("faces")
            if isinstance(faces, dict):
                faces = [faces.get(name) for name in _FACE_KEYS]
            out["cubeMap"] = [self.assets.file(face, self.at((*path, "faces")), (*path, "faces"), dest=face)
                              for face in faces]
        elif kind == "multires":
            out["type"] = "multires"
            out["multiRes"] = self.multires(scene.get("multires") or {}, path)
        else:
            out["type"] = "equirectangular"
            panorama = scene["panorama"]
            out["panorama"] = self.assets.file(panorama, self.at((*path, "panorama")), (*path, "panorama"),
                                               dest=panorama)
            for key in ("haov", "vaov", "vOffset"):
                if _number(scene.get(key)) is not None:
                    out[key] = scene[key]
        view = scene.get("initialView") or {}
        for key in ("yaw", "pitch", "hfov"):
            if _number(view.get(key)) is not None:
                out[key] = view[key]
        for key, value in (scene.get("limits") or {}).items():
            if _number(value) is not None:
                out[key] = value
        for key in ("northOffset", "horizonPitch", "horizonRoll"):
            if _number(scene.get(key)) is not None:
                out[key] = scene[key]
        if isinstance(scene.get("thumbnail"), str):
            out["preview"] = self.assets.file(scene["thumbnail"], self.at((*path, "thumbnail")),
                                              (*path, "thumbnail"), dest=scene["thumbnail"])
        if "pose" in scene:
            self.report.unmapped("pose", self.at((*path, "pose")), "Pannellum has no site model")
        hotspots = [self.hotspot(i, h, scene, path, exported) for i, h in enumerate(scene.get("hotspots") or [])]
        hotspots = [h for h in hotspots if h]
        if hotspots:
            out["hotSpots"] = hotspots
        return out

    def multires(self, multires: dict, path: tuple) -> dict:
        layout = tiles.layout_from_json(multires)
        base = multires.get("basePath", ".")
        pairs = [(tiles.join(base, layout.tile_name(*tile)),) * 2 for tile in layout.tiles()]
        if layout.fallback_path:
            pairs += [(tiles.join(base, layout.fallback_name(face)),) * 2 for face in tiles.FACES]
        self.assets.tiles(pairs, self.at((*path, "multires")), (*path, "multires"), base)
        out = {"basePath": base}
        out.update({key: multires[key] for key in ("path", "fallbackPath", "extension", "tileResolution",
                                                   "maxLevel", "cubeResolution") if key in multires})
        return out

    def hotspot(self, index: int, hotspot: dict, scene: dict, path: tuple, exported: dict) -> dict | None:
        where = (*path, "hotspots", index)
        kind = hotspot.get("type")
        for key in ("images", "audio", "captions", "transition"):
            if key in hotspot:
                self.report.unmapped(key, self.at((*where, key)), "Pannellum hotspots have no equivalent")
        horizon = (scene.get("horizonPitch", 0) or 0, scene.get("horizonRoll", 0) or 0)
        if kind == "area":
            centre = polygon_centre([tuple(v) for v in hotspot.get("vertices", [])])
            yaw, pitch = (float(a) for a in vector_to_yaw_pitch(centre))
            self.report.warn("Pannellum has no polygon hotspots: the area became an info hotspot at its centre",
                             self.at(where))
        else:
            yaw, pitch = float(hotspot.get("yaw", 0)), float(hotspot.get("pitch", 0))
        yaw, pitch = image_to_world(yaw, pitch, *horizon)
        out: dict[str, Any] = {"yaw": rounded(tidy_yaw(yaw)), "pitch": rounded(pitch)}
        target = hotspot.get("targetScene")
        if kind == "scene" and target in exported:
            out["type"] = "scene"
            out["sceneId"] = target
            out.update(_target_keys(hotspot.get("targetView")))
        else:
            if kind == "scene":
                self.report.warn(f"link to {target!r}, which is not exported: became an info hotspot", self.at(where))
            out["type"] = "info"
        text = self.tooltip(hotspot)
        if text:
            out["text"] = text
        if isinstance(hotspot.get("id"), str):
            out["id"] = hotspot["id"]
        return out

    def tooltip(self, hotspot: dict) -> str | None:
        title = self.text(hotspot.get("title"))
        body = self.text(hotspot.get("text"))
        if body:
            body = _plain(body)
            self.merged_texts += 1
            return f"{title}: {body}" if title else body
        return title


def _target_keys(view: Any) -> dict:
    """vtour's targetView as Pannellum's targetYaw/targetPitch/targetHfov."""
    if view == "same":
        return {"targetYaw": "same", "targetPitch": "same", "targetHfov": "same"}
    if view == "sameAzimuth":
        return {"targetYaw": "sameAzimuth", "targetPitch": "same", "targetHfov": "same"}
    if isinstance(view, dict):
        names = {"yaw": "targetYaw", "pitch": "targetPitch", "hfov": "targetHfov"}
        return {names[key]: value for key, value in view.items() if key in names}
    return {}


def _plain(text: str) -> str:
    """Rich text (vtour's small HTML subset) as plain text for a tooltip."""
    text = re.sub(r"<\s*(br|/p|/li)\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"\n{2,}", "\n", html.unescape(text)).strip()


def _json_path(path) -> str:
    return format_json_path(path)


# == web page ======================================================================================

PANNELLUM_CDN = "https://cdn.jsdelivr.net/npm/pannellum@2.5.6/build/"
"""Where the page loads Pannellum from when no local copy sits beside it."""


def index_html(title: str, language: str = "en") -> str:
    """A page showing ``config.json`` with Pannellum from ``pannellum/`` (a local copy), else the CDN.

    Served over HTTP (Pannellum loads images with XHR, which browsers refuse from ``file:``).
    """
    safe_title = html.escape(title or "Virtual tour")
    return f"""<!DOCTYPE html>
<html lang="{html.escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{safe_title}</title>
<link rel="stylesheet" href="pannellum/pannellum.css" id="pannellum-css">
<style>html, body, #panorama {{ margin: 0; width: 100%; height: 100%; background: #000; }}</style>
</head>
<body>
<div id="panorama"></div>
<script src="pannellum/pannellum.js"></script>
<script>
(function () {{
  var cdn = {json.dumps(PANNELLUM_CDN)};
  function start() {{
    fetch("config.json").then(function (response) {{ return response.json(); }}).then(function (config) {{
      window.viewer = pannellum.viewer("panorama", config);
    }}).catch(function (error) {{
      document.getElementById("panorama").textContent = "Could not load config.json: " + error;
    }});
  }}
  if (window.pannellum) {{ start(); return; }}
  // No local copy in pannellum/: load Pannellum from the CDN instead.
  var css = document.createElement("link");
  css.rel = "stylesheet"; css.href = cdn + "pannellum.css";
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = cdn + "pannellum.js"; script.onload = start;
  document.body.appendChild(script);
}})();
</script>
</body>
</html>
"""


def config_text(config: dict) -> str:
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"

"""The tour-file parts that move a visitor through a tour: ``guidedTours``, ``siteMap``, scene thumbnails.

Checks and building for those keys, kept beside (not inside) :mod:`vtour.model.semantics` and
:mod:`vtour.model.build`, which call in here. Like the semantic checks, the checks run on documents
the schema may have refused, so they trust no type. The files named here (thumbnails, the map
image, narration audio) are listed by :func:`file_references`; ``vtour.io.tourfile`` resolves them
on disk with the panorama images, so they must exist and stay inside the tour's folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from vtour.geometry.angles import wrap_yaw
from vtour.model.issues import Issue, JsonPath, did_you_mean, quote_value, warning
from vtour.model.localized_files import file_values, resolved_files
from vtour.model.tour import GuidedStep, GuidedTour, LocalizedText, SiteMap, View


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def guided_tours(document: Any) -> Iterator[tuple[int, dict]]:
    """``(index, guided tour)`` for each guided-tour object."""
    for index, guided in enumerate(_list(_dict(document).get("guidedTours"))):
        if isinstance(guided, dict):
            yield index, guided


def steps(guided: dict) -> Iterator[tuple[int, dict]]:
    """``(index, step)`` for each step object of a guided tour."""
    for index, step in enumerate(_list(guided.get("steps"))):
        if isinstance(step, dict):
            yield index, step


# -- texts ----------------------------------------------------------------------------------------


def guided_text_locations(document: Any) -> Iterator[tuple[JsonPath, Any]]:
    """Every localised text of the guided tours: their titles and their steps' captions."""
    for index, guided in guided_tours(document):
        base = ("guidedTours", index)
        if "title" in guided:
            yield (*base, "title"), guided["title"]
        for step_index, step in steps(guided):
            if "text" in step:
                yield (*base, "steps", step_index, "text"), step["text"]


# -- checks ---------------------------------------------------------------------------------------


def guided_issues(document: Any) -> list[Issue]:
    """Unknown scene ids in steps and on the site map, repeated guided-tour ids."""
    ids = list(_dict(_dict(document).get("scenes")))
    issues = []
    seen: dict[str, int] = {}
    for index, guided in guided_tours(document):
        issues.extend(_step_scene_issues(index, guided, ids))
        guided_id = guided.get("id")
        if isinstance(guided_id, str) and guided_id in seen:
            message = f"guided tour id {quote_value(guided_id)} is already used by guidedTours[{seen[guided_id]}]"
            issues.append(Issue(("guidedTours", index, "id"), message))
        elif isinstance(guided_id, str):
            seen[guided_id] = index
    for scene_id in _dict(_dict(_dict(document).get("siteMap")).get("scenes")):
        if scene_id not in ids:
            path = ("siteMap", "scenes", scene_id)
            issues.append(Issue(path, f"no scene {quote_value(scene_id)}{did_you_mean(scene_id, ids)}", at_key=True))
    return issues


def _step_scene_issues(index: int, guided: dict, ids: list[str]) -> Iterator[Issue]:
    for step_index, step in steps(guided):
        if "captions" in step and "narration" not in step:
            yield warning(("guidedTours", index, "steps", step_index, "captions"),
                          'captions without "narration" are never shown')
        scene = step.get("scene")
        if isinstance(scene, str) and scene not in ids:
            path = ("guidedTours", index, "steps", step_index, "scene")
            yield Issue(path, f"no scene {quote_value(scene)}{did_you_mean(scene, ids)}")


def site_map_position_issues(document: Any, size: tuple[int, int]) -> list[Issue]:
    """Scene positions outside the map image (``size`` = its width and height) are errors."""
    width, height = size
    issues = []
    for scene_id, point in _dict(_dict(_dict(document).get("siteMap")).get("scenes")).items():
        x, y = _dict(point).get("x"), _dict(point).get("y")
        for key, value, limit in (("x", x, width), ("y", y, height)):
            if isinstance(value, int | float) and not isinstance(value, bool) and not 0 <= value <= limit:
                message = f"{key} {value:g} is outside the map image (0 to {limit} pixels)"
                issues.append(Issue(("siteMap", "scenes", scene_id, key), message))
    return issues


# -- files ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRef:
    """A file named by these keys; ``image`` False for audio (no image header to read)."""

    path: JsonPath
    value: str
    image: bool = True


def file_references(document: Any) -> list[FileRef]:
    """Scene thumbnails, the site map image, narration and caption files, in document order."""
    document = _dict(document)
    refs = []
    for scene_id, scene in _dict(document.get("scenes")).items():
        if isinstance(scene, dict) and isinstance(scene.get("thumbnail"), str):
            refs.append(FileRef(("scenes", scene_id, "thumbnail"), scene["thumbnail"]))
    site_map = _dict(document.get("siteMap"))
    if isinstance(site_map.get("image"), str):
        refs.append(FileRef(("siteMap", "image"), site_map["image"]))
    for index, guided in guided_tours(document):
        for step_index, step in steps(guided):
            for key in ("narration", "captions"):
                refs.extend(_narration_refs(("guidedTours", index, "steps", step_index, key), step.get(key)))
    return refs


def _narration_refs(path: JsonPath, value: Any) -> Iterator[FileRef]:
    for file_path, file in file_values(path, value):
        yield FileRef(file_path, file, image=False)


# -- building -------------------------------------------------------------------------------------


def build_guided_tours(document: dict, language: str, files: Mapping[JsonPath, Any],
                       initial_views: Mapping[str, View]) -> tuple[GuidedTour, ...]:
    """The guided tours of a valid document; ``files`` maps JSON paths to resolved files (``.path``).

    A step's view takes its missing values from its scene's initial view.
    """
    built = []
    for index, guided in guided_tours(document):
        base = ("guidedTours", index)
        built.append(GuidedTour(
            id=guided["id"],
            title=LocalizedText.of(guided.get("title"), language),
            steps=tuple(_step(step, (*base, "steps", i), language, files, initial_views) for i, step in steps(guided)),
        ))
    return tuple(built)


def _step(step: dict, path: JsonPath, language: str, files: Mapping[JsonPath, Any],
          initial_views: Mapping[str, View]) -> GuidedStep:
    fallback = initial_views[step["scene"]]
    view = _dict(step.get("view"))
    return GuidedStep(
        scene=step["scene"],
        view=View(
            yaw=wrap_yaw(float(view.get("yaw", fallback.yaw))),
            pitch=float(view.get("pitch", fallback.pitch)),
            hfov=float(view.get("hfov", fallback.hfov)),
        ),
        duration=float(step.get("duration", GuidedStep.duration)),
        transition=float(step.get("transition", GuidedStep.transition)),
        text=LocalizedText.of(step.get("text"), language),
        narration=resolved_files(step.get("narration"), (*path, "narration"), language, files),
        captions=resolved_files(step.get("captions"), (*path, "captions"), language, files),
    )


def build_site_map(document: dict, files: Mapping[JsonPath, Any]) -> SiteMap | None:
    """The site map of a valid document, or None when it has none."""
    site_map = document.get("siteMap")
    if not isinstance(site_map, dict) or ("siteMap", "image") not in files:
        return None
    image = files[("siteMap", "image")]
    positions = {scene_id: (float(p["x"]), float(p["y"])) for scene_id, p in site_map.get("scenes", {}).items()}
    return SiteMap(
        image=image.path,
        size=tuple(image.size),
        positions=MappingProxyType(positions),
        north_offset=float(site_map.get("northOffset", 0.0)) % 360.0,
    )

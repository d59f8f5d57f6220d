"""Checks a schema cannot express: the tour as a graph, ids, limits, languages and path syntax.

Every function takes the parsed document and returns :class:`Issue` objects. They run even when
the schema found errors (so an author sees all problems at once), so they never trust a type:
each value is checked with the small accessors at the top before it is used.

File-system checks (does the image exist, is it 2:1) live in ``vtour.io.tourfile``; this module
only says which strings are asset paths (:func:`asset_references`) and whether one is acceptable
as written (:func:`path_problem`).
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vtour.geometry.angles import wrap_yaw
from vtour.model.content_format import content_issues, content_references, content_text_locations
from vtour.model.guided_format import file_references, guided_issues, guided_text_locations
from vtour.model.issues import Issue, JsonPath, did_you_mean, quote_value, warning
from vtour.model.tour import CUBE_FACE_ORDER, View, ViewLimits

FORMAT_VERSION = 1
"""The tour format version this vtour reads and writes."""

SCHEMA_FILE_NAME = "tour-v1.schema.json"

_LIMIT_KEYS = (("yaw", "minYaw", "maxYaw"), ("pitch", "minPitch", "maxPitch"), ("hfov", "minHfov", "maxHfov"))
_DRIVE = re.compile(r"^[A-Za-z]:")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# -- defensive accessors --------------------------------------------------------------------------


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    """A JSON number as float, or None (booleans are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def scenes(document: Any) -> dict[str, dict]:
    """The scene objects by id (entries that are not objects are left out)."""
    return {key: value for key, value in _dict(_dict(document).get("scenes")).items() if isinstance(value, dict)}


def hotspots(scene: dict) -> Iterator[tuple[int, dict]]:
    """``(index, hotspot)`` for each hotspot object of a scene."""
    for index, hotspot in enumerate(_list(scene.get("hotspots"))):
        if isinstance(hotspot, dict):
            yield index, hotspot


def scene_kind(scene: dict) -> str | None:
    """``"cube"``, ``"equirectangular"`` (also when ``type`` is absent), ``"multires"``, ``"model"`` or
    None for anything else."""
    kind = scene.get("type", "equirectangular")
    return kind if kind in ("cube", "equirectangular", "multires", "model") else None


def first_scene_id(document: Any) -> str | None:
    """``firstScene`` when it names a scene, else the first scene listed, else None."""
    ids = list(_dict(_dict(document).get("scenes")))
    first = _dict(document).get("firstScene")
    if isinstance(first, str) and first in ids:
        return first
    return ids[0] if ids else None


# -- the header -----------------------------------------------------------------------------------


def header_issues(document: Any) -> list[Issue]:
    """Problems that make the rest of the checks pointless: not an object, or not a v1 tour."""
    if not isinstance(document, dict):
        got = "an array" if isinstance(document, list) else "a single value"
        return [Issue((), f"a tour file holds a JSON object, but this one holds {got}")]
    if "version" in document:
        return _version_issues(document["version"])
    declared = document.get("$schema")
    if isinstance(declared, str) and declared.endswith(SCHEMA_FILE_NAME):
        return []
    hint = " (this looks like a Pannellum configuration)" if _looks_like_pannellum(document) else ""
    return [Issue((), f'not a vtour tour: "version": {FORMAT_VERSION} is missing{hint}')]


def _version_issues(version: Any) -> list[Issue]:
    number = _number(version)
    if number == FORMAT_VERSION:
        return []
    if number is not None and number > FORMAT_VERSION and number.is_integer():
        message = f"tour format version {int(number)} is newer than this vtour reads ({FORMAT_VERSION}); update vtour"
    else:
        message = f"unsupported tour format version {version!r}: this vtour reads version {FORMAT_VERSION}"
    return [Issue(("version",), message[:200])]


def _looks_like_pannellum(document: dict) -> bool:
    return any(key in document for key in ("default", "panorama", "cubeMap", "hotSpots", "multiRes"))


# -- checks on the whole document -----------------------------------------------------------------


def semantic_issues(document: Any) -> list[Issue]:
    """All semantic problems of a document that passed :func:`header_issues`."""
    return [
        *language_issues(document),
        *graph_issues(document),
        *hotspot_id_issues(document),
        *view_issues(document),
        *extent_issues(document),
        *path_syntax_issues(document),
        *guided_issues(document),
        *content_issues(document),
        *multires_issues(document),
        *model_scene_issues(document),
        *model_hotspot_issues(document),
        *pose_issues(document),
    ]


def declared_languages(document: Any) -> list[str] | None:
    """The ``languages`` list when it is a list of strings, else None."""
    languages = _dict(document).get("languages")
    if isinstance(languages, list) and languages and all(isinstance(lang, str) for lang in languages):
        return languages
    return None


def default_language(document: Any) -> str:
    """``defaultLanguage``, else the first declared language, else ``"en"``."""
    value = _dict(document).get("defaultLanguage")
    if isinstance(value, str):
        return value
    declared = declared_languages(document)
    return declared[0] if declared else "en"


def text_locations(document: Any) -> Iterator[tuple[JsonPath, Any]]:
    """Every localised text in the document: ``(path, value)``."""
    document = _dict(document)
    for key in ("title", "description"):
        if key in document:
            yield (key,), document[key]
    for scene_id, scene in scenes(document).items():
        if "title" in scene:
            yield ("scenes", scene_id, "title"), scene["title"]
        for index, hotspot in hotspots(scene):
            for key in ("title", "text"):
                if key in hotspot:
                    yield ("scenes", scene_id, "hotspots", index, key), hotspot[key]
    yield from guided_text_locations(document)
    yield from content_text_locations(document)


def language_issues(document: Any) -> list[Issue]:
    """The default language must be declared; with declared languages, every text has them all."""
    declared = declared_languages(document)
    if declared is None:
        return []
    default = default_language(document)
    issues = []
    if default not in declared:
        issues.append(Issue(("defaultLanguage",), f'{quote_value(default)} is not one of "languages" ({", ".join(declared)})'))
    for path, value in text_locations(document):
        issues.extend(_translation_issues(path, value, declared, default))
    return issues


def _translation_issues(path: JsonPath, value: Any, declared: list[str], default: str) -> Iterator[Issue]:
    if isinstance(value, str):
        # A plain string is the default language's text; the others are missing.
        for language in declared:
            if language != default:
                yield warning(path, f"no {quote_value(language)} translation (a plain string counts as {quote_value(default)})")
    elif isinstance(value, dict):
        for language in value:
            if isinstance(language, str) and language not in declared:
                listed = ", ".join(declared)
                yield warning((*path, language), f'language {quote_value(language)} is not in "languages" ({listed})', True)
        for language in declared:
            if language not in value:
                yield warning(path, f"no {quote_value(language)} translation")


def graph_issues(document: Any) -> list[Issue]:
    """Dangling scene ids, links to the own scene, scenes the first scene cannot reach."""
    all_scenes = scenes(document)
    ids = list(_dict(_dict(document).get("scenes")))
    issues = []
    first = _dict(document).get("firstScene")
    if isinstance(first, str) and ids and first not in ids:
        issues.append(Issue(("firstScene",), f"no scene {quote_value(first)}{did_you_mean(first, ids)}"))
    for scene_id, scene in all_scenes.items():
        issues.extend(_link_issues(scene_id, scene, ids))
    issues.extend(_unreachable_warnings(document, all_scenes))
    return issues


def _links(scene: dict) -> Iterator[tuple[int, str]]:
    for index, hotspot in hotspots(scene):
        target = hotspot.get("targetScene")
        if hotspot.get("type") == "scene" and isinstance(target, str):
            yield index, target


def _link_issues(scene_id: str, scene: dict, ids: list[str]) -> Iterator[Issue]:
    for index, target in _links(scene):
        path = ("scenes", scene_id, "hotspots", index, "targetScene")
        if target not in ids:
            yield Issue(path, f"no scene {quote_value(target)}{did_you_mean(target, ids)}")
        elif target == scene_id:
            yield warning(path, "links to its own scene")


def _overview_edges(document: Any, all_scenes: dict[str, dict]) -> dict[str, list[str]]:
    """The overview's moves: a posed panorama to its model scene and back."""
    edges: dict[str, list[str]] = {}
    for scene_id, scene in all_scenes.items():
        if isinstance(scene.get("pose"), dict) and scene_kind(scene) != "model":
            model = pose_model_id(document, scene["pose"])
            if model in all_scenes:
                edges.setdefault(scene_id, []).append(model)
                edges.setdefault(model, []).append(scene_id)
    return edges


def _unreachable_warnings(document: Any, all_scenes: dict[str, dict]) -> Iterator[Issue]:
    start = first_scene_id(document)
    if start is None:
        return
    edges = _overview_edges(document, all_scenes)
    reached = {start}
    pending = [start]
    while pending:
        scene_id = pending.pop()
        for target in [t for _, t in _links(all_scenes.get(scene_id, {}))] + edges.get(scene_id, []):
            if target not in reached:
                reached.add(target)
                pending.append(target)
    for scene_id in _dict(_dict(document).get("scenes")):
        if scene_id not in reached:
            yield warning(("scenes", scene_id), f"scene {quote_value(scene_id)} cannot be reached from {quote_value(start)}", True)


def hotspot_id_issues(document: Any) -> list[Issue]:
    """Hotspot ids must be unique within their scene."""
    issues = []
    for scene_id, scene in scenes(document).items():
        seen: dict[str, int] = {}
        for index, hotspot in hotspots(scene):
            hotspot_id = hotspot.get("id")
            if not isinstance(hotspot_id, str):
                continue
            if hotspot_id in seen:
                path = ("scenes", scene_id, "hotspots", index, "id")
                issues.append(Issue(path, f"hotspot id {quote_value(hotspot_id)} is already used by hotspots[{seen[hotspot_id]}]"))
            else:
                seen[hotspot_id] = index
    return issues


def view_issues(document: Any) -> list[Issue]:
    """Limits with min > max (error); an initial view outside the limits (warning)."""
    issues = []
    for scene_id, scene in scenes(document).items():
        issues.extend(_scene_view_issues(("scenes", scene_id), scene))
    return issues


def _limit_range(limits: dict, name: str, low_key: str, high_key: str) -> tuple[float, float]:
    defaults = ViewLimits()
    low = _number(limits.get(low_key))
    high = _number(limits.get(high_key))
    return (
        getattr(defaults, f"{name}_min") if low is None else low,
        getattr(defaults, f"{name}_max") if high is None else high,
    )


def _scene_view_issues(path: JsonPath, scene: dict) -> Iterator[Issue]:
    limits = _dict(scene.get("limits"))
    view = _dict(scene.get("initialView"))
    for name, low_key, high_key in _LIMIT_KEYS:
        low, high = _limit_range(limits, name, low_key, high_key)
        if low > high:
            yield _inverted_limits(path, limits, low_key, high_key, low, high)
            continue
        given = _number(view.get(name))
        if given is not None and not _in_domain(name, given):
            continue  # the schema reports it; "outside the limits" would say it twice
        value = getattr(View(), name) if given is None else given
        if not _within(name, value, low, high):
            where = (*path, "initialView", name) if given is not None else path
            default = "" if given is not None else " (the default)"
            yield warning(where, f"initial {name} {value:g}{default} is outside the limits [{low:g}, {high:g}]")


def _inverted_limits(path: JsonPath, limits: dict, low_key: str, high_key: str, low: float, high: float) -> Issue:
    def shown(key: str, value: float) -> str:
        return f"{key} {value:g}" + ("" if key in limits else " (the default)")

    where = (*path, "limits", high_key if high_key in limits else low_key)
    return Issue(where, f"{shown(low_key, low)} is greater than {shown(high_key, high)}")


def _in_domain(name: str, value: float) -> bool:
    """Whether the schema accepts ``value`` for a yaw, pitch or hfov."""
    if name == "hfov":
        return 0.0 < value < 180.0
    bound = 360.0 if name == "yaw" else 90.0
    return -bound <= value <= bound


def _within(name: str, value: float, low: float, high: float) -> bool:
    if name != "yaw":
        return low <= value <= high
    wrapped = wrap_yaw(value)
    return any(low <= candidate <= high for candidate in (wrapped - 360.0, wrapped, wrapped + 360.0))


def extent_issues(document: Any) -> list[Issue]:
    """A partial panorama may not reach past a pole."""
    issues = []
    for scene_id, scene in scenes(document).items():
        if scene_kind(scene) != "equirectangular":
            continue
        _, vaov, v_offset = scene_extents(scene)
        top, bottom = v_offset + vaov / 2.0, v_offset - vaov / 2.0
        if top > 90.0 + 1e-9 or bottom < -90.0 - 1e-9:
            key = "vOffset" if "vOffset" in scene else "vaov"
            pole = top if top > 90.0 else bottom
            message = f"vaov {vaov:g} centred on vOffset {v_offset:g} reaches pitch {pole:g}, past the pole"
            issues.append(Issue(("scenes", scene_id, key), message))
    return issues


def scene_extents(scene: dict) -> tuple[float, float, float]:
    """``(haov, vaov, vOffset)`` of an equirectangular scene, defaults filled in."""
    values = []
    for key, default in (("haov", 360.0), ("vaov", 180.0), ("vOffset", 0.0)):
        number = _number(scene.get(key))
        values.append(default if number is None else number)
    return values[0], values[1], values[2]


# -- asset paths ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssetRef:
    """A file named by the document: an equirectangular image (``face`` None) or a cube face;
    or, with ``folder`` True, a folder (a multires scene's ``basePath``, which may be ``"."``)."""

    path: JsonPath
    value: str
    scene_id: str
    face: str | None = None
    image: bool = True  # False for a model or an HDR environment: no image header to read
    folder: bool = False  # True for a multires tile folder: it must exist as a folder


def asset_references(document: Any) -> list[AssetRef]:
    """Every asset path string in the document, in document order."""
    refs = []
    for scene_id, scene in scenes(document).items():
        base = ("scenes", scene_id)
        kind = scene_kind(scene)
        if kind == "equirectangular" and isinstance(scene.get("panorama"), str):
            refs.append(AssetRef((*base, "panorama"), scene["panorama"], scene_id))
        elif kind == "cube":
            refs.extend(_face_references(base, scene_id, scene.get("faces")))
        elif kind == "multires" and isinstance(base_path := _dict(scene.get("multires")).get("basePath"), str):
            # The folder only: its tiles are checked by pattern (multires_issues) and on disk by the loader.
            refs.append(AssetRef((*base, "multires", "basePath"), base_path, scene_id, image=False, folder=True))
        elif kind == "model":
            refs.extend(AssetRef((*base, key), scene[key], scene_id, image=False)
                        for key in ("model", "environment") if isinstance(scene.get(key), str))
    return refs


MODEL_SUFFIXES = (".gltf", ".glb")
ENVIRONMENT_SUFFIXES = (".hdr",)


def model_scene_issues(document: Any) -> list[Issue]:
    """A model scene's ``model`` must be a .gltf/.glb file and its ``environment`` a Radiance .hdr."""
    issues = []
    for scene_id, scene in scenes(document).items():
        if scene_kind(scene) != "model":
            continue
        for key, suffixes, what in (("model", MODEL_SUFFIXES, "a glTF model (.gltf or .glb)"),
                                    ("environment", ENVIRONMENT_SUFFIXES, "a Radiance HDR image (.hdr)")):
            value = scene.get(key)
            if isinstance(value, str) and value and not value.lower().endswith(suffixes):
                issues.append(Issue(("scenes", scene_id, key), f"{quote_value(value)} is not {what}"))
        direction = _numbers(_dict(scene.get("sun")).get("direction"))
        if direction is not None and not any(direction):
            issues.append(Issue(("scenes", scene_id, "sun", "direction"), "the sun's direction is [0, 0, 0]; "
                                "give a vector pointing towards the light, e.g. [0.3, 1, 0.5]"))
    return issues


UNIT_TOLERANCE = 1e-3
"""A 3D hotspot's normal may differ from unit length by this much (files round their numbers)."""


def model_hotspot_issues(document: Any) -> list[Issue]:
    """3D hotspots: model scenes place hotspots by ``position`` + unit ``normal``, never yaw/pitch;
    a ``viewpoint`` is either an eye or orbit angles, and its eye is not its target."""
    issues = []
    for scene_id, scene in scenes(document).items():
        model = scene_kind(scene) == "model"
        for index, hotspot in hotspots(scene):
            base = ("scenes", scene_id, "hotspots", index)
            if not model:
                for key in ("position", "normal", "viewpoint"):
                    if key in hotspot:
                        issues.append(Issue((*base, key), f"{key!r} places hotspots in model scenes only; "
                                            "a panorama's hotspots use yaw and pitch"))
                continue
            for key in ("yaw", "pitch", "vertices"):
                if key in hotspot:
                    issues.append(Issue((*base, key), f"a model scene's hotspots are placed by position and normal, "
                                        f"not {key!r}"))
            issues.extend(_normal_issues(hotspot.get("normal"), (*base, "normal")))
            issues.extend(_viewpoint_issues(hotspot.get("viewpoint"), hotspot.get("position"), (*base, "viewpoint")))
    return issues


POSE_NORTH_TOLERANCE = 5.0
"""Degrees a posed panorama's northOffset may differ from its model's northOffset + heading."""


def pose_model_id(document: Any, pose: Any) -> str | None:
    """The model scene a panorama's ``pose`` places it in: its ``model``, or the tour's only model
    scene; None when neither applies."""
    model = _dict(pose).get("model")
    if isinstance(model, str):
        return model
    models = [scene_id for scene_id, scene in scenes(document).items() if scene_kind(scene) == "model"]
    return models[0] if len(models) == 1 else None


def pose_issues(document: Any) -> list[Issue]:
    """A panorama's ``pose`` must name a model scene (or the tour must have exactly one), and its
    ``northOffset`` should agree with the model's north and the pose's heading."""
    all_scenes = scenes(document)
    models = [scene_id for scene_id, scene in all_scenes.items() if scene_kind(scene) == "model"]
    issues = []
    for scene_id, scene in all_scenes.items():
        pose = scene.get("pose")
        if not isinstance(pose, dict) or scene_kind(scene) == "model":
            continue
        path = ("scenes", scene_id, "pose")
        model = pose.get("model")
        if model is None and len(models) != 1:
            issues.append(Issue(path, f"say which model scene this panorama is placed in (\"model\"): the tour has "
                                f"{len(models)} model scenes" + (f" ({', '.join(models)})" if models else "")))
        elif isinstance(model, str) and model not in models:
            what = "is not a model scene" if model in all_scenes else "is not a scene of this tour"
            issues.append(Issue((*path, "model"), f"{quote_value(model)} {what}{did_you_mean(model, models)}"))
        else:
            issues.extend(_pose_north_issues(scene_id, scene, all_scenes.get(pose_model_id(document, pose), {})))
    return issues


def _pose_north_issues(scene_id: str, scene: dict, model: dict) -> list[Issue]:
    north, model_north = _number(scene.get("northOffset")), _number(model.get("northOffset"))
    heading = _number(scene["pose"].get("heading")) or 0.0
    if north is None or model_north is None:
        return []
    expected = (model_north + heading) % 360.0
    if abs(wrap_yaw(north - expected)) <= POSE_NORTH_TOLERANCE:
        return []
    return [warning(("scenes", scene_id, "northOffset"),
                    f"northOffset {north:g} disagrees with the pose: the model's northOffset {model_north:g} plus the "
                    f"heading {heading:g} gives {wrap_yaw(expected):g} (the compass would turn when flying out)")]


def _numbers(value: Any, count: int = 3) -> list[float] | None:
    if (isinstance(value, list) and len(value) == count
            and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in value)):
        return [float(c) for c in value]
    return None


def _normal_issues(value: Any, path: JsonPath) -> list[Issue]:
    normal = _numbers(value)
    if normal is None:
        return []  # the schema reports it
    length = math.sqrt(sum(c * c for c in normal))
    if length == 0.0 or not math.isfinite(length):
        return [Issue(path, "the normal is [0, 0, 0]; give the unit vector pointing out of the surface")]
    if abs(length - 1.0) > UNIT_TOLERANCE:
        unit = ", ".join(f"{c / length:.4g}" for c in normal)
        return [Issue(path, f"the normal must be a unit vector, but its length is {length:.4g} (did you mean [{unit}]?)")]
    return []


def _viewpoint_issues(value: Any, position: Any, path: JsonPath) -> list[Issue]:
    if not isinstance(value, dict):
        return []
    orbit = [key for key in ("yaw", "pitch", "distance") if key in value]
    if "eye" in value and orbit:
        return [Issue((*path, orbit[0]), f"give either 'eye' or orbit angles ({', '.join(orbit)}), not both")]
    eye = _numbers(value.get("eye"))
    target = _numbers(value.get("target")) if "target" in value else _numbers(position)
    if eye is not None and target is not None and eye == target:
        return [Issue((*path, "eye"), "the viewpoint's eye is its target; move the eye away from the point looked at")]
    return []


def _face_references(base: JsonPath, scene_id: str, faces: Any) -> Iterator[AssetRef]:
    if isinstance(faces, list) and len(faces) == len(CUBE_FACE_ORDER):
        named = zip(range(len(faces)), CUBE_FACE_ORDER, faces)
    elif isinstance(faces, dict):
        named = ((face, face, faces.get(face)) for face in CUBE_FACE_ORDER)
    else:
        return
    for key, face, value in named:
        if isinstance(value, str):
            yield AssetRef((*base, "faces", key), value, scene_id, face)


def path_problem(value: str, folder: bool = False) -> str | None:
    """Why ``value`` is not an acceptable asset path as written, or None if it is.

    Asset paths are relative, use forward slashes and stay inside the tour's folder, so a tour
    folder can be copied, zipped and opened anywhere, and a downloaded tour cannot make the viewer
    read files elsewhere on the machine. A ``folder`` path (a multires ``basePath``) may name the
    tour's folder itself (``"."``).
    """
    if not value:
        return "is empty"
    if _CONTROL.search(value):
        return "contains a control character (such as NUL)"
    if _DRIVE.match(value):
        return "is a Windows drive path; use a path relative to the tour file"
    if value.startswith(("\\\\", "//")):
        return "is a network path; put the file in the tour's folder"
    if "\\" in value:
        return "contains a backslash; use forward slashes (/)"
    if _URL.match(value):
        return "is a URL; vtour reads local files only: put the file in the tour's folder"
    if value.startswith("/"):
        return "is an absolute path; use a path relative to the tour file"
    normalized = posixpath.normpath(value)
    if normalized == ".." or normalized.startswith("../"):
        return "leaves the tour's folder"
    if normalized == "." and not folder:
        return "names the tour's folder, not a file"
    return None


def path_syntax_issues(document: Any) -> list[Issue]:
    """One error per asset path that :func:`path_problem` refuses."""
    issues = []
    for ref in [*asset_references(document), *file_references(document), *content_references(document)]:
        problem = path_problem(ref.value, getattr(ref, "folder", False)) if ref.value else None  # the schema reports ""
        if problem:
            issues.append(Issue(ref.path, f"{quote_value(ref.value)} {problem}"))
    return issues


# -- multires scenes ------------------------------------------------------------------------------

MULTIRES_PLACEHOLDERS = {"%l": "level", "%s": "face letter", "%y": "row", "%x": "column"}
"""What each placeholder of a multires tile ``path`` stands for; a tile path needs all four."""

MULTIRES_EXTENSIONS = ("jpg", "jpeg", "png", "webp")


@dataclass(frozen=True)
class MultiresSettings:
    """A multires scene's ``multires`` object with every value checked (see :func:`multires_settings`)."""

    base_path: str
    path: str
    extension: str
    tile_resolution: int
    max_level: int
    cube_resolution: int
    fallback_path: str | None = None


def multires_settings(scene: Any) -> MultiresSettings | None:
    """The ``multires`` object of a multires scene when every value is usable: types and ranges as
    the schema says, patterns that :func:`multires_pattern_problem` accepts and a level-1 face of at
    least one pixel. None otherwise (the schema or :func:`multires_issues` reports why)."""
    values = _dict(_dict(scene).get("multires"))
    strings = [values.get(key) for key in ("basePath", "path", "extension")]
    numbers = [values.get(key) for key in ("tileResolution", "maxLevel", "cubeResolution")]
    fallback = values.get("fallbackPath")
    if not all(isinstance(value, str) and value for value in strings) or not (fallback is None or isinstance(fallback, str)):
        return None
    if not all(_number(value) is not None and float(value).is_integer() for value in numbers):
        return None
    base_path, path, extension = strings
    tile, levels, cube = (int(value) for value in numbers)
    if (extension not in MULTIRES_EXTENSIONS or not 16 <= tile <= 4096 or not 1 <= levels <= 16
            or not 1 <= cube <= 1048576 or cube >> (levels - 1) < 1):
        return None
    if path_problem(base_path, folder=True) or multires_pattern_problem(path, MULTIRES_PLACEHOLDERS):
        return None
    if fallback is not None and multires_pattern_problem(fallback, {"%s": "face letter"}):
        return None
    return MultiresSettings(base_path, path, extension, tile, levels, cube, fallback)


def multires_pattern_problem(pattern: str, needed: dict[str, str]) -> str | None:
    """Why a multires file pattern (``path`` or ``fallbackPath``) is unacceptable, or None.

    It must hold every placeholder of ``needed``, have no ``..`` part and, with the placeholders
    filled in and one leading ``/`` dropped (``basePath + path``, as Pannellum joins them), be an
    acceptable relative path (:func:`path_problem`).
    """
    missing = [f"{key} ({what})" for key, what in needed.items() if key not in pattern]
    if missing:
        return f"has no {', '.join(missing)}; it needs " + ", ".join(f"{key} ({what})" for key, what in needed.items())
    if ".." in pattern.replace("\\", "/").split("/"):
        return 'contains "..": tile files stay inside basePath'
    sample = re.sub(r"%[lsxy]", "1", pattern).removeprefix("/")
    problem = path_problem(sample)
    if problem:
        return problem.replace("the tour's folder", "basePath").replace("the tour file", "basePath")
    return None


def multires_issues(document: Any) -> list[Issue]:
    """Multires scenes: tile and fallback patterns (placeholders, no ``..``, relative), and a
    level-1 face of at least one pixel. Whether the files exist is the loader's check."""
    issues = []
    for scene_id, scene in scenes(document).items():
        if scene_kind(scene) != "multires":
            continue
        base = ("scenes", scene_id, "multires")
        values = _dict(scene.get("multires"))
        for key, needed in (("path", MULTIRES_PLACEHOLDERS), ("fallbackPath", {"%s": "face letter"})):
            value = values.get(key)
            if isinstance(value, str) and value and (problem := multires_pattern_problem(value, needed)):
                issues.append(Issue((*base, key), f"{quote_value(value)} {problem}"))
        levels, cube = _number(values.get("maxLevel")), _number(values.get("cubeResolution"))
        if (levels is not None and cube is not None and levels.is_integer() and cube.is_integer()
                and 1 <= levels <= 16 and 1 <= cube and int(cube) >> (int(levels) - 1) < 1):
            issues.append(Issue((*base, "maxLevel"), f"cubeResolution {int(cube)} halved {int(levels) - 1} times "
                                f"leaves no pixel at level 1; use at most maxLevel {int(cube).bit_length()}"))
        path = values.get("path")
        if isinstance(path, str) and path and not path.startswith("/") and not multires_pattern_problem(path, MULTIRES_PLACEHOLDERS):
            issues.append(warning((*base, "path"), f"{quote_value(path)} does not start with \"/\": vtour joins it to "
                                  "basePath as a folder, but Pannellum appends it as text (basePath + path)"))
    return issues

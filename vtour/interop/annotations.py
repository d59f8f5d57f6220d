"""Hotspots as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), and back.

:func:`export_annotations` writes a tour's hotspots as one ``AnnotationCollection`` whose embedded
first ``AnnotationPage`` holds the annotations (the Web Annotation Protocol's layout):

- ``target``: a ``SpecificResource`` whose ``source`` is the scene's IRI (``BASE/scenes/ID``) and
  whose ``selector`` places the hotspot. No standard selector addresses a direction on a sphere,
  so vtour defines three, in the ``vtour:`` namespace (``urn:vtour:ns#``, declared in the
  ``@context``), all angles in vtour's degrees (yaw right, pitch up, panorama frame):

  ``vtour:SphericalSelector``         ``vtour:yaw``, ``vtour:pitch`` (numbers): a point.
  ``vtour:SphericalPolygonSelector``  ``vtour:points``: ``"yaw,pitch yaw,pitch ..."`` (an area).
  ``vtour:ModelAnchorSelector``       ``vtour:position``, ``vtour:normal``: ``"x y z"`` on a 3D model.

- ``body``: one ``TextualBody`` per language for the title (``purpose: identifying``) and for the
  text (``purpose: describing``; ``format`` ``text/html`` when it holds markup), each with its
  BCP 47 ``language``; a scene link adds a ``SpecificResource`` body with ``purpose: linking``
  whose ``source`` is the target scene's IRI and ``vtour:targetView`` (``"same"``,
  ``"sameAzimuth"``) or ``vtour:targetYaw``/``targetPitch``/``targetHfov``.
- ``motivation``: ``linking`` for scene links, ``describing`` otherwise.
- ``vtour:hotspotId`` / ``vtour:hotspotType`` keep the id and kind; everything else a hotspot holds
  (images, audio, captions, transition, a 3D viewpoint) travels as a JSON literal in
  ``vtour:extra`` (``{"@type": "@json", "@value": {...}}``), so the round trip is exact.

:func:`merge_annotations_file` reads such a file (a collection, a page, a list or one annotation)
and adds the hotspots to a tour, atomically.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vtour.interop.findings import InteropError, JsonSource, Location
from vtour.interop.importing import read_json_input, tour_text
from vtour.io.safe_save import SaveError, save_atomically
from vtour.io.tourfile import check_tour_text
from vtour.model.errors import Severity
from vtour.model.semantics import default_language

log = logging.getLogger(__name__)

CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {"vtour": "urn:vtour:ns#"}]
EXTRA_KEYS = ("images", "audio", "captions", "transition", "viewpoint")
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def default_base_iri(tour_path: Path) -> str:
    """``urn:vtour:tour:<folder name>``: stable, and names no machine path."""
    folder = tour_path.resolve().parent.name or "tour"
    return "urn:vtour:tour:" + urllib.parse.quote(folder, safe="")


def _scene_iri(base: str, scene_id: str) -> str:
    return f"{base}/scenes/{urllib.parse.quote(scene_id, safe='')}"


# == export ========================================================================================


def export_annotations(document: dict, base_iri: str) -> dict:
    """The tour ``document``'s hotspots as a JSON-LD ``AnnotationCollection``."""
    language = default_language(document)
    items = []
    for scene_id, scene in (document.get("scenes") or {}).items():
        for index, hotspot in enumerate(scene.get("hotspots") or []):
            items.append(_annotation(base_iri, scene_id, index, hotspot, language))
    collection: dict[str, Any] = {"@context": CONTEXT, "id": f"{base_iri}/annotations", "type": "AnnotationCollection"}
    title = _text_in(document.get("title"), language)
    if title:
        collection["label"] = title
    collection["total"] = len(items)
    collection["first"] = {"id": f"{base_iri}/annotations/page1", "type": "AnnotationPage", "startIndex": 0,
                           "items": items}
    return collection


def _annotation(base: str, scene_id: str, index: int, hotspot: dict, language: str) -> dict:
    kind = hotspot.get("type", "info")
    name = hotspot.get("id") or f"index-{index}"
    annotation: dict[str, Any] = {
        "id": f"{_scene_iri(base, scene_id)}/hotspots/{urllib.parse.quote(str(name), safe='')}",
        "type": "Annotation",
        "motivation": "linking" if kind == "scene" else "describing",
    }
    bodies = _text_bodies(hotspot.get("title"), "identifying", language)
    bodies += _text_bodies(hotspot.get("text"), "describing", language)
    if kind == "scene":
        bodies.append(_link_body(base, hotspot))
    if bodies:
        annotation["body"] = bodies
    annotation["target"] = {"type": "SpecificResource", "source": _scene_iri(base, scene_id),
                            "selector": _selector(hotspot)}
    if hotspot.get("id"):
        annotation["vtour:hotspotId"] = hotspot["id"]
    annotation["vtour:hotspotType"] = kind
    extra = {key: hotspot[key] for key in EXTRA_KEYS if key in hotspot}
    if extra:
        annotation["vtour:extra"] = {"@type": "@json", "@value": extra}
    return annotation


def _text_bodies(value: Any, purpose: str, language: str) -> list[dict]:
    texts = {language: value} if isinstance(value, str) else (value if isinstance(value, dict) else {})
    return [{"type": "TextualBody", "purpose": purpose, "value": text, "language": lang,
             "format": "text/html" if _TAG.search(text) else "text/plain"}
            for lang, text in texts.items() if isinstance(text, str)]


def _link_body(base: str, hotspot: dict) -> dict:
    body: dict[str, Any] = {"type": "SpecificResource", "purpose": "linking",
                            "source": _scene_iri(base, hotspot["targetScene"])}
    view = hotspot.get("targetView")
    if isinstance(view, str):
        body["vtour:targetView"] = view
    elif isinstance(view, dict):
        for key, name in (("yaw", "vtour:targetYaw"), ("pitch", "vtour:targetPitch"), ("hfov", "vtour:targetHfov")):
            if key in view:
                body[name] = view[key]
    return body


def _selector(hotspot: dict) -> dict:
    if "position" in hotspot:
        return {"type": "vtour:ModelAnchorSelector", "vtour:position": _triple(hotspot["position"]),
                "vtour:normal": _triple(hotspot["normal"])}
    if hotspot.get("type") == "area":
        points = " ".join(f"{_num(y)},{_num(p)}" for y, p in hotspot["vertices"])
        return {"type": "vtour:SphericalPolygonSelector", "vtour:points": points}
    return {"type": "vtour:SphericalSelector", "vtour:yaw": hotspot["yaw"], "vtour:pitch": hotspot["pitch"]}


def _triple(values: list) -> str:
    return " ".join(_num(v) for v in values)


def _num(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def annotations_text(collection: dict) -> str:
    return json.dumps(collection, indent=2, ensure_ascii=False) + "\n"


# == import ========================================================================================


@dataclass
class MergeResult:
    tour_path: Path
    added: int
    replaced: int
    unchanged: int


def read_annotations(source: JsonSource) -> list[tuple[str, dict, tuple]]:
    """``(scene id, hotspot, JSON path of the annotation)`` for every annotation in ``source``."""
    value = source.value
    items, root = _items(value)
    if items is None:
        raise InteropError("expected an AnnotationCollection, an AnnotationPage, a list of annotations or "
                           "one Annotation", source.at(()))
    result = []
    for index, annotation in enumerate(items):
        path = (*root, index)
        scene_id, hotspot = _hotspot(annotation, source, path)
        result.append((scene_id, hotspot, path))
    return result


def _items(value: Any) -> tuple[list | None, tuple]:
    if isinstance(value, list):
        return value, ()
    if not isinstance(value, dict):
        return None, ()
    if value.get("type") == "Annotation":
        return [value], ()
    if isinstance(value.get("items"), list):
        return value["items"], ("items",)
    first = value.get("first")
    if isinstance(first, dict) and isinstance(first.get("items"), list):
        return first["items"], ("first", "items")
    return None, ()


def _hotspot(annotation: Any, source: JsonSource, path: tuple) -> tuple[str, dict]:
    if not isinstance(annotation, dict) or annotation.get("type") != "Annotation":
        raise InteropError("not an Annotation", source.at(path))
    target = annotation.get("target")
    if isinstance(target, list) and target:
        target = target[0]
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise InteropError("the annotation needs a target with a scene as its source", source.at((*path, "target")))
    scene_id = _scene_from_iri(target["source"])
    kind = annotation.get("vtour:hotspotType")
    hotspot: dict[str, Any] = {}
    if isinstance(annotation.get("vtour:hotspotId"), str):
        hotspot["id"] = annotation["vtour:hotspotId"]
    selector = target.get("selector")
    selector = selector[0] if isinstance(selector, list) and selector else selector
    hotspot.update(_from_selector(selector, source, (*path, "target", "selector")))
    link = None
    bodies = annotation.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if not isinstance(body, dict):
            continue
        if body.get("type") == "TextualBody" and isinstance(body.get("value"), str):
            key = "title" if body.get("purpose") == "identifying" else "text"
            hotspot.setdefault(key, {})[body.get("language") or ""] = body["value"]
        elif body.get("purpose") == "linking" and isinstance(body.get("source"), str):
            link = body
    if "vertices" in hotspot:
        kind = "area"
    elif link is not None:
        kind = "scene"
    hotspot = {"type": kind or "info", **hotspot}
    for key in ("title", "text"):
        if key in hotspot:
            hotspot[key] = _text_value(hotspot[key])
    if link is not None:
        hotspot["targetScene"] = _scene_from_iri(link["source"])
        view = _target_view(link)
        if view is not None:
            hotspot["targetView"] = view
    extra = annotation.get("vtour:extra")
    if isinstance(extra, dict) and isinstance(extra.get("@value"), dict):
        hotspot.update({k: v for k, v in extra["@value"].items() if k in EXTRA_KEYS})
    return scene_id, _ordered(hotspot)


def _from_selector(selector: Any, source: JsonSource, path: tuple) -> dict:
    kind = selector.get("type") if isinstance(selector, dict) else None
    try:
        if kind == "vtour:SphericalSelector":
            return {"yaw": _number(selector["vtour:yaw"]), "pitch": _number(selector["vtour:pitch"])}
        if kind == "vtour:SphericalPolygonSelector":
            points = [pair.split(",") for pair in selector["vtour:points"].split()]
            return {"vertices": [[_number(y), _number(p)] for y, p in points]}
        if kind == "vtour:ModelAnchorSelector":
            return {"position": [_number(v) for v in selector["vtour:position"].split()],
                    "normal": [_number(v) for v in selector["vtour:normal"].split()]}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InteropError(f"unreadable {kind} ({exc.__class__.__name__}: {exc})", source.at(path)) from None
    raise InteropError(f"unsupported selector {kind!r}: vtour reads vtour:SphericalSelector, "
                       "vtour:SphericalPolygonSelector and vtour:ModelAnchorSelector", source.at(path))


def _number(value: Any) -> int | float:
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {value!r}")
    return int(number) if number.is_integer() else number


def _target_view(link: dict) -> Any:
    if link.get("vtour:targetView") in ("same", "sameAzimuth"):
        return link["vtour:targetView"]
    view = {key: _number(link[name]) for key, name in (("yaw", "vtour:targetYaw"), ("pitch", "vtour:targetPitch"),
                                                        ("hfov", "vtour:targetHfov")) if name in link}
    return view or None


def _text_value(texts: dict[str, str]) -> Any:
    """One untagged text as a string; otherwise ``{language: text}``."""
    if list(texts) == [""]:
        return texts[""]
    return {lang or "und": text for lang, text in texts.items()}


def _scene_from_iri(iri: str) -> str:
    tail = iri.rsplit("/scenes/", 1)[-1] if "/scenes/" in iri else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return urllib.parse.unquote(tail.split("/")[0])


_ORDER = ("id", "type", "yaw", "pitch", "vertices", "position", "normal", "viewpoint", "title", "text",
          "targetScene", "targetView", "transition", "images", "audio", "captions")


def _ordered(hotspot: dict) -> dict:
    return {key: hotspot[key] for key in sorted(hotspot, key=lambda k: _ORDER.index(k) if k in _ORDER else 99)}


def merge_annotations_file(annotations: Path, tour: Path, force: bool = False) -> MergeResult:
    """Add the hotspots of ``annotations`` to the tour file ``tour`` (or ``tour/tour.json``).

    Texts tagged with the tour's default language only become plain strings again. A hotspot
    with an id already in its scene is left alone when equal, replaced with ``force``, and an
    error otherwise; one without an id is added unless an equal hotspot is there. The merged
    tour is validated before it replaces the file (atomically, keeping ``tour.json.bak``).

    Raises
    ------
    InteropError
        Unreadable files, unknown scenes, conflicts without ``force``, or an invalid result.
    """
    tour_path = tour / "tour.json" if tour.is_dir() else tour
    tour_source = read_json_input(tour_path)
    document = tour_source.value
    if not isinstance(document, dict) or not isinstance(document.get("scenes"), dict):
        raise InteropError("not a vtour tour (no \"scenes\")", tour_source.at(()))
    source = read_json_input(annotations)
    language = default_language(document)
    added = replaced = unchanged = 0
    for scene_id, hotspot, path in read_annotations(source):
        scene = document["scenes"].get(scene_id)
        if not isinstance(scene, dict):
            raise InteropError(f"the target scene {scene_id!r} is not in {tour_path}", source.at((*path, "target")))
        hotspot = _plain_default_language(hotspot, language)
        outcome = _merge(scene.setdefault("hotspots", []), hotspot, force)
        if outcome == "conflict":
            raise InteropError(f"scene {scene_id!r} already has a different hotspot {hotspot['id']!r}; "
                               "use --force to replace it", source.at(path))
        added += outcome == "added"
        replaced += outcome == "replaced"
        unchanged += outcome == "unchanged"
    text = tour_text(document)
    _, diagnostics = check_tour_text(text, tour_path)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise InteropError(f"the merged tour would be invalid: {errors[0]}"
                           + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""), Location(str(tour_path)))
    if added or replaced:
        try:
            save_atomically(tour_path, text, backup=True)
        except SaveError as exc:
            raise InteropError(str(exc), Location(str(tour_path))) from None
    return MergeResult(tour_path, added, replaced, unchanged)


def _merge(hotspots: list, hotspot: dict, force: bool) -> str:
    if "id" in hotspot:
        for index, existing in enumerate(hotspots):
            if isinstance(existing, dict) and existing.get("id") == hotspot["id"]:
                if existing == hotspot:
                    return "unchanged"
                if not force:
                    return "conflict"
                hotspots[index] = hotspot
                return "replaced"
    elif hotspot in hotspots:
        return "unchanged"
    hotspots.append(hotspot)
    return "added"


def _plain_default_language(hotspot: dict, language: str) -> dict:
    for key in ("title", "text"):
        value = hotspot.get(key)
        if isinstance(value, dict) and list(value) == [language]:
            hotspot[key] = value[language]
    return hotspot


def _text_in(value: Any, language: str) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value:
        return value.get(language) or next(iter(value.values()))
    return None

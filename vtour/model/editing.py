"""Edit a tour as plain JSON data, with exact undo: the model behind the curator's undo commands.

The curator edits the *file*, not the built :class:`~vtour.model.tour.Tour`: what is saved must be
what the author wrote plus the change, so that a tour kept in version control shows small, readable
diffs. :class:`TourDocument` therefore holds the parsed JSON (dicts keep their key order) and writes
it back in one stable format; keys an edit adds go where :func:`key_order` says they belong.

Every change is an :class:`Edit` with ``apply`` and ``revert``. The Qt layer wraps one edit in one
``QUndoCommand`` (redo = apply, undo = revert), so an edit must restore the document *exactly*
(equal data and identical :meth:`TourDocument.to_json`) and re-do exactly. Edits hold JSON paths,
never references into the document, and copy every value they insert, so a value inserted, edited
further and undone cannot leak into a later redo.

When edits capture what they undo:

- The primitive edits (:class:`SetValue`, :class:`RemoveKey`, :class:`InsertItem`,
  :class:`RemoveItem`, :class:`MoveItem`, :class:`RenameScene`, :class:`ReorderScenes`) record what
  they overwrite *when applied* (each apply records afresh; under an undo stack every redo sees the
  document the first apply saw, so the record is the same). Reverting an edit never applied raises.
- The convenience constructors (:func:`add_hotspot`, :func:`delete_scene`, ...) read the document
  *at construction* to choose paths, indices, ids and what a deletion takes along, so their edit
  must be applied to the document as it was when built, which is what an undo stack guarantees.

Numbers written by the constructors are rounded (angles to 2 decimals, 3D coordinates to 4, map
pixels to 1) so the file stays readable; a hundredth of a degree is far below what a viewer sees.
"""

from __future__ import annotations

import copy
import json
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vtour.geometry.angles import wrap_yaw
from vtour.model.issues import JsonPath, format_json_path
from vtour.model.semantics import declared_languages, default_language, pose_model_id, scene_kind, text_locations
from vtour.model.tour import CUBE_FACE_ORDER

# -- canonical key order ---------------------------------------------------------------------------

TOUR_KEY_ORDER = ("$schema", "version", "title", "description", "languages", "defaultLanguage", "firstScene",
                  "transition", "scenes", "guidedTours", "siteMap")
SCENE_KEY_ORDER = ("type", "title", "panorama", "faces", "model", "haov", "vaov", "vOffset", "environment",
                   "background", "sun", "thumbnail", "northOffset", "horizonPitch", "horizonRoll", "pose", "camera",
                   "initialView", "limits", "hotspots")
HOTSPOT_KEY_ORDER = ("id", "type", "yaw", "pitch", "vertices", "position", "normal", "viewpoint", "title", "text",
                     "targetScene", "targetView", "transition", "images", "audio", "captions")
GUIDED_TOUR_KEY_ORDER = ("id", "title", "steps")
STEP_KEY_ORDER = ("scene", "view", "duration", "transition", "text", "narration", "captions")
SITE_MAP_KEY_ORDER = ("image", "northOffset", "scenes")
VIEW_KEY_ORDER = ("yaw", "pitch", "hfov")
LIMITS_KEY_ORDER = ("minYaw", "maxYaw", "minPitch", "maxPitch", "minHfov", "maxHfov")

_ITEM_ORDERS = {"hotspots": HOTSPOT_KEY_ORDER, "steps": STEP_KEY_ORDER, "guidedTours": GUIDED_TOUR_KEY_ORDER,
                "images": ("path", "caption", "alt")}
_NAMED_ORDERS = {
    "initialView": VIEW_KEY_ORDER, "targetView": VIEW_KEY_ORDER, "view": VIEW_KEY_ORDER,
    "limits": LIMITS_KEY_ORDER, "pose": ("model", "position", "heading"),
    "camera": ("yaw", "pitch", "distance", "target"), "viewpoint": ("eye", "target", "yaw", "pitch", "distance"),
    "sun": ("direction", "intensity"), "transition": ("duration", "zoomToLink"), "siteMap": SITE_MAP_KEY_ORDER,
    "faces": CUBE_FACE_ORDER,
}
_LOCALIZED_KEYS = frozenset({"title", "description", "text", "caption", "alt", "audio", "captions", "narration"})

ANGLE_DECIMALS = 2
COORDINATE_DECIMALS = 4
PIXEL_DECIMALS = 1
MIN_AREA_VERTICES = 3
DUPLICATE_YAW_OFFSET = 5.0
"""Degrees a duplicated panorama hotspot moves right, so the copy is not hidden under the original."""

_ID = re.compile(r"\w[\w.-]*")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_MAX_ID_LENGTH = 128
_ABSENT: Any = object()
_REQUIRED: Any = object()


def key_order(data: dict, path: JsonPath) -> Sequence[str]:
    """The usual order of the keys of the object at ``path``; () when there is none (append).

    Localised texts and per-language files follow the tour's ``languages``, and ``siteMap.scenes``
    follows the scenes' order, so a key added there lands where a reader expects it.
    """
    if not path:
        return TOUR_KEY_ORDER
    if path == ("siteMap", "scenes"):
        return tuple(_as_dict(data.get("scenes")))
    if len(path) == 2 and path[0] == "scenes":
        return SCENE_KEY_ORDER
    if len(path) == 3 and path[:2] == ("siteMap", "scenes"):
        return ("x", "y")
    last = path[-1]
    if isinstance(last, int):
        return _ITEM_ORDERS.get(path[-2], ()) if len(path) > 1 and isinstance(path[-2], str) else ()
    if last in _LOCALIZED_KEYS:
        return tuple(language_order(data))
    return _NAMED_ORDERS.get(last, ())


def language_order(data: dict) -> list[str]:
    """The tour's declared ``languages``, else just its default language."""
    return declared_languages(data) or [default_language(data)]


def canonical_copy(data: dict, path: JsonPath, value: Any) -> Any:
    """A deep copy of ``value`` (to be written at ``path``) with every object's keys in canonical order.

    Keys without a canonical place keep their relative order after the known ones.
    """
    if isinstance(value, dict):
        order = key_order(data, path)
        keys = sorted(value, key=lambda key: order.index(key) if key in order else len(order))
        return {key: canonical_copy(data, (*path, key), value[key]) for key in keys}
    if isinstance(value, list):
        return [canonical_copy(data, (*path, index), item) for index, item in enumerate(value)]
    return copy.deepcopy(value)


def _canonical_position(keys: list[str], key: str, order: Sequence[str]) -> int:
    """Before the first existing key that the order puts after ``key``; else at the end."""
    if key not in order:
        return len(keys)
    rank = order.index(key)
    for position, existing in enumerate(keys):
        if existing in order and order.index(existing) > rank:
            return position
    return len(keys)


def _insert_at(obj: dict, position: int, key: str, value: Any) -> None:
    """Insert ``key`` at ``position`` in place (the dict object stays the same)."""
    items = list(obj.items())
    items.insert(position, (key, value))
    obj.clear()
    obj.update(items)


def _rename_key(obj: dict, old: str, new: str) -> None:
    items = [(new if key == old else key, value) for key, value in obj.items()]
    obj.clear()
    obj.update(items)


def _reorder(obj: dict, keys: Sequence[str]) -> None:
    items = [(key, obj[key]) for key in keys]
    obj.clear()
    obj.update(items)


def _as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


# -- the document ---------------------------------------------------------------------------------


class TourDocument:
    """A tour being edited: its JSON data (``.data``) and the file it is saved to (``.path``).

    The data is plain JSON (dicts, lists, str, int, float, bool, None) so the writer reproduces the
    author's key order; edits mutate it in place through :class:`Edit` objects.
    """

    def __init__(self, data: dict, path: str | Path) -> None:
        if not isinstance(data, dict):
            raise ValueError("a tour document is a JSON object")
        self.data = data
        self.path = Path(path)

    @classmethod
    def from_text(cls, text: str, path: str | Path) -> TourDocument:
        """Parse tour JSON (a leading byte-order mark is allowed); NaN and Infinity are refused."""
        data = json.loads(text.removeprefix("\ufeff"), parse_constant=_refuse_constant)
        return cls(data, path)

    @classmethod
    def from_file(cls, path: str | Path) -> TourDocument:
        return cls.from_text(Path(path).read_text(encoding="utf-8"), path)

    @property
    def folder(self) -> Path:
        """The tour's folder: asset paths are relative to it."""
        return self.path.parent

    def to_json(self) -> str:
        """The file text: two-space indents, UTF-8 text unescaped, a final newline, keys in order.

        One value per line makes a diff show exactly what an edit changed.
        """
        return json.dumps(self.data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"

    def get(self, path: Iterable[str | int], default: Any = _REQUIRED) -> Any:
        """The value at ``path``; ``default`` when it is missing, else KeyError naming the path."""
        value: Any = self.data
        path = tuple(path)
        for step in path:
            if isinstance(value, dict) and isinstance(step, str) and step in value:
                value = value[step]
            elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
                value = value[step]
            elif default is not _REQUIRED:
                return default
            else:
                raise KeyError(f"nothing at {format_json_path(path)}")
        return value

    def scene_ids(self) -> list[str]:
        return list(_as_dict(self.data.get("scenes")))

    def scene(self, scene_id: str) -> dict:
        scene = _as_dict(self.data.get("scenes")).get(scene_id)
        if not isinstance(scene, dict):
            raise KeyError(f"no scene {_q(scene_id)}")
        return scene

    def hotspots(self, scene_id: str) -> list:
        """The scene's hotspot list ([] when it has none)."""
        return _as_list(self.scene(scene_id).get("hotspots"))

    def hotspot(self, scene_id: str, index: int) -> dict:
        spots = self.hotspots(scene_id)
        if not 0 <= index < len(spots) or not isinstance(spots[index], dict):
            raise KeyError(f"scene {_q(scene_id)} has no hotspot {index}")
        return spots[index]

    def hotspot_ids(self, scene_id: str) -> list[str]:
        """The ids the scene's hotspots give, in order (hotspots without one are skipped)."""
        spots = self.hotspots(scene_id)
        return [spot["id"] for spot in spots if isinstance(spot, dict) and isinstance(spot.get("id"), str)]

    def hotspot_label(self, scene_id: str, index: int) -> str:
        """How messages name a hotspot: its id, else ``#index`` as the viewer does."""
        spot_id = self.hotspot(scene_id, index).get("id")
        return spot_id if isinstance(spot_id, str) else f"#{index}"

    def unique_hotspot_id(self, scene_id: str, base: str) -> str:
        """``base`` made a valid id, numbered (``niche-2``, ``niche-3``, ...) if the scene has it."""
        return _unique(_clean_id(base, "hotspot"), set(self.hotspot_ids(scene_id)))

    def unique_scene_id(self, base: str) -> str:
        """``base`` made a valid id, numbered (``hall-2``, ...) if the tour has that scene."""
        return _unique(_clean_id(base, "scene"), set(self.scene_ids()))

    def scene_id_problem(self, scene_id: str) -> str | None:
        """Why ``scene_id`` cannot name a new scene (empty, not an id, taken), or None."""
        if not isinstance(scene_id, str) or not scene_id:
            return "a scene id cannot be empty"
        if not _ID.fullmatch(scene_id) or len(scene_id) > _MAX_ID_LENGTH:
            return (f"{_q(scene_id)} is not a valid id: use letters, digits, '_', '-' and '.', "
                    "starting with a letter, digit or '_'")
        if scene_id in self.scene_ids():
            return f"the tour already has a scene {_q(scene_id)}"
        return None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def scene_id_from_name(name: str, taken=()) -> str:
    """A scene id made from a file name (``"Main Hall"`` -> ``main-hall``), numbered when ``taken``
    already holds it: what ``vtour edit --new`` and Edit ▸ Scene ▸ Add Scene from File name scenes."""
    words = "-".join(re.findall(r"\w+", str(name).lower()))
    return _unique(_clean_id(words, "scene"), set(taken))


def _clean_id(base: str, fallback: str) -> str:
    """``base`` with characters an id cannot hold replaced by ``-``; ``fallback`` if nothing is left."""
    cleaned = re.sub(r"[^\w.-]+", "-", str(base).strip()).lstrip(".-").rstrip("-")
    return cleaned[: _MAX_ID_LENGTH - 8] or fallback


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    stem = re.sub(r"-\d+$", "", base) or base
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _q(name: Any) -> str:
    """A name in typographic quotes, for edit texts shown in menus (“Undo Move hotspot “niche””)."""
    return f"\u201c{name}\u201d"


# -- the edits ------------------------------------------------------------------------------------


class Edit(ABC):
    """One undoable change: ``apply`` does it, ``revert`` restores the document exactly.

    ``text`` is the English menu text ("Move hotspot “niche”"); the UI translates the verbs.
    """

    text: str

    @abstractmethod
    def apply(self, doc: TourDocument) -> None: ...

    @abstractmethod
    def revert(self, doc: TourDocument) -> None: ...


def _memo() -> Any:
    return field(default_factory=dict, init=False, repr=False, compare=False)


def _recall(memo: dict, key: str) -> Any:
    if key not in memo:
        raise RuntimeError("revert called before apply")
    return memo[key]


def _default_text(edit: Any, text: str) -> None:
    if not edit.text:
        object.__setattr__(edit, "text", text)


def _container(doc: TourDocument, path: JsonPath) -> tuple[dict | list, str | int]:
    """The object or array holding ``path``'s last step, and that step."""
    if not path:
        raise ValueError("an edit needs a path below the document root")
    parent = doc.get(path[:-1])
    if not isinstance(parent, dict | list):
        raise KeyError(f"{format_json_path(path[:-1])} holds neither an object nor an array")
    return parent, path[-1]


def _list_at(doc: TourDocument, path: JsonPath) -> list:
    value = doc.get(path)
    if not isinstance(value, list):
        raise KeyError(f"{format_json_path(path)} is not an array")
    return value


def _check_index(items: list, index: Any, path: JsonPath, end: bool = False) -> None:
    """Refuse an index outside the list (``end``: one past the last is allowed, for inserting)."""
    limit = len(items) + (1 if end else 0)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < limit:
        raise IndexError(f"no index {index!r} in {format_json_path(path)} ({len(items)} items)")


@dataclass(frozen=True, eq=False)
class SetValue(Edit):
    """Set an object key or array item. A missing key is created at its canonical position.

    Captures on apply: the value overwritten, or that the key was absent.
    """

    path: JsonPath
    value: Any
    text: str = ""
    _undo: dict = _memo()

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", tuple(self.path))
        object.__setattr__(self, "value", copy.deepcopy(self.value))  # the caller's later changes stay out
        _default_text(self, f"Set {format_json_path(self.path)}")

    def apply(self, doc: TourDocument) -> None:
        parent, key = _container(doc, self.path)
        if isinstance(parent, dict) and key not in parent:
            if not isinstance(key, str):
                raise KeyError(f"object keys are strings, not {key!r}")
            self._undo["old"] = _ABSENT
            position = _canonical_position(list(parent), key, key_order(doc.data, self.path[:-1]))
            _insert_at(parent, position, key, copy.deepcopy(self.value))
            return
        if isinstance(parent, list):
            _check_index(parent, key, self.path)
        self._undo["old"] = parent[key]
        parent[key] = copy.deepcopy(self.value)

    def revert(self, doc: TourDocument) -> None:
        old = _recall(self._undo, "old")
        parent, key = _container(doc, self.path)
        if old is _ABSENT:
            del parent[key]
        else:
            parent[key] = old


@dataclass(frozen=True, eq=False)
class RemoveKey(Edit):
    """Remove an object key. Captures on apply: the value and the key's position."""

    path: JsonPath
    text: str = ""
    _undo: dict = _memo()

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", tuple(self.path))
        _default_text(self, f"Remove {format_json_path(self.path)}")

    def apply(self, doc: TourDocument) -> None:
        parent, key = _container(doc, self.path)
        if not isinstance(parent, dict) or key not in parent:
            raise KeyError(f"nothing at {format_json_path(self.path)}")
        self._undo["removed"] = (list(parent).index(key), parent.pop(key))

    def revert(self, doc: TourDocument) -> None:
        position, value = _recall(self._undo, "removed")
        parent, key = _container(doc, self.path)
        _insert_at(parent, position, key, value)


@dataclass(frozen=True, eq=False)
class InsertItem(Edit):
    """Insert ``value`` into the array at ``list_path`` so it ends up at ``index``.

    Needs no capture: revert removes the item at ``index``.
    """

    list_path: JsonPath
    index: int
    value: Any
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "list_path", tuple(self.list_path))
        object.__setattr__(self, "value", copy.deepcopy(self.value))
        _default_text(self, f"Insert into {format_json_path(self.list_path)}")

    def apply(self, doc: TourDocument) -> None:
        items = _list_at(doc, self.list_path)
        _check_index(items, self.index, self.list_path, end=True)
        items.insert(self.index, copy.deepcopy(self.value))

    def revert(self, doc: TourDocument) -> None:
        del _list_at(doc, self.list_path)[self.index]


@dataclass(frozen=True, eq=False)
class RemoveItem(Edit):
    """Remove the array item at ``index``. Captures on apply: the item."""

    list_path: JsonPath
    index: int
    text: str = ""
    _undo: dict = _memo()

    def __post_init__(self) -> None:
        object.__setattr__(self, "list_path", tuple(self.list_path))
        _default_text(self, f"Remove {format_json_path((*self.list_path, self.index))}")

    def apply(self, doc: TourDocument) -> None:
        items = _list_at(doc, self.list_path)
        _check_index(items, self.index, self.list_path)
        self._undo["item"] = items.pop(self.index)

    def revert(self, doc: TourDocument) -> None:
        _list_at(doc, self.list_path).insert(self.index, _recall(self._undo, "item"))


@dataclass(frozen=True, eq=False)
class MoveItem(Edit):
    """Move an array item so it ends up at ``to_index``. Needs no capture: revert moves it back."""

    list_path: JsonPath
    from_index: int
    to_index: int
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "list_path", tuple(self.list_path))
        _default_text(self, f"Reorder {format_json_path(self.list_path)}")

    def apply(self, doc: TourDocument) -> None:
        self._move(_list_at(doc, self.list_path), self.from_index, self.to_index)

    def revert(self, doc: TourDocument) -> None:
        self._move(_list_at(doc, self.list_path), self.to_index, self.from_index)

    def _move(self, items: list, source: int, target: int) -> None:
        _check_index(items, source, self.list_path)
        _check_index(items, target, self.list_path)
        items.insert(target, items.pop(source))


@dataclass(frozen=True, eq=False)
class Compound(Edit):
    """Several edits as one undo step: applied in order, reverted in reverse order.

    If one edit fails while applying, the ones already applied are reverted before the error
    propagates, so a failed edit leaves the document as it was. ``removed`` describes, for a
    destructive edit such as :func:`delete_scene`, what else it takes along (for a confirmation).
    """

    text: str
    edits: tuple[Edit, ...]
    removed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "edits", tuple(self.edits))
        object.__setattr__(self, "removed", tuple(self.removed))

    def apply(self, doc: TourDocument) -> None:
        done: list[Edit] = []
        try:
            for edit in self.edits:
                edit.apply(doc)
                done.append(edit)
        except Exception:
            for edit in reversed(done):
                edit.revert(doc)
            raise

    def revert(self, doc: TourDocument) -> None:
        for edit in reversed(self.edits):
            edit.revert(doc)


# -- scene ids --------------------------------------------------------------------------------------


def scene_references(data: dict, scene_id: str) -> list[JsonPath]:
    """Every value naming ``scene_id``: ``firstScene``, links' ``targetScene``, guided steps'
    ``scene`` and panoramas' ``pose.model`` (``siteMap.scenes`` keys and rich-text links aside)."""
    found: list[JsonPath] = []
    if data.get("firstScene") == scene_id:
        found.append(("firstScene",))
    for sid, scene in _as_dict(data.get("scenes")).items():
        if not isinstance(scene, dict):
            continue
        for index, spot in enumerate(_as_list(scene.get("hotspots"))):
            if isinstance(spot, dict) and spot.get("targetScene") == scene_id:
                found.append(("scenes", sid, "hotspots", index, "targetScene"))
        if _as_dict(scene.get("pose")).get("model") == scene_id:
            found.append(("scenes", sid, "pose", "model"))
    for tour_index, tour in enumerate(_as_list(data.get("guidedTours"))):
        for step_index, step in enumerate(_as_list(_as_dict(tour).get("steps"))):
            if isinstance(step, dict) and step.get("scene") == scene_id:
                found.append(("guidedTours", tour_index, "steps", step_index, "scene"))
    return found


def _scene_link(scene_id: str) -> re.Pattern:
    """An ``href`` of a rich-text link to ``scene_id``: group 1 is what precedes the id."""
    return re.compile(r"""(href\s*=\s*["']\s*#scene:)""" + re.escape(scene_id) + r"""(?=\s*["'])""", re.IGNORECASE)


def _scene_anchor(scene_id: str) -> re.Pattern:
    """A whole ``<a href="#scene:ID">...</a>`` element: group 2 is the link's text."""
    return re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(["'])\s*#scene:""" + re.escape(scene_id)
                      + r"""\s*\1[^>]*>(.*?)</a\s*>""", re.IGNORECASE | re.DOTALL)


def _map_text(value: Any, change: Any) -> Any:
    """A hotspot text (string or {language: string}) with ``change`` applied to each string."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {key: change(text) if isinstance(text, str) else text for key, text in value.items()}
    return value


def _hotspot_texts(data: dict) -> Iterator[tuple[JsonPath, Any]]:
    for sid, scene in _as_dict(data.get("scenes")).items():
        for index, spot in enumerate(_as_list(_as_dict(scene).get("hotspots"))):
            if isinstance(spot, dict) and "text" in spot:
                yield ("scenes", sid, "hotspots", index, "text"), spot["text"]


def _set_at(doc: TourDocument, path: JsonPath, value: Any) -> None:
    parent, key = _container(doc, path)
    parent[key] = value


@dataclass(frozen=True, eq=False)
class RenameScene(Edit):
    """Rename a scene in place and every reference to it.

    References: ``firstScene``, links' ``targetScene``, guided steps' ``scene``, ``siteMap.scenes``
    keys (position kept), panoramas' ``pose.model`` and rich-text links (``#scene:ID``) in hotspot
    texts. Refuses (ValueError, before changing anything) an unknown old id or a new id that is
    empty, not an id, taken, or already a (dangling) ``siteMap.scenes`` key, since merging two
    keys could not be undone. Captures on apply: the exact places it changed, so a dangling link
    that happened to name ``new_id`` already is left alone by revert.
    """

    old_id: str
    new_id: str
    text: str = ""
    _undo: dict = _memo()

    def __post_init__(self) -> None:
        _default_text(self, f"Rename scene {_q(self.old_id)} to {_q(self.new_id)}")

    def apply(self, doc: TourDocument) -> None:
        if self.old_id not in doc.scene_ids():
            raise ValueError(f"the tour has no scene {_q(self.old_id)} to rename")
        problem = doc.scene_id_problem(self.new_id)
        if problem:
            raise ValueError(problem)
        if self.new_id in _as_dict(_as_dict(doc.data.get("siteMap")).get("scenes")):
            raise ValueError(f"the site map already places an unknown scene {_q(self.new_id)}; remove that entry first")
        _rename_key(doc.data["scenes"], self.old_id, self.new_id)
        references = scene_references(doc.data, self.old_id)
        for path in references:
            _set_at(doc, path, self.new_id)
        self._undo["references"] = references
        self._undo["texts"] = self._rename_links(doc)
        self._undo["site_map"] = self._rename_on_map(doc, self.old_id, self.new_id)

    def revert(self, doc: TourDocument) -> None:
        references = _recall(self._undo, "references")
        if self._undo["site_map"]:
            self._rename_on_map(doc, self.new_id, self.old_id)
        for path, old in self._undo["texts"]:
            _set_at(doc, path, old)
        for path in references:
            _set_at(doc, path, self.old_id)
        _rename_key(doc.data["scenes"], self.new_id, self.old_id)

    def _rename_links(self, doc: TourDocument) -> list[tuple[JsonPath, Any]]:
        pattern = _scene_link(self.old_id)
        changed = []
        for path, value in list(_hotspot_texts(doc.data)):
            new = _map_text(value, lambda text: pattern.sub(lambda m: m.group(1) + self.new_id, text))
            if new != value:
                changed.append((path, value))
                _set_at(doc, path, new)
        return changed

    @staticmethod
    def _rename_on_map(doc: TourDocument, old: str, new: str) -> bool:
        placed = _as_dict(_as_dict(doc.data.get("siteMap")).get("scenes"))
        if old not in placed:
            return False
        _rename_key(placed, old, new)
        return True


@dataclass(frozen=True, eq=False)
class ReorderScenes(Edit):
    """Put the scenes in ``order`` (a permutation of the scene ids; the scene list's order).

    Captures on apply: the previous order. ``siteMap.scenes`` keeps its own order (a smaller diff).
    """

    order: tuple[str, ...]
    text: str = "Reorder scenes"
    _undo: dict = _memo()

    def __post_init__(self) -> None:
        object.__setattr__(self, "order", tuple(self.order))

    def apply(self, doc: TourDocument) -> None:
        current = doc.scene_ids()
        if len(set(self.order)) != len(self.order) or set(self.order) != set(current):
            raise ValueError("the new order must list every scene exactly once")
        self._undo["order"] = current
        _reorder(doc.data["scenes"], self.order)

    def revert(self, doc: TourDocument) -> None:
        _reorder(doc.data["scenes"], _recall(self._undo, "order"))


# -- numbers ----------------------------------------------------------------------------------------


def _rounded(value: float, decimals: int) -> float:
    """``value`` rounded; -0.0 becomes 0.0 and NaN or infinity is refused (JSON has neither)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return round(number, decimals) + 0.0


def _yaw(value: float) -> float:
    return _rounded(wrap_yaw(float(value)), ANGLE_DECIMALS)


def _pitch(value: float) -> float:
    return _rounded(min(90.0, max(-90.0, float(value))), ANGLE_DECIMALS)


def _hfov(value: float) -> float:
    hfov = _rounded(value, ANGLE_DECIMALS)
    if not 0.0 < hfov < 180.0:
        raise ValueError(f"hfov must be between 0 and 180 degrees, not {value!r}")
    return hfov


def _heading(value: float) -> float:
    """A compass heading in [0, 360)."""
    heading = _rounded(float(value) % 360.0, ANGLE_DECIMALS)
    return 0.0 if heading >= 360.0 else heading


def _vector(values: Sequence[float], what: str) -> list[float]:
    if len(values) != 3:
        raise ValueError(f"{what} needs 3 coordinates, not {len(values)}")
    return [_rounded(value, COORDINATE_DECIMALS) for value in values]


def _unit_normal(values: Sequence[float]) -> list[float]:
    """The normal as a unit vector (the validator requires one), rounded."""
    vector = [float(value) for value in values]
    length = math.sqrt(sum(c * c for c in vector)) if len(vector) == 3 else 0.0
    if not length or not math.isfinite(length):
        raise ValueError("a normal needs 3 coordinates and a length; got " + repr(list(values)))
    return _vector([c / length for c in vector], "a normal")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _rounded_geometry(spot: dict) -> dict:
    """A new hotspot with its placement rounded like the constructors' own numbers."""
    result = dict(spot)
    for key in ("yaw", "pitch"):
        if _is_number(result.get(key)):
            result[key] = _rounded(result[key], ANGLE_DECIMALS)
    if isinstance(result.get("vertices"), list):
        result["vertices"] = [[_rounded(c, ANGLE_DECIMALS) if _is_number(c) else c for c in vertex]
                              if isinstance(vertex, list) else vertex for vertex in result["vertices"]]
    for key in ("position", "normal"):
        if isinstance(result.get(key), list) and all(_is_number(c) for c in result[key]):
            result[key] = [_rounded(c, COORDINATE_DECIMALS) for c in result[key]]
    return result


# -- hotspots ---------------------------------------------------------------------------------------


def _hotspots_path(scene_id: str) -> JsonPath:
    return ("scenes", scene_id, "hotspots")


def _hotspot_path(scene_id: str, index: int) -> JsonPath:
    return ("scenes", scene_id, "hotspots", index)


def _is_model_scene(doc: TourDocument, scene_id: str) -> bool:
    return scene_kind(doc.scene(scene_id)) == "model"


def _id_base(spot: dict) -> str:
    """What a new id is built from: the hotspot's own id, ``to-TARGET`` for a link, else its type."""
    if isinstance(spot.get("id"), str) and spot["id"]:
        return spot["id"]
    if spot.get("type") == "scene" and isinstance(spot.get("targetScene"), str):
        return f"to-{spot['targetScene']}"
    return spot["type"] if isinstance(spot.get("type"), str) else "hotspot"


def add_hotspot(doc: TourDocument, scene_id: str, hotspot: dict, index: int | None = None) -> Edit:
    """Add ``hotspot`` at ``index`` (default: last) with a unique id (its own when free).

    The new hotspot's keys are put in canonical order and its placement rounded.
    """
    scene = doc.scene(scene_id)
    if "hotspots" in scene and not isinstance(scene["hotspots"], list):
        raise ValueError(f"scene {_q(scene_id)} has a 'hotspots' value that is not an array")
    spot = _rounded_geometry(hotspot)
    if not isinstance(spot.get("id"), str) or spot["id"] in doc.hotspot_ids(scene_id):
        spot["id"] = doc.unique_hotspot_id(scene_id, _id_base(spot))
    spots = doc.hotspots(scene_id)
    spot = canonical_copy(doc.data, _hotspot_path(scene_id, len(spots)), spot)
    text = f"Add hotspot {_q(spot['id'])}"
    if "hotspots" not in scene:
        return SetValue(_hotspots_path(scene_id), [spot], text)
    return InsertItem(_hotspots_path(scene_id), len(spots) if index is None else index, spot, text)


def delete_hotspot(doc: TourDocument, scene_id: str, index: int) -> Edit:
    label = doc.hotspot_label(scene_id, index)
    return RemoveItem(_hotspots_path(scene_id), index, f"Delete hotspot {_q(label)}")


def duplicate_hotspot(doc: TourDocument, scene_id: str, index: int) -> Edit:
    """A copy right after the original, with a new unique id.

    A panorama hotspot's copy sits :data:`DUPLICATE_YAW_OFFSET` degrees to the right so it is
    visible; a 3D hotspot's copy keeps its anchor (moved off it, it would float off the surface).
    """
    original = doc.hotspot(scene_id, index)
    spot = copy.deepcopy(original)
    new_id = doc.unique_hotspot_id(scene_id, _id_base(original))
    if "id" in spot:
        spot["id"] = new_id
    else:
        _insert_at(spot, _canonical_position(list(spot), "id", HOTSPOT_KEY_ORDER), "id", new_id)
    if not _is_model_scene(doc, scene_id):
        _shift_yaw(spot, DUPLICATE_YAW_OFFSET)
    text = f"Duplicate hotspot {_q(doc.hotspot_label(scene_id, index))}"
    return InsertItem(_hotspots_path(scene_id), index + 1, spot, text)


def _shift_yaw(spot: dict, degrees: float) -> None:
    if _is_number(spot.get("yaw")):
        spot["yaw"] = _yaw(spot["yaw"] + degrees)
    for vertex in _as_list(spot.get("vertices")):
        if isinstance(vertex, list) and vertex and _is_number(vertex[0]):
            vertex[0] = _yaw(vertex[0] + degrees)


def _point_hotspot(doc: TourDocument, scene_id: str, index: int) -> None:
    """Refuse hotspots that are not placed by yaw and pitch."""
    if _is_model_scene(doc, scene_id):
        raise ValueError(f"scene {_q(scene_id)} is a model scene: move its hotspots with move_hotspot_3d")
    if doc.hotspot(scene_id, index).get("type") == "area":
        raise ValueError("an area is placed by its corners: move them with set_vertex")


def move_hotspot(doc: TourDocument, scene_id: str, index: int, yaw: float, pitch: float) -> Edit:
    """Move a panorama hotspot (info or link) to ``yaw``/``pitch`` (wrapped, clamped, rounded)."""
    _point_hotspot(doc, scene_id, index)
    path = _hotspot_path(scene_id, index)
    label = doc.hotspot_label(scene_id, index)
    return Compound(f"Move hotspot {_q(label)}",
                    (SetValue((*path, "yaw"), _yaw(yaw)), SetValue((*path, "pitch"), _pitch(pitch))))


def move_hotspot_3d(doc: TourDocument, scene_id: str, index: int,
                    position: Sequence[float], normal: Sequence[float]) -> Edit:
    """Anchor a model scene's hotspot at ``position`` with ``normal`` (normalised, as picked)."""
    if not _is_model_scene(doc, scene_id):
        raise ValueError(f"scene {_q(scene_id)} is a panorama: move its hotspots with move_hotspot")
    path = _hotspot_path(scene_id, index)
    label = doc.hotspot_label(scene_id, index)
    return Compound(f"Move hotspot {_q(label)}", (SetValue((*path, "position"), _vector(position, "a position")),
                                                 SetValue((*path, "normal"), _unit_normal(normal))))


def _vertices(doc: TourDocument, scene_id: str, index: int) -> list:
    spot = doc.hotspot(scene_id, index)
    if spot.get("type") != "area" or not isinstance(spot.get("vertices"), list):
        raise ValueError(f"hotspot {_q(doc.hotspot_label(scene_id, index))} is not an area with corners")
    return spot["vertices"]


def _vertices_path(scene_id: str, index: int) -> JsonPath:
    return (*_hotspot_path(scene_id, index), "vertices")


def set_vertex(doc: TourDocument, scene_id: str, index: int, vertex_index: int, yaw: float, pitch: float) -> Edit:
    """Move corner ``vertex_index`` of an area hotspot."""
    vertices = _vertices(doc, scene_id, index)
    _check_index(vertices, vertex_index, _vertices_path(scene_id, index))
    label = doc.hotspot_label(scene_id, index)
    return SetValue((*_vertices_path(scene_id, index), vertex_index), [_yaw(yaw), _pitch(pitch)],
                    f"Move corner {vertex_index + 1} of {_q(label)}")


def insert_vertex(doc: TourDocument, scene_id: str, index: int, vertex_index: int, yaw: float, pitch: float) -> Edit:
    """Add a corner to an area so it becomes corner ``vertex_index`` (len: after the last)."""
    vertices = _vertices(doc, scene_id, index)
    _check_index(vertices, vertex_index, _vertices_path(scene_id, index), end=True)
    label = doc.hotspot_label(scene_id, index)
    return InsertItem(_vertices_path(scene_id, index), vertex_index, [_yaw(yaw), _pitch(pitch)],
                      f"Add a corner to {_q(label)}")


def remove_vertex(doc: TourDocument, scene_id: str, index: int, vertex_index: int) -> Edit:
    """Remove a corner of an area; refused when the area would have fewer than 3."""
    vertices = _vertices(doc, scene_id, index)
    _check_index(vertices, vertex_index, _vertices_path(scene_id, index))
    label = doc.hotspot_label(scene_id, index)
    if len(vertices) <= MIN_AREA_VERTICES:
        raise ValueError(f"area {_q(label)} needs at least {MIN_AREA_VERTICES} corners")
    return RemoveItem(_vertices_path(scene_id, index), vertex_index, f"Remove corner {vertex_index + 1} of {_q(label)}")


# -- texts and views ---------------------------------------------------------------------------------


def set_text(doc: TourDocument, path: Iterable[str | int], language: str, text: str) -> Edit:
    """Set the ``language`` text of the localised value at ``path``.

    An object gets (or changes) that language's key. A plain string counts as the default
    language: setting the default language keeps it a string, another language turns it into
    ``{default: old, language: text}``. A missing value becomes ``{language: text}``, so the
    language stays explicit when the tour gains more.
    """
    path = tuple(path)
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        raise ValueError(f"{language!r} is not a language tag such as en, zh-Hans or ug")
    label = f"Edit {_describe(doc, path)} ({language})"
    current = doc.get(path, _ABSENT)
    if isinstance(current, dict):
        return SetValue((*path, language), text, label)
    default = default_language(doc.data)
    if isinstance(current, str):
        value: Any = text if language == default else {default: current, language: text}
    elif current is _ABSENT:
        value = {language: text}
    else:
        raise ValueError(f"{format_json_path(path)} is not a text")
    return SetValue(path, canonical_copy(doc.data, path, value), label)


def _describe(doc: TourDocument, path: JsonPath) -> str:
    """"title of hotspot “niche”", "title of scene “hall”", "text", ... for an edit's text."""
    key = path[-1] if path else "text"
    if len(path) == 5 and path[0] == "scenes" and path[2] == "hotspots" and isinstance(path[3], int):
        label = doc.hotspot_label(path[1], path[3]) if doc.get(path[:4], None) is not None else f"#{path[3]}"
        return f"{key} of hotspot {_q(label)}"
    if len(path) == 3 and path[0] == "scenes":
        return f"{key} of scene {_q(path[1])}"
    return str(key)


def set_initial_view(doc: TourDocument, scene_id: str, yaw: float, pitch: float, hfov: float) -> Edit:
    """Make the current view the panorama scene's ``initialView``."""
    if _is_model_scene(doc, scene_id):
        raise ValueError(f"scene {_q(scene_id)} is a model scene: its start view is its 'camera'")
    view = {"yaw": _yaw(yaw), "pitch": _pitch(pitch), "hfov": _hfov(hfov)}
    return SetValue(("scenes", scene_id, "initialView"), view, f"Set the initial view of {_q(scene_id)}")


def set_north_offset(doc: TourDocument, scene_id: str, value: float) -> Edit:
    """Set the compass heading of the scene's yaw 0 (written in [0, 360))."""
    doc.scene(scene_id)
    return SetValue(("scenes", scene_id, "northOffset"), _heading(value), f"Set north in {_q(scene_id)}")


def set_site_map_position(doc: TourDocument, scene_id: str, x: float, y: float) -> Edit:
    """Place (or move) the scene's dot on the site map, in image pixels.

    Negative coordinates are clamped to 0; keeping the dot inside the image is the caller's job
    (it knows the image's size).
    """
    doc.scene(scene_id)
    site_map = doc.data.get("siteMap")
    if not isinstance(site_map, dict):
        raise ValueError("the tour has no site map: add a 'siteMap' with an image first")
    point = {"x": _rounded(max(0.0, float(x)), PIXEL_DECIMALS), "y": _rounded(max(0.0, float(y)), PIXEL_DECIMALS)}
    text = f"Place {_q(scene_id)} on the site map"
    if "scenes" not in site_map:
        return SetValue(("siteMap", "scenes"), {scene_id: point}, text)
    return SetValue(("siteMap", "scenes", scene_id), point, text)


# -- scenes -------------------------------------------------------------------------------------------


def add_scene(doc: TourDocument, scene_id: str, scene: dict) -> Edit:
    """Add a scene at the end of the list (keys in canonical order). ValueError for a bad or taken id."""
    problem = doc.scene_id_problem(scene_id)
    if problem:
        raise ValueError(problem)
    path = ("scenes", scene_id)
    return SetValue(path, canonical_copy(doc.data, path, scene), f"Add scene {_q(scene_id)}")


def delete_scene(doc: TourDocument, scene_id: str) -> Compound:
    """Delete a scene and everything that would dangle without it, as one undo step.

    Taken along: links (scene hotspots) to it in other scenes, guided-tour steps on it (a guided
    tour left without steps goes too), its site-map dot, panoramas' placement (``pose``) in it when
    it is their model, and rich-text links to it (their words stay); ``firstScene`` moves to the
    first remaining scene. ``.removed`` lists these in words for a confirmation. The last scene
    cannot be deleted.
    """
    doc.scene(scene_id)
    remaining = [sid for sid in doc.scene_ids() if sid != scene_id]
    if not remaining:
        raise ValueError("a tour needs at least one scene; add another before deleting this one")
    doomed = _doomed_links(doc, scene_id)
    parts = [*_text_link_removals(doc, scene_id, doomed), *_first_scene_change(doc, scene_id, remaining[0]),
             *_pose_removals(doc, scene_id), *_site_map_removal(doc, scene_id),
             *_link_removals(doc, doomed), *_guided_removals(doc, scene_id)]
    edits = [edit for edit, _ in parts] + [RemoveKey(("scenes", scene_id))]
    return Compound(f"Delete scene {_q(scene_id)}", tuple(edits), removed=tuple(what for _, what in parts))


_Part = tuple[Edit, str]


def _doomed_links(doc: TourDocument, scene_id: str) -> list[tuple[str, int]]:
    """(scene, index) of the hotspots in other scenes that link to ``scene_id``."""
    return [(sid, index) for sid in doc.scene_ids() if sid != scene_id
            for index, spot in enumerate(doc.hotspots(sid))
            if isinstance(spot, dict) and spot.get("targetScene") == scene_id]


def _link_removals(doc: TourDocument, doomed: list[tuple[str, int]]) -> list[_Part]:
    """Highest index first within a scene, so earlier removals do not shift later paths."""
    return [(RemoveItem(_hotspots_path(sid), index),
             f"link {_q(doc.hotspot_label(sid, index))} in scene {_q(sid)}")
            for sid, index in sorted(doomed, key=lambda item: (item[0], -item[1]))]


def _guided_removals(doc: TourDocument, scene_id: str) -> list[_Part]:
    """Steps on the scene, or whole guided tours that would be left empty; last tour first."""
    parts: list[_Part] = []
    tours = _as_list(doc.data.get("guidedTours"))
    for tour_index in reversed(range(len(tours))):
        tour = _as_dict(tours[tour_index])
        name = _q(tour.get("id", f"#{tour_index}"))
        steps = _as_list(tour.get("steps"))
        on_scene = [i for i, step in enumerate(steps) if _as_dict(step).get("scene") == scene_id]
        if on_scene and len(on_scene) == len(steps):
            parts.append((RemoveItem(("guidedTours",), tour_index), f"guided tour {name} (all its steps are in it)"))
            continue
        for step_index in reversed(on_scene):
            parts.append((RemoveItem(("guidedTours", tour_index, "steps"), step_index),
                          f"step {step_index + 1} of guided tour {name}"))
    return parts


def _pose_removals(doc: TourDocument, scene_id: str) -> list[_Part]:
    if not _is_model_scene(doc, scene_id):
        return []
    return [(RemoveKey(("scenes", sid, "pose")), f"the placement of scene {_q(sid)} in this model")
            for sid in doc.scene_ids()
            if sid != scene_id and isinstance(doc.scene(sid).get("pose"), dict)
            and pose_model_id(doc.data, doc.scene(sid)["pose"]) == scene_id]


def _site_map_removal(doc: TourDocument, scene_id: str) -> list[_Part]:
    placed = _as_dict(_as_dict(doc.data.get("siteMap")).get("scenes"))
    if scene_id not in placed:
        return []
    return [(RemoveKey(("siteMap", "scenes", scene_id)), "its dot on the site map")]


def _first_scene_change(doc: TourDocument, scene_id: str, successor: str) -> list[_Part]:
    if doc.data.get("firstScene") != scene_id:
        return []
    what = f"its place as the start scene (the tour will start at {_q(successor)})"
    return [(SetValue(("firstScene",), successor), what)]


def _text_link_removals(doc: TourDocument, scene_id: str, doomed: list[tuple[str, int]]) -> list[_Part]:
    """Unlink rich-text links to the scene in the hotspots that stay (the words remain)."""
    anchor = _scene_anchor(scene_id)
    parts: list[_Part] = []
    for path, value in _hotspot_texts(doc.data):
        sid, index = path[1], path[3]
        if sid == scene_id or (sid, index) in doomed:
            continue
        new = _map_text(value, lambda text: anchor.sub(lambda m: m.group(2), text))
        if new != value:
            parts.append((SetValue(path, new), f"the link to it in the text of hotspot "
                          f"{_q(doc.hotspot_label(sid, index))} in scene {_q(sid)}"))
    return parts


# -- translations -------------------------------------------------------------------------------------


def missing_translations(doc: TourDocument | dict) -> list[tuple[JsonPath, str]]:
    """(path, language) for every localised text lacking one of the tour's declared ``languages``.

    A plain string counts as the default language (as the validator does); a blank translation
    counts as missing, since it gives a reader nothing. A tour without ``languages`` declares no
    obligation, so nothing is missing.
    """
    data = doc.data if isinstance(doc, TourDocument) else doc
    declared = declared_languages(data)
    if declared is None:
        return []
    default = default_language(data)
    missing = []
    for path, value in text_locations(data):
        present = _present_languages(value, default)
        missing.extend((path, language) for language in declared if language not in present)
    return missing


def _present_languages(value: Any, default: str) -> set[str]:
    if isinstance(value, str):
        return {default} if value.strip() else set()
    if isinstance(value, dict):
        return {lang for lang, text in value.items() if isinstance(text, str) and text.strip()}
    return set()


__all__ = [
    "Compound", "Edit", "InsertItem", "MoveItem", "RemoveItem", "RemoveKey", "RenameScene", "ReorderScenes",
    "SetValue", "TourDocument", "add_hotspot", "add_scene", "canonical_copy", "delete_hotspot", "delete_scene",
    "duplicate_hotspot", "insert_vertex", "key_order", "missing_translations", "move_hotspot", "move_hotspot_3d",
    "remove_vertex", "scene_references", "set_initial_view", "set_north_offset", "set_site_map_position",
    "set_text", "set_vertex",
]

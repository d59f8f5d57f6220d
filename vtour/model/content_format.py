"""Hotspot content in the tour file: ``images``, ``audio`` narration and ``captions``.

Checks and building for those keys, kept beside :mod:`vtour.model.semantics` and
:mod:`vtour.model.build`, which call in here (as :mod:`vtour.model.guided_format` does for guided
tours). The files are listed by :func:`content_references`; ``vtour.io.tourfile`` resolves them on
disk with the panoramas (inside the tour's folder, existing, regular files; images by header) and
:mod:`vtour.io.media` checks that audio looks like audio and captions parse as WebVTT.
Runs on documents the schema may have refused, so it trusts no type.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from vtour.model.issues import Issue, JsonPath, did_you_mean, quote_value, warning
from vtour.model.localized_files import file_values, resolved_files
from vtour.model.richtext import links
from vtour.model.tour import HotspotImage, LocalizedText

MEDIA_KEYS = ("audio", "captions")


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def content_hotspots(document: Any) -> Iterator[tuple[JsonPath, str, dict]]:
    """``(path, scene id, hotspot)`` for every hotspot object in the document."""
    for scene_id, scene in _dict(_dict(document).get("scenes")).items():
        if not isinstance(scene, dict):
            continue
        for index, hotspot in enumerate(_list(scene.get("hotspots"))):
            if isinstance(hotspot, dict):
                yield ("scenes", scene_id, "hotspots", index), scene_id, hotspot


def _images(hotspot: dict) -> Iterator[tuple[int, dict]]:
    """``(index, image object)``; a bare path string counts as ``{"path": ...}``."""
    for index, image in enumerate(_list(hotspot.get("images"))):
        if isinstance(image, str):
            yield index, {"path": image}
        elif isinstance(image, dict):
            yield index, image


# -- files ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContentRef:
    """A file named by hotspot content; ``kind`` is ``"image"``, ``"audio"`` or ``"captions"``."""

    path: JsonPath
    value: str
    kind: str

    @property
    def image(self) -> bool:  # read by vtour.io.tourfile: only images have a header to read
        return self.kind == "image"


def content_references(document: Any) -> list[ContentRef]:
    """Every image, narration and caption file of every hotspot, in document order."""
    refs = []
    for path, _, hotspot in content_hotspots(document):
        for index, image in _images(hotspot):
            at = (*path, "images", index) if isinstance(_list(hotspot["images"])[index], str) else (*path, "images", index, "path")
            if isinstance(image.get("path"), str):
                refs.append(ContentRef(at, image["path"], "image"))
        for key in MEDIA_KEYS:
            refs.extend(_per_language_refs((*path, key), hotspot.get(key), key))
    return refs


def _per_language_refs(path: JsonPath, value: Any, kind: str) -> Iterator[ContentRef]:
    for file_path, file in file_values(path, value):
        yield ContentRef(file_path, file, kind)


# -- texts and checks -----------------------------------------------------------------------------


def content_text_locations(document: Any) -> Iterator[tuple[JsonPath, Any]]:
    """Image captions and alt texts (checked for missing translations like any text)."""
    for path, _, hotspot in content_hotspots(document):
        for index, image in _images(hotspot):
            for key in ("caption", "alt"):
                if key in image:
                    yield (*path, "images", index, key), image[key]


def content_issues(document: Any) -> list[Issue]:
    """Captions without narration, and rich-text links to scenes or hotspots that do not exist."""
    scene_ids = list(_dict(_dict(document).get("scenes")))
    issues = []
    for path, scene_id, hotspot in content_hotspots(document):
        if "captions" in hotspot and "audio" not in hotspot:
            issues.append(warning((*path, "captions"), 'captions without "audio" are never shown'))
        spot_ids = [spot.get("id") for _, sid, spot in content_hotspots(document) if sid == scene_id]
        issues.extend(_link_issues((*path, "text"), hotspot.get("text"), scene_ids, spot_ids))
    return issues


def _link_issues(path: JsonPath, text: Any, scene_ids: list[str], spot_ids: list) -> Iterator[Issue]:
    texts = {None: text} if isinstance(text, str) else _dict(text)
    for language, value in texts.items():
        if not isinstance(value, str):
            continue
        at = path if language is None else (*path, language)
        for link in links(value):
            known = scene_ids if link.kind == "scene" else [i for i in spot_ids if isinstance(i, str)]
            if link.target not in known:
                hint = did_you_mean(link.target, known)
                yield Issue(at, f"links to unknown {link.kind} {quote_value(link.target)}{hint}")


# -- building -------------------------------------------------------------------------------------


def build_content(hotspot: dict, path: JsonPath, language: str, files: Mapping[JsonPath, Any]) -> dict:
    """Keyword arguments for :class:`~vtour.model.tour.Hotspot`: ``images``, ``audio``, ``captions``.

    ``files`` maps JSON paths to resolved files (``.path``); audio and captions become
    :class:`LocalizedText` of absolute path strings, so they follow the language fallback chain.
    """
    images = []
    for index, image in _images(hotspot):
        at = (*path, "images", index) if isinstance(hotspot["images"][index], str) else (*path, "images", index, "path")
        if at in files:
            images.append(HotspotImage(
                path=files[at].path,
                caption=LocalizedText.of(image.get("caption"), language),
                alt=LocalizedText.of(image.get("alt"), language),
            ))
    media = {key: resolved_files(hotspot.get(key), (*path, key), language, files) for key in MEDIA_KEYS}
    return {"images": tuple(images), **media}

"""Files given once or per language: ``"narration.ogg"`` or ``{"en": "en.ogg", "ug": "ug.ogg"}``.

Hotspot audio and captions and guided-tour narration and captions share this shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from vtour.model.issues import JsonPath
from vtour.model.tour import LocalizedText


def file_values(path: JsonPath, value: Any) -> Iterator[tuple[JsonPath, str]]:
    """Each (JSON path, file name) in a per-language file value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for language, file in value.items():
            if isinstance(file, str):
                yield (*path, language), file


def resolved_files(value: Any, path: JsonPath, language: str, files: Mapping[JsonPath, Any]) -> LocalizedText:
    """The resolved paths (``files[json_path].path``) of a per-language file value, by language."""
    if isinstance(value, str) and path in files:
        return LocalizedText.of(str(files[path].path), language)
    if isinstance(value, dict):
        found = {lang: str(files[(*path, lang)].path) for lang in value if (*path, lang) in files}
        return LocalizedText.of(found or None, language)
    return LocalizedText()

"""Typed access to a glTF JSON document that turns every surprise into :class:`GltfInvalid`.

A glTF file comes from anywhere, so every value is checked for type and range where it is read;
the error carries the JSON path (``("accessors", 3, "count")``) that :func:`vtour.io.gltf.load_gltf`
turns into a :class:`~vtour.model.mesh.ModelError` with file, line and column.
"""

from __future__ import annotations

import math
from typing import Any

from vtour.model.issues import JsonPath

_MISSING: Any = object()


class GltfInvalid(Exception):
    """A problem at ``path`` in the glTF document (or in the data it points to)."""

    def __init__(self, path: JsonPath, message: str, extension: str | None = None):
        super().__init__(message)
        self.path = tuple(path)
        self.message = message
        self.extension = extension


def get_dict(obj: dict, key: str, path: JsonPath, default: Any = _MISSING) -> dict:
    """``obj[key]`` as a JSON object (``default`` when absent; required when no default)."""
    value = _lookup(obj, key, path, default)
    if value is not default and not isinstance(value, dict):
        raise GltfInvalid((*path, key), f"expected an object, found {type(value).__name__}")
    return value


def get_list(obj: dict, key: str, path: JsonPath, default: Any = _MISSING) -> list:
    """``obj[key]`` as a JSON array."""
    value = _lookup(obj, key, path, default)
    if value is not default and not isinstance(value, list):
        raise GltfInvalid((*path, key), f"expected an array, found {type(value).__name__}")
    return value


def get_int(obj: dict, key: str, path: JsonPath, default: Any = _MISSING, minimum: int = 0) -> int:
    """``obj[key]`` as an integer ``>= minimum`` (JSON numbers like ``3.0`` are accepted)."""
    value = _lookup(obj, key, path, default)
    if value is default:
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise GltfInvalid((*path, key), f"expected an integer, found {_show(value)}")
    if value < minimum:
        raise GltfInvalid((*path, key), f"must be at least {minimum}, found {value}")
    return value


def get_float(obj: dict, key: str, path: JsonPath, default: Any = _MISSING) -> float:
    """``obj[key]`` as a finite number."""
    value = _lookup(obj, key, path, default)
    if value is default:
        return value
    if not _is_number(value):
        raise GltfInvalid((*path, key), f"expected a number, found {_show(value)}")
    return float(value)


def get_floats(obj: dict, key: str, path: JsonPath, count: int, default: Any = _MISSING) -> tuple:
    """``obj[key]`` as exactly ``count`` finite numbers."""
    value = _lookup(obj, key, path, default)
    if value is default:
        return value
    if not isinstance(value, list) or len(value) != count:
        raise GltfInvalid((*path, key), f"expected an array of {count} numbers, found {_show(value)}")
    for i, number in enumerate(value):
        if not _is_number(number):
            raise GltfInvalid((*path, key, i), f"expected a number, found {_show(number)}")
    return tuple(float(number) for number in value)


def get_str(obj: dict, key: str, path: JsonPath, default: Any = _MISSING) -> str:
    """``obj[key]`` as a string."""
    value = _lookup(obj, key, path, default)
    if value is not default and not isinstance(value, str):
        raise GltfInvalid((*path, key), f"expected a string, found {_show(value)}")
    return value


def get_bool(obj: dict, key: str, path: JsonPath, default: bool) -> bool:
    value = _lookup(obj, key, path, default)
    if not isinstance(value, bool):
        raise GltfInvalid((*path, key), f"expected true or false, found {_show(value)}")
    return value


def item(doc: dict, key: str, index: Any, path: JsonPath) -> dict:
    """``doc[key][index]``, a top-level array element (``accessors``, ``nodes``...), as an object.

    ``path`` is where the reference was found, for the message when the index is wrong.
    """
    array = get_list(doc, key, (), default=[])
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(array):
        raise GltfInvalid(path, f"refers to {key}[{_show(index)}], but the file has {len(array)} {key}")
    element = array[index]
    if not isinstance(element, dict):
        raise GltfInvalid((key, index), f"expected an object, found {type(element).__name__}")
    return element


def _lookup(obj: Any, key: str, path: JsonPath, default: Any) -> Any:
    if not isinstance(obj, dict):
        raise GltfInvalid(path, f"expected an object, found {type(obj).__name__}")
    if key in obj:
        return obj[key]
    if default is _MISSING:
        raise GltfInvalid(path, f"required property {key!r} is missing")
    return default


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 2**1000  # float() of a larger JSON integer overflows
    return isinstance(value, float) and math.isfinite(value)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."

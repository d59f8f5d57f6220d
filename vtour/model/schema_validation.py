"""Check a tour document against the JSON Schema shipped in the package (Draft 2020-12).

``jsonschema`` finds the problems; this module turns each into an :class:`Issue` with a message a
tour author can act on ("expected a number, got string "12"") instead of the library's repr-based
text. Unknown keys are *warnings* with a "did you mean" hint, so that a tour written for a newer
vtour still opens; the schema itself forbids them so that editors flag typos.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from vtour.model.issues import Issue, describe_value, did_you_mean, quote_value, warning

SCHEMA_RESOURCE = ("schema", "tour-v1.schema.json")
"""Where the schema lives inside the ``vtour.model`` package."""

PANNELLUM_HINTS = {
    "hotSpots": '"hotspots"',
    "sceneId": '"targetScene"',
    "cubeMap": '"faces"',
    "targetYaw": '"targetView": {"yaw": ...}',
    "targetPitch": '"targetView": {"pitch": ...}',
    "targetHfov": '"targetView": {"hfov": ...}',
    "minYaw": '"limits": {"minYaw": ...}',
    "maxYaw": '"limits": {"maxYaw": ...}',
    "minPitch": '"limits": {"minPitch": ...}',
    "maxPitch": '"limits": {"maxPitch": ...}',
    "minHfov": '"limits": {"minHfov": ...}',
    "maxHfov": '"limits": {"maxHfov": ...}',
}
"""Pannellum keys people will type, and where vtour keeps the same information."""

_PATTERN_HINTS = {
    r"^\w[\w.-]*$(?!\n)": "not a valid id (use letters, digits, '_', '-' and '.', starting with a letter, digit or '_')",
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$(?!\n)": "not a language tag (such as en, zh-Hans or ug)",
}

_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "object": "an object",
    "array": "an array",
    "boolean": "true or false",
    "null": "null",
}


def schema_text() -> str:
    """The tour schema as shipped, read through :mod:`importlib.resources` (works from a wheel)."""
    return resources.files("vtour.model").joinpath(*SCHEMA_RESOURCE).read_text(encoding="utf-8")


@cache
def tour_schema() -> dict:
    """The parsed tour schema (cached; do not modify)."""
    return json.loads(schema_text())


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(tour_schema())


def schema_issues(document: Any) -> list[Issue]:
    """Every schema violation in ``document``, in document order, without duplicates."""
    issues: list[Issue] = []
    for error in _validator().iter_errors(document):
        issues.extend(_issues_for(error))
    return list(dict.fromkeys(issues))


def _issues_for(error: ValidationError) -> Iterator[Issue]:
    path = tuple(error.absolute_path)
    if "propertyNames" in error.schema_path:
        yield _property_name_issue(error, path)
    elif error.validator == "additionalProperties":
        yield from _unknown_key_warnings(error, path)
    elif error.validator == "required":
        yield Issue(path, _missing_message(_missing(error)))
    elif error.validator in ("anyOf", "oneOf"):
        yield from _alternatives_issues(error, path)
    else:
        yield Issue(path, _message(error))


def _missing(error: ValidationError) -> list[str]:
    required = error.validator_value
    return [key for key in required if isinstance(error.instance, dict) and key not in error.instance]


def _missing_message(keys: list[str]) -> str:
    quoted = ", ".join(f'"{key}"' for key in keys)
    return f"missing required key{'s' if len(keys) > 1 else ''} {quoted}"


def _property_name_issue(error: ValidationError, path: tuple) -> Issue:
    # jsonschema reports a bad key at its object's path with the key as the instance.
    key = error.instance
    return Issue((*path, key), f"{quote_value(str(key))} is {_hint(error)}", at_key=True)


def _unknown_key_warnings(error: ValidationError, path: tuple) -> Iterator[Issue]:
    known = list(error.schema.get("properties", {}))
    for key in error.instance:
        if key not in known:
            hint = did_you_mean(key, known, PANNELLUM_HINTS)
            yield warning((*path, key), f"unknown key {quote_value(key)} is ignored{hint}", at_key=True)


def _alternatives_issues(error: ValidationError, path: tuple) -> Iterator[Issue]:
    """anyOf/oneOf: name the alternatives when the value fits none by type, else dig into the
    alternative whose type matched (its errors are the useful ones)."""
    shallow_kinds = ("type", "enum", "const")
    relevant = [
        sub for sub in error.context if not (not sub.relative_path and sub.validator in shallow_kinds)
    ]
    if not relevant:
        expected, choices = _alternatives(error)
        hint = did_you_mean(error.instance, choices) if isinstance(error.instance, str) and choices else ""
        yield Issue(path, f"expected {expected}, got {describe_value(error.instance)}{hint}")
        return
    for sub in relevant:
        yield from _issues_for(sub)


def _alternatives(error: ValidationError) -> tuple[str, list[str]]:
    """The alternatives in words, and the string values among them (for "did you mean")."""
    names: list[str] = []
    choices: list[str] = []
    for sub in error.context:
        if sub.relative_path:
            continue
        if sub.validator == "type":
            names.extend(_type_names(sub.validator_value))
        elif sub.validator in ("enum", "const"):
            values = sub.validator_value if sub.validator == "enum" else [sub.validator_value]
            names.extend(json.dumps(v, ensure_ascii=False) for v in values)
            choices.extend(v for v in values if isinstance(v, str))
    names = list(dict.fromkeys(names))
    words = " or ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
    return words, choices


def _type_names(value: str | list[str]) -> list[str]:
    return [_TYPE_NAMES.get(name, name) for name in ([value] if isinstance(value, str) else value)]


def _hint(error: ValidationError) -> str:
    """Why a string failed its pattern, in words."""
    pattern = error.schema.get("pattern", "")
    return _PATTERN_HINTS.get(pattern, f"not valid (must match {pattern})")


def _message(error: ValidationError) -> str:
    kind, value, instance = error.validator, error.validator_value, error.instance
    simple = {
        "type": lambda: f"expected {' or '.join(_type_names(value))}, got {describe_value(instance)}",
        "minItems": lambda: f"expected at least {value} items, got {len(instance)}",
        "maxItems": lambda: f"expected at most {value} items, got {len(instance)}",
        "minLength": lambda: "must not be empty" if value == 1 else f"shorter than {value} characters",
        "maxLength": lambda: f"longer than {value} characters",
        "minProperties": lambda: "must not be empty",
        "uniqueItems": lambda: f"lists {_first_repeat(instance)} twice",
        "pattern": lambda: f"{describe_value(instance)} is {_hint(error)}",
    }
    if kind in simple:
        return simple[kind]()
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{instance:g} is outside {_interval(error.schema)}"
    if kind in ("enum", "const"):
        return _choice_message(kind, value, instance)
    return error.message[:200]


def _first_repeat(items: list) -> str:
    seen: list = []
    for item in items:
        if item in seen:
            return describe_value(item)
        seen.append(item)
    return "an item"


def _interval(schema: dict) -> str:
    low = schema.get("minimum", schema.get("exclusiveMinimum", "-inf"))
    high = schema.get("maximum", schema.get("exclusiveMaximum", "inf"))
    left = "(" if "exclusiveMinimum" in schema or "minimum" not in schema else "["
    right = ")" if "exclusiveMaximum" in schema or "maximum" not in schema else "]"
    return f"{left}{low}, {high}{right}"


def _choice_message(kind: str, value: Any, instance: Any) -> str:
    options = value if kind == "enum" else [value]
    listed = ", ".join(json.dumps(option, ensure_ascii=False) for option in options)
    hint = ""
    if isinstance(instance, str):
        hint = did_you_mean(instance, [o for o in options if isinstance(o, str)])
    prefix = "expected one of" if len(options) > 1 else "expected"
    return f"{prefix} {listed}, got {describe_value(instance)}{hint}"

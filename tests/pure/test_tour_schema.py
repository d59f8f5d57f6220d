"""The JSON Schema ships inside the package and agrees with the loader."""

from __future__ import annotations

import json
import re
from importlib import resources

from jsonschema import Draft202012Validator
from PIL import Image

from vtour.io.tourfile import validate_tour_file

from vtour.model.schema_validation import SCHEMA_RESOURCE, schema_issues, schema_text, tour_schema
from vtour.resources import demo_tour_path


def test_schema_is_package_data():
    resource = resources.files("vtour.model").joinpath(*SCHEMA_RESOURCE)
    assert resource.is_file()
    assert json.loads(resource.read_text(encoding="utf-8")) == tour_schema()
    assert json.loads(schema_text())["$id"] == "urn:vtour:schema:tour-v1"


def test_schema_is_valid_draft_2020_12():
    schema = tour_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_sample_tour_passes_the_plain_schema():
    """Any Draft 2020-12 validator (an editor, CI) accepts the demo with the shipped schema."""
    document = json.loads(demo_tour_path().read_text(encoding="utf-8"))
    assert list(Draft202012Validator(tour_schema()).iter_errors(document)) == []


def test_unknown_keys_are_errors_for_editors_but_warnings_for_vtour():
    document = {"version": 1, "scenes": {"a": {"panorama": "a.jpg", "colour": "red"}}}
    assert [e.validator for e in Draft202012Validator(tour_schema()).iter_errors(document)] == ["additionalProperties"]
    (issue,) = schema_issues(document)
    assert not issue.is_error and issue.at_key and issue.path == ("scenes", "a", "colour")


def test_every_scene_and_hotspot_key_is_documented():
    """docs/tour-format.md mentions every key the schema knows."""
    docs = (demo_tour_path().parents[2] / "docs" / "tour-format.md").read_text(encoding="utf-8")
    keys = set()
    for definition in tour_schema()["$defs"].values():
        keys.update(definition.get("properties", {}))
    keys.update(tour_schema()["properties"])
    missing = sorted(key for key in keys if f"`{key}`" not in docs)
    assert missing == []


def test_documented_example_is_valid(tmp_path):
    """The complete example in docs/tour-format.md loads without errors or warnings."""
    docs = (demo_tour_path().parents[2] / "docs" / "tour-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A complete example\n\n```json\n(.*?)```", docs, re.S).group(1)
    (tmp_path / "tour.json").write_text(example, encoding="utf-8")
    sizes = {"images/hall.jpg": (64, 32), "images/gallery.jpg": (600, 216)}
    sizes.update({f"court/{face}.jpg": (16, 16) for face in ("front", "right", "back", "left", "up", "down")})
    for name, size in sizes.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        Image.new("RGB", size).save(tmp_path / name)
    assert validate_tour_file(tmp_path / "tour.json") == []

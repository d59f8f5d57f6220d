"""No input crashes the loader: the only outcomes are a Tour or a TourError with a message.

Three sources of input: random bytes, random JSON values, and mutations of a valid tour
(deleted keys, changed types, hostile path strings, deep nesting). Derandomized so CI sees the
same examples every run; a few hundred examples in all keep it to a few seconds. For a longer,
random hunt: ``VTOUR_FUZZ_EXAMPLES=5000 pytest tests/pure/test_load_fuzz.py``.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from vtour.io.tourfile import load_tour, load_tour_or_image, validate_tour_file
from vtour.model.errors import Diagnostic, TourError
from vtour.model.tour import Tour

_LONG_RUN = int(os.environ.get("VTOUR_FUZZ_EXAMPLES", "0"))

FUZZ = settings(
    max_examples=_LONG_RUN or 120,
    deadline=None,  # the first example pays for importing and compiling the schema
    derandomize=not _LONG_RUN,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)

VALID_TOUR = {
    "version": 1,
    "title": {"en": "Hall", "zh-Hans": "大厅"},
    "languages": ["en", "zh-Hans"],
    "firstScene": "hall",
    "scenes": {
        "hall": {
            "panorama": "pano.jpg",
            "initialView": {"yaw": 10, "pitch": 0, "hfov": 90},
            "limits": {"minHfov": 40, "maxHfov": 110},
            "hotspots": [
                {"id": "a", "type": "info", "yaw": 5, "pitch": 2, "title": "Info", "text": {"en": "x", "zh-Hans": "y"}},
                {"type": "scene", "yaw": 90, "pitch": 0, "targetScene": "court", "targetView": {"yaw": 3}},
                {"type": "area", "vertices": [[0, 0], [10, 0], [10, 10]]},
            ],
        },
        "court": {
            "type": "cube",
            "faces": ["f.png", "f.png", "f.png", "f.png", "f.png", "f.png"],
            "hotspots": [{"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "hall", "targetView": "sameAzimuth"}],
        },
    },
}

HOSTILE_STRINGS = [
    "../../etc/passwd",
    "/etc/passwd",
    "/abs",
    "C:\\x",
    "c:/windows/win.ini",
    "\\\\server\\share\\x.jpg",
    "a\x00b.jpg",
    "x" * 5000,
    "https://example.org/x.jpg",
    "file:///etc/passwd",
    "~/.ssh/id_rsa",
    "escape.jpg",  # a symlink to a file outside the folder
    "loop.jpg",  # a symlink to itself
    "pipe.jpg",  # a FIFO: opening it would block
    "tour.json",  # not an image
    ".",
    "",
    "\ud7ff\ue000\U0010ffff",
    "名.jpg",
]


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    """A tour folder with the valid tour's images and some traps."""
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "tour"
    folder.mkdir()
    Image.new("RGB", (32, 16)).save(folder / "pano.jpg")
    Image.new("RGB", (8, 8)).save(folder / "f.png")
    Image.new("RGB", (8, 8)).save(root / "outside.jpg")
    os.symlink(root / "outside.jpg", folder / "escape.jpg")
    os.symlink("loop.jpg", folder / "loop.jpg")
    os.mkfifo(folder / "pipe.jpg")
    (folder / "tour.json").write_text(json.dumps(VALID_TOUR))
    assert isinstance(load_tour(folder / "tour.json"), Tour)  # the base document is valid
    return folder


def check_outcome(path: Path) -> None:
    """The property: a Tour, or a TourError whose every diagnostic is well formed."""
    try:
        tour = load_tour_or_image(path)
    except TourError as error:
        assert str(error) and error.diagnostics
        for diagnostic in error.diagnostics:
            _assert_well_formed(diagnostic)
    else:
        assert isinstance(tour, Tour)
        assert tour.start_scene.id == tour.first_scene
    for diagnostic in validate_tour_file(path):
        _assert_well_formed(diagnostic)


def _assert_well_formed(diagnostic: Diagnostic) -> None:
    assert diagnostic.line >= 1 and diagnostic.column >= 1
    assert diagnostic.json_path.startswith("$") and diagnostic.message
    line = str(diagnostic)
    line.encode("utf-8")  # printable: no lone surrogates reach the output
    assert "\n" not in line and "\r" not in line  # one problem, one line


# -- (a) random bytes -----------------------------------------------------------------------------

prefixes = st.sampled_from([b"", b"\xef\xbb\xbf", b'{"version": 1, "scenes": ', b"\xff\xfe", b'{"version": 1,'])


@FUZZ
@given(prefix=prefixes, data=st.binary(max_size=400))
def test_random_bytes(fuzz_dir, prefix, data):
    path = fuzz_dir / "random.json"
    path.write_bytes(prefix + data)
    check_outcome(path)


# -- (b) random JSON values -----------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(HOSTILE_STRINGS[:4] + ["equirectangular", "cube", "info", "scene", "area", "hall"]),
    lambda children: st.lists(children, max_size=6)
    | st.dictionaries(
        st.sampled_from(["version", "scenes", "panorama", "type", "hotspots", "faces", "yaw", "title", "x"])
        | st.text(max_size=8),
        children,
        max_size=6,
    ),
    max_leaves=25,
)


@FUZZ
@given(value=json_values, wrap=st.booleans())
def test_random_json_values(fuzz_dir, value, wrap):
    document = {"version": 1, "scenes": value} if wrap else value
    path = fuzz_dir / "value.json"
    path.write_text(json.dumps(document))
    check_outcome(path)


# -- (c) mutations of a valid tour ----------------------------------------------------------------


def _paths(value, prefix=()):
    """Every path to a value inside ``value``."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


ALL_PATHS = list(_paths(VALID_TOUR))[1:]

replacements = st.one_of(
    json_values,
    st.sampled_from(HOSTILE_STRINGS),
    st.integers(min_value=1, max_value=500).map(lambda depth: json.loads("[" * min(depth, 60) + "]" * min(depth, 60))),
    st.sampled_from([1e308, -1e308, 10**40, -0.0, 5e-324, 361, -91, 180, 0]),
)

mutation = st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["delete", "replace"]), replacements)


def _has(parent, step) -> bool:
    """Whether ``parent[step]`` exists (earlier mutations may have changed the types on the way)."""
    if isinstance(parent, dict):
        return step in parent
    return isinstance(parent, list) and isinstance(step, int) and step < len(parent)


def _apply(document, mutation_spec):
    path, action, replacement = mutation_spec
    parent = document
    for step in path[:-1]:
        if not _has(parent, step):
            return  # an earlier mutation removed or retyped this branch
        parent = parent[step]
    if _has(parent, path[-1]):
        if action == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = replacement


@FUZZ
@given(mutations=st.lists(mutation, min_size=1, max_size=4), ascii_only=st.booleans())
def test_mutated_tours(fuzz_dir, mutations, ascii_only):
    document = copy.deepcopy(VALID_TOUR)
    for spec in mutations:
        _apply(document, spec)
    text = json.dumps(document, ensure_ascii=ascii_only)
    path = fuzz_dir / "mutated.json"
    path.write_text(text, encoding="utf-8")
    check_outcome(path)


def test_deep_nesting_in_a_tour_is_an_error(fuzz_dir):
    path = fuzz_dir / "deep.json"
    path.write_text('{"version": 1, "scenes": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(TourError, match="nesting deeper than 64 levels"):
        load_tour(path)

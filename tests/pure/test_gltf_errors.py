"""Bad glTF input gives a ModelError naming the file and the problem; never another exception.

Hand-written cases for each kind of damage, then a hypothesis run that mutates a small valid
document (the Box fixture's JSON) and flips bytes of a .glb: the only outcomes allowed are a
ModelAsset or a ModelError whose message is not the loader's "unexpected" safety net.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_gltf_builder import GltfBuilder

from vtour.io.gltf import load_gltf
from vtour.model.errors import Severity, TourError
from vtour.model.mesh import ModelAsset, ModelError

_LONG_RUN = int(os.environ.get("VTOUR_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=_LONG_RUN or 150,
    deadline=None,
    derandomize=not _LONG_RUN,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)


@pytest.fixture
def box_doc(shared_fixtures) -> dict:
    return json.loads((shared_fixtures / "gltf/Box/glTF-Embedded/Box.gltf").read_text())


@pytest.fixture
def box_glb(shared_fixtures) -> bytes:
    return (shared_fixtures / "gltf/Box/glTF-Binary/Box.glb").read_bytes()


@pytest.fixture
def textured(shared_fixtures, tmp_path) -> Path:
    """A copy of BoxTextured's .gltf + .bin + .png, free to damage."""
    folder = tmp_path / "model"
    shutil.copytree(shared_fixtures / "gltf/BoxTextured/glTF", folder)
    return folder / "BoxTextured.gltf"


def write(path: Path, doc: dict) -> Path:
    path.write_text(json.dumps(doc, indent=2))
    return path


def edit(path: Path, change) -> Path:
    doc = json.loads(path.read_text())
    change(doc)
    return write(path, doc)


def error_of(path: Path) -> ModelError:
    with pytest.raises(ModelError) as caught:
        load_gltf(path)
    error = caught.value
    assert str(path) in str(error) and "unexpected" not in error.message
    return error


# -- files and containers -------------------------------------------------------------------------


def test_a_model_error_is_a_tour_error_with_position(textured):
    edit(textured, lambda d: d["accessors"][1].update(count=10_000))
    error = error_of(textured)
    assert isinstance(error, TourError)
    assert error.json_path == "$.accessors[1]" and error.diagnostics[0].line > 1
    assert "need" in error.message and "bufferView has" in error.message


@pytest.mark.parametrize("what", ["missing", "folder", "empty", "png", "text"])
def test_not_a_gltf(tmp_path, what):
    path = tmp_path / "model.glb"
    if what == "folder":
        path.mkdir()
    elif what == "empty":
        path.write_bytes(b"")
    elif what == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    elif what == "text":
        path.write_text("hello")
    assert error_of(path).message


def test_bad_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.gltf"
    path.write_text('{\n  "asset": {"version": "2.0"},\n  "nodes": [1,]\n}\n')
    error = error_of(path)
    assert "invalid JSON" in error.message and error.diagnostics[0].line == 3


def test_gltf_1_is_refused(tmp_path, box_doc):
    box_doc["asset"]["version"] = "1.0"
    assert "only glTF 2" in error_of(write(tmp_path / "old.gltf", box_doc)).message


@pytest.mark.parametrize("cut", [0, 11, 19, 24, 100, 700, -8])
def test_truncated_glb(tmp_path, box_glb, cut):
    path = tmp_path / "cut.glb"
    path.write_bytes(box_glb[:cut] if cut >= 0 else box_glb[:cut])
    assert error_of(path).message


def test_missing_buffer_file(textured):
    (textured.parent / "BoxTextured0.bin").unlink()
    error = error_of(textured)
    assert "file not found" in error.message and error.json_path == "$.buffers[0].uri"


def test_short_buffer_file(textured):
    bin_path = textured.parent / "BoxTextured0.bin"
    bin_path.write_bytes(bin_path.read_bytes()[:100])
    assert "truncated" in error_of(textured).message


@pytest.mark.parametrize(
    "uri",
    [
        "../outside.bin",
        "sub/../../outside.bin",
        "/etc/passwd",
        "http://example.com/a.bin",
        "https://example.com/a.bin",
        "file:///etc/passwd",
        "C:\\model\\a.bin",
        "%2e%2e/outside.bin",
    ],
)
def test_uris_that_leave_the_folder_are_refused(textured, uri):
    (textured.parent.parent / "outside.bin").write_bytes((textured.parent / "BoxTextured0.bin").read_bytes())
    for key in ("buffers", "images"):
        edit(textured, lambda d: d[key][0].update(uri=uri))
        error = error_of(textured)
        assert error.json_path == f"$.{key}[0].uri"
        assert "relative" in error.message or "leaves the model's folder" in error.message
        edit(
            textured,
            lambda d: d[key][0].update(uri={"buffers": "BoxTextured0.bin", "images": "CesiumLogoFlat.png"}[key]),
        )


def test_uri_in_a_subfolder_and_percent_encoded_is_fine(textured):
    sub = textured.parent / "my textures"
    sub.mkdir()
    shutil.move(textured.parent / "CesiumLogoFlat.png", sub / "logo.png")
    edit(textured, lambda d: d["images"][0].update(uri="my%20textures/logo.png"))
    asset = load_gltf(textured)
    assert asset.images[0].size == (256, 256) and not asset.warnings


def test_missing_image_is_a_warning_and_a_magenta_placeholder(textured, caplog):
    (textured.parent / "CesiumLogoFlat.png").unlink()
    with caplog.at_level(logging.WARNING):
        asset = load_gltf(textured)
    image = asset.images[0]
    assert image.placeholder and image.pixels.tolist() == [[[255, 0, 255, 255]]]
    assert len(asset.warnings) == 1 and asset.warnings[0].severity is Severity.WARNING
    assert "images[0]" in asset.warnings[0].json_path and "not found" in caplog.text


def test_corrupt_image_is_a_warning(textured):
    (textured.parent / "CesiumLogoFlat.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    asset = load_gltf(textured)
    assert asset.images[0].placeholder and "images[0]" in asset.warnings[0].json_path


# -- content --------------------------------------------------------------------------------------


def test_huge_count_is_refused_before_allocating(tmp_path, box_doc):
    box_doc["accessors"][1]["count"] = 10**12
    del box_doc["accessors"][1]["bufferView"]  # zeros: would allocate terabytes
    error = error_of(write(tmp_path / "huge.gltf", box_doc))
    assert "over the limit" in error.message and error.json_path == "$.accessors[1].count"


def test_index_out_of_range(tmp_path):
    builder = GltfBuilder()
    positions = builder.accessor(np.zeros((3, 3), np.float32))
    builder.mesh({"POSITION": positions}, builder.accessor(np.array([0, 1, 7], np.uint16)))
    error = error_of(builder.write(tmp_path / "bad.gltf"))
    assert "index 7 is out of range for 3 vertices" in error.message


def test_reference_to_a_missing_accessor(tmp_path, box_doc):
    box_doc["meshes"][0]["primitives"][0]["attributes"]["NORMAL"] = 99
    error = error_of(write(tmp_path / "m.gltf", box_doc))
    assert "accessors[99]" in error.message and error.json_path.endswith("attributes.NORMAL")


def test_sparse_index_out_of_range(shared_fixtures, tmp_path):
    doc = json.loads(
        (shared_fixtures / "gltf/SimpleSparseAccessor/glTF-Embedded/SimpleSparseAccessor.gltf").read_text()
    )
    doc["accessors"][1]["count"] = 8  # sparse indices go up to 12
    doc["accessors"][0]["count"] = 3
    assert "sparse index" in error_of(write(tmp_path / "s.gltf", doc)).message


@pytest.mark.parametrize(
    "children",
    [{0: [1], 1: [0]}, {0: [1, 1]}, {0: [0]}, {0: [1], 2: [1]}],
    ids=["cycle", "twice", "self", "two-parents"],
)
def test_bad_node_graphs(tmp_path, box_doc, children):
    box_doc["nodes"] = [{"mesh": 0} for _ in range(3)]
    for parent, kids in children.items():
        box_doc["nodes"][parent]["children"] = kids
    box_doc["scenes"] = [{"nodes": [0, 1]}]
    assert error_of(write(tmp_path / "g.gltf", box_doc)).message


def test_transforms_that_overflow(tmp_path, box_doc):
    box_doc["nodes"][0]["scale"] = box_doc["nodes"][1]["scale"] = [1e300, 1e300, 1e300]
    del box_doc["nodes"][0]["matrix"]
    assert "overflows" in error_of(write(tmp_path / "big.gltf", box_doc)).message
    box_doc["nodes"][1]["scale"] = [1, 1, 1]
    box_doc["nodes"][0]["scale"] = [1e300, 1, 1]  # finite in float64, far beyond float32 for GL
    assert "out of range" in error_of(write(tmp_path / "far.gltf", box_doc)).message


def test_required_extension_we_lack_is_an_error(tmp_path, box_doc):
    box_doc["extensionsUsed"] = box_doc["extensionsRequired"] = ["KHR_materials_pbrSpecularGlossiness"]
    error = error_of(write(tmp_path / "req.gltf", box_doc))
    assert error.extension == "KHR_materials_pbrSpecularGlossiness"
    assert "KHR_materials_pbrSpecularGlossiness" in error.message and "does not support" in error.message
    assert error.json_path == "$.extensionsRequired[0]"


def test_optional_extension_we_lack_is_a_warning(tmp_path, box_doc, caplog):
    box_doc["extensionsUsed"] = ["KHR_lights_punctual"]
    box_doc["extensions"] = {"KHR_lights_punctual": {"lights": [{"type": "point"}]}}
    with caplog.at_level(logging.WARNING):
        asset = load_gltf(write(tmp_path / "opt.gltf", box_doc))
    assert asset.triangle_count == 12 and asset.extensions_used == ("KHR_lights_punctual",)
    assert len(asset.warnings) == 1 and "KHR_lights_punctual" in asset.warnings[0].message
    assert "KHR_lights_punctual" in caplog.text


def test_primitive_without_positions_is_skipped_with_a_warning(tmp_path, box_doc):
    del box_doc["meshes"][0]["primitives"][0]["attributes"]["POSITION"]
    asset = load_gltf(write(tmp_path / "nopos.gltf", box_doc))
    assert asset.primitives == () and asset.bounds is None and "POSITION" in asset.warnings[0].message


# -- fuzzing --------------------------------------------------------------------------------------


def _paths(value, prefix=()):
    """Every path into a JSON value (object keys and array indices)."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


_HOSTILE = st.sampled_from(
    [
        "",
        "../x.bin",
        "/etc/passwd",
        "http://x/y",
        "data:,",
        "data:;base64,@@@",
        "%00",
        "a\0b",
        "\\\\server\\share",
        "C:x",
        "[",
        "." * 300,
        "MASK",
        "BLEND",
        "VEC4",
        "MAT2",
    ]
)
_NUMBERS = st.one_of(
    st.integers(-3, 40),
    st.integers(-(2**63), 2**63),
    st.sampled_from([5120, 5121, 5122, 5123, 5125, 5126, 2**31, 2**64]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(float("nan")),
    st.just(float("inf")),
)
_JSON = st.recursive(
    st.none() | st.booleans() | _NUMBERS | _HOSTILE | st.text(max_size=5),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
_MUTATION = st.tuples(st.sampled_from(["replace", "delete", "replace", "duplicate"]), _JSON)


def _mutate(doc: dict, path: tuple, how: str, value):
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    if how == "delete":
        if isinstance(parent, dict):
            del parent[key]
        else:
            parent.pop(key)
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    else:
        parent[key] = value


FUZZ_SEEDS = (
    "Box/glTF-Embedded/Box.gltf",  # the smallest: node matrix, one indexed primitive, a material
    "Cameras/glTF-Embedded/Cameras.gltf",  # cameras, TRS nodes, non-indexed
    "SimpleSparseAccessor/glTF-Embedded/SimpleSparseAccessor.gltf",  # sparse accessors
    "VertexColorTest/glTF-Embedded/VertexColorTest.gltf",  # textures, images, samplers, colours
)


@pytest.fixture(scope="module")
def seed_docs(shared_fixtures) -> list[dict]:
    return [json.loads((shared_fixtures / "gltf" / name).read_text()) for name in FUZZ_SEEDS]


@pytest.mark.filterwarnings("error::RuntimeWarning")  # an overflow warning is a check missing
@FUZZ
@given(data=st.data())
def test_mutated_documents_give_an_asset_or_a_model_error(tmp_path, seed_docs, data):
    doc = copy.deepcopy(data.draw(st.sampled_from(seed_docs)))
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        how, value = data.draw(_MUTATION)
        _mutate(doc, path, how, value)
    target = tmp_path / "fuzz.gltf"
    target.write_text(json.dumps(doc))
    _only_asset_or_model_error(target)


@FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(0, 1663), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.integers(0, 1664),
)
def test_damaged_glb_gives_an_asset_or_a_model_error(tmp_path, box_glb, flips, cut):
    data = bytearray(box_glb)
    for offset, byte in flips:
        data[offset] = byte
    target = tmp_path / "fuzz.glb"
    target.write_bytes(bytes(data[: max(cut, 1)]) if cut < len(data) // 2 else bytes(data))
    _only_asset_or_model_error(target)


def _only_asset_or_model_error(path: Path) -> None:
    try:
        result = load_gltf(path)
    except ModelError as error:
        assert "unexpected" not in error.message, error.message
        assert str(path) in str(error)
    else:
        assert isinstance(result, ModelAsset)

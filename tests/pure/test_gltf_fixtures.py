"""The Khronos sample models in ../shared/fixtures/gltf load, and each test model means what it says.

Every variant of every model must load (a failing model is a bug to fix, not a skip); the test
patterns then get specific checks against their own JSON or README.
"""

from __future__ import annotations

import json
import math
import struct
import warnings
from pathlib import Path

import numpy as np
import pytest

from vtour.io.gltf import load_gltf
from vtour.io.gltf_vertices import vertex_tangents
from vtour.model.mesh import CLAMP_TO_EDGE, REPEAT, TRIANGLES, ModelAsset

GLTF_DIR = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "gltf"
MODEL_FILES = sorted(p for p in GLTF_DIR.glob("*/*/*") if p.suffix in (".gltf", ".glb"))


def _ids(path: Path) -> str:
    return f"{path.parts[-3]}/{path.parts[-2]}"


@pytest.fixture(scope="module")
def gltf_dir(shared_fixtures: Path) -> Path:
    return shared_fixtures / "gltf"


def load(gltf_dir: Path, relative: str) -> ModelAsset:
    return load_gltf(gltf_dir / relative)


def document(path: Path) -> dict:
    """The JSON of a .gltf or .glb, read independently of the loader."""
    data = path.read_bytes()
    if data[:4] == b"glTF":
        (length,) = struct.unpack_from("<I", data, 12)
        return json.loads(data[20 : 20 + length])
    return json.loads(data)


def world_positions(primitive) -> np.ndarray:
    m = primitive.world_matrix
    return primitive.geometry.positions @ m[:3, :3].T + m[:3, 3]


# -- every model, every variant -------------------------------------------------------------------


def test_the_fixture_folder_has_every_model(gltf_dir):
    assert len(MODEL_FILES) >= 24, "expected the 18 sample models in all their variants"


@pytest.mark.parametrize("path", MODEL_FILES, ids=_ids)
def test_every_model_loads_with_gl_ready_arrays(path, shared_fixtures):
    asset = load_gltf(path)
    assert asset.primitives and asset.warnings == ()
    assert asset.bounds.shape == (2, 3) and np.all(asset.bounds[0] <= asset.bounds[1])
    for primitive in asset.primitives:
        g = primitive.geometry
        n = g.vertex_count
        assert g.positions.dtype == np.float32 and g.positions.shape == (n, 3)
        assert g.indices.dtype == np.uint32 and g.indices.max() < n
        assert not g.positions.flags.writeable, "geometry is shared and must be read-only"
        if g.mode == TRIANGLES:
            assert len(g.indices) % 3 == 0
            assert g.normals.dtype == np.float32 and g.normals.shape == (n, 3)
            assert np.allclose(np.linalg.norm(g.normals, axis=1), 1, atol=1e-3)
        for uv in (g.uv0, g.uv1):
            assert uv is None or (uv.dtype == np.float32 and uv.shape == (n, 2))
        assert g.colors is None or (g.colors.dtype == np.float32 and g.colors.shape == (n, 4))
        assert g.tangents is None or (g.tangents.shape == (n, 4) and set(np.unique(g.tangents[:, 3])) <= {-1, 1})
        assert np.all(primitive.bounds[0] >= asset.bounds[0]) and np.all(primitive.bounds[1] <= asset.bounds[1])
    for image in asset.images:
        assert image.pixels.dtype == np.uint8 and image.pixels.ndim == 3 and image.pixels.shape[2] == 4
        assert not image.placeholder


@pytest.mark.parametrize("path", [p for p in MODEL_FILES if "Draco" not in p.parts[-2]], ids=_ids)
def test_geometry_agrees_with_trimesh(path, shared_fixtures):
    """trimesh, the project's mesh library, sees the same triangles and bounds -- except where it
    ignores data: sparse accessors and default morph weights (which this loader applies)."""
    trimesh = pytest.importorskip("trimesh")
    asset = load_gltf(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scene = trimesh.load(path, force="scene", process=False)
    assert asset.triangle_count == sum(len(g.faces) for g in scene.dump())
    if path.parts[-3] not in ("SimpleSparseAccessor", "MorphPrimitivesTest"):
        np.testing.assert_allclose(asset.bounds, scene.bounds, atol=1e-4)


# -- Draco ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "plain"), [("Box", "glTF-Binary/Box.glb"), ("Duck", "glTF-Binary/Duck.glb")])
def test_draco_decodes_to_the_uncompressed_model(gltf_dir, model, plain):
    draco = load(gltf_dir, f"{model}/glTF-Draco/{model}.gltf").primitives[0].geometry
    reference = load(gltf_dir, f"{model}/{plain}").primitives[0].geometry
    assert (draco.vertex_count, draco.triangle_count) == (reference.vertex_count, reference.triangle_count)
    assert np.ptp(draco.positions) > 0, "trimesh alone zeroes Draco data; this must not"
    extent = float(np.ptp(reference.positions, axis=0).max())
    # Draco reorders vertices: match each decoded vertex (position + uv) to its nearest original.
    columns = [draco.positions / extent] + ([draco.uv0] if draco.uv0 is not None else [])
    ref_columns = [reference.positions / extent] + ([reference.uv0] if reference.uv0 is not None else [])
    ours, theirs = np.hstack(columns), np.hstack(ref_columns)
    nearest = np.sqrt(((ours[:, None, :] - theirs[None, :, :]) ** 2).sum(axis=2).min(axis=1))
    assert nearest.max() < 2e-3, "more than quantisation apart"
    np.testing.assert_allclose(draco.local_bounds, reference.local_bounds, atol=2e-3 * extent)
    area = lambda g: np.linalg.norm(
        np.cross(*np.diff(g.positions[g.indices.reshape(-1, 3)], axis=1).transpose(1, 0, 2)), axis=1
    ).sum()
    assert area(draco) == pytest.approx(area(reference), rel=1e-3)


# -- test patterns --------------------------------------------------------------------------------


def test_box_textured_has_its_base_colour_texture(gltf_dir):
    from PIL import Image

    for variant in ("glTF/BoxTextured.gltf", "glTF-Binary/BoxTextured.glb"):
        asset = load(gltf_dir, f"BoxTextured/{variant}")
        ref = asset.material(asset.primitives[0]).base_color_texture
        image = asset.images[ref.image]
        with Image.open(gltf_dir / "BoxTextured/glTF/CesiumLogoFlat.png") as png:
            assert image.size == png.size
            assert np.array_equal(image.pixels, np.asarray(png.convert("RGBA")))
        assert image.srgb and not image.linear
        assert ref.sampler.wrap_s == REPEAT and ref.sampler.min_filter == 9986
        assert asset.primitives[0].geometry.uv0 is not None


def test_texture_transform_values_match_the_json(gltf_dir):
    path = gltf_dir / "TextureTransformTest/glTF/TextureTransformTest.gltf"
    asset = load_gltf(path)
    raw_materials = document(path)["materials"]
    checked = 0
    for material, raw in zip(asset.materials, raw_materials, strict=True):
        info = raw["pbrMetallicRoughness"]["baseColorTexture"]
        expected = info.get("extensions", {}).get("KHR_texture_transform")
        transform = material.base_color_texture.transform
        if expected is None:
            assert transform is None
            continue
        checked += 1
        assert transform.offset == tuple(expected.get("offset", (0.0, 0.0)))
        assert transform.rotation == expected.get("rotation", 0.0)
        assert transform.scale == tuple(expected.get("scale", (1.0, 1.0)))
    assert checked == 6
    everything = next(m for m in asset.materials if m.name == "All").base_color_texture.transform
    assert (everything.offset, everything.rotation, everything.scale) == ((-0.2, -0.1), 0.3, (1.5, 1.5))
    # The extension's own example: offset then rotation then scale, applied to (u, v, 1).
    c, s = math.cos(0.3), math.sin(0.3)
    expected_matrix = (
        np.array([[1, 0, -0.2], [0, 1, -0.1], [0, 0, 1]])
        @ np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]])
        @ np.diag([1.5, 1.5, 1])
    )
    np.testing.assert_allclose(everything.matrix(), expected_matrix, atol=1e-6)
    assert asset.images[asset.materials[0].base_color_texture.image].linear is False
    assert asset.materials[0].base_color_texture.sampler.wrap_s == CLAMP_TO_EDGE


def test_alpha_modes_and_cutoffs(gltf_dir):
    asset = load(gltf_dir, "AlphaBlendModeTest/glTF-Binary/AlphaBlendModeTest.glb")
    by_name = {m.name: m for m in asset.materials}
    assert by_name["MatOpaque"].alpha_mode == "OPAQUE"
    assert by_name["MatBed"].alpha_mode == "OPAQUE" and not by_name["MatBed"].double_sided
    assert by_name["MatBlend"].alpha_mode == "BLEND" and by_name["MatBlend"].double_sided
    assert (by_name["MatCutoff25"].alpha_mode, by_name["MatCutoff25"].alpha_cutoff) == ("MASK", 0.25)
    assert (by_name["MatCutoff75"].alpha_mode, by_name["MatCutoff75"].alpha_cutoff) == ("MASK", 0.75)
    assert (by_name["MatCutoffDefault"].alpha_mode, by_name["MatCutoffDefault"].alpha_cutoff) == ("MASK", 0.5)


def test_vertex_colours(gltf_dir):
    for variant in ("glTF-Binary/VertexColorTest.glb", "glTF-Embedded/VertexColorTest.gltf"):
        asset = load(gltf_dir, f"VertexColorTest/{variant}")
        coloured = [p.geometry.colors for p in asset.primitives if p.geometry.colors is not None]
        assert len(coloured) == 1
        colors = coloured[0]
        assert colors.min() >= 0 and colors.max() <= 1 and np.ptp(colors[:, :3]) > 0.5
    box = load(gltf_dir, "BoxVertexColors/glTF-Binary/BoxVertexColors.glb")
    assert box.primitives[0].geometry.colors is not None


def test_multi_uv_uses_texcoord_1(gltf_dir):
    asset = load(gltf_dir, "MultiUVTest/glTF-Binary/MultiUVTest.glb")
    g = asset.primitives[0].geometry
    material = asset.material(asset.primitives[0])
    assert material.emissive_texture.tex_coord == 1 and material.base_color_texture.tex_coord == 0
    assert g.uv1 is not None and not np.allclose(g.uv0, g.uv1)
    assert material.emissive_factor == (1.0, 1.0, 1.0)
    assert asset.images[material.emissive_texture.image].srgb


def test_sparse_accessor_replaces_base_values(gltf_dir):
    for variant in ("glTF/SimpleSparseAccessor.gltf", "glTF-Embedded/SimpleSparseAccessor.gltf"):
        path = gltf_dir / "SimpleSparseAccessor" / variant
        positions = load_gltf(path).primitives[0].geometry.positions
        base = np.frombuffer(_buffer(path), np.float32, 14 * 3, 72).reshape(14, 3)  # bufferView 1
        changed = np.flatnonzero(np.any(positions != base, axis=1))
        sparse_indices = np.frombuffer(_buffer(path), np.uint16, 3, 240)  # bufferView 2
        sparse_values = np.frombuffer(_buffer(path), np.float32, 9, 248).reshape(3, 3)  # bufferView 3
        assert list(changed) == sorted(sparse_indices)
        np.testing.assert_array_equal(positions[sparse_indices], sparse_values)
        assert positions[:, 1].max() == 4.0  # the accessor's declared max, reached only through sparse


def _buffer(path: Path) -> bytes:
    uri = document(path)["buffers"][0]["uri"]
    if uri.startswith("data:"):
        import base64

        return base64.b64decode(uri.partition(",")[2])
    return (path.parent / uri).read_bytes()


def test_orientation_arrows_point_at_their_targets(gltf_dir):
    """README: each arrow (node rotation as quaternion or matrix) points at its same-coloured target,
    whose position is baked into its vertices. A transposed rotation misses by 10-140 degrees."""
    asset = load(gltf_dir, "OrientationTest/glTF-Binary/OrientationTest.glb")
    by_node = {asset.nodes[p.node].name: p for p in asset.primitives}
    for axis in ("X1", "X2", "Y1", "Y2", "Z1", "Z2"):
        arrow, target = by_node[f"Arrow{axis}"], by_node[f"Target{axis}"]
        origin = arrow.world_matrix[:3, 3]
        points = world_positions(arrow)
        distance = np.linalg.norm(points - origin, axis=1)
        tip = points[distance > 0.9 * distance.max()].mean(axis=0)
        aim = world_positions(target).mean(axis=0) - origin
        cosine = np.dot(tip - origin, aim) / np.linalg.norm(tip - origin) / np.linalg.norm(aim)
        assert math.degrees(math.acos(min(cosine, 1.0))) < 2.0, axis


def test_normal_maps_and_tangents(gltf_dir):
    asset = load(gltf_dir, "NormalTangentMirrorTest/glTF-Binary/NormalTangentMirrorTest.glb")
    primitive = asset.primitives[0]
    material = asset.material(primitive)
    g = primitive.geometry
    assert material.normal_texture is not None and material.normal_texture.scale == 1.0
    assert asset.images[material.normal_texture.image].linear
    assert material.occlusion_texture.image == material.metallic_roughness_texture.image, "deduplicated by image"
    assert len(asset.images) == 3
    assert g.tangents is not None and set(np.unique(g.tangents[:, 3])) == {-1.0, 1.0}, "mirrored UVs"
    # Tangents generated without the file's: the same MikkTSpace frames, mirrored handedness included.
    generated = vertex_tangents(g.positions, g.normals, g.uv0, g.indices)
    cosines = np.sum(generated[:, :3] * g.tangents[:, :3], axis=1)
    assert np.median(cosines) > 0.999 and np.mean(cosines > 0.9) > 0.99  # MikkTSpace weighs by angle, we by area
    assert np.mean(generated[:, 3] == g.tangents[:, 3]) > 0.99


def test_tangents_are_generated_when_a_normal_map_has_none(gltf_dir, tmp_path):
    source = gltf_dir / "NormalTangentMirrorTest/glTF-Binary/NormalTangentMirrorTest.glb"
    with_tangents = load_gltf(source).primitives[0].geometry
    data = bytearray(source.read_bytes())
    (length,) = struct.unpack_from("<I", data, 12)
    doc = json.loads(data[20 : 20 + length])
    del doc["meshes"][0]["primitives"][0]["attributes"]["TANGENT"]
    text = json.dumps(doc, separators=(",", ":")).encode().ljust(length)  # padded: same layout
    stripped = tmp_path / "NoTangents.glb"
    stripped.write_bytes(bytes(data[:20]) + text + bytes(data[20 + length :]))
    generated = load_gltf(stripped).primitives[0].geometry.tangents
    assert generated is not None
    assert np.mean(generated[:, 3] == with_tangents.tangents[:, 3]) > 0.99


def test_cameras(gltf_dir):
    asset = load(gltf_dir, "Cameras/glTF-Embedded/Cameras.gltf")
    perspective, orthographic = asset.cameras
    assert perspective.kind == "perspective"
    assert (perspective.yfov, perspective.aspect_ratio, perspective.znear, perspective.zfar) == (0.7, 1.0, 0.01, 100.0)
    assert orthographic.kind == "orthographic" and (orthographic.xmag, orthographic.ymag) == (1.0, 1.0)
    np.testing.assert_allclose(perspective.world_matrix[:3, 3], (0.5, 0.5, 3.0))
    duck = load(gltf_dir, "Duck/glTF-Binary/Duck.glb")
    assert len(duck.cameras) == 1 and duck.cameras[0].yfov is not None


def test_milk_truck_node_hierarchy(gltf_dir):
    path = gltf_dir / "CesiumMilkTruck/glTF-Binary/CesiumMilkTruck.glb"
    asset = load_gltf(path)
    raw_nodes = document(path)["nodes"]
    assert asset.roots == (0,)
    assert asset.nodes[0].children == (3, 1) and asset.nodes[1].children == (2,) and asset.nodes[3].children == (4,)
    for node in asset.nodes:
        parent = next((p for p in asset.nodes if node.index in p.children), None)
        parent_world = np.eye(4) if parent is None else parent.world_matrix
        np.testing.assert_allclose(node.world_matrix, parent_world @ node.local_matrix)
    # Node 1's matrix (column-major in the file) puts the rear wheels at x = -1.35.
    np.testing.assert_allclose(asset.nodes[1].local_matrix[:3, 3], raw_nodes[1]["matrix"][12:15])
    wheels = [p for p in asset.primitives if p.mesh == 1]
    assert len(wheels) == 2 and wheels[0].geometry is wheels[1].geometry, "one mesh, two instances"
    assert wheels[0].bounds[0, 0] < 0 < wheels[1].bounds[1, 0]
    assert {p.node for p in asset.primitives} == {0, 2, 4}


def test_morph_default_weights_are_applied(gltf_dir):
    asset = load(gltf_dir, "MorphPrimitivesTest/glTF-Binary/MorphPrimitivesTest.glb")
    assert asset.bounds[1, 1] == pytest.approx(0.1, abs=1e-3)  # weight 0.5 of a 0.2 bump


def test_progress_reports_rising_fractions(gltf_dir):
    calls = []
    load_gltf(gltf_dir / "DamagedHelmet/glTF-Binary/DamagedHelmet.glb", lambda f, m: calls.append((f, m)))
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    messages = " ".join(m for _, m in calls)
    assert "image" in messages and "buffer" in messages and "mesh" in messages

"""Levels of detail: the pure simplification function and the make_lods tool."""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from vtour.io.gltf import load_gltf
from vtour.io.lod import MIN_TRIANGLES, build_lods, simplify_primitive
from vtour.model.mesh import Geometry, ModelError

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_lods.py"


def uv_sphere(rows: int = 48, columns: int = 96, radius: float = 2.0) -> Geometry:
    """A latitude-longitude sphere textured with an equirectangular map: the u = 0 / u = 1 seam and
    the poles are split vertices, as an exporter writes them."""
    v, u = np.meshgrid(np.linspace(0, 1, rows + 1), np.linspace(0, 1, columns + 1), indexing="ij")
    lat, lon = np.pi * (0.5 - v), 2 * np.pi * u
    positions = radius * np.stack([np.cos(lat) * np.sin(lon), np.sin(lat), np.cos(lat) * np.cos(lon)], axis=-1)
    positions = positions.reshape(-1, 3).astype(np.float32)
    positions[np.abs(positions) < 1e-6] = 0.0  # make split vertices bit-identical
    grid = np.arange((rows + 1) * (columns + 1)).reshape(rows + 1, columns + 1)
    a, b, c, d = grid[:-1, :-1], grid[:-1, 1:], grid[1:, :-1], grid[1:, 1:]
    triangles = np.concatenate([np.stack([a, c, b], -1).reshape(-1, 3), np.stack([b, c, d], -1).reshape(-1, 3)])
    triangles = triangles[np.ptp(np.round(positions[triangles], 5), axis=1).any(axis=1)]  # drop pole slivers
    normals = positions / np.linalg.norm(positions, axis=1, keepdims=True)
    uvs = np.stack([u, v], -1).reshape(-1, 2).astype(np.float32)
    colors = np.hstack([uvs, np.zeros((len(uvs), 1)), np.ones((len(uvs), 1))]).astype(np.float32)
    return Geometry(
        positions=positions,
        indices=triangles.ravel().astype(np.uint32),
        normals=normals.astype(np.float32),
        uv0=uvs,
        colors=colors,
        local_bounds=np.stack([positions.min(0), positions.max(0)]).astype(float),
    )


@pytest.fixture(scope="module")
def sphere() -> Geometry:
    return uv_sphere()


@pytest.mark.parametrize("ratio", [0.5, 0.1])
def test_triangle_count_follows_the_ratio_and_bounds_hold(sphere, ratio):
    simplified, error = simplify_primitive(sphere, ratio)
    assert simplified.triangle_count == pytest.approx(ratio * sphere.triangle_count, rel=0.05)
    np.testing.assert_allclose(simplified.local_bounds, sphere.local_bounds, atol=0.05 * 2.0)
    assert 0 < error < 0.1 * 2.0
    radii = np.linalg.norm(simplified.positions, axis=1)
    assert np.all(np.abs(radii - 2.0) < 0.05), "vertices stay on the sphere"


def test_simplified_surface_is_closed(sphere):
    """Welding before simplifying: the seam does not open into a crack."""
    simplified, _ = simplify_primitive(sphere, 0.1)
    _, welded = np.unique(simplified.positions, axis=0, return_inverse=True)
    triangles = welded.ravel()[simplified.indices.reshape(-1, 3)]
    edges = np.sort(np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]]), axis=1)
    _, uses = np.unique(edges, axis=0, return_counts=True)
    assert np.all(uses == 2), "every edge shared by exactly two triangles"


def test_uvs_come_from_the_original_and_never_straddle_the_seam(sphere):
    simplified, _ = simplify_primitive(sphere, 0.1)
    originals = {tuple(uv) for uv in sphere.uv0.tolist()}
    assert all(tuple(uv) in originals for uv in simplified.uv0.tolist())
    spans = np.ptp(simplified.uv0[simplified.indices.reshape(-1, 3), 0], axis=1)
    assert spans.max() < 0.5, "a triangle mixing u=0 and u=1 would smear the whole texture across it"
    seam = np.isclose(simplified.uv0[:, 0], 0) | np.isclose(simplified.uv0[:, 0], 1)
    assert seam.sum() >= 4, "the seam keeps split vertices on both sides"
    np.testing.assert_array_equal(simplified.colors[:, :2], simplified.uv0)  # attributes travel together


def test_attributes_types_and_read_only(sphere):
    simplified, _ = simplify_primitive(sphere, 0.5)
    n = simplified.vertex_count
    assert simplified.positions.dtype == np.float32 and simplified.indices.dtype == np.uint32
    assert simplified.indices.max() < n and simplified.normals.shape == (n, 3) and simplified.colors.shape == (n, 4)
    assert simplified.uv1 is None and simplified.tangents is None
    assert np.allclose(np.linalg.norm(simplified.normals, axis=1), 1, atol=1e-5)
    assert not simplified.positions.flags.writeable and not simplified.uv0.flags.writeable


def test_error_estimate_is_conservative():
    """Against a brute-force distance from every original vertex to the simplified triangles."""
    from trimesh.triangles import closest_point

    sphere = uv_sphere(16, 32)
    simplified, estimate = simplify_primitive(sphere, 0.2)
    corners = simplified.positions[simplified.indices.reshape(-1, 3)].astype(np.float64)
    points = sphere.positions.astype(np.float64)
    pairs_t = np.tile(corners, (len(points), 1, 1))
    pairs_p = np.repeat(points, len(corners), axis=0)
    true = np.linalg.norm(closest_point(pairs_t, pairs_p) - pairs_p, axis=1).reshape(len(points), -1).min(axis=1).max()
    assert true <= estimate <= 3 * true + 1e-6


def test_small_and_unchanged_cases_come_back_as_they_are(sphere):
    tiny = uv_sphere(3, 4)
    assert tiny.triangle_count < MIN_TRIANGLES
    assert simplify_primitive(tiny, 0.5) == (tiny, 0.0)
    assert simplify_primitive(sphere, 1.0) == (sphere, 0.0)
    for bad in (0.0, -0.5, 1.5):
        with pytest.raises(ValueError):
            simplify_primitive(sphere, bad)


def test_fixture_meshes_simplify_with_their_textures(shared_fixtures):
    for name in ("DamagedHelmet/glTF-Binary/DamagedHelmet.glb", "Duck/glTF-Binary/Duck.glb"):
        geometry = load_gltf(shared_fixtures / "gltf" / name).primitives[0].geometry
        simplified, error = simplify_primitive(geometry, 0.25)
        assert simplified.triangle_count < 0.3 * geometry.triangle_count
        extent = np.ptp(geometry.positions, axis=0).max()
        np.testing.assert_allclose(simplified.local_bounds, geometry.local_bounds, atol=0.02 * extent)
        assert simplified.uv0 is not None and error < 0.05 * extent


# -- the tool -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def make_lods():
    spec = importlib.util.spec_from_file_location("make_lods", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def test_build_lods_writes_levels_and_a_manifest(shared_fixtures, tmp_path):
    source = shared_fixtures / "gltf/BoxTextured/glTF/BoxTextured.gltf"  # external .bin and .png
    duck = shared_fixtures / "gltf/Duck/glTF-Binary/Duck.glb"
    manifest = build_lods(duck, tmp_path, [0.1, 0.5])
    assert json.loads((tmp_path / "Duck.lods.json").read_text()) == manifest
    levels = manifest["levels"]
    assert [level["ratio"] for level in levels] == [1.0, 0.5, 0.1]
    assert levels[0]["file"] is None and levels[0]["triangles"] == 4212
    assert levels[1]["triangles"] == pytest.approx(2106, rel=0.05) and levels[2]["triangles"] == pytest.approx(
        421, rel=0.1
    )
    assert 0 < levels[1]["error"] <= levels[2]["error"]
    original = load_gltf(duck)
    for level in levels[1:]:
        lod = load_gltf(tmp_path / level["file"])
        assert lod.triangle_count == level["triangles"] and lod.warnings == ()
        assert lod.materials == original.materials
        assert np.array_equal(lod.images[0].pixels, original.images[0].pixels), "texture kept byte for byte"
        assert len(lod.cameras) == 1 and [n.name for n in lod.nodes] == [n.name for n in original.nodes]
        np.testing.assert_allclose(lod.bounds, original.bounds, atol=0.02 * np.ptp(original.bounds, axis=0).max())
    build_lods(source, tmp_path, [0.5])  # a 12-triangle box is kept as it is, its image embedded
    box = load_gltf(tmp_path / "BoxTextured.lod1.glb")
    assert box.triangle_count == 12 and box.images[0].size == (256, 256)


def test_levels_are_valid_gltf_for_trimesh(shared_fixtures, tmp_path):
    trimesh = pytest.importorskip("trimesh")
    build_lods(shared_fixtures / "gltf/CesiumMilkTruck/glTF-Binary/CesiumMilkTruck.glb", tmp_path, [0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scene = trimesh.load(tmp_path / "CesiumMilkTruck.lod1.glb", force="scene")
    ours = load_gltf(tmp_path / "CesiumMilkTruck.lod1.glb")
    assert sum(len(g.faces) for g in scene.dump()) == ours.triangle_count
    np.testing.assert_allclose(scene.bounds, ours.bounds, atol=1e-4)


def test_levels_keep_extensions_and_drop_draco(shared_fixtures, tmp_path):
    build_lods(shared_fixtures / "gltf/TextureTransformTest/glTF/TextureTransformTest.gltf", tmp_path, [0.5])
    original = load_gltf(shared_fixtures / "gltf/TextureTransformTest/glTF/TextureTransformTest.gltf")
    lod = load_gltf(tmp_path / "TextureTransformTest.lod1.glb")
    assert lod.materials == original.materials and "KHR_texture_transform" in lod.extensions_used
    build_lods(shared_fixtures / "gltf/Duck/glTF-Draco/Duck.gltf", tmp_path, [0.5])
    draco_lod = load_gltf(tmp_path / "Duck.lod1.glb")
    assert draco_lod.extensions_used == () and draco_lod.triangle_count == pytest.approx(2106, rel=0.05)


def test_tool_command_line(make_lods, shared_fixtures, tmp_path, caplog):
    model = shared_fixtures / "gltf/Duck/glTF-Binary/Duck.glb"
    with caplog.at_level(logging.INFO):
        assert make_lods.main([str(model), "-o", str(tmp_path / "out"), "--ratios", "0.3"]) == 0
    assert (tmp_path / "out/Duck.lod1.glb").is_file() and (tmp_path / "out/Duck.lods.json").is_file()
    assert "simplifying" in caplog.text
    assert make_lods.main([str(tmp_path / "missing.glb"), "-o", str(tmp_path / "out")]) == 1
    for bad in (["--ratios", "1.5"], ["--ratios", "abc"], []):
        with pytest.raises(SystemExit) as exit_info:
            make_lods.main([str(model), *bad] if bad else [str(model)])
        assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        make_lods.main(["--help"])
    assert exit_info.value.code == 0


def test_model_errors_pass_through(tmp_path):
    with pytest.raises(ModelError):
        build_lods(tmp_path / "nothing.glb", tmp_path / "out", [0.5])

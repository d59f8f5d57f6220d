"""glTF features on small synthetic files: extensions no fixture uses, accessor encodings, modes,
and the normals and tangents the loader computes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from test_gltf_builder import QUAD_INDICES, QUAD_POSITIONS, QUAD_UVS, GltfBuilder, quad

from vtour.io.gltf import load_gltf
from vtour.io.gltf_vertices import to_list_mode, vertex_normals, vertex_tangents
from vtour.model.mesh import LINES, POINTS, TRIANGLES


def _png(color=(10, 200, 30, 255), size=(4, 2), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, color).save(buffer, fmt)
    return buffer.getvalue()


def _textured_quad(material: dict, image_format: str = "PNG") -> GltfBuilder:
    builder = quad(material=0)
    view = builder.view(_png(fmt=image_format))
    builder.doc["images"] = [{"bufferView": view, "mimeType": f"image/{image_format.lower()}"}]
    builder.doc["textures"] = [{"source": 0}]
    builder.doc["materials"] = [material]
    return builder


# -- materials and extensions ---------------------------------------------------------------------


def test_unlit_material(tmp_path):
    builder = _textured_quad(
        {"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}, "extensions": {"KHR_materials_unlit": {}}}
    )
    builder.doc["extensionsUsed"] = builder.doc["extensionsRequired"] = ["KHR_materials_unlit"]
    asset = load_gltf(builder.write(tmp_path / "unlit.gltf"))
    assert asset.materials[0].unlit and not asset.warnings
    assert asset.images[0].size == (4, 2) and asset.images[0].pixels[0, 0].tolist() == [10, 200, 30, 255]
    plain = load_gltf(_textured_quad({}).write(tmp_path / "lit.gltf"))
    assert not plain.materials[0].unlit


def test_emissive_strength_and_texture_transform_texcoord_override(tmp_path):
    material = {
        "emissiveFactor": [1, 0.5, 0],
        "emissiveTexture": {"index": 0, "extensions": {"KHR_texture_transform": {"texCoord": 1, "rotation": 0.5}}},
        "normalTexture": {"index": 0, "scale": 0.25},
        "occlusionTexture": {"index": 0, "strength": 0.5},
        "extensions": {"KHR_materials_emissive_strength": {"emissiveStrength": 4.0}},
    }
    asset = load_gltf(_textured_quad(material).write(tmp_path / "m.gltf"))
    m = asset.materials[0]
    assert m.emissive_strength == 4.0 and m.emissive_factor == (1.0, 0.5, 0.0)
    assert m.emissive_texture.tex_coord == 1 and m.emissive_texture.transform.rotation == 0.5
    assert m.normal_texture.scale == 0.25 and m.occlusion_texture.scale == 0.5
    image = asset.images[0]
    assert len(asset.images) == 1 and image.srgb and image.linear, "one image used as colour and as data"
    assert asset.primitives[0].geometry.tangents is not None, "a normal map gets tangents"


def test_webp_texture_extension(tmp_path):
    material = {"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}}
    builder = _textured_quad(material, "WEBP")
    builder.doc["textures"] = [{"extensions": {"EXT_texture_webp": {"source": 0}}}]
    builder.doc["extensionsUsed"] = builder.doc["extensionsRequired"] = ["EXT_texture_webp"]
    asset = load_gltf(builder.write(tmp_path / "webp.gltf"))
    assert asset.images[0].size == (4, 2) and not asset.images[0].placeholder


def test_default_material_and_samplers(tmp_path):
    builder = _textured_quad({"pbrMetallicRoughness": {"baseColorTexture": {"index": 0}}})
    builder.doc["samplers"] = [{"wrapS": 33648, "wrapT": 33071, "magFilter": 9728, "minFilter": 9987}]
    builder.doc["textures"][0]["sampler"] = 0
    quad(builder)  # a second quad without a material
    asset = load_gltf(builder.write(tmp_path / "s.gltf"))
    sampler = asset.materials[0].base_color_texture.sampler
    assert (sampler.wrap_s, sampler.wrap_t, sampler.mag_filter, sampler.min_filter) == (33648, 33071, 9728, 9987)
    default = asset.material(asset.primitives[1])
    assert (
        asset.primitives[1].material is None
        and default.base_color_factor == (1, 1, 1, 1)
        and default.metallic_factor == 1
    )


# -- accessor encodings ---------------------------------------------------------------------------


def test_quantized_and_normalized_attributes(tmp_path):
    """KHR_mesh_quantization: int16 positions, normalized uint16 UVs, normalized int8 normals,
    normalized uint8 RGB colours."""
    builder = GltfBuilder()
    positions = builder.accessor((QUAD_POSITIONS * 100).astype(np.int16))
    uvs = builder.accessor((QUAD_UVS * 65535).astype(np.uint16), normalized=True)
    normals = builder.accessor(np.tile(np.array([0, 0, 127], np.int8), (4, 1)), normalized=True)
    colors = builder.accessor(
        np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]], np.uint8), normalized=True
    )
    builder.mesh(
        {"POSITION": positions, "TEXCOORD_0": uvs, "NORMAL": normals, "COLOR_0": colors}, builder.accessor(QUAD_INDICES)
    )
    builder.doc["extensionsUsed"] = builder.doc["extensionsRequired"] = ["KHR_mesh_quantization"]
    g = load_gltf(builder.write(tmp_path / "q.gltf")).primitives[0].geometry
    np.testing.assert_array_equal(g.positions, QUAD_POSITIONS * 100)
    np.testing.assert_allclose(g.uv0, QUAD_UVS)
    np.testing.assert_allclose(g.normals, np.tile([0, 0, 1], (4, 1)))
    np.testing.assert_allclose(g.colors, [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 1]])
    assert g.colors.dtype == np.float32


def test_signed_normalized_minimum_clamps_to_minus_one(tmp_path):
    builder = GltfBuilder()
    builder.mesh({"POSITION": builder.accessor(np.array([[-128, -127, 127]], np.int8), normalized=True)}, mode=0)
    positions = load_gltf(builder.write(tmp_path / "p.gltf")).primitives[0].geometry.positions
    np.testing.assert_allclose(positions, [[-1, -1, 1]])


def test_interleaved_attributes_with_byte_stride(tmp_path):
    builder = GltfBuilder()
    interleaved = np.hstack([QUAD_POSITIONS, QUAD_UVS]).astype(np.float32)  # 20-byte vertices
    view = builder.view(interleaved.tobytes(), stride=20)
    builder.doc["accessors"] += [
        {"bufferView": view, "componentType": 5126, "count": 4, "type": "VEC3"},
        {"bufferView": view, "byteOffset": 12, "componentType": 5126, "count": 4, "type": "VEC2"},
    ]
    builder.mesh({"POSITION": 0, "TEXCOORD_0": 1}, builder.accessor(QUAD_INDICES.astype(np.uint8)))
    g = load_gltf(builder.write(tmp_path / "i.gltf", external=True)).primitives[0].geometry
    np.testing.assert_array_equal(g.positions, QUAD_POSITIONS)
    np.testing.assert_array_equal(g.uv0, QUAD_UVS)


def test_scene_less_file_shows_its_root_nodes(tmp_path):
    builder = quad()
    builder.doc["nodes"][0]["translation"] = [0, 0, 5]
    del builder.doc["scenes"]
    asset = load_gltf(builder.write(tmp_path / "n.gltf"))
    assert asset.roots == (0,) and asset.bounds[0, 2] == 5.0


# -- modes, normals and tangents ------------------------------------------------------------------


def test_strips_fans_and_loops_become_lists():
    idx = np.arange(5, dtype=np.uint32)
    assert to_list_mode(5, idx)[1].reshape(-1, 3).tolist() == [[0, 1, 2], [2, 1, 3], [2, 3, 4]]
    assert to_list_mode(6, idx)[1].reshape(-1, 3).tolist() == [[1, 2, 0], [2, 3, 0], [3, 4, 0]]
    assert to_list_mode(2, idx[:3])[1].reshape(-1, 2).tolist() == [[0, 1], [1, 2], [2, 0]]
    assert to_list_mode(3, idx[:3])[1].reshape(-1, 2).tolist() == [[0, 1], [1, 2]]
    assert to_list_mode(4, idx)[1].tolist() == [0, 1, 2]
    assert to_list_mode(0, idx)[0] == POINTS and to_list_mode(1, idx)[0] == LINES
    assert len(to_list_mode(5, idx[:2])[1]) == 0 and len(to_list_mode(6, idx[:2])[1]) == 0


def test_strip_winding_keeps_facing(tmp_path):
    """A quad as a strip (0, 1, 3, 2): both triangles face +Z like the list version."""
    builder = GltfBuilder()
    builder.mesh(
        {"POSITION": builder.accessor(QUAD_POSITIONS)}, builder.accessor(np.array([0, 1, 3, 2], np.uint16)), mode=5
    )
    g = load_gltf(builder.write(tmp_path / "strip.gltf")).primitives[0].geometry
    assert g.mode == TRIANGLES and g.triangle_count == 2
    np.testing.assert_allclose(g.normals, np.tile([0, 0, 1], (4, 1)), atol=1e-6)


def test_normals_area_weighted_when_shared_flat_when_not():
    # Two triangles sharing vertex 0: a big one facing +Z and a small one facing +X.
    positions = np.array([[0, 0, 0], [4, 0, 0], [0, 4, 0], [0, 0, -1], [0, 1, 0]], np.float32)
    smooth = vertex_normals(positions, np.array([0, 1, 2, 0, 3, 4], np.uint32))
    assert smooth[0, 2] > 0.9 and smooth[0, 0] > 0.01, "dominated by the bigger triangle"
    flat_positions = positions[[0, 1, 2, 0, 3, 4]]
    flat = vertex_normals(flat_positions, np.arange(6, dtype=np.uint32))
    np.testing.assert_allclose(flat[:3], np.tile([0, 0, 1], (3, 1)))
    np.testing.assert_allclose(flat[3:], np.tile([1, 0, 0], (3, 1)))
    lonely = vertex_normals(np.zeros((4, 3), np.float32), np.array([0, 1, 2], np.uint32))
    assert np.all(np.isfinite(lonely)) and np.allclose(np.linalg.norm(lonely, axis=1), 1)


def test_missing_normals_are_computed_on_load(tmp_path):
    g = load_gltf(quad().write(tmp_path / "q.gltf")).primitives[0].geometry
    np.testing.assert_allclose(g.normals, np.tile([0, 0, 1], (4, 1)))
    assert g.tangents is None, "no normal map, no tangents"


def test_tangent_handedness_upright_and_mirrored():
    """An upright image on a +Z quad: tangent +X, bitangent (image up) +Y, so w = +1; the image
    mirrored left-right flips the tangent to -X and w to -1 (bitangent still +Y)."""
    normals = np.tile(np.array([0, 0, 1], np.float32), (4, 1))
    indices = QUAD_INDICES.astype(np.uint32)
    upright = vertex_tangents(QUAD_POSITIONS, normals, QUAD_UVS, indices)
    np.testing.assert_allclose(upright, np.tile([1, 0, 0, 1], (4, 1)), atol=1e-6)
    mirrored_uvs = QUAD_UVS * [-1, 1] + [1, 0]
    mirrored = vertex_tangents(QUAD_POSITIONS, normals, mirrored_uvs, indices)
    np.testing.assert_allclose(mirrored, np.tile([-1, 0, 0, -1], (4, 1)), atol=1e-6)
    bitangent = mirrored[:, 3:] * np.cross(normals, mirrored[:, :3])
    np.testing.assert_allclose(bitangent, np.tile([0, 1, 0], (4, 1)), atol=1e-6)


def test_degenerate_uvs_still_give_unit_tangents():
    normals = np.tile(np.array([0, 0, 1], np.float32), (4, 1))
    tangents = vertex_tangents(QUAD_POSITIONS, normals, np.zeros((4, 2), np.float32), QUAD_INDICES.astype(np.uint32))
    assert np.allclose(np.linalg.norm(tangents[:, :3], axis=1), 1) and np.allclose(tangents[:, :3] @ [0, 0, 1], 0)


@pytest.mark.parametrize("mode", [0, 1, 3])
def test_points_and_lines_have_no_normals(tmp_path, mode):
    builder = GltfBuilder()
    builder.mesh({"POSITION": builder.accessor(QUAD_POSITIONS)}, mode=mode)
    g = load_gltf(builder.write(tmp_path / "p.gltf")).primitives[0].geometry
    assert g.normals is None and g.mode in (POINTS, LINES) and g.triangle_count == 0

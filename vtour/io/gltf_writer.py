"""Write a glTF document with new geometry as a self-contained .glb (used by the LOD tool).

Why not trimesh's exporter: it rebuilds materials from its own model, so it would drop
KHR_texture_transform, KHR_materials_unlit, samplers, TEXCOORD_1 and vertex colours next to
textures, and re-encode every JPEG as PNG. Here the source JSON is copied and only the geometry is
replaced: materials, textures (their original bytes), cameras and the node tree survive unchanged.
"""

from __future__ import annotations

import copy
import json
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from vtour.io.gltf_container import Container
from vtour.io.gltf_draco import EXTENSION as DRACO
from vtour.io.gltf_json import GltfInvalid
from vtour.model.mesh import Geometry

_ARRAY_BUFFER, _ELEMENT_ARRAY_BUFFER = 34962, 34963
_FLOAT, _UNSIGNED_SHORT, _UNSIGNED_INT = 5126, 5123, 5125
_TYPES = {1: "SCALAR", 2: "VEC2", 3: "VEC3", 4: "VEC4"}
_DROPPED_EXTENSIONS = {DRACO, "KHR_mesh_quantization"}  # the new geometry is plain float32
_MAGIC_MIME = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"RIFF", "image/webp"),
    (b"\xabKTX", "image/ktx2"),
)


@dataclass
class BinaryChunk:
    """The BIN chunk being assembled, with its bufferViews and accessors."""

    data: bytearray = field(default_factory=bytearray)
    views: list[dict] = field(default_factory=list)
    accessors: list[dict] = field(default_factory=list)

    def view(self, raw: bytes, target: int | None = None) -> int:
        self.data.extend(b"\0" * (-len(self.data) % 4))  # accessors need 4-byte alignment
        view = {"buffer": 0, "byteOffset": len(self.data), "byteLength": len(raw)}
        if target is not None:
            view["target"] = target
        self.data.extend(raw)
        self.views.append(view)
        return len(self.views) - 1

    def accessor(self, array: np.ndarray, bounds: bool = False) -> int:
        """A float32 vertex attribute accessor (POSITION needs ``bounds``: min and max)."""
        array = np.ascontiguousarray(array, dtype=np.float32)
        accessor = {
            "bufferView": self.view(array.tobytes(), _ARRAY_BUFFER),
            "componentType": _FLOAT,
            "count": len(array),
            "type": _TYPES[array.shape[1]],
        }
        if bounds:
            accessor["min"] = array.min(axis=0).tolist()
            accessor["max"] = array.max(axis=0).tolist()
        return self._add(accessor)

    def indices(self, indices: np.ndarray, vertex_count: int) -> int:
        small = vertex_count <= 65535
        array = np.ascontiguousarray(indices, dtype=np.uint16 if small else np.uint32)
        return self._add(
            {
                "bufferView": self.view(array.tobytes(), _ELEMENT_ARRAY_BUFFER),
                "componentType": _UNSIGNED_SHORT if small else _UNSIGNED_INT,
                "count": len(array),
                "type": "SCALAR",
            }
        )

    def _add(self, accessor: dict) -> int:
        self.accessors.append(accessor)
        return len(self.accessors) - 1


def replace_geometry(
    container: Container, geometries: dict[tuple[int, int], Geometry], generator: str
) -> tuple[dict, bytes]:
    """A copy of the container's document whose primitives use ``geometries``.

    Parameters
    ----------
    container
        The source file, read by :func:`vtour.io.gltf_container.read_container`.
    geometries
        New geometry per ``(mesh index, primitive index)``; other primitives are left out (and
        meshes left empty are dropped, with the nodes' references to them).
    generator
        Written to ``asset.generator``.

    Returns
    -------
    (dict, bytes)
        The JSON document and the BIN chunk for :func:`write_glb`. Images are embedded with their
        original bytes. Animations, skins and morph targets are dropped: the geometry is baked.
    """
    doc = copy.deepcopy(container.doc)
    chunk = BinaryChunk()
    images = [_embedded_image(container, image, i, chunk) for i, image in enumerate(doc.pop("images", []))]
    if images:
        doc["images"] = images
    _fix_nodes(doc, _replace_meshes(doc, geometries, chunk))
    for key in ("animations", "skins", "accessors", "bufferViews", "buffers"):
        doc.pop(key, None)
    _drop_extensions(doc)
    doc["accessors"], doc["bufferViews"] = chunk.accessors, chunk.views
    doc["buffers"] = [{"byteLength": len(chunk.data)}]
    doc["asset"] = {**doc.get("asset", {}), "generator": generator}
    return doc, bytes(chunk.data)


def write_glb(path: Path, doc: dict, binary: bytes) -> None:
    """Write a glTF 2.0 binary file: header, JSON chunk (space-padded), BIN chunk (zero-padded)."""
    json_bytes = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    json_bytes += b" " * (-len(json_bytes) % 4)
    binary += b"\0" * (-len(binary) % 4)
    total = 12 + 8 + len(json_bytes) + (8 + len(binary) if binary else 0)
    with open(path, "wb") as out:
        out.write(struct.pack("<4sII", b"glTF", 2, total))
        out.write(struct.pack("<II", len(json_bytes), 0x4E4F534A) + json_bytes)
        if binary:
            out.write(struct.pack("<II", len(binary), 0x004E4942) + binary)


def _replace_meshes(doc: dict, geometries: dict[tuple[int, int], Geometry], chunk: BinaryChunk) -> dict[int, int]:
    """Rebuild ``doc["meshes"]``; returns old mesh index -> new index for the meshes kept."""
    kept, mesh_map = [], {}
    for m, mesh in enumerate(doc.get("meshes", [])):
        primitives = [
            _primitive(raw, geometries[(m, p)], chunk)
            for p, raw in enumerate(mesh.get("primitives", []))
            if (m, p) in geometries
        ]
        if primitives:
            mesh_map[m] = len(kept)
            kept.append(
                {**{k: v for k, v in mesh.items() if k not in ("primitives", "weights")}, "primitives": primitives}
            )
    doc.pop("meshes", None)
    if kept:
        doc["meshes"] = kept
    return mesh_map


def _primitive(raw: dict, geometry: Geometry, chunk: BinaryChunk) -> dict:
    attributes = {"POSITION": chunk.accessor(geometry.positions, bounds=True)}
    for name, semantic in (
        ("normals", "NORMAL"),
        ("tangents", "TANGENT"),
        ("uv0", "TEXCOORD_0"),
        ("uv1", "TEXCOORD_1"),
        ("colors", "COLOR_0"),
    ):
        values = getattr(geometry, name)
        if values is not None:
            attributes[semantic] = chunk.accessor(values)
    primitive = {k: v for k, v in raw.items() if k not in ("attributes", "indices", "targets", "extensions", "mode")}
    extensions = {k: v for k, v in raw.get("extensions", {}).items() if k not in _DROPPED_EXTENSIONS}
    if extensions:
        primitive["extensions"] = extensions
    primitive["attributes"] = attributes
    primitive["indices"] = chunk.indices(geometry.indices, geometry.vertex_count)
    primitive["mode"] = geometry.mode  # strips and fans were already turned into lists
    return primitive


def _fix_nodes(doc: dict, mesh_map: dict[int, int]) -> None:
    for node in doc.get("nodes", []):
        node.pop("skin", None)
        node.pop("weights", None)  # morph targets are baked into the geometry
        if "mesh" in node:
            if node["mesh"] in mesh_map:
                node["mesh"] = mesh_map[node["mesh"]]
            else:
                del node["mesh"]


def _embedded_image(container: Container, image: dict, index: int, chunk: BinaryChunk) -> dict:
    """The image with its bytes moved into the BIN chunk (so the .glb stands alone)."""
    path = ("images", index)
    if "bufferView" in image:
        data = bytes(container.buffer_view(image["bufferView"], (*path, "bufferView"))[0])
    else:
        data = container.uri_bytes(image["uri"], (*path, "uri"))
    mime = image.get("mimeType") or next((m for magic, m in _MAGIC_MIME if data.startswith(magic)), None)
    if mime is None:
        raise GltfInvalid(path, "image format not recognised; cannot embed it")
    kept = {k: v for k, v in image.items() if k not in ("uri", "bufferView", "mimeType")}
    return {**kept, "bufferView": chunk.view(data), "mimeType": mime}


def _drop_extensions(doc: dict) -> None:
    for key in ("extensionsUsed", "extensionsRequired"):
        names = [name for name in doc.get(key, []) if name not in _DROPPED_EXTENSIONS]
        doc.pop(key, None)
        if names:
            doc[key] = names

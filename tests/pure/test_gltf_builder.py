"""Build small glTF documents in tests: arrays in, a .gltf (data: URI) or .gltf + .bin out.

A helper module for the other ``test_gltf*`` files (``from test_gltf_builder import ...``), with one
test of its own.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np

COMPONENT_TYPES = {np.int8: 5120, np.uint8: 5121, np.int16: 5122, np.uint16: 5123, np.uint32: 5125, np.float32: 5126}
TYPES = {1: "SCALAR", 2: "VEC2", 3: "VEC3", 4: "VEC4"}


class GltfBuilder:
    """Collects arrays into one buffer; ``accessor()`` returns the index to put in a primitive."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.doc: dict = {"asset": {"version": "2.0"}, "bufferViews": [], "accessors": []}

    def view(self, raw: bytes, stride: int | None = None) -> int:
        self.data.extend(b"\0" * (-len(self.data) % 4))
        view = {"buffer": 0, "byteOffset": len(self.data), "byteLength": len(raw)}
        if stride:
            view["byteStride"] = stride
        self.data.extend(raw)
        self.doc["bufferViews"].append(view)
        return len(self.doc["bufferViews"]) - 1

    def accessor(self, array, normalized: bool = False, **extra) -> int:
        array = np.asarray(array)
        array2d = array.reshape(len(array), -1)
        accessor = {
            "bufferView": self.view(array2d.tobytes()),
            "componentType": COMPONENT_TYPES[array.dtype.type],
            "count": len(array2d),
            "type": TYPES[array2d.shape[1]],
            **extra,
        }
        if normalized:
            accessor["normalized"] = True
        self.doc["accessors"].append(accessor)
        return len(self.doc["accessors"]) - 1

    def mesh(
        self, attributes: dict[str, int], indices: int | None = None, material: int | None = None, **extra
    ) -> dict:
        primitive = {"attributes": attributes, **extra}
        if indices is not None:
            primitive["indices"] = indices
        if material is not None:
            primitive["material"] = material
        self.doc.setdefault("meshes", []).append({"primitives": [primitive]})
        self.doc.setdefault("nodes", []).append({"mesh": len(self.doc["meshes"]) - 1})
        self.doc["scenes"] = [{"nodes": list(range(len(self.doc["nodes"])))}]
        return primitive

    def finish(self) -> dict:
        uri = "data:application/octet-stream;base64," + base64.b64encode(bytes(self.data)).decode()
        self.doc["buffers"] = [{"byteLength": len(self.data), "uri": uri}]
        return self.doc

    def write(self, path: Path, external: bool = False) -> Path:
        doc = self.finish()
        if external:
            (path.parent / (path.stem + ".bin")).write_bytes(bytes(self.data))
            doc["buffers"][0]["uri"] = path.stem + ".bin"
        path.write_text(json.dumps(doc, indent=1))
        return path


QUAD_POSITIONS = np.array([[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], np.float32)
QUAD_UVS = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], np.float32)  # glTF: v down, image upright
QUAD_INDICES = np.array([0, 1, 2, 0, 2, 3], np.uint16)


def quad(builder: GltfBuilder | None = None, **primitive_extra) -> GltfBuilder:
    """A unit quad in the XY plane facing +Z, with an upright texture mapping."""
    builder = builder or GltfBuilder()
    builder.mesh(
        {
            "POSITION": builder.accessor(QUAD_POSITIONS, min=[0, 0, 0], max=[1, 1, 0]),
            "TEXCOORD_0": builder.accessor(QUAD_UVS),
        },
        builder.accessor(QUAD_INDICES),
        **primitive_extra,
    )
    return builder


def test_the_builder_writes_what_trimesh_reads(tmp_path):
    """The helper itself: a quad written both ways is a valid glTF for an independent reader."""
    import trimesh

    for external in (False, True):
        path = quad().write(tmp_path / f"quad{int(external)}.gltf", external=external)
        mesh = trimesh.load(path, force="mesh", process=False)
        assert len(mesh.faces) == 2 and np.allclose(mesh.bounds, [[0, 0, 0], [1, 1, 0]])

"""KHR_draco_mesh_compression: decode a primitive's Draco bitstream with DracoPy.

The extension names a bufferView holding the bitstream and maps each compressed attribute's
semantic to a Draco attribute id. DracoPy dequantises positions, normals and UVs to float32;
integer attributes (e.g. 8-bit colours) keep their type and follow the glTF accessor's
``normalized`` flag like any accessor.
"""

from __future__ import annotations

import numpy as np

from vtour.io.gltf_accessors import MAX_ELEMENTS, to_float32
from vtour.io.gltf_container import Container
from vtour.io.gltf_json import GltfInvalid, get_bool, get_dict, get_int

EXTENSION = "KHR_draco_mesh_compression"


def decode_draco_primitive(
    container: Container, primitive: dict, path: tuple
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(uint32 indices, {semantic: float32 array}) of a Draco-compressed primitive."""
    ext_path = (*path, "extensions", EXTENSION)
    ext = get_dict(get_dict(primitive, "extensions", path), EXTENSION, (*path, "extensions"))
    data, _ = container.buffer_view(get_int(ext, "bufferView", ext_path), (*ext_path, "bufferView"))
    mesh = _decode(bytes(data), ext_path)
    indices = np.asarray(mesh.faces, dtype=np.uint32).ravel()
    attributes = {}
    for semantic, unique_id in get_dict(ext, "attributes", ext_path).items():
        values = _attribute(mesh, unique_id, (*ext_path, "attributes", semantic))
        attributes[semantic] = to_float32(values, _normalized(container, primitive, semantic, path))
    return indices, attributes


def _decode(data: bytes, path: tuple):
    try:
        import DracoPy  # imported here: only Draco files pay for loading the extension module
    except ImportError:
        raise GltfInvalid(path, "Draco-compressed mesh, but DracoPy is not installed", extension=EXTENSION) from None

    try:
        mesh = DracoPy.decode(data)
    except Exception as exc:  # DracoPy raises ValueError or its own FileTypeException from C++
        raise GltfInvalid(path, f"Draco data could not be decoded ({exc.__class__.__name__}: {exc})") from None
    if not hasattr(mesh, "faces") or mesh.faces is None or len(mesh.faces) == 0:
        raise GltfInvalid(path, "Draco data holds a point cloud, not a triangle mesh")
    if len(mesh.points) > MAX_ELEMENTS or mesh.faces.size > MAX_ELEMENTS:
        raise GltfInvalid(path, f"Draco mesh of {len(mesh.points)} points is over the limit of {MAX_ELEMENTS}")
    return mesh


def _attribute(mesh, unique_id, path: tuple) -> np.ndarray:
    if isinstance(unique_id, bool) or not isinstance(unique_id, int):
        raise GltfInvalid(path, f"expected a Draco attribute id, found {unique_id!r}")
    found = mesh.get_attribute_by_unique_id(unique_id)
    if found is None or found.get("data") is None:
        raise GltfInvalid(path, f"the Draco data has no attribute with id {unique_id}")
    values = np.asarray(found["data"])
    return values.reshape(len(values), -1)


def _normalized(container: Container, primitive: dict, semantic: str, path: tuple) -> bool:
    """The glTF accessor's ``normalized`` flag for a compressed attribute (False if absent)."""
    attributes = get_dict(primitive, "attributes", path)
    index = attributes.get(semantic)
    accessors = container.doc.get("accessors")
    if isinstance(index, int) and isinstance(accessors, list) and 0 <= index < len(accessors):
        accessor = accessors[index]
        if isinstance(accessor, dict):
            return get_bool(accessor, "normalized", ("accessors", index), False)
    return False

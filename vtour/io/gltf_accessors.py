"""glTF accessors read straight into numpy: component types, ``normalized``, ``byteStride``,
sparse substitution, and KHR_draco_mesh_compression through DracoPy.

Why not trimesh here: trimesh (the project's mesh library) reads accessors too, but it merges or
drops what the renderer needs (TEXCOORD_1, per-primitive materials, sparse edits, KHR_* data),
flips UVs, silently zeroes Draco data and raises untyped errors on broken files. Reading an accessor
is a bounds check and one ``np.ndarray(buffer=..., strides=...)``, so doing it here is both shorter
and exact. trimesh stays the tool for mesh *operations* (export, ray casts, proximity).
"""

from __future__ import annotations

import numpy as np

from vtour.io.gltf_container import Container
from vtour.io.gltf_json import GltfInvalid, get_bool, get_dict, get_int, get_str, item

MAX_ELEMENTS = 2**27
"""Accessors with more elements (134 M vertices or indices) are refused before any allocation."""

COMPONENT_DTYPES = {
    5120: np.dtype("<i1"),
    5121: np.dtype("<u1"),
    5122: np.dtype("<i2"),
    5123: np.dtype("<u2"),
    5125: np.dtype("<u4"),
    5126: np.dtype("<f4"),
}
TYPE_SIZES = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
_INDEX_TYPES = (5121, 5123, 5125)


def read_accessor(container: Container, index: int, path: tuple) -> np.ndarray:
    """The accessor's elements as a ``(count, components)`` array of its stored component type.

    ``path`` is where the accessor index was found (for the message when the index is wrong).
    Sparse substitution is applied; ``normalized`` is not (see :func:`to_float32`).
    """
    accessor = item(container.doc, "accessors", index, path)
    here = ("accessors", index)
    dtype, components, count = accessor_layout(accessor, here)
    if "bufferView" in accessor:
        data = _strided(container, accessor, here, dtype, components, count)
    else:
        data = np.zeros((count, components), dtype)  # the spec's "all zeros" before sparse edits
    sparse = get_dict(accessor, "sparse", here, None)
    if sparse is not None:
        _apply_sparse(container, sparse, (*here, "sparse"), data)
    return data


def read_float_attribute(container: Container, index: int, path: tuple, widths: tuple[int, ...]) -> np.ndarray:
    """A vertex attribute as float32 with ``normalized`` honoured; its width must be in ``widths``."""
    data = read_accessor(container, index, path)
    accessor = container.doc["accessors"][index]
    if data.shape[1] not in widths:
        raise GltfInvalid(
            ("accessors", index, "type"),
            f"has {data.shape[1]} components where {path[-1]} needs {' or '.join(map(str, widths))}",
        )
    return to_float32(data, get_bool(accessor, "normalized", ("accessors", index), False))


def read_indices(container: Container, index: int, path: tuple) -> np.ndarray:
    """An index accessor as a flat uint32 array."""
    accessor = item(container.doc, "accessors", index, path)
    if accessor.get("componentType") not in _INDEX_TYPES or accessor.get("type") != "SCALAR":
        raise GltfInvalid(("accessors", index), "indices must be unsigned byte, short or int SCALARs")
    return read_accessor(container, index, path).ravel().astype(np.uint32)


def accessor_layout(accessor: dict, path: tuple) -> tuple[np.dtype, int, int]:
    """(component dtype, components per element, count), checked."""
    component_type = get_int(accessor, "componentType", path)
    if component_type not in COMPONENT_DTYPES:
        raise GltfInvalid((*path, "componentType"), f"unknown componentType {component_type}")
    kind = get_str(accessor, "type", path)
    if kind not in TYPE_SIZES:
        raise GltfInvalid((*path, "type"), f"unknown accessor type {kind!r}")
    dtype = COMPONENT_DTYPES[component_type]
    if kind in ("MAT2", "MAT3") and dtype.itemsize < 4:
        # Such matrices pad each column to 4 bytes; no attribute the viewer reads uses them.
        raise GltfInvalid((*path, "type"), f"{kind} of {dtype.itemsize}-byte components is not supported")
    count = get_int(accessor, "count", path, minimum=1)
    if count > MAX_ELEMENTS:
        raise GltfInvalid((*path, "count"), f"count {count} is over the limit of {MAX_ELEMENTS}")
    return dtype, TYPE_SIZES[kind], count


def to_float32(data: np.ndarray, normalized: bool) -> np.ndarray:
    """Integers to float32, mapped to [0, 1] / [-1, 1] when ``normalized`` (glTF's rule)."""
    if data.dtype == np.float32:
        return np.ascontiguousarray(data, dtype=np.float32)
    if not normalized:
        return data.astype(np.float32)
    info = np.iinfo(data.dtype)
    scaled = data.astype(np.float32) / np.float32(info.max)
    return np.maximum(scaled, -1.0, out=scaled) if info.min < 0 else scaled


def _strided(
    container: Container, accessor: dict, path: tuple, dtype: np.dtype, components: int, count: int
) -> np.ndarray:
    view_index = get_int(accessor, "bufferView", path)
    data, view = container.buffer_view(view_index, (*path, "bufferView"))
    offset = get_int(accessor, "byteOffset", path, 0)
    element = dtype.itemsize * components
    stride = get_int(view, "byteStride", ("bufferViews", view_index), 0) or element
    if stride < element:
        raise GltfInvalid(
            ("bufferViews", view_index, "byteStride"),
            f"byteStride {stride} is smaller than an element ({element} bytes)",
        )
    needed = offset + stride * (count - 1) + element
    if needed > len(data):
        raise GltfInvalid(
            path, f"{count} elements from byte {offset} need {needed} bytes, but its bufferView has {len(data)}"
        )
    array = np.ndarray((count, components), dtype, buffer=data, offset=offset, strides=(stride, dtype.itemsize))
    return array.astype(dtype.newbyteorder("="))  # a compact, writable, native-order copy


def _apply_sparse(container: Container, sparse: dict, path: tuple, data: np.ndarray) -> None:
    count = get_int(sparse, "count", path, minimum=1)
    if count > len(data):
        raise GltfInvalid((*path, "count"), f"{count} sparse elements for an accessor of {len(data)}")
    indices_info = get_dict(sparse, "indices", path)
    index_type = get_int(indices_info, "componentType", (*path, "indices"))
    if index_type not in _INDEX_TYPES:
        raise GltfInvalid((*path, "indices", "componentType"), "sparse indices must be unsigned byte, short or int")
    indices = _packed(container, indices_info, (*path, "indices"), COMPONENT_DTYPES[index_type], 1, count).ravel()
    values = _packed(container, get_dict(sparse, "values", path), (*path, "values"), data.dtype, data.shape[1], count)
    if indices.max() >= len(data):
        raise GltfInvalid(
            (*path, "indices"), f"sparse index {int(indices.max())} is outside the accessor's {len(data)} elements"
        )
    data[indices.astype(np.intp)] = values


def _packed(container: Container, info: dict, path: tuple, dtype: np.dtype, components: int, count: int) -> np.ndarray:
    """Tightly packed elements (sparse indices and values ignore byteStride)."""
    view_index = get_int(info, "bufferView", path)
    data, _ = container.buffer_view(view_index, (*path, "bufferView"))
    offset = get_int(info, "byteOffset", path, 0)
    needed = offset + count * components * dtype.itemsize
    if needed > len(data):
        raise GltfInvalid(path, f"needs {needed} bytes, but its bufferView has {len(data)}")
    flat = np.frombuffer(data, dtype, count * components, offset)
    return flat.reshape(count, components).astype(dtype.newbyteorder("="))

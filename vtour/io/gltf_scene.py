"""The glTF node tree: local transforms (matrix or TRS), world matrices, the displayed scene, cameras.

Matrices are 4x4 float64 in the column-vector convention (``M @ [x, y, z, 1]``); glTF stores them
column-major, hence the transpose when reading ``node.matrix``.
"""

from __future__ import annotations

import numpy as np

from vtour.io.gltf_json import GltfInvalid, get_dict, get_float, get_floats, get_int, get_list, get_str, item
from vtour.model.mesh import ModelCamera, Node


def read_nodes(doc: dict) -> tuple[list[Node], tuple[int, ...]]:
    """Every node (world matrices filled for the displayed scene) and the scene's root nodes."""
    raw = get_list(doc, "nodes", (), [])
    children = [_children(doc, i) for i in range(len(raw))]
    _check_single_parent(children)
    roots = scene_roots(doc, children)
    locals_ = [local_matrix(item(doc, "nodes", i, ("nodes",)), ("nodes", i)) for i in range(len(raw))]
    worlds = _world_matrices(locals_, roots, children)
    nodes = [_node(doc, i, children[i], locals_[i], worlds.get(i)) for i in range(len(raw))]
    return nodes, roots


def scene_roots(doc: dict, children: list[tuple[int, ...]]) -> tuple[int, ...]:
    """Root nodes of ``doc.scene`` (else scene 0; with no scenes, every node without a parent)."""
    scenes = get_list(doc, "scenes", (), [])
    if not scenes:
        has_parent = {c for kids in children for c in kids}
        return tuple(i for i in range(len(children)) if i not in has_parent)
    index = get_int(doc, "scene", (), 0)
    scene = item(doc, "scenes", index, ("scene",))
    roots = get_list(scene, "nodes", ("scenes", index), [])
    for k, root in enumerate(roots):
        item(doc, "nodes", root, ("scenes", index, "nodes", k))
    return tuple(roots)


def local_matrix(node: dict, path: tuple) -> np.ndarray:
    """The node's local transform from ``matrix`` or ``translation``/``rotation``/``scale``."""
    if "matrix" in node:
        return np.array(get_floats(node, "matrix", path, 16)).reshape(4, 4).T
    translation = get_floats(node, "translation", path, 3, (0.0, 0.0, 0.0))
    rotation = get_floats(node, "rotation", path, 4, (0.0, 0.0, 0.0, 1.0))
    scale = get_floats(node, "scale", path, 3, (1.0, 1.0, 1.0))
    matrix = np.eye(4)
    matrix[:3, :3] = quaternion_matrix(rotation, (*path, "rotation")) * np.array(scale)
    matrix[:3, 3] = translation
    return matrix


def quaternion_matrix(quaternion: tuple[float, ...], path: tuple) -> np.ndarray:
    """3x3 rotation of a glTF ``(x, y, z, w)`` quaternion (normalised first: exporters round)."""
    q = np.array(quaternion, dtype=np.float64)
    length = np.linalg.norm(q)
    if not length > 1e-12:
        raise GltfInvalid(path, "rotation quaternion has zero length")
    x, y, z, w = q / length
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )


def read_cameras(doc: dict, nodes: list[Node]) -> tuple[ModelCamera, ...]:
    """Cameras placed by nodes of the displayed scene."""
    return tuple(_camera(doc, node) for node in nodes if node.camera is not None and node.world_matrix is not None)


def _node(doc: dict, index: int, children: tuple[int, ...], local: np.ndarray, world: np.ndarray | None) -> Node:
    raw = item(doc, "nodes", index, ("nodes",))
    path = ("nodes", index)
    mesh = get_int(raw, "mesh", path, None)
    camera = get_int(raw, "camera", path, None)
    if mesh is not None:
        item(doc, "meshes", mesh, (*path, "mesh"))
    if camera is not None:
        item(doc, "cameras", camera, (*path, "camera"))
    return Node(index, get_str(raw, "name", path, ""), children, local, world, mesh, camera)


def _children(doc: dict, index: int) -> tuple[int, ...]:
    node = item(doc, "nodes", index, ("nodes",))
    kids = get_list(node, "children", ("nodes", index), [])
    for k, child in enumerate(kids):
        item(doc, "nodes", child, ("nodes", index, "children", k))
    return tuple(kids)


def _check_single_parent(children: list[tuple[int, ...]]) -> None:
    parent: dict[int, int] = {}
    for index, kids in enumerate(children):
        for child in kids:
            if child in parent or child == index:
                raise GltfInvalid(
                    ("nodes", index, "children"), f"node {child} has more than one parent (or is its own child)"
                )
            parent[child] = index


def _world_matrices(
    locals_: list[np.ndarray], roots: tuple[int, ...], children: list[tuple[int, ...]]
) -> dict[int, np.ndarray]:
    """World matrix of every node reachable from ``roots`` (iterative: deep trees are fine)."""
    worlds: dict[int, np.ndarray] = {}
    stack = [(root, np.eye(4)) for root in reversed(roots)]
    while stack:
        index, parent = stack.pop()
        if index in worlds:
            raise GltfInvalid(
                ("nodes", index), "node is reached twice from the scene (a cycle, or listed as a root and a child)"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            worlds[index] = parent @ locals_[index]
        if not np.all(np.isfinite(worlds[index])):
            raise GltfInvalid(("nodes", index), "the node's transform overflows (scales multiply to infinity)")
        stack.extend((child, worlds[index]) for child in reversed(children[index]))
    return worlds


def _camera(doc: dict, node: Node) -> ModelCamera:
    raw = item(doc, "cameras", node.camera, ("nodes", node.index, "camera"))
    path = ("cameras", node.camera)
    kind = get_str(raw, "type", path)
    if kind not in ("perspective", "orthographic"):
        raise GltfInvalid((*path, "type"), f"camera type {kind!r} is neither perspective nor orthographic")
    params = get_dict(raw, kind, path)
    here = (*path, kind)
    common = dict(
        name=get_str(raw, "name", path, ""),
        kind=kind,
        node=node.index,
        world_matrix=node.world_matrix,
        znear=get_float(params, "znear", here),
        zfar=get_float(params, "zfar", here, None),
    )
    if kind == "perspective":
        return ModelCamera(
            **common, yfov=get_float(params, "yfov", here), aspect_ratio=get_float(params, "aspectRatio", here, None)
        )
    return ModelCamera(**common, xmag=get_float(params, "xmag", here), ymag=get_float(params, "ymag", here))

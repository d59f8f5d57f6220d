"""Load glTF 2.0 models (.gltf with external or embedded buffers, .glb) into a :class:`ModelAsset`.

The pipeline: read the container (:mod:`vtour.io.gltf_container`) -> check extensions -> scene
graph (:mod:`vtour.io.gltf_scene`) -> materials (:mod:`vtour.io.gltf_materials`) -> decode the
images they use -> read each primitive's accessors (:mod:`vtour.io.gltf_accessors`, Draco through
:mod:`vtour.io.gltf_draco`), apply default morph weights, compute missing normals and tangents
(:mod:`vtour.io.gltf_vertices`) -> place primitives in the world.

Every problem with the file becomes a :class:`~vtour.model.mesh.ModelError` naming the file, the
JSON path and (for .gltf text) the line and column; optional problems (an unsupported optional
extension, an unreadable image) become warnings on :attr:`ModelAsset.warnings` and are logged.

See ``docs/models.md`` for what is supported and the conventions of the output.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from vtour.io import gltf_vertices as vertices
from vtour.io.gltf_accessors import read_float_attribute, read_indices
from vtour.io.gltf_container import Container, UriRefused, _JsonSyntax, read_container
from vtour.io.gltf_draco import EXTENSION as DRACO
from vtour.io.gltf_draco import decode_draco_primitive
from vtour.io.gltf_json import GltfInvalid, get_dict, get_floats, get_int, get_list, get_str, item
from vtour.io.gltf_materials import (
    EMISSIVE_STRENGTH,
    TEXTURE_TRANSFORM,
    TEXTURE_WEBP,
    UNLIT,
    ImageTable,
    read_materials,
)
from vtour.io.gltf_scene import read_cameras, read_nodes
from vtour.io.images import decode_rgba_bytes
from vtour.io.jsonpos import JSONSyntaxError, parse
from vtour.model.errors import Diagnostic, ImageError, Severity
from vtour.model.issues import format_json_path
from vtour.model.mesh import (
    TRIANGLES,
    Geometry,
    Material,
    ModelAsset,
    ModelError,
    Node,
    Primitive,
    TextureImage,
)

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS = frozenset(
    {
        DRACO,
        TEXTURE_TRANSFORM,
        UNLIT,
        EMISSIVE_STRENGTH,
        TEXTURE_WEBP,
        "KHR_mesh_quantization",  # integer/normalized attributes: the accessor reader handles every type
    }
)
"""Extensions whose data this loader reads. Others are refused when required, ignored when optional."""

Progress = Callable[[float, str], None]

_ATTRIBUTE_WIDTHS = {
    "POSITION": (3,),
    "NORMAL": (3,),
    "TANGENT": (4,),
    "TEXCOORD_0": (2,),
    "TEXCOORD_1": (2,),
    "COLOR_0": (3, 4),
}
_PLACEHOLDER = np.array([[[255, 0, 255, 255]]], dtype=np.uint8)  # magenta: missing data must show

# Shares of the progress bar per stage (images usually dominate, then geometry).
_READ, _BUFFERS, _IMAGES, _PRIMITIVES = (0.0, 0.05), (0.05, 0.15), (0.15, 0.6), (0.6, 1.0)


def load_gltf(path: str | os.PathLike, progress: Progress | None = None) -> ModelAsset:
    """Load a glTF 2.0 model.

    Parameters
    ----------
    path
        A ``.gltf`` (JSON with external files or ``data:`` URIs) or ``.glb`` file; told apart by
        content. Files it refers to must lie in its folder.
    progress
        Called as ``progress(fraction, message)`` with fractions rising from 0 to 1 (reading,
        buffers, images, primitives). It runs on the loading thread.

    Returns
    -------
    ModelAsset
        GL-ready arrays (see :mod:`vtour.model.mesh` for the conventions).

    Raises
    ------
    ModelError
        The file is missing, malformed, needs an extension vtour does not support, refers to
        data outside its folder, or holds out-of-range or oversized data. Never another exception
        for bad input.
    """
    loader = _Loader(Path(path), progress)
    try:
        return loader.load()
    except GltfInvalid as exc:
        raise _model_error(loader, exc) from None
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, MemoryError) as exc:
        # A gap in the checks above: still a readable error for the viewer, but marked so tests catch it.
        log.debug("unexpected error loading %s", path, exc_info=True)
        raise ModelError(loader.path, f"malformed glTF (unexpected {exc.__class__.__name__}: {exc})") from None


class _Loader:
    """One load: the container, warnings and progress of a single :func:`load_gltf` call."""

    def __init__(self, path: Path, progress: Progress | None):
        self.path = path
        self.container: Container | None = None
        self.warnings: list[Diagnostic] = []
        self._progress = progress

    def load(self) -> ModelAsset:
        self.report(0.0, f"reading {self.path.name}")
        self.container = read_container(self.path)
        doc = self.container.doc
        used = self.check_extensions()
        nodes, roots = read_nodes(doc)
        images = ImageTable()
        materials = read_materials(doc, images)
        self.load_buffers()
        textures = self.decode_images(images)
        primitives = self.build_primitives(nodes, materials)
        self.report(1.0, "done")
        return ModelAsset(
            path=self.path,
            primitives=tuple(primitives),
            materials=tuple(materials),
            images=tuple(textures),
            nodes=tuple(nodes),
            roots=roots,
            cameras=read_cameras(doc, nodes),
            bounds=_union_bounds(primitives),
            extensions_used=used,
            warnings=tuple(self.warnings),
        )

    # -- stages -------------------------------------------------------------------------------

    def check_extensions(self) -> tuple[str, ...]:
        """Refuse required extensions we cannot read; warn about optional ones we ignore."""
        for k, name in enumerate(self.extension_names("extensionsRequired")):
            if name not in SUPPORTED_EXTENSIONS:
                supported = ", ".join(sorted(SUPPORTED_EXTENSIONS))
                message = f"requires the glTF extension {name!r}, which vtour does not support (supported: {supported})"
                raise GltfInvalid(("extensionsRequired", k), message, extension=name)
        used = self.extension_names("extensionsUsed")
        for k, name in enumerate(used):
            if name not in SUPPORTED_EXTENSIONS:
                message = f"uses the glTF extension {name!r}, which vtour does not support: it is ignored"
                message += " and the model is shown without it"
                self.warn(("extensionsUsed", k), message)
        return used

    def extension_names(self, key: str) -> tuple[str, ...]:
        names = get_list(self.container.doc, key, (), [])
        for k, name in enumerate(names):
            if not isinstance(name, str):
                raise GltfInvalid((key, k), f"an extension name must be a string, not {type(name).__name__}")
        return tuple(names)

    def load_buffers(self) -> None:
        """Load every buffer up front, so a missing .bin fails before slow image decoding."""
        buffers = get_list(self.container.doc, "buffers", (), [])
        for index in range(len(buffers)):
            self.report(_stage(_BUFFERS, index, len(buffers)), f"reading buffer {index + 1}/{len(buffers)}")
            self.container.buffer(index, ("buffers",))

    def decode_images(self, table: ImageTable) -> list[TextureImage]:
        """Decode the images materials use, in threads: Pillow and simplejpeg release the GIL."""
        count = len(table.order)
        textures = []
        with ThreadPoolExecutor(max_workers=max(1, min(count, os.cpu_count() or 1, 4))) as pool:
            futures = [pool.submit(self.decode_image, index) for index in table.order]
            for k, (gltf_image, future) in enumerate(zip(table.order, futures)):
                self.report(_stage(_IMAGES, k, count), f"decoding image {k + 1}/{count}")
                pixels, problem = future.result()
                if problem:
                    self.warn(("images", gltf_image), f"image not usable, shown as magenta: {problem}")
                name = _image_name(self.container.doc, gltf_image)
                slots = frozenset(table.slots[gltf_image])
                textures.append(TextureImage(name, _frozen(pixels), slots, placeholder=bool(problem)))
        return textures

    def decode_image(self, index: int) -> tuple[np.ndarray, str]:
        """(RGBA pixels, "") of ``images[index]``, or (placeholder, why) if it cannot be read."""
        raw = item(self.container.doc, "images", index, ("images",))
        path = ("images", index)
        try:
            data = self.image_bytes(raw, path)
            return decode_rgba_bytes(data, f"{self.path.name}: images[{index}]"), ""
        except UriRefused:
            raise  # an authoring error to fix, not a missing texture to stand in for
        except (GltfInvalid, ImageError) as exc:
            return _PLACEHOLDER.copy(), str(exc)

    def image_bytes(self, raw: dict, path: tuple) -> bytes:
        uri = get_str(raw, "uri", path, None)
        if uri is not None:
            return self.container.uri_bytes(uri, (*path, "uri"))
        view, _ = self.container.buffer_view(get_int(raw, "bufferView", path), (*path, "bufferView"))
        return bytes(view)

    def build_primitives(self, nodes: list[Node], materials: list[Material]) -> list[Primitive]:
        placed = [node for node in nodes if node.mesh is not None and node.world_matrix is not None]
        cache: dict[tuple, Geometry | None] = {}
        primitives = []
        for k, node in enumerate(placed):
            self.report(_stage(_PRIMITIVES, k, len(placed)), f"building mesh {k + 1}/{len(placed)}")
            primitives.extend(self.node_primitives(node, materials, cache))
        return primitives

    def node_primitives(self, node: Node, materials: list[Material], cache: dict) -> list[Primitive]:
        mesh = item(self.container.doc, "meshes", node.mesh, ("nodes", node.index, "mesh"))
        raw_primitives = get_list(mesh, "primitives", ("meshes", node.mesh))
        weights = _morph_weights(self.container.doc, node, mesh)
        out = []
        for index, raw in enumerate(raw_primitives):
            path = ("meshes", node.mesh, "primitives", index)
            if not isinstance(raw, dict):
                raise GltfInvalid(path, "expected an object")
            material = get_int(raw, "material", path, None)
            if material is not None:
                item(self.container.doc, "materials", material, (*path, "material"))
            key = (node.mesh, index, weights)
            if key not in cache:
                material_data = materials[material] if material is not None else Material()
                cache[key] = self.geometry(raw, path, weights, material_data)
            if cache[key] is not None:
                bounds = vertices.bounds_of(cache[key].positions, node.world_matrix)
                if not np.all(np.abs(bounds) < 1e30):  # also false for NaN; GL works in float32
                    raise GltfInvalid(("nodes", node.index), "the node's transform puts the mesh out of range (1e30)")
                out.append(Primitive(cache[key], material, node.world_matrix, bounds, node.index, node.mesh, index))
        return out

    # -- one primitive ------------------------------------------------------------------------

    def geometry(self, raw: dict, path: tuple, weights: tuple[float, ...], material: Material) -> Geometry | None:
        """GL-ready vertex data of one primitive, or None (with a warning) if it has no positions."""
        indices, attributes = self.read_attributes(raw, path)
        if "POSITION" not in attributes:
            self.warn((*path, "attributes"), "primitive has no POSITION and is not drawn")
            return None
        count = len(attributes["POSITION"])
        self.check_counts(attributes, count, path)
        if weights:
            self.apply_morph(raw, path, weights, attributes)
        attributes["POSITION"] = self.finite_positions(attributes["POSITION"], path)
        mode = get_int(raw, "mode", path, 4)
        if mode > 6:
            raise GltfInvalid((*path, "mode"), f"unknown primitive mode {mode}")
        indices = np.arange(count, dtype=np.uint32) if indices is None else indices
        if len(indices) and int(indices.max()) >= count:
            raise GltfInvalid((*path, "indices"), f"index {int(indices.max())} is out of range for {count} vertices")
        mode, indices = vertices.to_list_mode(mode, indices)
        return self.make_geometry(attributes, indices, mode, material)

    def read_attributes(self, raw: dict, path: tuple) -> tuple[np.ndarray | None, dict[str, np.ndarray]]:
        accessors = get_dict(raw, "attributes", path)
        indices, attributes = None, {}
        if DRACO in get_dict(raw, "extensions", path, {}):
            indices, attributes = decode_draco_primitive(self.container, raw, path)
        for semantic, widths in _ATTRIBUTE_WIDTHS.items():
            if semantic in accessors and semantic not in attributes:
                where = (*path, "attributes", semantic)
                attributes[semantic] = read_float_attribute(
                    self.container, get_int(accessors, semantic, (*path, "attributes")), where, widths
                )
        if indices is None and "indices" in raw:
            indices = read_indices(self.container, get_int(raw, "indices", path), (*path, "indices"))
        return indices, attributes

    def check_counts(self, attributes: dict[str, np.ndarray], count: int, path: tuple) -> None:
        for semantic, values in attributes.items():
            if len(values) != count:
                raise GltfInvalid(
                    (*path, "attributes", semantic), f"has {len(values)} elements but POSITION has {count}"
                )

    def apply_morph(self, raw: dict, path: tuple, weights: tuple[float, ...], attributes: dict) -> None:
        """Bake the default morph-target weights in (a still model shows its rest pose)."""
        targets = get_list(raw, "targets", path, [])
        for k, (target, weight) in enumerate(zip(targets, weights)):
            if weight == 0.0 or not isinstance(target, dict):
                continue
            for semantic in ("POSITION", "NORMAL", "TANGENT"):
                if semantic in target and semantic in attributes:
                    where = (*path, "targets", k, semantic)
                    delta = read_float_attribute(self.container, get_int(target, semantic, where[:-1]), where, (3,))
                    if len(delta) != len(attributes[semantic]):
                        raise GltfInvalid(
                            where, f"morph target has {len(delta)} elements, not {len(attributes[semantic])}"
                        )
                    attributes[semantic] = attributes[semantic].copy()
                    attributes[semantic][:, :3] += np.float32(weight) * delta
        for semantic in ("NORMAL", "TANGENT"):  # morphed directions are no longer unit length
            if semantic in attributes:
                attributes[semantic][:, :3] = vertices.unit_rows(attributes[semantic][:, :3])

    def finite_positions(self, positions: np.ndarray, path: tuple) -> np.ndarray:
        bad = ~np.isfinite(positions)
        if bad.any():
            self.warn(
                (*path, "attributes", "POSITION"),
                f"{int(bad.any(axis=1).sum())} positions are NaN or infinite; moved to 0",
            )
            positions = np.where(bad, np.float32(0), positions)
        return positions

    def make_geometry(self, attributes: dict, indices: np.ndarray, mode: int, material: Material) -> Geometry:
        positions = attributes["POSITION"]
        normals = attributes.get("NORMAL")
        tangents = attributes.get("TANGENT")
        if mode == TRIANGLES:
            if normals is None:
                normals = vertices.vertex_normals(positions, indices)
            uv_for_normal_map = (
                attributes.get(f"TEXCOORD_{material.normal_texture.tex_coord}") if material.normal_texture else None
            )
            if tangents is None and uv_for_normal_map is not None:
                tangents = vertices.vertex_tangents(positions, normals, uv_for_normal_map, indices)
        else:
            normals = tangents = None  # points and lines are drawn unlit
        colors = attributes.get("COLOR_0")
        if colors is not None and colors.shape[1] == 3:
            colors = np.concatenate([colors, np.ones((len(colors), 1), np.float32)], axis=1)
        return Geometry(
            positions=_frozen(positions),
            indices=_frozen(np.ascontiguousarray(indices, dtype=np.uint32)),
            normals=_frozen(normals),
            tangents=_frozen(tangents),
            uv0=_frozen(attributes.get("TEXCOORD_0")),
            uv1=_frozen(attributes.get("TEXCOORD_1")),
            colors=_frozen(colors),
            mode=mode,
            local_bounds=vertices.bounds_of(positions),
        )

    # -- reporting ------------------------------------------------------------------------------

    def warn(self, path: tuple, message: str) -> None:
        diagnostic = Diagnostic(self.path, 0, 0, format_json_path(path), message, Severity.WARNING)
        log.warning("%s", diagnostic)
        self.warnings.append(diagnostic)

    def report(self, fraction: float, message: str) -> None:
        if self._progress is not None:
            self._progress(min(max(fraction, 0.0), 1.0), message)


def _stage(stage: tuple[float, float], done: int, total: int) -> float:
    start, end = stage
    return start + (end - start) * done / max(total, 1)


def _morph_weights(doc: dict, node: Node, mesh: dict) -> tuple[float, ...]:
    """The node's (else the mesh's) default morph weights; () when all are zero."""
    raw_node = item(doc, "nodes", node.index, ("nodes",))
    source, path = (raw_node, ("nodes", node.index)) if "weights" in raw_node else (mesh, ("meshes", node.mesh))
    values = get_floats(source, "weights", path, len(get_list(source, "weights", path, [])), ())
    return values if any(values) else ()


def _image_name(doc: dict, index: int) -> str:
    raw = doc["images"][index]
    name = raw.get("name") or raw.get("uri", "")
    return name if isinstance(name, str) and not name.startswith("data:") else f"images[{index}]"


def _union_bounds(primitives: list[Primitive]) -> np.ndarray | None:
    if not primitives:
        return None
    stacked = np.stack([p.bounds for p in primitives])
    return np.stack([stacked[:, 0].min(axis=0), stacked[:, 1].max(axis=0)])


def _frozen(array: np.ndarray | None) -> np.ndarray | None:
    """Read-only: geometry is shared by every instance of a mesh, so nobody may edit it in place."""
    if array is not None:
        array.flags.writeable = False
    return array


def as_model_error(path: Path, exc: GltfInvalid) -> ModelError:
    """A :class:`ModelError` for a problem found outside :func:`load_gltf` (no line and column)."""
    return ModelError(path, exc.message, format_json_path(exc.path), extension=exc.extension)


def _model_error(loader: _Loader, exc: GltfInvalid) -> ModelError:
    line, column = _position(loader, exc)
    return ModelError(loader.path, exc.message, format_json_path(exc.path), line, column, exc.extension)


def _position(loader: _Loader, exc: GltfInvalid) -> tuple[int, int]:
    """Line and column of the offending value in a .gltf's text, (0, 0) when unknown."""
    if isinstance(exc, _JsonSyntax):
        return exc.line, exc.column
    text = loader.container.json_text if loader.container else None
    if not text or not exc.path:
        return 0, 0
    try:
        document = parse(text)
    except (JSONSyntaxError, RecursionError):
        return 0, 0
    path = exc.path
    while path:
        found = document.value_position(path)
        if found:
            return found
        path = path[:-1]
    return 0, 0

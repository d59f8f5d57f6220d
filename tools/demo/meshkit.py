"""Build a textured glTF model from procedural pieces and write it as one self-contained .glb.

Why not trimesh's exporter: it re-encodes every texture as PNG (the Kizil murals as JPEG are a
tenth of the size) and its output changes with trimesh's version; this writer emits the same bytes
for the same input, which the demo generator's determinism needs.

Conventions are vtour's (``vtour.model.mesh``): metres, +Y up, the panorama yaw-0 direction along
-Z; texture ``v`` grows downwards from the image's top row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from vtour.io.gltf_writer import BinaryChunk, write_glb


@dataclass
class Material:
    """A metallic-roughness material; ``image`` (RGB) is the base colour texture, or None."""

    name: str
    image: Image.Image | None = None
    color: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)  # linear factor
    roughness: float = 0.9
    metallic: float = 0.0
    double_sided: bool = False
    unlit: bool = False
    jpeg_quality: int = 85  # 0: store the image as PNG


@dataclass
class _Part:
    positions: list = field(default_factory=list)
    normals: list = field(default_factory=list)
    uvs: list = field(default_factory=list)
    indices: list = field(default_factory=list)
    count: int = 0


class ModelBuilder:
    """Collects triangles per material; :meth:`write` stores them as one mesh, one primitive each."""

    def __init__(self, name: str = "site"):
        self.name = name
        self.materials: dict[str, Material] = {}
        self._parts: dict[str, _Part] = {}

    def material(self, material: Material) -> str:
        self.materials[material.name] = material
        self._parts.setdefault(material.name, _Part())
        return material.name

    @property
    def triangle_count(self) -> int:
        return sum(sum(len(i) for i in part.indices) // 3 for part in self._parts.values())

    def add(self, material: str, positions, faces, uvs=None, normals=None, metres_per_repeat: float = 1.0) -> None:
        """Add triangles: ``positions`` (n, 3), ``faces`` (m, 3) counter-clockwise seen from the
        front, ``uvs`` (n, 2) or None (world-space box projection, one texture repeat per
        ``metres_per_repeat``), ``normals`` (n, 3) or None (flat: each face gets its own vertices)."""
        positions = np.asarray(positions, np.float64).reshape(-1, 3)
        faces = np.asarray(faces, np.int64).reshape(-1, 3)
        if normals is None:  # unshare vertices so every triangle is flat-shaded
            positions = positions[faces.reshape(-1)]
            if uvs is not None:
                uvs = np.asarray(uvs, np.float64).reshape(-1, 2)[faces.reshape(-1)]
            faces = np.arange(len(positions)).reshape(-1, 3)
            normals = np.repeat(face_normals(positions, faces), 3, axis=0)
        normals = np.asarray(normals, np.float64).reshape(-1, 3)
        if uvs is None:
            uvs = box_uvs(positions, normals, metres_per_repeat)
        part = self._parts[material]
        part.positions.append(positions)
        part.normals.append(normals)
        part.uvs.append(np.asarray(uvs, np.float64).reshape(-1, 2))
        part.indices.append(faces.reshape(-1) + part.count)
        part.count += len(positions)

    def add_box(self, material: str, low, high, metres_per_repeat: float = 1.0) -> None:
        """An axis-aligned box from corner ``low`` to ``high``, faces outwards, box-projected UVs."""
        positions, faces = box(low, high)
        self.add(material, positions, faces, metres_per_repeat=metres_per_repeat)

    def write(self, path: Path, generator: str = "vtour tools/make_demo_tours.py") -> None:
        """Write everything as one .glb (textures embedded)."""
        chunk = BinaryChunk()
        doc: dict = {"asset": {"version": "2.0", "generator": generator}, "scene": 0,
                     "scenes": [{"nodes": [0]}], "nodes": [{"name": self.name, "mesh": 0}]}
        materials, textures, images, primitives, unlit = [], [], [], [], False
        for name, part in self._parts.items():
            if not part.indices:
                continue
            material = self.materials[name]
            pbr = {"baseColorFactor": list(material.color), "metallicFactor": material.metallic,
                   "roughnessFactor": material.roughness}
            if material.image is not None:
                images.append({"bufferView": chunk.view(_encode(material)),
                               "mimeType": "image/jpeg" if material.jpeg_quality else "image/png"})
                textures.append({"source": len(images) - 1, "sampler": 0})
                pbr["baseColorTexture"] = {"index": len(textures) - 1}
            entry = {"name": name, "pbrMetallicRoughness": pbr}
            if material.double_sided:
                entry["doubleSided"] = True
            if material.unlit:
                entry["extensions"] = {"KHR_materials_unlit": {}}
                unlit = True
            materials.append(entry)
            positions = np.concatenate(part.positions)
            attributes = {"POSITION": chunk.accessor(positions, bounds=True),
                          "NORMAL": chunk.accessor(_unit(np.concatenate(part.normals))),
                          "TEXCOORD_0": chunk.accessor(np.concatenate(part.uvs))}
            primitives.append({"attributes": attributes, "material": len(materials) - 1,
                               "indices": chunk.indices(np.concatenate(part.indices), len(positions))})
        doc["meshes"] = [{"name": self.name, "primitives": primitives}]
        doc["materials"] = materials
        if textures:
            doc["textures"], doc["images"] = textures, images
            doc["samplers"] = [{"magFilter": 9729, "minFilter": 9987, "wrapS": 10497, "wrapT": 10497}]
        if unlit:
            doc["extensionsUsed"] = ["KHR_materials_unlit"]
        doc["accessors"], doc["bufferViews"] = chunk.accessors, chunk.views
        doc["buffers"] = [{"byteLength": len(chunk.data)}]
        write_glb(Path(path), doc, bytes(chunk.data))


def box(low, high) -> tuple[np.ndarray, np.ndarray]:
    """Corners and outward-facing triangles of an axis-aligned box."""
    (x0, y0, z0), (x1, y1, z1) = low, high
    positions = np.array([[x, y, z] for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)], float)
    # corner index = 4*ix + 2*iy + iz
    quads = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    faces = [f for a, b, c, d in quads for f in ((a, b, c), (a, c, d))]
    return positions, np.array(faces)


def face_normals(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    a, b, c = (positions[faces[:, i]] for i in range(3))
    return _unit(np.cross(b - a, c - a))


def vertex_normals(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted vertex normals over ``faces`` (smooth shading of terrain and vaults)."""
    a, b, c = (positions[faces[:, i]] for i in range(3))
    weighted = np.cross(b - a, c - a)
    normals = np.zeros_like(positions)
    for i in range(3):
        np.add.at(normals, faces[:, i], weighted)
    return _unit(normals)


def box_uvs(positions: np.ndarray, normals: np.ndarray, metres_per_repeat: float = 1.0) -> np.ndarray:
    """World-space box projection: each vertex takes the two coordinates across its normal's
    dominant axis, so textures keep one scale on every wall, floor and ceiling."""
    axis = np.argmax(np.abs(normals), axis=1)
    x, y, z = positions[:, 0], positions[:, 1], positions[:, 2]
    u = np.where(axis == 0, z, x)
    v = np.where(axis == 1, z, -y)
    return np.stack([u, v], axis=1) / metres_per_repeat


def _unit(vectors: np.ndarray) -> np.ndarray:
    length = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(length > 0, length, 1.0)


def _encode(material: Material) -> bytes:
    out = io.BytesIO()
    image = material.image.convert("RGB")
    if material.jpeg_quality:
        image.save(out, "JPEG", quality=material.jpeg_quality, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


# -- what a site generator returns ------------------------------------------------------------------


@dataclass(frozen=True)
class Viewpoint:
    """Where a panorama of the site is taken: the eye (metres, model frame), in open space."""

    id: str
    position: tuple[float, float, float]


@dataclass(frozen=True)
class Anchor:
    """A point of interest on the model's surface (for 3D hotspots): ``position`` on the surface,
    ``normal`` the unit outward normal there (pointing into open space, towards a visitor)."""

    id: str
    position: tuple[float, float, float]
    normal: tuple[float, float, float]


@dataclass
class Site:
    """A generated site: its model, panorama viewpoints, hotspot anchors and the orbit camera
    that shows the whole site ("dollhouse" view: yaw/pitch in degrees as for panoramas,
    distance in metres, target point)."""

    builder: ModelBuilder
    viewpoints: list[Viewpoint]
    anchors: list[Anchor]
    home: dict  # {"yaw": .., "pitch": .., "distance": .., "target": [x, y, z]}
    north_offset: float = 0.0  # compass heading of the model's -Z axis (0: -Z points north)

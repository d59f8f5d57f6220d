"""Loaded 3D model data: plain, immutable dataclasses of numpy arrays ready for GL upload.

Built by :func:`vtour.io.gltf.load_gltf`; nothing here knows about files, Qt or GL.

Conventions
-----------
- **World frame**: glTF's right-handed frame, +Y up, metres (see ``vtour.geometry``).
- **Matrices** are 4x4 ``float64`` arrays in the mathematical (column-vector) convention:
  ``world_point = M @ [x, y, z, 1]``. glTF stores them column-major; GL wants column-major too, so
  upload ``M.T`` (or ``M`` with ``transpose=GL_TRUE``).
- **Texture coordinates** keep the **glTF convention**: ``(0, 0)`` is the *top-left* corner of the
  image, ``u`` grows to the right and ``v`` grows *down*. Images are decoded with row 0 at the top
  and uploaded in that order, so ``texture(sampler, uv)`` samples the right texel with no flip.
  (trimesh flips ``v`` to the OpenGL convention on load; this loader does not.)
- **Colours** of materials are linear RGB(A) factors; images flagged :attr:`TextureImage.srgb`
  (base colour, emissive) hold sRGB-encoded texels for an ``SRGB8_ALPHA8`` texture.
- Arrays are read-only (``flags.writeable`` is False): one :class:`Geometry` may be shared by
  several :class:`Primitive` instances (a mesh placed by several nodes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from vtour.model.errors import Diagnostic, TourError

AlphaMode = Literal["OPAQUE", "MASK", "BLEND"]
TextureSlot = Literal["baseColor", "metallicRoughness", "normal", "occlusion", "emissive"]

SRGB_SLOTS: frozenset[str] = frozenset({"baseColor", "emissive"})
"""Texture slots whose texels are sRGB-encoded colours; all others hold linear data."""

# glTF / OpenGL enum values, as stored in glTF samplers.
REPEAT = 10497
CLAMP_TO_EDGE = 33071
MIRRORED_REPEAT = 33648
POINTS, LINES, TRIANGLES = 0, 1, 4


class ModelError(TourError):
    """A 3D model could not be loaded.

    A :class:`~vtour.model.errors.TourError` with one diagnostic, so the UI and the CLI report it like
    any tour error: ``file:line:column: $.json.path: message``. ``line`` and ``column`` are 0 where
    no position is known (binary data, a .glb's JSON chunk).

    Attributes
    ----------
    file, json_path, message
        Where and what.
    extension
        The unsupported extension's name when that is the problem, else None.
    """

    def __init__(
        self,
        file: Path | str,
        message: str,
        json_path: str = "$",
        line: int = 0,
        column: int = 0,
        extension: str | None = None,
    ):
        super().__init__(Diagnostic(file, line, column, json_path, message))
        self.file = file
        self.json_path = json_path
        self.message = message
        self.extension = extension


@dataclass(frozen=True)
class Sampler:
    """Texture wrapping and filtering as glTF/GL enum values; ``None`` filters mean "renderer's
    choice" (linear, trilinear mipmapped)."""

    wrap_s: int = REPEAT
    wrap_t: int = REPEAT
    mag_filter: int | None = None
    min_filter: int | None = None


@dataclass(frozen=True)
class TextureTransform:
    """KHR_texture_transform: ``uv' = T(offset) R(rotation) S(scale) uv`` in glTF UV space.

    ``rotation`` is in radians, counter-clockwise in UV space (which looks clockwise in the image,
    v pointing down), exactly as the extension defines it.
    """

    offset: tuple[float, float] = (0.0, 0.0)
    rotation: float = 0.0
    scale: tuple[float, float] = (1.0, 1.0)

    def matrix(self) -> np.ndarray:
        """The 3x3 ``float32`` matrix applied to ``(u, v, 1)`` (column-vector convention)."""
        c, s = np.cos(self.rotation), np.sin(self.rotation)
        translation = np.array([[1, 0, self.offset[0]], [0, 1, self.offset[1]], [0, 0, 1]])
        rotation = np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]])
        scale = np.diag([self.scale[0], self.scale[1], 1.0])
        return (translation @ rotation @ scale).astype(np.float32)


@dataclass(frozen=True)
class TextureRef:
    """A material's use of a texture.

    Attributes
    ----------
    image
        Index into :attr:`ModelAsset.images` (textures are deduplicated by image).
    sampler
        Wrap and filter settings of the glTF texture.
    tex_coord
        Which UV set: 0 -> ``Geometry.uv0``, 1 -> ``Geometry.uv1`` (KHR_texture_transform's
        ``texCoord`` override already applied).
    transform
        KHR_texture_transform, or None.
    scale
        ``normalTexture.scale`` or ``occlusionTexture.strength``; 1 for other slots.
    """

    image: int
    sampler: Sampler = field(default_factory=Sampler)
    tex_coord: int = 0
    transform: TextureTransform | None = None
    scale: float = 1.0


@dataclass(frozen=True)
class Material:
    """A glTF metallic-roughness material (factors are linear)."""

    name: str = ""
    base_color_factor: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    base_color_texture: TextureRef | None = None
    metallic_factor: float = 1.0
    roughness_factor: float = 1.0
    metallic_roughness_texture: TextureRef | None = None
    normal_texture: TextureRef | None = None
    occlusion_texture: TextureRef | None = None
    emissive_factor: tuple[float, float, float] = (0.0, 0.0, 0.0)
    emissive_texture: TextureRef | None = None
    emissive_strength: float = 1.0  # KHR_materials_emissive_strength
    alpha_mode: AlphaMode = "OPAQUE"
    alpha_cutoff: float = 0.5  # used only when alpha_mode is "MASK"
    double_sided: bool = False
    unlit: bool = False  # KHR_materials_unlit: colour = base colour, no lighting

    def textures(self) -> dict[str, TextureRef]:
        """The texture slots in use, by slot name (``"baseColor"``, ``"normal"``, ...)."""
        slots = {
            "baseColor": self.base_color_texture,
            "metallicRoughness": self.metallic_roughness_texture,
            "normal": self.normal_texture,
            "occlusion": self.occlusion_texture,
            "emissive": self.emissive_texture,
        }
        return {slot: ref for slot, ref in slots.items() if ref is not None}


DEFAULT_MATERIAL = Material(name="default")
"""What glTF prescribes for a primitive without a material."""


@dataclass(frozen=True, eq=False)
class TextureImage:
    """One decoded image, shared by every texture that uses it.

    Attributes
    ----------
    pixels
        ``(height, width, 4)`` uint8 RGBA, row 0 at the top.
    slots
        The material slots that use it. :attr:`srgb` / :attr:`linear` say which texture formats
        the renderer needs (an image used both ways, which is rare, needs both).
    placeholder
        True when the image could not be read and ``pixels`` is a 1x1 magenta stand-in (a warning
        on the asset says why): missing data shows, it does not vanish.
    """

    name: str
    pixels: np.ndarray
    slots: frozenset[str] = frozenset()
    placeholder: bool = False

    @property
    def srgb(self) -> bool:
        return bool(self.slots & SRGB_SLOTS)

    @property
    def linear(self) -> bool:
        return bool(self.slots - SRGB_SLOTS)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height)."""
        return self.pixels.shape[1], self.pixels.shape[0]


@dataclass(frozen=True, eq=False)
class Geometry:
    """Vertex data of one glTF primitive, in the mesh's local frame.

    Attributes
    ----------
    positions
        ``(N, 3)`` float32.
    normals
        ``(N, 3)`` float32 unit vectors; computed (area-weighted) when the file has none. None for
        points and lines.
    tangents
        ``(N, 4)`` float32, xyz unit tangent and w = +-1 handedness (bitangent =
        ``w * cross(normal, tangent)``). From the file, or generated when a normal map is used.
    uv0, uv1
        ``(N, 2)`` float32 TEXCOORD_0/1 in the **glTF convention** (origin top-left, v down), or None.
    colors
        ``(N, 4)`` float32 linear RGBA from COLOR_0 (RGB gets alpha 1), or None.
    indices
        ``(M,)`` uint32, always present (``arange`` for non-indexed data); triangle strips and fans
        are already turned into lists, line strips and loops into line lists.
    mode
        :data:`TRIANGLES`, :data:`LINES` or :data:`POINTS`.
    local_bounds
        ``(2, 3)`` float64 ``[min, max]`` of ``positions``.
    """

    positions: np.ndarray
    indices: np.ndarray
    normals: np.ndarray | None = None
    tangents: np.ndarray | None = None
    uv0: np.ndarray | None = None
    uv1: np.ndarray | None = None
    colors: np.ndarray | None = None
    mode: int = TRIANGLES
    local_bounds: np.ndarray = field(default_factory=lambda: np.zeros((2, 3)))

    @property
    def vertex_count(self) -> int:
        return len(self.positions)

    @property
    def triangle_count(self) -> int:
        return len(self.indices) // 3 if self.mode == TRIANGLES else 0


@dataclass(frozen=True, eq=False)
class Primitive:
    """One draw: a :class:`Geometry` placed in the world by a node.

    Attributes
    ----------
    geometry
        Shared between instances of the same mesh (compare with ``is`` to share GPU buffers).
    material
        Index into :attr:`ModelAsset.materials`, or None for :data:`DEFAULT_MATERIAL`.
    world_matrix
        4x4 float64, local -> world (the node's flattened transform).
    bounds
        ``(2, 3)`` float64 world-space ``[min, max]`` (exact: from the transformed vertices).
    node, mesh, index
        Where it came from: node index, mesh index and the primitive's index in that mesh.
    """

    geometry: Geometry
    material: int | None
    world_matrix: np.ndarray
    bounds: np.ndarray
    node: int
    mesh: int
    index: int


@dataclass(frozen=True)
class Node:
    """A node of the glTF scene graph, kept for later use (hotspot anchors, animation).

    ``world_matrix`` is None for nodes outside the displayed scene.
    """

    index: int
    name: str
    children: tuple[int, ...]
    local_matrix: np.ndarray = field(compare=False)
    world_matrix: np.ndarray | None = field(default=None, compare=False)
    mesh: int | None = None
    camera: int | None = None


@dataclass(frozen=True)
class ModelCamera:
    """A camera placed by a node. Angles in radians, as in glTF (it looks along its local -Z).

    ``kind`` is ``"perspective"`` (``yfov``, optional ``aspect_ratio``, ``zfar`` None = infinite) or
    ``"orthographic"`` (``xmag``, ``ymag``).
    """

    name: str
    kind: Literal["perspective", "orthographic"]
    node: int
    world_matrix: np.ndarray = field(compare=False)
    znear: float = 0.01
    zfar: float | None = None
    yfov: float | None = None
    aspect_ratio: float | None = None
    xmag: float | None = None
    ymag: float | None = None


@dataclass(frozen=True, eq=False)
class ModelAsset:
    """Everything the renderer needs from one glTF file.

    Attributes
    ----------
    path
        The .gltf or .glb file.
    primitives
        Every draw of the displayed scene, in node order.
    materials, images
        Referenced by index from primitives and texture refs.
    nodes, roots
        The whole node tree and the root nodes of the displayed scene.
    cameras
        Cameras placed in the displayed scene.
    bounds
        ``(2, 3)`` float64 world-space AABB of all primitives (for framing), None when empty.
    extensions_used
        The file's ``extensionsUsed``.
    warnings
        Diagnostics with ``Severity.WARNING`` (unsupported optional extensions, unreadable images,
        tolerated oddities); each was also logged.
    """

    path: Path
    primitives: tuple[Primitive, ...]
    materials: tuple[Material, ...] = ()
    images: tuple[TextureImage, ...] = ()
    nodes: tuple[Node, ...] = ()
    roots: tuple[int, ...] = ()
    cameras: tuple[ModelCamera, ...] = ()
    bounds: np.ndarray | None = None
    extensions_used: tuple[str, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()

    def material(self, primitive: Primitive) -> Material:
        """The primitive's material, or :data:`DEFAULT_MATERIAL`."""
        if primitive.material is None:
            return DEFAULT_MATERIAL
        return self.materials[primitive.material]

    @property
    def triangle_count(self) -> int:
        """Triangles drawn (instances counted each time)."""
        return sum(p.geometry.triangle_count for p in self.primitives)

"""glTF materials and textures: what trimesh drops (KHR_texture_transform, KHR_materials_unlit,
alpha mode and cutoff, double-sidedness, emissive strength, the UV set and sampler of each texture).

Textures are deduplicated by image: an :class:`ImageTable` hands out compact indices into
``ModelAsset.images`` and records which slots use each image, which decides sRGB or linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vtour.io.gltf_json import GltfInvalid, get_bool, get_dict, get_float, get_floats, get_int, get_str, item
from vtour.model.mesh import Material, Sampler, TextureRef, TextureTransform

TEXTURE_TRANSFORM = "KHR_texture_transform"
UNLIT = "KHR_materials_unlit"
EMISSIVE_STRENGTH = "KHR_materials_emissive_strength"
TEXTURE_WEBP = "EXT_texture_webp"

_ALPHA_MODES = ("OPAQUE", "MASK", "BLEND")
_WRAPS = (10497, 33071, 33648)
_FILTERS = (9728, 9729, 9984, 9985, 9986, 9987)


@dataclass
class ImageTable:
    """glTF image index -> compact index, in order of first use, with the slots using each."""

    order: list[int] = field(default_factory=list)
    slots: dict[int, set[str]] = field(default_factory=dict)

    def use(self, gltf_image: int, slot: str) -> int:
        if gltf_image not in self.slots:
            self.order.append(gltf_image)
            self.slots[gltf_image] = set()
        self.slots[gltf_image].add(slot)
        return self.order.index(gltf_image)


def read_materials(doc: dict, images: ImageTable) -> list[Material]:
    """Every material of the document, texture references registered in ``images``."""
    raw = doc.get("materials", [])
    if not isinstance(raw, list):
        raise GltfInvalid(("materials",), "expected an array")
    return [read_material(doc, i, images) for i in range(len(raw))]


def read_material(doc: dict, index: int, images: ImageTable) -> Material:
    raw = item(doc, "materials", index, ("materials",))
    path = ("materials", index)
    pbr = get_dict(raw, "pbrMetallicRoughness", path, {})
    pbr_path = (*path, "pbrMetallicRoughness")
    extensions = get_dict(raw, "extensions", path, {})
    alpha_mode = get_str(raw, "alphaMode", path, "OPAQUE")
    if alpha_mode not in _ALPHA_MODES:
        raise GltfInvalid((*path, "alphaMode"), f"alphaMode {alpha_mode!r} is not OPAQUE, MASK or BLEND")

    def texture(obj: dict, key: str, obj_path: tuple, slot: str, scale_key: str | None = None):
        return texture_ref(doc, obj, key, obj_path, slot, images, scale_key)

    return Material(
        name=get_str(raw, "name", path, ""),
        base_color_factor=get_floats(pbr, "baseColorFactor", pbr_path, 4, (1.0, 1.0, 1.0, 1.0)),
        base_color_texture=texture(pbr, "baseColorTexture", pbr_path, "baseColor"),
        metallic_factor=get_float(pbr, "metallicFactor", pbr_path, 1.0),
        roughness_factor=get_float(pbr, "roughnessFactor", pbr_path, 1.0),
        metallic_roughness_texture=texture(pbr, "metallicRoughnessTexture", pbr_path, "metallicRoughness"),
        normal_texture=texture(raw, "normalTexture", path, "normal", "scale"),
        occlusion_texture=texture(raw, "occlusionTexture", path, "occlusion", "strength"),
        emissive_factor=get_floats(raw, "emissiveFactor", path, 3, (0.0, 0.0, 0.0)),
        emissive_texture=texture(raw, "emissiveTexture", path, "emissive"),
        emissive_strength=_emissive_strength(extensions, (*path, "extensions")),
        alpha_mode=alpha_mode,
        alpha_cutoff=get_float(raw, "alphaCutoff", path, 0.5),
        double_sided=get_bool(raw, "doubleSided", path, False),
        unlit=UNLIT in extensions,
    )


def texture_ref(
    doc: dict, obj: dict, key: str, path: tuple, slot: str, images: ImageTable, scale_key: str | None
) -> TextureRef | None:
    """``obj[key]`` (a textureInfo) resolved to image, sampler, UV set and transform; None if absent."""
    info = get_dict(obj, key, path, None)
    if info is None:
        return None
    here = (*path, key)
    texture_index = get_int(info, "index", here)
    texture = item(doc, "textures", texture_index, (*here, "index"))
    gltf_image = _texture_source(doc, texture, ("textures", texture_index))
    transform, tex_coord = _transform(info, here)
    return TextureRef(
        image=images.use(gltf_image, slot),
        sampler=_sampler(doc, texture, ("textures", texture_index)),
        tex_coord=tex_coord,
        transform=transform,
        scale=get_float(info, scale_key, here, 1.0) if scale_key else 1.0,
    )


def _texture_source(doc: dict, texture: dict, path: tuple) -> int:
    """The image to use: EXT_texture_webp's when present (Pillow reads WebP), else ``source``."""
    extensions = get_dict(texture, "extensions", path, {})
    webp = get_dict(extensions, TEXTURE_WEBP, (*path, "extensions"), None)
    source_path = (*path, "extensions", TEXTURE_WEBP) if webp is not None else path
    source = get_int(webp if webp is not None else texture, "source", source_path)
    item(doc, "images", source, (*source_path, "source"))
    return source


def _transform(info: dict, path: tuple) -> tuple[TextureTransform | None, int]:
    tex_coord = get_int(info, "texCoord", path, 0)
    extensions = get_dict(info, "extensions", path, {})
    raw = get_dict(extensions, TEXTURE_TRANSFORM, (*path, "extensions"), None)
    if raw is None:
        return None, tex_coord
    here = (*path, "extensions", TEXTURE_TRANSFORM)
    transform = TextureTransform(
        offset=get_floats(raw, "offset", here, 2, (0.0, 0.0)),
        rotation=get_float(raw, "rotation", here, 0.0),
        scale=get_floats(raw, "scale", here, 2, (1.0, 1.0)),
    )
    return transform, get_int(raw, "texCoord", here, tex_coord)


def _sampler(doc: dict, texture: dict, path: tuple) -> Sampler:
    index = get_int(texture, "sampler", path, None)
    if index is None:
        return Sampler()
    raw = item(doc, "samplers", index, (*path, "sampler"))
    here = ("samplers", index)
    return Sampler(
        wrap_s=_enum(raw, "wrapS", here, _WRAPS, 10497),
        wrap_t=_enum(raw, "wrapT", here, _WRAPS, 10497),
        mag_filter=_enum(raw, "magFilter", here, _FILTERS[:2], None),
        min_filter=_enum(raw, "minFilter", here, _FILTERS, None),
    )


def _enum(obj: dict, key: str, path: tuple, allowed: tuple[int, ...], default: int | None) -> int | None:
    value = get_int(obj, key, path, default)
    if value is not None and value not in allowed:
        raise GltfInvalid((*path, key), f"{value} is not one of {', '.join(map(str, allowed))}")
    return value


def _emissive_strength(extensions: dict, path: tuple) -> float:
    raw = get_dict(extensions, EMISSIVE_STRENGTH, path, None)
    return 1.0 if raw is None else get_float(raw, "emissiveStrength", (*path, EMISSIVE_STRENGTH), 1.0)

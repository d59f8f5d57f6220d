"""Multi-resolution cube tile layouts: Pannellum's (vtour's ``multires`` scene), and others' mapped to it.

vtour's ``multires`` scene is Pannellum's multires layout (see the contract in ``docs/tour-format.md``):
level ``L`` (1 = coarsest) has a face edge of ``cubeResolution`` halved (integer division)
``maxLevel - L`` times, cut into ``ceil(edge / tileResolution)`` tiles per side, the last row and
column narrower; faces ``f r b l u d``; tile ``basePath + path`` with ``%l %s %y %x`` (0-based row
and column) + ``.extension``.

Other viewers tile the same cube faces (the same orientation: checked against Marzipano's
``CubeGeometry`` face rotations and krpano's cube arrangement) but name the files differently and
may choose other level sizes. :func:`fit_levels` decides whether their levels *are* a Pannellum
pyramid; then the tiles are copied under new names (:func:`renamed_tiles`). Otherwise
:func:`retile` assembles each face from the finest level and cuts a Pannellum pyramid from it.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vtour.io.multires import level_tiles
from vtour.model.tour import MULTIRES_FACE_LETTERS, MultiresSource

FACES = MULTIRES_FACE_LETTERS
"""Pannellum's face letters in ``cubeMap`` order (= vtour's front, right, back, left, up, down)."""

DEFAULT_PATH = "/%l/%s%y_%x"
DEFAULT_FALLBACK = "/fallback/%s"


@dataclass(frozen=True)
class Layout:
    """A Pannellum multires layout (the ``multires`` object without ``basePath``).

    The arithmetic and file naming are :class:`vtour.model.tour.MultiresSource`'s (what the viewer
    reads); this adds the relative names a converter copies tiles under.
    """

    tile_resolution: int
    max_level: int
    cube_resolution: int
    extension: str = "jpg"
    path: str = DEFAULT_PATH
    fallback_path: str | None = None

    @property
    def source(self) -> MultiresSource:
        return MultiresSource(Path(), self.path, self.extension, self.tile_resolution, self.max_level,
                              self.cube_resolution, self.fallback_path)

    def edge(self, level: int) -> int:
        """The face edge in pixels at ``level`` (1..max_level)."""
        return self.source.level_edge(level)

    def tiles_per_side(self, level: int) -> int:
        return self.source.tiles_per_side(level)

    def tile_name(self, level: int, face: str, row: int, column: int) -> str:
        """The tile's path relative to ``basePath``."""
        return self.source.tile_file(level, FACES.index(face), row, column).as_posix()

    def fallback_name(self, face: str) -> str | None:
        path = self.source.fallback_file(FACES.index(face))
        return None if path is None else path.as_posix()

    def tiles(self) -> Iterator[tuple[int, str, int, int]]:
        """Every tile as ``(level, face letter, row, column)``, coarse levels first."""
        source = self.source
        for level in range(1, self.max_level + 1):
            for key in level_tiles(source, level):
                yield level, FACES[key.face], key.row, key.col

    def as_json(self, base_path: str) -> dict:
        """The tour's ``multires`` object."""
        result = {"basePath": base_path, "path": self.path}
        if self.fallback_path:
            result["fallbackPath"] = self.fallback_path
        result.update({"extension": self.extension, "tileResolution": self.tile_resolution,
                       "maxLevel": self.max_level, "cubeResolution": self.cube_resolution})
        return result


def layout_from_json(multires: dict) -> Layout:
    """A :class:`Layout` from a Pannellum/vtour ``multiRes``/``multires`` object (ValueError if unusable)."""
    try:
        layout = Layout(
            tile_resolution=int(multires["tileResolution"]),
            max_level=int(multires["maxLevel"]),
            cube_resolution=int(multires["cubeResolution"]),
            extension=str(multires.get("extension", "jpg")),
            path=str(multires["path"]),
            fallback_path=str(multires["fallbackPath"]) if multires.get("fallbackPath") else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"incomplete multires description ({exc.__class__.__name__}: {exc})") from None
    if layout.tile_resolution < 1 or not 1 <= layout.max_level <= 16 or layout.cube_resolution < 1:
        raise ValueError("tileResolution, maxLevel and cubeResolution must be positive (maxLevel at most 16)")
    return layout


def levels_for(cube_resolution: int, tile_resolution: int) -> int:
    """How many levels Pannellum's generator makes: halve until one tile covers a face."""
    levels = 1
    edge = cube_resolution
    while edge > tile_resolution:
        edge //= 2
        levels += 1
    return levels


@dataclass(frozen=True)
class SourceLevel:
    """One resolution level of another viewer's tile set: face edge, tile size, file naming."""

    size: int
    tile_size: int
    name: Callable[[str, int, int], str]  # (pannellum face letter, row, column) -> path relative to input


def fit_levels(levels: list[SourceLevel]) -> Layout | None:
    """The Pannellum layout these levels already form (coarse to fine), or None.

    They form one when every level has the same tile size and each level's edge is the next
    finer one's halved (integer division), as Pannellum computes them.
    """
    if not levels:
        return None
    tile = levels[0].tile_size
    if any(level.tile_size != tile for level in levels):
        return None
    for coarse, fine in zip(levels, levels[1:]):
        if fine.size // 2 != coarse.size:
            return None
    return Layout(tile_resolution=tile, max_level=len(levels), cube_resolution=levels[-1].size)


def renamed_tiles(levels: list[SourceLevel], layout: Layout) -> list[tuple[str, str]]:
    """``(source path, tile name)`` for every tile of a fitting tile set (see :func:`fit_levels`)."""
    pairs = []
    for level, face, row, column in layout.tiles():
        pairs.append((levels[level - 1].name(face, row, column), layout.tile_name(level, face, row, column)))
    return pairs


def source_tiles(level: SourceLevel) -> list[tuple[str, int, int, str]]:
    """Every tile of one source level as ``(face, row, column, source path)``."""
    count = max(1, math.ceil(level.size / level.tile_size))
    return [(face, row, column, level.name(face, row, column))
            for face in FACES for row in range(count) for column in range(count)]


# -- pixels (Pillow, only when tiles have to be converted or a preview strip cut) -----------------


def assemble_face(level: SourceLevel, face: str, root: Path):
    """The whole face at ``level``, pasted from its tiles (files relative to ``root``)."""
    from PIL import Image

    canvas = Image.new("RGB", (level.size, level.size))
    count = max(1, math.ceil(level.size / level.tile_size))
    for row in range(count):
        for column in range(count):
            with Image.open(root / level.name(face, row, column)) as tile:
                canvas.paste(tile.convert("RGB"), (column * level.tile_size, row * level.tile_size))
    return canvas


def save_image(image, path: Path, extension: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if extension.lower() in ("jpg", "jpeg"):
        image.convert("RGB").save(path, "JPEG", quality=90)
    else:
        image.save(path)


def cut_pyramid(faces: dict, layout: Layout, out_dir: Path, progress: Callable[[int], None] | None = None) -> None:
    """Write every tile (and fallback face) of ``layout`` under ``out_dir`` from whole faces."""
    from PIL import Image

    for face in FACES:
        full = faces[face]
        for level in range(layout.max_level, 0, -1):
            edge = layout.edge(level)
            image = full if edge == full.width else full.resize((edge, edge), Image.LANCZOS)
            step = layout.tile_resolution
            for row in range(layout.tiles_per_side(level)):
                for column in range(layout.tiles_per_side(level)):
                    box = (column * step, row * step, min(edge, (column + 1) * step), min(edge, (row + 1) * step))
                    save_image(image.crop(box), out_dir / layout.tile_name(level, face, row, column), layout.extension)
                    if progress:
                        progress(1)
        if layout.fallback_path:
            side = min(full.width, 1024)
            save_image(full.resize((side, side), Image.LANCZOS), out_dir / layout.fallback_name(face), layout.extension)
            if progress:
                progress(1)


def generate_pyramid(assets, finest: SourceLevel, layout: Layout, dest: str) -> None:
    """Plan the files of ``layout`` under ``dest`` with ``assets`` (an AssetPlan), made when the
    plan is carried out: each face assembled from ``finest``'s tiles, then cut into the pyramid."""
    root = assets.base or assets.input_dir
    names = [join(dest, layout.tile_name(*tile)) for tile in layout.tiles()]
    names += [join(dest, layout.fallback_name(face)) for face in FACES]

    def convert(out_dir: Path, step) -> None:
        faces = {face: assemble_face(finest, face, root) for face in FACES}
        cut_pyramid(faces, layout, out_dir / dest, step)

    assets.generate(names, convert)


def split_strip(path: Path, order: str, extension: str, out: dict[str, Path]) -> None:
    """Cut a cube strip (six square faces stacked vertically or side by side, in ``order``) into
    face images at ``out[face letter]``."""
    from PIL import Image

    with Image.open(path) as strip:
        strip.load()
        vertical = strip.height > strip.width
        side = strip.width if vertical else strip.height
        for index, face in enumerate(order):
            box = (0, index * side, side, (index + 1) * side) if vertical else (index * side, 0, (index + 1) * side, side)
            if face in out:
                save_image(strip.crop(box), out[face], extension)


def join(base: str, name: str) -> str:
    """``base`` + ``/`` + ``name`` as a normalised relative path."""
    return posixpath.normpath(posixpath.join(base, name)) if base not in ("", ".") else name

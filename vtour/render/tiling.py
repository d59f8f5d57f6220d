"""How an image larger than ``GL_MAX_TEXTURE_SIZE`` is split into padded tiles. Pure math, no GL.

Each axis is cut independently. A tile holds its share of the image plus :data:`TILE_PAD` texels
of its neighbours on each side (wrapping around the yaw seam of a full panorama, repeating the
edge otherwise), so bilinear and mipmapped filtering near a tile border read the same texels as an
unsplit texture would, down to mip level log2(TILE_PAD). Tile origins are multiples of
:data:`TILE_ALIGN`, which keeps each tile's coarser mip texels aligned with the whole image's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TILE_PAD = 32
TILE_ALIGN = 32


@dataclass(frozen=True)
class AxisSplit:
    """One axis of a split: ``count`` tiles of ``size`` texels whose origins are ``step`` apart."""

    length: int
    count: int
    step: int
    pad: int
    size: int
    periodic: bool

    def source_index(self, tile: int, position: int) -> int:
        """Image texel shown at ``position`` of ``tile`` (wrapped or clamped at the image edges)."""
        index = tile * self.step - self.pad + position
        if self.periodic:
            return index % self.length
        return min(max(index, 0), self.length - 1)

    def runs(self, tile: int) -> list[tuple[int, int, int]]:
        """``(destination, source, length)`` runs of consecutive texels that fill ``tile``."""
        runs: list[list[int]] = []
        for position in range(self.size):
            source = self.source_index(tile, position)
            if runs and runs[-1][1] + runs[-1][2] == source:
                runs[-1][2] += 1
            else:
                runs.append([position, source, 1])
        return [tuple(run) for run in runs]


def split_axis(length: int, limit: int, periodic: bool) -> AxisSplit:
    """Split an axis of ``length`` texels into tiles of at most ``limit`` texels."""
    if length <= limit:
        return AxisSplit(length, 1, length, 0, length, periodic)
    usable = limit - 2 * TILE_PAD
    if usable < TILE_ALIGN:
        raise ValueError(f"a texture limit of {limit} leaves no room for {TILE_PAD}-texel tile padding")
    count = math.ceil(length / usable)
    while True:
        step = math.ceil(math.ceil(length / count) / TILE_ALIGN) * TILE_ALIGN
        if step + 2 * TILE_PAD <= limit:
            return AxisSplit(length, count, step, TILE_PAD, step + 2 * TILE_PAD, periodic)
        count += 1


@dataclass(frozen=True)
class TileLayout:
    """The grid of tiles for a ``width`` x ``height`` image; tile ``(c, r)`` is layer ``r * columns + c``."""

    x: AxisSplit
    y: AxisSplit

    @property
    def single(self) -> bool:
        return self.x.count == 1 and self.y.count == 1

    @property
    def layers(self) -> int:
        return self.x.count * self.y.count


def tile_layout(width: int, height: int, limit: int, wrap_x: bool) -> TileLayout:
    """Tiles of at most ``limit`` texels for an image; ``wrap_x`` for a panorama covering 360 degrees."""
    return TileLayout(split_axis(width, limit, wrap_x), split_axis(height, limit, False))

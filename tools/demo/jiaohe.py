"""The Jiaohe ruins (交河故城, Yarkhoto) near Turpan as a procedural glTF model.

An illustration for the bundled demo tour, not a survey: the islet is shortened to about 720 m
(the real one is some 1.6 km long), and every street, courtyard and stupa is placed by a seeded
random generator that follows the site's well-known pattern rather than its plan:

- a leaf-shaped loess islet with eroded cliffs about 30 m high, between two river channels that
  split north of it and rejoin south of it, in a gravel desert plain;
- a city carved *down* into the loess: a sunken central avenue running north from the south gate,
  side lanes, and blocks whose tops are the original ground, cut into courtyards and rooms;
- the Great Monastery at the avenue's north end (enclosure, courtyard, hall base with a central
  stupa-pillar) and, at the north tip, the stupa grove: one large stupa and four groups of 5 x 5.

Frame: metres, +Y up, terrace top at about y = 0, model -Z north, +X east. Everything is laid out
in a local frame whose -Z runs along the islet and then turned ``ROTATION_DEG`` about +Y, so the
islet lies NNW-SSE as the real one does. All randomness comes from ``numpy.random.default_rng(seed)``
and only numpy and Pillow are used, so a seed and detail always give the same .glb bytes.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image

from .meshkit import Anchor, Material, ModelBuilder, Site, Viewpoint, box_uvs, face_normals, vertex_normals

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

# -- dimensions (local frame) ------------------------------------------------------------------------

ROTATION_DEG = 12.0  # local -Z (the islet's axis) is turned this far west of north: NNW-SSE
Z_NORTH, Z_SOUTH = -385.0, 335.0  # the islet's tips
HALF_WIDTH = 86.0  # the islet's widest half-width
CLIFF = 10.0  # horizontal reach of an islet cliff, talus included
RIVERBED = -30.0
STREET = -5.0  # floor of the avenue, lanes and courtyards
RIM = 10.0  # original ground left between the city and the cliff edge
CHANNEL_WEST, CHANNEL_EAST = 44.0, 58.0  # riverbed widths beyond the cliff foot
CORRIDOR = 50.0  # half-width of the single channel upstream and downstream of the islet
X_MIN, X_MAX, Z_MIN, Z_MAX = -330.0, 330.0, -600.0, 560.0  # the desert plain's extent
EYE = 1.6

AV_X, AV_HALF = 3.0, 4.5  # the central avenue
Z_RESIDENTIAL = (-114.0, 272.0)  # blocks along the avenue, north to south
Z_GATE = (274.0, 286.0)  # the south gate's towers
MONASTERY = (AV_X - 25.0, AV_X + 25.0, -190.0, -124.0)  # x0, x1, z0, z1 of the enclosure
PILLAR_Z = -163.0
GROVE_Z = -292.0  # centre of the stupa grove

REPEAT = {"ground": 10.0, "carved": 6.0, "rammed": 4.0, "cliff": 24.0, "riverbed": 14.0,
          "plain": 24.0, "water": 10.0, "foliage": 3.0}  # metres per texture repeat


# -- the local frame and the builder -----------------------------------------------------------------


def _to_world(points) -> np.ndarray:
    """Local layout coordinates -> model coordinates (a turn about +Y)."""
    points = np.asarray(points, float)
    a = math.radians(ROTATION_DEG)
    c, s = math.cos(a), math.sin(a)
    out = points.copy()
    out[..., 0] = points[..., 0] * c + points[..., 2] * s
    out[..., 2] = -points[..., 0] * s + points[..., 2] * c
    return out


class _Scene:
    """The builder plus a copy of every world triangle (to place viewpoints and anchors by casting
    rays against exactly what was written)."""

    def __init__(self, builder: ModelBuilder):
        self.builder = builder
        self.triangles: list[np.ndarray] = []

    def add(self, material: str, positions, faces, normals=None, uvs=None) -> None:
        """Local positions (and normals) in; box-projected UVs unless ``uvs`` are given."""
        positions = _to_world(positions)
        faces = np.asarray(faces, np.int64).reshape(-1, 3)
        if normals is not None:
            normals = _to_world(normals)
        self.builder.add(material, positions, faces, uvs=uvs, normals=normals,
                         metres_per_repeat=REPEAT[material])
        self.triangles.append(positions[faces])

    def add_split(self, side: str, top: str, positions, faces) -> None:
        """Flat-shaded solid whose upward faces take ``top`` and the rest ``side`` (block tops are
        the original ground, their sides cut loess)."""
        positions = np.asarray(positions, float)
        faces = np.asarray(faces, np.int64).reshape(-1, 3)
        up = face_normals(positions, faces)[:, 1] > 0.7
        for material, pick in ((top, up), (side, ~up)):
            if pick.any():
                self.add(material, positions, faces[pick])


# -- geometry helpers -----------------------------------------------------------------------------


def _loft(rings: list[np.ndarray], apex=None, cap: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Walls joining rings of corners (each ``(k, 3)``, counter-clockwise seen from above on a
    north-up map), closed by a point ``apex`` or a flat cap. The one shape every block, wall, stupa
    and tree here is made of: tapered and jittered rings read as eroded earth."""
    k = len(rings[0])
    positions = [np.asarray(r, float) for r in rings]
    faces = []
    for r in range(len(rings) - 1):
        for i in range(k):
            a, b = r * k + i, r * k + (i + 1) % k
            faces += [(a, b, b + k), (a, b + k, a + k)]
    last = (len(rings) - 1) * k
    if apex is not None:
        positions.append(np.asarray(apex, float)[None])
        tip = len(rings) * k
        faces += [(last + i, last + (i + 1) % k, tip) for i in range(k)]
    elif cap:
        faces += [(last, last + i, last + i + 1) for i in range(1, k - 1)]
    return np.concatenate(positions), np.array(faces, np.int64)


def _square(cx: float, cz: float, hx: float, hz: float, y) -> np.ndarray:
    """Corners SW, SE, NE, NW of a rectangle (``y`` one height or four)."""
    y = np.broadcast_to(np.asarray(y, float), (4,))
    return np.array([[cx - hx, y[0], cz + hz], [cx + hx, y[1], cz + hz],
                     [cx + hx, y[2], cz - hz], [cx - hx, y[3], cz - hz]])


def _mound(rng: np.random.Generator, x0: float, x1: float, z0: float, z1: float, bottom: float, top: float,
           batter: float = 0.3, jitter: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """A block of earth with battered sides and an uneven top: a box whose top corners are pulled in
    by up to ``batter`` and up or down by up to ``jitter``."""
    cx, cz, hx, hz = (x0 + x1) / 2, (z0 + z1) / 2, (x1 - x0) / 2, (z1 - z0) / 2
    base = _square(cx, cz, hx, hz, bottom)
    inset = rng.uniform(0.35, 1.0, (4, 2)) * min(batter, 0.3 * min(hx, hz))
    heights = top + rng.uniform(-jitter, jitter, 4)
    upper = _square(cx, cz, hx, hz, heights)
    upper[:, 0] -= np.sign(upper[:, 0] - cx) * inset[:, 0]
    upper[:, 2] -= np.sign(upper[:, 2] - cz) * inset[:, 1]
    return _loft([base, upper])


def _lathe(centre, radii, heights, sides: int, phase: float = 0.0, apex: float | None = None):
    """A round solid (tree crown) from rings of ``radii`` at ``heights`` above ``centre``."""
    angles = phase + np.arange(sides) * 2 * np.pi / sides
    rings = [np.c_[centre[0] - r * np.cos(angles), np.full(sides, centre[1] + h), centre[2] + r * np.sin(angles)]
             for r, h in zip(radii, heights)]
    bottom = np.array([[centre[0], centre[1] + heights[0] - 0.3, centre[2]]])
    positions, faces = _loft(rings, apex=None if apex is None else (centre[0], centre[1] + apex, centre[2]))
    k = sides
    faces = np.vstack([faces, [(len(positions), (i + 1) % k, i) for i in range(k)]])
    return np.vstack([positions, bottom]), faces


def _smoothstep(x) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


# -- noise -------------------------------------------------------------------------------------------


def _lattice_axis(size: int, cells: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    u = np.arange(size) * (cells / size)
    i = np.floor(u).astype(np.int64)
    f = _smoothstep(u - i)
    return i % cells, (i + 1) % cells, f


def _tile_noise(rng: np.random.Generator, size: int, cells_x: int, cells_y: int | None = None) -> np.ndarray:
    """Smooth value noise on a periodic lattice, ``size`` x ``size``, 0..1: the image tiles
    seamlessly, which world-space box UVs need on every wall."""
    cells_x = int(min(max(cells_x, 1), size))
    cells_y = int(min(max(cells_x if cells_y is None else cells_y, 1), size))
    lattice = rng.random((cells_y, cells_x))
    x0, x1, fx = _lattice_axis(size, cells_x)
    y0, y1, fy = _lattice_axis(size, cells_y)
    rows = lattice[:, x0] * (1 - fx) + lattice[:, x1] * fx
    return rows[y0] * (1 - fy)[:, None] + rows[y1] * fy[:, None]


def _fbm(rng: np.random.Generator, size: int, cells: float, octaves: int, aspect=(1.0, 1.0)) -> np.ndarray:
    """Fractal sum of :func:`_tile_noise` octaves, stretched to 0..1; ``aspect`` scales the lattice
    per axis (few cells across x: vertical streaks; few along y: horizontal bands)."""
    total, amplitude, norm = np.zeros((size, size)), 1.0, 0.0
    for octave in range(octaves):
        c = cells * 2 ** octave
        total += amplitude * _tile_noise(rng, size, round(c * aspect[0]), round(c * aspect[1]))
        norm += amplitude
        amplitude *= 0.5
    total -= total.min()
    return total / max(float(total.max()), 1e-9)


class _Field:
    """World-space value noise (-1..1) for the terrain, sampled at any points."""

    def __init__(self, rng: np.random.Generator, size: int = 256):
        self.lattice = rng.uniform(-1.0, 1.0, (size, size))
        self.size = size

    def sample(self, x, z, scale: float) -> np.ndarray:
        u, v = np.asarray(x, float) / scale + 0.5 * self.size, np.asarray(z, float) / scale + 0.5 * self.size
        i, j = np.floor(u).astype(np.int64), np.floor(v).astype(np.int64)
        fu, fv = _smoothstep(u - i), _smoothstep(v - j)
        n, lat = self.size, self.lattice
        i0, i1, j0, j1 = i % n, (i + 1) % n, j % n, (j + 1) % n
        top = lat[j0, i0] * (1 - fu) + lat[j0, i1] * fu
        bottom = lat[j1, i0] * (1 - fu) + lat[j1, i1] * fu
        return top * (1 - fv) + bottom * fv

    def fbm(self, x, z, scale: float, octaves: int) -> np.ndarray:
        total, amplitude, norm = 0.0, 1.0, 0.0
        for octave in range(octaves):
            total = total + amplitude * self.sample(np.asarray(x) + 37.3 * octave, np.asarray(z) - 19.1 * octave,
                                                    scale / 2 ** octave)
            norm += amplitude
            amplitude *= 0.5
        return total / norm


# -- textures ----------------------------------------------------------------------------------------


def _ramp(values: np.ndarray, stops) -> np.ndarray:
    """Map 0..1 values through colour stops ``[(position, (r, g, b)), ...]`` to an RGB array."""
    positions = [p for p, _ in stops]
    return np.stack([np.interp(values, positions, [c[i] for _, c in stops]) for i in range(3)], axis=-1)


def _spots(rng: np.random.Generator, size: int, cells: int, threshold: float, softness: float = 0.05) -> np.ndarray:
    """0..1 blobs (pebbles, pockmarks) where a fine noise exceeds ``threshold``."""
    return np.clip((_tile_noise(rng, size, cells) - threshold) / softness, 0.0, 1.0)


def _grain(rng: np.random.Generator, rgb: np.ndarray, amount: float) -> Image.Image:
    """Per-pixel grain (tileable by nature), then an 8-bit image."""
    rgb = rgb * (1.0 + rng.normal(0.0, amount, rgb.shape[:2]))[..., None]
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def _texture_ground(rng, size: int) -> Image.Image:
    """The terrace top and street floors: pale loess with drying cracks and grit."""
    n = 0.35 * _fbm(rng, size, 4, 6) + 0.65 * _fbm(rng, size, 16, 4)
    rgb = _ramp(n, [(0.0, (150, 122, 86)), (0.5, (184, 156, 114)), (1.0, (210, 186, 144))])
    cracks = np.clip(1 - np.abs(_fbm(rng, size, 10, 3) - 0.5) / 0.008, 0, 1)
    rgb *= (1 - 0.1 * cracks)[..., None]
    grit = _spots(rng, size, 200, 0.78)
    rgb = rgb * (1 - 0.12 * grit)[..., None]
    return _grain(rng, rgb, 0.035)


def _texture_carved(rng, size: int) -> Image.Image:
    """Walls cut into the loess: faint sediment bands and rain runnels."""
    bands = _tile_noise(rng, size, 1, 48) * 0.6 + _tile_noise(rng, size, 1, 11) * 0.4
    n = _fbm(rng, size, 5, 5)
    rgb = _ramp(0.3 * bands + 0.7 * n, [(0.0, (140, 112, 80)), (0.5, (176, 146, 106)), (1.0, (204, 178, 136))])
    runnels = _fbm(rng, size, 24, 3, aspect=(1.0, 0.08))
    rgb *= (0.93 + 0.1 * runnels)[..., None]
    pits = _spots(rng, size, 150, 0.84)
    rgb *= (1 - 0.12 * pits)[..., None]
    return _grain(rng, rgb, 0.04)


def _texture_rammed(rng, size: int, layers: int = 32) -> Image.Image:
    """Rammed earth (hangtu): horizontal courses about 12 cm high with darker seams between them."""
    y = np.arange(size)[:, None] * layers / size
    course = y + 0.22 * (_fbm(rng, size, 3, 3) - 0.5)
    phase = course % 1.0
    seam = np.clip(1 - phase / 0.12, 0, 1) ** 2
    tint = rng.uniform(0.92, 1.07, layers)[np.floor(course).astype(np.int64) % layers]
    n = _fbm(rng, size, 6, 5)
    rgb = _ramp(n, [(0.0, (166, 138, 101)), (0.5, (198, 172, 131)), (1.0, (222, 200, 160))])
    rgb *= (tint * (1 - 0.2 * seam))[..., None]
    holes = _spots(rng, size, 110, 0.86)
    rgb *= (1 - 0.25 * holes)[..., None]
    return _grain(rng, rgb, 0.035)


def _texture_cliff(rng, size: int) -> Image.Image:
    """Cliff faces: warped horizontal strata, darker bands and vertical erosion streaks."""
    profile = (0.55 * _tile_noise(rng, size, 1, 29) + 0.45 * _tile_noise(rng, size, 1, 9))[:, 0]
    dark = np.clip((_tile_noise(rng, size, 1, 23)[:, 0] - 0.68) / 0.08, 0, 1)
    warp = ((_fbm(rng, size, 4, 3) - 0.5) * size * 0.03).astype(np.int64)
    rows = (np.arange(size)[:, None] + warp) % size
    strata = profile[rows] * (1 - 0.45 * dark[rows])
    n = _fbm(rng, size, 6, 5)
    rgb = _ramp(0.65 * strata + 0.35 * n, [(0.0, (104, 84, 64)), (0.35, (146, 120, 89)), (0.7, (180, 154, 115)),
                                          (1.0, (204, 182, 143))])
    flutes = np.clip((_fbm(rng, size, 16, 3, aspect=(1.0, 0.3)) - 0.6) / 0.25, 0, 1)  # rain-cut flutes
    rgb *= (1 - 0.12 * flutes)[..., None]
    # v = -y / repeat: the rows next to v = 0 texture the cliff's top, so fade them to the terrace's
    # loess (the boundary between the two materials there then barely shows)
    v = np.arange(size) / size
    fade = np.clip(1 - np.minimum(v, 1 - v + 0.02) / 0.06, 0, 1)[:, None, None]
    rgb = rgb * (1 - fade) + np.array([186, 158, 116]) * (0.9 + 0.2 * n[..., None]) * fade
    return _grain(rng, rgb, 0.04)


def _texture_riverbed(rng, size: int) -> Image.Image:
    """Dry riverbed: grey-beige sand with pebbles of many tones."""
    n = 0.25 * _fbm(rng, size, 4, 5) + 0.75 * _fbm(rng, size, 24, 3)
    rgb = _ramp(n, [(0.0, (116, 102, 82)), (0.5, (138, 124, 102)), (1.0, (162, 148, 124))])
    for cells, threshold in ((90, 0.76), (180, 0.72)):
        spot = _spots(rng, size, cells, threshold)
        tone = _tile_noise(rng, size, max(cells // 2, 1))
        pebble = _ramp(tone, [(0.0, (92, 84, 74)), (0.5, (150, 138, 118)), (1.0, (204, 194, 174))])
        rgb = rgb * (1 - spot[..., None]) + pebble * spot[..., None]
    return _grain(rng, rgb, 0.05)


def _texture_plain(rng, size: int) -> Image.Image:
    """Gobi desert pavement: dark varnished gravel on pale sand."""
    n = 0.15 * _fbm(rng, size, 3, 5) + 0.85 * _fbm(rng, size, 24, 3)
    rgb = _ramp(n, [(0.0, (112, 96, 78)), (0.5, (128, 111, 90)), (1.0, (146, 129, 106))])
    stones = _spots(rng, size, 300, 0.6, 0.08)
    tone = _tile_noise(rng, size, 150)
    gravel = _ramp(tone, [(0.0, (62, 52, 45)), (1.0, (112, 94, 78))])
    rgb = rgb * (1 - stones[..., None]) + gravel * stones[..., None]
    return _grain(rng, rgb, 0.05)


def _texture_water(rng, size: int) -> Image.Image:
    """A shallow, silty stream: greenish grey with faint ripples."""
    n = 0.7 * _fbm(rng, size, 3, 4) + 0.3 * _fbm(rng, size, 12, 2, aspect=(1.0, 0.25))
    rgb = _ramp(n, [(0.0, (70, 88, 82)), (0.5, (96, 112, 100)), (1.0, (132, 142, 122))])
    return _grain(rng, rgb, 0.02)


def _texture_foliage(rng, size: int) -> Image.Image:
    """Poplar and willow crowns: clumps of leaves with dark gaps."""
    n = 0.6 * _fbm(rng, size, 8, 5) + 0.4 * _tile_noise(rng, size, 48)
    rgb = _ramp(n, [(0.0, (28, 42, 20)), (0.4, (56, 82, 36)), (0.75, (86, 112, 50)), (1.0, (132, 148, 74))])
    return _grain(rng, rgb, 0.06)


TEXTURES = {"ground": _texture_ground, "carved": _texture_carved, "rammed": _texture_rammed,
            "cliff": _texture_cliff, "riverbed": _texture_riverbed, "plain": _texture_plain,
            "water": _texture_water, "foliage": _texture_foliage}


def _materials(builder: ModelBuilder, rng: np.random.Generator, detail: float) -> None:
    """One textured, single-sided, rough material per surface kind."""
    size = int(np.clip(2 ** round(math.log2(1024 * detail)), 64, 2048))
    for name, make in TEXTURES.items():
        roughness = 0.55 if name == "water" else 0.92
        builder.material(Material(name, image=make(rng, size), roughness=roughness))


# -- the islet and its terrain ------------------------------------------------------------------------


def _centre(z) -> np.ndarray:
    return 7.0 * np.sin(np.asarray(z, float) / 160.0 + 0.5)


def _edges(z) -> tuple[np.ndarray, np.ndarray]:
    """West and east cliff-top x of the islet at ``z`` (equal at and beyond the tips)."""
    z = np.asarray(z, float)
    t = np.clip((z - Z_NORTH) / (Z_SOUTH - Z_NORTH), 0.0, 1.0)
    base = HALF_WIDTH * np.sin(np.pi * t) ** 0.55 * (0.9 + 0.14 * t)
    west = base * (1 + 0.07 * np.sin(z / 53 + 0.4) + 0.03 * np.sin(z / 17)) - _bays(z, WEST_BAYS)
    east = base * (1 + 0.06 * np.sin(z / 41 + 2.0) + 0.03 * np.sin(z / 23 + 1.0)) - _bays(z, EAST_BAYS)
    c = _centre(z)
    return c - np.maximum(west, 0.4 * base), c + np.maximum(east, 0.4 * base)


WEST_BAYS = [(-62.0, 12.0, 11.0), (118.0, 15.0, 13.0), (214.0, 10.0, 9.0)]  # z, depth, width of gullies
EAST_BAYS = [(-228.0, 9.0, 9.0), (-12.0, 13.0, 12.0), (176.0, 11.0, 10.0)]  # eaten into the islet's sides


def _bays(z: np.ndarray, bays) -> np.ndarray:
    return sum(depth * np.exp(-(((z - at) / width) ** 2)) for at, depth, width in bays)


def _outline(samples: int = 160) -> np.ndarray:
    """The islet's cliff-top outline, ``(n, 2)`` (x, z), closed, denser towards the tips."""
    t = (1 - np.cos(np.pi * np.arange(samples + 1) / samples)) / 2
    z = Z_NORTH + t * (Z_SOUTH - Z_NORTH)
    west, east = _edges(z)
    return np.concatenate([np.c_[west, z], np.c_[east, z][-2:0:-1]])


def _polygon_distance(points: np.ndarray, polygon: np.ndarray, reach: float = 150.0) -> np.ndarray:
    """Distance from each point ``(n, 2)`` to a closed polygon's edges, exact up to ``reach``
    (farther points may get any larger value): brute force over the edges near each chunk of
    points sorted by z, since the islet is long and narrow."""
    a = polygon
    ab = np.roll(polygon, -1, axis=0) - a
    ab2 = np.maximum((ab ** 2).sum(axis=1), 1e-12)
    z_low, z_high = np.minimum(a[:, 1], a[:, 1] + ab[:, 1]), np.maximum(a[:, 1], a[:, 1] + ab[:, 1])
    order = np.argsort(points[:, 1], kind="stable")
    out = np.empty(len(points))
    for start in range(0, len(points), 2048):
        chunk = order[start:start + 2048]
        z0, z1 = points[chunk[0], 1], points[chunk[-1], 1]
        near = (z_high >= z0 - reach) & (z_low <= z1 + reach)
        if not near.any():
            out[chunk] = 10 * reach
            continue
        p = points[chunk, None, :]
        t = np.clip(((p - a[near]) * ab[near]).sum(axis=-1) / ab2[near], 0.0, 1.0)
        out[chunk] = np.sqrt(((p - a[near] - t[..., None] * ab[near]) ** 2).sum(axis=-1).min(axis=1))
    return out


@dataclass
class _Rect:
    """An axis-aligned footprint in the local frame."""

    x0: float
    x1: float
    z0: float
    z1: float
    ramp: float = 1.5  # for sunken areas: the width of the slope at their east and west edges
    ramp_z: float | None = None  # ... and at their north and south edges (default: ``ramp``)


# Cliff profile: height against signed distance from the cliff-top outline (inside positive).
_ISLET_S = [-10.0, -8.6, -7.2, -5.0, -2.5, -1.0, 0.0, 1.5]
_ISLET_Y = [-30.0, -28.9, -26.8, -19.5, -9.0, -3.4, -0.8, 0.0]
# Far banks: fraction of the rise from riverbed to plain against distance beyond the riverbed.
_BANK_D = [0.0, 2.5, 4.5, 11.0, 14.0]
_BANK_F = [0.0, 0.06, 0.2, 0.94, 1.0]


class _Terrain:
    """The height function of islet, cliffs, channels and plain, and its adaptive grid mesh."""

    def __init__(self, rng: np.random.Generator, sunken: list[_Rect]):
        self.field = _Field(rng)
        self.polygon = _outline()
        self.sunken = sunken

    def signed_distance(self, x, z) -> np.ndarray:
        """Distance to the cliff-top outline, positive on the islet (before erosion noise)."""
        x, z = np.asarray(x, float).ravel(), np.asarray(z, float).ravel()
        d = _polygon_distance(np.c_[x, z], self.polygon)
        west, east = _edges(z)
        inside = (z > Z_NORTH) & (z < Z_SOUTH) & (x > west) & (x < east)
        return np.where(inside, d, -d)

    def eroded(self, x, z, sd) -> np.ndarray:
        """Signed distance with gullies cut into the cliff (noise along the outline)."""
        notches = np.clip((self.field.fbm(x + 900, z, 14.0, 2) - 0.25) / 0.5, 0.0, 1.0)  # rain gullies
        return sd + 3.0 * self.field.fbm(x, z, 34.0, 2) - 5.0 * notches

    def sunken_weight(self, x, z) -> np.ndarray:
        """1 where the city is carved down to street level, 0 on original ground."""
        weight = np.zeros(np.shape(x))
        for r in self.sunken:
            ramp_z = r.ramp if r.ramp_z is None else r.ramp_z
            inner = np.minimum(np.minimum(x - r.x0, r.x1 - x) / r.ramp, np.minimum(z - r.z0, r.z1 - z) / ramp_z)
            weight = np.maximum(weight, np.clip(inner, 0.0, 1.0))
        return weight

    def height(self, x, z) -> np.ndarray:
        return self.fields(x, z)[0]

    def fields(self, x, z) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(height, eroded distance into the islet, distance beyond the riverbed) at points."""
        x, z = np.asarray(x, float).ravel(), np.asarray(z, float).ravel()
        f = self.field
        sd = self.signed_distance(x, z)
        s = self.eroded(x, z, sd)
        top = 0.22 * f.fbm(x, z, 45.0, 2) * np.clip(s / 3.0, 0.0, 1.0)
        islet = np.interp(s, _ISLET_S, _ISLET_Y) + top
        street = STREET + 0.03 * f.sample(x, z, 6.0)
        islet = islet + (street - islet) * self.sunken_weight(x, z) * (sd > 0)
        bed = RIVERBED + 0.12 * f.fbm(x + 500, z, 9.0, 2)
        blend = _smoothstep((x - _centre(z)) / 120.0 + 0.5)
        channel = (CHANNEL_WEST + (CHANNEL_EAST - CHANNEL_WEST) * blend) * (1 + 0.15 * np.sin(z / 90.0))
        beyond = -sd - CLIFF - channel
        north = np.maximum(np.abs(x - self.corridor_x(z)) - CORRIDOR, z - (Z_NORTH - 30))
        south = np.maximum(np.abs(x - self.corridor_x(z)) - CORRIDOR, (Z_SOUTH + 30) - z)
        bank = np.minimum(beyond, np.minimum(north, south)) + 5.0 * f.fbm(x - 300, z, 60.0, 2)
        plain = 2.0 + 1.5 * f.fbm(x, z + 700, 140.0, 2)
        banks = RIVERBED + (plain - RIVERBED) * np.interp(bank, _BANK_D, _BANK_F)
        return np.maximum(np.maximum(islet, banks), bed), s, bank

    @staticmethod
    def corridor_x(z) -> np.ndarray:
        """Centre of the single channel up- and downstream of the islet."""
        z = np.asarray(z, float)
        tip = np.where(z < 0, _centre(Z_NORTH), _centre(Z_SOUTH))
        return tip + 0.12 * (z - np.where(z < 0, Z_NORTH, Z_SOUTH)) + 12 * np.sin(z / 70.0)

    # -- the mesh --------------------------------------------------------------------------------

    def rows(self, detail: float, extra: list[float]) -> np.ndarray:
        """Row z values: about 4.5 m apart along the islet, tighter at its tips, sparse beyond,
        plus rows at the sunken city's north and south edges (kept sharp)."""
        scale = 1 / math.sqrt(detail)
        z = np.linspace(Z_MIN, Z_MAX, 4000)
        spacing = np.full_like(z, 15.0)
        near = (z > Z_NORTH - 70) & (z < Z_SOUTH + 70)
        spacing[near] = 4.0
        spacing[np.minimum(np.abs(z - Z_NORTH), np.abs(z - Z_SOUTH)) < 30] = 3.0
        cdf = np.concatenate([[0], np.cumsum(1 / (spacing[1:] * scale) * np.diff(z))])
        rows = np.interp(np.arange(math.ceil(cdf[-1]) + 1) * cdf[-1] / math.ceil(cdf[-1]), cdf, z)
        rows = np.sort(np.concatenate([rows, [e + d for e in extra for d in (-0.6, 0.6)]]))
        return rows[np.concatenate([[True], np.diff(rows) > 0.8])]

    def columns(self, rows: np.ndarray, detail: float) -> tuple[np.ndarray, np.ndarray]:
        """``(rows, n)`` x positions and each column's :data:`SEGMENTS` index.

        Every row has the same number of columns between the same features -- far-bank tops and
        feet, islet cliff feet and tops -- so each feature runs along one grid line (a clean cliff
        edge, no saw-teeth) and materials follow the segments. Inside the terrace, columns pack
        where the height changes fast (the sunken city's edges)."""
        scale = 1 / math.sqrt(detail)
        xs = np.arange(X_MIN, X_MAX + 0.01, STEP)
        grid_x, grid_z = np.tile(xs, len(rows)), np.repeat(rows, len(xs))
        height, s, bank = (a.reshape(len(rows), len(xs)) for a in self.fields(grid_x, grid_z))
        features = np.array([_features(xs, s[r], bank[r]) for r in range(len(rows))])
        widths = np.percentile(np.diff(features, axis=1), 90, axis=0)  # the few wider rows stretch
        counts = [max(2, math.ceil(w / (spacing * scale))) for w, spacing in zip(widths, SEGMENT_SPACING)]
        top = SEGMENTS.index("top")
        density = self._top_density(xs, height, rows, scale)
        cdf = np.concatenate([np.zeros((len(rows), 1)), np.cumsum(density * STEP, axis=1)], axis=1)
        spans = [float(np.diff(np.interp(features[r, top:top + 2], xs, cdf[r]))[0]) for r in range(len(rows))]
        counts[top] = max(counts[top], math.ceil(max(spans)))
        out = np.empty((len(rows), sum(counts) + 1))
        for r in range(len(rows)):
            pieces = []
            for k, n in enumerate(counts):
                a, b = features[r, k], features[r, k + 1]
                if k == top:
                    c0, c1 = np.interp([a, b], xs, cdf[r])
                    pieces.append(np.interp(np.linspace(c0, c1, n + 1)[:-1], cdf[r], xs))
                else:
                    pieces.append(np.linspace(a, b, n + 1)[:-1])
            out[r] = np.concatenate(pieces + [[features[r, -1]]])
        segment = np.repeat(np.arange(len(counts)), counts)
        log.debug("terrain: %d rows, columns per segment %s", len(rows), counts)
        return out, segment

    @staticmethod
    def _top_density(xs: np.ndarray, height: np.ndarray, rows: np.ndarray, scale: float) -> np.ndarray:
        """Columns per metre on the terrace: about one per 5.5 m, more where the height jumps."""
        slope = np.abs(np.diff(height, axis=1)) / STEP
        slope = np.maximum(slope, np.c_[slope[:, 1:], slope[:, -1:]])
        slope = np.maximum(slope, np.c_[slope[:, :1], slope[:, :-1]])
        density = (1 / 5.5 + 0.2 * np.minimum(slope, 4.0)) / scale
        spread = density.copy()  # neighbouring rows share their columns: no skewed cells
        for shift in (1, 2):
            spread[shift:] = np.maximum(spread[shift:], density[:-shift])
            spread[:-shift] = np.maximum(spread[:-shift], density[shift:])
        return spread

    def build(self, scene: _Scene, detail: float, extra_rows: list[float]) -> None:
        rows = self.rows(detail, extra_rows)
        columns, segment = self.columns(rows, detail)
        x, z = columns.ravel(), np.repeat(rows, columns.shape[1])
        positions = np.c_[x, self.height(x, z), z]
        faces, cell_column = _grid_faces(positions, *columns.shape)
        self.add_mesh(scene, positions, faces, segment[cell_column])

    def add_mesh(self, scene: _Scene, positions: np.ndarray, faces: np.ndarray, segment: np.ndarray) -> None:
        """Materials by segment (steep cuts on the terrace are cut loess); smooth normals per
        material (so cliff tops keep a crisp edge); world-space UVs: plan view on flat ground, box
        projection by face normal on steep ground so strata stay horizontal and unstretched."""
        world = _to_world(positions)
        kinds = np.array([SEGMENT_MATERIAL[name] for name in SEGMENTS])[segment]
        steep = face_normals(world, faces)[:, 1] < 0.78
        kinds[(kinds == "ground") & steep] = "carved"
        for material in ("ground", "carved", "cliff", "riverbed", "plain"):
            picked = faces[kinds == material]
            if not len(picked):
                continue
            smooth = vertex_normals(world, picked)
            if material in ("cliff", "carved"):
                corners = picked.reshape(-1)
                flat = np.repeat(face_normals(world, picked), 3, axis=0)
                uvs = box_uvs(world[corners], flat, REPEAT[material])
                self._add_world(scene, material, world[corners], np.arange(len(corners)).reshape(-1, 3),
                                smooth[corners], uvs)
            else:
                used, local = np.unique(picked, return_inverse=True)
                uvs = world[used][:, [0, 2]] / REPEAT[material]
                self._add_world(scene, material, world[used], local.reshape(-1, 3), smooth[used], uvs)

    @staticmethod
    def _add_world(scene: _Scene, material: str, positions, faces, normals, uvs) -> None:
        scene.builder.add(material, positions, faces, uvs=uvs, normals=normals)
        scene.triangles.append(positions[faces])


SEGMENTS = ("plain", "bank", "bed", "cliff", "top", "cliff", "bed", "bank", "plain")  # west to east
SEGMENT_SPACING = (20.0, 2.0, 6.0, 1.3, 5.5, 1.3, 6.0, 2.0, 20.0)  # metres between columns
SEGMENT_MATERIAL = {"plain": "plain", "bank": "cliff", "bed": "riverbed", "cliff": "cliff", "top": "ground"}
STEP = 2.0  # metres between the samples that place a row's columns
_ISLET_FOOT = -8.6  # eroded distance at which an islet cliff meets its talus
_BANK_TOP = 11.5  # where a far bank has all but rounded over onto the plain


def _crossing(xs: np.ndarray, values: np.ndarray, level: float, index: int) -> float:
    """x where ``values`` crosses ``level`` between samples ``index - 1`` and ``index``."""
    if index <= 0:
        return float(xs[0])
    if index >= len(xs):
        return float(xs[-1])
    v0, v1 = values[index - 1], values[index]
    t = 0.5 if v1 == v0 else float(np.clip((level - v0) / (v1 - v0), 0.0, 1.0))
    return float(xs[index - 1] + t * (xs[index] - xs[index - 1]))


def _features(xs: np.ndarray, s: np.ndarray, bank: np.ndarray) -> list[float]:
    """One row's segment boundaries, west to east: plain edge, bank top, bank foot, islet cliff foot
    and top, the same on the east side, plain edge (collapsed where a feature is absent)."""
    bed = np.flatnonzero(bank <= 0)
    west_foot_i, east_foot_i = (bed[0], bed[-1] + 1) if len(bed) else (len(xs) // 2, len(xs) // 2)
    west_foot = _crossing(xs, bank, 0.0, west_foot_i)
    east_foot = _crossing(xs, bank, 0.0, east_foot_i)
    plain = np.flatnonzero(bank[:west_foot_i] >= _BANK_TOP)
    west_top = _crossing(xs, bank, _BANK_TOP, plain[-1] + 1) if len(plain) else float(xs[0])
    plain = np.flatnonzero(bank[east_foot_i:] >= _BANK_TOP)
    east_top = _crossing(xs, bank, _BANK_TOP, east_foot_i + plain[0]) if len(plain) else float(xs[-1])
    islet = []
    for level in (_ISLET_FOOT, 0.0):
        inside = np.flatnonzero(s >= level)
        if len(inside):
            islet.append((_crossing(xs, s, level, inside[0]), _crossing(xs, s, level, inside[-1] + 1)))
        else:
            ridge = float(np.clip(xs[int(np.argmax(s))], west_foot, east_foot))
            islet.append((ridge, ridge))
    if islet[1][0] == islet[1][1] and islet[0][0] != islet[0][1]:  # a tip: no top, only the talus
        ridge = float(np.clip(xs[int(np.argmax(s))], *islet[0]))
        islet[1] = (ridge, ridge)
    points = [float(xs[0]), west_top, west_foot, islet[0][0], islet[1][0], islet[1][1], islet[0][1],
              east_foot, east_top, float(xs[-1])]
    return list(np.maximum.accumulate(points))


def _grid_faces(positions: np.ndarray, n_rows: int, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Two upward-facing triangles per grid cell, split along the diagonal with the smaller height
    difference (so cliff edges fold along the cliff rather than across it), and each triangle's
    column."""
    index = np.arange(n_rows * n_cols).reshape(n_rows, n_cols)
    a, b = index[:-1, :-1].ravel(), index[:-1, 1:].ravel()  # row r: x, x + 1
    c, d = index[1:, :-1].ravel(), index[1:, 1:].ravel()  # row r + 1 (further south)
    y = positions[:, 1]
    along_ad = np.abs(y[a] - y[d]) <= np.abs(y[b] - y[c])
    first = np.where(along_ad[:, None], np.c_[a, c, d], np.c_[a, c, b])
    second = np.where(along_ad[:, None], np.c_[a, d, b], np.c_[b, c, d])
    column = np.tile(np.arange(n_cols - 1), n_rows - 1)
    return np.concatenate([first, second]), np.concatenate([column, column])




# -- the carved city ----------------------------------------------------------------------------------


@dataclass
class _Parcel:
    rect: _Rect
    outer: float  # x of the strip edge facing the cliff
    avenue: bool  # touches the avenue
    doors: tuple[str, ...]  # sides that face a lane: "n", "s", "w", "e"


@dataclass
class _City:
    sunken: list[_Rect]
    parcels: list[_Parcel]
    extra_rows: list[float]


def _envelope(z0: float, z1: float) -> tuple[float, float]:
    """The widest x-range inside the rim over ``z0..z1``."""
    zs = np.linspace(z0, z1, 9)
    west, east = _edges(zs)
    return float(west.max()) + RIM, float(east.min()) - RIM


def _plan_city(rng: np.random.Generator) -> _City:
    """Strips of blocks on both sides of the avenue, staggered lanes between them, parcels inside.

    The sunken rectangles cover every strip and the lanes on either side of it, so the whole city
    floor is one flat street level; only the rim side of each strip and the lane ends slope up to
    the original ground (under the outermost blocks, or as ramps at the end of a lane)."""
    z_north, z_south = Z_RESIDENTIAL
    sunken = [_Rect(AV_X - AV_HALF - 1.5, AV_X + AV_HALF + 1.5, MONASTERY[3] - 2.0, Z_GATE[1] + 14.0,
                    ramp=0.3, ramp_z=12.0)]  # its edges hide inside the cut walls south of the city
    parcels: list[_Parcel] = []
    for side in (-1, 1):
        strips = _strips(rng, z_north, z_south)
        ranges = [_strip_range(z0, z1, side) for z0, z1 in strips]
        for i, ((z0, z1), (a, b)) in enumerate(zip(strips, ranges)):
            before = z0 - strips[i - 1][1] if i else 4.0
            after = strips[i + 1][0] - z1 if i + 1 < len(strips) else 0.0
            outer = a if side < 0 else b
            x0, x1 = (a + 4.0, b + 2.0) if side < 0 else (a - 2.0, b - 4.0)  # overlaps the avenue
            sunken.append(_Rect(x0, x1, z0 - before, z1 + after))
            if i + 1 < len(strips):  # the lane's end rises to the rim
                lane = (z1 - 0.3, strips[i + 1][0] + 0.3)
                if side < 0:
                    sunken.append(_Rect(max(a, ranges[i + 1][0]) + 0.5, b + 5.0, *lane, ramp=4.0))
                else:
                    sunken.append(_Rect(a - 5.0, min(b, ranges[i + 1][1]) - 0.5, *lane, ramp=4.0))
            for block, doors in _blocks(rng, _Rect(a, b, z0, z1)):
                avenue = _is_avenue_edge(block, side)
                for rect in _split(rng, block):
                    touching = tuple(d for d in doors if _on_side(rect, block, d))
                    parcels.append(_Parcel(rect, outer, avenue and _on_side(rect, block, "e" if side < 0 else "w"),
                                           touching))
    west, east = _envelope(MONASTERY[2], MONASTERY[3])
    sunken.append(_Rect(west + 4.0, east - 4.0, MONASTERY[2] + 1.0, z_north + 2.0))  # monastery strip + plaza
    for a, b, outer in ((west, MONASTERY[0], west), (MONASTERY[1], east, east)):
        if b - a > 8:
            block = _Rect(a, b, MONASTERY[2], MONASTERY[3])
            for rect in _split(rng, block):
                parcels.append(_Parcel(rect, outer, False, ("s",) if _on_side(rect, block, "s") else ()))
    extra = [MONASTERY[2] + 1.0, z_south, Z_GATE[1] + 14.0]
    return _City(sunken, parcels, extra)


def _strip_range(z0: float, z1: float, side: int) -> tuple[float, float]:
    """x-range of a strip of blocks: from the rim to the avenue on its west or east side."""
    west, east = _envelope(z0, z1)
    return (west, AV_X - AV_HALF) if side < 0 else (AV_X + AV_HALF, east)


def _strips(rng: np.random.Generator, z_north: float, z_south: float) -> list[tuple[float, float]]:
    """Consecutive north-south runs of blocks, 20-36 m deep, with 3-5 m lanes between them."""
    strips, z = [], z_north
    while z < z_south - 12:
        z1 = min(z + rng.uniform(20, 36), z_south)
        if z_south - z1 < 14:
            z1 = z_south
        strips.append((z, z1))
        z = z1 + rng.uniform(3.0, 5.0)
    return strips


def _blocks(rng: np.random.Generator, strip: _Rect):
    """Cut a strip by north-south alleys into blocks; yield each with the sides that face lanes."""
    cuts = [strip.x0]
    while strip.x1 - cuts[-1] > 34:
        x = cuts[-1] + rng.uniform(14, 24)
        cuts += [x, x + rng.uniform(2.5, 3.6)]
    cuts.append(strip.x1)
    for x0, x1 in zip(cuts[0::2], cuts[1::2]):
        doors = ["n", "s"]
        if x0 > strip.x0:
            doors.append("w")
        if x1 < strip.x1:
            doors.append("e")
        yield _Rect(x0, x1, strip.z0, strip.z1), tuple(doors)


def _split(rng: np.random.Generator, rect: _Rect) -> list[_Rect]:
    """Recursive cuts into parcels of about 8-20 m."""
    width, depth = rect.x1 - rect.x0, rect.z1 - rect.z0
    longest = max(width, depth)
    if longest < 15 or (longest < 22 and rng.random() < 0.35):
        return [rect]
    f = rng.uniform(0.38, 0.62)
    if width >= depth:
        x = rect.x0 + f * width
        return _split(rng, _Rect(rect.x0, x, rect.z0, rect.z1)) + _split(rng, _Rect(x, rect.x1, rect.z0, rect.z1))
    z = rect.z0 + f * depth
    return _split(rng, _Rect(rect.x0, rect.x1, rect.z0, z)) + _split(rng, _Rect(rect.x0, rect.x1, z, rect.z1))


def _on_side(rect: _Rect, block: _Rect, side: str) -> bool:
    return {"n": rect.z0 <= block.z0 + 1e-6, "s": rect.z1 >= block.z1 - 1e-6,
            "w": rect.x0 <= block.x0 + 1e-6, "e": rect.x1 >= block.x1 - 1e-6}[side]


def _is_avenue_edge(block: _Rect, side: int) -> bool:
    return abs((block.x1 if side < 0 else block.x0) - (AV_X - AV_HALF if side < 0 else AV_X + AV_HALF)) < 1e-6


def _build_parcel(scene: _Scene, rng: np.random.Generator, parcel: _Parcel, courts: list[_Rect]) -> None:
    """A parcel is a solid earth block, a walled courtyard (floor at street level or raised), a
    courtyard split into rooms, or a collapsed house (low walls round a rubble heap)."""
    r = parcel.rect
    near_outer = abs(parcel.outer - r.x0) < 14 or abs(parcel.outer - r.x1) < 14 or r.z1 > Z_RESIDENTIAL[1] - 8
    if parcel.avenue:
        top = rng.uniform(-0.5, 0.4)
    elif near_outer:
        top = rng.uniform(0.1, 0.5)
    else:
        top = rng.uniform(-1.8, 0.3)
    kind = rng.choice(["solid", "court", "rooms", "ruin"], p=[0.25, 0.42, 0.18, 0.15])
    wall = rng.uniform(1.3, 2.4)
    pit = _Rect(r.x0 + wall, r.x1 - wall, r.z0 + wall, r.z1 - wall)
    clear = min(abs(parcel.outer - pit.x0), abs(parcel.outer - pit.x1))
    if kind == "solid" or pit.x1 - pit.x0 < 4 or pit.z1 - pit.z0 < 4 or clear < 7 or pit.z1 > Z_RESIDENTIAL[1] - 6:
        _solid(scene, rng, r, top)
        if parcel.avenue and rng.random() < 0.6:
            _talus(scene, rng, r)
        if rng.random() < 0.22:
            _standing_wall(scene, rng, r, top, rng.choice(["n", "s", "w", "e"]), 0.9)
        return
    if parcel.avenue and rng.random() < 0.6:
        _talus(scene, rng, r)
    _courtyard(scene, rng, parcel, pit, top, wall, kind, courts)


def _courtyard(scene: _Scene, rng: np.random.Generator, parcel: _Parcel, pit: _Rect, top: float, wall: float,
               kind: str, courts: list[_Rect]) -> None:
    """Walls round a pit cut down into the block: open (listed in ``courts``), with a raised house
    floor, split into rooms, or collapsed into a rubble heap behind low walls."""
    r = parcel.rect
    door = rng.choice(parcel.doors or ("n", "s", "w", "e"))
    if kind == "ruin":
        _court_walls(scene, rng, r, pit, top - rng.uniform(1.5, 3.5), door)
        scene.add_split("carved", "ground", *_mound(rng, pit.x0 - 0.3, pit.x1 + 0.3, pit.z0 - 0.3, pit.z1 + 0.3,
                                                     STREET - 0.4, STREET + rng.uniform(0.8, 2.5), 1.5, 0.8))
        return
    _court_walls(scene, rng, r, pit, top, door)
    if kind == "rooms":
        _partition(scene, rng, pit)
    elif rng.random() < 0.3:  # a house floor left higher than the street
        floor = STREET + rng.uniform(1.0, 2.5)
        scene.add_split("carved", "ground", *_mound(rng, pit.x0 - 0.4, pit.x1 + 0.4, pit.z0 - 0.4, pit.z1 + 0.4,
                                                     STREET - 0.4, floor, 0.0, 0.05))
    else:
        courts.append(pit)
    if rng.random() < 0.25:
        side = rng.choice([s for s in ("n", "s", "w", "e") if s != door])
        _standing_wall(scene, rng, r, top, side, wall)


def _talus(scene: _Scene, rng: np.random.Generator, r: _Rect) -> None:
    """A heap of earth fallen from an avenue wall, leaning against its foot."""
    toward = 1.0 if r.x1 <= AV_X else -1.0  # from the wall into the avenue
    wall = r.x1 if toward > 0 else r.x0
    z0 = rng.uniform(r.z0, r.z0 + 0.4 * (r.z1 - r.z0))
    z1 = rng.uniform(r.z0 + 0.6 * (r.z1 - r.z0), r.z1)
    depth, height = rng.uniform(0.7, 1.4), rng.uniform(0.4, 1.0)
    foot = _square(wall + toward * (depth - 0.3) / 2, (z0 + z1) / 2, (depth + 0.3) / 2, (z1 - z0) / 2, STREET - 0.1)
    crest = _square(wall - toward * 0.1, (z0 + z1) / 2, 0.2, max((z1 - z0) / 2 - height, 0.2), STREET + height)
    crest[:, 1] += rng.uniform(-0.15, 0.15, 4)
    scene.add("ground", *_loft([foot, crest]))


def _solid(scene: _Scene, rng: np.random.Generator, r: _Rect, top: float) -> None:
    """An uncut block, broken into 1-3 chunks of different heights (a stepped, eroded skyline)."""
    pieces = int(rng.integers(1, 4))
    along_x = (r.x1 - r.x0) >= (r.z1 - r.z0)
    cuts = np.sort(rng.uniform(0.25, 0.75, pieces - 1))
    edges = np.concatenate([[0.0], cuts, [1.0]])
    for f0, f1 in zip(edges[:-1], edges[1:]):
        h = top + (rng.uniform(-1.2, 0.2) if f0 > 0 else 0.0)
        if along_x:
            x0, x1, z0, z1 = r.x0 + f0 * (r.x1 - r.x0), r.x0 + f1 * (r.x1 - r.x0), r.z0, r.z1
        else:
            x0, x1, z0, z1 = r.x0, r.x1, r.z0 + f0 * (r.z1 - r.z0), r.z0 + f1 * (r.z1 - r.z0)
        scene.add_split("carved", "ground", *_mound(rng, x0, x1, z0, z1, STREET - 0.4, h, 0.45, 0.3))


def _court_walls(scene: _Scene, rng: np.random.Generator, r: _Rect, pit: _Rect, top: float, door: str) -> None:
    """Four thick walls left standing around a pit cut down to street level, one with a doorway."""
    walls = {"n": (r.x0, r.x1, r.z0, pit.z0), "s": (r.x0, r.x1, pit.z1, r.z1),
             "w": (r.x0, pit.x0, pit.z0, pit.z1), "e": (pit.x1, r.x1, pit.z0, pit.z1)}
    for side, (x0, x1, z0, z1) in walls.items():
        along_x = side in "ns"
        lo, hi = (x0, x1) if along_x else (z0, z1)
        if side == door:
            inner_lo, inner_hi = (pit.x0, pit.x1) if along_x else (pit.z0, pit.z1)
            width = rng.uniform(1.4, 2.0)
            low = inner_lo + 0.6 + width / 2
            centre = rng.uniform(low, max(inner_hi - 0.6 - width / 2, low + 0.1))
            spans = [(lo, centre - width / 2), (centre + width / 2, hi)]
        elif hi - lo > 9:
            mid = rng.uniform(lo + 0.4 * (hi - lo), lo + 0.6 * (hi - lo))
            spans = [(lo, mid), (mid, hi)]
        else:
            spans = [(lo, hi)]
        for s0, s1 in spans:
            if s1 - s0 < 0.3:
                continue
            h = top + rng.uniform(-1.0, 0.25)
            box = (s0, s1, z0, z1) if along_x else (x0, x1, s0, s1)
            scene.add_split("carved", "ground", *_mound(rng, *box, STREET - 0.4, h, 0.35, 0.25))


def _partition(scene: _Scene, rng: np.random.Generator, pit: _Rect) -> None:
    """A lower wall dividing a courtyard into rooms, with a doorway."""
    along_x = (pit.x1 - pit.x0) < (pit.z1 - pit.z0)  # the wall runs across the longer axis
    t = rng.uniform(0.8, 1.2)
    h = STREET + rng.uniform(2.2, 3.8)
    if along_x:
        z = rng.uniform(pit.z0 + 0.4 * (pit.z1 - pit.z0), pit.z0 + 0.6 * (pit.z1 - pit.z0))
        gap = rng.uniform(pit.x0 + 0.6, pit.x1 - 2.0)
        pieces = [(pit.x0 - 0.2, gap, z - t / 2, z + t / 2), (gap + 1.3, pit.x1 + 0.2, z - t / 2, z + t / 2)]
    else:
        x = rng.uniform(pit.x0 + 0.4 * (pit.x1 - pit.x0), pit.x0 + 0.6 * (pit.x1 - pit.x0))
        gap = rng.uniform(pit.z0 + 0.6, pit.z1 - 2.0)
        pieces = [(x - t / 2, x + t / 2, pit.z0 - 0.2, gap), (x - t / 2, x + t / 2, gap + 1.3, pit.z1 + 0.2)]
    for x0, x1, z0, z1 in pieces:
        if min(x1 - x0, z1 - z0) > 0.3:
            scene.add_split("carved", "ground", *_mound(rng, x0, x1, z0, z1, STREET - 0.4, h, 0.2, 0.3))


def _standing_wall(scene: _Scene, rng: np.random.Generator, r: _Rect, top: float, side: str, wall: float) -> None:
    """A rammed-earth wall still standing above the block top, broken into eroded segments."""
    t = 0.8
    offset = min(wall, 2.0) / 2
    along_x = side in "ns"
    lo, hi = (r.x0 + 0.5, r.x1 - 0.5) if along_x else (r.z0 + 0.5, r.z1 - 0.5)
    line = {"n": r.z0 + offset, "s": r.z1 - offset, "w": r.x0 + offset, "e": r.x1 - offset}[side]
    height = rng.uniform(1.2, 3.2)
    edges = np.sort(rng.uniform(lo, hi, int(rng.integers(2, 5))))
    edges = np.concatenate([[lo], edges, [hi]])
    for s0, s1 in zip(edges[:-1], edges[1:]):
        s1 -= rng.uniform(0.0, 1.2)
        if s1 - s0 < 0.8:
            continue
        box = (s0, s1, line - t / 2, line + t / 2) if along_x else (line - t / 2, line + t / 2, s0, s1)
        h = top + height * rng.uniform(0.35, 1.0)
        scene.add("rammed", *_mound(rng, *box, top - 1.2, h, 0.15, 0.35))


def _build_avenue_ends(scene: _Scene, rng: np.random.Generator) -> None:
    """The cut walls of the avenue where it leaves the city southwards, and the gate's towers."""
    z0, z1 = Z_RESIDENTIAL[1] - 0.5, Z_GATE[1] + 16.0
    for side in (-1, 1):
        inner = AV_X + side * AV_HALF
        x0, x1 = sorted((inner, inner + side * 7.0))
        scene.add_split("carved", "ground", *_mound(rng, x0, x1, z0, z1, STREET - 0.4, 0.35, 0.3, 0.15))
        tx0, tx1 = sorted((inner, inner + side * 8.0))
        scene.add("rammed", *_mound(rng, tx0, tx1, Z_GATE[0], Z_GATE[1], 0.0, 4.2, 0.5, 0.5))
        scene.add("rammed", *_mound(rng, tx0 + 1, tx1 - 1, Z_GATE[0] + 1, Z_GATE[1] - 1, 3.8, 5.4, 0.4, 0.4))


# -- the Great Monastery -----------------------------------------------------------------------------


def _build_monastery(scene: _Scene, rng: np.random.Generator) -> None:
    """Enclosure of thick rammed-earth walls with a south gate on the avenue, monks' cells along the
    side walls, and the main hall's base with the central stupa-pillar."""
    x0, x1, z0, z1 = MONASTERY
    t, north = 3.5, 6.0
    gate = (AV_X - 3.2, AV_X + 3.2)
    walls = [(x0, x1, z0, z0 + north), (x0, gate[0], z1 - t, z1), (gate[1], x1, z1 - t, z1),
             (x0, x0 + t, z0 + north, z1 - t), (x1 - t, x1, z0 + north, z1 - t)]
    for wx0, wx1, wz0, wz1 in walls:
        along_x = (wx1 - wx0) > (wz1 - wz0)
        lo, hi = (wx0, wx1) if along_x else (wz0, wz1)
        count = max(1, round((hi - lo) / 8))
        edges = np.linspace(lo, hi, count + 1)
        for s0, s1 in zip(edges[:-1], edges[1:]):
            h = STREET + (rng.uniform(3.5, 5.2) if rng.random() < 0.2 else rng.uniform(6.0, 8.0))
            box = (s0, s1, wz0, wz1) if along_x else (wx0, wx1, s0, s1)
            scene.add("rammed", *_mound(rng, *box, STREET - 0.4, h, 0.45, 0.4))
    for gx0, gx1 in ((gate[0] - 4.0, gate[0]), (gate[1], gate[1] + 4.0)):  # gate piers
        scene.add("rammed", *_mound(rng, gx0, gx1, z1 - t - 0.6, z1 + 0.6, STREET - 0.4, STREET + 9.0, 0.4, 0.3))
    for wall_x, sign in ((x0 + t, 1), (x1 - t, -1)):  # cells along the side walls
        for z in np.arange(z0 + north + 4.0, z1 - t - 2.0, 5.0):
            cx0, cx1 = sorted((wall_x - sign * 0.3, wall_x + sign * 4.5))
            scene.add_split("carved", "ground", *_mound(rng, cx0, cx1, z - 0.5, z + 0.5, STREET - 0.4,
                                                         STREET + rng.uniform(2.2, 4.2), 0.15, 0.3))
    _hall(scene, rng)


def _hall(scene: _Scene, rng: np.random.Generator) -> None:
    """The hall base and its square stupa-pillar, whose faces hold niches between pilasters."""
    base_top = STREET + 1.3
    scene.add("rammed", *_mound(rng, AV_X - 12, AV_X + 12, PILLAR_Z - 13, PILLAR_Z + 13, STREET - 0.4, base_top,
                                0.3, 0.05))
    scene.add("rammed", *_mound(rng, AV_X - 3, AV_X + 3, PILLAR_Z + 13, PILLAR_Z + 15.5, STREET - 0.4,
                                STREET + 0.65, 0.1, 0.05))
    half, top = 3.2, STREET + 11.0
    core = [_square(AV_X, PILLAR_Z, half, half, base_top - 0.1),
            _square(AV_X, PILLAR_Z, half - 0.25, half - 0.25, top)]
    core[1][:, 1] += rng.uniform(-0.6, 0.2, 4)
    scene.add("rammed", *_loft(core))
    band_y = base_top + 4.4
    band = [_square(AV_X, PILLAR_Z, half + 0.3, half + 0.3, y) for y in (band_y, band_y + 0.5)]
    scene.add("rammed", *_loft(band))
    for u in (-2.6, -0.95, 0.95, 2.6):  # pilasters framing three niches per face and tier
        h = top - 1.0 + rng.uniform(-0.8, 0.3)
        face = half + 0.1
        for cx, cz in ((AV_X + u, PILLAR_Z + face), (AV_X + u, PILLAR_Z - face),
                       (AV_X + face, PILLAR_Z + u), (AV_X - face, PILLAR_Z + u)):
            scene.add("rammed", *_loft([_square(cx, cz, 0.3, 0.3, base_top - 0.1), _square(cx, cz, 0.3, 0.3, h)]))


# -- the stupa grove ---------------------------------------------------------------------------------


def _grove_centre() -> tuple[float, float]:
    return float(_centre(GROVE_Z)), GROVE_Z


def stupa_layout(rng: np.random.Generator) -> list[tuple[float, float]]:
    """Local (x, z) of the grove's 101 stupas: the great one first, then four groups of 5 x 5 on
    the diagonals around it, each stupa nudged a little off its grid point."""
    gx, gz = _grove_centre()
    spots = [(gx, gz)]
    for sx in (-1, 1):
        for sz in (-1, 1):
            for i in range(5):
                for j in range(5):
                    spots.append((gx + sx * 21.0 + (i - 2) * 3.4 + rng.normal(0, 0.12),
                                  gz + sz * 21.0 + (j - 2) * 3.4 + rng.normal(0, 0.12)))
    return spots


def _build_grove(scene: _Scene, rng: np.random.Generator, detail: float) -> None:
    """The great stupa and four groups of 5 x 5 small stupas around it: 101 in all."""
    (gx, gz), *small = stupa_layout(rng)
    _great_stupa(scene, rng, gx, gz)
    for x, z in small:
        _small_stupa(scene, rng, x, z, detail)


def _dome(cx: float, cz: float, half: float, y: float, height: float, rings: int) -> list[np.ndarray]:
    """Square rings rounding a stupa's top towards its apex."""
    angles = np.linspace(0, np.pi / 2, rings + 2)[1:-1]
    return [_square(cx, cz, half * np.cos(a), half * np.cos(a), y + height * np.sin(a)) for a in angles]


def _great_stupa(scene: _Scene, rng: np.random.Generator, gx: float, gz: float) -> None:
    rings = [_square(gx, gz, 6.0, 6.0, -0.6), _square(gx, gz, 5.3, 5.3, 4.5), _square(gx, gz, 4.3, 4.3, 4.5),
             _square(gx, gz, 3.7, 3.7, 8.3), _square(gx, gz, 3.1, 3.1, 8.3)]
    rings += _dome(gx, gz, 3.1, 8.3, 3.0, 3)
    for ring in rings[1:]:
        ring[:, [0, 2]] += rng.normal(0, 0.08, (4, 2))
        ring[:, 1] += rng.uniform(-0.1, 0.1, 4)
    scene.add("rammed", *_loft(rings, apex=(gx + 0.2, 11.1, gz - 0.1)))


def _small_stupa(scene: _Scene, rng: np.random.Generator, x: float, z: float, detail: float) -> None:
    """Tapered square base and rounded top; about one in five has lost its top."""
    half = rng.uniform(0.95, 1.25)
    height = rng.uniform(1.3, 2.2)
    inset = rng.uniform(0.2, 0.35)
    lean = rng.normal(0, 0.06, 2)
    rings = [_square(x, z, half, half, -0.5), _square(x + lean[0], z + lean[1], half - inset, half - inset, height)]
    rings[1][:, 1] += rng.uniform(-0.08, 0.08, 4)
    if rng.random() < 0.2:
        rings[1][:, 1] -= rng.uniform(0.2, 0.8, 4)
        scene.add("rammed", *_loft(rings))
        return
    dome = rng.uniform(0.7, 1.1)
    cx, cz = x + 1.6 * lean[0], z + 1.6 * lean[1]
    rings += _dome(cx, cz, half - inset - 0.05, height, dome, 2 if detail >= 0.5 else 1)
    scene.add("rammed", *_loft(rings, apex=(cx, height + dome, cz)))


# -- rivers and trees -------------------------------------------------------------------------------


def _outward_normals(polygon: np.ndarray) -> np.ndarray:
    """Unit outward normals at a closed outline's vertices (west side first, north to south)."""
    tangent = np.roll(polygon, -1, axis=0) - np.roll(polygon, 1, axis=0)
    normal = np.c_[-tangent[:, 1], tangent[:, 0]]  # west side runs +z: outward is -x
    return normal / np.linalg.norm(normal, axis=1, keepdims=True)


@dataclass
class _Stream:
    path: np.ndarray  # (n, 2) x, z of the centreline
    half: np.ndarray  # (n,) half-widths


def _streams(rng: np.random.Generator) -> list[_Stream]:
    """A thin stream looping round the islet in the channels, plus the single stream up- and
    downstream of it (where the two channels split and rejoin)."""
    polygon = _outline(96)
    normals = _outward_normals(polygon)
    s = np.concatenate([[0], np.cumsum(np.linalg.norm(np.diff(polygon, axis=0), axis=1))])
    channel = np.where(polygon[:, 0] < _centre(polygon[:, 1]), CHANNEL_WEST, CHANNEL_EAST)
    offset = CLIFF + 6.0 + (channel - 14.0) * (0.45 + 0.3 * np.sin(s / 41.0 + rng.uniform(0, 6)))
    loop = polygon + normals * offset[:, None]
    loop = np.vstack([loop, loop[:1]])
    half = 2.6 + 1.2 * np.sin(np.arange(len(loop)) * 0.7)
    half[-1] = half[0]
    streams = [_Stream(loop, half)]
    for z_from, z_to in ((Z_NORTH - offset[0] + 4, Z_MIN - 1), (Z_SOUTH + offset[len(polygon) // 2] - 4, Z_MAX + 1)):
        z = np.linspace(z_from, z_to, 24)
        x = _Terrain.corridor_x(z) + 6 * np.sin(z / 33.0)
        x[0] = float(_centre(Z_NORTH if z_from < 0 else Z_SOUTH))
        streams.append(_Stream(np.c_[x, z], np.full(len(z), 3.2)))
    return streams


def _build_streams(scene: _Scene, streams: list[_Stream]) -> None:
    for number, stream in enumerate(streams):
        p = stream.path
        tangent = np.gradient(p, axis=0)
        tangent /= np.linalg.norm(tangent, axis=1, keepdims=True)
        side = np.c_[tangent[:, 1], -tangent[:, 0]] * stream.half[:, None]
        y = RIVERBED + 0.17 - 0.03 * number
        left, right = p - side, p + side
        positions = np.vstack([np.c_[left[:, 0], np.full(len(p), y), left[:, 1]],
                               np.c_[right[:, 0], np.full(len(p), y), right[:, 1]]])
        n = len(p)
        faces = [f for i in range(n - 1) for f in ((i, i + 1, n + i + 1), (i, n + i + 1, n + i))]
        faces = np.array(faces)
        up = face_normals(positions, faces)[:, 1] < 0
        faces[up] = faces[up][:, ::-1]
        scene.add("water", positions, faces)


def _riverside(rng: np.random.Generator, terrain: _Terrain, loop: _Stream, reach: tuple[float, float],
               avoid: np.ndarray):
    """Endless random riverbed points beside the stream (None where the spot is not riverbed)."""
    while True:
        index = int(rng.integers(0, len(loop.path) - 1))
        p, q = loop.path[index], loop.path[index + 1]
        tangent = (q - p) / max(float(np.linalg.norm(q - p)), 1e-9)
        side = np.array([tangent[1], -tangent[0]]) * rng.choice([-1, 1])
        point = p + rng.random() * (q - p) + side * rng.uniform(*reach)
        ground = float(terrain.height(point[:1], point[1:])[0])
        ok = ground < RIVERBED + 0.4 and np.linalg.norm(point - avoid) > 10
        yield (point[0], ground - 0.3, point[1]) if ok else None


def _build_trees(scene: _Scene, rng: np.random.Generator, terrain: _Terrain, streams: list[_Stream],
                 detail: float, avoid: np.ndarray) -> None:
    """Clumps of poplars and willows and low shrubs along the streams, on the riverbed."""
    sides = 6 if detail < 0.5 else 7
    clumps = max(8, round(26 * math.sqrt(detail)))
    spots = _riverside(rng, terrain, streams[0], (5.0, 10.0), avoid)
    placed = 0
    while placed < clumps:
        centre = next(spots)
        if centre is None:
            continue
        placed += 1
        for _ in range(int(rng.integers(1, 5))):
            x, z = centre[0] + rng.normal(0, 3.0), centre[2] + rng.normal(0, 3.0)
            _tree(scene, rng, (x, centre[1], z), sides)
    shrubs = max(6, round(40 * math.sqrt(detail)))
    spots = _riverside(rng, terrain, streams[0], (4.0, 16.0), avoid)
    placed = 0
    while placed < shrubs:
        base = next(spots)
        if base is None:
            continue
        placed += 1
        r = rng.uniform(1.5, 4.0)
        scene.add("foliage", *_lathe(base, [r, 0.75 * r], [0.2, 0.9], sides, rng.uniform(0, 1), 1.3))


def _tree(scene: _Scene, rng: np.random.Generator, base, sides: int) -> None:
    """A poplar (tall narrow spindle) or a willow (low round crown) on a short trunk."""
    if rng.random() < 0.6:
        r, h = rng.uniform(1.2, 1.8), rng.uniform(10.0, 15.0)
        radii, heights = [0.4 * r, r, 1.1 * r, 0.7 * r], [1.5, 0.2 * h, 0.5 * h, 0.8 * h]
    else:
        r, h = rng.uniform(2.8, 4.2), rng.uniform(5.0, 7.5)
        radii, heights = [0.6 * r, r, 0.85 * r], [1.0, 0.4 * h, 0.78 * h]
    scene.add("foliage", *_lathe(base, radii, heights, sides, rng.uniform(0, 1), h))
    scene.add("carved", *_loft([_square(base[0], base[2], 0.18, 0.18, base[1]),
                                _square(base[0], base[2], 0.15, 0.15, base[1] + heights[0] + 0.6)], cap=False))


def _build_ruins(scene: _Scene, rng: np.random.Generator, terrain: _Terrain) -> None:
    """Scattered mounds and walls on the open ground between the monastery and the stupa grove."""
    for _ in range(14):
        z = rng.uniform(GROVE_Z + 40, MONASTERY[2] - 8)
        west, east = _edges(z)
        x = rng.uniform(west + RIM + 6, east - RIM - 6)
        w, d = rng.uniform(4, 12), rng.uniform(4, 10)
        ground = float(terrain.height([x], [z])[0])
        if rng.random() < 0.5:
            scene.add("rammed", *_mound(rng, x - w / 2, x + w / 2, z - d / 2, z + d / 2, ground - 0.5,
                                        ground + rng.uniform(1.0, 3.5), 0.8, 0.5))
        else:
            r = _Rect(x - w / 2, x + w / 2, z - d / 2, z + d / 2)
            for side in rng.choice(["n", "s", "w", "e"], size=2, replace=False):
                _standing_wall(scene, rng, r, ground, side, 0.9)


# -- viewpoints and anchors -------------------------------------------------------------------------


class _Placer:
    """Casts rays against the finished model to put eyes and anchors exactly on its surfaces."""

    def __init__(self, scene: _Scene):
        from vtour.geometry.raycast import ModelRaycaster

        self.caster = ModelRaycaster.from_triangles(np.concatenate(scene.triangles))

    def cast(self, origin, direction, reach: float = 500.0):
        hit = self.caster.cast(_to_world(origin), _to_world(direction), reach)
        if hit is None:
            raise RuntimeError(f"no surface from {origin} towards {direction}")
        return hit

    def viewpoint(self, name: str, x: float, z: float) -> Viewpoint:
        """The eye 1.6 m above the surface under local (x, z), looked for from above the site."""
        hit = self.cast((x, 40.0, z), (0.0, -1.0, 0.0), 200.0)
        point = hit.point + np.array([0.0, EYE, 0.0])
        return Viewpoint(name, tuple(round(float(c), 4) for c in point))

    def anchor(self, name: str, origin, direction) -> Anchor:
        hit = self.cast(origin, direction)
        return Anchor(name, tuple(round(float(c), 4) for c in hit.point),
                      tuple(round(float(c), 5) for c in hit.normal))


def _cliff_edge_spot(terrain: _Terrain, z: float) -> float:
    """x of a point about 2.5 m inside the eroded east cliff edge at ``z`` (close enough to see
    the riverbed below over the edge)."""
    west, east = _edges([z])
    xs = np.linspace(float(east[0]) - 14.0, float(east[0]), 113)
    zs = np.full_like(xs, z)
    s = terrain.eroded(xs, zs, terrain.signed_distance(xs, zs))
    return float(xs[s >= 2.5].max())


def _place(scene: _Scene, terrain: _Terrain, courts: list[_Rect], river: np.ndarray) -> tuple[list, list]:
    placer = _Placer(scene)
    gx, gz = _grove_centre()
    cliff_z = 30.0
    cliff_x = _cliff_edge_spot(terrain, cliff_z)
    viewpoints = [placer.viewpoint("south-gate", AV_X, Z_RESIDENTIAL[1] - 8.0),
                  placer.viewpoint("avenue", AV_X, 80.0),
                  placer.viewpoint("great-monastery", AV_X + 5.0, MONASTERY[3] - 14.0),
                  placer.viewpoint("stupa-grove", gx, gz + 15.0),
                  placer.viewpoint("cliff-edge", cliff_x, cliff_z)]
    av_z = _avenue_wall_z(placer)
    court = _anchor_court(courts)
    west, east = _edges([cliff_z])
    anchors = [placer.anchor("avenue-wall", (AV_X, STREET + 2.5, av_z), (1.0, 0.0, 0.0)),
               placer.anchor("monastery-stupa", (AV_X, STREET + 3.6, MONASTERY[3] - 14.0), (0.0, 0.0, -1.0)),
               placer.anchor("central-stupa", (gx, 2.2, gz + 15.0), (0.0, 0.0, -1.0)),
               placer.anchor("carved-dwelling", ((court.x0 + court.x1) / 2, STREET + 1.6, (court.z0 + court.z1) / 2),
                             (0.0, 0.0, -1.0)),
               placer.anchor("cliff", (float(east[0]) + 30.0, -14.0, cliff_z), (-1.0, 0.0, 0.0)),
               placer.anchor("river", (river[0], RIVERBED + 3.0, river[1]), (0.0, -1.0, 0.0))]
    return viewpoints, anchors


def _avenue_wall_z(placer: _Placer) -> float:
    """A z near mid-avenue where the east wall of the avenue stands (not a lane opening)."""
    for z in np.arange(70.0, 200.0, 1.5):
        hit = placer.caster.cast(_to_world((AV_X, STREET + 2.5, z)), _to_world((1.0, 0.0, 0.0)), AV_HALF + 1.0)
        if hit is not None:
            return float(z)
    raise RuntimeError("no avenue wall found")


def _anchor_court(courts: list[_Rect]) -> _Rect:
    """The roomiest open courtyard near the avenue's middle."""
    def score(c: _Rect) -> float:
        return min(c.x1 - c.x0, c.z1 - c.z0) - 0.05 * abs((c.z0 + c.z1) / 2 - 60.0)
    return max(courts, key=score)


def _river_spot() -> np.ndarray:
    """A riverbed point in the east channel, clear of the stream."""
    z = 40.0
    _, east = _edges([z])
    x = float(east[0]) + CLIFF + 6.0
    return np.array([x, z])


# -- the site ----------------------------------------------------------------------------------------


def build(seed: int = 2014, detail: float = 1.0, progress: Progress | None = None) -> Site:
    """The Jiaohe ruins as a :class:`Site`: ``detail`` scales texture resolution and mesh density
    (1.0: 1024-pixel textures, about 90k triangles); the layout, viewpoints and anchors depend on
    ``seed`` only."""
    report = progress or (lambda fraction, text: None)
    seeds = np.random.default_rng(seed).integers(0, 2 ** 63, 8)
    rngs = [np.random.default_rng(int(s)) for s in seeds]  # one stream per part: parts stay independent
    builder = ModelBuilder("jiaohe")
    scene = _Scene(builder)
    report(0.0, "textures")
    _materials(builder, rngs[0], detail)
    report(0.3, "city plan")
    city = _plan_city(rngs[1])
    terrain = _Terrain(rngs[2], city.sunken)
    report(0.35, "terrain")
    terrain.build(scene, detail, city.extra_rows)
    report(0.6, "city")
    courts = _build_city(scene, rngs[3], rngs[4], city)
    report(0.75, "stupas and river")
    _build_grove(scene, rngs[5], detail)
    _build_ruins(scene, rngs[5], terrain)
    streams = _streams(rngs[6])
    _build_streams(scene, streams)
    river = _river_spot()
    _build_trees(scene, rngs[7], terrain, streams, detail, river)
    report(0.9, "viewpoints")
    viewpoints, anchors = _place(scene, terrain, courts, river)
    log.info("Jiaohe: %d triangles", builder.triangle_count)
    report(1.0, "done")
    return Site(builder, viewpoints, anchors, _home(), north_offset=0.0)


def _build_city(scene: _Scene, rng: np.random.Generator, monastery_rng: np.random.Generator,
                city: _City) -> list[_Rect]:
    """Blocks, avenue ends and the Great Monastery; returns the open courtyards."""
    courts: list[_Rect] = []
    for parcel in city.parcels:
        _build_parcel(scene, rng, parcel, courts)
    _build_avenue_ends(scene, rng)
    _build_monastery(scene, monastery_rng)
    return courts


def _home() -> dict:
    """The orbit view of the whole islet, from the south-east and above."""
    centre_z = (Z_NORTH + Z_SOUTH) / 2
    target = _to_world((float(_centre(centre_z)), -12.0, centre_z))
    return {"yaw": -40.0, "pitch": -35.0, "distance": 760.0, "target": [round(float(c), 3) for c in target]}

"""A procedural central-pillar cave in the manner of the Kizil Thousand-Buddha Caves (near Kucha).

An illustration for the bundled demo tour, not a survey of any particular cave: a front terrace
under a short stretch of sandstone cliff (the antechamber collapsed to a few wall stubs and
rubble), a doorway into a barrel-vaulted main chamber, and at its back the central pillar with an
empty statue niche, ringed by low vaulted ambulatory corridors so a visitor can walk round it.
Murals come from :mod:`murals`.

Frame: metres, +Y up, floor at y = 0, the cave axis along Z with the entrance to the south (+Z)
and the pillar to the north (-Z), +X east. Every cave surface faces the open space (single-sided:
the viewer culls back faces, so an orbit camera outside sees in like a dollhouse); the cliff and
terrace face outwards.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import murals
from .meshkit import Anchor, Material, ModelBuilder, Site, Viewpoint, box, face_normals, vertex_normals

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]

# -- dimensions (metres) -----------------------------------------------------------------------------
HALF_WIDTH = 2.2  # main chamber and the corridors' outer walls at x = +-2.2
PILLAR_HALF = 1.2  # the pillar spans x in [-1.2, 1.2]
FRONT_Z = 4.5  # inner face of the front wall
CLIFF_Z = 5.3  # outer face of the front wall = the cliff face around the door
TERRACE_Z = 7.5  # edge of the terrace in front of the cave
PILLAR_FRONT_Z = -0.5
PILLAR_BACK_Z = -3.5
REAR_Z = -4.7  # outer wall of the rear corridor
SPRING = 2.9  # springing line of the main vault
RISE = 1.5  # the vault's rise (a half-ellipse, apex at 4.4)
CORRIDOR_SPRING = 2.0
SIDE_RADIUS = (HALF_WIDTH - PILLAR_HALF) / 2  # side corridors: semicircular vaults
REAR_RADIUS = (PILLAR_BACK_Z - REAR_Z) / 2
DOOR_HALF, DOOR_TOP = 0.7, 2.3
NICHE_HALF, NICHE_SILL, NICHE_SPRING, NICHE_DEPTH = 0.6, 0.9, 2.0, 0.5
CLIFF_HALF = 6.0
EYE = 1.6
STEPS = 14  # progress reports of a build
PANELS_ANCHOR = murals.PANELS_PER_REGISTER + 1  # lower register, second panel from the entrance

Y = np.array([0.0, 1.0, 0.0])


@dataclass(frozen=True)
class Profile:
    """A polyline ``y(a)`` across a wall or vault, ``a`` increasing; evaluated by linear
    interpolation so the walls that meet a vault follow exactly its chords."""

    a: np.ndarray
    y: np.ndarray

    def __call__(self, a: np.ndarray) -> np.ndarray:
        return np.interp(a, self.a, self.y)


# == geometry helpers ==================================================================================


def _grid_faces(rows: int, columns: int) -> np.ndarray:
    """Two triangles per cell of a row-major ``rows x columns`` vertex grid."""
    index = np.arange(rows * columns).reshape(rows, columns)
    a, b, c, d = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    return np.concatenate([np.stack([a, b, d], -1).reshape(-1, 3), np.stack([a, d, c], -1).reshape(-1, 3)])


def _orient(positions: np.ndarray, faces: np.ndarray, facing: np.ndarray) -> np.ndarray:
    """``faces`` with each triangle's winding turned to agree with ``facing`` (per-vertex normals),
    so the front side is the one that faces the open space whatever order the grid was built in."""
    geometric = face_normals(positions, faces)
    wanted = facing[faces].sum(axis=1)
    flip = np.einsum("ij,ij->i", geometric, wanted) < 0
    faces = faces.copy()
    faces[flip] = faces[flip][:, ::-1]
    return faces


def _drop_degenerate(positions: np.ndarray, faces: np.ndarray) -> np.ndarray:
    a, b, c = (positions[faces[:, i]] for i in range(3))
    return faces[np.linalg.norm(np.cross(b - a, c - a), axis=1) > 1e-9]


def _ellipse_profile(centre: float, half: float, spring: float, rise: float, count: int) -> tuple[np.ndarray, ...]:
    """Points of a half-ellipse vault section spaced evenly along the arc (so an unrolled texture is
    not stretched): ``(a, y, inward normal (n, 2), arc length s)``."""
    t = np.linspace(math.pi, 0.0, 4001)
    dense = np.stack([centre + half * np.cos(t), spring + rise * np.sin(t)], -1)
    length = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(dense, axis=0), axis=1))])
    s = np.linspace(0.0, length[-1], count + 1)
    theta = np.interp(s, length, t)
    a, y = centre + half * np.cos(theta), spring + rise * np.sin(theta)
    a[0], a[-1], y[0], y[-1] = centre - half, centre + half, spring, spring
    normal = -np.stack([np.cos(theta) / half, np.sin(theta) / rise], -1)
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    return a, y, normal, s


@dataclass(frozen=True)
class Section:
    """A vault's cross-section: points ``(a, y)``, inward normals and arc length."""

    a: np.ndarray
    y: np.ndarray
    normal: np.ndarray
    s: np.ndarray

    @classmethod
    def ellipse(cls, centre: float, half: float, spring: float, rise: float, count: int) -> Section:
        return cls(*_ellipse_profile(centre, half, spring, rise, count))

    @property
    def profile(self) -> Profile:
        return Profile(self.a, self.y)

    @property
    def length(self) -> float:
        return float(self.s[-1])


def _sweep(builder: ModelBuilder, material: str, section: Section, t0: float, t1: float, axis: str,
           rows: int = 4) -> None:
    """Extrude a vault section from ``t0`` to ``t1`` along ``axis`` ('z': section across x; 'x':
    section across z), smooth-shaded, UVs unrolled: ``u`` along the arc, ``v`` along the axis from
    ``t0`` (image top) to ``t1``."""
    shape = (rows + 1, len(section.a))
    tt = np.broadcast_to(np.linspace(t0, t1, rows + 1)[:, None], shape)
    a, y = np.broadcast_to(section.a, shape), np.broadcast_to(section.y, shape)
    na, ny = np.broadcast_to(section.normal[:, 0], shape), np.broadcast_to(section.normal[:, 1], shape)
    if axis == "z":
        positions = np.stack([a, y, tt], -1)
        normals = np.stack([na, ny, np.zeros_like(na)], -1)
    else:
        positions = np.stack([tt, y, a], -1)
        normals = np.stack([np.zeros_like(na), ny, na], -1)
    u = np.broadcast_to(section.s / section.length, a.shape)
    v = (tt - t0) / (t1 - t0)
    positions, normals = positions.reshape(-1, 3), normals.reshape(-1, 3)
    faces = _orient(positions, _grid_faces(rows + 1, len(section.a)), normals)
    builder.add(material, positions, faces, uvs=np.stack([u, v], -1).reshape(-1, 2), normals=normals)


@dataclass(frozen=True)
class Wall:
    """A vertical plane facing ``normal`` (horizontal unit vector) through ``origin``. Points are
    ``origin + s * U + y * Y`` with ``U = Y x normal`` (to the right of a viewer facing the wall);
    UVs map ``s in [s0, s1]``, ``y in [y0, y1]`` onto the whole image (top row at ``y1``)."""

    origin: tuple[float, float, float]
    normal: tuple[float, float, float]
    s0: float
    s1: float
    y0: float
    y1: float

    def point(self, s: np.ndarray, y: np.ndarray) -> np.ndarray:
        u_axis = np.cross(Y, self.normal)
        return np.asarray(self.origin) + s[:, None] * u_axis + y[:, None] * Y

    def uv(self, s: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.stack([(s - self.s0) / (self.s1 - self.s0), (self.y1 - y) / (self.y1 - self.y0)], -1)

    def image_point(self, s: float, y: float) -> tuple[float, float]:
        """Where wall coordinates ``(s, y)`` lie on the wall's image, in metres from its top-left."""
        return s - self.s0, self.y1 - y

    def add(self, builder: ModelBuilder, material: str, s: np.ndarray, low, high) -> None:
        """A strip of the wall between the profiles ``low(s)`` and ``high(s)`` (callables or numbers)
        over the sorted samples ``s``, flat-shaded."""
        s = np.asarray(s, float)
        ylo = np.broadcast_to(low(s) if callable(low) else low, s.shape).astype(float)
        yhi = np.broadcast_to(high(s) if callable(high) else high, s.shape).astype(float)
        ss, yy = np.concatenate([s, s]), np.concatenate([ylo, yhi])
        n = len(s)
        i = np.arange(n - 1)
        # counter-clockwise in (s, y), which is counter-clockwise seen from the front (U x Y = normal)
        faces = np.concatenate([np.stack([i, i + 1, n + i + 1], -1), np.stack([i, n + i + 1, n + i], -1)])
        positions = self.point(ss, yy)
        faces = _drop_degenerate(positions, faces)
        builder.add(material, positions, faces, uvs=self.uv(ss, yy))


def _samples(lo: float, hi: float, *profiles: Profile, count: int = 2) -> np.ndarray:
    """Sorted sample positions in ``[lo, hi]``: the ends, ``count`` even steps and every vertex of the
    given profiles inside the range (so strips follow the profiles' chords exactly)."""
    parts = [np.linspace(lo, hi, count + 1)]
    for profile in profiles:
        parts.append(profile.a[(profile.a > lo) & (profile.a < hi)])
    return np.unique(np.concatenate(parts))


def _mirror(profile: Profile) -> Profile:
    """``profile`` read with ``a`` negated (for walls whose ``s`` runs along -x or -z)."""
    return Profile(-profile.a[::-1], profile.y[::-1])


def _rotated_box(center, size, yaw: float, tilt: float) -> tuple[np.ndarray, np.ndarray]:
    """A box (faces outwards) turned by ``yaw`` about Y and ``tilt`` about X: a fallen block."""
    size = np.asarray(size, float)
    positions, faces = box(-size / 2, size / 2)
    cy, sy, ct, st = math.cos(yaw), math.sin(yaw), math.cos(tilt), math.sin(tilt)
    tilt_m = np.array([[1, 0, 0], [0, ct, -st], [0, st, ct]])
    yaw_m = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    return positions @ (yaw_m @ tilt_m).T + np.asarray(center, float), faces


# == the cave ===========================================================================================


@dataclass
class Sections:
    """The cave's vault sections, shared by the vaults and the walls that close them."""

    main: Section
    left: Section
    right: Section
    rear: Section
    niche: Section


def _sections(detail: float) -> Sections:
    main_count = 4 * max(3, round(16 * detail))
    small = 2 * max(3, round(8 * detail))
    left_c, right_c = -(PILLAR_HALF + SIDE_RADIUS), PILLAR_HALF + SIDE_RADIUS
    rear_c = (PILLAR_BACK_Z + REAR_Z) / 2
    return Sections(
        main=Section.ellipse(0.0, HALF_WIDTH, SPRING, RISE, main_count),
        left=Section.ellipse(left_c, SIDE_RADIUS, CORRIDOR_SPRING, SIDE_RADIUS, small),
        right=Section.ellipse(right_c, SIDE_RADIUS, CORRIDOR_SPRING, SIDE_RADIUS, small),
        rear=Section.ellipse(rear_c, REAR_RADIUS, CORRIDOR_SPRING, REAR_RADIUS, small),
        niche=Section.ellipse(0.0, NICHE_HALF, NICHE_SPRING, NICHE_HALF, small),
    )


class CaveBuilder:
    """Builds the cave into a :class:`ModelBuilder`: each painted surface gets its own material
    whose texture covers exactly that surface (uniform scale, no tiling seams)."""

    def __init__(self, seed: int, detail: float, progress: Progress | None):
        self.rng = np.random.default_rng(seed)
        self.detail = detail
        self.ppm = 340.0 * detail  # mural texels per metre in the main chamber
        self.builder = ModelBuilder("kizil-central-pillar-cave")
        self.sections = _sections(detail)
        self._progress = progress
        self._steps = 0

    def step(self, text: str) -> None:
        """Report progress after each of the :data:`STEPS` stages (texture painting dominates)."""
        self._steps += 1
        log.debug("kizil: %s", text)
        if self._progress is not None:
            self._progress(min(self._steps / STEPS, 1.0), text)

    def mural(self, name: str, image, roughness: float = 0.82) -> str:
        """Register a mural material. Fairly low roughness so the key light gives the dim interior
        some sheen of the polished plaster."""
        return self.builder.material(Material(name, image=image, roughness=roughness, jpeg_quality=84))

    # -- main chamber ---------------------------------------------------------------------------------

    def main_vault(self) -> None:
        section = self.sections.main
        image = murals.vault(section.length, FRONT_Z - PILLAR_FRONT_Z, self.ppm, self.rng)
        _sweep(self.builder, self.mural("vault-lozenges", image), section, FRONT_Z, PILLAR_FRONT_Z, "z")
        self.step("lozenge vault")

    def side_walls(self) -> None:
        for side, sign in (("left", -1.0), ("right", 1.0)):
            wall = self.side_wall(sign)
            image = murals.side_wall(wall.s1 - wall.s0, SPRING, self.ppm, self.rng, cut_outs=0 if sign < 0 else 2)
            wall.add(self.builder, self.mural(f"{side}-wall-murals", image), np.array([wall.s0, wall.s1]), 0.0,
                     SPRING)
            self.step(f"{side} wall")

    @staticmethod
    def side_wall(sign: float) -> Wall:
        """The main chamber's side wall at ``x = sign * HALF_WIDTH`` (left: sign -1)."""
        origin, normal = (sign * HALF_WIDTH, 0.0, 0.0), (-sign, 0.0, 0.0)
        # U = Y x normal: the left wall runs s = -z (from the entrance to the pillar), the right s = z
        if sign < 0:
            return Wall(origin, normal, -FRONT_Z, -PILLAR_FRONT_Z, 0.0, SPRING)
        return Wall(origin, normal, PILLAR_FRONT_Z, FRONT_Z, 0.0, SPRING)

    def back_wall(self) -> None:
        """The main chamber's back wall: the pillar's front face with its niche, and the arches of the
        two side corridors."""
        main, left, right, niche = (self.sections.main.profile, self.sections.left.profile,
                                    self.sections.right.profile, self.sections.niche.profile)
        apex = SPRING + RISE
        wall = Wall((0.0, 0.0, PILLAR_FRONT_Z), (0.0, 0.0, 1.0), -HALF_WIDTH, HALF_WIDTH, 0.0, apex)
        holes = [self._outline(wall, left, -HALF_WIDTH, -PILLAR_HALF, 0.0),
                 self._outline(wall, right, PILLAR_HALF, HALF_WIDTH, 0.0),
                 self._outline(wall, niche, -NICHE_HALF, NICHE_HALF, NICHE_SILL, closed=True)]
        image = murals.end_wall(2 * HALF_WIDTH, apex, RISE, self.ppm * 0.85, self.rng, holes, front=False)
        material = self.mural("pillar-front-murals", image)
        b = self.builder
        wall.add(b, material, _samples(-HALF_WIDTH, -PILLAR_HALF, main, left), left, main)
        wall.add(b, material, _samples(-PILLAR_HALF, -NICHE_HALF, main), 0.0, main)
        wall.add(b, material, _samples(-NICHE_HALF, NICHE_HALF), 0.0, NICHE_SILL)
        wall.add(b, material, _samples(-NICHE_HALF, NICHE_HALF, main, niche), niche, main)
        wall.add(b, material, _samples(NICHE_HALF, PILLAR_HALF, main), 0.0, main)
        wall.add(b, material, _samples(PILLAR_HALF, HALF_WIDTH, main, right), right, main)
        self.step("pillar front")

    @staticmethod
    def _outline(wall: Wall, top: Profile, lo: float, hi: float, bottom: float, closed: bool = False
                 ) -> list[tuple[float, float]]:
        """A hole's outline in image metres: up one side, along the ``top`` profile, down the other."""
        a = top.a[(top.a >= lo - 1e-9) & (top.a <= hi + 1e-9)]
        points = [(lo, bottom)] + list(zip(a, top(a))) + [(hi, bottom)]
        if closed:
            points.append((lo, bottom))
        return [wall.image_point(s, y) for s, y in points]

    def front_wall(self) -> None:
        """The front wall (seen from inside, facing north) with the doorway."""
        main = _mirror(self.sections.main.profile)
        apex = SPRING + RISE
        wall = Wall((0.0, 0.0, FRONT_Z), (0.0, 0.0, -1.0), -HALF_WIDTH, HALF_WIDTH, 0.0, apex)
        door = Profile(np.array([-DOOR_HALF, DOOR_HALF]), np.array([DOOR_TOP, DOOR_TOP]))
        holes = [self._outline(wall, door, -DOOR_HALF, DOOR_HALF, 0.0)]
        image = murals.end_wall(2 * HALF_WIDTH, apex, RISE, self.ppm * 0.85, self.rng, holes, front=True)
        material = self.mural("front-wall-murals", image)
        b = self.builder
        wall.add(b, material, _samples(-HALF_WIDTH, -DOOR_HALF, main), 0.0, main)
        wall.add(b, material, _samples(-DOOR_HALF, DOOR_HALF, main), DOOR_TOP, main)
        wall.add(b, material, _samples(DOOR_HALF, HALF_WIDTH, main), 0.0, main)
        self.step("front wall")

    def niche(self) -> None:
        """The statue niche in the pillar's front: painted back, 'thousand Buddhas' reveal, a low
        pedestal where the statue stood."""
        section = self.sections.niche
        back_z = PILLAR_FRONT_Z - NICHE_DEPTH
        height = NICHE_SPRING + NICHE_HALF - NICHE_SILL
        wall = Wall((0.0, 0.0, back_z), (0.0, 0.0, 1.0), -NICHE_HALF, NICHE_HALF, NICHE_SILL, NICHE_SILL + height)
        image = murals.niche_back(2 * NICHE_HALF, height, self.ppm, self.rng)
        wall.add(self.builder, self.mural("niche-back", image), _samples(-NICHE_HALF, NICHE_HALF, section.profile),
                 NICHE_SILL, section.profile)
        self._niche_reveal(section, back_z)
        floor = np.array([[-NICHE_HALF, NICHE_SILL, back_z], [NICHE_HALF, NICHE_SILL, back_z],
                          [NICHE_HALF, NICHE_SILL, PILLAR_FRONT_Z], [-NICHE_HALF, NICHE_SILL, PILLAR_FRONT_Z]])
        self.builder.add(self.plaster, floor, [[0, 3, 2], [0, 2, 1]], metres_per_repeat=1.0)
        positions, faces = box((-0.34, NICHE_SILL, back_z + 0.04), (0.34, NICHE_SILL + 0.14, back_z + 0.36))
        self.builder.add(self.plaster, positions, faces, metres_per_repeat=1.0)
        self.step("niche")

    def _niche_reveal(self, section: Section, back_z: float) -> None:
        """The niche's sides and arch as one swept strip (u along the outline, v through the depth)."""
        side = NICHE_SPRING - NICHE_SILL
        a = np.concatenate([[-NICHE_HALF], section.a, [NICHE_HALF]])
        y = np.concatenate([[NICHE_SILL], section.y, [NICHE_SILL]])
        normal = np.concatenate([[[1.0, 0.0]], section.normal, [[-1.0, 0.0]]])
        s = np.concatenate([[0.0], side + section.s, [2 * side + section.length]])
        strip = Section(a, y, normal, s)
        image = murals.niche_reveal(strip.length, NICHE_DEPTH, self.ppm, self.rng)
        _sweep(self.builder, self.mural("niche-reveal", image), strip, PILLAR_FRONT_Z, back_z, "z", rows=1)

    # -- ambulatory ----------------------------------------------------------------------------------------

    def corridors(self) -> None:
        """The side corridors past the pillar and the rear corridor behind it."""
        s = self.sections
        length = PILLAR_FRONT_Z - REAR_Z
        cppm = self.ppm * 0.9
        for name, section in (("left", s.left), ("right", s.right)):
            image = murals.corridor_vault(section.length, length, cppm, self.rng)
            _sweep(self.builder, self.mural(f"{name}-corridor-vault", image), section, PILLAR_FRONT_Z, REAR_Z, "z")
        image = murals.corridor_vault(s.rear.length, 2 * PILLAR_HALF, cppm, self.rng)
        _sweep(self.builder, self.mural("rear-corridor-vault", image), s.rear, -PILLAR_HALF, PILLAR_HALF, "x")
        self.step("corridor vaults")
        self._corridor_walls(cppm)
        self._rear_wall(cppm)
        self._lunettes(cppm)

    def _corridor_walls(self, ppm: float) -> None:
        """Outer walls (standing Buddhas) and the pillar's sides and back (donors)."""
        h = CORRIDOR_SPRING
        walls = {
            "left-corridor-outer": Wall((-HALF_WIDTH, 0, 0), (1, 0, 0), -PILLAR_FRONT_Z, -REAR_Z, 0, h),
            "right-corridor-outer": Wall((HALF_WIDTH, 0, 0), (-1, 0, 0), REAR_Z, PILLAR_FRONT_Z, 0, h),
            "pillar-left": Wall((-PILLAR_HALF, 0, 0), (-1, 0, 0), PILLAR_BACK_Z, PILLAR_FRONT_Z, 0, h),
            "pillar-right": Wall((PILLAR_HALF, 0, 0), (1, 0, 0), -PILLAR_FRONT_Z, -PILLAR_BACK_Z, 0, h),
            "pillar-back": Wall((0, 0, PILLAR_BACK_Z), (0, 0, -1), -PILLAR_HALF, PILLAR_HALF, 0, h),
        }
        for name, wall in walls.items():
            image = murals.corridor_wall(wall.s1 - wall.s0, h, ppm, self.rng, donors=name.startswith("pillar"))
            wall.add(self.builder, self.mural(name, image), np.array([wall.s0, wall.s1]), 0.0, h)
        self.step("corridor walls")

    def _rear_wall(self, ppm: float) -> None:
        """The rear corridor's outer wall with the parinirvana, closing the side vaults' ends."""
        s = self.sections
        top = CORRIDOR_SPRING + SIDE_RADIUS  # the side vaults' apex
        wall = Wall((0.0, 0.0, REAR_Z), (0.0, 0.0, 1.0), -HALF_WIDTH, HALF_WIDTH, 0.0, top)
        image = murals.parinirvana(2 * HALF_WIDTH, top, ppm, self.rng, top - CORRIDOR_SPRING)
        material = self.mural("parinirvana", image)
        wall.add(self.builder, material, _samples(-HALF_WIDTH, -PILLAR_HALF, s.left.profile), 0.0, s.left.profile)
        wall.add(self.builder, material, _samples(-PILLAR_HALF, PILLAR_HALF), 0.0, CORRIDOR_SPRING)
        wall.add(self.builder, material, _samples(PILLAR_HALF, HALF_WIDTH, s.right.profile), 0.0, s.right.profile)
        self.step("parinirvana")

    def _lunettes(self, ppm: float) -> None:
        """The half-moons closing the rear vault's ends, where it meets the side vaults."""
        rear = self.sections.rear.profile
        image = murals.lunette(2 * REAR_RADIUS, REAR_RADIUS, ppm, self.rng)
        material = self.mural("lunettes", image)
        for sign in (-1.0, 1.0):
            # facing the middle of the rear corridor: at x = +1.2 it faces -x and s runs along +z
            profile = rear if sign > 0 else _mirror(rear)
            wall = Wall((sign * PILLAR_HALF, 0.0, 0.0), (-sign, 0.0, 0.0), profile.a[0], profile.a[-1],
                        CORRIDOR_SPRING, CORRIDOR_SPRING + REAR_RADIUS)
            wall.add(self.builder, material, profile.a, CORRIDOR_SPRING, profile)

    # -- floors, doorway, outside -------------------------------------------------------------------------

    def materials(self) -> None:
        """The tileable materials: packed earth, bare plaster, cliff sandstone."""
        size = max(128, min(1024, 2 ** round(math.log2(max(1.0, 1024 * self.detail)))))
        b = self.builder
        self.earth = b.material(Material("packed-earth", image=murals.earth_floor(size, self.rng), roughness=0.95))
        self.plaster = b.material(Material("plaster", image=murals.plaster(size // 2, self.rng), roughness=0.9))
        self.rock = b.material(Material("sandstone", image=murals.sandstone(size, self.rng), roughness=0.95))
        self.step("earth and rock")

    def floors(self) -> None:
        """The cave floor (around the pillar), the doorway's floor and the terrace."""
        rects = [(-HALF_WIDTH, HALF_WIDTH, PILLAR_FRONT_Z, FRONT_Z),
                 (-HALF_WIDTH, -PILLAR_HALF, REAR_Z, PILLAR_FRONT_Z),
                 (PILLAR_HALF, HALF_WIDTH, REAR_Z, PILLAR_FRONT_Z),
                 (-PILLAR_HALF, PILLAR_HALF, REAR_Z, PILLAR_BACK_Z),
                 (-DOOR_HALF, DOOR_HALF, FRONT_Z, CLIFF_Z)]
        for x0, x1, z0, z1 in rects:
            self._floor(self.earth, x0, x1, z0, z1)
        self._floor(self.earth, -CLIFF_HALF, CLIFF_HALF, CLIFF_Z, TERRACE_Z, repeat=2.5)

    def _floor(self, material: str, x0: float, x1: float, z0: float, z1: float, repeat: float = 2.0) -> None:
        positions = np.array([[x0, 0.0, z0], [x1, 0.0, z0], [x1, 0.0, z1], [x0, 0.0, z1]])
        self.builder.add(material, positions, [[0, 3, 2], [0, 2, 1]], metres_per_repeat=repeat)

    def doorway(self) -> None:
        """The passage through the front wall: jambs and lintel, bare plaster."""
        b = self.builder
        for sign in (-1.0, 1.0):
            x = sign * DOOR_HALF
            positions = np.array([[x, 0, FRONT_Z], [x, 0, CLIFF_Z], [x, DOOR_TOP, CLIFF_Z],
                                  [x, DOOR_TOP, FRONT_Z]])
            faces = np.array([[0, 1, 2], [0, 2, 3]])
            facing = np.tile([-sign, 0.0, 0.0], (4, 1))
            b.add(self.plaster, positions, _orient(positions, faces, facing))
        positions = np.array([[-DOOR_HALF, DOOR_TOP, FRONT_Z], [DOOR_HALF, DOOR_TOP, FRONT_Z],
                              [DOOR_HALF, DOOR_TOP, CLIFF_Z], [-DOOR_HALF, DOOR_TOP, CLIFF_Z]])
        faces = _orient(positions, np.array([[0, 1, 2], [0, 2, 3]]), np.tile([0.0, -1.0, 0.0], (4, 1)))
        b.add(self.plaster, positions, faces)
        self.step("doorway")

    def cliff(self) -> None:
        """The cliff face around the door (rough, flat near the door where it was dressed) and the
        drop below the terrace's edge."""
        waves = _Waves(self.rng, 14)
        step = 0.09 / max(self.detail, 0.25)
        xs = np.unique(np.concatenate([np.linspace(-CLIFF_HALF, CLIFF_HALF, round(2 * CLIFF_HALF / step) + 1),
                                       [-DOOR_HALF, DOOR_HALF]]))
        # the cliff is cut off low over the door (a dollhouse section) and rises to either side
        top = 3.3 + 0.22 * np.abs(xs) + 0.25 * waves(xs * 0.7, np.full_like(xs, 9.0))
        low_rows = np.linspace(0.0, DOOR_TOP, max(3, round(DOOR_TOP / step)) + 1)
        high_rows = np.linspace(0.0, 1.0, max(3, round(1.6 / step)) + 1)[1:]
        y = np.concatenate([np.broadcast_to(low_rows[:, None], (len(low_rows), len(xs))),
                            DOOR_TOP + high_rows[:, None] * (top - DOOR_TOP)[None, :]])
        x = np.broadcast_to(xs, y.shape)
        dx = np.clip(np.abs(x) - DOOR_HALF, 0, None)
        dy = np.clip(y - DOOR_TOP, 0, None)
        dressed = _smoothstep(0.55, 1.5, np.hypot(dx, dy))
        z = CLIFF_Z + dressed * 0.22 * np.maximum(0.15, 1.2 + waves(x, y))
        self._rock_grid(np.stack([x, y, z], -1), (0.0, 0.0, 1.0),
                        hole=lambda cx, cy: (np.abs(cx) < DOOR_HALF) & (cy < DOOR_TOP))
        self._ledge(waves, step)
        self.step("cliff")

    def _ledge(self, waves: _Waves, step: float) -> None:
        xs = np.linspace(-CLIFF_HALF, CLIFF_HALF, round(2 * CLIFF_HALF / step) + 1)
        ys = np.linspace(-2.4, 0.0, max(3, round(2.4 / step)) + 1)
        x, y = np.meshgrid(xs, ys)
        z = TERRACE_Z - _smoothstep(0.0, 0.4, -y) * 0.25 * (1.2 + waves(x + 20.0, y))
        self._rock_grid(np.stack([x, y, z], -1), (0.0, 0.0, 1.0))

    def _rock_grid(self, points: np.ndarray, facing, hole=None) -> None:
        """A displaced rock surface from a ``rows x columns x 3`` grid, smooth-shaded, facing roughly
        ``facing``; cells whose centre ``hole(x, y)`` marks are left out."""
        rows, columns = points.shape[:2]
        positions = points.reshape(-1, 3)
        faces = _grid_faces(rows, columns)
        normals = vertex_normals(positions, _orient(positions, faces, np.tile(facing, (len(positions), 1))))
        faces = _orient(positions, faces, np.tile(facing, (len(positions), 1)))
        if hole is not None:
            centre = positions[faces].mean(axis=1)
            faces = faces[~hole(centre[:, 0], centre[:, 1])]
        self.builder.add(self.rock, positions, faces, normals=normals, metres_per_repeat=3.0)

    def antechamber(self) -> None:
        """What is left of the antechamber: stubs of its side walls and fallen blocks on the terrace."""
        rng = self.rng
        for sign in (-1.0, 1.0):
            z = CLIFF_Z - 0.3
            for k in range(4):
                length = rng.uniform(0.45, 0.65)
                height = max(0.4, 3.0 - 0.75 * k + rng.uniform(-0.3, 0.3))
                inner = sign * (2.35 + rng.uniform(-0.05, 0.05))
                low = (min(inner, inner + sign * 0.55), 0.0, z)
                high = (max(inner, inner + sign * 0.55), height, z + length)
                self.builder.add_box(self.rock, low, high, metres_per_repeat=3.0)
                z += length
            for _ in range(5):
                size = rng.uniform(0.2, 0.55, 3)
                centre = (sign * rng.uniform(1.3, 3.4), size[1] * 0.35, rng.uniform(5.8, 7.2))
                positions, faces = _rotated_box(centre, size, rng.uniform(0, math.pi), rng.uniform(-0.3, 0.3))
                self.builder.add(self.rock, positions, faces, metres_per_repeat=3.0)
        self.step("antechamber")


class _Waves:
    """Smooth deterministic 2D noise: a sum of random plane waves (evaluable at any point, so the
    cliff's displacement does not depend on its mesh resolution)."""

    def __init__(self, rng: np.random.Generator, count: int):
        self.k = rng.uniform(0.6, 6.0, count)
        angle = rng.uniform(0, math.pi, count)
        self.dx, self.dy = np.cos(angle), np.sin(angle)
        self.phase = rng.uniform(0, 2 * math.pi, count)
        self.amplitude = 1.0 / self.k
        self.amplitude /= self.amplitude.sum()

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        x, y = np.asarray(x, float)[..., None], np.asarray(y, float)[..., None]
        return (self.amplitude * np.sin(self.k * (x * self.dx + y * self.dy) + self.phase)).sum(-1) * 2.0


def _smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3 - 2 * t)




# == the site =============================================================================================


def build(seed: int = 2014, detail: float = 1.0, progress: Progress | None = None) -> Site:
    """Build the cave. ``detail`` scales texture resolution and subdivision (1.0: the shipped demo;
    0.25: quick tests). Deterministic: the same seed and detail give byte-identical output."""
    cave = CaveBuilder(seed, detail, progress)
    cave.materials()
    cave.main_vault()
    cave.side_walls()
    cave.back_wall()
    cave.front_wall()
    cave.niche()
    cave.corridors()
    cave.floors()
    cave.doorway()
    cave.cliff()
    cave.antechamber()
    cave.step("done")
    log.info("kizil cave: %d triangles, %d materials", cave.builder.triangle_count, len(cave.builder.materials))
    return Site(cave.builder, viewpoints(), anchors(cave.sections), home(), north_offset=0.0)


def viewpoints() -> list[Viewpoint]:
    """Panorama positions at eye height: inside the door, the chamber's centre, behind the pillar."""
    return [
        Viewpoint("entrance", (0.0, EYE, FRONT_Z - 0.7)),
        Viewpoint("main-chamber", (0.0, EYE, (FRONT_Z + PILLAR_FRONT_Z) / 2)),
        Viewpoint("rear-corridor", (0.0, EYE, (PILLAR_BACK_Z + REAR_Z) / 2)),
    ]


def anchors(sections: Sections) -> list[Anchor]:
    """Hotspot anchors on the surfaces, normals into the open space."""
    main = sections.main
    k = len(main.a) // 4  # a vertex of the vault's section (a quarter of the way up the left flank)
    ceiling = (float(main.a[k]), float(main.y[k]), (FRONT_Z + PILLAR_FRONT_Z) / 2 + 0.5)
    ceiling_normal = (float(main.normal[k, 0]), float(main.normal[k, 1]), 0.0)
    panel = murals.register_panels(FRONT_Z - PILLAR_FRONT_Z)[PANELS_ANCHOR]
    wall = CaveBuilder.side_wall(-1.0)
    s, y = wall.s0 + (panel[0] + panel[2]) / 2, SPRING - (panel[1] + panel[3]) / 2
    return [
        Anchor("niche", (0.0, 1.55, PILLAR_FRONT_Z - NICHE_DEPTH), (0.0, 0.0, 1.0)),
        Anchor("lozenge-ceiling", ceiling, ceiling_normal),
        Anchor("left-wall-panel", (-HALF_WIDTH, y, -s), (1.0, 0.0, 0.0)),
        Anchor("parinirvana", (0.0, 1.1, REAR_Z), (0.0, 0.0, 1.0)),
        Anchor("cliff-face", (DOOR_HALF + 0.45, 1.5, CLIFF_Z), (0.0, 0.0, 1.0)),
    ]


def home() -> dict:
    """The dollhouse view: from above the terrace, looking down into the cave over the cliff."""
    return {"yaw": 20.0, "pitch": -58.0, "distance": 18.0, "target": [0.0, 0.5, 1.4]}

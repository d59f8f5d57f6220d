"""The procedural Kizil cave of the demo tour (tools/demo/kizil.py): deterministic, within budget,
and a place a visitor can stand in: viewpoints in open space, anchors on the surfaces, walls facing
the open space, and a clear walk round the central pillar."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from vtour.geometry.raycast import ModelRaycaster
from vtour.io.gltf import load_gltf

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tools.demo import kizil  # noqa: E402

DETAIL = 0.25
VIEWPOINT_IDS = {"entrance", "main-chamber", "rear-corridor"}
ANCHOR_IDS = {"niche", "lozenge-ceiling", "left-wall-panel", "parinirvana", "cliff-face"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One quick build, written and loaded back: (site, path, asset, raycaster, seconds)."""
    start = time.perf_counter()
    site = kizil.build(detail=DETAIL)
    seconds = time.perf_counter() - start
    path = tmp_path_factory.mktemp("kizil") / "kizil.glb"
    site.builder.write(path)
    asset = load_gltf(path)
    return site, path, asset, ModelRaycaster(asset), seconds


def _winding_normal(asset, hit) -> np.ndarray:
    """The stored triangle's front-face normal (from its vertex order), which back-face culling uses."""
    geometry = asset.primitives[hit.primitive].geometry
    a, b, c = geometry.positions[geometry.indices[3 * hit.triangle: 3 * hit.triangle + 3]].astype(float)
    normal = np.cross(b - a, c - a)
    return normal / np.linalg.norm(normal)


def _directions(count: int) -> np.ndarray:
    """Evenly spread unit vectors (a Fibonacci sphere)."""
    k = np.arange(count) + 0.5
    y = 1 - 2 * k / count
    r = np.sqrt(1 - y * y)
    phi = k * math.pi * (3 - math.sqrt(5))
    return np.stack([r * np.cos(phi), y, r * np.sin(phi)], -1)


def test_quick_build_is_fast_and_within_budget(built):
    site, path, asset, caster, seconds = built
    assert seconds < 10.0
    assert 0 < site.builder.triangle_count < 80_000
    assert caster.triangle_count == site.builder.triangle_count
    for material in site.builder.materials.values():
        if material.image is not None:
            assert max(material.image.size) <= 2048
            assert not material.double_sided, "single-sided: the orbit camera sees in like a dollhouse"
    assert path.stat().st_size < 12_000_000


def test_same_seed_writes_identical_bytes(built, tmp_path):
    _, path, _, _, _ = built
    again = tmp_path / "again.glb"
    kizil.build(detail=DETAIL).builder.write(again)
    assert again.read_bytes() == path.read_bytes()


def test_other_seed_paints_other_murals(built, tmp_path):
    _, path, _, _, _ = built
    other = tmp_path / "other.glb"
    kizil.build(seed=7, detail=DETAIL).builder.write(other)
    assert other.read_bytes() != path.read_bytes()


def test_progress_is_reported_rising_to_one():
    reports: list[tuple[float, str]] = []
    kizil.build(detail=0.1, progress=lambda fraction, text: reports.append((fraction, text)))
    fractions = [fraction for fraction, _ in reports]
    assert len(reports) >= 5
    assert fractions == sorted(fractions) and 0 < fractions[0] and fractions[-1] <= 1.0


def test_site_metadata(built):
    site = built[0]
    assert {v.id for v in site.viewpoints} == VIEWPOINT_IDS
    assert {a.id for a in site.anchors} == ANCHOR_IDS
    assert site.north_offset == 0.0
    assert set(site.home) == {"yaw", "pitch", "distance", "target"}
    assert site.home["pitch"] < -30, "the dollhouse view looks down into the cave"
    assert abs(site.home["yaw"]) < 45, "from the entrance side (yaw 0 looks north, into the cave)"
    for anchor in site.anchors:
        assert np.linalg.norm(anchor.normal) == pytest.approx(1.0)


@pytest.mark.parametrize("viewpoint_id", sorted(VIEWPOINT_IDS))
def test_viewpoint_stands_in_open_space(built, viewpoint_id):
    site, _, _, caster, _ = built
    eye = np.array(next(v.position for v in site.viewpoints if v.id == viewpoint_id))
    floor = caster.cast(eye, (0.0, -1.0, 0.0))
    assert floor is not None and 1.4 <= floor.distance <= 1.8, "eye height above the floor"
    for angle in np.radians(np.arange(0, 360, 45)):
        direction = (math.sin(angle), 0.0, -math.cos(angle))
        hit = caster.cast(eye, direction, 0.4)
        assert hit is None, f"a wall within 0.4 m towards {np.round(direction, 2)}"


@pytest.mark.parametrize("anchor_id", sorted(ANCHOR_IDS))
def test_anchor_lies_on_a_front_facing_surface(built, anchor_id):
    site, _, asset, caster, _ = built
    anchor = next(a for a in site.anchors if a.id == anchor_id)
    position, normal = np.array(anchor.position), np.array(anchor.normal)
    hit = caster.cast(position + 0.3 * normal, -normal, 1.0)
    assert hit is not None
    assert np.linalg.norm(hit.point - position) < 0.05
    assert _winding_normal(asset, hit) @ normal > 0.9, "the surface faces the way the anchor's normal points"


def test_ceiling_anchor_looks_down_and_cliff_anchor_out(built):
    anchors = {a.id: a for a in built[0].anchors}
    assert anchors["lozenge-ceiling"].normal[1] < -0.5
    assert anchors["lozenge-ceiling"].position[1] > kizil.SPRING
    assert anchors["cliff-face"].normal[2] > 0.9
    assert anchors["cliff-face"].position[2] >= kizil.CLIFF_Z - 1e-9


@pytest.mark.parametrize("viewpoint_id", sorted(VIEWPOINT_IDS))
def test_cave_surfaces_face_the_visitor(built, viewpoint_id):
    """Every surface seen from a viewpoint inside the cave shows its front face (single-sided walls
    would otherwise vanish); hits outside the cliff line are outside this check."""
    site, _, asset, caster, _ = built
    eye = np.array(next(v.position for v in site.viewpoints if v.id == viewpoint_id))
    checked = 0
    for direction in _directions(300):
        hit = caster.cast(eye, direction)
        if hit is None or hit.point[2] > kizil.CLIFF_Z - 0.01:
            continue
        checked += 1
        assert _winding_normal(asset, hit) @ direction < 0, f"back face hit at {np.round(hit.point, 2)}"
    assert checked > 200


def test_visitor_can_walk_round_the_pillar(built):
    """Circumambulation: from the main chamber down the left corridor, behind the pillar and back up
    the right corridor, no wall between successive waypoints at eye or knee height."""
    caster = built[3]
    left, right = -(kizil.PILLAR_HALF + kizil.SIDE_RADIUS), kizil.PILLAR_HALF + kizil.SIDE_RADIUS
    rear = (kizil.PILLAR_BACK_Z + kizil.REAR_Z) / 2
    route = [(0.0, 2.0), (left, 0.3), (left, -2.0), (left, rear), (0.0, rear), (right, rear), (right, -2.0),
             (right, 0.3), (0.0, 2.0)]
    for height in (kizil.EYE, 0.5):
        points = [np.array([x, height, z]) for x, z in route]
        for a, b in zip(points, points[1:]):
            assert caster.visible(a, b), f"blocked between {a} and {b}"
    hit = caster.cast((0.9, kizil.EYE, 2.0), (0.0, 0.0, -1.0))
    assert hit is not None and hit.point[2] == pytest.approx(kizil.PILLAR_FRONT_Z), "the pillar blocks the middle"

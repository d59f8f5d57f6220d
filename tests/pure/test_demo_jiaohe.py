"""The procedural Jiaohe demo site (tools/demo/jiaohe.py): deterministic, within its budget, and
its viewpoints and hotspot anchors sit where a tour needs them (checked by casting rays against the
written .glb, as the viewer would load it)."""

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
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.demo import jiaohe  # noqa: E402  (tools/ is a plain folder, not an installed package)

DETAIL = 0.25
VIEWPOINTS = {"south-gate", "avenue", "great-monastery", "stupa-grove", "cliff-edge"}
ANCHORS = {"avenue-wall", "monastery-stupa", "central-stupa", "carved-dwelling", "cliff", "river"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build at the test detail, written once: (site, path, seconds to build)."""
    start = time.perf_counter()
    site = jiaohe.build(detail=DETAIL)
    seconds = time.perf_counter() - start
    path = tmp_path_factory.mktemp("jiaohe") / "jiaohe.glb"
    site.builder.write(path)
    return site, path, seconds


@pytest.fixture(scope="module")
def caster(built) -> ModelRaycaster:
    return ModelRaycaster(load_gltf(built[1]))


def horizontal(angle_deg: float) -> np.ndarray:
    a = math.radians(angle_deg)
    return np.array([math.sin(a), 0.0, -math.cos(a)])


def test_same_seed_and_detail_write_identical_bytes(built, tmp_path):
    again = tmp_path / "again.glb"
    jiaohe.build(detail=DETAIL).builder.write(again)
    assert again.read_bytes() == built[1].read_bytes()


def test_another_seed_gives_another_city(built, tmp_path):
    other = tmp_path / "other.glb"
    jiaohe.build(seed=7, detail=DETAIL).builder.write(other)
    assert other.read_bytes() != built[1].read_bytes()


def test_builds_quickly_and_within_budget(built):
    site, path, seconds = built
    assert seconds < 10.0
    assert 10_000 < site.builder.triangle_count < 60_000
    assert path.stat().st_size < 6_000_000
    for material in site.builder.materials.values():
        assert material.image is not None and max(material.image.size) <= 2048
        assert not material.double_sided
        assert 0.5 <= material.roughness <= 1.0


def test_progress_is_reported_in_order():
    seen = []
    jiaohe.build(detail=0.1, progress=lambda fraction, text: seen.append((fraction, text)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(isinstance(text, str) and text for _, text in seen)


def test_no_sky_dome_and_terrace_near_zero(caster):
    low, high = caster.bounds
    assert high[1] < 20.0  # stupas and walls only; the sky is the environment map's
    assert -35.0 < low[1] < -29.0  # the riverbeds about 30 m below the terrace
    assert high[0] - low[0] > 600 and high[2] - low[2] > 900


def test_the_grove_has_101_stupas():
    spots = jiaohe.stupa_layout(np.random.default_rng(0))
    assert len(spots) == 101
    centre, small = np.array(spots[0]), np.array(spots[1:])
    quadrants = {(bool(x > centre[0]), bool(z > centre[1])) for x, z in small}
    assert len(quadrants) == 4
    for east in (False, True):
        for south in (False, True):
            group = small[((small[:, 0] > centre[0]) == east) & ((small[:, 1] > centre[1]) == south)]
            assert len(group) == 25


def test_viewpoints_stand_in_the_open_at_eye_height(built, caster):
    site = built[0]
    assert {v.id for v in site.viewpoints} == VIEWPOINTS
    for viewpoint in site.viewpoints:
        eye = np.array(viewpoint.position)
        floor = caster.cast(eye, (0.0, -1.0, 0.0), 10.0)
        assert floor is not None, viewpoint.id
        assert 1.4 <= floor.distance <= 1.8, (viewpoint.id, floor.distance)
        assert floor.normal[1] > 0.9, viewpoint.id  # standing on level ground
        for angle in range(0, 360, 30):
            for drop in (0.0, 1.0):  # eye and knee height
                hit = caster.cast(eye - (0.0, drop, 0.0), horizontal(angle), 0.3)
                assert hit is None, (viewpoint.id, angle, drop)
        assert caster.cast(eye, (0.0, 1.0, 0.0), 100.0) is None, viewpoint.id  # open sky above


def test_viewpoints_are_where_their_names_say(built):
    site = built[0]
    eyes = {v.id: np.array(v.position) for v in site.viewpoints}
    north = np.array(jiaohe._to_world((0.0, 0.0, -1.0)))  # along the islet, towards its north tip
    along = {name: float(eye @ north) for name, eye in eyes.items()}
    assert along["stupa-grove"] > along["great-monastery"] > along["avenue"] > along["south-gate"]
    street = jiaohe.STREET + jiaohe.EYE
    for name in ("south-gate", "avenue", "great-monastery"):  # down in the carved city
        assert eyes[name][1] == pytest.approx(street, abs=0.2), name
    for name in ("stupa-grove", "cliff-edge"):  # on the original ground
        assert eyes[name][1] == pytest.approx(jiaohe.EYE, abs=0.5), name


def test_anchors_lie_on_the_surface_facing_outwards(built, caster):
    site = built[0]
    assert {a.id for a in site.anchors} == ANCHORS
    for anchor in site.anchors:
        point, normal = np.array(anchor.position), np.array(anchor.normal)
        assert np.linalg.norm(normal) == pytest.approx(1.0, abs=1e-3), anchor.id
        hit = caster.cast(point + 0.5 * normal, -normal, 1.0)
        assert hit is not None, anchor.id
        assert np.linalg.norm(hit.point - point) < 0.05, anchor.id
        assert hit.normal @ normal > 0.9, anchor.id
        assert caster.cast(point + 0.05 * normal, normal, 3.0) is None, anchor.id  # open space in front


def test_anchor_surfaces(built):
    anchors = {a.id: a for a in built[0].anchors}
    assert anchors["river"].normal[1] > 0.95
    assert anchors["river"].position[1] < jiaohe.RIVERBED + 1.0
    assert -29.0 < anchors["cliff"].position[1] < -2.0 and abs(anchors["cliff"].normal[1]) < 0.7
    for name in ("avenue-wall", "carved-dwelling", "monastery-stupa", "central-stupa"):
        assert abs(anchors[name].normal[1]) < 0.5, name  # walls, not floors
    for name in ("avenue-wall", "carved-dwelling", "monastery-stupa"):
        assert jiaohe.STREET < anchors[name].position[1] < 6.0, name


def test_home_shows_the_islet_from_the_south_east(built):
    site = built[0]
    home = site.home
    assert set(home) == {"yaw", "pitch", "distance", "target"}
    assert site.north_offset == 0.0
    assert -150 <= home["yaw"] <= -30 and -50 <= home["pitch"] <= -20
    yaw, pitch = math.radians(home["yaw"]), math.radians(home["pitch"])
    direction = np.array([math.cos(pitch) * math.sin(yaw), math.sin(pitch), -math.cos(pitch) * math.cos(yaw)])
    eye = np.array(home["target"]) - home["distance"] * direction
    assert eye[0] > 0 and eye[2] > 0 and eye[1] > 200  # south-east of the site, well above it

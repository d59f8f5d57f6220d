"""Ray casting against models: exact hits on a box, misses, picking through the orbit camera, speed."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import trimesh

from vtour.geometry.orbit import OrbitCamera
from vtour.geometry.raycast import Hit, ModelRaycaster, pixel_ray, project_points

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "gltf"
BOX = FIXTURES / "Box" / "glTF-Binary" / "Box.glb"
HELMET = FIXTURES / "DamagedHelmet" / "glTF-Binary" / "DamagedHelmet.glb"


def box_caster(extents=(2.0, 2.0, 2.0), leaf_size=4) -> ModelRaycaster:
    box = trimesh.creation.box(extents=extents)
    return ModelRaycaster.from_triangles(box.triangles, leaf_size=leaf_size)


def test_ray_hits_the_front_face_at_the_right_point_and_normal():
    hit = box_caster().cast([0.3, 0.2, 5.0], [0.0, 0.0, -2.0])  # any direction length
    assert isinstance(hit, Hit)
    np.testing.assert_allclose(hit.point, [0.3, 0.2, 1.0], atol=1e-6)
    np.testing.assert_allclose(hit.normal, [0.0, 0.0, 1.0], atol=1e-9)
    assert hit.distance == pytest.approx(4.0)


@pytest.mark.parametrize("origin, direction, point, normal", [
    ([5, 0.1, 0.2], [-1, 0, 0], [1, 0.1, 0.2], [1, 0, 0]),
    ([-0.4, -6, 0.3], [0, 1, 0], [-0.4, -1, 0.3], [0, -1, 0]),
    ([0.2, 0.3, 0.0], [0, 0, 1], [0.2, 0.3, 1.0], [0, 0, -1]),  # from inside: the normal faces the origin
])
def test_other_faces_and_normal_faces_the_ray_origin(origin, direction, point, normal):
    hit = box_caster().cast(origin, direction)
    np.testing.assert_allclose(hit.point, point, atol=1e-6)
    np.testing.assert_allclose(hit.normal, normal, atol=1e-9)


def test_oblique_ray_and_exact_distance():
    origin = np.array([3.0, 2.5, 4.0])
    target = np.array([0.25, 1.0, -0.5])  # on the +Y face
    hit = box_caster().cast(origin, target - origin)
    np.testing.assert_allclose(hit.point, target, atol=1e-6)
    np.testing.assert_allclose(hit.normal, [0, 1, 0], atol=1e-9)
    assert hit.distance == pytest.approx(np.linalg.norm(target - origin))


def test_misses_return_none():
    caster = box_caster()
    assert caster.cast([0, 0, 5], [0, 0, 1]) is None  # pointing away
    assert caster.cast([3, 3, 5], [0, 0, -1]) is None  # beside the box
    assert caster.cast([0, 0, 5], [0, 0, -1], max_distance=3.9) is None  # stops short
    assert ModelRaycaster.from_triangles(np.zeros((0, 3, 3))).cast([0, 0, 0], [1, 0, 0]) is None
    with pytest.raises(ValueError):
        caster.cast([0, 0, 5], [0, 0, 0])


def test_visible():
    caster = box_caster()
    assert caster.visible([0, 0, 5], [0, 0, 1.0])  # the anchor on the front face itself
    assert not caster.visible([0, 0, 5], [0, 0, -1.0])  # the back face, through the box


def test_agrees_with_brute_force_on_a_triangle_soup():
    rng = np.random.default_rng(7)
    centres = rng.uniform(-1, 1, (3000, 1, 3))
    triangles = centres + rng.normal(0, 0.08, (3000, 3, 3))
    fast = ModelRaycaster.from_triangles(triangles, leaf_size=16)
    brute = ModelRaycaster.from_triangles(triangles, leaf_size=10 ** 6)  # one leaf: every triangle tested
    hits = 0
    for _ in range(200):
        origin = rng.normal(0, 3, 3)
        direction = rng.uniform(-1, 1, 3) * 0.3 - origin
        a, b = fast.cast(origin, direction), brute.cast(origin, direction)
        assert (a is None) == (b is None)
        if a is not None:
            hits += 1
            assert a.distance == pytest.approx(b.distance, rel=1e-9)
    assert hits > 50


def test_asset_primitive_and_triangle_indices():
    from vtour.io.gltf import load_gltf

    asset = load_gltf(BOX)
    caster = ModelRaycaster(asset)
    hit = caster.cast([0.1, 0.1, 5.0], [0, 0, -1])
    assert hit.primitive == 0
    primitive = asset.primitives[0]
    corners = primitive.geometry.positions[primitive.geometry.indices[3 * hit.triangle: 3 * hit.triangle + 3]]
    world = corners.astype(float) @ primitive.world_matrix[:3, :3].T + primitive.world_matrix[:3, 3]
    normal = np.cross(world[1] - world[0], world[2] - world[0])
    assert abs(normal / np.linalg.norm(normal) @ hit.normal) == pytest.approx(1.0)


def test_pick_at_the_image_centre_of_a_framed_box_is_the_front_face():
    from vtour.io.gltf import load_gltf

    asset = load_gltf(BOX)  # a unit cube at the origin (after its node's rotation)
    caster = ModelRaycaster(asset)
    width, height = 320, 240
    camera = OrbitCamera(yaw=0, pitch=0).frame_bounds(asset.bounds, aspect=width / height)  # looks along -Z
    hit = caster.pick(camera, width / 2, height / 2, width, height)
    np.testing.assert_allclose(hit.point, [0.0, 0.0, 0.5], atol=1e-6)
    np.testing.assert_allclose(hit.normal, [0.0, 0.0, 1.0], atol=1e-6)
    assert caster.pick(camera, 2, 2, width, height) is None  # a corner of the image shows the background


def test_pick_and_project_round_trip():
    from vtour.io.gltf import load_gltf

    asset = load_gltf(BOX)
    caster = ModelRaycaster(asset)
    width, height = 200, 150
    camera = OrbitCamera(yaw=-30, pitch=-20).frame_bounds(asset.bounds, aspect=width / height)
    matrices = camera.matrices(width, height, caster.bounds)
    rng = np.random.default_rng(1)
    hits = 0
    for x, y in rng.uniform((0, 0), (width, height), (100, 2)):
        hit = caster.pick(camera, x, y, width, height)
        origin, direction = pixel_ray(matrices, x, y, width, height)
        if hit is None:
            continue
        hits += 1
        pixels, _, in_front = project_points(matrices, hit.point, width, height)
        assert in_front[0]
        np.testing.assert_allclose(pixels[0], [x, y], atol=1e-6)
        assert hit.normal @ direction < 0  # faces the camera
    assert hits > 20


def grid_triangles(n: int) -> np.ndarray:
    """A wavy heightfield of ``2 (n-1)^2`` triangles over [-1, 1]^2."""
    x, z = np.meshgrid(np.linspace(-1, 1, n), np.linspace(-1, 1, n))
    y = 0.1 * np.sin(5 * x) * np.cos(4 * z)
    vertices = np.c_[x.ravel(), y.ravel(), z.ravel()]
    i = np.arange(n * n).reshape(n, n)
    a, b, c, d = i[:-1, :-1].ravel(), i[:-1, 1:].ravel(), i[1:, 1:].ravel(), i[1:, :-1].ravel()
    return vertices[np.r_[np.c_[a, d, c], np.c_[a, c, b]]]


def _time_picks(caster, camera, width=1280, height=720, count=100) -> tuple[float, int]:
    rng = np.random.default_rng(0)
    start, hits = time.perf_counter(), 0
    for x, y in rng.uniform((0, 0), (width, height), (count, 2)):
        hits += caster.pick(camera, x, y, width, height) is not None
    return (time.perf_counter() - start) / count, hits


def test_timing_damaged_helmet():
    from vtour.io.gltf import load_gltf

    asset = load_gltf(HELMET)
    start = time.perf_counter()
    caster = ModelRaycaster(asset)
    build = time.perf_counter() - start
    camera = OrbitCamera(yaw=0, pitch=0).frame_bounds(asset.bounds, aspect=16 / 9)
    per_pick, hits = _time_picks(caster, camera)
    print(f"DamagedHelmet {caster.triangle_count} triangles: build {build * 1000:.0f} ms, "
          f"pick {per_pick * 1000:.2f} ms ({hits} hits of 100)")
    assert caster.triangle_count == asset.triangle_count
    assert hits > 10 and per_pick < 0.05


def test_timing_one_million_triangles():
    triangles = grid_triangles(708)
    assert len(triangles) > 999_000
    start = time.perf_counter()
    caster = ModelRaycaster.from_triangles(triangles)
    build = time.perf_counter() - start
    camera = OrbitCamera(yaw=-30, pitch=-40).frame_bounds(caster.bounds, aspect=16 / 9)
    per_pick, hits = _time_picks(caster, camera)
    print(f"grid {caster.triangle_count} triangles: build {build:.2f} s, pick {per_pick * 1000:.2f} ms "
          f"({hits} hits of 100)")
    assert hits > 10
    assert build < 15.0 and per_pick < 0.1  # measured ~1.5 s and ~2 ms on 2 shared cores

"""3D hotspot markers over models: depth-tested occlusion (a marker behind a wall), placement at
the projected anchor, facing, MSAA, and ``vtour render`` with and without ``--no-hotspots``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import trimesh
from PIL import Image

from vtour.geometry.orbit import OrbitCamera
from vtour.model.tour import Hotspot
from vtour.render.hotspots import HotspotStyle
from vtour.render.mesh_hotspots import FADED_OPACITY, MeshHotspotRenderer

pytestmark = pytest.mark.gl
SIZE = (240, 180)
INFO_FILL = np.array([0.10, 0.38, 0.70]) * 255  # the info marker's face colour (shaders/hotspot_marker.glsl)
NO_SHADOW = HotspotStyle(shadow=False)
ANCHOR = (0.0, 0.6, -1.5)  # the top of a pedestal behind a wall


def wall_scene(tmp_path) -> Path:
    """A wall (x -1.5..1.5, y 0..2, z -0.05..0.05) in front of a pedestal whose top (y 0.6) holds the anchor."""
    wall = trimesh.creation.box(extents=(3.0, 2.0, 0.1))
    wall.apply_translation((0.0, 1.0, 0.0))
    pedestal = trimesh.creation.box(extents=(0.6, 0.6, 0.6))
    pedestal.apply_translation((0.0, 0.3, -1.5))
    path = tmp_path / "wall.glb"
    trimesh.Scene([wall, pedestal]).export(path)
    return path


def render(asset, hotspots, camera, samples=4, style=NO_SHADOW):
    """(pixels with markers, pixels without, the markers placed)."""
    from vtour.render.mesh_renderer import MeshRenderer
    from vtour.render.offscreen import Framebuffer

    width, height = SIZE
    renderer, marks = MeshRenderer(samples=samples), MeshHotspotRenderer(style)
    try:
        renderer.set_model(asset)
        with Framebuffer(width, height) as framebuffer:
            renderer.render_frame(camera, width, height, framebuffer.id)
            plain = framebuffer.read_rgba()[..., :3].astype(float)
            renderer.render_frame(camera, width, height, framebuffer.id, overlay=marks.overlay(hotspots))
            marked = framebuffer.read_rgba()[..., :3].astype(float)
        return marked, plain, marks.last_placed
    finally:
        marks.release()
        renderer.release()


def disc_pixel(placed, dx=-0.6):
    """A pixel on the marker's coloured face beside the glyph (``dx`` radii from the centre)."""
    from vtour.geometry.picking import MARKER_RADIUS_DIP

    return int(placed.y), int(placed.x + dx * MARKER_RADIUS_DIP)


@pytest.mark.parametrize("samples", [1, 4])
def test_marker_behind_a_wall_is_faded_and_visible_from_around_it(tmp_path, samples):
    from vtour.io.gltf import load_gltf

    asset = load_gltf(wall_scene(tmp_path))
    spot = Hotspot("statue", "info", position=ANCHOR, normal=(0.0, 1.0, 0.0))
    # In front of the wall, a little above the anchor: the normal faces the camera, the wall hides it.
    front = OrbitCamera(target=ANCHOR, yaw=0.0, pitch=-5.0, distance=6.0)
    marked, plain, placed = render(asset, [spot], front, samples)
    (marker,) = placed
    assert marker.facing and marker.visible < 0.05 and marker.opacity == pytest.approx(FADED_OPACITY, abs=0.04)
    row, col = disc_pixel(marker)
    expected = FADED_OPACITY * INFO_FILL + (1 - FADED_OPACITY) * plain[row, col]
    np.testing.assert_allclose(marked[row, col], expected, atol=6)
    # The marker's whole footprint is at most a quarter as strong as a visible one.
    changed = np.abs(marked - plain).sum(-1)
    assert changed.max() < 0.3 * 3 * 255

    # Around the wall (from behind it and above): fully visible, at full strength.
    around = OrbitCamera(target=ANCHOR, yaw=180.0, pitch=-30.0, distance=4.0)
    marked, plain, placed = render(asset, [spot], around, samples)
    (marker,) = placed
    assert marker.facing and marker.visible > 0.95 and marker.opacity == pytest.approx(1.0, abs=0.04)
    row, col = disc_pixel(marker)
    np.testing.assert_allclose(marked[row, col], INFO_FILL, atol=3)


def test_occlusion_is_depth_tested_not_back_face(tmp_path):
    """The anchor faces the camera in both views; only the wall in between makes the difference,
    and a marker beside the wall (not behind it) stays visible in the same frame."""
    from vtour.io.gltf import load_gltf

    asset = load_gltf(wall_scene(tmp_path))
    hidden = Hotspot("hidden", "info", position=ANCHOR, normal=(0.0, 1.0, 0.0))
    on_wall = Hotspot("on-wall", "scene", position=(0.8, 1.5, 0.05), normal=(0.0, 0.0, 1.0), target_scene="x")
    front = OrbitCamera(target=ANCHOR, yaw=0.0, pitch=-5.0, distance=6.0)
    _, _, placed = render(asset, [hidden, on_wall], front)
    by_id = {m.hotspot.id: m for m in placed}
    assert by_id["hidden"].facing and by_id["hidden"].visible < 0.05
    assert by_id["on-wall"].facing and by_id["on-wall"].visible > 0.95


def test_marker_facing_away_is_faded(tmp_path):
    from vtour.io.gltf import load_gltf

    asset = load_gltf(wall_scene(tmp_path))
    # The wall's back face seen from the front through nothing: use the pedestal's far side.
    back = Hotspot("back", "info", position=(0.0, 0.3, -1.8), normal=(0.0, 0.0, -1.0))
    camera = OrbitCamera(target=(0.0, 0.3, -1.5), yaw=0.0, pitch=-60.0, distance=2.0)  # above, in front
    _, _, placed = render(asset, [back], camera)
    (marker,) = placed
    assert not marker.facing and marker.opacity == pytest.approx(FADED_OPACITY)


@pytest.mark.parametrize("yaw, pitch", [(-30.0, -20.0), (20.0, 25.0)])
def test_marker_on_a_visible_cube_face_sits_at_the_projected_anchor(yaw, pitch):
    from vtour.geometry.raycast import ModelRaycaster
    from vtour.io.gltf import load_gltf

    box = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "gltf" / "Box" / "glTF-Binary" / "Box.glb"
    asset = load_gltf(box)
    width, height = SIZE
    camera = OrbitCamera(yaw=yaw, pitch=pitch).frame_bounds(asset.bounds, aspect=width / height)
    # Authoring's way: pick a surface point, anchor the hotspot there.
    hit = ModelRaycaster(asset).pick(camera, width * 0.42, height * 0.55, width, height)
    assert hit is not None
    spot = Hotspot("a", "info", position=tuple(hit.point), normal=tuple(hit.normal))
    marked, plain, placed = render(asset, [spot], camera)
    (marker,) = placed
    assert marker.facing and marker.visible > 0.95
    assert (marker.x, marker.y) == pytest.approx((width * 0.42, height * 0.55), abs=1e-6)
    # The icon (a disc, drawn without shadow) is centred on the projected anchor within 1 px.
    mask = np.abs(marked - plain).sum(-1) > 24
    rows, cols = np.nonzero(mask)
    assert 200 < mask.sum() < 2000
    assert abs(cols.mean() + 0.5 - marker.x) < 1.0 and abs(rows.mean() + 0.5 - marker.y) < 1.0
    # Horizontal extent matches the disc's radius around the centre.
    assert abs((cols.min() + cols.max() + 1) / 2 - marker.x) < 1.0


def test_vtour_render_draws_markers_unless_no_hotspots(tmp_path):
    from vtour.cli import main

    wall_scene(tmp_path)
    tour = {"version": 1, "scenes": {"site": {
        "type": "model", "model": "wall.glb",
        "camera": {"yaw": 0, "pitch": -5, "distance": 6, "target": [0, 1.2, 0]},
        "hotspots": [{"type": "info", "position": [0.5, 1.5, 0.05], "normal": [0, 0, 1], "title": "Inscription"}]}}}
    (tmp_path / "tour.json").write_text(json.dumps(tour), encoding="utf-8")
    shots = {}
    for name, extra in (("with", []), ("without", ["--no-hotspots"])):
        out = tmp_path / f"{name}.png"
        assert main(["render", str(tmp_path / "tour.json"), "-o", str(out), "--size", "240x180", *extra]) == 0
        shots[name] = np.asarray(Image.open(out))[..., :3].astype(float)
    difference = np.abs(shots["with"] - shots["without"]).sum(-1) > 30
    assert 150 < difference.sum() < 3000  # one marker's worth of pixels

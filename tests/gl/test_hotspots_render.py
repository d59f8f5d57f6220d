"""Hotspot markers and areas drawn by the render layer agree with the geometry module."""

from __future__ import annotations

import numpy as np
import pytest

from vtour.geometry.angles import wrap_yaw
from vtour.geometry.picking import ViewGeometry, place_markers
from vtour.geometry.projections import Projection, view_to_panorama_matrix, yaw_pitch_to_pixel
from vtour.model.tour import Horizon, Hotspot, View
from vtour.render.hotspots import HotspotRenderer, HotspotState, HotspotStyle, view_geometry

WIDTH, HEIGHT = 480, 320
BACKGROUND = np.array([40, 40, 40], dtype=np.int16)


@pytest.fixture
def marks(gl_context):
    renderer = HotspotRenderer(HotspotStyle(shadow=False))
    yield renderer
    gl_context.make_current()
    renderer.release()


def _draw(marks, hotspots, view, projection=Projection.RECTILINEAR, horizon=Horizon(), state=HotspotState(),
          width=WIDTH, height=HEIGHT):
    from OpenGL import GL

    from vtour.render.offscreen import Framebuffer

    with Framebuffer(width, height) as framebuffer:
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, framebuffer.id)
        GL.glClearColor(*(BACKGROUND / 255.0), 1.0)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT)
        marks.draw(hotspots, view, width, height, projection, framebuffer.id, horizon=horizon, state=state)
        return framebuffer.read_rgba()[..., :3].astype(np.int16)


def _blobs(image, expected):
    """Centre of the marker pixels nearest each expected point (binary mask, so the glyph inside
    does not bias it)."""
    mask = np.abs(image - BACKGROUND).max(axis=-1) > 100
    ys, xs = np.nonzero(mask)
    centres = []
    for ex, ey in expected:
        near = (xs + 0.5 - ex) ** 2 + (ys + 0.5 - ey) ** 2 < 22 ** 2
        centres.append((xs[near].mean() + 0.5, ys[near].mean() + 0.5) if near.any() else (np.nan, np.nan))
    return np.array(centres)


CASES = [
    (View(0, 0, 90), Projection.RECTILINEAR),
    (View(178.5, 10, 100), Projection.RECTILINEAR),  # across the yaw seam
    (View(-150, 80, 110), Projection.RECTILINEAR),   # near the zenith
    (View(95, -80, 100), Projection.RECTILINEAR),    # near the nadir
    (View(30, 20, 150), Projection.STEREOGRAPHIC),
    (View(-179.7, -80, 250), Projection.STEREOGRAPHIC),
    (View(120, 5, 160), Projection.PANNINI),
    (View(-90, 78, 140), Projection.PANNINI),
]


def _spots_around(view: View, projection: Projection, horizon=Horizon()):
    """Hotspots at pixels spread over the view (found by inverse projection)."""
    geometry = view_geometry(view, WIDTH, HEIGHT, projection, horizon)
    xs, ys = np.meshgrid(np.linspace(60, WIDTH - 60, 4), np.linspace(50, HEIGHT - 50, 3))
    yaw, pitch = geometry.to_yaw_pitch(xs.ravel() + 0.23, ys.ravel() + 0.37)
    kinds = ("info", "scene")
    return [Hotspot(id=f"h{i}", kind=kinds[i % 2], yaw=wrap_yaw(float(y)), pitch=float(p), target_scene="x")
            for i, (y, p) in enumerate(zip(yaw, pitch))]


@pytest.mark.parametrize("view,projection", CASES)
def test_marker_centres_within_one_pixel(marks, view, projection):
    horizon = Horizon(pitch=3.0, roll=-2.0)
    spots = _spots_around(view, projection, horizon)
    matrix = view_to_panorama_matrix(view.yaw, view.pitch, view.roll, horizon.pitch, horizon.roll)
    px, py, shown = yaw_pitch_to_pixel(projection, [s.yaw for s in spots], [s.pitch for s in spots], matrix,
                                       WIDTH, HEIGHT, view.hfov)
    assert shown.all()
    found = _blobs(_draw(marks, spots, view, projection, horizon), zip(px, py))
    error = np.hypot(found[:, 0] - px, found[:, 1] - py)
    assert np.nanmax(error) <= 1.0, error
    assert not np.isnan(error).any()


def test_marker_behind_viewer_is_hidden(marks):
    view = View(0, 0, 90)
    behind = [Hotspot(id="b", kind="info", yaw=180.0, pitch=0.0), Hotspot(id="side", kind="scene", yaw=95, pitch=0)]
    image = _draw(marks, behind, view)
    assert (np.abs(image - BACKGROUND).max() == 0)


def test_hover_and_focus_change_the_marker(marks):
    spot = [Hotspot(id="a", kind="info", yaw=0.0, pitch=0.0)]
    plain = _draw(marks, spot, View(0, 0, 90))
    hovered = _draw(marks, spot, View(0, 0, 90), state=HotspotState(hovered="a"))
    focused = _draw(marks, spot, View(0, 0, 90), state=HotspotState(focused="a"))
    changed = lambda a, b: int((np.abs(a - b).max(axis=-1) > 30).sum())  # noqa: E731
    assert changed(plain, hovered) > 50
    assert changed(plain, focused) > 50


def test_info_and_scene_markers_differ(marks):
    info = _draw(marks, [Hotspot(id="a", kind="info")], View(0, 0, 90))
    link = _draw(marks, [Hotspot(id="a", kind="scene", target_scene="x")], View(0, 0, 90))
    assert np.abs(info - link).max(axis=-1).astype(bool).sum() > 200


AREA = Hotspot(id="wall", kind="area", vertices=((-20.0, -10.0), (20.0, -10.0), (20.0, 15.0), (-20.0, 15.0)))


@pytest.mark.parametrize("projection", list(Projection))
def test_area_fill_and_outline(marks, projection):
    from vtour.geometry.picking import outline_pixels

    view = View(5, 2, 100)
    image = _draw(marks, [AREA], view, projection)
    geometry = view_geometry(view, WIDTH, HEIGHT, projection)
    inside_x, inside_y, _ = geometry.to_pixels(0.0, 0.0)
    outside_x, outside_y, _ = geometry.to_pixels(40.0, 0.0)
    assert np.abs(image[int(inside_y), int(inside_x)] - BACKGROUND).max() > 10  # tinted
    assert np.abs(image[int(outside_y), int(outside_x)] - BACKGROUND).max() == 0
    # The outline's projected points (from the geometry module) are drawn bright.
    for piece in outline_pixels(AREA.vertices, geometry):
        for x, y in piece[::5]:
            if 2 <= x < WIDTH - 2 and 2 <= y < HEIGHT - 2:
                patch = image[int(y) - 1:int(y) + 2, int(x) - 1:int(x) + 2]
                assert patch.max() > 180, (x, y)


def test_area_partly_behind_draws_no_stray_lines(marks):
    """An area that wraps behind a rectilinear view: only the visible part is drawn, no lines across."""
    big = Hotspot(id="ring", kind="area", vertices=((60.0, -30.0), (150.0, -30.0), (-150.0, -30.0), (-60.0, -30.0),
                                                      (-60.0, -5.0), (-150.0, -5.0), (150.0, -5.0), (60.0, -5.0)))
    image = _draw(marks, [big], View(0, -10, 90))
    # Yaw 0 is outside the polygon (it spans 60 .. 180 .. -60): the centre column stays background.
    column = image[:, WIDTH // 2]
    assert np.abs(column - BACKGROUND).max() == 0


def test_marker_placement_matches_picking_geometry():
    geometry = ViewGeometry(view_to_panorama_matrix(10, 5), WIDTH, HEIGHT, 90.0)
    placed = place_markers([Hotspot(id="a", kind="info", yaw=10.0, pitch=5.0)], geometry)
    assert placed and abs(placed[0].x - WIDTH / 2) < 1e-9 and abs(placed[0].y - HEIGHT / 2) < 1e-9


def test_markers_draw_over_an_area_on_screen(marks):
    """The area pass limits itself with a scissor; markers drawn after it are not clipped by it."""
    view = View(0, 0, 90)
    marker = Hotspot(id="m", kind="info", yaw=30.0, pitch=0.0)
    alone = _draw(marks, [marker], view)
    with_area = _draw(marks, [AREA, marker], view)
    x, y, _ = view_geometry(view, WIDTH, HEIGHT).to_pixels(30.0, 0.0)
    assert np.array_equal(alone[int(y) - 5:int(y) + 5, int(x) - 5:int(x) + 5],
                          with_area[int(y) - 5:int(y) + 5, int(x) - 5:int(x) + 5])
    assert np.abs(alone[int(y), int(x)] - BACKGROUND).max() > 100


def test_render_command_draws_hotspots_unless_told_not_to(tmp_path):
    from PIL import Image

    from vtour.cli import main
    from vtour.resources import demo_tour_path

    common = [str(demo_tour_path()), "--yaw", "60", "--pitch", "4", "--hfov", "60", "--size", "320x200"]
    assert main(["render", *common, "-o", str(tmp_path / "with.png"), "--lang", "zh-Hans"]) == 0
    assert main(["render", *common, "-o", str(tmp_path / "without.png"), "--no-hotspots"]) == 0
    with_marks = np.asarray(Image.open(tmp_path / "with.png"), dtype=np.int16)
    without = np.asarray(Image.open(tmp_path / "without.png"), dtype=np.int16)
    changed = np.abs(with_marks - without).max(axis=-1) > 40
    ys, xs = np.nonzero(changed)
    # the demo's link at yaw 60, pitch 4 is at the centre: only the marker differs
    assert changed.sum() > 200
    assert abs(xs.mean() - 160) < 3 and abs(ys.mean() - 100) < 3

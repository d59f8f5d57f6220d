"""The GLSL projections agree with vtour.geometry.projections, both ways.

pixel -> ray: whole renders match a numpy renderer driven by ``pixel_to_camera_ray``
(PSNR >= 30 dB). ray -> pixel: markers drawn at known yaw/pitch appear where
``camera_ray_to_pixel`` puts them (within 0.5 pixel; measured <= 0.3), as hotspots will be placed.
"""

from __future__ import annotations

import numpy as np
import pytest

from gl_oracle import MARKER_COLOURS, decoded, marker_centroid, marker_panorama, numpy_reference, psnr
from vtour.geometry.angles import view_rotation, yaw_pitch_to_vector
from vtour.geometry.projections import Projection, camera_ray_to_pixel
from vtour.io.panorama import EquirectPixels
from vtour.model.tour import View

pytestmark = pytest.mark.gl

WIDTH, HEIGHT = 480, 270

CASES = [
    (Projection.RECTILINEAR, View(30, 10, 90)),
    (Projection.STEREOGRAPHIC, View(-40, -90, 270)),  # a "little planet": wider than 180 degrees
    (Projection.STEREOGRAPHIC, View(100, 20, 160)),
    (Projection.PANNINI, View(60, 5, 150)),
    (Projection.PANNINI, View(-150, -30, 200)),
]


@pytest.mark.parametrize(("projection", "view"), CASES, ids=lambda v: getattr(v, "value", None) or str(v))
def test_render_matches_numpy_projection(shared_fixtures, make_renderer, frame, projection, view):
    rgba = decoded(shared_fixtures / "panoramas/pannellum.org/bloomberg.jpg")
    renderer = make_renderer()
    renderer.set_panorama(EquirectPixels(rgba))
    rendered = frame(renderer, view, WIDTH, HEIGHT, projection)
    reference = numpy_reference(rgba, view, WIDTH, HEIGHT, projection)
    assert psnr(rendered, reference) >= 30.0


MARKERS = [(0, 0), (35, 20), (-50, -15), (120, 40), (-100, -60), (170, 5)]


def _expected_pixels(view: View, projection: Projection):
    world = yaw_pitch_to_vector(np.array(MARKERS)[:, 0], np.array(MARKERS)[:, 1])
    camera = world @ view_rotation(view.yaw, view.pitch, view.roll)  # world -> camera (transpose)
    return camera_ray_to_pixel(projection, camera, WIDTH, HEIGHT, view.hfov)


MARKER_CASES = [
    (Projection.RECTILINEAR, View(10, 5, 120)),
    (Projection.RECTILINEAR, View(80, 20, 110, roll=15)),
    (Projection.STEREOGRAPHIC, View(20, -60, 250)),
    (Projection.STEREOGRAPHIC, View(60, 0, 200)),
    (Projection.PANNINI, View(30, 0, 220)),
    (Projection.PANNINI, View(-20, 15, 140)),
]


@pytest.fixture(scope="module")
def marker_pixels():
    return EquirectPixels(marker_panorama(MARKERS))


@pytest.mark.parametrize(("projection", "view"), MARKER_CASES, ids=lambda v: getattr(v, "value", None) or str(v))
def test_markers_land_where_numpy_projects_them(make_renderer, frame, marker_pixels, projection, view):
    renderer = make_renderer(background=(0, 0, 0))
    renderer.set_panorama(marker_pixels)
    rendered = frame(renderer, view, WIDTH, HEIGHT, projection)
    xs, ys, shown = _expected_pixels(view, projection)
    checked = 0
    for colour, x, y, visible in zip(MARKER_COLOURS, xs, ys, shown):
        found = marker_centroid(rendered, colour)
        inside = visible and 6 <= x <= WIDTH - 6 and 6 <= y <= HEIGHT - 6
        if not inside:
            continue
        assert found is not None, (colour, x, y)
        assert np.hypot(found[0] - x, found[1] - y) <= 0.5, (colour, (x, y), found)
        checked += 1
    assert checked >= 2


def test_yaw_90_is_to_the_right(make_renderer, frame, marker_pixels):
    """Orientation, plainly: the marker at yaw 35 is right of centre, the one at pitch -15 below."""
    renderer = make_renderer(background=(0, 0, 0))
    renderer.set_panorama(marker_pixels)
    rendered = frame(renderer, View(0, 0, 140), WIDTH, HEIGHT)
    right = marker_centroid(rendered, MARKER_COLOURS[1])  # (35, 20)
    left_low = marker_centroid(rendered, MARKER_COLOURS[2])  # (-50, -15)
    assert right[0] > WIDTH / 2 and right[1] < HEIGHT / 2
    assert left_low[0] < WIDTH / 2 and left_low[1] > HEIGHT / 2

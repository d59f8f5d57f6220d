"""A partial panorama (haov/vaov/vOffset) shows the background where the image has no data."""

from __future__ import annotations

import numpy as np
import pytest

from vtour.geometry.angles import vector_to_yaw_pitch, view_rotation
from vtour.geometry.projections import Projection, pixel_to_camera_ray
from vtour.io.panorama import load_panorama
from vtour.model.tour import EquirectSource, View

pytestmark = pytest.mark.gl

BACKGROUND = (0.2, 0.4, 0.6)
CHARLES_STREET = dict(haov=149.87, vaov=54.15, v_offset=1.17)  # from pannellum.org's partial-panorama example


def _covered(view: View, width: int, height: int) -> np.ndarray:
    """Where the numpy math says each output pixel's centre sees the image."""
    xs, ys = np.meshgrid(np.arange(width) + 0.5, np.arange(height) + 0.5)
    rays = pixel_to_camera_ray(Projection.RECTILINEAR, xs, ys, width, height, view.hfov)
    yaw, pitch = vector_to_yaw_pitch(rays @ view_rotation(view.yaw, view.pitch).T)
    half_v = CHARLES_STREET["vaov"] / 2
    return (np.abs(yaw) <= CHARLES_STREET["haov"] / 2) & (np.abs(pitch - CHARLES_STREET["v_offset"]) <= half_v)


@pytest.mark.parametrize("view", [View(0, 0, 120), View(60, 20, 90), View(-170, 0, 100)], ids=str)
def test_background_outside_the_image(shared_fixtures, make_renderer, frame, view):
    source = EquirectSource(shared_fixtures / "panoramas/pannellum.org/charles-street.jpg", **CHARLES_STREET)
    renderer = make_renderer(background=BACKGROUND)
    renderer.set_panorama(load_panorama(source))
    rendered = frame(renderer, view, 320, 180)
    is_background = np.all(np.abs(rendered[..., :3].astype(int) - np.round(np.array(BACKGROUND) * 255)) <= 1, axis=-1)
    covered = _covered(view, 320, 180)
    # Pixels on the image's border may go either way; everywhere else the two must agree.
    agree = np.mean(is_background == ~covered)
    assert agree >= 0.99
    if covered.any():
        assert not is_background[covered].mean() > 0.02

"""A model scene's look: the environment drawn as its sky, a background colour, a sun fixed in the world."""

from __future__ import annotations

import numpy as np
import pytest

from tests.gl.test_mesh_renderer import asset_of, quad_geometry
from vtour.geometry.orbit import OrbitCamera
from vtour.model.mesh import Material
from vtour.model.tour import ModelSource, SunLight
from vtour.render.mesh_view import render_model

pytestmark = pytest.mark.gl
SIZE = 96


def split_sky(width: int = 256, height: int = 128) -> np.ndarray:
    """Blue above the horizon, green below, a red band around yaw 90 (+X) above the horizon."""
    rgb = np.zeros((height, width, 3), np.float32)
    rgb[: height // 2] = (0.1, 0.2, 1.0)
    rgb[height // 2:] = (0.1, 0.8, 0.1)
    rgb[: height // 2, width * 3 // 4 - 8: width * 3 // 4 + 8] = (1.0, 0.05, 0.05)  # yaw 90 is u = 0.75
    return rgb


def small_quad() -> object:
    return asset_of((quad_geometry(size=0.2), Material(base_color_factor=(0.8, 0.8, 0.8, 1.0), metallic_factor=0.0, roughness_factor=0.8)))


def look_from(yaw: float, pitch: float) -> OrbitCamera:
    return OrbitCamera(target=(0, 0, 0), distance=3.0, yaw=yaw, pitch=pitch, fov=60.0, near=0.1, far=100.0)


def test_the_environment_is_drawn_behind_the_model_in_the_direction_seen(gl_context):
    sky = split_sky()
    source = ModelSource(path=None, show_environment=True)
    up = render_model(small_quad(), look_from(0, 60), SIZE, SIZE, environment=sky, look=source)[..., :3].astype(int)
    down = render_model(small_quad(), look_from(0, -60), SIZE, SIZE, environment=sky, look=source)[..., :3].astype(int)
    east = render_model(small_quad(), look_from(90, 20), SIZE, SIZE, environment=sky, look=source)[..., :3].astype(int)
    corner = (slice(0, 8), slice(0, 8))
    assert up[corner].mean(axis=(0, 1))[2] > 150 and up[corner].mean(axis=(0, 1))[1] < 150  # blue sky above
    assert down[-8:, :8].mean(axis=(0, 1))[1] > 150 and down[-8:, :8].mean(axis=(0, 1))[2] < 120  # green below
    top_centre = east[2:10, SIZE // 2 - 3: SIZE // 2 + 3].mean(axis=(0, 1))
    assert top_centre[0] > 150 and top_centre[2] < 120  # the red band at yaw 90, straight ahead
    plain = render_model(small_quad(), look_from(0, 60), SIZE, SIZE, environment=sky)[..., :3].astype(int)
    assert np.abs(plain[corner] - np.array([20, 20, 20])).max() <= 3  # default: the dark grey background


def test_a_background_colour(gl_context):
    source = ModelSource(path=None, background=(1.0, 0.5, 0.0))
    pixels = render_model(small_quad(), look_from(0, 0), SIZE, SIZE, look=source)[..., :3].astype(int)
    np.testing.assert_allclose(pixels[0, 0], (255, 128, 0), atol=1)


def test_a_sun_stays_put_while_a_camera_light_follows_the_camera(gl_context):
    quad = small_quad()  # faces +Z
    sun = ModelSource(path=None, sun=SunLight(direction=(0.0, 0.0, -1.0), intensity=3.0))  # lights its back

    def centre(yaw, look):
        pixels = render_model(quad, look_from(yaw, 0), SIZE, SIZE, look=look)
        return pixels[SIZE // 2 - 2: SIZE // 2 + 2, SIZE // 2 - 2: SIZE // 2 + 2, :3].mean()

    # Yaw 0 looks along -Z, so the camera is on +Z and sees the quad's front; a camera light lights
    # what the camera sees, the sun (towards -Z) lights only the back.
    front_camera_light, front_sun = centre(0, None), centre(0, sun)
    assert front_camera_light > front_sun + 20  # the sun is behind the quad: its front is darker

"""Cube maps: Pannellum's face order and orientation, checked three ways.

1. Looking straight at each face (hfov 90, square output) shows that face image as it is.
2. A cube made by py360convert.e2c from a photo renders like the photo itself (PSNR >= 35 dB;
   measured 37.8 to 47.5 dB when written).
3. Pannellum's own reference render of its cube test pattern (mean absolute difference <= 4 of
   255 outside its UI overlays; measured 1.3).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from gl_oracle import decoded, mean_abs_diff, pannellum_overlay_mask, psnr
from vtour.io.panorama import CubePixels, EquirectPixels, load_panorama
from vtour.model.tour import CUBE_FACE_ORDER, CubeSource, View

pytestmark = pytest.mark.gl

FACE_VIEWS = {"front": (0, 0), "right": (90, 0), "back": (180, 0), "left": (-90, 0), "up": (0, 90), "down": (0, -90)}
"""(yaw, pitch) that looks straight at each face with the face's top edge at the top of the view."""


def _test_pattern(fixtures):
    folder = fixtures / "tiles" / "pannellum-multires-testpattern" / "1"
    return CubeSource(tuple(folder / f"{name[0]}00.png" for name in CUBE_FACE_ORDER))


def test_each_face_seen_straight_on_is_the_face_image(shared_fixtures, make_renderer, frame):
    pixels = load_panorama(_test_pattern(shared_fixtures))
    renderer = make_renderer()
    renderer.set_panorama(pixels)
    size = pixels.size
    for name, face in zip(CUBE_FACE_ORDER, pixels.faces):
        yaw, pitch = FACE_VIEWS[name]
        rendered = frame(renderer, View(yaw=yaw, pitch=pitch, hfov=90), size, size)
        assert psnr(rendered, face) >= 30.0, name


def test_cube_from_e2c_renders_like_the_equirect(shared_fixtures, make_renderer, frame):
    import py360convert

    photo = shared_fixtures / "panoramas" / "pannellum.org" / "alma.jpg"
    # Half size keeps e2c (pure numpy) quick; both renderers get the same image.
    rgba = np.ascontiguousarray(np.asarray(Image.fromarray(decoded(photo)).reduce(2)))
    faces = py360convert.e2c(rgba, face_w=512, mode="bilinear", cube_format="list")
    cube = make_renderer()
    cube.set_panorama(CubePixels(tuple(np.ascontiguousarray(f.astype(np.uint8)) for f in faces)))
    equirect = make_renderer()
    equirect.set_panorama(EquirectPixels(rgba))
    for view in (View(0, 0, 100), View(90, 5, 100), View(180, 0, 80), View(-90, -10, 100),
                 View(30, 89, 100), View(-120, -89, 100), View(45, 35, 120)):
        assert psnr(frame(cube, view), frame(equirect, view)) >= 35.0, view


def test_cube_matches_pannellum_reference(shared_fixtures, make_renderer, frame):
    reference = np.asarray(Image.open(shared_fixtures / "tours/pannellum/tests/cube.png").convert("RGB"))
    renderer = make_renderer()
    renderer.set_panorama(load_panorama(_test_pattern(shared_fixtures)))
    rendered = frame(renderer, View(yaw=0, pitch=0, hfov=100), 300, 200)
    mask = pannellum_overlay_mask()
    assert mean_abs_diff(rendered[mask], reference[mask]) <= 4.0

"""Images larger than the texture limit are split over array-texture tiles, never cropped.

The limit is forced down (``max_texture_size``) so a 4096x2048 photo splits into 5x3 tiles; its
renders must match the unsplit ones, including across the yaw seam, at the poles and at coarse
mip levels (PSNR >= 60 dB; measured 72 dB to identical when written: tile origins are aligned to
32 texels, so each tile's mip levels line up with the whole image's).
"""

from __future__ import annotations

import pytest

from gl_oracle import decoded, psnr
from vtour.io.panorama import EquirectPixels, load_panorama
from vtour.model.tour import EquirectSource, View

pytestmark = pytest.mark.gl

VIEWS = [View(10, 0, 100), View(180.3, 5, 70), View(-60, 85, 100), View(120, -89, 110), View(90, 20, 120)]


@pytest.mark.parametrize("size", [(640, 360), (160, 90)], ids=["near-1to1", "coarse-mips"])
def test_split_full_panorama_matches_unsplit(shared_fixtures, make_renderer, frame, size):
    pixels = EquirectPixels(decoded(shared_fixtures / "panoramas/pannellum.org/bma-0.jpg"))
    whole, split = make_renderer(), make_renderer(max_texture_size=1024)
    whole.set_panorama(pixels)
    split.set_panorama(pixels)
    assert split.max_texture_size == 1024
    for view in VIEWS:
        assert psnr(frame(split, view, *size), frame(whole, view, *size)) >= 60.0, view


def test_split_partial_panorama_matches_unsplit(shared_fixtures, make_renderer, frame):
    source = EquirectSource(shared_fixtures / "panoramas/pannellum.org/charles-street.jpg",
                            haov=149.87, vaov=54.15, v_offset=1.17)
    pixels = load_panorama(source)
    whole, split = make_renderer(), make_renderer(max_texture_size=1000)
    whole.set_panorama(pixels)
    split.set_panorama(pixels)
    for view in (View(0, 0, 120), View(-50, 10, 60)):
        assert psnr(frame(split, view), frame(whole, view)) >= 60.0, view


def test_limit_from_environment(monkeypatch, make_renderer):
    monkeypatch.setenv("VTOUR_MAX_TEXTURE_SIZE", "2048")
    assert make_renderer().max_texture_size == 2048
    monkeypatch.setenv("VTOUR_MAX_TEXTURE_SIZE", "999999")
    renderer = make_renderer()
    assert 2048 < renderer.max_texture_size < 999999  # never above the driver's

"""Deferred mipmaps: the first frame samples level 0; complete_mipmaps() gives the normal result."""

from __future__ import annotations

import numpy as np
import pytest

from vtour.io.panorama import CubePixels, EquirectPixels
from vtour.model.tour import View

from gl_oracle import psnr

pytestmark = pytest.mark.gl


def _noise_panorama(width: int = 1024, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rgba = rng.integers(0, 256, (width // 2, width, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    return rgba


ZOOMED_OUT = View(yaw=20, pitch=10, hfov=120)  # ~3 texels a pixel at 160 px wide: level 1-2


@pytest.mark.parametrize("kind", ["equirect", "cube"])
def test_deferred_mipmaps_complete_to_the_same_frame(make_renderer, frame, kind):
    if kind == "equirect":
        pixels = EquirectPixels(_noise_panorama())
    else:
        pixels = CubePixels(tuple(_noise_panorama(256, seed)[:, :128].copy() for seed in range(6)))
    eager, deferred = make_renderer(), make_renderer()
    eager.set_panorama(pixels)
    deferred.set_panorama(pixels, defer_mipmaps=True)
    assert deferred.mipmaps_pending and not eager.mipmaps_pending

    reference = frame(eager, ZOOMED_OUT, 160, 90)
    first = frame(deferred, ZOOMED_OUT, 160, 90)
    # level 0 of uniform noise, minified: aliased, visibly unlike the filtered reference
    assert psnr(first[..., :3], reference[..., :3]) < 25

    deferred.complete_mipmaps()
    assert not deferred.mipmaps_pending
    np.testing.assert_array_equal(frame(deferred, ZOOMED_OUT, 160, 90), reference)


def test_reuploading_resets_the_levels(make_renderer, frame):
    """A deferred upload into reused storage must not sample the previous image's mipmaps."""
    renderer = make_renderer()
    renderer.set_panorama(EquirectPixels(np.full((512, 1024, 4), 255, np.uint8)))
    black = np.tile(np.array([0, 0, 0, 255], np.uint8), (512, 1024, 1))
    renderer.set_panorama(EquirectPixels(black), defer_mipmaps=True)
    image = frame(renderer, ZOOMED_OUT, 160, 90)
    assert image[..., :3].max() == 0  # white mip levels of the first image never show

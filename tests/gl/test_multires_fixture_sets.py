"""The shared fixtures' real Pannellum tile sets, streamed, look as the same level does as a cube map.

The oracle is another path through vtour: the faces of one level assembled from their tiles
(vtour.io.multires.load_multires_preview with that level's edge) and drawn by the cube-map
renderer, which tests/gl/test_cube.py checks against py360convert. The streamed path shares
neither the page table, the tile array nor its shader. Views are chosen so the screen needs that
level (between a half and one texel per pixel at the centre) and cross face edges and corners:
JPEG tiles of 512 pixels with narrow last rows and columns, the test pattern's 256-pixel PNGs in
%x%y order. Both are sampled at full resolution (the oracle's mipmaps are switched off: near face
edges a view holds up to twice the centre's texels per pixel, where a mipmapped cube map turns
blurrier). Threshold 45 dB; measured when written: 53.9 to 71.4 dB (the cube map filters across
face edges, the tiles clamp to theirs). Before tiles that only graze the view were found, one run
in two scored 48.2 dB on the test pattern: a sliver of the coarser level at the view's edge.
"""

from __future__ import annotations

import math

import pytest

from gl_oracle import psnr
from vtour.io.multires import load_multires_preview, preview_level
from vtour.model.tour import MultiresSource, View

pytestmark = pytest.mark.gl

MIN_PSNR_DB = 45.0
WIDTH, HEIGHT = 640, 360

SETS = {  # name: (path pattern, extension, tileResolution, maxLevel, cubeResolution)
    "pannellum.org-library": ("/%l/%s%y_%x", "jpg", 512, 6, 8432),
    "pannellum.org-gallery": ("/%l/%s%y_%x", "jpg", 512, 5, 4384),
    "pannellum.org-6th-floor": ("/%l/%s%y_%x", "jpg", 512, 4, 3968),
    "pannellum-multires-testpattern": ("/%l/%s%x%y", "png", 256, 4, 2048),
}
VIEWS = [(45.0, 10.0), (-135.0, 40.0), (170.0, -50.0)]  # front/right edge, an up corner, down/back


def source_of(shared_fixtures, name: str) -> MultiresSource:
    path, extension, tile, levels, cube = SETS[name]
    return MultiresSource(shared_fixtures / "tiles" / name, path, extension, tile, levels, cube, "/fallback/%s")


def hfov_for_level(source: MultiresSource, level: int) -> float:
    """A view WIDTH pixels wide whose centre needs ``level``: 0.75 texels of it per screen pixel."""
    density = 0.75 * source.level_edge(level) / 2.0
    return 2.0 * math.degrees(math.atan((WIDTH / 2.0) / density))


def only_level_zero(renderer) -> None:
    """Sample the oracle's cube map at level 0 only, as the tiles are."""
    from OpenGL import GL

    GL.glBindTexture(GL.GL_TEXTURE_CUBE_MAP, renderer._adapter.texture)
    GL.glTexParameteri(GL.GL_TEXTURE_CUBE_MAP, GL.GL_TEXTURE_MAX_LEVEL, 0)


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_streamed_fixture_set_matches_its_level_as_a_cube_map(name, shared_fixtures, make_renderer, frame,
                                                               monkeypatch):
    from vtour.io.panorama import load_panorama
    from vtour.render.offscreen import Framebuffer

    source = source_of(shared_fixtures, name)
    monkeypatch.setattr("vtour.io.panorama.MULTIRES_PREVIEW_EDGE", 600)  # so the level below streams
    preview = preview_level(source, 600)
    level = preview + 1
    cube = make_renderer()
    cube.set_panorama(load_multires_preview(source, max_edge=source.level_edge(level)))
    only_level_zero(cube)
    streamed = make_renderer()
    streamed.set_panorama(load_panorama(source))
    hfov = hfov_for_level(source, level)
    for yaw, pitch in VIEWS:
        view = View(yaw=yaw, pitch=pitch, hfov=hfov)
        with Framebuffer(WIDTH, HEIGHT) as framebuffer:
            assert streamed.render_sharp(view, WIDTH, HEIGHT, framebuffer=framebuffer.fbo, timeout=60)
            tiles = framebuffer.read_rgba()
        assert streamed.stream_status.level == level and streamed.stream_status.complete
        score = psnr(tiles[..., :3], frame(cube, view)[..., :3])
        assert score >= MIN_PSNR_DB, f"{name} at yaw {yaw}, pitch {pitch}: {score:.1f} dB"

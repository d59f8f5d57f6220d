"""vtour.io.multires: tile addressing and decoding on the real Pannellum sets, the preview loader,
face coordinates, view culling against brute-force ray sampling, level choice and the tile budget."""

from __future__ import annotations

import dataclasses
import logging
import math
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.geometry.angles import equirect_uv_to_yaw_pitch, view_rotation, yaw_pitch_to_vector
from vtour.geometry.projections import Projection, pixel_to_camera_ray, view_to_panorama_matrix
from vtour.io import multires
from vtour.io.multires import (
    TileCache,
    TileError,
    TileKey,
    containing_tiles,
    decode_tile,
    direction_to_face_uv,
    direction_to_tile,
    face_uv_to_direction,
    level_for_density,
    level_tiles,
    load_multires_preview,
    preview_level,
    screen_pixels_per_radian,
    tile_file,
    tile_rect,
    visible_tiles,
    with_narrow_neighbours,
)
from vtour.io.panorama import CubePixels, load_panorama
from vtour.model.errors import ImageError
from vtour.model.tour import MultiresSource

TILES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "tiles"
needs_fixtures = pytest.mark.skipif(not TILES.is_dir(), reason=f"shared fixtures not found at {TILES}")


def library(base: Path | None = None) -> MultiresSource:
    return MultiresSource(base or TILES / "pannellum.org-library", "/%l/%s%y_%x", "jpg", 512, 6, 8432, "/fallback/%s")


def pattern_set() -> MultiresSource:
    return MultiresSource(TILES / "pannellum-multires-testpattern", "/%l/%s%x%y", "png", 256, 4, 2048, "/fallback/%s")


PHOTO_SETS = {
    "library": lambda: library(),
    "gallery": lambda: MultiresSource(TILES / "pannellum.org-gallery", "/%l/%s%y_%x", "jpg", 512, 5, 4384, "/fallback/%s"),
    "6th-floor": lambda: MultiresSource(TILES / "pannellum.org-6th-floor", "/%l/%s%y_%x", "jpg", 512, 4, 3968,
                                        "/fallback/%s"),
}


def shrink(rgb: np.ndarray, size: int = 128) -> np.ndarray:
    """Box-filtered to ``size`` square, RGB as float."""
    return np.asarray(Image.fromarray(np.ascontiguousarray(rgb[..., :3])).resize((size, size), Image.Resampling.BOX),
                      dtype=np.float64)


def fallback_faces(source: MultiresSource) -> list[np.ndarray]:
    return [np.asarray(Image.open(source.fallback_file(face)).convert("RGB")) for face in range(6)]


# -- tile addressing on the real sets -------------------------------------------------------------


@needs_fixtures
def test_tile_counts_per_level_match_sources_md():
    source = library()
    assert [multires.tile_count(source, level) for level in range(1, 7)] == [6, 24, 54, 150, 486, 1734]
    assert [len(list(level_tiles(source, level))) for level in range(1, 7)] == [6, 24, 54, 150, 486, 1734]
    assert [multires.tile_count(pattern_set(), level) for level in range(1, 5)] == [6, 24, 96, 384]


@needs_fixtures
@pytest.mark.parametrize("make", [library, pattern_set], ids=["library", "testpattern"])
def test_tile_rects_match_every_tile_header(make):
    """Every tile of every level has the size tile_rect gives (2460 + 510 headers)."""
    source = make()
    for level in range(1, source.max_level + 1):
        covered = np.zeros((6, source.level_edge(level)), dtype=np.int64)
        for key in level_tiles(source, level):
            x0, y0, x1, y1 = tile_rect(source, key)
            with Image.open(tile_file(source, key)) as image:
                assert image.size == (x1 - x0, y1 - y0), key
            if key.row == 0:
                covered[key.face, x0:x1] += 1
        assert (covered == 1).all()  # the columns of a face tile its width exactly once


@needs_fixtures
def test_tile_rects_match_decoded_tiles():
    """Decoded pixels (not just headers): all of levels 1-3, and the narrow last row/column of 6."""
    source = library()
    keys = [key for level in (1, 2, 3) for key in level_tiles(source, level)]
    keys += [TileKey(6, face, row, 16) for face in (0, 5) for row in (0, 8, 16)] + [TileKey(6, 2, 16, 3)]
    for key in keys:
        x0, y0, x1, y1 = tile_rect(source, key)
        pixels = decode_tile(tile_file(source, key))
        assert pixels.shape == (y1 - y0, x1 - x0, 3) and pixels.dtype == np.uint8, key
    assert tile_rect(source, TileKey(6, 0, 16, 16)) == (8192, 8192, 8432, 8432)
    assert tile_rect(source, TileKey(2, 0, 0, 1)) == (512, 0, 527, 512)


def test_tile_rect_refuses_tiles_outside_the_set():
    source = library(Path("/t"))
    for key in (TileKey(1, 0, 0, 1), TileKey(6, 6, 0, 0), TileKey(6, 0, 17, 0), TileKey(7, 0, 0, 0), TileKey(0, 0, 0, 0)):
        with pytest.raises(ValueError):
            tile_rect(source, key)


# -- decoding -------------------------------------------------------------------------------------


@needs_fixtures
def test_decode_tile_channels():
    jpeg = library().tile_file(2, 0, 0, 0)
    assert decode_tile(jpeg).shape == (512, 512, 3)
    rgba = decode_tile(jpeg, rgba=True)
    assert rgba.shape == (512, 512, 4) and (rgba[..., 3] == 255).all() and rgba.flags.c_contiguous
    palette = pattern_set().tile_file(1, 0, 0, 0)  # a palette PNG without transparency
    assert Image.open(palette).mode == "P" and decode_tile(palette).shape == (256, 256, 3)


def test_decode_tile_keeps_alpha(tmp_path):
    Image.new("RGBA", (20, 10), (1, 2, 3, 4)).save(tmp_path / "a.png")
    tile = decode_tile(tmp_path / "a.png")
    assert tile.shape == (10, 20, 4) and tuple(tile[0, 0]) == (1, 2, 3, 4)


@needs_fixtures
@pytest.mark.parametrize("damage, fragment", [
    (lambda p: p.unlink(), "file not found"),
    (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "corrupt or truncated"),
    (lambda p: p.write_bytes(b"\xff\xd8\xff" + b"junk" * 50), "not a readable image"),
    (lambda p: p.write_bytes(b""), "not a readable image"),
    (lambda p: (p.unlink(), p.mkdir()), "not a regular file"),
])
def test_decode_tile_errors_name_the_file(tmp_path, damage, fragment):
    path = tmp_path / "f0_0.jpg"
    shutil.copy(library().tile_file(3, 0, 0, 0), path)
    damage(path)
    with pytest.raises(TileError) as caught:
        decode_tile(path)
    assert caught.value.path == path and fragment in caught.value.message
    assert str(caught.value).startswith(f"{path}: ") and isinstance(caught.value, ImageError)
    again = pickle.loads(pickle.dumps(caught.value))  # e.g. from a process pool of decoders
    assert (again.path, again.message) == (caught.value.path, caught.value.message)


def test_decode_tile_checks_the_expected_size_and_root(tmp_path):
    Image.new("RGB", (30, 20)).save(tmp_path / "t.png")
    assert decode_tile(tmp_path / "t.png", expected_size=(30, 20)).shape == (20, 30, 3)
    with pytest.raises(TileError, match="is 30x20, but this tile should be 20x30"):
        decode_tile(tmp_path / "t.png", expected_size=(20, 30))
    (tmp_path / "tiles").mkdir()
    os.symlink(tmp_path / "t.png", tmp_path / "tiles" / "link.png")
    with pytest.raises(TileError, match="leaves the tile folder"):
        decode_tile(tmp_path / "tiles" / "link.png", root=tmp_path / "tiles")
    assert decode_tile(tmp_path / "tiles" / "link.png", root=tmp_path).shape == (20, 30, 3)


# -- the preview ----------------------------------------------------------------------------------

PREVIEW_TOLERANCE = 6.0
"""Mean absolute difference (0-255 scale) between a preview face and the set's own fallback face,
both box-filtered to 128x128. Measured: 0.9-2.7 on the three photo sets at their preview level
(5.8 at most with level 1); the wrong face, a flipped or a transposed one scores 10-60."""


@needs_fixtures
@pytest.mark.parametrize("name", sorted(PHOTO_SETS))
def test_preview_faces_agree_with_the_fallback_faces(name):
    source = PHOTO_SETS[name]()
    pixels = load_multires_preview(source)
    level = preview_level(source)
    assert source.level_edge(level) <= 2048 and (level == source.max_level or source.level_edge(level + 1) > 2048)
    assert isinstance(pixels, CubePixels) and pixels.size == source.level_edge(level)
    for face, fallback in zip(pixels.faces, fallback_faces(source), strict=True):
        assert face.shape == (pixels.size, pixels.size, 4) and face.dtype == np.uint8 and face.flags.c_contiguous
        assert (face[..., 3] == 255).all()
        mad = np.abs(shrink(face) - shrink(fallback)).mean()
        assert mad < PREVIEW_TOLERANCE, (name, mad)
        # The check can tell orientations apart: a flipped fallback is far off.
        assert np.abs(shrink(face) - shrink(fallback[::-1])).mean() > 2 * PREVIEW_TOLERANCE


@needs_fixtures
def test_preview_honours_max_edge_and_reports_progress():
    source = library()
    calls = []
    pixels = load_multires_preview(source, max_edge=600, progress=lambda fraction, message: calls.append(fraction))
    assert pixels.size == 527  # level 2; level 3 is 1054
    assert calls == sorted(calls) and calls[-1] == 1.0 and len(calls) >= 24
    assert load_multires_preview(source, max_edge=100).size == 263  # level 1 even when larger than asked


@needs_fixtures
def test_load_panorama_shows_a_multires_source_as_a_cube():
    """load_panorama gives the preview cube: as CubePixels, or wrapped with the source for a
    streaming renderer (``MultiresPixels.preview``)."""
    pixels = load_panorama(pattern_set())
    preview = pixels if isinstance(pixels, CubePixels) else pixels.preview
    assert isinstance(preview, CubePixels) and len(preview.faces) == 6
    level = getattr(pixels, "preview_level", preview_level(pattern_set(), preview.size))
    assert preview.size == pattern_set().level_edge(level)
    assert all(face.shape == (preview.size, preview.size, 4) and face.dtype == np.uint8 for face in preview.faces)


@needs_fixtures
def test_the_level1_faces_are_the_cube_a_pannellum_test_renders():
    """Pannellum's own test page shows the test pattern's six level-1 tiles as a cube scene (f r b l u d):
    our preview at level 1 is exactly those images."""
    pixels = load_multires_preview(pattern_set(), max_edge=256)
    for face, letter in enumerate("frblud"):
        tile = np.asarray(Image.open(TILES / "pannellum-multires-testpattern" / "1" / f"{letter}00.png").convert("RGBA"))
        assert np.array_equal(pixels.faces[face], tile)


def copy_levels(tmp_path: Path, levels: tuple[int, ...], fallback: bool = True) -> MultiresSource:
    base = tmp_path / "library"
    for part in [*map(str, levels), *(["fallback"] if fallback else [])]:
        shutil.copytree(TILES / "pannellum.org-library" / part, base / part)
    source = library(base)
    return source if fallback else dataclasses.replace(source, fallback_path=None)


@needs_fixtures
def test_missing_and_corrupt_tiles_come_from_the_fallback_face(tmp_path, caplog):
    source = copy_levels(tmp_path, (2,))
    intact = load_multires_preview(source, max_edge=600)
    (source.base / "2" / "f0_0.jpg").unlink()
    corrupt = source.base / "2" / "u1_1.jpg"
    corrupt.write_bytes(corrupt.read_bytes()[:300])
    with caplog.at_level(logging.WARNING, logger="vtour.io.multires"):
        patched = load_multires_preview(source, max_edge=600)
    messages = "\n".join(record.getMessage() for record in caplog.records)
    assert str(source.base / "2" / "f0_0.jpg") in messages and "file not found" in messages
    assert str(corrupt) in messages and "corrupt" in messages
    front_patch = np.abs(shrink(patched.faces[0][:512, :512], 64) - shrink(intact.faces[0][:512, :512], 64)).mean()
    assert front_patch < PREVIEW_TOLERANCE  # the fallback face scaled up looks like the tile it replaces
    assert np.array_equal(patched.faces[0][512:], intact.faces[0][512:])  # the other tiles are untouched
    assert np.array_equal(patched.faces[4][:512], intact.faces[4][:512])


@needs_fixtures
def test_without_a_fallback_face_the_level_below_fills_in(tmp_path, caplog):
    source = copy_levels(tmp_path, (1, 2), fallback=False)
    intact = load_multires_preview(source, max_edge=600)
    (source.base / "2" / "r0_1.jpg").unlink()  # the 15-pixel-wide column
    (source.base / "2" / "r1_0.jpg").unlink()  # the 15-pixel-high row
    with caplog.at_level(logging.WARNING, logger="vtour.io.multires"):
        patched = load_multires_preview(source, max_edge=600)
    assert "r0_1.jpg" in caplog.text and "level below" in caplog.text
    assert np.abs(patched.faces[1].astype(float) - intact.faces[1]).mean() < PREVIEW_TOLERANCE


@needs_fixtures
def test_an_unreadable_level1_tile_without_fallback_is_an_error(tmp_path):
    source = copy_levels(tmp_path, (1,), fallback=False)
    (source.base / "1" / "b0_0.jpg").unlink()
    with pytest.raises(ImageError, match="b0_0.jpg"):
        load_multires_preview(source)


# -- face coordinates -----------------------------------------------------------------------------


def test_face_coordinates_match_py360convert_and_the_cube_convention():
    """py360convert.e2c(cube_format="list") writes faces in vtour's cube orientation (see
    tests/pure/test_tour_sample.py); a field of directions run through it must give back, at each
    face pixel, the direction face_uv_to_direction names."""
    import py360convert

    height, width, face_w = 512, 1024, 32
    v, u = np.meshgrid((np.arange(height) + 0.5) / height, (np.arange(width) + 0.5) / width, indexing="ij")
    field = yaw_pitch_to_vector(*equirect_uv_to_yaw_pitch(u, v))
    faces = py360convert.e2c(field, face_w=face_w, mode="bilinear", cube_format="list")
    centres = np.linspace(0.0, 1.0, face_w)  # py360convert samples a face from edge to edge
    fv, fu = np.meshgrid(centres, centres, indexing="ij")
    for face, sampled in enumerate(faces):
        ours = face_uv_to_direction(face, fu, fv)
        ours /= np.linalg.norm(ours, axis=-1, keepdims=True)
        sampled = sampled / np.linalg.norm(sampled, axis=-1, keepdims=True)
        error = np.degrees(np.arccos(np.clip((ours * sampled).sum(-1), -1, 1)))
        assert np.median(error) < 0.1 and error.max() < 0.5, (face, error.max())


def test_face_coordinates_round_trip():
    rng = np.random.default_rng(1)
    directions = rng.normal(size=(5000, 3))
    face, u, v = direction_to_face_uv(directions)
    back = face_uv_to_direction(face, u, v)
    cross = np.cross(back, directions)
    assert np.abs(cross).max() < 1e-9 and ((back * directions).sum(-1) > 0).all()
    assert direction_to_face_uv([0, 0, -1])[0] == 0 and direction_to_face_uv([1, 0, 0])[0] == 1
    assert direction_to_face_uv([0, 1, 0.01])[0] == 4
    face, u, v = direction_to_face_uv([0.0, 1.0, 0.9])  # up, towards yaw 180: near the up face's top edge
    assert face == 4 and v < 0.1 and abs(u - 0.5) < 1e-9


# -- view culling ---------------------------------------------------------------------------------


def sampled_tiles(source: MultiresSource, level: int, matrix: np.ndarray, hfov: float, aspect: float,
                  projection: Projection = Projection.RECTILINEAR, width: int = 320) -> set[TileKey]:
    """Brute force: the tiles hit by a dense grid of the view's rays, edges included."""
    height = max(2, round(width / aspect))
    px, py = np.meshgrid(np.linspace(0, width, width + 1), np.linspace(0, height, height + 1))
    rays = pixel_to_camera_ray(projection, px, py, width, height, hfov) @ matrix.T
    hit = np.unique(np.stack(direction_to_tile(source, level, rays.reshape(-1, 3)), axis=-1), axis=0)
    return {TileKey(level, int(f), int(r), int(c)) for f, r, c in hit}


VIEWS = [
    # yaw, pitch, roll, hfov, aspect
    (0, 0, 0, 100, 16 / 9),
    (30, 10, 0, 90, 16 / 9),
    (180.3, 0, 0, 60, 4 / 3),  # across the back face's seam
    (-135, 44, 0, 70, 1.0),  # near a cube corner
    (10, 89, 0, 100, 16 / 9),  # the zenith
    (-60, -75, 25, 120, 0.6),  # rolled, portrait, looking down
    (45, 0, 0, 5, 16 / 9),  # narrow, on a face edge
    (0, 0, 0, 170, 3.0),  # very wide
]


@needs_fixtures
@pytest.mark.parametrize("view", VIEWS, ids=[f"yaw{v[0]}-pitch{v[1]}-roll{v[2]}-hfov{v[3]}" for v in VIEWS])
@pytest.mark.parametrize("level", [1, 3, 6])
def test_visible_tiles_against_brute_force(view, level):
    source = library()
    yaw, pitch, roll, hfov, aspect = view
    matrix = view_rotation(yaw, pitch, roll)
    found = visible_tiles(source, level, (yaw, pitch, roll), hfov, aspect)
    assert len(found) == len(set(found))
    assert sampled_tiles(source, level, matrix, hfov, aspect) <= set(found)  # conservative
    # ... but not loose: every tile returned is hit by a slightly wider view.
    wider = sampled_tiles(source, level, matrix, min(hfov + 2.0, 178.0), aspect, width=640)
    assert set(found) <= wider
    assert visible_tiles(source, level, matrix, hfov, aspect) == found  # a matrix gives the same answer


@needs_fixtures
def test_visible_tiles_use_the_horizon_corrected_matrix():
    source = library()
    matrix = view_to_panorama_matrix(20, 5, 0, horizon_pitch_deg=15, horizon_roll_deg=-8)
    found = set(visible_tiles(source, 5, matrix, 75, 16 / 9))
    assert sampled_tiles(source, 5, matrix, 75, 16 / 9) <= found <= sampled_tiles(source, 5, matrix, 77, 16 / 9, width=900)
    assert found != set(visible_tiles(source, 5, (20, 5), 75, 16 / 9))


@needs_fixtures
@pytest.mark.parametrize("projection, hfov", [(Projection.STEREOGRAPHIC, 200), (Projection.PANNINI, 150),
                                              (Projection.STEREOGRAPHIC, 60)])
def test_visible_tiles_other_projections_are_conservative(projection, hfov):
    source = library()
    matrix = view_rotation(-40, -30, 10)
    found = set(visible_tiles(source, 4, matrix, hfov, 16 / 9, projection=projection))
    assert sampled_tiles(source, 4, matrix, hfov, 16 / 9, projection) <= found


@needs_fixtures
@pytest.mark.parametrize("view", VIEWS[:6], ids=[f"yaw{v[0]}-pitch{v[1]}" for v in VIEWS[:6]])
def test_visible_tiles_come_centre_first(view):
    source = library()
    yaw, pitch, roll, hfov, aspect = view
    found = visible_tiles(source, 5, (yaw, pitch, roll), hfov, aspect)
    forward = view_rotation(yaw, pitch, roll) @ [0.0, 0.0, -1.0]
    face, row, col = direction_to_tile(source, 5, forward)
    assert found[0] == TileKey(5, int(face), int(row), int(col))  # the tile under the centre
    # The nearest angle from the view centre to each tile, by dense sampling of the tile: non-decreasing
    # up to the sampling step (a level-5 tile spans at most 0.25 rad: 33 samples per side, < 0.008 rad apart).
    edge = source.level_edge(5)
    t = np.linspace(0.0, 1.0, 33)
    nearest = []
    for key in found:
        x0, y0, x1, y1 = tile_rect(source, key)
        tu, tv = np.meshgrid(x0 + t * (x1 - x0), y0 + t * (y1 - y0))
        directions = face_uv_to_direction(key.face, tu / edge, tv / edge)
        directions /= np.linalg.norm(directions, axis=-1, keepdims=True)
        nearest.append(np.arccos(np.clip(directions @ forward, -1, 1)).min())
    assert nearest[0] < 0.01
    assert (np.maximum.accumulate(nearest) - nearest).max() < 0.01


def test_visible_tiles_margin_and_bad_arguments():
    source = library(Path("/t"))
    plain = set(visible_tiles(source, 6, (0, 0), 60, 1.5))
    wider = set(visible_tiles(source, 6, (0, 0), 60, 1.5, margin_deg=3))
    assert plain < wider
    with pytest.raises(ValueError):
        visible_tiles(source, 6, (0, 0), 180, 1.5)
    with pytest.raises(ValueError):
        visible_tiles(source, 6, (0, 0), 60, 0)
    with pytest.raises(ValueError):
        visible_tiles(source, 6, np.eye(4), 60, 1.5)


def test_visible_tiles_scale_to_gigapixel_levels():
    """A 16-level set (65536 tiles per face side at the top level) culls in a few recursive steps."""
    source = MultiresSource(Path("/t"), "/%l/%s%y_%x", "jpg", 512, 16, 512 * 65536)
    # 0.005 degrees of a 33554432-pixel face: about 1500 x 800 texels, 3-4 x 2-3 tiles.
    found = visible_tiles(source, 16, (12.3, -4.5), 0.005, 16 / 9)
    matrix = view_rotation(12.3, -4.5)
    assert 4 <= len(found) <= 20 and sampled_tiles(source, 16, matrix, 0.005, 16 / 9) <= set(found)


# -- level choice ---------------------------------------------------------------------------------


def test_level_for_density():
    source = library(Path("/t"))  # texels per radian at the face centre: 131.5, 263.5, 527, 1054, 2108, 4216
    assert [level_for_density(source, ppr) for ppr in (0, 100, 131.5, 132, 527, 528, 1000, 4216, 5000, 1e9)] == \
        [1, 1, 1, 2, 3, 4, 4, 6, 6, 6]
    for ppr in np.linspace(1, 5000, 200):
        level = level_for_density(source, ppr)
        assert source.level_edge(level) / 2 >= ppr or level == 6
        assert level == 1 or source.level_edge(level - 1) / 2 < ppr
    density = screen_pixels_per_radian(1920, 90)
    assert density == pytest.approx(960.0)
    assert level_for_density(source, density) == 4


def test_texel_density_claim_holds_at_the_face_centre():
    """edge/2 texels per radian near a face centre: one radian there spans edge/2 pixels."""
    source = library(Path("/t"))
    edge = source.level_edge(6)
    step = 1e-4  # radians
    _, u0, _ = direction_to_face_uv(yaw_pitch_to_vector(0.0, 0.0))
    _, u1, _ = direction_to_face_uv(yaw_pitch_to_vector(math.degrees(step), 0.0))
    assert (u1 - u0) * edge / step == pytest.approx(edge / 2, rel=1e-6)


# -- the tile budget ------------------------------------------------------------------------------


def test_tile_cache_evicts_least_recently_used_first():
    cache = TileCache(budget_bytes=300)
    keys = [TileKey(3, 0, 0, col) for col in range(5)]
    for key in keys:
        cache.add(key, 100)
    assert cache.nbytes == 500 and len(cache) == 5
    cache.touch(keys[0])  # now the most recent
    assert cache.evict() == [keys[1], keys[2]]
    assert cache.nbytes == 300 and list(cache) == [keys[3], keys[4], keys[0]]
    assert cache.evict() == []  # within budget


def test_tile_cache_never_evicts_level1_or_protected_tiles():
    cache = TileCache(budget_bytes=150)
    level1 = [TileKey(1, face, 0, 0) for face in range(6)]
    for key in level1:
        cache.add(key, 50)
    fine = [TileKey(4, 2, 1, col) for col in range(3)]
    for key in fine:
        cache.add(key, 10)
    assert cache.evict(protect=[fine[0]]) == [fine[1], fine[2]]
    assert cache.nbytes == 310 and all(key in cache for key in level1) and fine[0] in cache
    assert cache.evict() == [fine[0]]  # over budget with level 1 alone: that is all it can do
    assert cache.evict() == [] and cache.nbytes == 300


def test_tile_cache_bookkeeping():
    cache = TileCache(1000)
    key = TileKey(2, 1, 0, 0)
    assert not cache.touch(key) and key not in cache
    cache.add(key, 100)
    cache.add(key, 40)  # re-adding replaces the size
    assert cache.nbytes == 40 and len(cache) == 1
    assert cache.remove(key) == 40 and cache.remove(key) == 0 and cache.nbytes == 0
    with pytest.raises(ValueError):
        TileCache(-1)
    with pytest.raises(ValueError):
        cache.add(key, -5)


def test_tile_cache_keeps_the_budget_over_a_random_walk():
    rng = np.random.default_rng(7)
    cache = TileCache(budget_bytes=5000)
    for step in range(2000):
        key = TileKey(int(rng.integers(1, 4)), int(rng.integers(0, 6)), int(rng.integers(0, 4)), int(rng.integers(0, 4)))
        if key in cache and rng.random() < 0.5:
            cache.touch(key)
        else:
            cache.add(key, int(rng.integers(50, 400)))
        evicted = cache.evict()
        assert all(k.level > 1 and k not in cache for k in evicted)
        assert cache.nbytes <= cache.budget_bytes or all(k.level == 1 for k in cache)


def test_least_recent_skips_level_one_and_protected_tiles():
    cache = TileCache(1000)
    coarse, a, b = TileKey(1, 0, 0, 0), TileKey(3, 0, 0, 0), TileKey(3, 0, 0, 1)
    for key in (coarse, a, b):
        cache.add(key, 10)
    assert cache.least_recent() == a
    assert cache.least_recent(protect={a}) == b
    cache.touch(a)
    assert cache.least_recent() == b
    assert cache.least_recent(protect={a, b}) is None  # level 1 is never given up


def _containing_by_points(source, level, coarser):
    """Independent oracle: the coarser tiles under 64 points spread over each tile (exact fractions)."""
    from fractions import Fraction

    edge, coarse_edge, size = source.level_edge(level), source.level_edge(coarser), source.tile_resolution
    answer = []
    for index in range(source.tiles_per_side(level)):
        start, end = index * size, min((index + 1) * size, edge)
        points = [Fraction(start) + Fraction(end - start) * k / 64 for k in range(64)]
        points.append(Fraction(end) - Fraction(1, 10**9))
        tiles = {int(point * coarse_edge / edge) // size for point in points}
        answer.append(tiles.pop() if len(tiles) == 1 else -1)
    return answer


@pytest.mark.parametrize(("cube", "tile", "levels"), [(8432, 512, 6), (11, 4, 2), (2048, 256, 4), (4384, 512, 5),
                                                     (1000, 96, 4), (777, 50, 5)])
def test_containing_tiles_matches_points_inside_each_tile(cube, tile, levels):
    source = MultiresSource(Path("/nowhere"), "/%l/%s%y_%x", "jpg", tile, levels, cube)
    for level in range(2, levels + 1):
        for coarser in range(1, level + 1):
            assert containing_tiles(source, level, coarser).tolist() == _containing_by_points(source, level, coarser)


def test_containing_tiles_reports_a_straddle():
    source = MultiresSource(Path("/nowhere"), "/%l/%s%y_%x", "jpg", 4, 2, 11)  # edges 11 and 5
    # Level 2's tiles cover texels [0, 4), [4, 8), [8, 11): the last is [3.6, 5) at level 1, across its tiles 0 and 1.
    assert containing_tiles(source, 2, 1).tolist() == [0, 0, -1]
    assert containing_tiles(source, 2, 2).tolist() == [0, 1, 2]


def test_narrow_neighbours_join_the_tiles_next_to_them():
    source = library()
    face, row, col = (np.array(values) for values in ([0, 1], [1, 0], [0, 1]))
    found = set(zip(*(array.tolist() for array in with_narrow_neighbours(source, 3, face, row, col))))
    # Level 3 is 1054 pixels: tiles 0 and 1 are whole, tile 2 is a 30-pixel strip.
    assert found == {(0, 1, 0), (0, 2, 0), (1, 0, 1), (1, 0, 2)}
    corner = set(zip(*(a.tolist() for a in with_narrow_neighbours(source, 3, np.array([4]), np.array([1]), np.array([1])))))
    assert corner == {(4, 1, 1), (4, 2, 1), (4, 1, 2), (4, 2, 2)}
    whole = pattern_set()  # 2048 = 8 tiles of 256 at the top level: no narrow strip
    assert [a.tolist() for a in with_narrow_neighbours(whole, 4, np.array([0]), np.array([6]), np.array([6]))] == [[0], [6], [6]]

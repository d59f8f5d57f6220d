"""The multires tiler (vtour.io.tiler): Pannellum's numbers and layout, resampling checked against
py360convert and across face edges, resuming, refusing to overwrite, bad input.

Inputs are small (1024 x 512, cube 320 px, 128-pixel tiles: three levels) so the file runs in a few
seconds; the 16384 x 8192 memory and speed checks are in vtour.benchmark.tiler, not here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.io import tiler
from vtour.io.tiler import TileError, TilePlan, tile_cube_faces, tile_panorama
from vtour.model.errors import ImageError
from vtour.model.tour import CUBE_FACE_ORDER

TILE = 128


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    error = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if error == 0 else 10 * np.log10(255.0**2 / error)


@pytest.fixture(scope="module")
def photo(shared_fixtures, tmp_path_factory) -> Path:
    """A real photo (Pannellum.org's alma.jpg, 4096 x 2048) shrunk to 1024 x 512."""
    path = tmp_path_factory.mktemp("photo") / "alma.jpg"
    with Image.open(shared_fixtures / "panoramas" / "pannellum.org" / "alma.jpg") as image:
        image.convert("RGB").reduce(4).save(path, quality=95)
    return path


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A generated photo-like 1024 x 512 panorama (gradients, value noise, grid, labels)."""
    from vtour.benchmark.panoramas import synthetic_panorama

    path = tmp_path_factory.mktemp("synthetic") / "Great Hall.jpg"
    synthetic_panorama(1024).save(path, quality=92)
    return path


@pytest.fixture(scope="module")
def photo_tiles(photo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("photo-tiles")
    tile_panorama(photo, out, tile_size=TILE, quality=95, jobs=1)
    return out


def face_from_tiles(tiles: Path, plan: TilePlan, level: int, letter: str) -> np.ndarray:
    """A whole face reassembled from its tiles at ``level``."""
    edge, count = plan.edge(level), plan.tiles_per_side(level)
    face = np.zeros((edge, edge, 3), np.uint8)
    for row in range(count):
        for column in range(count):
            with Image.open(tiles / str(level) / f"{letter}{row}_{column}.jpg") as tile:
                pixels = np.asarray(tile.convert("RGB"))
            face[row * plan.tile_resolution:row * plan.tile_resolution + pixels.shape[0],
                 column * plan.tile_resolution:column * plan.tile_resolution + pixels.shape[1]] = pixels
    return face


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- Pannellum's numbers --------------------------------------------------------------------------------


def test_cube_resolution_is_generate_py_rule():
    # 8 * floor(W / pi / 8): generate.py's cubeSize
    assert tiler.cube_resolution_for(4096) == 1296
    assert tiler.cube_resolution_for(8192) == 2600
    assert tiler.cube_resolution_for(16384) == 5208
    assert tiler.cube_resolution_for(1024) == 320


@pytest.mark.parametrize("cube, tile, tiles_per_level", [
    (8432, 512, [6, 24, 54, 150, 486, 1734]),  # pannellum.org-library (SOURCES.md)
    (2048, 256, [6, 24, 96, 384]),  # pannellum-multires-testpattern: maxLevel 4
    (4384, 512, None),  # pannellum.org-gallery: maxLevel 5
    (3968, 512, None),  # pannellum.org-6th-floor: maxLevel 4
])
def test_levels_match_pannellum_sets(cube, tile, tiles_per_level):
    plan = TilePlan.create(cube, tile)
    expected_levels = {8432: 6, 2048: 4, 4384: 5, 3968: 4}[cube]
    assert plan.max_level == expected_levels
    assert plan.edge(plan.max_level) == cube and plan.edge(1) <= tile < plan.edge(2)
    if tiles_per_level:
        assert [6 * plan.tiles_per_side(level) ** 2 for level in range(1, plan.max_level + 1)] == tiles_per_level


def test_levels_match_a_real_set_on_disk(shared_fixtures):
    folder = shared_fixtures / "tiles" / "pannellum.org-6th-floor"
    plan = TilePlan.create(3968, 512)
    for level in range(1, plan.max_level + 1):
        on_disk = sorted(p.name for p in (folder / str(level)).iterdir())
        count = plan.tiles_per_side(level)
        assert on_disk == sorted(f"{s}{y}_{x}.jpg" for s in "frblud" for y in range(count) for x in range(count))
        with Image.open(folder / str(level) / f"f{count - 1}_{count - 1}.jpg") as last:
            narrow = plan.edge(level) - (count - 1) * plan.tile_resolution
            assert last.size == (narrow, narrow)


def test_small_cube_gets_one_tile_and_one_level():
    plan = TilePlan.create(320, 512)
    assert (plan.tile_resolution, plan.max_level, plan.tile_count()) == (320, 1, 12)


# -- layout ---------------------------------------------------------------------------------------------


def test_layout_sizes_and_configs(synthetic, tmp_path):
    out = tmp_path / "out"
    result = tile_panorama(synthetic, out, tile_size=TILE, jobs=1)
    plan = result.plan
    assert (plan.cube_resolution, plan.tile_resolution, plan.edges) == (320, TILE, (80, 160, 320))
    expected = {"tour.json", "tiles/config.json"} | {f"tiles/fallback/{s}.jpg" for s in "frblud"}
    for level in (1, 2, 3):
        count = plan.tiles_per_side(level)
        assert count == {1: 1, 2: 2, 3: 3}[level]
        expected |= {f"tiles/{level}/{s}{y}_{x}.jpg" for s in "frblud" for y in range(count) for x in range(count)}
    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert files == expected  # no marker, no temporary files, nothing else
    assert result.tiles_written == plan.tile_count() == len(expected) - 2
    for level in (1, 2, 3):
        count, edge = plan.tiles_per_side(level), plan.edge(level)
        for y in range(count):
            for x in range(count):
                with Image.open(out / "tiles" / str(level) / f"u{y}_{x}.jpg") as image:
                    width = TILE if x < count - 1 else edge - (count - 1) * TILE  # the last column is narrower
                    height = TILE if y < count - 1 else edge - (count - 1) * TILE
                    assert (image.format, image.size) == ("JPEG", (width, height))
    with Image.open(out / "tiles" / "fallback" / "f.jpg") as fallback:
        assert fallback.size == (160, 160)  # the level below the finest, at most 1024

    tour = json.loads((out / "tour.json").read_text(encoding="utf-8"))
    multires = {"basePath": "tiles", "path": "/%l/%s%y_%x", "fallbackPath": "/fallback/%s", "extension": "jpg",
                "tileResolution": TILE, "maxLevel": 3, "cubeResolution": 320}
    assert tour["version"] == 1 and tour["firstScene"] == "great-hall"  # "Great Hall" is no valid id
    assert tour["scenes"] == {"great-hall": {"type": "multires", "title": "Great Hall", "multires": multires}}
    config = json.loads((out / "tiles" / "config.json").read_text(encoding="utf-8"))
    assert config == {"type": "multires", "multiRes": {**multires, "basePath": "."}}


def test_tour_passes_the_schema(synthetic, tmp_path):
    """The tour schema's own check, once it knows multires scenes (the structure is tested above)."""
    from vtour.model.schema_validation import schema_issues, schema_text

    if '"multiresScene"' not in schema_text():
        pytest.skip("the tour schema has no multires scene yet")
    out = tmp_path / "out"
    tile_panorama(synthetic, out, tile_size=TILE, jobs=1)
    document = json.loads((out / "tour.json").read_text(encoding="utf-8"))
    assert schema_issues(document) == []


def test_pool_gives_the_same_files_as_one_process(synthetic, tmp_path):
    tile_panorama(synthetic, tmp_path / "one", tile_size=TILE, jobs=1)
    result = tile_panorama(synthetic, tmp_path / "two", tile_size=TILE, jobs=2)
    assert result.jobs == 2
    assert all_files(tmp_path / "one") == all_files(tmp_path / "two")


# -- resampling -----------------------------------------------------------------------------------------


def test_faces_match_py360convert_on_a_photo(photo, photo_tiles):
    """Every face of the finest level against py360convert.e2c (CUBE_FACE_ORDER = its F R B L U D list).

    Tolerance: PSNR >= 30 dB per face. e2c is rendered at twice the face size and box-averaged
    down, because its pixel grid puts the edge pixels' centres on the cube edges while ours (and a
    renderer's) cover the face edge to edge, and it does no filtering. Measured 39.8-48.6 dB when
    written (JPEG tiles at quality 95); a face flipped upside down scores 15-30 dB lower (checked below).
    """
    import py360convert

    plan = TilePlan.create(320, TILE)
    with Image.open(photo) as image:
        equirect = np.asarray(image.convert("RGB"))
    reference = py360convert.e2c(equirect, face_w=2 * 320, mode="bilinear", cube_format="list")
    for index, name in enumerate(CUBE_FACE_ORDER):
        expected = reference[index].astype(np.float64).reshape(320, 2, 320, 2, 3).mean(axis=(1, 3))
        face = face_from_tiles(photo_tiles / "tiles", plan, 3, name[0])
        score = psnr(face, expected)
        assert score >= 30.0, name
        assert psnr(face[::-1], expected) < score - 10, name  # the test can tell a wrong orientation


def test_in_memory_faces_match_py360convert_at_face_size(photo):
    """The same without JPEG tiles and against e2c at the face size itself (loosest comparison)."""
    import py360convert

    with Image.open(photo) as image:
        equirect = np.asarray(image.convert("RGB"))
    ours = tiler.equirect_to_cube(equirect)
    theirs = py360convert.e2c(equirect, face_w=320, mode="bilinear", cube_format="list")
    for name, a, b in zip(CUBE_FACE_ORDER, ours, theirs):
        assert psnr(a, b) >= 30.0, name


# The twelve shared edges: (face, pixel line) pairs that meet, as index expressions on (N, N) faces.
EDGES = [
    ("front", np.s_[:, -1], "right", np.s_[:, 0]),
    ("right", np.s_[:, -1], "back", np.s_[:, 0]),
    ("back", np.s_[:, -1], "left", np.s_[:, 0]),
    ("left", np.s_[:, -1], "front", np.s_[:, 0]),
    ("up", np.s_[-1, :], "front", np.s_[0, :]),
    ("up", np.s_[::-1, -1], "right", np.s_[0, :]),
    ("up", np.s_[0, ::-1], "back", np.s_[0, :]),
    ("up", np.s_[:, 0], "left", np.s_[0, :]),
    ("down", np.s_[0, :], "front", np.s_[-1, :]),
    ("down", np.s_[:, -1], "right", np.s_[-1, :]),
    ("down", np.s_[-1, ::-1], "back", np.s_[-1, :]),
    ("down", np.s_[::-1, 0], "left", np.s_[-1, :]),
]


def _inner(line: tuple) -> tuple:
    """The pixel line one step inside the face from an edge line."""
    return tuple(-2 if part == -1 else 1 if part == 0 else part for part in line)


def test_edge_table_is_geometry():
    """Pixels paired by EDGES look in nearly the same direction (one pixel apart across the edge)."""
    edge = 64
    centres = (np.arange(edge) + 0.5) / edge * 2 - 1
    a, b = np.meshgrid(centres, -centres)
    directions = {}
    for index, name in enumerate(CUBE_FACE_ORDER):
        vector = np.stack(tiler.face_directions(index, a, b), axis=-1)
        directions[name] = vector / np.linalg.norm(vector, axis=-1, keepdims=True)
    for first, first_line, second, second_line in EDGES:
        cosine = (directions[first][first_line] * directions[second][second_line]).sum(-1)
        angle = np.degrees(np.arccos(np.clip(cosine, -1, 1)))
        assert angle.max() < 2.5 * 90 / edge, (first, second)


def test_neighbouring_faces_agree_along_shared_edges(photo_tiles):
    """At full resolution the two pixel lines meeting at a cube edge differ about as much as two
    neighbouring lines inside a face (both pairs lie one pixel apart on the sphere): at most twice
    the mean of the two faces' inner differences plus one level (photo content decides the rest:
    the left/front edge of this photo runs along a bright rock edge, 2.8 against 1.6 and 2.1 when
    written), and clearly less than the same lines paired the wrong way round."""
    plan = TilePlan.create(320, TILE)
    faces = {name: face_from_tiles(photo_tiles / "tiles", plan, 3, name[0]).astype(np.float64)
             for name in CUBE_FACE_ORDER}
    for first, first_line, second, second_line in EDGES:
        across = np.abs(faces[first][first_line] - faces[second][second_line]).mean()
        inside = (np.abs(faces[first][first_line] - faces[first][_inner(first_line)]).mean()
                  + np.abs(faces[second][second_line] - faces[second][_inner(second_line)]).mean()) / 2
        assert across <= 2 * inside + 1.0, (first, second, across, inside)
        unrelated = np.abs(faces[first][first_line] - faces[second][second_line][::-1]).mean()
        assert across < unrelated, (first, second)


def test_poles_are_filtered_not_aliased():
    """Two-pixel vertical stripes: near the poles an up-face pixel spans many of them, so it must
    come out as their mean, not a moire of black and white (what unfiltered bilinear sampling gives)."""
    height = 256
    stripes = np.zeros((height, 2 * height, 3), np.uint8)
    stripes[:, ::2] = 255
    up = tiler.equirect_to_cube(stripes)[4].astype(np.float64)
    edge = up.shape[0]
    centre = up[edge // 4:3 * edge // 4, edge // 4:3 * edge // 4]  # latitudes above ~63 degrees
    assert abs(centre.mean() - 127.5) < 3 and centre.std() < 12


def test_cube_faces_input(photo, tmp_path):
    faces = tiler.equirect_to_cube(np.asarray(Image.open(photo).convert("RGB")))
    paths = []
    for name, face in zip(CUBE_FACE_ORDER, faces):
        paths.append(tmp_path / f"hall_{name}.png")
        Image.fromarray(face).save(paths[-1])
    out = tmp_path / "out"
    result = tile_cube_faces(paths, out, tile_size=TILE, quality=95, jobs=1)
    assert (result.plan.cube_resolution, result.plan.max_level) == (320, 3)
    assert json.loads((out / "tour.json").read_text(encoding="utf-8"))["firstScene"] == "hall"
    for name, face in zip(CUBE_FACE_ORDER, faces):
        assert psnr(face_from_tiles(out / "tiles", result.plan, 3, name[0]), face) >= 35.0, name
        level1 = np.asarray(Image.fromarray(face).reduce(4))
        assert psnr(face_from_tiles(out / "tiles", result.plan, 1, name[0]), level1) >= 35.0, name


def _check_tile_sizes(tiles: Path, plan: TilePlan) -> None:
    for level in range(1, plan.max_level + 1):
        count, edge, size = plan.tiles_per_side(level), plan.edge(level), plan.tile_resolution
        names = {p.name for p in (tiles / str(level)).iterdir()}
        assert names == {f"{s}{y}_{x}.jpg" for s in "frblud" for y in range(count) for x in range(count)}, level
        for y in range(count):
            for x in range(count):
                with Image.open(tiles / str(level) / f"r{y}_{x}.jpg") as image:
                    assert image.size == (min(size, edge - x * size), min(size, edge - y * size)), (level, y, x)


def test_odd_tile_size_and_odd_face_edges(synthetic, tmp_path):
    """An odd tile size (bands of two tile rows), odd edges below (99 -> 49 -> 24) and a last
    column one pixel wide (100 = 3 x 33 + 1)."""
    result = tile_panorama(synthetic, tmp_path / "pano", tile_size=33, jobs=1)
    assert result.plan.edges == (20, 40, 80, 160, 320)
    _check_tile_sizes(tmp_path / "pano" / "tiles", result.plan)
    for edge, tile_size, edges in ((99, 32, (24, 49, 99)), (100, 33, (25, 50, 100))):
        paths = []
        for name in CUBE_FACE_ORDER:
            paths.append(tmp_path / f"{edge}-{name}.png")
            Image.new("RGB", (edge, edge), (200, 100, 50)).save(paths[-1])
        out = tmp_path / f"faces-{edge}"
        result = tile_cube_faces(paths, out, tile_size=tile_size, jobs=1)
        assert result.plan.edges == edges
        _check_tile_sizes(out / "tiles", result.plan)


def test_cube_faces_must_be_equal_squares(tmp_path):
    paths = []
    for index, name in enumerate(CUBE_FACE_ORDER):
        paths.append(tmp_path / f"{name}.png")
        Image.new("RGB", (64, 64) if index != 3 else (64, 48)).save(paths[-1])
    with pytest.raises(ImageError, match=r"left\.png: the left face is 64x48, not square"):
        tile_cube_faces(paths, tmp_path / "out", jobs=1)
    Image.new("RGB", (32, 32)).save(paths[3])
    with pytest.raises(ImageError, match=r"left\.png: .*same size"):
        tile_cube_faces(paths, tmp_path / "out", jobs=1)
    with pytest.raises(ImageError, match="needs 6 faces"):
        tile_cube_faces(paths[:5], tmp_path / "out", jobs=1)
    assert not (tmp_path / "out").exists()


def test_rgba_and_grey_inputs(tmp_path):
    rgba = tmp_path / "rgba.png"
    Image.new("RGBA", (256, 128), (10, 200, 30, 0)).save(rgba)
    result = tile_panorama(rgba, tmp_path / "a", tile_size=64, jobs=1)
    with Image.open(tmp_path / "a" / "tiles" / "1" / "f0_0.jpg") as tile:
        assert np.abs(np.asarray(tile.convert("RGB")).astype(int) - (10, 200, 30)).max() <= 6  # alpha dropped
    grey = tmp_path / "grey.jpg"
    Image.new("L", (256, 128), 77).save(grey)
    tile_panorama(grey, tmp_path / "g", tile_size=64, jobs=1)
    with Image.open(tmp_path / "g" / "tiles" / "1" / "u0_0.jpg") as tile:
        assert np.abs(np.asarray(tile.convert("RGB")).astype(int) - 77).max() <= 3
    assert result.plan.cube_resolution == 80


# -- complete or clearly incomplete ------------------------------------------------------------------------


class Interrupt(KeyboardInterrupt):
    pass


def _interrupt_after(files: int):
    def progress(done: int, total: int) -> None:
        if done >= files:
            raise Interrupt

    return progress


def test_interrupted_run_resumes_to_the_same_files(synthetic, tmp_path):
    clean = tmp_path / "clean"
    tile_panorama(synthetic, clean, tile_size=TILE, jobs=1)
    out = tmp_path / "out"
    with pytest.raises(Interrupt):
        tile_panorama(synthetic, out, tile_size=TILE, jobs=1, progress=_interrupt_after(20))
    tiles = out / "tiles"
    assert (tiles / ".incomplete").is_file() and not (out / "tour.json").exists()
    record = json.loads((tiles / ".incomplete").read_text(encoding="utf-8"))
    assert record["options"]["tileResolution"] == TILE and record["input"]["files"][0]["bytes"] > 0
    written = sorted(p for p in tiles.rglob("*.jpg"))
    assert 20 <= len(written) < 96
    # a crash's leftovers: a tile deleted, one empty (a power cut before its data reached the disk),
    # a stray temporary file
    written[0].unlink()
    written[1].write_bytes(b"")
    (written[2].parent / f".{written[2].name}.999.tmp").write_bytes(b"partial")

    result = tile_panorama(synthetic, out, tile_size=TILE, jobs=1)
    assert result.resumed and result.tiles_kept == len(written) - 2
    assert result.tiles_written == result.plan.tile_count() - result.tiles_kept
    assert all_files(out) == all_files(clean)  # the marker and the temporary file are gone too


def test_resuming_with_other_options_is_refused(synthetic, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(Interrupt):
        tile_panorama(synthetic, out, tile_size=TILE, jobs=1, progress=_interrupt_after(10))
    before = all_files(out)
    expected = r"tiles: holds an unfinished tile set .*tileResolution 128 \(now 64\)"
    with pytest.raises(TileError, match=expected) as caught:
        tile_panorama(synthetic, out, tile_size=64, jobs=1)
    assert str(out / "tiles") in str(caught.value)
    assert all_files(out) == before  # untouched
    result = tile_panorama(synthetic, out, tile_size=64, jobs=1, force=True)
    assert not result.resumed and (out / "tour.json").is_file() and result.plan.max_level == 4
    for level in (1, 2, 3, 4):  # every tile is the new size: the old set went with --force
        with Image.open(out / "tiles" / str(level) / "f0_0.jpg") as tile:
            assert tile.size == (min(64, result.plan.edge(level)),) * 2


def test_changed_input_is_not_resumed(synthetic, tmp_path):
    source = tmp_path / "pano.jpg"
    shutil.copy(synthetic, source)
    out = tmp_path / "out"
    with pytest.raises(Interrupt):
        tile_panorama(source, out, tile_size=TILE, jobs=1, progress=_interrupt_after(10))
    Image.open(synthetic).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(source, quality=80)
    with pytest.raises(TileError, match="the input"):
        tile_panorama(source, out, tile_size=TILE, jobs=1)


def test_finished_output_is_not_overwritten(synthetic, tmp_path):
    out = tmp_path / "out"
    tile_panorama(synthetic, out, tile_size=TILE, jobs=1)
    before = all_files(out)
    with pytest.raises(TileError, match="already holds a finished tile set") as caught:
        tile_panorama(synthetic, out, tile_size=TILE, jobs=1)
    assert str(out) in str(caught.value)
    assert all_files(out) == before
    tile_panorama(synthetic, out, tile_size=TILE, jobs=1, force=True)
    assert all_files(out) == before  # same input and options: the same files again


def test_other_content_is_not_overwritten(synthetic, tmp_path):
    tour_folder = tmp_path / "tour"
    tour_folder.mkdir()
    (tour_folder / "tour.json").write_text("{}", encoding="utf-8")  # somebody's tour
    with pytest.raises(TileError, match="tour.json"):
        tile_panorama(synthetic, tour_folder, tile_size=TILE, jobs=1)
    assert (tour_folder / "tour.json").read_text(encoding="utf-8") == "{}"
    busy = tmp_path / "busy"
    (busy / "tiles").mkdir(parents=True)
    (busy / "tiles" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TileError, match="not a tile set this tool left unfinished"):
        tile_panorama(synthetic, busy, tile_size=TILE, jobs=1)
    assert (busy / "tiles" / "notes.txt").exists()


# -- bad input --------------------------------------------------------------------------------------------


def test_bad_inputs_name_the_file_and_leave_nothing(synthetic, tmp_path):
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(synthetic.read_bytes()[:5000])
    not_image = tmp_path / "notes.jpg"
    not_image.write_text("hello", encoding="utf-8")
    wide = tmp_path / "wide.png"
    Image.new("RGB", (300, 100)).save(wide)
    tiny = tmp_path / "tiny.png"
    Image.new("RGB", (32, 16)).save(tiny)
    cases = [(truncated, "corrupt or truncated"), (not_image, "not a readable image"),
             (wide, "not a full equirectangular panorama"), (tiny, "too small"),
             (tmp_path / "missing.jpg", "file not found"), (tmp_path, "is a folder")]
    for path, message in cases:
        out = tmp_path / f"out-{path.stem}"
        with pytest.raises(ImageError, match=message) as caught:
            tile_panorama(path, out, jobs=1)
        assert str(path) in str(caught.value)
        assert not (out / "tiles").exists(), path  # nothing started, so nothing to resume


def test_corrupt_cube_face_leaves_no_marker(synthetic, tmp_path):
    paths = []
    noise = np.random.default_rng(3).integers(0, 256, (128, 128, 3), dtype=np.uint8)
    for name in CUBE_FACE_ORDER:
        paths.append(tmp_path / f"{name}.jpg")
        Image.fromarray(noise).save(paths[-1])
    paths[0].write_bytes(paths[0].read_bytes()[:4000])  # the header survives, the pixels do not
    with pytest.raises(ImageError, match=r"front\.jpg: corrupt or truncated"):
        tile_cube_faces(paths, tmp_path / "out", jobs=1)
    assert not (tmp_path / "out" / "tiles").exists()


def test_pillow_limit_is_raised_only_while_reading(synthetic):
    saved = Image.MAX_IMAGE_PIXELS
    assert tiler._read_header(synthetic) == (1024, 512)
    with tiler._pillow_pixel_limit():
        assert Image.MAX_IMAGE_PIXELS == tiler.MAX_INPUT_PIXELS
    assert Image.MAX_IMAGE_PIXELS == saved


def test_options_out_of_range(synthetic, tmp_path):
    with pytest.raises(TileError, match="tile size 8"):
        tile_panorama(synthetic, tmp_path / "o", tile_size=8, jobs=1)
    with pytest.raises(TileError, match="quality 0"):
        tile_panorama(synthetic, tmp_path / "o", quality=0, jobs=1)

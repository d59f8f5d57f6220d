"""Multires scenes in the tour format: schema, semantic and on-disk checks, MultiresSource, and the
real Pannellum tile sets in ../shared/fixtures/tiles/.

Small tile sets are made here with Pillow (cubeResolution 64, tileResolution 32, maxLevel 2: one
32x32 tile per face at level 1, 2x2 tiles per face at level 2). Tours using the fixture sets copy
the levels they need into the tour folder: a symbolic link to the shared folder would leave the
tour's folder, which the loader refuses (tested below).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.errors import Severity, TourError
from vtour.model.tour import CUBE_FACE_ORDER, MULTIRES_FACE_LETTERS, MultiresSource

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
TILES = FIXTURES / "tiles"
needs_fixtures = pytest.mark.skipif(not TILES.is_dir(), reason=f"shared fixtures not found at {TILES}")

ERROR, WARNING = Severity.ERROR, Severity.WARNING
MULTIRES = "$.scenes.lib.multires"

SETTINGS = {
    "basePath": "tiles",
    "path": "/%l/%s%y_%x",
    "fallbackPath": "/fallback/%s",
    "extension": "png",
    "tileResolution": 32,
    "maxLevel": 2,
    "cubeResolution": 64,
}


def make_tiles(folder: Path, settings: dict = SETTINGS, levels: tuple[int, ...] | None = None) -> None:
    """A tile set for ``settings`` under ``folder`` (solid colours; every tile its real size)."""
    source = MultiresSource(folder, settings["path"], settings["extension"], settings["tileResolution"],
                            settings["maxLevel"], settings["cubeResolution"], settings.get("fallbackPath"))
    for level in levels or range(1, source.max_level + 1):
        edge, count = source.level_edge(level), source.tiles_per_side(level)
        for face in range(6):
            for row in range(count):
                for col in range(count):
                    size = (min(edge - col * source.tile_resolution, source.tile_resolution),
                            min(edge - row * source.tile_resolution, source.tile_resolution))
                    path = source.tile_file(level, face, row, col)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    Image.new("RGB", size, (40 * face, 20 * level, 100)).save(path)
    for face in range(6):
        if (path := source.fallback_file(face)) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (16, 16), (40 * face, 0, 100)).save(path)


def multires_tour(**settings) -> dict:
    """A one-scene multires tour; ``settings`` override :data:`SETTINGS` (None removes a key)."""
    values = {**SETTINGS, **settings}
    values = {key: value for key, value in values.items() if value is not None}
    return {"version": 1, "scenes": {"lib": {"type": "multires", "title": "Library", "multires": values}}}


@pytest.fixture
def tiled(tour_dir: Path) -> Path:
    """The tour folder with a complete synthetic set in tiles/."""
    make_tiles(tour_dir / "tiles")
    return tour_dir


def errors(diagnostics):
    return [d for d in diagnostics if d.severity is ERROR]


# -- a valid scene --------------------------------------------------------------------------------


def test_valid_multires_scene_loads_into_a_multires_source(tiled, write_tour):
    tour = load_tour(write_tour(multires_tour()))
    source = tour.start_scene.source
    assert isinstance(source, MultiresSource)
    assert source == MultiresSource(base=(tiled / "tiles").resolve(), path="/%l/%s%y_%x", extension="png",
                                    tile_resolution=32, max_level=2, cube_resolution=64, fallback_path="/fallback/%s")
    assert tour.warnings == ()


def test_scene_keys_work_as_for_other_panoramas(tiled, write_tour):
    document = multires_tour()
    document["scenes"]["lib"].update({"initialView": {"yaw": 30, "hfov": 80}, "northOffset": 10, "horizonPitch": 2,
                                      "hotspots": [{"type": "info", "yaw": 5, "pitch": 1, "title": "Dome"}]})
    scene = load_tour(write_tour(document)).start_scene
    assert (scene.initial_view.yaw, scene.initial_view.hfov, scene.north_offset, scene.horizon.pitch) == (30, 80, 10, 2)
    assert scene.hotspots[0].title.get("en") == "Dome"


def test_fallback_path_is_optional(tour_dir, write_tour):
    make_tiles(tour_dir / "tiles", {**SETTINGS, "fallbackPath": None})
    tour = load_tour(write_tour(multires_tour(fallbackPath=None)))
    assert tour.start_scene.source.fallback_path is None and tour.start_scene.source.fallback_file(0) is None


def test_base_path_may_be_the_tour_folder(tour_dir, write_tour):
    make_tiles(tour_dir)
    source = load_tour(write_tour(multires_tour(basePath="."))).start_scene.source
    assert source.base == tour_dir.resolve()
    assert source.tile_file(1, 0, 0, 0) == tour_dir.resolve() / "1" / "f0_0.png"


def test_integral_floats_are_integers(tiled, write_tour):
    source = load_tour(write_tour(multires_tour(tileResolution=32.0, cubeResolution=64.0))).start_scene.source
    assert (source.tile_resolution, source.cube_resolution) == (32, 64)
    assert isinstance(source.tile_resolution, int) and isinstance(source.cube_resolution, int)


# -- schema ---------------------------------------------------------------------------------------


def test_missing_multires_object(write_tour, only):
    diagnostic = only(validate_tour_file(write_tour({"version": 1, "scenes": {"lib": {"type": "multires"}}})),
                      "$.scenes.lib")
    assert diagnostic.message == 'missing required key "multires"' and diagnostic.severity is ERROR


@pytest.mark.parametrize("key", ["basePath", "path", "extension", "tileResolution", "maxLevel", "cubeResolution"])
def test_missing_required_key(tiled, write_tour, only, key):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(**{key: None}))), MULTIRES)
    assert diagnostic.message == f'missing required key "{key}"' and diagnostic.severity is ERROR


@pytest.mark.parametrize("key, value, fragment", [
    ("extension", "gif", "jpg"),
    ("tileResolution", 8, "16"),
    ("tileResolution", 8192, "4096"),
    ("tileResolution", 256.5, "integer"),
    ("maxLevel", 0, "1"),
    ("maxLevel", 17, "16"),
    ("cubeResolution", 0, "1"),
    ("cubeResolution", "8432", "integer"),
    ("path", "", "empty"),
    ("basePath", 3, "string"),
])
def test_bad_value_is_an_error_at_its_key(tiled, write_tour, only, key, value, fragment):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(**{key: value}))), f"{MULTIRES}.{key}")
    assert diagnostic.severity is ERROR and fragment in diagnostic.message


def test_unknown_key_is_a_warning(tiled, write_tour, only):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(tileSize=512))), f"{MULTIRES}.tileSize")
    assert diagnostic.severity is WARNING and "unknown key" in diagnostic.message


def test_equirectangular_keys_do_not_belong_to_a_multires_scene(tiled, write_tour, only):
    document = multires_tour()
    document["scenes"]["lib"]["panorama"] = "pano.jpg"
    assert only(validate_tour_file(write_tour(document)), "$.scenes.lib.panorama").severity is WARNING


# -- patterns -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, fragment", [
    ("/%l/%s%y", "has no %x (column)"),
    ("/%s%y_%x", "has no %l (level)"),
    ("/%l/%y_%x", "has no %s (face letter)"),
    ("/%l/%s", "has no %y (row), %x (column)"),
    ("/../%l/%s%y_%x", 'contains ".."'),
    ("/%l/../../%s%y_%x", 'contains ".."'),
    ("/%l\\%s%y_%x", "backslash"),
    ("//server/%l/%s%y_%x", "absolute path"),
    ("/https://example.org/%l/%s%y_%x", "URL"),
    ("/%l/%s%y_%x\n", "control character"),
])
def test_bad_tile_pattern(tiled, write_tour, only, path, fragment):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(path=path))), f"{MULTIRES}.path")
    assert diagnostic.severity is ERROR and fragment in diagnostic.message, diagnostic.message


@pytest.mark.parametrize("fallback, fragment", [
    ("/fallback/face", "has no %s (face letter)"),
    ("/../fallback/%s", 'contains ".."'),
])
def test_bad_fallback_pattern(tiled, write_tour, only, fallback, fragment):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(fallbackPath=fallback))), f"{MULTIRES}.fallbackPath")
    assert diagnostic.severity is ERROR and fragment in diagnostic.message


def test_tile_pattern_without_leading_slash_is_a_warning(tour_dir, write_tour, only):
    make_tiles(tour_dir / "tiles", {**SETTINGS, "path": "%l/%s%y_%x"})
    path = write_tour(multires_tour(path="%l/%s%y_%x"))
    diagnostic = only(validate_tour_file(path), f"{MULTIRES}.path")
    assert diagnostic.severity is WARNING and "Pannellum" in diagnostic.message
    assert load_tour(path).start_scene.source.tile_file(2, 1, 1, 0) == (tour_dir / "tiles/2/r1_0.png").resolve()


def test_too_many_levels_for_the_cube_resolution(tiled, write_tour, only):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(maxLevel=8))), f"{MULTIRES}.maxLevel")
    assert diagnostic.message == "cubeResolution 64 halved 7 times leaves no pixel at level 1; use at most maxLevel 7"


def test_pattern_error_reports_file_line_and_column(tiled, write_tour):
    path = write_tour(
        """
        {"version": 1, "scenes": {"lib": {"type": "multires", "multires": {
          "basePath": "tiles", "path": "/%l/%s%y", "extension": "png",
          "tileResolution": 32, "maxLevel": 2, "cubeResolution": 64}}}}
        """
    )
    (diagnostic,) = validate_tour_file(path)
    assert (diagnostic.file, diagnostic.line, diagnostic.column) == (str(path), 2, 32)
    assert diagnostic.json_path == f"{MULTIRES}.path"
    assert diagnostic.message.startswith('"/%l/%s%y" has no %x (column)')
    assert str(diagnostic).startswith(f"{path}:2:32: {MULTIRES}.path: ")


# -- basePath -------------------------------------------------------------------------------------


@pytest.mark.parametrize("base, fragment", [
    ("../tiles", "leaves the tour's folder"),
    ("tiles/../..", "leaves the tour's folder"),
    ("/srv/tiles", "is an absolute path"),
    ("C:/tiles", "Windows drive"),
    ("https://example.org/tiles", "URL"),
])
def test_base_path_must_stay_inside(tiled, write_tour, only, base, fragment):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(basePath=base))), f"{MULTIRES}.basePath")
    assert diagnostic.severity is ERROR and fragment in diagnostic.message


def test_base_path_through_a_symlink_leading_outside(tour_dir, tmp_path, write_tour, only):
    make_tiles(tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", tour_dir / "tiles")
    diagnostic = only(validate_tour_file(write_tour(multires_tour())), f"{MULTIRES}.basePath")
    assert diagnostic.message == '"tiles" leaves the tour\'s folder (through a symbolic link)'


def test_base_path_symlink_inside_the_folder_is_fine(tour_dir, write_tour):
    make_tiles(tour_dir / "real-tiles")
    os.symlink("real-tiles", tour_dir / "tiles")
    assert load_tour(write_tour(multires_tour())).start_scene.source.base == (tour_dir / "real-tiles").resolve()


def test_base_path_folder_must_exist(tour_dir, write_tour, only):
    diagnostic = only(validate_tour_file(write_tour(multires_tour())), f"{MULTIRES}.basePath")
    assert diagnostic.message == '"tiles": folder not found'


def test_base_path_must_be_a_folder(tour_dir, write_tour, only):
    diagnostic = only(validate_tour_file(write_tour(multires_tour(basePath="pano.jpg"))), f"{MULTIRES}.basePath")
    assert diagnostic.message == '"pano.jpg" is a file, not a folder'


# -- tiles on disk --------------------------------------------------------------------------------


def test_missing_level1_tile_is_named_by_its_file(tiled, write_tour, only):
    (tiled / "tiles/1/r0_0.png").unlink()
    (tiled / "tiles/1/u0_0.png").unlink()
    diagnostic = only(validate_tour_file(write_tour(multires_tour())), f"{MULTIRES}.path")
    assert diagnostic.severity is ERROR
    assert diagnostic.message == 'level-1 tile "tiles/1/r0_0.png" not found (right face, row 0, column 0)'
    with pytest.raises(TourError):
        load_tour(write_tour(multires_tour()))


def test_missing_deeper_tiles_are_not_checked_when_loading(tiled, write_tour):
    shutil.rmtree(tiled / "tiles/2")  # the viewer shows the fallback there; checking every tile would not scale
    assert errors(validate_tour_file(write_tour(multires_tour()))) == []


def test_level1_tile_through_a_symlink_leading_outside(tiled, tmp_path, write_tour, only):
    outside = tmp_path / "f0_0.png"
    (tiled / "tiles/1/f0_0.png").rename(outside)
    os.symlink(outside, tiled / "tiles/1/f0_0.png")
    diagnostic = only(validate_tour_file(write_tour(multires_tour())), f"{MULTIRES}.path")
    assert "tiles/1/f0_0.png\" leaves the tour's folder (through a symbolic link)" in diagnostic.message


def test_level1_tile_that_is_not_an_image(tiled, write_tour, only):
    (tiled / "tiles/1/f0_0.png").write_bytes(b"not a png")
    diagnostic = only(validate_tour_file(write_tour(multires_tour())), f"{MULTIRES}.path")
    assert diagnostic.message.startswith('level-1 tile "tiles/1/f0_0.png": not a readable image')


def test_level1_tile_size_must_match_the_settings(tiled, write_tour, only):
    # cubeResolution 60 at maxLevel 2 makes level 1 30 px, but the tiles on disk are 32 px.
    diagnostic = only(validate_tour_file(write_tour(multires_tour(cubeResolution=60))), f"{MULTIRES}.cubeResolution")
    assert diagnostic.message == ('level-1 tile "tiles/1/f0_0.png" is 32x32, but cubeResolution 60, maxLevel 2 and '
                                  "tileResolution 32 make it 30x30 (a level-1 face of 30x30)")


def test_missing_fallback_face_is_a_warning(tiled, write_tour, only):
    (tiled / "tiles/fallback/d.png").unlink()
    path = write_tour(multires_tour())
    diagnostic = only(validate_tour_file(path), f"{MULTIRES}.fallbackPath")
    assert diagnostic.severity is WARNING and '"tiles/fallback/d.png" not found (down face)' in diagnostic.message
    load_tour(path)  # a warning, not an error


def test_a_huge_level1_is_checked_without_statting_every_tile(tour_dir, write_tour, only):
    (tour_dir / "tiles").mkdir()
    # 1048576 px faces of 16 px tiles: 65536^2 tiles per face. Only a few are looked at.
    document = multires_tour(maxLevel=1, cubeResolution=1048576, tileResolution=16, fallbackPath=None)
    diagnostic = only(validate_tour_file(write_tour(document)), f"{MULTIRES}.path")
    assert diagnostic.message == 'level-1 tile "tiles/1/f0_0.png" not found (front face, row 0, column 0)'


# -- MultiresSource -------------------------------------------------------------------------------


def test_levels_and_tile_files():
    source = MultiresSource(Path("/t"), "/%l/%s%y_%x", "jpg", 512, 6, 8432, "/fallback/%s")
    assert [source.level_edge(level) for level in range(1, 7)] == [263, 527, 1054, 2108, 4216, 8432]
    assert [source.tiles_per_side(level) for level in range(1, 7)] == [1, 2, 3, 5, 9, 17]
    assert source.tile_file(3, 0, 1, 2) == Path("/t/3/f1_2.jpg")  # the contract's example
    assert source.tile_file(6, 5, 16, 0) == Path("/t/6/d16_0.jpg")
    assert [source.fallback_file(face).name for face in range(6)] == [f"{c}.jpg" for c in "frblud"]
    assert MULTIRES_FACE_LETTERS == ("f", "r", "b", "l", "u", "d") and len(CUBE_FACE_ORDER) == 6


def test_column_before_row_patterns():
    source = MultiresSource(Path("/t"), "/%l/%s%x%y", "png", 256, 4, 2048)
    assert source.tile_file(2, 1, 0, 1) == Path("/t/2/r10.png")  # column 1, row 0


@pytest.mark.parametrize("call", [
    lambda s: s.level_edge(0), lambda s: s.level_edge(7), lambda s: s.tile_file(1, 6, 0, 0),
    lambda s: s.tile_file(1, 0, 1, 0), lambda s: s.tile_file(2, 0, 0, 2), lambda s: s.fallback_file(-1),
])
def test_out_of_range_tiles_are_refused(call):
    with pytest.raises(ValueError):
        call(MultiresSource(Path("/t"), "/%l/%s%y_%x", "jpg", 512, 6, 8432, "/fallback/%s"))


# -- the real Pannellum sets ----------------------------------------------------------------------

FIXTURE_SETS = {
    # name: (multires settings as in the Pannellum configs, tiles per level as in SOURCES.md)
    "pannellum.org-library": ({"path": "/%l/%s%y_%x", "extension": "jpg", "tileResolution": 512, "maxLevel": 6,
                               "cubeResolution": 8432}, [6, 24, 54, 150, 486, 1734]),
    "pannellum.org-gallery": ({"path": "/%l/%s%y_%x", "extension": "jpg", "tileResolution": 512, "maxLevel": 5,
                               "cubeResolution": 4384}, [6, 24, 54, 150, 486]),
    "pannellum.org-6th-floor": ({"path": "/%l/%s%y_%x", "extension": "jpg", "tileResolution": 512, "maxLevel": 4,
                                 "cubeResolution": 3968}, [6, 24, 96, 384]),
    "pannellum-multires-testpattern": ({"path": "/%l/%s%x%y", "extension": "png", "tileResolution": 256,
                                        "maxLevel": 4, "cubeResolution": 2048}, [6, 24, 96, 384]),
}


def fixture_tour(tmp_path: Path, name: str, levels: tuple[int, ...]) -> Path:
    """A tour folder holding a copy of ``levels`` and the fallback faces of a fixture set."""
    settings, _ = FIXTURE_SETS[name]
    folder = tmp_path / "tour"
    for part in [*map(str, levels), "fallback"]:
        shutil.copytree(TILES / name / part, folder / "tiles" / part)
    document = {"version": 1, "scenes": {"s": {"type": "multires", "multires": {
        "basePath": "tiles", "fallbackPath": "/fallback/%s", **settings}}}}
    (folder / "tour.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    return folder / "tour.json"


@needs_fixtures
@pytest.mark.parametrize("name", sorted(FIXTURE_SETS))
def test_fixture_tile_counts_match_sources_md(name):
    settings, counts = FIXTURE_SETS[name]
    source = MultiresSource(TILES / name, settings["path"], settings["extension"], settings["tileResolution"],
                            settings["maxLevel"], settings["cubeResolution"], "/fallback/%s")
    assert [6 * source.tiles_per_side(level) ** 2 for level in range(1, source.max_level + 1)] == counts
    for level, count in enumerate(counts, start=1):
        on_disk = sorted(p for p in (TILES / name / str(level)).iterdir())
        expected = sorted(source.tile_file(level, face, row, col) for face in range(6)
                          for row in range(source.tiles_per_side(level)) for col in range(source.tiles_per_side(level)))
        assert on_disk == expected and len(on_disk) == count


@needs_fixtures
@pytest.mark.parametrize("name", sorted(FIXTURE_SETS))
def test_fixture_set_copied_into_a_tour_validates_clean(tmp_path, name):
    path = fixture_tour(tmp_path, name, levels=(1,))
    assert validate_tour_file(path) == []
    source = load_tour(path).start_scene.source
    assert source.base == (path.parent / "tiles").resolve()
    assert source.max_level == FIXTURE_SETS[name][0]["maxLevel"]


@needs_fixtures
def test_symlink_to_the_shared_fixtures_is_refused(tmp_path, only):
    """Why the fixture tours copy their tiles: a link out of the tour folder is refused."""
    folder = tmp_path / "tour"
    folder.mkdir()
    os.symlink(TILES / "pannellum.org-library", folder / "tiles")
    settings, _ = FIXTURE_SETS["pannellum.org-library"]
    document = {"version": 1, "scenes": {"s": {"type": "multires", "multires": {"basePath": "tiles", **settings}}}}
    (folder / "tour.json").write_text(json.dumps(document), encoding="utf-8")
    diagnostic = only(validate_tour_file(folder / "tour.json"), "$.scenes.s.multires.basePath")
    assert "leaves the tour's folder (through a symbolic link)" in diagnostic.message


@needs_fixtures
def test_pannellum_multires_config_converts_by_renaming_keys(tmp_path):
    """The contract: a Pannellum multiRes object works unchanged once basePath points into the tour."""
    config = json.loads((FIXTURES / "tours/pannellum.org/configs/multiresolution.json").read_text(encoding="utf-8"))
    multires = {**config["multiRes"], "basePath": "tiles"}
    path = fixture_tour(tmp_path, "pannellum.org-library", levels=(1,))
    document = {"version": 1, "scenes": {"library": {"type": "multires", "multires": multires}}}
    path.write_text(json.dumps(document), encoding="utf-8")
    source = load_tour(path).start_scene.source
    assert (source.tile_resolution, source.max_level, source.cube_resolution) == (512, 6, 8432)
    assert source.tile_file(1, 0, 0, 0) == (path.parent / "tiles/1/f0_0.jpg").resolve()

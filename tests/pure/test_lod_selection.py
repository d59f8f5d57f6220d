"""Choosing the level of detail and render scale for moving frames (vtour.model.lod_selection)."""

from __future__ import annotations

import json

import pytest

from vtour.model.lod_selection import (
    LodChooser,
    LodLevel,
    Option,
    find_manifest,
    finest_needed,
    ladder,
    predicted_seconds,
    read_manifest,
)

PIXELS = 1280 * 720
LEVELS = [1_000_000, 500_000, 100_000]


def test_ladder_runs_from_finest_to_coarsest_then_scales():
    options = ladder(LEVELS)
    assert options[:3] == [Option(0), Option(1), Option(2)]
    assert all(o.level == 2 and o.scale < 1 for o in options[3:])
    assert [o.scale for o in options[3:]] == sorted((o.scale for o in options[3:]), reverse=True)


def test_full_detail_until_a_frame_was_measured():
    assert LodChooser(LEVELS).choose(PIXELS) == Option(0)


def test_a_fast_machine_keeps_full_detail():
    chooser = LodChooser(LEVELS)
    chooser.record(Option(0), PIXELS, 0.01)
    assert chooser.choose(PIXELS) == Option(0)


def test_llvmpipe_speeds_pick_the_finest_option_that_fits_20_fps():
    chooser = LodChooser(LEVELS)
    full = predicted_seconds(1_000_000, PIXELS)  # ~0.24 s: llvmpipe's measured 1M frame
    chooser.record(Option(0), PIXELS, full)
    option = chooser.choose(PIXELS)
    assert chooser.predict(option, PIXELS) <= 0.05
    finer = ladder(LEVELS)[ladder(LEVELS).index(option) - 1]
    assert chooser.predict(finer, PIXELS) > 0.05


def test_speed_is_learnt_from_measured_frames():
    chooser = LodChooser(LEVELS)
    for _ in range(10):
        chooser.record(Option(2), PIXELS, 0.5 * predicted_seconds(100_000, PIXELS))
    assert chooser.speed == pytest.approx(0.5, rel=1e-3)
    assert chooser.predict(Option(1), PIXELS) == pytest.approx(0.5 * predicted_seconds(500_000, PIXELS))


def test_without_lod_files_only_the_scale_changes():
    chooser = LodChooser([1_000_000])
    chooser.record(Option(0), PIXELS, 0.25)
    option = chooser.choose(PIXELS)
    assert option.level == 0 and option.scale < 1
    assert LodChooser([1_000_000], allow_scaling=False).options == [Option(0)]


def test_nothing_fits_gives_the_coarsest():
    chooser = LodChooser(LEVELS)
    chooser.record(Option(0), PIXELS, 100.0)
    assert chooser.choose(PIXELS) == chooser.options[-1]


def test_screen_size_floor():
    levels = [LodLevel(0, 1000, 0.0), LodLevel(1, 500, 0.001), LodLevel(2, 100, 0.1)]
    assert finest_needed(levels, distance=20.0, vfov_deg=45.0, viewport_height=720) == 1
    assert finest_needed(levels, distance=0.1, vfov_deg=45.0, viewport_height=720) == 0
    assert finest_needed(levels, distance=1e5, vfov_deg=45.0, viewport_height=720) == 2
    chooser = LodChooser([1000, 500, 100])
    chooser.record(Option(0), PIXELS, 0.001)
    assert chooser.choose(PIXELS, finest=1) == Option(1)


def test_manifest_found_beside_the_model_or_in_the_lods_folder(tmp_path):
    model = tmp_path / "cave.glb"
    model.write_bytes(b"")
    assert find_manifest(model) is None
    folder = tmp_path / "cave-lods"
    folder.mkdir()
    manifest = folder / "cave.lods.json"
    manifest.write_text(json.dumps({"format": "vtour-lods", "version": 1, "levels": [
        {"level": 1, "ratio": 0.5, "file": "cave.lod1.glb", "triangles": 50, "error": 0.01},
        {"level": 0, "ratio": 1.0, "file": None, "triangles": 100, "error": 0.0}]}))
    assert find_manifest(model) == manifest
    levels = read_manifest(manifest)
    assert [lv.triangles for lv in levels] == [100, 50]
    assert levels[1].file == folder / "cave.lod1.glb" and levels[0].file is None
    beside = tmp_path / "cave.lods.json"
    beside.write_text(manifest.read_text())
    assert find_manifest(model) == beside


@pytest.mark.parametrize("text", ["{", '{"format": "other"}', '{"format": "vtour-lods", "levels": [{"level": 1}]}',
                                  '{"format": "vtour-lods", "levels": [{"level": 0, "triangles": 1, "file": "../x.glb"}]}'])
def test_broken_manifests_raise_value_error(tmp_path, text):
    path = tmp_path / "m.lods.json"
    path.write_text(text)
    with pytest.raises(ValueError):
        read_manifest(path)

"""How images are cut into padded tiles (pure math: no GL needed)."""

from __future__ import annotations

import pytest

from vtour.render.tiling import TILE_ALIGN, TILE_PAD, split_axis, tile_layout


@pytest.mark.parametrize(("length", "limit"), [(4096, 1024), (32768, 16384), (16385, 16384), (5000, 1000), (1480, 1000)])
def test_tiles_cover_the_axis_within_the_limit(length, limit):
    axis = split_axis(length, limit, periodic=False)
    assert axis.size <= limit
    assert axis.step % TILE_ALIGN == 0
    assert axis.count * axis.step >= length
    assert (axis.count - 1) * axis.step < length  # no empty tile


def test_small_axis_is_one_unpadded_tile():
    axis = split_axis(4096, 16384, periodic=True)
    assert (axis.count, axis.pad, axis.size) == (1, 0, 4096)
    assert tile_layout(4096, 2048, 16384, wrap_x=True).single


def test_padding_wraps_around_the_seam_or_repeats_the_edge():
    periodic = split_axis(4096, 1024, periodic=True)
    clamped = split_axis(4096, 1024, periodic=False)
    assert periodic.source_index(0, 0) == 4096 - TILE_PAD
    assert clamped.source_index(0, 0) == 0
    last = periodic.count - 1
    assert periodic.source_index(last, periodic.size - 1) == (last * periodic.step - TILE_PAD + periodic.size - 1) % 4096


def test_runs_reassemble_the_tile():
    axis = split_axis(4096, 1024, periodic=True)
    for tile in range(axis.count):
        filled = []
        for destination, source, length in axis.runs(tile):
            assert destination == len(filled)
            filled += list(range(source, source + length))
        assert filled == [axis.source_index(tile, i) for i in range(axis.size)]


def test_limit_too_small_for_padding():
    with pytest.raises(ValueError):
        split_axis(4096, 2 * TILE_PAD + 8, periodic=False)

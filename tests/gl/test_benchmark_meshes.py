"""`vtour bench --models` machinery on a tiny generated mesh: generation + LODs, the worker, the table."""

from __future__ import annotations

import json

import pytest

from vtour.benchmark.meshes import PAINT_BUDGET_SECONDS, ensure_grid_mesh
from vtour.benchmark.runner import BenchOptions, _run_model_worker, format_models, model_target_lines

pytestmark = pytest.mark.gl


@pytest.fixture(scope="module")
def tiny_mesh(tmp_path_factory):
    return ensure_grid_mesh(tmp_path_factory.mktemp("meshes"), 300, texture_size=64)


def test_generation_is_cached_with_lods(tiny_mesh):
    lods = tiny_mesh.parent / f"{tiny_mesh.stem}-lods"
    manifest = json.loads((lods / f"{tiny_mesh.stem}.lods.json").read_text())
    assert [level["ratio"] for level in manifest["levels"]] == [1.0, 0.5, 0.1, 0.02]
    stamp = tiny_mesh.stat().st_mtime_ns, (lods / f"{tiny_mesh.stem}.lods.json").stat().st_mtime_ns
    assert ensure_grid_mesh(tiny_mesh.parent, 300, texture_size=64) == tiny_mesh
    assert (tiny_mesh.stat().st_mtime_ns, (lods / f"{tiny_mesh.stem}.lods.json").stat().st_mtime_ns) == stamp


def test_worker_measures_a_model(tiny_mesh, tmp_path):
    options = BenchOptions(cache_dir=tmp_path, fixtures_dir=None, sizes=[], frames=0, repeats=0, baseline=False,
                           model_size=(64, 36), model_frames=3, model_msaa_frames=3)
    viewer = _run_model_worker(tiny_mesh, options)
    json.dumps(viewer)  # what the report file holds
    assert viewer["triangles"] == 288 and viewer["size"] == "64x36" and viewer["levels"][0] == 288
    assert len(viewer["levels"]) == 4 and viewer["samples"] >= 1
    assert 0 < viewer["load_ms"] < viewer["first_frame_ms"] <= viewer["first_full_detail_ms"]
    assert viewer["peak_rss_mb"] > 10 and viewer["lod_load_ms"] > 0
    for mode in ("full_msaa", "full_1x", "lod_moving"):
        frames = viewer["frames"][mode]
        assert frames["count"] == 3 and 0 < frames["median_ms"] <= frames["p95_ms"]
    assert sum(viewer["frames"]["lod_moving"]["chosen"].values()) == 3

    report = {"models": [{"name": "grid 1M", "viewer": {**viewer, "triangles": 1_000_000}}]}
    table = "\n".join(format_models(report))
    assert "grid 1M" in table and "LOD moving" in table
    assert model_target_lines(report)[1].startswith("  first_frame_ms:")
    assert model_target_lines(report)[2].endswith("met")  # a 64x36 frame is far under 50 ms


def test_missed_model_targets_are_reported():
    frames = {"lod_moving": {"median_ms": 80.0, "p95_ms": 90.0, "count": 5, "chosen": {}}}
    report = {"models": [{"name": "grid 1M", "viewer": {"triangles": 999_698, "first_frame_ms": 2500.0,
                                                        "frames": frames}}]}
    lines = model_target_lines(report)
    assert sum(line.endswith("MISSED") for line in lines) == 2 and "12.5" in lines[2]


def test_budget_matches_the_window():
    model_view = pytest.importorskip("vtour.ui.model_view")
    assert PAINT_BUDGET_SECONDS == model_view.PAINT_BUDGET_SECONDS

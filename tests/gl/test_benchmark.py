"""`vtour bench` machinery on a small panorama: worker processes, report table, target lines."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from vtour.benchmark.runner import BenchOptions, _run_worker, format_table, speedup, target_lines

pytestmark = pytest.mark.gl


@pytest.fixture
def small_panorama(tmp_path):
    path = tmp_path / "pano.jpg"
    rng = np.random.default_rng(3)
    Image.fromarray(rng.integers(0, 256, (128, 256, 3), dtype=np.uint8)).save(path, quality=90)
    return path


def test_workers_measure_a_panorama(small_panorama, tmp_path):
    options = BenchOptions(cache_dir=tmp_path, fixtures_dir=None, sizes=[(64, 36)], frames=4, repeats=1,
                           baseline=True)
    viewer = _run_worker(small_panorama, "viewer", options)
    baseline = _run_worker(small_panorama, "baseline", options)
    assert 0 < viewer["first_frame_ms"] <= viewer["mipmapped_frame_ms"]
    assert viewer["decode_ms"] > 0 and viewer["peak_rss_mb"] > 10
    frames = viewer["frames"]["64x36"]
    assert frames["count"] == 4 and 0 < frames["median_ms"] <= frames["p95_ms"]
    assert baseline["frames"]["64x36"]["median_ms"] > 0
    json.dumps(viewer)  # what the report file holds


def _report(frame_ms: float, first_ms: float, rss: float, e2p_ms: float) -> dict:
    viewer = {"first_frame_ms": first_ms, "peak_rss_mb": rss,
              "frames": {"1920x1080": {"median_ms": frame_ms, "p95_ms": frame_ms * 1.2, "count": 10}}}
    case = {"name": "synthetic 8192x4096", "viewer": viewer,
            "baseline": {"frames": {"1920x1080": {"median_ms": e2p_ms, "count": 3}}}}
    return {"sizes": ["1920x1080"], "cases": [case]}


def test_table_and_targets_report_what_was_measured():
    report = _report(frame_ms=20.0, first_ms=500.0, rss=400.0, e2p_ms=1000.0)
    assert speedup(report["cases"][0], "1920x1080") == pytest.approx(50.0)
    table = format_table(report)
    assert "synthetic 8192x4096" in table and "20.0 / 24.0" in table and "50x" in table
    assert all(line.endswith("met") for line in target_lines(report)[1:])


def test_missed_targets_are_reported_as_missed():
    lines = target_lines(_report(frame_ms=40.0, first_ms=900.0, rss=500.0, e2p_ms=400.0))
    assert sum(line.endswith("MISSED") for line in lines) == 4

"""The scene-switch latency benchmark runs end to end on small panoramas and formats its table."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from vtour.benchmark.switch import build_chain_tour, format_switch, measure_switch, switch_images

pytestmark = pytest.mark.gl


@pytest.fixture
def panoramas(tmp_path):
    rng = np.random.default_rng(5)
    for name in ("one", "two", "three"):
        Image.fromarray(rng.integers(0, 256, (128, 256, 3), dtype=np.uint8)).save(tmp_path / f"{name}.jpg")
    Image.new("RGB", (100, 100)).save(tmp_path / "not-a-panorama.jpg")
    return tmp_path


def test_chain_tour_links_every_scene_to_the_next(panoramas, tmp_path_factory):
    from vtour.io.tourfile import load_tour

    images = switch_images(panoramas, (256, 128))
    assert [p.stem for p in images] == ["one", "three", "two"]
    tour = load_tour(build_chain_tour(images, tmp_path_factory.mktemp("tour")))
    assert [s.hotspots[0].target_scene for s in tour.scenes] == ["s1", "s2", "s0"]


def test_switch_latency_with_and_without_preloading(panoramas, gl_context):
    gl_context.done_current()  # the measurement makes its own context
    report = measure_switch(panoramas, switches=2, size=(160, 90), image_size=(256, 128))
    for key in ("without_preload", "with_preload"):
        assert report[key]["count"] == 2 and report[key]["total_median_ms"] > 0
    assert report["with_preload"]["pixels_median_ms"] < report["without_preload"]["pixels_median_ms"]
    lines = format_switch(report)
    assert "with preloading" in "\n".join(lines) and "target with preloading <= 150 ms" in lines[-1]

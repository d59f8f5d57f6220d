"""The preload cache: bounded, LRU, cancels what is no longer wanted, never decodes twice."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from vtour.io.panorama import EquirectPixels
from vtour.io.preload import PreloadCache, linked_scene_ids
from vtour.model.tour import EquirectSource, Hotspot, Scene, Tour

MB = 2**20


def _tour(count: int = 4, size=(1024, 512)) -> Tour:
    scenes = []
    for i in range(count):
        links = tuple(Hotspot(id=f"l{j}", kind="scene", target_scene=f"s{j}") for j in range(count) if j != i)
        scenes.append(Scene(id=f"s{i}", source=EquirectSource(path=Path(f"/nowhere/{i}.jpg"), size=size),
                            hotspots=links + (Hotspot(id="i", kind="info"),)))
    return Tour(path=Path("/nowhere/tour.json"), scenes=tuple(scenes), first_scene="s0")


class FakeDecoder:
    def __init__(self, nbytes: int = MB, gate: threading.Event | None = None):
        self.calls: list[str] = []
        self.nbytes, self.gate = nbytes, gate

    def __call__(self, scene):
        if self.gate is not None:
            self.gate.wait(5)
        self.calls.append(scene.id)
        return EquirectPixels(rgba=np.zeros(self.nbytes, np.uint8))


def test_linked_scene_ids_in_order_without_repeats():
    scene = Scene(id="a", source=None, hotspots=(
        Hotspot(id="1", kind="scene", target_scene="c"), Hotspot(id="2", kind="info"),
        Hotspot(id="3", kind="scene", target_scene="b"), Hotspot(id="4", kind="scene", target_scene="c"),
        Hotspot(id="5", kind="scene", target_scene="a")))
    assert linked_scene_ids(scene) == ["c", "b"]


def test_prefetch_decodes_in_background_and_take_hands_pixels_over():
    tour, decoder = _tour(), FakeDecoder()
    ready = []
    cache = PreloadCache(max_scenes=2, on_ready=ready.append, decode=decoder)
    cache.prefetch(tour, ["s1", "s2", "s3"])
    cache.wait()
    assert sorted(cache.cached_ids) == ["s1", "s2"] and sorted(ready) == ["s1", "s2"]  # max 2
    assert cache.take("s1") is not None
    assert cache.take("s1") is None  # handed over, not kept twice
    cache.prefetch(tour, ["s2"])
    cache.wait()
    assert decoder.calls.count("s2") == 1  # already cached: not decoded again
    cache.shutdown()


def test_budget_evicts_least_recent_unwanted_first():
    tour, decoder = _tour(), FakeDecoder(nbytes=3 * MB)
    cache = PreloadCache(max_scenes=5, budget_mb=7, decode=decoder)
    cache.prefetch(tour, ["s1", "s2"])
    cache.wait()
    cache.prefetch(tour, ["s3", "s1"])  # s2 no longer wanted
    cache.wait()
    assert "s2" not in cache.cached_ids and set(cache.cached_ids) == {"s1", "s3"}
    assert cache.nbytes <= 7 * MB
    cache.shutdown()


def test_scene_change_cancels_queued_decodes():
    gate = threading.Event()
    tour, decoder = _tour(), FakeDecoder(gate=gate)
    cache = PreloadCache(max_scenes=3, decode=decoder)
    cache.prefetch(tour, ["s1", "s2"])  # s1 runs (blocked), s2 queued
    cache.prefetch(tour, ["s3"])  # the visitor moved on: s2 never starts
    gate.set()
    cache.wait()
    cache.shutdown()
    assert "s2" not in decoder.calls and "s3" in decoder.calls


def test_a_scene_over_the_budget_is_not_preloaded():
    tour, decoder = _tour(size=(16384, 8192)), FakeDecoder()
    cache = PreloadCache(budget_mb=320, decode=decoder)
    cache.prefetch(tour, ["s1"])
    cache.wait()
    assert decoder.calls == [] and not cache.is_pending("s1")
    cache.shutdown()

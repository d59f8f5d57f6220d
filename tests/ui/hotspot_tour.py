"""A small two-scene tour for the hotspot and transition tests (drawn demo image, hard-linked)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from vtour.resources import demo_tour_path

LOAD_TIMEOUT_MS = 20_000


def make_two_scene_tour(folder: Path, transition: dict | None = None, link_view=None) -> Path:
    image = demo_tour_path().parent / "terrace.jpg"
    for name in ("a.jpg", "b.jpg"):
        try:
            os.link(image, folder / name)
        except OSError:
            shutil.copy(image, folder / name)
    document = {
        "version": 1,
        "languages": ["en", "zh-Hans"],
        "scenes": {
            "a": {"panorama": "a.jpg", "northOffset": 10, "initialView": {"yaw": 0, "pitch": 0, "hfov": 90},
                  "hotspots": [
                      {"id": "go", "type": "scene", "yaw": 0, "pitch": 0, "targetScene": "b",
                       "title": {"en": "To B", "zh-Hans": "去 B"},
                       "targetView": link_view if link_view is not None else {"yaw": 33, "pitch": -4, "hfov": 80}},
                      {"id": "note", "type": "info", "yaw": 20, "pitch": 5, "title": {"en": "Note", "zh-Hans": "注"}},
                      {"id": "wall", "type": "area", "title": "Wall",
                       "vertices": [[-35, -10], [-20, -10], [-20, 10], [-35, 10]]}]},
            "b": {"panorama": "b.jpg", "northOffset": 100, "initialView": {"yaw": 50, "pitch": 0, "hfov": 90},
                  "hotspots": [{"id": "back", "type": "scene", "yaw": 0, "pitch": 0, "targetScene": "a"}]},
        },
    }
    if transition is not None:
        document["transition"] = transition
    path = folder / "tour.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def wait_for_scene(qtbot, window, scene_id: str) -> None:
    qtbot.waitUntil(lambda: window.scene is not None and window.scene.id == scene_id
                    and window.overlay.mode != "progress" and window.panorama_view.has_panorama,
                    timeout=LOAD_TIMEOUT_MS)


def wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.scene_switcher.is_transitioning, timeout=LOAD_TIMEOUT_MS)

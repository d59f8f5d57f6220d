"""Fixtures for the tour-file tests: a folder of small Pillow-made images and a tour writer."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from vtour.model.errors import Diagnostic

TOUR_IMAGES = {
    "pano.jpg": (64, 32),  # a full 2:1 panorama
    "wide.jpg": (60, 32),  # not 2:1
    "partial.png": (40, 20),  # haov 120 / vaov 60
    "rect.png": (16, 8),  # not square
    "big.png": (32, 32),  # square but not the faces' size
    **{f"faces/{name}.png": (16, 16) for name in ("front", "right", "back", "left", "up", "down")},
}


@pytest.fixture
def tour_dir(tmp_path: Path) -> Path:
    """A tour folder holding :data:`TOUR_IMAGES` (solid colours, a few hundred bytes each)."""
    folder = tmp_path / "tour"
    for name, size in TOUR_IMAGES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (200, 120, 40)).save(path)
    return folder


@pytest.fixture
def write_tour(tour_dir: Path) -> Callable[..., Path]:
    """``write_tour(doc_or_text, name="tour.json")``: a dict is written as indented JSON, a str is
    dedented and written as is (so tests can state exact lines and columns)."""

    def write(content: dict | str | bytes, name: str = "tour.json") -> Path:
        path = tour_dir / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        else:
            path.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def _minimal_tour(**scene_extra) -> dict:
    return {"version": 1, "scenes": {"hall": {"panorama": "pano.jpg", **scene_extra}}}


def _only(diagnostics: list[Diagnostic], json_path: str) -> Diagnostic:
    found = [d for d in diagnostics if d.json_path == json_path]
    assert len(found) == 1, "\n".join(str(d) for d in diagnostics) or "no diagnostics"
    return found[0]


@pytest.fixture
def minimal_tour() -> Callable[..., dict]:
    """``minimal_tour(**scene_keys)``: a valid one-scene tour on pano.jpg, plus ``scene_keys``."""
    return _minimal_tour


@pytest.fixture
def only() -> Callable[[list[Diagnostic], str], Diagnostic]:
    """``only(diagnostics, json_path)``: the single diagnostic at that path (fails otherwise)."""
    return _only

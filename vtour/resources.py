"""Locate the shaders and bundled assets, from a checkout or from an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` ("shaders" or "assets").

    A wheel carries them in ``vtour/_data/``; a checkout (editable install or plain source tree)
    has them beside the package at the repository root.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"vtour data folder {name!r} not found next to {_PACKAGE_DIR}")


def shader_dir() -> Path:
    return data_dir("shaders")


def assets_dir() -> Path:
    return data_dir("assets")


DEMO_SITES = ("jiaohe", "kizil")
"""The bundled demo tours of real sites (procedural illustrations, tools/make_demo_tours.py)."""


def demo_tour_path() -> Path:
    """The small drawn sample tour (a yaw/pitch grid: orientation checks, tests)."""
    return assets_dir() / "demo" / "tour.json"


def site_tour_path(site: str) -> Path:
    """A bundled demo site's tour: ``"jiaohe"`` or ``"kizil"``."""
    return assets_dir() / site / "tour.json"


def default_tour_path() -> Path:
    """The tour ``vtour`` opens when started without arguments: the Jiaohe demo (the drawn
    sample where the site demos are absent)."""
    path = site_tour_path(DEMO_SITES[0])
    return path if path.is_file() else demo_tour_path()

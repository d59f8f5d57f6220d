"""Which level of detail (and render scale) to draw while the camera moves. Pure: no Qt, no GL.

The model view draws full detail with MSAA when the camera rests. While it moves it draws with one
sample and picks, from a *ladder* of options running from finest to coarsest — every LOD level of
the ``<stem>.lods.json`` manifest (:mod:`vtour.io.lod`) at full resolution, then the coarsest level
at lower render scales — the finest option whose predicted frame time fits the budget
(:data:`TARGET_FRAME_SECONDS`, 20 frames/s).

Prediction: ``t = k * (FIXED + PER_TRIANGLE * triangles + PER_PIXEL * pixels)``. The coefficients
are llvmpipe's on 2 cores at 1280x720 (docs/models.md: 15k triangles ~47 ms, 100k ~108 ms, 1M
~240 ms without MSAA, the pixel term dominating); ``k`` is learnt from the frames actually drawn
(an exponential average of measured / predicted), so a real GPU, where everything is 10-100x
faster, ends up on the finest option.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

TARGET_FRAME_SECONDS = 0.05
"""20 frames/s while moving (issue 4)."""
FIXED_SECONDS = 0.002
PER_TRIANGLE_SECONDS = 1.5e-7
PER_PIXEL_SECONDS = 1.0e-7
SCALES = (0.75, 0.5, 0.35)
"""Render scales tried below full resolution, on the coarsest level (then upscaled)."""
SMOOTHING = 0.5
"""Weight of the newest frame in the speed estimate."""


@dataclass(frozen=True)
class LodLevel:
    """One level of a manifest: ``file`` None for the model itself (level 0)."""

    level: int
    triangles: int
    error: float = 0.0
    file: Path | None = None


@dataclass(frozen=True)
class Option:
    """A way to draw a moving frame: LOD ``level`` (an index into the levels) at render ``scale``."""

    level: int
    scale: float = 1.0


def find_manifest(model: Path) -> Path | None:
    """``<stem>.lods.json`` beside the model, or in ``<stem>-lods/`` beside it (make_lods' usual output)."""
    model = Path(model)
    for candidate in (model.with_name(f"{model.stem}.lods.json"),
                      model.parent / f"{model.stem}-lods" / f"{model.stem}.lods.json"):
        if candidate.is_file():
            return candidate
    return None


def read_manifest(path: Path) -> list[LodLevel]:
    """The levels of a manifest, finest first; files resolved next to it. Raises ValueError when malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != "vtour-lods":
            raise ValueError(f"{path}: not a vtour-lods manifest")
        levels = []
        for entry in data["levels"]:
            file = entry.get("file")
            if file is not None and (Path(file).is_absolute() or ".." in Path(file).parts):
                raise ValueError(f"{path}: level file {file!r} must lie beside the manifest")
            levels.append(LodLevel(int(entry["level"]), int(entry["triangles"]), float(entry.get("error", 0.0)),
                                   None if file is None else path.parent / file))
    except (OSError, KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: unreadable LOD manifest: {exc}") from None
    levels.sort(key=lambda level: level.level)
    if not levels or levels[0].file is not None:
        raise ValueError(f"{path}: the manifest has no level 0 (the model itself)")
    return levels


def ladder(triangles: list[int]) -> list[Option]:
    """Options finest first: each level at full scale, then the coarsest at :data:`SCALES`."""
    options = [Option(i) for i in range(len(triangles))]
    coarsest = len(triangles) - 1
    return options + [Option(coarsest, s) for s in SCALES]


def predicted_seconds(triangles: int, pixels: int) -> float:
    """The frame time of the model at speed factor 1 (llvmpipe, 2 cores)."""
    return FIXED_SECONDS + PER_TRIANGLE_SECONDS * triangles + PER_PIXEL_SECONDS * pixels


def screen_error_pixels(error: float, distance: float, vfov_deg: float, viewport_height: int) -> float:
    """A level's geometric error in pixels at ``distance`` (docs/models.md)."""
    if distance <= 0.0:
        return math.inf
    return error * viewport_height / (2.0 * distance * math.tan(math.radians(vfov_deg) / 2.0))


class LodChooser:
    """Learns how fast frames draw and picks the option for the next moving frame.

    ``triangles``: the triangle count of each level, finest first (one entry: no LOD files, only the
    render scale can change). Call :meth:`record` after each frame with what it drew and how long it took.
    """

    def __init__(self, triangles: list[int], target: float = TARGET_FRAME_SECONDS, allow_scaling: bool = True):
        self.triangles = list(triangles)
        self.target = target
        self.options = ladder(self.triangles) if allow_scaling else [Option(i) for i in range(len(self.triangles))]
        self.speed: float | None = None  # measured / predicted, learnt

    def set_levels(self, triangles: list[int]) -> None:
        """Levels became available (loaded in the background); keeps the learnt speed."""
        scaling = any(o.scale != 1.0 for o in self.options)
        self.triangles = list(triangles)
        self.options = ladder(self.triangles) if scaling else [Option(i) for i in range(len(self.triangles))]

    def predict(self, option: Option, pixels: int) -> float:
        speed = self.speed if self.speed is not None else 1.0
        return speed * predicted_seconds(self.triangles[option.level], int(pixels * option.scale ** 2))

    def record(self, option: Option, pixels: int, seconds: float) -> None:
        """A frame drawn with ``option`` at ``pixels`` (full-scale count) took ``seconds``."""
        base = predicted_seconds(self.triangles[option.level], int(pixels * option.scale ** 2))
        ratio = seconds / base
        self.speed = ratio if self.speed is None else (1 - SMOOTHING) * self.speed + SMOOTHING * ratio

    def choose(self, pixels: int, finest: int = 0) -> Option:
        """The finest option (from level ``finest`` on: finer ones would show no difference) that fits
        the budget, else the coarsest. Full detail until a frame has been measured."""
        if self.speed is None:
            return Option(min(finest, len(self.triangles) - 1))
        candidates = [o for o in self.options if o.level >= finest or o.scale != 1.0]
        for option in candidates:
            if self.predict(option, pixels) <= self.target:
                return option
        return candidates[-1]


def finest_needed(levels: list[LodLevel], distance: float, vfov_deg: float, viewport_height: int,
                  max_pixels: float = 1.0) -> int:
    """The coarsest level whose error stays under ``max_pixels`` on screen (0 when none does)."""
    best = 0
    for index, level in enumerate(levels):
        if screen_error_pixels(level.error, distance, vfov_deg, viewport_height) < max_pixels:
            best = index
    return best

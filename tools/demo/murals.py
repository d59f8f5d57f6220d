"""Procedural Kucha-style mural textures for the Kizil demo cave (``kizil.py``).

Why procedural: the demo tour must ship without third-party photographs, and a generator keeps the
bundle small and reproducible. The motifs are simplified silhouettes in the Kucha palette (lapis
blue, malachite green, earth reds and ochres on a white ground, dark outlines), then aged with
numpy noise: soot, fading, flaking down to the white ground and losses down to the straw-tempered
mud, plus the rectangular cut-outs left by early twentieth-century expeditions. It illustrates the
style; it copies no particular cave.

Everything is laid out in metres on a :class:`Canvas` whose image covers one surface exactly, so a
texture has the same scale on every wall. Image ``y`` grows downwards (glTF's ``v``). Shapes are
drawn at :data:`SUPERSAMPLE` times the final size and reduced, which anti-aliases the outlines.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from PIL import Image, ImageDraw

MAX_SIZE = 2048  # texture edge limit (pixels)
SUPERSAMPLE = 2

Colour = tuple[int, int, int]
Point = tuple[float, float]

# -- the Kucha palette (sRGB), slightly lightened so the dim cave interior still reads -------------
LAPIS: Colour = (44, 86, 160)
LAPIS_DARK: Colour = (30, 56, 112)
LAPIS_LIGHT: Colour = (104, 144, 198)
MALACHITE: Colour = (58, 138, 116)
MALACHITE_LIGHT: Colour = (126, 184, 156)
RED: Colour = (160, 66, 44)
RED_DARK: Colour = (112, 44, 32)
OCHRE: Colour = (200, 148, 70)
OCHRE_LIGHT: Colour = (226, 194, 128)
WHITE: Colour = (234, 224, 202)
OUTLINE: Colour = (48, 34, 30)
SKIN_GREY: Colour = (108, 100, 102)  # lead white darkened with age, as on many Kizil faces
SKIN_PINK: Colour = (216, 170, 140)
BROWN: Colour = (128, 84, 54)
PLASTER: Colour = (206, 190, 160)
MUD: Colour = (116, 98, 82)
STRAW: Colour = (168, 148, 112)

GROUNDS: tuple[Colour, ...] = (LAPIS, MALACHITE, OCHRE_LIGHT, WHITE)

# -- side-wall layout (metres from the top of the wall image), shared with kizil.py's anchors ------
BORDER = 0.22  # pearl band and meander under the vault's springing line
REGISTER = 0.9
REGISTER_GAP = 0.06
PANELS_PER_REGISTER = 4
WALL_MARGIN = 0.05


# == drawing in metres ==============================================================================


class Canvas:
    """An RGB image drawn in metres, ``(0, 0)`` at its top-left corner, ``y`` down.

    :meth:`placed` moves the origin and turns the local frame by quarter turns, so a motif drawn
    upright (local ``-y`` up) can stand on a vault with its head towards the apex.
    """

    def __init__(self, width_m: float, height_m: float, ppm: float, ground: Colour):
        ppm = min(ppm, MAX_SIZE / width_m, MAX_SIZE / height_m)
        self.width_m, self.height_m = width_m, height_m
        self.size = (max(16, round(width_m * ppm)), max(16, round(height_m * ppm)))
        self.ppm = self.size[0] / width_m
        self._sx = self.size[0] * SUPERSAMPLE / width_m
        self._sy = self.size[1] * SUPERSAMPLE / height_m
        self.image = Image.new("RGB", (self.size[0] * SUPERSAMPLE, self.size[1] * SUPERSAMPLE), ground)
        self.draw = ImageDraw.Draw(self.image)
        self._origin: Point = (0.0, 0.0)
        self._turns = 0

    @contextmanager
    def placed(self, x: float, y: float, turns: int = 0) -> Iterator[Canvas]:
        """Draw in a frame at ``(x, y)`` (canvas metres) turned ``turns`` quarter turns clockwise."""
        saved = self._origin, self._turns
        self._origin, self._turns = self._global(x, y), (self._turns + turns) % 4
        try:
            yield self
        finally:
            self._origin, self._turns = saved

    def _global(self, x: float, y: float) -> Point:
        ox, oy = self._origin
        turns = self._turns
        if turns == 1:
            return ox - y, oy + x
        if turns == 2:
            return ox - x, oy - y
        if turns == 3:
            return ox + y, oy - x
        return ox + x, oy + y

    def _px(self, x: float, y: float) -> Point:
        gx, gy = self._global(x, y)
        return gx * self._sx, gy * self._sy

    def _width(self, metres: float) -> int:
        return max(1, round(metres * self._sx))

    def polygon(self, points: Sequence[Point], fill: Colour | None, outline: Colour | None = None,
                width: float = 0.004) -> None:
        pixels = [self._px(x, y) for x, y in points]
        if fill is not None:
            self.draw.polygon(pixels, fill=fill)
        if outline is not None:
            self.draw.line(pixels + pixels[:1], fill=outline, width=self._width(width), joint="curve")

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Colour | None,
             outline: Colour | None = None, width: float = 0.004) -> None:
        self.polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], fill, outline, width)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: Colour | None,
                outline: Colour | None = None, width: float = 0.004) -> None:
        if self._turns % 2:
            rx, ry = ry, rx
        px, py = self._px(cx, cy)
        rx, ry = abs(rx * self._sx), abs(ry * self._sy)
        if rx < 0.5 or ry < 0.5:
            return
        self.draw.ellipse([px - rx, py - ry, px + rx, py + ry], fill=fill, outline=outline,
                          width=self._width(width) if outline is not None else 0)

    def circle(self, cx: float, cy: float, r: float, fill: Colour | None, outline: Colour | None = None,
               width: float = 0.004) -> None:
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def line(self, points: Sequence[Point], fill: Colour, width: float = 0.004) -> None:
        self.draw.line([self._px(x, y) for x, y in points], fill=fill, width=self._width(width), joint="curve")

    def finish(self) -> Image.Image:
        """The image at its final size (the supersampled drawing reduced)."""
        return self.image.resize(self.size, Image.Resampling.BOX)


def arc(cx: float, cy: float, rx: float, ry: float, start: float, stop: float, count: int = 16) -> list[Point]:
    """Points on an ellipse between two angles (degrees, 0 = +x, 90 = +y i.e. downwards)."""
    angles = np.radians(np.linspace(start, stop, count))
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]


def shade(colour: Colour, factor: float) -> Colour:
    """``colour`` darkened (factor < 1) or lightened towards white (factor > 1)."""
    if factor <= 1.0:
        return tuple(int(c * factor) for c in colour)  # type: ignore[return-value]
    t = min(factor - 1.0, 1.0)
    return tuple(int(c + (255 - c) * t) for c in colour)  # type: ignore[return-value]


# == figures (drawn upright in the local frame, base centre at (x, y), height h) ==================


def seated_buddha(c: Canvas, x: float, y: float, h: float, robe: Colour, halo: Colour,
                  mandorla: Colour | None, skin: Colour = SKIN_GREY) -> None:
    """A seated Buddha in meditation: mandorla, head halo, robe over rounded shoulders, crossed
    legs, hands in the lap, ushnisha."""
    line = max(0.002, h * 0.012)
    if mandorla is not None:
        c.ellipse(x, y - 0.4 * h, 0.33 * h, 0.4 * h, mandorla, OUTLINE, line)
        c.ellipse(x, y - 0.4 * h, 0.27 * h, 0.34 * h, None, shade(mandorla, 1.35), line)
    c.circle(x, y - 0.74 * h, 0.18 * h, halo, OUTLINE, line)
    c.circle(x, y - 0.74 * h, 0.135 * h, None, shade(halo, 1.4), line)
    body = [(x - 0.17 * h, y - 0.54 * h), (x + 0.17 * h, y - 0.54 * h), (x + 0.2 * h, y - 0.3 * h),
            (x + 0.2 * h, y - 0.14 * h), (x - 0.2 * h, y - 0.14 * h), (x - 0.2 * h, y - 0.3 * h)]
    c.polygon(body, robe, OUTLINE, line)
    c.ellipse(x, y - 0.54 * h, 0.17 * h, 0.07 * h, robe)
    c.ellipse(x, y - 0.1 * h, 0.32 * h, 0.1 * h, shade(robe, 0.82), OUTLINE, line)
    c.line([(x - 0.15 * h, y - 0.55 * h), (x + 0.12 * h, y - 0.2 * h)], shade(robe, 0.55), line * 1.5)
    c.line(arc(x, y - 0.2 * h, 0.3 * h, 0.06 * h, 200, 340, 8), shade(robe, 0.55), line)
    c.ellipse(x, y - 0.2 * h, 0.08 * h, 0.045 * h, skin, OUTLINE, line)  # hands in the lap
    c.rect(x - 0.04 * h, y - 0.66 * h, x + 0.04 * h, y - 0.56 * h, skin)
    c.circle(x, y - 0.74 * h, 0.095 * h, skin, OUTLINE, line)
    c.circle(x, y - 0.85 * h, 0.05 * h, shade(OUTLINE, 1.2), OUTLINE, line)


def standing_figure(c: Canvas, x: float, y: float, h: float, robe: Colour, skin: Colour = SKIN_PINK,
                    halo: Colour | None = None, scarf: Colour | None = None, arms_up: bool = False) -> None:
    """A standing Buddha (with a halo: U-shaped robe folds, ushnisha) or donor / mourner: halo,
    robe over rounded shoulders, an inner hem, scarf, one hand raised."""
    line = max(0.002, h * 0.01)
    if halo is not None:
        c.circle(x, y - 0.86 * h, 0.12 * h, halo, OUTLINE, line)
    if arms_up:  # a mourner's raised arms
        for k in (-1, 1):
            c.line([(x + k * 0.1 * h, y - 0.72 * h), (x + k * 0.2 * h, y - 0.88 * h),
                    (x + k * 0.16 * h, y - 1.0 * h)], skin, line * 3)
    c.rect(x - 0.13 * h, y - 0.14 * h, x + 0.13 * h, y - 0.04 * h, shade(robe, 0.7), OUTLINE, line)
    body = [(x - 0.04 * h, y - 0.79 * h), (x + 0.04 * h, y - 0.79 * h), (x + 0.13 * h, y - 0.74 * h),
            (x + 0.15 * h, y - 0.66 * h), (x + 0.14 * h, y - 0.4 * h), (x + 0.16 * h, y - 0.12 * h),
            (x - 0.16 * h, y - 0.12 * h), (x - 0.14 * h, y - 0.4 * h), (x - 0.15 * h, y - 0.66 * h),
            (x - 0.13 * h, y - 0.74 * h)]
    c.polygon(body, robe, OUTLINE, line)
    folds = shade(robe, 0.6)
    if halo is not None:
        for k in range(4):
            c.line(arc(x, y - (0.66 - 0.1 * k) * h, 0.1 * h, 0.06 * h, 20, 160, 8), folds, line)
    else:
        c.line([(x - 0.12 * h, y - 0.45 * h), (x + 0.12 * h, y - 0.45 * h)], folds, line * 1.5)  # a belt
    if scarf is not None:
        for k in (-1, 1):
            c.line([(x + k * 0.12 * h, y - 0.72 * h), (x + k * 0.2 * h, y - 0.42 * h),
                    (x + k * 0.15 * h, y - 0.16 * h)], scarf, line * 2.5)
    c.circle(x + 0.08 * h, y - 0.6 * h, 0.028 * h, skin, OUTLINE, line)  # raised hand
    for k in (-1, 1):
        c.ellipse(x + k * 0.06 * h, y - 0.03 * h, 0.045 * h, 0.022 * h, skin, OUTLINE, line)
    c.rect(x - 0.025 * h, y - 0.82 * h, x + 0.025 * h, y - 0.78 * h, skin)
    c.ellipse(x, y - 0.87 * h, 0.055 * h, 0.066 * h, skin, OUTLINE, line)
    if halo is not None:
        c.circle(x, y - 0.94 * h, 0.03 * h, OUTLINE)
    else:
        c.ellipse(x, y - 0.92 * h, 0.058 * h, 0.03 * h, OUTLINE)


def tree(c: Canvas, x: float, y: float, h: float, leaves: Colour = MALACHITE) -> None:
    """A stylised tree: trunk and a crown of outlined leaf clusters."""
    line = max(0.002, h * 0.012)
    c.rect(x - 0.04 * h, y - 0.55 * h, x + 0.04 * h, y, BROWN, OUTLINE, line)
    for dx, dy, r in ((-0.2, -0.62, 0.2), (0.2, -0.62, 0.2), (0.0, -0.8, 0.22), (-0.1, -0.95, 0.15),
                      (0.12, -0.95, 0.15)):
        c.circle(x + dx * h, y + dy * h, r * h, leaves, OUTLINE, line)
        c.circle(x + dx * h, y + dy * h, r * h * 0.45, shade(leaves, 1.3))


def animal(c: Canvas, x: float, y: float, h: float, coat: Colour) -> None:
    """A small quadruped (deer, monkey, hare...) as in the jataka scenes of the lozenges."""
    line = max(0.002, h * 0.03)
    for dx in (-0.3, -0.15, 0.15, 0.3):
        c.line([(x + dx * h, y - 0.35 * h), (x + dx * h * 1.1, y)], OUTLINE, line * 1.5)
    c.ellipse(x, y - 0.45 * h, 0.42 * h, 0.18 * h, coat, OUTLINE, line)
    c.circle(x + 0.45 * h, y - 0.7 * h, 0.13 * h, coat, OUTLINE, line)
    c.line([(x + 0.42 * h, y - 0.8 * h), (x + 0.38 * h, y - 1.0 * h)], OUTLINE, line)


def kneeling_figure(c: Canvas, x: float, y: float, h: float, robe: Colour, skin: Colour, halo: Colour | None,
                    facing: int) -> None:
    """A kneeling worshipper turned towards the Buddha (``facing`` +1: looks right)."""
    line = max(0.002, h * 0.012)
    if halo is not None:
        c.circle(x, y - 0.78 * h, 0.17 * h, halo, OUTLINE, line)
    body = [(x - 0.12 * h, y - 0.66 * h), (x + 0.12 * h, y - 0.66 * h), (x + 0.22 * h, y - 0.05 * h),
            (x - 0.22 * h, y - 0.05 * h)]
    c.polygon(body, robe, OUTLINE, line)
    c.line([(x, y - 0.56 * h), (x + facing * 0.2 * h, y - 0.58 * h)], skin, line * 3)  # offering hands
    c.circle(x, y - 0.78 * h, 0.1 * h, skin, OUTLINE, line)


# == bands and frames ================================================================================


def pearl_band(c: Canvas, x0: float, x1: float, y: float, height: float, ground: Colour = RED) -> None:
    """A row of white pearls on a coloured band (top edge at ``y``)."""
    c.rect(x0, y, x1, y + height, ground, OUTLINE, 0.003)
    step = height * 1.1
    for k in range(int((x1 - x0) / step) + 1):
        c.circle(x0 + (k + 0.5) * step, y + height / 2, height * 0.32, WHITE, OUTLINE, 0.002)


def meander_band(c: Canvas, x0: float, x1: float, y: float, height: float) -> None:
    """A white stepped meander on lapis, the key pattern that runs along Kucha cornices."""
    c.rect(x0, y, x1, y + height, LAPIS, OUTLINE, 0.003)
    step, m = height * 1.6, height * 0.2
    top, bottom = y + m, y + height - m
    points: list[Point] = []
    for k in range(int((x1 - x0) / step) + 1):
        a = x0 + k * step
        points += [(a, bottom), (a, top), (a + step * 0.5, top), (a + step * 0.5, bottom)]
    c.line(points, WHITE, height * 0.12)


def cornice(c: Canvas, x0: float, x1: float, y: float) -> float:
    """The painted border under the springing line: pearl band, meander, thin ochre rule.
    Returns the ``y`` below it."""
    pearl_band(c, x0, x1, y, 0.06)
    meander_band(c, x0, x1, y + 0.06, 0.12)
    c.rect(x0, y + 0.18, x1, y + 0.22, OCHRE, OUTLINE, 0.003)
    return y + BORDER


def frame(c: Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    """A panel frame: dark red band with a white inner rule."""
    c.rect(x0, y0, x1, y1, None, RED_DARK, 0.035)
    c.rect(x0 + 0.022, y0 + 0.022, x1 - 0.022, y1 - 0.022, None, WHITE, 0.006)


# == noise and ageing =================================================================================


def fbm(rng: np.random.Generator, height: int, width: int, feature_px: float, octaves: int = 4,
        tile: bool = False) -> np.ndarray:
    """Fractal value noise, standardised (mean 0, std 1). ``tile``: wraps around (needs sizes that
    are multiples of the feature size, as the tileable floor and rock textures have)."""
    total = np.zeros((height, width), np.float32)
    amplitude = 1.0
    for octave in range(octaves):
        feature = max(2.0, feature_px / 2 ** octave)
        total += amplitude * _value_noise(rng, height, width, feature, tile)
        amplitude *= 0.5
    return (total - total.mean()) / max(float(total.std()), 1e-6)


def _value_noise(rng: np.random.Generator, height: int, width: int, feature: float, tile: bool) -> np.ndarray:
    if tile:
        cells_x, cells_y = max(1, round(width / feature)), max(1, round(height / feature))
        grid = np.pad(rng.random((cells_y, cells_x)).astype(np.float32), 2, mode="wrap")
        sx, sy = width / cells_x, height / cells_y
        big = Image.fromarray(grid, "F").resize((round(grid.shape[1] * sx), round(grid.shape[0] * sy)),
                                                Image.Resampling.BICUBIC)
        x0, y0 = round(2 * sx), round(2 * sy)
        return np.asarray(big)[y0:y0 + height, x0:x0 + width]
    cells_x, cells_y = max(2, math.ceil(width / feature) + 1), max(2, math.ceil(height / feature) + 1)
    grid = rng.random((cells_y, cells_x)).astype(np.float32)
    return np.asarray(Image.fromarray(grid, "F").resize((width, height), Image.Resampling.BICUBIC))


def mud_layer(rng: np.random.Generator, height: int, width: int, ppm: float, tile: bool = False) -> np.ndarray:
    """Straw-tempered mud (float RGB 0..1), what shows where the plaster has fallen away."""
    n = fbm(rng, height, width, 0.08 * ppm, 4, tile)
    base = np.asarray(MUD, np.float32) / 255 * (1.0 + 0.12 * n)[..., None]
    straw = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(straw)
    count = int(width * height / ppm ** 2 * 250)
    xy = rng.random((count, 2)) * (width, height)
    angle = rng.random(count) * math.pi
    length = (0.015 + 0.04 * rng.random(count)) * ppm
    for (x, y), a, s in zip(xy, angle, length):
        draw.line([(x, y), (x + s * math.cos(a), y + s * math.sin(a))], fill=255, width=max(1, round(ppm / 400)))
    mask = np.asarray(straw, np.float32)[..., None] / 255 * 0.4
    return base * (1 - mask) + np.asarray(STRAW, np.float32) / 255 * mask


def age(image: Image.Image, rng: np.random.Generator, ppm: float, *, soot: float = 0.3, fade: float = 0.22,
        flake: float = 0.5, loss: float = 0.3, bottom_loss: float = 0.0, soot_top: float = 0.5) -> Image.Image:
    """Age a painted surface: dust and fading, soot (heavier towards the top), flaking of the paint
    down to the white ground, and losses of the plaster down to the mud (more near the floor when
    ``bottom_loss`` > 0). Amounts are 0..1; features are sized in metres via ``ppm``."""
    a = np.asarray(image, np.float32) / 255
    h, w = a.shape[:2]
    rows = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    low = fbm(rng, h, w, 0.9 * ppm, 3)
    mid = fbm(rng, h, w, 0.12 * ppm, 4)
    fine = fbm(rng, h, w, 0.018 * ppm, 3)
    dust = np.clip(fade * (0.7 + 0.35 * low), 0, 1)[..., None]
    a = a * (1 - dust) + np.asarray(PLASTER, np.float32) / 255 * dust
    soot_amount = np.clip(soot * (0.55 + 0.3 * low + 0.1 * mid) * (1 - soot_top + soot_top * (1 - rows)), 0, 0.9)
    a = a * (1 - soot_amount[..., None] * np.array([0.62, 0.66, 0.7], np.float32))
    flakes = (fine > 2.1 - 1.2 * flake) & (mid > 1.3 - 0.8 * flake)
    a[flakes] = a[flakes] * 0.45 + np.asarray(PLASTER, np.float32) / 255 * 0.55
    lost = low + 0.7 * mid + bottom_loss * 5.0 * np.clip(rows - 0.72, 0, None) / 0.28
    threshold = 2.6 - 1.8 * loss
    rim = (lost > threshold - 0.12) & (lost <= threshold)
    a[rim] = np.asarray(PLASTER, np.float32) / 255 * (0.9 + 0.06 * mid[rim, None])
    hole = lost > threshold
    if hole.any():
        a[hole] = mud_layer(rng, h, w, ppm)[hole]
    a *= (1.0 + 0.035 * fine)[..., None]
    return Image.fromarray(np.clip(a * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")


def cut_out(image: Image.Image, rng: np.random.Generator, ppm: float, box: tuple[float, float, float, float]
            ) -> Image.Image:
    """A rectangle sawn out of the painting (metres, ``x0, y0, x1, y1``): bare mud with a pale cut edge,
    as the expeditions of 1903-1914 left many Kizil walls."""
    a = np.asarray(image, np.float32) / 255
    x0, y0, x1, y1 = (round(v * ppm) for v in box)
    h, w = a.shape[:2]
    x0, x1, y0, y1 = max(0, x0), min(w, x1), max(0, y0), min(h, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return image
    inner = mud_layer(rng, y1 - y0, x1 - x0, ppm) * 0.82
    edge = max(1, round(0.012 * ppm))
    a[y0:y1, x0:x1] = np.asarray(PLASTER, np.float32) / 255 * 0.85
    a[y0 + edge:y1 - edge, x0 + edge:x1 - edge] = inner[edge:-edge, edge:-edge]
    return Image.fromarray(np.clip(a * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")


# == the surfaces =====================================================================================


def lozenge(c: Canvas, up: float, across: float, ground: Colour, rng: np.random.Generator,
            figures: bool = True) -> None:
    """One mountain lozenge (local frame: centre at the origin, ``up`` tall, ``across`` wide): a
    diamond whose rim is a row of little rounded peaks in a lighter shade of its colour, and inside
    a seated Buddha with a jataka scene (a worshipper, an animal or a tree)."""
    hu, ha = up / 2, across / 2
    diamond = [(0.0, -hu), (ha, 0.0), (0.0, hu), (-ha, 0.0)]
    c.polygon(diamond, shade(ground, 1.45), OUTLINE, 0.004)
    r = min(hu, ha) * 0.19
    for (px, py), (qx, qy) in zip(diamond, diamond[1:] + diamond[:1]):
        for t in np.linspace(0.1, 0.9, 6):
            bx, by = px + t * (qx - px), py + t * (qy - py)
            c.circle(bx * 0.86, by * 0.86, r, shade(ground, 1.2), shade(ground, 0.55), 0.0025)
    c.polygon([(x * 0.68, y * 0.68) for x, y in diamond], ground)
    if not figures:  # the mountains of Indra's visit: animals, meditating monks, trees
        pick = rng.random()
        if pick < 0.3:
            animal(c, 0.0, 0.12 * up, 0.18 * up, (OCHRE_LIGHT, WHITE, BROWN)[int(rng.integers(3))])
        elif pick < 0.55:
            seated_buddha(c, 0.0, 0.22 * up, 0.4 * up, (RED, BROWN, WHITE)[int(rng.integers(3))],
                          shade(ground, 1.5), None, SKIN_PINK)
        elif pick < 0.75:
            tree(c, 0.0, 0.22 * up, 0.4 * up, MALACHITE if ground != MALACHITE else LAPIS)
        else:
            c.circle(0.0, 0.0, r * 0.7, shade(ground, 1.5), OUTLINE, 0.002)
        return
    robe = (RED, BROWN, MALACHITE, WHITE)[int(rng.integers(4))]
    halo = (MALACHITE_LIGHT, LAPIS_LIGHT, WHITE, OCHRE)[int(rng.integers(4))]
    if robe == ground:
        robe = RED
    scene = int(rng.integers(4))
    bx = 0.0 if scene == 0 else -0.1 * across
    seated_buddha(c, bx, 0.25 * up, 0.48 * up, robe, halo, None, (SKIN_GREY, SKIN_PINK)[int(rng.integers(2))])
    if scene == 1:
        kneeling_figure(c, 0.2 * across, 0.22 * up, 0.24 * up, (WHITE, OCHRE, LAPIS)[int(rng.integers(3))],
                        SKIN_PINK, None, -1)
    elif scene == 2:
        animal(c, 0.2 * across, 0.26 * up, 0.12 * up, (OCHRE_LIGHT, WHITE, BROWN)[int(rng.integers(3))])
    elif scene == 3:
        tree(c, 0.22 * across, 0.26 * up, 0.32 * up, MALACHITE if ground != MALACHITE else LAPIS)


def lozenge_field(c: Canvas, x0: float, x1: float, y0: float, y1: float, up: float, across: float,
                  rng: np.random.Generator, turns: int, figures: bool = True, mirror_at: float | None = None
                  ) -> None:
    """Tile ``[x0, x1] x [y0, y1]`` with staggered lozenges, ``up`` along x (the vault's arc) and
    ``across`` along y; colours run in diagonals as on Kizil vaults. With ``mirror_at``, the
    lozenges of the other half (turned the other way) mirror these about that x."""
    columns = int(math.ceil((x1 - x0) / (up / 2))) + 1
    rows = int(math.ceil((y1 - y0) / across)) + 2
    for i in range(columns):
        cx = x0 + i * up / 2
        for j in range(-1, rows):
            cy = y0 + j * across + (across / 2 if i % 2 else 0.0)
            q = 2 * j + i % 2  # lattice coordinates: neighbours differ by one in m or in n
            m, n = (i + q) // 2, (i - q) // 2
            ground = GROUNDS[(m + 2 * n) % len(GROUNDS)]
            spots = [(cx, turns)] if mirror_at is None else [(cx, turns), (2 * mirror_at - cx, (turns + 2) % 4)]
            for x, t in spots:
                with c.placed(x, cy, t):
                    lozenge(c, up, across, ground, rng, figures)


def vault(width_m: float, length_m: float, ppm: float, rng: np.random.Generator) -> Image.Image:
    """The main barrel vault, unrolled: ``x`` runs along the arc from the left (west) springing to
    the right one, ``y`` from the front wall (top row) to the pillar. Lozenges on both flanks (heads
    towards the apex), the celestial strip along the ridge."""
    c = Canvas(width_m, length_m, ppm, WHITE)
    half = width_m / 2
    lozenge_field(c, 0.0, half, 0.0, length_m, 0.46, 0.36, rng, turns=1, mirror_at=half)
    celestial_strip(c, half, 0.6, length_m, rng)
    c.rect(0.0, 0.0, 0.03, length_m, RED_DARK)
    c.rect(width_m - 0.03, 0.0, width_m, length_m, RED_DARK)
    return age(c.finish(), rng, c.ppm, soot=0.38, soot_top=0.0, flake=0.55, loss=0.28)


def celestial_strip(c: Canvas, centre: float, width: float, length: float, rng: np.random.Generator) -> None:
    """The ridge strip of a Kizil vault: sun, moon, a wind god, flying geese and standing Buddhas on
    a dark ground, framed by red and white bands (read standing in the cave facing the pillar)."""
    x0, x1 = centre - width / 2, centre + width / 2
    c.rect(x0 - 0.05, 0.0, x1 + 0.05, length, RED, OUTLINE, 0.004)
    c.rect(x0 - 0.02, 0.0, x1 + 0.02, length, WHITE, OUTLINE, 0.004)
    c.rect(x0, 0.0, x1, length, LAPIS_DARK, OUTLINE, 0.004)
    motifs = ("sun", "buddha", "geese", "garuda", "buddha", "wind", "buddha", "geese", "buddha", "moon")
    step = length / len(motifs)
    for k, motif in enumerate(motifs):
        with c.placed(centre, (k + 0.5) * step, 2):
            _celestial_motif(c, motif, width, rng)


def _celestial_motif(c: Canvas, motif: str, width: float, rng: np.random.Generator) -> None:
    if motif == "sun":
        c.circle(0.0, 0.0, 0.3 * width, WHITE, OUTLINE, 0.005)
        c.circle(0.0, 0.0, 0.23 * width, RED, OUTLINE, 0.005)
    elif motif == "moon":
        c.circle(0.0, 0.0, 0.3 * width, WHITE, OUTLINE, 0.005)
        c.circle(0.1 * width, -0.06 * width, 0.26 * width, LAPIS_DARK)
    elif motif == "geese":
        for k in range(3):
            x, y = (k - 1) * 0.26 * width, (abs(k - 1) * 0.2 - 0.08) * width
            wing = 0.12 * width
            c.line([(x - wing, y - 0.7 * wing), (x, y), (x + wing, y - 0.7 * wing)], WHITE, 0.016)
    elif motif == "garuda":  # a bird with spread wings holding a naga
        c.polygon([(-0.42 * width, -0.1 * width), (0.0, 0.05 * width), (0.42 * width, -0.1 * width),
                   (0.1 * width, 0.15 * width), (0.0, 0.3 * width), (-0.1 * width, 0.15 * width)], OCHRE,
                  OUTLINE, 0.005)
        c.circle(0.0, -0.02 * width, 0.08 * width, WHITE, OUTLINE, 0.004)
        c.line(arc(0.0, 0.2 * width, 0.3 * width, 0.1 * width, 0, 180, 10), MALACHITE_LIGHT, 0.02)
    elif motif == "wind":
        c.line(arc(0.0, -0.1 * width, 0.36 * width, 0.3 * width, 180, 360, 14), OCHRE_LIGHT, 0.03)
        standing_figure(c, 0.0, 0.35 * width, 0.75 * width, MALACHITE, SKIN_GREY, None, WHITE)
    else:
        c.ellipse(0.0, 0.0, 0.22 * width, 0.42 * width, (MALACHITE, OCHRE)[int(rng.integers(2))], OUTLINE, 0.005)
        standing_figure(c, 0.0, 0.4 * width, 0.85 * width, (RED, WHITE, MALACHITE)[int(rng.integers(3))],
                        SKIN_GREY, LAPIS_LIGHT)


def register_panels(width_m: float) -> list[tuple[float, float, float, float]]:
    """The painted panels of a main-chamber side wall, ``(x0, y0, x1, y1)`` in metres from the image's
    top-left corner: two registers of :data:`PANELS_PER_REGISTER` under the cornice."""
    panels = []
    span = (width_m - 2 * WALL_MARGIN) / PANELS_PER_REGISTER
    for row in range(2):
        y0 = BORDER + row * (REGISTER + REGISTER_GAP)
        for k in range(PANELS_PER_REGISTER):
            x0 = WALL_MARGIN + k * span
            panels.append((x0, y0, x0 + span, y0 + REGISTER))
    return panels


def preaching_panel(c: Canvas, box: tuple[float, float, float, float], ground: Colour,
                    rng: np.random.Generator) -> None:
    """A preaching scene: a Buddha on a throne under trees, attendants and worshippers either side."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    cx = (x0 + x1) / 2
    c.rect(x0, y0, x1, y1, ground)
    for k in (-1, 1):
        tree(c, cx + k * 0.3 * w, y0 + 0.55 * h, 0.5 * h, MALACHITE if ground != MALACHITE else LAPIS_LIGHT)
    c.rect(cx - 0.17 * w, y1 - 0.2 * h, cx + 0.17 * w, y1 - 0.05 * h, OCHRE, OUTLINE, 0.004)
    c.rect(cx - 0.17 * w, y1 - 0.2 * h, cx + 0.17 * w, y1 - 0.16 * h, RED, OUTLINE, 0.003)
    mandorla = LAPIS_LIGHT if ground != LAPIS else OCHRE_LIGHT
    seated_buddha(c, cx, y1 - 0.19 * h, 0.76 * h, (RED, BROWN)[int(rng.integers(2))], MALACHITE_LIGHT, mandorla)
    robes = (WHITE, LAPIS, MALACHITE, OCHRE, RED)
    for k in (-1, 1):
        standing_figure(c, cx + k * 0.3 * w, y0 + 0.56 * h, 0.42 * h, robes[int(rng.integers(5))],
                        (SKIN_PINK, SKIN_GREY)[int(rng.integers(2))], OCHRE_LIGHT, WHITE)
        standing_figure(c, cx + k * 0.41 * w, y0 + 0.6 * h, 0.38 * h, robes[int(rng.integers(5))],
                        SKIN_PINK, MALACHITE_LIGHT)
        kneeling_figure(c, cx + k * 0.33 * w, y1 - 0.05 * h, 0.3 * h, robes[int(rng.integers(5))],
                        SKIN_PINK, None, -k)
    frame(c, x0, y0, x1, y1)


def side_wall(width_m: float, height_m: float, ppm: float, rng: np.random.Generator,
              cut_outs: int = 0) -> Image.Image:
    """A main-chamber side wall: cornice, two registers of preaching panels, a red dado below."""
    c = Canvas(width_m, height_m, ppm, WHITE)
    cornice(c, 0.0, width_m, 0.0)
    panels = register_panels(width_m)
    grounds = (LAPIS, MALACHITE, OCHRE_LIGHT, LAPIS, WHITE, MALACHITE)
    for k, box in enumerate(panels):
        preaching_panel(c, box, grounds[(k + k // PANELS_PER_REGISTER) % len(grounds)], rng)
    dado = panels[-1][3] + 0.03
    c.rect(0.0, dado, width_m, height_m, RED_DARK)
    c.line([(x, dado + 0.12 + 0.05 * math.sin(x * 9)) for x in np.linspace(0, width_m, 80)], WHITE, 0.012)
    image = age(c.finish(), rng, c.ppm, soot=0.3, flake=0.5, loss=0.25, bottom_loss=0.8)
    for k in range(cut_outs):
        x0, y0, x1, y1 = panels[int(rng.integers(len(panels)))]
        w, h = (x1 - x0) * rng.uniform(0.45, 0.7), (y1 - y0) * rng.uniform(0.5, 0.8)
        left, top = x0 + rng.uniform(0.05, 0.95) * (x1 - x0 - w), y0 + rng.uniform(0.1, 0.9) * (y1 - y0 - h)
        image = cut_out(image, rng, c.ppm, (left, top, left + w, top + h))
    return image


def end_wall(width_m: float, height_m: float, springing: float, ppm: float, rng: np.random.Generator,
             holes: Sequence[Sequence[Point]], front: bool) -> Image.Image:
    """The back wall (pillar front, ``front=False``) or front wall of the main chamber, ``width_m``
    by ``height_m`` (image y 0 at the vault's apex; ``springing`` is the springing line's image y).
    The lunette holds a preaching Buddha (back) or Maitreya among the gods (front); below it, the
    pillar front shows the mountain scenery of Indra's visit around the niche, the front wall two
    standing Buddhas beside the door. ``holes`` (outlines in image metres) get painted frames."""
    c = Canvas(width_m, height_m, ppm, WHITE)
    cx = width_m / 2
    if front:
        c.rect(0.0, springing, width_m, height_m, MALACHITE)
        for k in (-1, 1):
            x = cx + k * width_m * 0.33
            c.ellipse(x, height_m - 1.5, 0.45, 0.95, OCHRE_LIGHT, OUTLINE, 0.006)
            c.ellipse(x, height_m - 1.5, 0.38, 0.88, None, RED, 0.02)
            standing_figure(c, x, height_m - 0.62, 1.8, RED, SKIN_PINK, LAPIS_LIGHT, WHITE)
        top = springing + BORDER + 0.04
        for k in range(7):  # a row of 'thousand Buddhas' over the door
            seated_buddha(c, cx + (k - 3) * 0.19, top + 0.27, 0.25, (RED, MALACHITE, WHITE)[k % 3],
                          (OCHRE_LIGHT, LAPIS_LIGHT)[k % 2], None, SKIN_PINK)
    else:
        lozenge_field(c, -0.2, width_m + 0.2, springing, height_m, 0.44, 0.36, rng, turns=0, figures=False)
    c.rect(0.0, 0.0, width_m, springing, LAPIS)
    flower_rain(c, 0.0, width_m, 0.0, springing - 0.2, rng)
    lunette_figures(c, cx, springing, rng, front)
    cornice(c, 0.0, width_m, springing)
    for outline in holes:
        c.line(list(outline), RED_DARK, 0.16)
        c.line(list(outline), WHITE, 0.1)
        c.line(list(outline), (OCHRE if front else MALACHITE), 0.07)
    return age(c.finish(), rng, c.ppm, soot=0.35, flake=0.5, loss=0.22, bottom_loss=0.4)


def flower_rain(c: Canvas, x0: float, x1: float, y0: float, y1: float, rng: np.random.Generator) -> None:
    """Scattered rosettes, the flowers raining from the sky around a preaching Buddha."""
    count = int((x1 - x0) * (y1 - y0) * 14)
    for _ in range(count):
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        r = rng.uniform(0.018, 0.03)
        colour = (WHITE, RED, OCHRE_LIGHT)[int(rng.integers(3))]
        for k in range(5):
            a = k * 2 * math.pi / 5
            c.circle(x + r * math.cos(a), y + r * math.sin(a), r * 0.6, colour)
        c.circle(x, y, r * 0.45, OCHRE)


def lunette_figures(c: Canvas, cx: float, springing: float, rng: np.random.Generator, front: bool) -> None:
    """The lunette's scene: a central figure (seated Buddha, or Maitreya as a bodhisattva) and rows of
    haloed attendants."""
    h = springing * 0.78
    if front:
        seated_buddha(c, cx, springing - 0.05, h, WHITE, MALACHITE_LIGHT, OCHRE_LIGHT, SKIN_PINK)
    else:
        seated_buddha(c, cx, springing - 0.05, h, RED, MALACHITE_LIGHT, OCHRE_LIGHT)
    for k in range(1, 5):
        for side in (-1, 1):
            x = cx + side * (0.3 + 0.38 * k)
            size = h * (0.62 - 0.09 * k)
            standing_figure(c, x, springing - 0.05, size, (WHITE, MALACHITE, OCHRE, RED)[(k + side) % 4],
                            (SKIN_PINK, SKIN_GREY)[k % 2], (OCHRE_LIGHT, MALACHITE_LIGHT)[k % 2], WHITE)


def corridor_wall(width_m: float, height_m: float, ppm: float, rng: np.random.Generator,
                  donors: bool = False) -> Image.Image:
    """An ambulatory wall: a frieze of standing Buddhas (or Kuchean donors) in frames."""
    c = Canvas(width_m, height_m, ppm, WHITE)
    pearl_band(c, 0.0, width_m, 0.0, 0.06)
    top, bottom = 0.1, height_m - 0.55
    count = max(1, round(width_m / 0.72))
    span = width_m / count
    grounds = (MALACHITE, LAPIS, OCHRE_LIGHT)
    for k in range(count):
        x0 = k * span
        ground = grounds[(k + int(donors)) % 3]
        c.rect(x0, top, x0 + span, bottom, ground)
        x = x0 + span / 2
        figure_h = (bottom - top) * 0.9
        if donors:
            standing_figure(c, x, bottom - 0.04, figure_h * 0.85, (WHITE, RED, LAPIS_LIGHT)[k % 3], SKIN_PINK,
                            None, RED_DARK)
            c.line([(x + 0.06, bottom - figure_h * 0.45), (x + 0.02, bottom - 0.1)], OUTLINE, 0.012)  # sword
        else:
            c.ellipse(x, bottom - figure_h * 0.5, span * 0.36, figure_h * 0.5, OCHRE_LIGHT if ground != OCHRE_LIGHT
                      else LAPIS_LIGHT, OUTLINE, 0.004)
            standing_figure(c, x, bottom - 0.04, figure_h * 0.9, (RED, BROWN, MALACHITE)[int(rng.integers(3))],
                            SKIN_GREY, MALACHITE_LIGHT if ground != MALACHITE else WHITE)
        frame(c, x0, top, x0 + span, bottom)
    c.rect(0.0, bottom, width_m, height_m, RED_DARK)
    return age(c.finish(), rng, c.ppm, soot=0.32, flake=0.55, loss=0.3, bottom_loss=0.9)


def parinirvana(width_m: float, height_m: float, ppm: float, rng: np.random.Generator,
                wall_top: float) -> Image.Image:
    """The rear-corridor wall: the Buddha's parinirvana, a long reclining figure on its right side in a
    great mandorla, mourners behind and sal trees at both ends (``wall_top``: image y of the
    vault's springing at the middle of the wall)."""
    c = Canvas(width_m, height_m, ppm, LAPIS)
    bed_y = height_m - 0.62
    x0, x1 = 0.55, width_m - 0.55
    for x in (x0 - 0.2, x1 + 0.2):
        tree(c, x, bed_y + 0.05, 1.1, MALACHITE)
    for k in range(14):  # mourners behind the couch, some with raised arms
        x = x0 + 0.35 + k * (x1 - x0 - 0.7) / 13
        standing_figure(c, x, bed_y - 0.28, 0.75, (WHITE, RED, OCHRE, MALACHITE)[k % 4],
                        (SKIN_PINK, SKIN_GREY)[k % 2],
                        (MALACHITE_LIGHT, OCHRE_LIGHT)[k % 2], None, arms_up=bool(k % 3 == 1))
    c.ellipse((x0 + x1) / 2, bed_y - 0.22, (x1 - x0) / 2, 0.34, OCHRE_LIGHT, OUTLINE, 0.006)
    c.ellipse((x0 + x1) / 2, bed_y - 0.22, (x1 - x0) / 2 - 0.05, 0.28, None, RED, 0.02)
    c.rect(x0, bed_y, x1, bed_y + 0.18, RED_DARK, OUTLINE, 0.006)  # the couch
    for x in np.linspace(x0 + 0.1, x1 - 0.1, 9):
        c.rect(x - 0.03, bed_y + 0.18, x + 0.03, bed_y + 0.3, BROWN, OUTLINE, 0.004)
    _reclining_body(c, x0 + 0.15, x1 - 0.15, bed_y)
    c.rect(0.0, height_m - 0.3, width_m, height_m, RED_DARK)
    c.rect(0.0, 0.0, width_m, wall_top, MALACHITE)
    pearl_band(c, 0.0, width_m, wall_top, 0.06)
    return age(c.finish(), rng, c.ppm, soot=0.4, flake=0.55, loss=0.25, bottom_loss=0.8)


def _reclining_body(c: Canvas, head_x: float, feet_x: float, bed_y: float) -> None:
    """The reclining Buddha: head on the right hand at ``head_x``, feet at ``feet_x``, lying on the couch."""
    c.circle(head_x + 0.2, bed_y - 0.3, 0.22, MALACHITE_LIGHT, OUTLINE, 0.006)  # head halo
    c.rect(head_x, bed_y - 0.16, head_x + 0.32, bed_y, WHITE, OUTLINE, 0.004)  # pillow
    body = [(head_x + 0.25, bed_y - 0.34), (head_x + 0.9, bed_y - 0.36), (feet_x - 0.5, bed_y - 0.26),
            (feet_x, bed_y - 0.16), (feet_x, bed_y), (head_x + 0.25, bed_y)]
    c.polygon(body, RED, OUTLINE, 0.006)
    for t in np.linspace(0.15, 0.9, 9):  # the robe's folds
        x = head_x + 0.3 + t * (feet_x - head_x - 0.4)
        c.line(arc(x, bed_y - 0.1, 0.12, 0.16, 200, 330, 8), RED_DARK, 0.006)
    c.ellipse(feet_x - 0.04, bed_y - 0.06, 0.05, 0.07, SKIN_GREY, OUTLINE, 0.004)
    c.circle(head_x + 0.2, bed_y - 0.28, 0.13, SKIN_GREY, OUTLINE, 0.006)
    c.ellipse(head_x + 0.2, bed_y - 0.42, 0.08, 0.05, OUTLINE)


def corridor_vault(width_m: float, length_m: float, ppm: float, rng: np.random.Generator) -> Image.Image:
    """A corridor's small barrel vault: figureless mountain lozenges with a red ridge line."""
    c = Canvas(width_m, length_m, ppm, WHITE)
    lozenge_field(c, 0.0, width_m / 2, 0.0, length_m, 0.3, 0.24, rng, turns=1, figures=False,
                  mirror_at=width_m / 2)
    c.rect(width_m / 2 - 0.04, 0.0, width_m / 2 + 0.04, length_m, RED_DARK)
    return age(c.finish(), rng, c.ppm, soot=0.45, soot_top=0.0, flake=0.55, loss=0.3)


def lunette(width_m: float, height_m: float, ppm: float, rng: np.random.Generator) -> Image.Image:
    """A small half-moon at a vault's end: a seated Buddha in a rain of flowers on lapis."""
    c = Canvas(width_m, height_m, ppm, LAPIS)
    flower_rain(c, 0.0, width_m, 0.0, height_m, rng)
    seated_buddha(c, width_m / 2, height_m - 0.05, height_m * 0.68, RED, MALACHITE_LIGHT, OCHRE_LIGHT, SKIN_PINK)
    c.rect(0.0, height_m - 0.04, width_m, height_m, RED_DARK)
    return age(c.finish(), rng, c.ppm, soot=0.45, flake=0.5, loss=0.2)


def niche_back(width_m: float, height_m: float, ppm: float, rng: np.random.Generator) -> Image.Image:
    """The back of the statue niche: a painted mandorla and head halo around the bare, unpainted
    silhouette where the clay statue was fixed (with the holes of its wooden armature)."""
    c = Canvas(width_m, height_m, ppm, LAPIS)
    cx = width_m / 2
    body_y = height_m * 0.55
    for k, colour in enumerate((RED, OCHRE_LIGHT, MALACHITE, WHITE, LAPIS_LIGHT)):
        c.ellipse(cx, body_y, width_m * (0.48 - 0.06 * k), height_m * (0.42 - 0.05 * k), colour, OUTLINE, 0.004)
    for a in range(0, 360, 15):  # flames on the halo's rim
        t = math.radians(a)
        c.line([(cx + width_m * 0.3 * math.cos(t), height_m * 0.25 + width_m * 0.3 * math.sin(t)),
                (cx + width_m * 0.4 * math.cos(t), height_m * 0.25 + width_m * 0.4 * math.sin(t))], RED, 0.02)
    c.circle(cx, height_m * 0.25, width_m * 0.28, MALACHITE_LIGHT, OUTLINE, 0.005)
    c.circle(cx, height_m * 0.25, width_m * 0.2, OCHRE_LIGHT, OUTLINE, 0.004)
    ghost = [(cx - 0.08, height_m * 0.18), (cx + 0.08, height_m * 0.18), (cx + 0.12, height_m * 0.36),
             (cx + 0.3, height_m * 0.8), (cx + 0.32, height_m), (cx - 0.32, height_m), (cx - 0.3, height_m * 0.8),
             (cx - 0.12, height_m * 0.36)]
    c.polygon(ghost, PLASTER)
    c.circle(cx, height_m * 0.25, 0.11, PLASTER)
    holes = ((cx, 0.28), (cx, 0.55), (cx - 0.12, 0.75), (cx + 0.12, 0.75))  # the armature's mortises
    for x, y in ((x, f * height_m) for x, f in holes):
        c.rect(x - 0.025, y - 0.025, x + 0.025, y + 0.025, OUTLINE)
    return age(c.finish(), rng, c.ppm, soot=0.35, flake=0.5, loss=0.15)


def niche_reveal(width_m: float, depth_m: float, ppm: float, rng: np.random.Generator) -> Image.Image:
    """The niche's sides and arch, unrolled (x along the arch, y through the depth): a row of small
    seated Buddhas, the 'thousand Buddhas' motif, between flame bands."""
    c = Canvas(width_m, depth_m, ppm, LAPIS_DARK)
    step = 0.2
    for k in range(int(width_m / step) + 1):
        x = (k + 0.5) * step
        with c.placed(x, depth_m * 0.5, 1 if x < width_m / 2 else 3):
            seated_buddha(c, 0.0, 0.08, 0.17, (RED, BROWN, MALACHITE)[k % 3], (WHITE, MALACHITE_LIGHT)[k % 2],
                          None)
    c.rect(0.0, 0.0, width_m, 0.05, RED)
    c.rect(0.0, depth_m - 0.05, width_m, depth_m, RED)
    return age(c.finish(), rng, c.ppm, soot=0.4, flake=0.5, loss=0.15)


# == tileable materials ===============================================================================


def earth_floor(size: int, rng: np.random.Generator) -> Image.Image:
    """Packed earth with trodden dust and scattered grit, tileable (for a 2 m repeat)."""
    n = fbm(rng, size, size, size / 4, 5, tile=True)
    speck = fbm(rng, size, size, size / 128, 1, tile=True)
    base = np.asarray((150, 124, 94), np.float32) / 255
    a = base * (1.0 + 0.05 * n)[..., None]
    a[speck > 2.2] *= 0.75
    a[speck < -2.3] = a[speck < -2.3] * 0.5 + 0.5 * np.asarray(OCHRE_LIGHT, np.float32) / 255
    return Image.fromarray(np.clip(a * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")


def sandstone(size: int, rng: np.random.Generator) -> Image.Image:
    """The Kizil cliff: reddish-buff sandstone in near-horizontal strata with conglomerate pebbles,
    tileable (for a 3 m repeat)."""
    rows = np.linspace(0.0, 2 * math.pi, size, endpoint=False, dtype=np.float32)
    strata = np.zeros(size, np.float32)
    for k, amplitude in ((2, 0.5), (5, 0.4), (11, 0.3), (23, 0.1)):
        strata += amplitude * np.sin(k * rows + rng.uniform(0, 2 * math.pi))
    n = fbm(rng, size, size, size / 8, 5, tile=True)
    warp = strata[:, None] + 0.5 * n
    base = np.asarray((170, 148, 124), np.float32) / 255
    a = base * (1.0 + 0.09 * warp + 0.04 * n)[..., None]
    a[..., 0] *= 1.0 + 0.03 * strata[:, None]
    image = Image.fromarray(np.clip(a * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(size // 6):
        x, y = rng.random(2) * size
        r = size * (0.002 + 0.006 * rng.random() ** 3)
        grey = int(rng.integers(120, 170))
        colour = (grey + 12, grey + 4, grey - 6)
        for dx in (-size, 0, size):  # wrap so the texture still tiles
            for dy in (-size, 0, size):
                draw.ellipse([x + dx - r, y + dy - r * 0.8, x + dx + r, y + dy + r * 0.8], fill=colour)
    return image


def plaster(size: int, rng: np.random.Generator) -> Image.Image:
    """Bare plaster over mud, where the paint is gone (door passage), tileable (for a 1 m repeat)."""
    n = fbm(rng, size, size, size / 8, 5, tile=True)
    patches = fbm(rng, size, size, size / 4, 3, tile=True)
    a = np.asarray(PLASTER, np.float32) / 255 * (1.0 + 0.06 * n)[..., None]
    mud = mud_layer(rng, size, size, float(size), tile=True)
    hole = patches > 1.4
    a[hole] = mud[hole]
    return Image.fromarray(np.clip(a * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")

#!/usr/bin/env python3
"""Generate vtour's bundled sample tour: two procedural panoramas, one as a cube map.

The scenes are drawn, not photographed: a sky, distant hills, a paved ground, a 30-degree
yaw/pitch grid with labels and big compass letters, so that orientation mistakes (a mirrored
image, a wrong north offset, a swapped cube face) are obvious in a screenshot. The tour links the
two scenes both ways and has info and area hotspots, with English, Simplified Chinese and Uyghur
texts. It is labelled as a generated sample scene, not a real site.

Output (deterministic for a given Pillow/FreeType and font)::

    DIR/tour.json
    DIR/terrace.jpg                 2048x1024 equirectangular
    DIR/courtyard/{front,right,back,left,up,down}.jpg   cube faces (vtour's face order)
    DIR/site-map.png                480x300 site plan for the site map (north up)

Usage: ``python tools/make_sample_tour.py [-o assets/demo]``
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import py360convert
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger("make_sample_tour")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "assets" / "demo"
CUBE_FACES = ("front", "right", "back", "left", "up", "down")  # = vtour.model.tour.CUBE_FACE_ORDER
# py360convert.e2c(cube_format="list") returns F, R, B, L, U, D with the same orientation as
# vtour/Pannellum (checked numerically: the up face's top edge points to yaw 180, the down face's
# top edge to yaw 0), so the list maps onto CUBE_FACES one to one, without flips.

COMPASS = (("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0))


@dataclass(frozen=True)
class Look:
    """The colours and landmarks of one generated panorama."""

    name: str
    zenith: tuple[int, int, int]
    horizon: tuple[int, int, int]
    sun_yaw: float
    sun_pitch: float
    sun_colour: tuple[int, int, int]
    hills: tuple[int, int, int]
    ground_far: tuple[int, int, int]
    ground_near: tuple[int, int, int]
    north_offset: float  # compass heading of yaw 0: letters are drawn where the compass says
    wall: bool  # a courtyard wall around the horizon


TERRACE = Look(
    name="TERRACE",
    zenith=(38, 86, 158),
    horizon=(186, 212, 232),
    sun_yaw=150.0,
    sun_pitch=38.0,
    sun_colour=(255, 244, 214),
    hills=(92, 122, 120),
    ground_far=(176, 160, 128),
    ground_near=(96, 82, 64),
    north_offset=0.0,
    wall=False,
)

COURTYARD = Look(
    name="COURTYARD",
    zenith=(52, 40, 96),
    horizon=(236, 160, 112),
    sun_yaw=-60.0,
    sun_pitch=15.0,
    sun_colour=(255, 214, 150),
    hills=(96, 70, 90),
    ground_far=(150, 128, 118),
    ground_near=(70, 58, 60),
    north_offset=45.0,
    wall=True,
)


# -- geometry helpers -----------------------------------------------------------------------------


def angle_grids(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Yaw and pitch in degrees at every pixel centre (yaw 0 at the image centre, pitch up)."""
    yaw = (np.arange(width, dtype=np.float64) + 0.5) / width * 360.0 - 180.0
    pitch = 90.0 - (np.arange(height, dtype=np.float64) + 0.5) / height * 180.0
    return np.meshgrid(yaw, pitch)


def to_pixel(yaw: float, pitch: float, width: int, height: int) -> tuple[float, float]:
    return (yaw / 360.0 + 0.5) * width, (0.5 - pitch / 180.0) * height


def wrap(yaw):
    return (np.asarray(yaw) + 180.0) % 360.0 - 180.0


def mix(a, b, t):
    """Blend colour arrays ``a`` -> ``b`` by ``t`` (broadcast over the last axis)."""
    t = np.clip(t, 0.0, 1.0)[..., None]
    return np.asarray(a, dtype=np.float64) * (1.0 - t) + np.asarray(b, dtype=np.float64) * t


def hill_profile(yaw: np.ndarray, seed: float) -> np.ndarray:
    """Height of the distant hills in degrees: a sum of whole-period sines, so seamless at 180."""
    radians = np.radians(yaw)
    waves = ((2, 1.6, 0.3), (3, 1.1, 1.7), (7, 0.6, 2.9), (13, 0.35, 0.4), (29, 0.15, 5.0))
    height = 3.2 + sum(amp * np.sin(k * radians + phase * seed) for k, amp, phase in waves)
    return np.maximum(height, 0.6)


# -- painting -------------------------------------------------------------------------------------


def paint_background(look: Look, yaw: np.ndarray, pitch: np.ndarray, seed: float) -> np.ndarray:
    """Sky, sun glow, hills and ground as a float RGB image."""
    sky = mix(look.horizon, look.zenith, (np.maximum(pitch, 0.0) / 90.0) ** 0.55)
    sun_distance = np.degrees(np.arccos(np.clip(_cos_angle(yaw, pitch, look.sun_yaw, look.sun_pitch), -1, 1)))
    glow = np.exp(-sun_distance / 14.0) * 0.55 + (sun_distance < 2.2) * 0.6
    image = mix(sky, look.sun_colour, glow)
    hills = hill_profile(yaw, seed)
    hill_shade = 0.85 + 0.15 * np.sin(np.radians(yaw) * 17 + seed) * np.clip(pitch / 6.0, 0, 1)
    hill_mask = (pitch >= 0.0) & (pitch < hills)
    image[hill_mask] = (np.asarray(look.hills, dtype=np.float64) * hill_shade[..., None])[hill_mask]
    ground = pitch < 0.0
    image[ground] = paint_ground(look, yaw, pitch)[ground]
    if look.wall:
        image = paint_wall(image, yaw, pitch)
    return image


def _cos_angle(yaw, pitch, yaw0, pitch0):
    y, p, y0, p0 = (np.radians(v) for v in (yaw, pitch, yaw0, pitch0))
    return np.sin(p) * np.sin(p0) + np.cos(p) * np.cos(p0) * np.cos(y - y0)


def paint_ground(look: Look, yaw: np.ndarray, pitch: np.ndarray) -> np.ndarray:
    """Square paving seen from eye height 1, fading out before its joints would alias."""
    depth = np.clip(-pitch / 90.0, 0.0, 1.0) ** 0.7
    base = mix(look.ground_far, look.ground_near, depth)
    distance = 1.0 / np.tan(np.radians(np.clip(-pitch, 0.05, 90.0)))
    east, north = distance * np.sin(np.radians(yaw)), distance * np.cos(np.radians(yaw))
    tile = 0.8
    joint = np.minimum(*(np.abs(c / tile - np.round(c / tile)) * tile for c in (east, north)))
    width = 0.02 + 0.006 * distance  # joints stay about a pixel wide as they recede
    fade = np.clip(1.0 - distance / 7.0, 0.0, 1.0)
    lines = np.clip(1.0 - joint / width, 0.0, 1.0) * fade
    checker = ((np.floor(east / tile) + np.floor(north / tile)) % 2) * fade
    return base * (1.0 - 0.25 * lines[..., None] - 0.05 * checker[..., None])


def paint_wall(image: np.ndarray, yaw: np.ndarray, pitch: np.ndarray) -> np.ndarray:
    """A low courtyard wall with a coping line and pillars every 30 degrees, gaps for the grid."""
    height = 9.0
    wall = (pitch >= 0.0) & (pitch < height)
    brick = 0.9 + 0.1 * (((np.floor(pitch / 1.5) + np.floor(yaw / 2.0)) % 2) == 0)
    colour = np.asarray((168, 140, 120), dtype=np.float64) * brick[..., None]
    pillars = np.abs(wrap(yaw - 15.0 - np.round((yaw - 15.0) / 30.0) * 30.0)) < 1.6
    colour[pillars] *= 0.8
    coping = (pitch >= height - 0.8) & (pitch < height)
    colour[coping] = (120, 96, 86)
    image[wall] = colour[wall]
    return image


def paint_grid(image: np.ndarray, yaw: np.ndarray, pitch: np.ndarray) -> np.ndarray:
    """Anti-aliased lines every 30 degrees of yaw and pitch; the horizon line is heavier."""
    height, width = pitch.shape
    px_per_degree_x = width / 360.0
    px_per_degree_y = height / 180.0
    yaw_distance = np.abs(yaw - np.round(yaw / 30.0) * 30.0) * px_per_degree_x
    pitch_distance = np.abs(pitch - np.round(pitch / 30.0) * 30.0) * px_per_degree_y
    yaw_line = np.clip(1.4 - yaw_distance, 0.0, 1.0) * (np.abs(pitch) < 84.0)
    pitch_line = np.clip(1.4 - pitch_distance, 0.0, 1.0)
    horizon = np.clip(2.2 - np.abs(pitch) * px_per_degree_y, 0.0, 1.0)
    alpha = np.maximum.reduce([yaw_line * 0.55, pitch_line * 0.45, horizon * 0.75])
    return mix(image, (255, 255, 255), alpha)


def paint_stele(image: np.ndarray, yaw: np.ndarray, pitch: np.ndarray, box: tuple[float, float, float, float]):
    """A drawn stone tablet filling ``box`` = (yaw_min, yaw_max, pitch_min, pitch_max)."""
    y0, y1, p0, p1 = box
    inside = (yaw >= y0) & (yaw <= y1) & (pitch >= p0) & (pitch <= p1)
    grain = 0.92 + 0.08 * np.sin(pitch * 3.1 + yaw * 0.7) * np.sin(yaw * 5.3)
    stone = np.asarray((122, 124, 128), dtype=np.float64) * grain[..., None]
    rows = inside & (pitch > p0 + 4) & (pitch < p1 - 3) & (np.abs(((pitch - p0) % 2.4) - 1.2) < 0.25)
    rows &= (yaw > y0 + 1.5) & (yaw < y1 - 1.5)
    stone[rows] *= 0.6  # engraved lines of "text"
    edge = inside & ((yaw - y0 < 0.5) | (y1 - yaw < 0.5) | (pitch - p0 < 0.6) | (p1 - pitch < 0.6))
    stone[edge] *= 0.7
    image[inside] = stone[inside]
    return image


def paint_gate(image: np.ndarray, yaw: np.ndarray, pitch: np.ndarray, centre: float):
    """A gateway in the hills or wall at yaw ``centre``: a dark doorway in a stone frame."""
    offset = wrap(yaw - centre)
    frame = (np.abs(offset) < 11.0) & (pitch > -6.0) & (pitch < 22.0)
    door = (np.abs(offset) < 6.5) & (pitch > -6.0) & (pitch < 15.0)
    roof = (np.abs(offset) < 14.0 - (pitch - 22.0) * 0.8) & (pitch >= 22.0) & (pitch < 26.0)
    image[frame] = (150, 62, 48)
    image[roof] = (70, 70, 76)
    image[door] = mix((40, 30, 28), (90, 70, 60), (pitch[door] + 6.0) / 21.0)
    return image


# -- text -----------------------------------------------------------------------------------------


def load_font(size: int, bold: bool = True) -> ImageFont.ImageFont:
    """DejaVu Sans if installed (Debian's fonts-dejavu-core), else Pillow's built-in font."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for candidate in (name, f"/usr/share/fonts/truetype/dejavu/{name}"):
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    log.warning("DejaVu fonts not found; using Pillow's built-in font")
    return ImageFont.load_default(size)


def stamp_text(canvas: Image.Image, text: str, yaw: float, pitch: float, font, fill, outline=(20, 24, 30)):
    """Draw ``text`` centred on (yaw, pitch), widened by 1/cos(pitch) as the projection widens
    everything at that latitude, and repeated across the yaw seam."""
    left, top, right, bottom = font.getbbox(text, stroke_width=3)
    tile = Image.new("RGBA", (right - left + 4, bottom - top + 4), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text(
        (2 - left, 2 - top), text, font=font, fill=fill, stroke_width=3, stroke_fill=outline
    )
    stretch = 1.0 / max(math.cos(math.radians(pitch)), 0.2)
    if abs(stretch - 1.0) > 0.01:
        tile = tile.resize((round(tile.width * stretch), tile.height), Image.Resampling.LANCZOS)
    x, y = to_pixel(yaw, pitch, canvas.width, canvas.height)
    for shift in (-canvas.width, 0, canvas.width):
        canvas.alpha_composite(tile, (round(x - tile.width / 2 + shift), round(y - tile.height / 2)))


def yaw_label(yaw: int) -> str:
    return f"{yaw}°" if yaw >= 0 else f"\u2212{-yaw}°"


def draw_labels(canvas: Image.Image, look: Look) -> None:
    width = canvas.width
    scale = width / 2048.0
    big, medium, small = (load_font(round(s * scale)) for s in (120, 34, 26))
    for letter, heading in COMPASS:
        stamp_text(canvas, letter, float(wrap(heading - look.north_offset)), 20.0, big, (255, 255, 255, 235))
    for yaw in range(-150, 181, 30):
        stamp_text(canvas, yaw_label(yaw), yaw + 0.0, -4.5, small, (255, 255, 240, 255))
    for pitch in (-60, -30, 30, 60):
        label = f"+{pitch}°" if pitch > 0 else yaw_label(pitch)
        stamp_text(canvas, label, 15.0, pitch + 3.5, small, (255, 255, 240, 230))
    stamp_text(canvas, look.name, 0.0, -12.5, medium, (255, 250, 235, 255))
    stamp_text(canvas, "vtour sample scene: generated, not a real site", 0.0, -18.0, small, (255, 250, 235, 255))


# -- scenes ---------------------------------------------------------------------------------------

STELE_BOX = (-126.0, -114.0, -12.0, 14.0)
# The gates face each other: the terrace's at heading 60 (north offset 0), the courtyard's back
# at heading 240 (north offset 45, so yaw 195 = -165). Off the cardinal points, clear of the letters.
TERRACE_GATE_YAW = 60.0
COURTYARD_GATE_YAW = -165.0
TERRACE_ARRIVAL_YAW = -120.0  # heading 240, walking back from the courtyard: facing the stele


def render_panorama(look: Look, width: int, seed: float) -> Image.Image:
    """One 2:1 equirectangular panorama as an RGB image."""
    height = width // 2
    yaw, pitch = angle_grids(width, height)
    image = paint_background(look, yaw, pitch, seed)
    if look is TERRACE:
        image = paint_gate(image, yaw, pitch, TERRACE_GATE_YAW)
        image = paint_stele(image, yaw, pitch, STELE_BOX)
    else:
        image = paint_gate(image, yaw, pitch, COURTYARD_GATE_YAW)
    image = paint_grid(image, yaw, pitch)
    canvas = Image.fromarray(np.clip(np.rint(image), 0, 255).astype(np.uint8), "RGB").convert("RGBA")
    draw_labels(canvas, look)
    return canvas.convert("RGB")


# -- site map -------------------------------------------------------------------------------------

SITE_MAP_SIZE = (480, 300)
# Scene positions on the plan (north up). The courtyard lies at heading 60 from the terrace, where
# the terrace's gate looks, so the view cones of both scenes point at each other through the gates.
TERRACE_ON_MAP = (130.0, 215.0)
COURTYARD_ON_MAP = (130.0 + 250.0 * math.sin(math.radians(60.0)), 215.0 - 250.0 * math.cos(math.radians(60.0)))


def draw_site_map() -> Image.Image:
    """A plain drawn plan: the terrace platform, the walled courtyard, the path, a north arrow."""
    image = Image.new("RGB", SITE_MAP_SIZE, (232, 224, 204))
    draw = ImageDraw.Draw(image)
    for x in range(0, SITE_MAP_SIZE[0], 20):  # a faint survey grid
        draw.line([(x, 0), (x, SITE_MAP_SIZE[1])], fill=(220, 211, 188))
    for y in range(0, SITE_MAP_SIZE[1], 20):
        draw.line([(0, y), (SITE_MAP_SIZE[0], y)], fill=(220, 211, 188))
    draw.line([TERRACE_ON_MAP, COURTYARD_ON_MAP], fill=(170, 150, 118), width=9)
    tx, ty = TERRACE_ON_MAP
    draw.rounded_rectangle([tx - 70, ty - 48, tx + 70, ty + 48], 10, fill=(206, 190, 156), outline=(120, 100, 76), width=3)
    cx, cy = COURTYARD_ON_MAP
    draw.rectangle([cx - 62, cy - 52, cx + 62, cy + 52], fill=(214, 196, 178), outline=(140, 100, 86), width=6)
    draw.rectangle([tx - 40, ty + 20, tx - 30, ty + 30], fill=(122, 124, 128))  # the stele
    font, small = load_font(15), load_font(12, bold=False)
    draw.text((tx, ty + 62), "TERRACE", font=font, fill=(70, 56, 44), anchor="mm")
    draw.text((cx, cy + 70), "COURTYARD", font=font, fill=(70, 56, 44), anchor="mm")
    draw.text((SITE_MAP_SIZE[0] - 8, SITE_MAP_SIZE[1] - 8), "drawn sample plan, not a real site", font=small,
              fill=(120, 104, 84), anchor="rd")
    ax, ay = 440, 60  # north arrow
    draw.polygon([(ax, ay - 30), (ax - 11, ay + 6), (ax, ay - 2), (ax + 11, ay + 6)], fill=(60, 50, 44))
    draw.text((ax, ay + 20), "N", font=font, fill=(60, 50, 44), anchor="mm")
    return image


def guided_tour() -> dict:
    """The sample's guided tour: the terrace, the stele, through the gate, round the courtyard."""
    return {
        "id": "highlights",
        "title": text("Highlights", "精彩之处", "مۇھىم نۇقتىلار"),
        "steps": [
            {"scene": "terrace", "view": {"yaw": 0, "pitch": 5, "hfov": 100}, "duration": 4, "transition": 2,
             "text": text("The terrace. North is straight ahead: the compass shows it.",
                          "平台。正前方是北方：罗盘会显示方向。",
                          "سۇپا. شىمال ئالدىڭىزدا: كومپاس ئۇنى كۆرسىتىدۇ.")},
            {"scene": "terrace", "view": {"yaw": TERRACE_ARRIVAL_YAW + 0.0, "pitch": 0, "hfov": 60},
             "duration": 5, "transition": 3,
             "text": text("A drawn stone tablet stands to the south-west.",
                          "西南方立着一块绘制的石碑。",
                          "غەربىي جەنۇبتا سىزىلغان بىر تاش تاختا تۇرىدۇ.")},
            {"scene": "terrace", "view": {"yaw": TERRACE_GATE_YAW, "pitch": 4, "hfov": 80}, "duration": 3,
             "transition": 3,
             "text": text("The gate leads to the courtyard.", "这道门通往庭院。", "بۇ دەرۋازا ھويلىغا ئاچىدۇ.")},
            {"scene": "courtyard", "view": {"yaw": 45, "pitch": 0, "hfov": 100}, "duration": 4, "transition": 2,
             "text": text("The courtyard, stored as a cube map. North is at yaw -45 here.",
                          "庭院，以立方体贴图存储。此处北方位于偏航角 -45。",
                          "ھويلا، كۇب خەرىتە سۈپىتىدە ساقلانغان. بۇ يەردە شىمال -45 گرادۇستا.")},
            {"scene": "courtyard", "view": {"yaw": COURTYARD_GATE_YAW, "pitch": 8, "hfov": 70}, "duration": 4,
             "transition": 3,
             "text": text("Looking back through the gate towards the terrace.",
                          "透过大门回望平台。",
                          "دەرۋازا ئارقىلىق سۇپىغا قاراش.")},
        ],
    }


def site_map() -> dict:
    return {
        "image": "site-map.png",
        "northOffset": 0,
        "scenes": {
            "terrace": {"x": round(TERRACE_ON_MAP[0], 1), "y": round(TERRACE_ON_MAP[1], 1)},
            "courtyard": {"x": round(COURTYARD_ON_MAP[0], 1), "y": round(COURTYARD_ON_MAP[1], 1)},
        },
    }


def text(en: str, zh: str, ug: str) -> dict[str, str]:
    return {"en": en, "zh-Hans": zh, "ug": ug}


def tour_document() -> dict:
    """The tour.json content (see docs/tour-format.md)."""
    y0, y1, p0, p1 = STELE_BOX
    return {
        "$schema": "../../vtour/model/schema/tour-v1.schema.json",
        "version": 1,
        "title": text(
            "vtour sample tour (generated, not a real site)",
            "vtour 示例导览（程序生成，并非真实场所）",
            "vtour ئۈلگە ساياھىتى (پروگرامما ھاسىل قىلغان، ھەقىقىي جاي ئەمەس)",
        ),
        "description": text(
            "Two drawn scenes for trying the viewer: a grid every 30 degrees, compass letters and labelled yaw angles.",
            "两个绘制的场景，用于试用查看器：每 30 度一条网格线，并标有方位字母和偏航角。",
            "كۆرگۈچنى سىناش ئۈچۈن سىزىلغان ئىككى كۆرۈنۈش: ھەر 30 گرادۇستا بىر سىزىق، يۆنىلىش ھەرپلىرى ۋە بۇلۇڭ بەلگىلىرى بار.",
        ),
        "languages": ["en", "zh-Hans", "ug"],
        "defaultLanguage": "en",
        "firstScene": "terrace",
        "scenes": {
            "terrace": {
                "type": "equirectangular",
                "title": text("Sample terrace (generated)", "示例平台（程序生成）", "ئۈلگە سۇپا (پروگرامما ھاسىل قىلغان)"),
                "panorama": "terrace.jpg",
                "northOffset": 0,
                "initialView": {"yaw": 0, "pitch": 5, "hfov": 100},
                "hotspots": [
                    {
                        "id": "to-courtyard",
                        "type": "scene",
                        "yaw": TERRACE_GATE_YAW,
                        "pitch": 4,
                        "title": text("To the courtyard", "前往庭院", "ھويلىغا بېرىش"),
                        "targetScene": "courtyard",
                        "targetView": "sameAzimuth",
                    },
                    {
                        "id": "about",
                        "type": "info",
                        "yaw": 150,
                        "pitch": 38,
                        "title": text("About this sample", "关于此示例", "بۇ ئۈلگە ھەققىدە"),
                        "text": text(
                            "A generated sample scene, not a real site. North is at yaw 0 here; the letters mark the compass directions.",
                            "这是程序生成的示例场景，并非真实场所。此处北方位于偏航角 0；字母标出罗盘方向。",
                            "بۇ پروگرامما ھاسىل قىلغان ئۈلگە كۆرۈنۈش، ھەقىقىي جاي ئەمەس. بۇ يەردە شىمال 0 گرادۇستا؛ ھەرپلەر يۆنىلىشلەرنى كۆرسىتىدۇ.",
                        ),
                    },
                    {
                        "id": "stele",
                        "type": "area",
                        "vertices": [[y0, p0], [y1, p0], [y1, p1], [y0, p1]],
                        "title": text("Stele (drawn)", "石碑（绘制）", "مەڭگۈ تاش (سىزىلغان)"),
                        "text": text(
                            "A drawn stone tablet; its outline is an area hotspot.",
                            "一块绘制的石碑；其轮廓是一个区域热点。",
                            "سىزىلغان تاش تاختا؛ ئۇنىڭ گىرۋىكى بىر رايون قىزىق نۇقتىسى.",
                        ),
                    },
                ],
            },
            "courtyard": {
                "type": "cube",
                "title": text("Sample courtyard (generated)", "示例庭院（程序生成）", "ئۈلگە ھويلا (پروگرامما ھاسىل قىلغان)"),
                "faces": [f"courtyard/{face}.jpg" for face in CUBE_FACES],
                "northOffset": COURTYARD.north_offset,
                "initialView": {"yaw": 45, "pitch": 0, "hfov": 100},
                "limits": {"minHfov": 40, "maxHfov": 110},
                "hotspots": [
                    {
                        "id": "to-terrace",
                        "type": "scene",
                        "yaw": COURTYARD_GATE_YAW,
                        "pitch": 4,
                        "title": text("Back to the terrace", "返回平台", "سۇپىغا قايتىش"),
                        "targetScene": "terrace",
                        "targetView": {"yaw": TERRACE_ARRIVAL_YAW, "pitch": 0, "hfov": 100},
                    },
                    {
                        "id": "cube-note",
                        "type": "info",
                        "yaw": 0,
                        "pitch": -35,
                        "title": text("A cube-map scene", "立方体贴图场景", "كۇب خەرىتە كۆرۈنۈشى"),
                        "text": text(
                            "This scene is stored as six square images. North is at yaw -45 here.",
                            "此场景由六张正方形图像组成。此处北方位于偏航角 -45。",
                            "بۇ كۆرۈنۈش ئالتە كۋادرات رەسىمدىن تۈزۈلگەن. بۇ يەردە شىمال -45 گرادۇستا.",
                        ),
                    },
                ],
            },
        },
        "guidedTours": [guided_tour()],
        "siteMap": site_map(),
    }


def dump_json(value, indent: int = 0) -> str:
    """Indented JSON, with lists of scalars (languages, vertices' pairs) kept on one line."""
    compact = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    fits = len(compact) + indent <= 96
    if not isinstance(value, dict | list) or (isinstance(value, list) and fits and "{" not in compact):
        return compact + ("\n" if indent == 0 else "")
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dump_json(v, indent + 2)}" for k, v in value.items()]
        body, ends = ",\n".join(items), "{}"
    else:
        body, ends = ",\n".join(inner + dump_json(v, indent + 2) for v in value), "[]"
    text_out = f"{ends[0]}\n{body}\n{pad}{ends[1]}"
    return text_out + ("\n" if indent == 0 else "")


def save_jpeg(image: Image.Image, path: Path, quality: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, optimize=True, progressive=False)
    log.info("wrote %s (%d kB)", path, path.stat().st_size // 1024)


def make_tour(output: Path, width: int, face_size: int, quality: int) -> Path:
    """Write the sample tour to ``output``; return the tour file's path."""
    output.mkdir(parents=True, exist_ok=True)
    save_jpeg(render_panorama(TERRACE, width, seed=1.0), output / "terrace.jpg", quality)
    courtyard = np.asarray(render_panorama(COURTYARD, width, seed=2.0))
    faces = py360convert.e2c(courtyard, face_w=face_size, mode="bilinear", cube_format="list")
    for name, face in zip(CUBE_FACES, faces, strict=True):
        save_jpeg(Image.fromarray(np.ascontiguousarray(face)), output / "courtyard" / f"{name}.jpg", quality)
    draw_site_map().save(output / "site-map.png", optimize=True)
    tour_path = output / "tour.json"
    tour_path.write_text(dump_json(tour_document()), encoding="utf-8")
    log.info("wrote %s", tour_path)
    return tour_path


def check(tour_path: Path) -> int:
    """Validate the written tour with vtour itself; return the number of errors."""
    from vtour.io.tourfile import validate_tour_file
    from vtour.model.errors import Severity

    diagnostics = validate_tour_file(tour_path)
    for diagnostic in diagnostics:
        log.warning("%s", diagnostic)
    return sum(d.severity is Severity.ERROR for d in diagnostics)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Generate vtour's sample tour (two drawn panoramas, one of them a cube map).",
        epilog="example: python tools/make_sample_tour.py -o assets/demo",
    )
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="output folder (default: %(default)s)")
    parser.add_argument("--width", type=int, default=2048, help="panorama width in pixels, height is half (default: 2048)")
    parser.add_argument("--face-size", type=int, default=512, help="cube face edge in pixels (default: 512)")
    parser.add_argument("--quality", type=int, default=88, help="JPEG quality (default: 88)")
    parser.add_argument("--no-check", action="store_true", help="do not validate the result with vtour")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    if args.width < 256 or args.width % 2:
        log.error("--width must be an even number of at least 256")
        return 2
    tour_path = make_tour(args.output, args.width, args.face_size, args.quality)
    if not args.no_check and check(tour_path):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

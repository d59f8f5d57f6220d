"""Deterministic synthetic equirectangular panoramas for benchmarks.

Same recipe as the peer-viewer harness (``shared/peers/gen_panos.py``): colour gradients, value
noise, per-pixel noise (stresses JPEG decoding and texture sampling), a 5/30-degree grid and
yaw,pitch labels, JPEG quality 90 - so vtour's numbers and the peers' come from like images.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)


def synthetic_panorama(width: int, seed: int = 1234) -> Image.Image:
    """An RGB ``width`` x ``width/2`` test panorama."""
    height = width // 2
    rng = np.random.default_rng(seed)
    pixels = np.clip(_gradients(width, height) + _noise(rng, width, height)[..., None], 0, 1)
    rgb = (pixels * 255).astype(np.uint8)
    _draw_grid(rgb)
    image = Image.fromarray(rgb, "RGB")
    _draw_labels(image)
    return image


def _gradients(width: int, height: int) -> np.ndarray:
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    red = 0.5 + 0.5 * np.sin(2 * np.pi * x * 3) * np.cos(np.pi * (y - 0.5))
    green = 0.5 + 0.5 * np.sin(2 * np.pi * x * 5 + 2.1) * np.sin(np.pi * y * 4)
    blue = 0.5 + 0.5 * np.cos(2 * np.pi * (x * 7 + y * 3))
    return np.stack(np.broadcast_arrays(red, green, blue), axis=-1)


def _noise(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    noise = np.zeros((height, width), np.float32)
    for cells, amplitude in ((16, 0.25), (64, 0.15), (256, 0.1)):
        grid = rng.random((cells // 2 + 1, cells + 1)).astype(np.float32)
        small = Image.fromarray((grid * 255).astype(np.uint8))
        noise += amplitude * (np.asarray(small.resize((width, height), Image.BICUBIC), np.float32) / 255 - 0.5)
    noise += 0.12 * (rng.random((height, width), dtype=np.float32) - 0.5)
    return noise


def _draw_grid(rgb: np.ndarray) -> None:
    width = rgb.shape[1]
    for step, value, thickness in ((width // 72, 40, 1), (width // 12, 255, max(2, width // 2048))):
        for offset in range(thickness):
            rgb[:, offset::step] = value
            rgb[offset::step, :] = value


def _draw_labels(image: Image.Image) -> None:
    width, height = image.size
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(24, width // 80))
    for yaw in range(-180, 180, 30):
        for pitch in (-60, -30, 0, 30, 60):
            x = int((yaw + 180) / 360 * width) + 8
            y = int((90 - pitch) / 180 * height) + 8
            draw.text((x, y), f"{yaw},{pitch}", fill="white", font=font, stroke_width=2, stroke_fill="black")


def ensure_synthetic_panorama(folder: Path, width: int) -> Path:
    """Path of the cached ``pano_{W}x{H}.jpg`` in ``folder``, generating it on first use."""
    path = folder / f"pano_{width}x{width // 2}.jpg"
    if not path.exists():
        log.info("generating %s", path)
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.jpg")
        synthetic_panorama(width).save(partial, "JPEG", quality=90)
        partial.replace(path)
    return path

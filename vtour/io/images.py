"""Read image headers and decode images to RGBA arrays. No Qt, no GL.

JPEGs decode through simplejpeg (libjpeg-turbo straight into RGBA: faster than Pillow and no
RGB->RGBA copy, which matters for 8K panoramas); everything else through Pillow.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from vtour.model.errors import ImageError

MAX_PIXELS = 32768 * 16384
"""Images larger than this are refused (an 8-GB decode would take a laptop down); tile them instead."""

_JPEG_MAGIC = b"\xff\xd8\xff"


def image_size(path: Path) -> tuple[int, int]:
    """(width, height) from the file header, without decoding the pixels."""
    try:
        with Image.open(path) as image:
            return image.size
    except FileNotFoundError:
        raise ImageError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ImageError(f"{path}: is a folder, not an image") from None
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ImageError(f"{path}: not a readable image ({exc.__class__.__name__})") from None
    except OSError as exc:
        raise ImageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def decode_rgba(path: Path, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode ``path`` to a C-contiguous ``(height, width, 4)`` uint8 array, row 0 at the top."""
    width, height = image_size(path)
    if width * height > max_pixels:
        raise ImageError(
            f"{path}: {width}x{height} is larger than the {max_pixels // 1_000_000} MP this viewer "
            "decodes at once; make a tiled multi-resolution panorama with `vtour tile`"
        )
    try:
        data = path.read_bytes()
        if data.startswith(_JPEG_MAGIC):
            return _decode_jpeg(data)
        return _decode_with_pillow(path)
    except ImageError:
        raise
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageError(f"{path}: corrupt or truncated image ({exc})") from None


def _decode_jpeg(data: bytes) -> np.ndarray:
    import simplejpeg

    return simplejpeg.decode_jpeg(data, colorspace="RGBA", fastdct=False, fastupsample=False)


def _decode_with_pillow(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        image.load()
        rgba = image.convert("RGBA") if image.mode != "RGBA" else image
        return np.ascontiguousarray(np.asarray(rgba))


def decode_rgba_bytes(data: bytes, name: str, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Decode an encoded image held in memory (e.g. embedded in a .glb) like :func:`decode_rgba`.

    Parameters
    ----------
    data
        The encoded file (JPEG, PNG, WebP, ... whatever Pillow reads).
    name
        What to call it in error messages (``"model.glb: images[2]"``).
    max_pixels
        Larger images are refused before their pixels are decoded.

    Returns
    -------
    numpy.ndarray
        C-contiguous ``(height, width, 4)`` uint8, row 0 at the top.

    Raises
    ------
    ImageError
        Not an image, corrupt, truncated or too large; the message starts with ``name``.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ImageError(f"{name}: {width}x{height} is larger than the {max_pixels // 1_000_000} MP limit")
            if data.startswith(_JPEG_MAGIC):
                return _decode_jpeg(data)
            image.load()
            rgba = image.convert("RGBA") if image.mode != "RGBA" else image
            return np.ascontiguousarray(np.asarray(rgba))
    except ImageError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise ImageError(f"{name}: not a readable image") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageError(f"{name}: corrupt or truncated image ({exc})") from None

"""Read Radiance RGBE (``.hdr``) images into float32 RGB arrays, with numpy only.

Pillow cannot read ``.hdr``; imageio would need its FreeImage plugin (a separate binary download)
and OpenCV is a large dependency for one small format, so the decoder is here: a header, then
scanlines that are either flat RGBE quadruples or "new" run-length encoded (each of the four
channels run-length coded separately), as written by every current tool. The old 1990s RLE
(``1, 1, 1, count`` repeat markers) is refused with an :class:`~vtour.model.errors.ImageError`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np

from vtour.model.errors import ImageError

_SIZE = re.compile(rb"^([-+])Y\s+(\d+)\s+([-+])X\s+(\d+)$")
MAX_PIXELS = 16384 * 8192


def read_hdr(path: str | os.PathLike) -> np.ndarray:
    """The image at ``path`` as ``(height, width, 3)`` float32 linear RGB, row 0 at the top.

    Raises
    ------
    ImageError
        The file cannot be read or is not a Radiance RGBE image this reader understands.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return decode_hdr(data)
    except ValueError as exc:
        raise ImageError(f"{path}: not a readable Radiance .hdr image: {exc}") from None


def decode_hdr(data: bytes) -> np.ndarray:
    """Decode the bytes of a ``.hdr`` file (see :func:`read_hdr`); raises ValueError."""
    width, height, flip_y, flip_x, offset = _header(data)
    rgbe = _scanlines(memoryview(data)[offset:], width, height)
    rgb = _rgbe_to_float(rgbe)
    if flip_y:
        rgb = rgb[::-1]
    if flip_x:
        rgb = rgb[:, ::-1]
    return np.ascontiguousarray(rgb)


def _header(data: bytes) -> tuple[int, int, bool, bool, int]:
    if not (data.startswith(b"#?RADIANCE") or data.startswith(b"#?RGBE")):
        raise ValueError("missing #?RADIANCE signature")
    end = data.find(b"\n\n")
    if end < 0:
        raise ValueError("header does not end")
    header = data[:end].split(b"\n")
    for line in header:
        if line.startswith(b"FORMAT=") and line.strip() != b"FORMAT=32-bit_rle_rgbe":
            raise ValueError(f"unsupported {line.decode('ascii', 'replace')}")
    size_end = data.find(b"\n", end + 2)
    match = _SIZE.match(data[end + 2:size_end].strip())
    if not match:
        raise ValueError("unsupported resolution line (only -Y/+Y H +X/-X W)")
    height, width = int(match[2]), int(match[4])
    if not (0 < width and 0 < height and width * height <= MAX_PIXELS):
        raise ValueError(f"bad size {width}x{height}")
    return width, height, match[1] == b"+", match[3] == b"-", size_end + 1


def _scanlines(body: memoryview, width: int, height: int) -> np.ndarray:
    out = np.empty((height, width, 4), dtype=np.uint8)
    position = 0
    for row in range(height):
        position = _scanline(body, position, width, out[row])
    return out


def _scanline(body: memoryview, position: int, width: int, out: np.ndarray) -> int:
    head = bytes(body[position:position + 4])
    if len(head) < 4:
        raise ValueError("file is truncated")
    if not (8 <= width < 32768 and head[0] == 2 and head[1] == 2 and not head[2] & 0x80):
        flat = np.frombuffer(body, np.uint8, width * 4, position) if len(body) >= position + width * 4 else None
        if flat is None:
            raise ValueError("file is truncated")
        out[:] = flat.reshape(width, 4)
        return position + width * 4
    if (head[2] << 8 | head[3]) != width:
        raise ValueError("scanline width does not match the image width")
    position += 4
    for channel in range(4):
        position = _rle_channel(body, position, out[:, channel], width)
    return position


def _rle_channel(body: memoryview, position: int, out: np.ndarray, width: int) -> int:
    column = 0
    size = len(body)
    while column < width:
        if position >= size:
            raise ValueError("file is truncated")
        count = body[position]
        if count > 128:
            count -= 128
            if column + count > width or position + 1 >= size:
                raise ValueError("run past the end of a scanline")
            out[column:column + count] = body[position + 1]
            position += 2
        else:
            if count == 0 or column + count > width or position + 1 + count > size:
                raise ValueError("bad run in a scanline")
            out[column:column + count] = np.frombuffer(body, np.uint8, count, position + 1)
            position += 1 + count
        column += count
    return position


def _rgbe_to_float(rgbe: np.ndarray) -> np.ndarray:
    exponent = rgbe[..., 3].astype(np.int32)
    scale = np.where(exponent > 0, np.ldexp(np.float32(1.0), exponent - 136), 0.0).astype(np.float32)
    return rgbe[..., :3].astype(np.float32) * scale[..., None]

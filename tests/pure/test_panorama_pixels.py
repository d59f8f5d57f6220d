"""load_panorama: decoded pixels for each source kind, and ImageError naming the file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.io.panorama import CubePixels, EquirectPixels, load_panorama
from vtour.model.errors import ImageError
from vtour.model.tour import CUBE_FACE_ORDER, CubeSource, EquirectSource


def _image(path: Path, size: tuple[int, int], colour=(10, 20, 30)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_equirect_pixels_and_extents(tmp_path):
    path = _image(tmp_path / "pano.jpg", (64, 32))
    progress = []
    pixels = load_panorama(EquirectSource(path, haov=120.0, vaov=60.0, v_offset=5.0),
                           lambda fraction, message: progress.append(fraction))
    assert isinstance(pixels, EquirectPixels)
    assert pixels.rgba.shape == (32, 64, 4) and pixels.rgba.dtype == np.uint8 and pixels.rgba.flags.c_contiguous
    assert (pixels.haov, pixels.vaov, pixels.v_offset) == (120.0, 60.0, 5.0)
    assert not pixels.full_sphere
    assert progress[0] == 0.0 and progress[-1] == 1.0


def test_cube_pixels_in_face_order(tmp_path):
    paths = tuple(_image(tmp_path / f"{name}.png", (16, 16), (i * 40, 0, 0)) for i, name in enumerate(CUBE_FACE_ORDER))
    pixels = load_panorama(CubeSource(paths))
    assert isinstance(pixels, CubePixels) and pixels.size == 16
    assert [int(face[0, 0, 0]) for face in pixels.faces] == [0, 40, 80, 120, 160, 200]


@pytest.mark.parametrize("problem", ["missing", "corrupt", "truncated", "not-an-image"])
def test_unreadable_equirect_names_the_file(tmp_path, problem):
    path = tmp_path / f"{problem}.jpg"
    if problem == "corrupt":
        path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    elif problem == "truncated":
        _image(tmp_path / "whole.jpg", (256, 128))
        path.write_bytes((tmp_path / "whole.jpg").read_bytes()[:300])
    elif problem == "not-an-image":
        path.write_text("hello", encoding="utf-8")
    with pytest.raises(ImageError, match=str(path.name)):
        load_panorama(EquirectSource(path))


def test_cube_faces_must_be_equal_squares(tmp_path):
    paths = [_image(tmp_path / f"{name}.png", (16, 16)) for name in CUBE_FACE_ORDER]
    paths[2] = _image(tmp_path / "back.png", (16, 8))
    with pytest.raises(ImageError, match="back.png.*not square"):
        load_panorama(CubeSource(tuple(paths)))
    paths[2] = _image(tmp_path / "back.png", (32, 32))
    with pytest.raises(ImageError, match="back.png.*same size"):
        load_panorama(CubeSource(tuple(paths)))


def test_missing_cube_face_names_it(tmp_path):
    paths = [_image(tmp_path / f"{name}.png", (16, 16)) for name in CUBE_FACE_ORDER]
    paths[4] = tmp_path / "gone.png"
    with pytest.raises(ImageError, match="gone.png"):
        load_panorama(CubeSource(tuple(paths)))


def test_model_scene_in_the_panorama_loader_is_a_clear_error():
    """The window routes model scenes to the model view; the panorama loader names the mix-up."""
    from vtour.model.tour import ModelSource

    with pytest.raises(ImageError, match=r"site\.glb: a 3D model scene, not a panorama"):
        load_panorama(ModelSource(Path("/tours/site.glb")))

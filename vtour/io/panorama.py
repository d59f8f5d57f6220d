"""Decode a scene's panorama source into pixel arrays the renderer uploads. No Qt, no GL.

The arrays are large (an 8K equirectangular image is 128 MB as RGBA), so callers hand them to
:meth:`vtour.render.renderer.PanoramaRenderer.set_panorama` and drop them straight after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vtour.io.images import decode_rgba
from vtour.model.errors import ImageError
from vtour.model.tour import CUBE_FACE_ORDER, CubeSource, EquirectSource, ModelSource, MultiresSource, PanoramaSource

Progress = Callable[[float, str], None]
"""``progress(fraction_done, message)``, called between decoding steps."""


@dataclass
class EquirectPixels:
    """An equirectangular image as ``(H, W, 4)`` uint8 RGBA, row 0 at the top (highest pitch).

    ``haov``/``vaov`` are the angles the image covers and ``v_offset`` the pitch of its centre
    (degrees); a full panorama covers 360 x 180.
    """

    rgba: np.ndarray
    haov: float = 360.0
    vaov: float = 180.0
    v_offset: float = 0.0

    @property
    def full_sphere(self) -> bool:
        """True when the image covers the whole sphere (so yaw wraps and nothing is outside)."""
        return self.haov >= 360.0 and self.vaov >= 180.0


@dataclass
class CubePixels:
    """Six square ``(N, N, 4)`` uint8 RGBA faces in :data:`~vtour.model.tour.CUBE_FACE_ORDER`."""

    faces: tuple[np.ndarray, ...]

    @property
    def size(self) -> int:
        return int(self.faces[0].shape[0])


@dataclass(frozen=True)
class MultiresPixels:
    """A tiled multires panorama as it opens: the coarse ``preview`` faces (level
    ``preview_level``, shown at once) and the ``source`` the renderer streams finer tiles from."""

    source: MultiresSource
    preview: CubePixels
    preview_level: int


MULTIRES_PREVIEW_EDGE = 1024
"""The preview's largest face edge: a few dozen small tiles, decoded in well under 0.1 s."""

PanoramaPixels = EquirectPixels | CubePixels | MultiresPixels


def load_panorama(source: PanoramaSource, progress: Progress | None = None) -> PanoramaPixels:
    """Decode ``source`` into pixels.

    Parameters
    ----------
    source
        An :class:`~vtour.model.tour.EquirectSource`, :class:`~vtour.model.tour.CubeSource` or
        :class:`~vtour.model.tour.MultiresSource`; a multires panorama comes back as
        :class:`MultiresPixels`: its coarse preview faces (:func:`vtour.io.multires.load_multires_preview`)
        and the source the renderer streams finer tiles from.
    progress
        Optional ``progress(fraction, message)`` callback (e.g. for a loading bar).

    Raises
    ------
    ImageError
        A file is missing, unreadable or corrupt, or cube faces are not equal squares; the message
        names the file.
    """
    report = progress or (lambda fraction, message: None)
    if isinstance(source, EquirectSource):
        report(0.0, f"decoding {source.path.name}")
        rgba = decode_rgba(Path(source.path))
        report(1.0, f"decoded {source.path.name}")
        return EquirectPixels(rgba, haov=source.haov, vaov=source.vaov, v_offset=source.v_offset)
    if isinstance(source, CubeSource):
        return _load_cube(source, report)
    if isinstance(source, MultiresSource):
        from vtour.io.multires import load_multires_preview, preview_level

        preview = load_multires_preview(source, max_edge=MULTIRES_PREVIEW_EDGE, progress=report)
        return MultiresPixels(source, preview, preview_level(source, MULTIRES_PREVIEW_EDGE))
    if isinstance(source, ModelSource):
        # Model scenes have no panorama pixels: the window's model view (vtour.ui.model_view) reads
        # them with vtour.io.gltf, `vtour render` with vtour.render.mesh_view.
        raise ImageError(f"{source.path}: a 3D model scene, not a panorama")
    raise TypeError(f"not a panorama source: {source!r}")


def _load_cube(source: CubeSource, report: Progress) -> CubePixels:
    if len(source.faces) != len(CUBE_FACE_ORDER):
        raise ImageError(f"a cube map needs {len(CUBE_FACE_ORDER)} faces, not {len(source.faces)}")
    faces = []
    for index, (name, path) in enumerate(zip(CUBE_FACE_ORDER, source.faces)):
        report(index / len(CUBE_FACE_ORDER), f"decoding {name} face {Path(path).name}")
        faces.append(decode_rgba(Path(path)))
        _check_face(faces[0], faces[-1], name, Path(path))
    report(1.0, "decoded cube faces")
    return CubePixels(tuple(faces))


def _check_face(first: np.ndarray, face: np.ndarray, name: str, path: Path) -> None:
    height, width = face.shape[:2]
    if width != height:
        raise ImageError(f"{path}: cube {name} face is {width}x{height}, not square")
    if face.shape != first.shape:
        raise ImageError(f"{path}: cube {name} face is {width}x{height}; the front face is "
                         f"{first.shape[1]}x{first.shape[0]} (all faces must be the same size)")

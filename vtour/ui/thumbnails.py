"""Scene thumbnails for the scene list: rendered (or scaled from the author's image) in the background,
cached on disk.

A thumbnail is the scene's initial view rendered headless through the same ``render_view`` path as
``vtour render`` (EGL, in a worker thread: libglvnd allows one API's context per thread, and the
GUI thread keeps Qt's), or the author's ``thumbnail`` image scaled down. Either way it is written
once to ``<cache>/vtour/thumbnails/<key>.png``; the key hashes the source files' paths, sizes and
modification times, the thumbnail size and the view, so an edited panorama or a new initial view
gets a new thumbnail and an unchanged tour never renders again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtGui import QImage

from vtour.model.tour import CUBE_FACE_ORDER, CubeSource, ModelSource, MultiresSource, Scene

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = (256, 144)
CACHE_VERSION = 1
"""Bump when the way thumbnails look changes (projection, size rules): old files are then ignored."""


def default_cache_dir() -> Path:
    """``<the platform's cache folder>/thumbnails`` (``~/.cache/vtour/thumbnails`` on Linux)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(base or Path.home() / ".cache" / "vtour") / "thumbnails"


def source_files(scene: Scene) -> list[Path]:
    """The files a scene's thumbnail is made from: the author's thumbnail, else the panorama images."""
    if scene.thumbnail is not None:
        return [scene.thumbnail]
    if isinstance(scene.source, CubeSource):
        return list(scene.source.faces)
    if isinstance(scene.source, MultiresSource):  # its level-1 tiles stand for the set
        return [scene.source.tile_file(1, face, 0, 0) for face in range(len(CUBE_FACE_ORDER))]
    if isinstance(scene.source, ModelSource):
        return [scene.source.path] + ([scene.source.environment] if scene.source.environment else [])
    return [scene.source.path]


def cache_key(scene: Scene, size: tuple[int, int] = THUMBNAIL_SIZE) -> str:
    """A hash of what the thumbnail depends on: files (path, size, mtime), size, view, horizon."""
    files = []
    for path in source_files(scene):
        try:
            info = os.stat(path)
            files.append([str(path), info.st_size, info.st_mtime_ns])
        except OSError:
            files.append([str(path), None, None])
    view, horizon = scene.initial_view, scene.horizon
    parts = [CACHE_VERSION, files, list(size), [view.yaw, view.pitch, view.hfov, view.roll],
             [horizon.pitch, horizon.roll], scene.thumbnail is not None]
    if isinstance(scene.source, ModelSource):
        parts.append(repr(scene.source.camera))
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def render_thumbnail(scene: Scene, size: tuple[int, int]) -> np.ndarray:
    """The scene's initial view (a model scene: its start camera) as an ``(h, w, 4)`` RGBA array,
    rendered offscreen (worker thread)."""
    if isinstance(scene.source, ModelSource):
        return _render_model_thumbnail(scene.source, size)
    from vtour.render.offscreen import render_view

    return render_view(scene, scene.initial_view, size[0], size[1])


def _render_model_thumbnail(source: ModelSource, size: tuple[int, int]) -> np.ndarray:
    from vtour.io.gltf import load_gltf
    from vtour.io.hdr import read_hdr
    from vtour.render.mesh_view import render_model, start_camera

    asset = load_gltf(source.path)
    environment = read_hdr(source.environment) if source.environment is not None else None
    camera = start_camera(asset, size[0], size[1], source.camera)
    return render_model(asset, camera, size[0], size[1], environment=environment, look=source)


def scale_author_image(path: Path, size: tuple[int, int]) -> np.ndarray:
    """The author's thumbnail cropped to the thumbnail's aspect and scaled down, as RGBA."""
    with Image.open(path) as image:
        image = image.convert("RGBA")
        width, height = size
        scale = max(width / image.width, height / image.height)
        scaled = image.resize((max(width, round(image.width * scale)), max(height, round(image.height * scale))),
                              Image.Resampling.LANCZOS)
        left, top = (scaled.width - width) // 2, (scaled.height - height) // 2
        return np.asarray(scaled.crop((left, top, left + width, top + height)))


class ThumbnailCache:
    """PNG files by key in one folder; writes are atomic (a half-written file is never read)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.png"

    def load(self, key: str) -> QImage | None:
        path = self.path(key)
        if not path.is_file():
            return None
        image = QImage(str(path))
        return None if image.isNull() else image

    def store(self, key: str, rgba: np.ndarray) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(key)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.part.png")
        Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(partial, optimize=True)
        os.replace(partial, path)
        return path


class ThumbnailProvider(QObject):
    """Hands out scene thumbnails: from the disk cache at once, else made in a worker thread.

    Parameters
    ----------
    cache_dir
        Where thumbnails are kept; default :func:`default_cache_dir`.
    size
        (width, height) in pixels.
    render
        ``render(scene, size) -> RGBA array`` for scenes without an author thumbnail (tests count
        calls through it); default :func:`render_thumbnail`.

    Signals
    -------
    ready(str, QImage)
        A scene's thumbnail (scene id, image).
    failed(str, str)
        A scene's thumbnail could not be made (scene id, reason); the list keeps its placeholder.
    """

    ready = Signal(str, QImage)
    failed = Signal(str, str)
    _finished = Signal(str, str, str)  # scene id, key, error ("" on success): worker -> GUI thread

    def __init__(self, cache_dir: Path | None = None, size: tuple[int, int] = THUMBNAIL_SIZE,
                 render: Callable[[Scene, tuple[int, int]], np.ndarray] | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.cache = ThumbnailCache(cache_dir or default_cache_dir())
        self.size = size
        self._render = render or render_thumbnail
        self._executor: ThreadPoolExecutor | None = None
        self._pending: dict[str, Future] = {}
        self.renders = 0  # thumbnails made (rendered or scaled) by this provider, for tests and logs
        self._finished.connect(self._on_finished)

    def request(self, scene: Scene) -> QImage | None:
        """The cached thumbnail now, or None and ``ready`` later (never blocks on rendering)."""
        key = cache_key(scene, self.size)
        image = self.cache.load(key)
        if image is not None:
            return image
        if key not in self._pending:
            if self._executor is None:
                # One worker: thumbnails queue up behind each other instead of competing with the
                # viewer's own decoding for the (often two) cores.
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vtour-thumbnails")
            self._pending[key] = self._executor.submit(self._make, scene, key)
        return None

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        """Drop queued work and wait for the thumbnail being made (at most one render)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._pending.clear()

    # -- worker thread ----------------------------------------------------------------------------

    def _make(self, scene: Scene, key: str) -> None:
        try:
            if scene.thumbnail is not None:
                rgba = scale_author_image(scene.thumbnail, self.size)
            else:
                rgba = self._render(scene, self.size)
            self.cache.store(key, rgba)
            self._finished.emit(scene.id, key, "")
        except Exception as exc:  # noqa: BLE001 - reported to the GUI thread, which logs and shows a placeholder
            self._finished.emit(scene.id, key, f"{type(exc).__name__}: {exc}")

    # -- GUI thread -------------------------------------------------------------------------------

    def _on_finished(self, scene_id: str, key: str, error: str) -> None:
        self._pending.pop(key, None)
        self.renders += 1
        image = None if error else self.cache.load(key)
        if image is None:
            log.warning("no thumbnail for scene %s: %s", scene_id, error or "unreadable cache file")
            self.failed.emit(scene_id, error or "unreadable cache file")
            return
        self.ready.emit(scene_id, image)

"""Load tours and decode panoramas on a worker thread, reporting back through queued signals.

Decoding an 8K JPEG takes 0.2 s here and seconds on a weak laptop; doing it on the UI thread would
freeze the window (and a kiosk's attract loop). The work is pure Python/numpy (``vtour.io``), and
the JPEG decoder releases the GIL, so the event loop keeps running while it works.

One worker thread on purpose: two 8K decodes at once would double a 128-MB peak on a laptop that
may not have it, and a newer request makes any older one obsolete anyway. Every request has an id;
results of a superseded request are dropped, and a superseded job stops at its next checkpoint.
"""

from __future__ import annotations

import functools
import logging
import traceback
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal

from vtour.model.errors import ImageError, TourError
from vtour.model.mesh import ModelError
from vtour.model.tour import Scene, Tour

log = logging.getLogger(__name__)

SHUTDOWN_WAIT_MS = 10_000
"""How long closing the window waits for a running decode (they are not interruptible)."""


@dataclass(frozen=True)
class LoadFailure:
    """What went wrong, worded for the person in front of the screen.

    Attributes
    ----------
    title
        One line naming what could not be opened.
    message
        The problem in a sentence or two.
    details
        Everything else (diagnostics, traceback) for the "details" box and bug reports.
    """

    title: str
    message: str
    details: str = ""


class _Superseded(Exception):
    """A newer request replaced this one; raised at a checkpoint to stop the work early."""


class _JobSignals(QObject):
    """Signals emitted from the worker thread; Qt queues them to the loader's (UI) thread."""

    stage = Signal(int, str, object)  # request id, stage text, fraction or None
    tour_loaded = Signal(int, object)  # request id, Tour
    panorama_ready = Signal(int, object, object, object)  # request id, Tour, Scene, pixels
    failed = Signal(int, object)  # request id, LoadFailure


@dataclass(frozen=True)
class _Job:
    request: int
    path: Path | None = None
    tour: Tour | None = None
    scene_id: str | None = None


class PanoramaLoader(QObject):
    """Opens tours and scenes off the UI thread; only the newest request reports back.

    Signals
    -------
    stage(str, object)
        What is happening now, and a fraction done (or None while unknown).
    tour_loaded(Tour)
        The tour file parsed and validated (the window can show its title).
    panorama_ready(Tour, Scene, pixels)
        The scene's panorama is decoded; the receiver uploads it and drops the arrays.
    failed(LoadFailure)
        Loading failed; nothing else follows for this request.
    """

    stage = Signal(str, object)
    tour_loaded = Signal(object)
    panorama_ready = Signal(object, object, object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._current = 0
        self._signals = _JobSignals(self)
        self._signals.stage.connect(self._forward_stage)
        self._signals.tour_loaded.connect(self._forward_tour)
        self._signals.panorama_ready.connect(self._forward_panorama)
        self._signals.failed.connect(self._forward_failure)

    # -- requests -------------------------------------------------------------------------------

    def load_tour(self, path: Path, scene_id: str | None = None) -> int:
        """Read the tour (or bare panorama image) at ``path`` and decode a scene (default: the first)."""
        return self._submit(_Job(self._next_request(), path=Path(path), scene_id=scene_id))

    def load_scene(self, tour: Tour, scene_id: str) -> int:
        """Decode another scene of an already loaded tour."""
        return self._submit(_Job(self._next_request(), tour=tour, scene_id=scene_id))

    def cancel(self) -> None:
        """Forget every request; anything in flight finishes unseen."""
        self._next_request()
        self._pool.clear()

    @property
    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def shutdown(self, wait_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Cancel and wait for the worker (call before the window goes away)."""
        self.cancel()
        return self._pool.waitForDone(wait_ms)

    def _next_request(self) -> int:
        self._current += 1
        return self._current

    def _submit(self, job: _Job) -> int:
        self._pool.clear()  # queued jobs that never started are obsolete
        self._pool.start(functools.partial(_run_job, job, self._signals, self._is_current))
        return job.request

    def _is_current(self, request: int) -> bool:
        # Read from the worker thread: an int read is atomic under the GIL.
        return request == self._current

    # -- results (UI thread) --------------------------------------------------------------------

    def _forward_stage(self, request: int, text: str, fraction: object) -> None:
        if request == self._current:
            self.stage.emit(text, fraction)

    def _forward_tour(self, request: int, tour: Tour) -> None:
        if request == self._current:
            self.tour_loaded.emit(tour)

    def _forward_panorama(self, request: int, tour: Tour, scene: Scene, pixels: object) -> None:
        if request == self._current:
            self.panorama_ready.emit(tour, scene, pixels)
        else:
            log.debug("dropping the panorama of superseded request %d", request)

    def _forward_failure(self, request: int, failure: LoadFailure) -> None:
        if request == self._current:
            self.failed.emit(failure)


# --- the worker side ------------------------------------------------------------------------------


def _run_job(job: _Job, signals: _JobSignals, is_current) -> None:
    """Runs on the worker thread; every outcome becomes a signal, nothing escapes."""

    def checkpoint() -> None:
        if not is_current(job.request):
            raise _Superseded

    def report(text: str, fraction: float | None = None) -> None:
        checkpoint()
        signals.stage.emit(job.request, text, fraction)

    try:
        tour = job.tour or _read_tour(job, signals, report)
        scene = _pick_scene(tour, job.scene_id)
        pixels = _decode(scene, report)
        checkpoint()
        signals.panorama_ready.emit(job.request, tour, scene, pixels)
    except _Superseded:
        log.debug("request %d superseded", job.request)
    except Exception as exc:  # a kiosk must survive any loader bug: show it instead of dying
        _emit_failure(job, signals, describe_failure(exc, job.path))


def _read_tour(job: _Job, signals: _JobSignals, report) -> Tour:
    from vtour.io.tourfile import load_tour_or_image

    report(QCoreApplication.translate("PanoramaLoader", "Reading {name}…").format(name=job.path.name))
    tour = load_tour_or_image(job.path)
    signals.tour_loaded.emit(job.request, tour)
    return tour


def _pick_scene(tour: Tour, scene_id: str | None) -> Scene:
    if scene_id is None:
        return tour.start_scene
    try:
        return tour.scene(scene_id)
    except KeyError:
        known = ", ".join(scene.id for scene in tour.scenes)
        raise _SceneNotFound(f"the tour has no scene {scene_id!r}; its scenes are: {known}") from None


class _SceneNotFound(LookupError):
    pass


def _decode(scene: Scene, report):
    from vtour.io.panorama import load_panorama
    from vtour.model.tour import ModelSource

    text = _decoding_text(scene.source)
    report(text)
    if isinstance(scene.source, ModelSource):  # a model scene: a ModelContent for the window's model view
        from vtour.ui.model_view import load_model_content

        return load_model_content(scene.source, lambda fraction: report(text, min(max(fraction, 0.0), 1.0)))

    def progress(fraction: float, message: str) -> None:
        # The decoder reports only between files: for one image that is 0 then 1, which says
        # nothing about time left, so the bar stays busy rather than sitting at 0 %. Its message
        # is English from the io layer; the card shows our own (translatable) text.
        report(text, fraction if 0.0 < fraction < 1.0 else None)

    return load_panorama(scene.source, progress=progress)


def _decoding_text(source) -> str:
    path = getattr(source, "path", None)
    if path is not None:
        return QCoreApplication.translate("PanoramaLoader", "Decoding {file}…").format(file=Path(path).name)
    return QCoreApplication.translate("PanoramaLoader", "Decoding the cube faces…")


def _emit_failure(job: _Job, signals: _JobSignals, failure: LoadFailure) -> None:
    log.warning("%s: %s", failure.title, failure.message)
    try:
        signals.failed.emit(job.request, failure)
    except RuntimeError:  # the window (and its signals object) is already gone
        log.debug("loader closed before request %d failed", job.request)


def describe_failure(exc: BaseException, path: Path | None) -> LoadFailure:
    """Turn an exception from loading into words (file named, problem stated, details kept)."""
    name = path.name if path is not None else QCoreApplication.translate("PanoramaLoader", "the scene")
    title = QCoreApplication.translate("PanoramaLoader", "Could not open {name}").format(name=name)
    if isinstance(exc, ModelError):
        first = exc.diagnostics[0].message if exc.diagnostics else str(exc)
        return LoadFailure(title, QCoreApplication.translate("PanoramaLoader", "The 3D model could not be read: {problem}").format(problem=first), str(exc))
    if isinstance(exc, TourError):
        return LoadFailure(title, _tour_summary(exc), str(exc))
    if isinstance(exc, ImageError):
        return LoadFailure(title, QCoreApplication.translate("PanoramaLoader", "The panorama image could not be read: {problem}").format(problem=exc), str(exc))
    if isinstance(exc, FileNotFoundError):
        return LoadFailure(title, QCoreApplication.translate("PanoramaLoader", "File not found: {file}").format(file=exc.filename or path), str(exc))
    if isinstance(exc, OSError):
        return LoadFailure(title, QCoreApplication.translate("PanoramaLoader", "The file could not be read: {problem}").format(problem=exc.strerror or exc), str(exc))
    if isinstance(exc, MemoryError):
        return LoadFailure(title, QCoreApplication.translate("PanoramaLoader", "Not enough memory to decode this panorama."), _traceback(exc))
    if isinstance(exc, _SceneNotFound):
        return LoadFailure(title, str(exc).capitalize() + ".", "")
    log.error("unexpected error while loading %s", path, exc_info=exc)
    return LoadFailure(title, QCoreApplication.translate("PanoramaLoader", "Unexpected error: {problem}").format(problem=exc), _traceback(exc))


def _tour_summary(exc: TourError) -> str:
    """The first diagnostic's message, and how many more there are (the details list them all)."""
    first = exc.diagnostics[0].message if exc.diagnostics else str(exc)
    more = len(exc.diagnostics) - 1
    if more <= 0:
        return QCoreApplication.translate("PanoramaLoader", "The tour file has an error: {first}").format(first=first)
    if more == 1:
        return QCoreApplication.translate("PanoramaLoader", "The tour file has errors: {first} (and 1 more)").format(first=first)
    return QCoreApplication.translate("PanoramaLoader", "The tour file has errors: {first} (and {more} more)").format(first=first, more=more)


def _traceback(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc))


# Worker-side strings are translated with QCoreApplication.translate("PanoramaLoader", ...) written
# out at each call, so pyside6-lupdate finds them (it does not follow a helper function).

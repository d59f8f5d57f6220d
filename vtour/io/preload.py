"""Decode the scenes a visitor may go to next while they look around, so following a link is instant.

:class:`PreloadCache` keeps decoded panoramas (the pixel arrays ``vtour.io.panorama`` returns)
of the current scene's linked scenes, bounded by a count and a memory budget, least recently
used first out. Decoding runs on one background thread (the JPEG decoder releases the GIL, so
the UI and the renderer keep running); one at a time on purpose, as in the loader, so a weak
laptop never holds two 8K decodes in flight.

When the scene changes, :meth:`PreloadCache.prefetch` is called with the new scene's links:
queued decodes for scenes no longer linked are cancelled, and cached pixels of scenes no longer
linked are evicted first when room is needed. Plain Python threads, no Qt (the benchmark uses it
headless): the window turns the ``on_ready`` callback (called on the worker thread) into a queued
signal.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor

from vtour.model.tour import Scene, Tour

log = logging.getLogger(__name__)

DEFAULT_MAX_SCENES = 2
DEFAULT_BUDGET_MB = 320.0
"""Two 8192x4096 RGBA panoramas (128 MB each) fit; a 16K one (512 MB) is never preloaded."""


def pixels_nbytes(pixels) -> int:
    """Memory held by decoded panorama pixels (an equirect image or six cube faces)."""
    rgba = getattr(pixels, "rgba", None)
    if rgba is not None:
        return int(rgba.nbytes)
    return int(sum(face.nbytes for face in getattr(pixels, "faces", ())))


def estimated_nbytes(scene: Scene) -> int | None:
    """RGBA bytes of ``scene``'s panorama from the sizes in its file headers (None when unknown)."""
    size = getattr(scene.source, "size", None)
    if size:
        return size[0] * size[1] * 4
    face = getattr(scene.source, "face_size", None)
    return 6 * face * face * 4 if face else None


def linked_scene_ids(scene: Scene) -> list[str]:
    """Scene ids ``scene`` links to, in hotspot order, without repeats or itself."""
    ids = [h.target_scene for h in scene.hotspots
           if h.kind == "scene" and h.target_scene and h.target_scene != scene.id]
    return list(dict.fromkeys(ids))


def _decode(scene: Scene):
    from vtour.io.panorama import load_panorama

    return load_panorama(scene.source)


class PreloadCache:
    """Decoded panoramas of likely next scenes, decoded in the background.

    Parameters
    ----------
    max_scenes, budget_mb
        At most this many scenes and this much decoded memory are kept (and in flight).
    on_ready
        ``on_ready(scene_id)``, called on the worker thread when a decode finished.
    decode
        ``decode(scene) -> pixels``; tests and the benchmark may inject their own.
    """

    def __init__(self, max_scenes: int = DEFAULT_MAX_SCENES, budget_mb: float = DEFAULT_BUDGET_MB,
                 on_ready: Callable[[str], None] | None = None, decode: Callable = _decode) -> None:
        self.max_scenes = max_scenes
        self.budget_bytes = int(budget_mb * 2**20)
        self.on_ready = on_ready
        self._decode = decode
        self._lock = threading.Lock()
        self._ready: OrderedDict[str, object] = OrderedDict()  # scene id -> pixels, least recent first
        self._pending: dict[str, Future] = {}
        self._wanted: list[str] = []
        self._executor: ThreadPoolExecutor | None = None
        self._tour: Tour | None = None

    # -- state ----------------------------------------------------------------------------------

    @property
    def cached_ids(self) -> list[str]:
        with self._lock:
            return list(self._ready)

    @property
    def pending_ids(self) -> list[str]:
        with self._lock:
            return [k for k, f in self._pending.items() if not f.done()]

    @property
    def nbytes(self) -> int:
        with self._lock:
            return sum(pixels_nbytes(p) for p in self._ready.values())

    def has(self, scene_id: str) -> bool:
        with self._lock:
            return scene_id in self._ready

    def is_pending(self, scene_id: str) -> bool:
        with self._lock:
            future = self._pending.get(scene_id)
            return future is not None and not future.done()

    # -- requests -------------------------------------------------------------------------------

    def prefetch(self, tour: Tour, scene_ids: Iterable[str]) -> None:
        """Decode ``scene_ids`` of ``tour`` (best first) in the background, within the budget.

        Replaces the previous wish list: queued decodes of scenes not wanted now are cancelled.
        """
        wanted = list(dict.fromkeys(scene_ids))[: self.max_scenes]
        start = []
        with self._lock:
            if tour is not self._tour:
                self._ready.clear()
                self._tour = tour
            self._wanted = wanted
            for scene_id, future in list(self._pending.items()):
                if scene_id not in wanted and future.cancel():
                    del self._pending[scene_id]
            for scene_id in wanted:
                if scene_id in self._ready:
                    self._ready.move_to_end(scene_id)
                elif scene_id not in self._pending and self._fits(tour.scene(scene_id)):
                    self._pending[scene_id] = future = self._submit(tour.scene(scene_id))
                    start.append((scene_id, future))
        # Outside the lock: a future already done runs its callback right here, and it locks.
        for scene_id, future in start:
            future.add_done_callback(lambda f, scene_id=scene_id: self._finished(scene_id, f))

    def _fits(self, scene: Scene) -> bool:
        """Whether ``scene`` can be kept: room made by evicting unwanted, least recent entries."""
        size = estimated_nbytes(scene) or 0
        if size > self.budget_bytes:
            log.debug("not preloading %s: %d MB is over the budget", scene.id, size >> 20)
            return False
        return True

    def _submit(self, scene: Scene) -> Future:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vtour-preload")
        return self._executor.submit(self._decode, scene)

    def _finished(self, scene_id: str, future: Future) -> None:
        try:
            pixels = future.result()
        except CancelledError:
            return
        except Exception as exc:  # the loader reports a broken image properly when the scene is opened
            log.warning("preloading scene %s failed: %s", scene_id, exc)
            with self._lock:
                self._pending.pop(scene_id, None)
            return
        with self._lock:
            if self._pending.get(scene_id) is not future:
                return  # superseded
            del self._pending[scene_id]
            self._ready[scene_id] = pixels
            self._ready.move_to_end(scene_id)
            self._evict()
            kept = scene_id in self._ready
        if kept and self.on_ready is not None:
            self.on_ready(scene_id)

    def _evict(self) -> None:
        """Drop entries until the count and budget hold: unwanted ones first, then least recent."""
        def over() -> bool:
            total = sum(pixels_nbytes(p) for p in self._ready.values())
            return len(self._ready) > self.max_scenes or total > self.budget_bytes

        while self._ready and over():
            unwanted = [k for k in self._ready if k not in self._wanted]
            victim = unwanted[0] if unwanted else next(iter(self._ready))
            log.debug("preload cache evicts %s", victim)
            del self._ready[victim]

    def take(self, scene_id: str):
        """The decoded pixels of ``scene_id`` (removed from the cache: the GPU gets them), or None."""
        with self._lock:
            return self._ready.pop(scene_id, None)

    def clear(self) -> None:
        """Forget everything: cancel queued decodes, drop cached pixels."""
        with self._lock:
            for future in self._pending.values():
                future.cancel()
            self._pending.clear()
            self._ready.clear()
            self._wanted = []

    def wait(self, timeout: float | None = None) -> None:
        """Block until the decodes in flight have finished (tests and benchmarks)."""
        with self._lock:
            futures = list(self._pending.values())
        for future in futures:
            try:
                future.result(timeout)
            except (CancelledError, Exception):
                pass

    def shutdown(self) -> None:
        """Stop the worker thread (after the decode in progress, if any). The cache stays usable."""
        self.clear()
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

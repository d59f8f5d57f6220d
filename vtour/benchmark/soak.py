"""Soak benchmark: the kiosk's attract loop driven fast through thousands of scene changes.

``python -m vtour.benchmark.soak --changes 10000 --out soak.json`` (issue 7). A kiosk plays a
guided tour on repeat for months, so whatever one scene change leaks (a texture, a buffer, a
Python object, a few kilobytes of memory) adds up. This benchmark opens a generated tour in the
real viewer window (:class:`vtour.ui.window.MainWindow`, shown), plays its guided tour with
``loop=True`` exactly as a kiosk does, and lets each step's camera move and hold elapse at once
through a fake clock given to the guided-tour controller. Every ``sample_every`` scene changes it
records the resident memory (RSS), the C heap in use, the number of live Python objects and the
number of live GL objects (textures, buffers, vertex arrays, framebuffers, renderbuffers,
programs, shaders) in the panorama view's context.

What one scene change does here, as in a kiosk: the camera turns half-way to the step's view (the
view and everything following it update; that frame is drawn together with the next one), the
step ends, the session goes to the next step's scene, the window captures the frame on screen for
the cross-fade, shows the next panorama (preloaded, or decoded by the loader), draws it with its
hotspots, builds its mipmaps and blends the old frame out over ``fade_seconds`` (0.02 s by default
instead of the viewer's 0.6 s: the same code path with less waiting). Reduced motion stays off, so
the fades and the camera moves run. Every ``info_every`` changes the scene's info point is
activated as a click does (its panel opens, with text and a picture) and closed again.

Target: RSS growth under 5 % from the sample after warm-up (the first 10 % of the changes, at
most 1000) to the last, and no growth in any kind of live GL object.

GL objects are counted by name: a name is generated (``glGen*``, ``glCreateProgram``) and deleted
again to learn where the driver hands out names now, then every name from 1 to past the highest
one in use is asked ``glIs*``. Textures, buffers, renderbuffers, programs and shaders are shared
with Qt's own contexts (``AA_ShareOpenGLContexts``), so Qt's objects in that share group count
too; vertex arrays and framebuffers belong to the panorama view's context alone.

Qt is reached only through the window and the application object of :mod:`vtour.ui` (this
package imports no PySide6: see ``tests/pure/test_layers.py``). Needs an X display; ``main``
re-runs itself under ``xvfb-run`` where there is none.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import gc
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

SCENE_COUNT = 6
"""Scenes in the soak tour: five equirectangular ones and one cube map."""
IMAGE_WIDTH = 1024
"""Equirectangular images are IMAGE_WIDTH x IMAGE_WIDTH/2 JPEGs; cube faces IMAGE_WIDTH/4."""
GUIDED_TOUR_ID = "attract"
TARGET_RSS_GROWTH_PERCENT = 5.0
WARMUP_FRACTION = 0.1
WARMUP_MAX_CHANGES = 1000
PRELOAD_SETTLE_SECONDS = 0.4
"""Before a sample: longer than the window's delay before it preloads the linked scenes (0.25 s)."""
POLL_SECONDS = 0.001
"""Sleep between two rounds of Qt event processing while waiting (the decoder thread runs meanwhile)."""
NAME_SLACK = 1024
"""GL names scanned past the highest live one (and past the driver's next free name)."""
DEFERRED_DELETE = 52
"""``QEvent.Type.DeferredDelete``: ``processEvents`` alone leaves ``deleteLater`` objects alive."""
XVFB_SCREEN = "-screen 0 1280x800x24"
_UNDER_XVFB = "VTOUR_SOAK_UNDER_XVFB"


class SoakError(RuntimeError):
    """The soak could not go on (a scene did not load, GL failed, a wait timed out)."""


# -- the soak tour ----------------------------------------------------------------------------------


def build_soak_tour(folder: Path, scenes: int = SCENE_COUNT, width: int = IMAGE_WIDTH,
                    fade_seconds: float = 0.02) -> Path:
    """Write a tour of ``scenes`` generated panoramas into ``folder``; return its ``tour.json``.

    Scenes ``s0`` .. ``s{n-1}``: the last is a cube map (six faces of ``width/4``), the others
    ``width`` x ``width/2`` JPEGs (:func:`vtour.benchmark.panoramas.synthetic_panorama`, a seed
    each). Each scene links to the next and the previous one, has an info point with text and a
    picture, and an area. The guided tour ``attract`` visits every scene once, in order, with
    short steps (a 1 s move, a 2 s hold); the tour's scene transition is a ``fade_seconds`` fade.
    """
    import py360convert
    from PIL import Image

    from vtour.benchmark.panoramas import synthetic_panorama

    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"s{i}" for i in range(scenes)]
    picture = Image.fromarray(np.linspace(40, 220, 160 * 100 * 3).reshape(100, 160, 3).astype(np.uint8))
    picture.save(folder / "detail.png")
    documents = {}
    for index, scene_id in enumerate(ids):
        image = synthetic_panorama(width, seed=100 + index)
        if index == scenes - 1 and scenes > 1:
            faces = py360convert.e2c(np.asarray(image), face_w=width // 4, mode="bilinear", cube_format="list")
            names = []
            for face_name, face in zip(("front", "right", "back", "left", "up", "down"), faces, strict=True):
                name = f"{scene_id}/{face_name}.jpg"
                (folder / scene_id).mkdir(exist_ok=True)
                Image.fromarray(np.ascontiguousarray(face)).save(folder / name, "JPEG", quality=85)
                names.append(name)
            source = {"type": "cube", "faces": names}
        else:
            image.save(folder / f"{scene_id}.jpg", "JPEG", quality=85)
            source = {"type": "equirectangular", "panorama": f"{scene_id}.jpg"}
        following, preceding = ids[(index + 1) % scenes], ids[index - 1]
        documents[scene_id] = {
            **source,
            "title": f"Soak scene {index}",
            "initialView": {"yaw": 0, "pitch": 0, "hfov": 100},
            "hotspots": [
                {"id": "next", "type": "scene", "yaw": 20, "pitch": -5, "title": "Next", "targetScene": following},
                {"id": "back", "type": "scene", "yaw": -160, "pitch": -5, "title": "Back",
                 "targetScene": preceding},
                {"id": "info", "type": "info", "yaw": -30, "pitch": 10, "title": f"About scene {index}",
                 "text": f"<p>Generated scene <b>{index}</b> of the soak tour.</p><ul><li>one</li><li>two</li></ul>",
                 "images": [{"path": "detail.png", "caption": "A gradient", "alt": "a gradient"}]},
                {"id": "area", "type": "area", "title": "An area",
                 "vertices": [[60, -10], [80, -10], [80, 10], [60, 10]]},
            ],
        }
    steps = [{"scene": scene_id, "view": {"yaw": 40.0 * (i + 1) - 180.0, "pitch": 5 * (i % 3 - 1), "hfov": 90},
              "transition": 1, "duration": 2, "text": f"Step {i + 1}"} for i, scene_id in enumerate(ids)]
    tour = {"version": 1, "title": "vtour soak tour (generated)", "firstScene": ids[0],
            "transition": {"duration": fade_seconds}, "scenes": documents,
            "guidedTours": [{"id": GUIDED_TOUR_ID, "title": "Attract loop", "steps": steps}]}
    path = folder / "tour.json"
    path.write_text(json.dumps(tour, indent=1), encoding="utf-8")
    _check_tour(path)
    return path


def _check_tour(path: Path) -> None:
    from vtour.io.tourfile import validate_tour_file
    from vtour.model.errors import Severity

    errors = [d for d in validate_tour_file(path) if d.severity is Severity.ERROR]
    if errors:
        raise SoakError("the generated soak tour is invalid:\n" + "\n".join(str(d) for d in errors))


# -- live GL objects ---------------------------------------------------------------------------------


def count_gl_objects() -> dict[str, int]:
    """Live GL objects of each kind in the current context (its share group for shared kinds)."""
    import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
    from OpenGL import GL

    generated = {
        "textures": (GL.glGenTextures, GL.glDeleteTextures, GL.glIsTexture),
        "buffers": (GL.glGenBuffers, GL.glDeleteBuffers, GL.glIsBuffer),
        "vertex_arrays": (GL.glGenVertexArrays, GL.glDeleteVertexArrays, GL.glIsVertexArray),
        "framebuffers": (GL.glGenFramebuffers, GL.glDeleteFramebuffers, GL.glIsFramebuffer),
        "renderbuffers": (GL.glGenRenderbuffers, GL.glDeleteRenderbuffers, GL.glIsRenderbuffer),
    }
    counts = {}
    for kind, (generate, delete, is_live) in generated.items():
        probe = int(generate(1))
        delete(1, [probe])
        counts[kind] = _count_names(is_live, probe)
    probe = int(GL.glCreateProgram())  # programs and shaders share one namespace
    GL.glDeleteProgram(probe)
    counts["programs"] = _count_names(GL.glIsProgram, probe)
    counts["shaders"] = _count_names(GL.glIsShader, probe)
    return counts


def _count_names(is_live, probe: int) -> int:
    """Names in 1..N for which ``is_live`` is true; N runs :data:`NAME_SLACK` past both the
    driver's next name (``probe``) and the highest live name found (a driver may hand out the
    lowest free name, leaving live ones above it)."""
    count, name, limit = 0, 1, probe + NAME_SLACK
    while name <= limit:
        if is_live(name):
            count += 1
            limit = max(limit, name + NAME_SLACK)
        name += 1
    return count


def _gl_counts_of(widget) -> dict[str, int] | None:
    """:func:`count_gl_objects` with ``widget``'s context current; None where it has none (yet)."""
    context = widget.context()
    if context is None or not context.isValid():
        return None
    widget.makeCurrent()
    try:
        return count_gl_objects()
    finally:
        widget.doneCurrent()


# -- memory --------------------------------------------------------------------------------------------


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]


def malloc_in_use_mb() -> float | None:
    """Bytes the C heap has handed out and not taken back (glibc's ``mallinfo2``: every arena plus
    mmapped blocks), in MB; None without glibc 2.33+. Unlike RSS it does not count memory that was
    freed but is still held by the allocator, so it tells a leak from fragmentation."""
    function = _mallinfo2()
    if function is None:
        return None
    info = function()
    return (info.uordblks + info.hblkhd) / 2**20


@functools.cache
def _mallinfo2():
    try:
        function = ctypes.CDLL(None).mallinfo2
    except (AttributeError, OSError):
        return None
    function.restype = _MallInfo2
    function.argtypes = []
    return function


def python_objects() -> int:
    gc.collect()
    return len(gc.get_objects())


# -- driving the window ------------------------------------------------------------------------------


class FakeClock:
    """The guided-tour player's clock: seconds that pass only when :meth:`advance` says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)


class _Driver:
    """Plays the attract loop in ``window`` one scene change at a time and takes samples."""

    def __init__(self, app, window, timeout_s: float):
        self.app, self.window, self.timeout_s = app, window, timeout_s
        self.view = window.panorama_view
        self.controller = window.navigation.controller
        self.clock = FakeClock()
        self.controller._clock = self.clock  # the player made at start() reads it (tests do the same)
        self.shown = 0
        self.frames_at_shown = 0
        self.transitions = 0
        self.failure: str | None = None
        self.changes = 0
        self.resumes = 0
        self.info_opens = 0
        self.visits: Counter[str] = Counter()
        window.scene_shown.connect(self._on_scene_shown)
        window.scene_switcher.transition_finished.connect(self._on_transition_finished)
        window.loader.failed.connect(self._on_failed)

    # -- signals ----------------------------------------------------------------------------------

    def _on_scene_shown(self, _scene) -> None:
        self.shown += 1
        self.frames_at_shown = self.view.frames_painted

    def _on_transition_finished(self) -> None:
        self.transitions += 1

    def _on_failed(self, failure) -> None:
        self.failure = f"{failure.title}: {failure.message}"

    def disconnect(self) -> None:
        self.window.scene_shown.disconnect(self._on_scene_shown)
        self.window.scene_switcher.transition_finished.disconnect(self._on_transition_finished)
        self.window.loader.failed.disconnect(self._on_failed)

    # -- waiting ----------------------------------------------------------------------------------

    def process(self) -> None:
        self.app.processEvents()

    def wait(self, predicate, what: str) -> None:
        deadline = time.monotonic() + self.timeout_s
        while True:
            self.process()
            if self.failure is not None:
                raise SoakError(f"after {self.changes} scene changes, loading failed: {self.failure}")
            if self.view.gl_error is not None:
                raise SoakError(f"after {self.changes} scene changes, OpenGL failed: {self.view.gl_error[0]}")
            if predicate():
                return
            if time.monotonic() > deadline:
                raise SoakError(f"timed out after {self.timeout_s:g} s waiting for {what} "
                                f"(after {self.changes} scene changes)")
            time.sleep(POLL_SECONDS)

    def settle(self, rounds: int = 3) -> None:
        for _ in range(rounds):
            self.process()
            time.sleep(POLL_SECONDS)

    # -- steps ------------------------------------------------------------------------------------

    def open(self, tour_path: Path) -> None:
        self.window.open_tour(tour_path)
        self.wait(lambda: self.shown >= 1 and self.view.frames_painted > self.frames_at_shown
                  and self.transitions >= 1, "the tour to open")
        if not self.window.navigation.play_guided_tour(GUIDED_TOUR_ID, loop=True):
            raise SoakError(f"the soak tour has no guided tour {GUIDED_TOUR_ID!r}")
        self.wait(lambda: self.controller.player is not None, "the guided tour to start")
        self.visits[self.window.scene.id] += 1

    def change_scene(self) -> None:
        """Move half-way to the step's view (one frame), then end the step: the next scene shows."""
        player = self.controller.player
        self._ensure_playing()
        move_left = player.step_length() - player.hold_length() - player.elapsed_in_step
        if move_left > 0:
            self.clock.advance(move_left / 2)
            self.controller._tick()  # what the controller's timer does on its next tick
            self.process()  # the view moved; its frame is drawn with the next scene's (saves ~20 % of the time)
        scene_before, shown, transitions = self.window.scene.id, self.shown, self.transitions
        self.clock.advance(player.step_length() - player.elapsed_in_step + 1e-6)
        self.controller._tick()
        self.wait(lambda: self.shown > shown and self.view.frames_painted > self.frames_at_shown
                  and self.transitions > transitions, "the next scene to be shown")
        scene_id = self.window.scene.id
        if scene_id == scene_before:
            raise SoakError(f"the guided tour stayed in scene {scene_id!r} (after {self.changes} changes)")
        self.changes += 1
        self.visits[scene_id] += 1

    def open_info_panel(self) -> None:
        """Activate the scene's info point as a click does, then close its panel."""
        panel = self.window.info_panel
        hotspot = next((h for h in self.window.scene.hotspots if h.kind == "info"), None)
        if hotspot is None:
            return
        self.window.hotspot_layer.activate(hotspot)
        self.wait(lambda: panel.is_open, "the info panel to open")
        self.settle()
        panel.close_panel()
        self.settle()
        self.info_opens += 1

    def _ensure_playing(self) -> None:
        player = self.controller.player
        if player is None:
            raise SoakError(f"the guided tour stopped (after {self.changes} scene changes)")
        if not player.is_playing:  # something counted as the visitor taking over: note it, go on
            self.resumes += 1
            log.warning("the guided tour was %s after %d changes; resuming", player.state, self.changes)
            self.controller.toggle()

    # -- samples ----------------------------------------------------------------------------------

    def sample(self, started: float) -> dict:
        """Measure once the window is at rest: the linked scenes preloaded (the preload starts
        a moment after each change), so every sample holds the same decoded panoramas."""
        preload = self.window.scene_switcher.preload
        rest = time.monotonic() + PRELOAD_SETTLE_SECONDS
        self.wait(lambda: time.monotonic() >= rest and not preload.pending_ids, "the preloads to finish")
        seconds = time.perf_counter() - started
        objects = python_objects()  # collects garbage first
        entry = {"changes": self.changes, "seconds": round(seconds, 3), "rss_mb": round(rss_mb(), 2),
                 "malloc_mb": _round(malloc_in_use_mb()), "preload_mb": round(preload.nbytes / 2**20, 2),
                 "python_objects": objects, "gl": _gl_counts_of(self.view)}
        if entry["gl"] is None:
            raise SoakError("the panorama view has no GL context")
        model = _gl_counts_of(self.window.model_view)
        if model is not None:
            entry["model_gl"] = model
        return entry


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@contextmanager
def _environment(**values: str):
    """Set environment variables for the block, restoring the previous values after it."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_soak(scene_changes: int = 10_000, sample_every: int = 500, size: tuple[int, int] = (1280, 720),
             work_dir: Path | str | None = None, *, info_every: int = 20, fade_seconds: float = 0.02,
             timeout_s: float = 60.0) -> dict:
    """Drive the attract loop through ``scene_changes`` scene changes in a shown window; return the report.

    Parameters
    ----------
    scene_changes
        How many scene changes to make (each step of the guided tour is in another scene).
    sample_every
        Take a sample (RSS, heap in use, Python objects, live GL objects) every this many
        changes, plus one before the first change and one after the last.
    size
        The window's size in pixels (the scene list docks beside the panorama inside it).
    work_dir
        Where the generated tour, settings and caches go; default a temporary folder, removed after.
    info_every
        Open and close an info hotspot's panel every this many changes (0: never).
    fade_seconds
        The tour's cross-fade between scenes (the viewer's default is 0.6 s).
    timeout_s
        Longest wait for any one thing (the tour to open, a scene, a frame) before giving up.

    Needs a display (X server) and makes the QApplication if there is none yet (see
    :func:`vtour.ui.app.create_application`). ``XDG_CONFIG_HOME`` and ``XDG_CACHE_HOME`` point
    into the work folder during the run, so a fresh process neither reads nor writes the user's
    settings or thumbnail cache (where a QApplication already used its settings, as in the tests,
    its own settings location stays in use). Raises :class:`SoakError` when the soak cannot go on.

    Returns
    -------
    dict
        ``scene_changes``, ``seconds``, ``changes_per_second``, ``samples`` (a list of
        ``{changes, seconds, rss_mb, malloc_mb, preload_mb, python_objects, gl: {kind: live
        count}}``, plus ``model_gl`` where the model view has a context; ``malloc_mb`` is the C
        heap in use, None without glibc; ``preload_mb`` the decoded panoramas held for the linked
        scenes), ``warmup_changes``, ``baseline_changes`` (the first sample at or after the
        warm-up), ``rss_growth_percent`` (last sample against that one), ``malloc_growth_mb``,
        ``python_objects_growth``, ``gl_growth`` (``{kind: last - baseline}``), ``target_met``
        (RSS growth under 5 % and no GL growth), and what was driven: ``size``, ``scenes``,
        ``scenes_visited``, ``info_panel_opens``, ``resumes``, ``fade_seconds``,
        ``reduced_motion`` (False).
    """
    if scene_changes < 1 or sample_every < 1:
        raise ValueError("scene_changes and sample_every must be at least 1")
    own_dir = work_dir is None
    folder = Path(tempfile.mkdtemp(prefix="vtour-soak-")) if own_dir else Path(work_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _environment(XDG_CONFIG_HOME=str(folder / "config"), XDG_CACHE_HOME=str(folder / "cache")):
            tour_path = build_soak_tour(folder / "tour", fade_seconds=fade_seconds)
            return _run(tour_path, scene_changes, sample_every, size, info_every, fade_seconds, timeout_s)
    finally:
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)


def _run(tour_path: Path, scene_changes: int, sample_every: int, size, info_every: int, fade_seconds: float,
         timeout_s: float) -> dict:
    from vtour.ui.app import create_application, gl_problem, platform_problem

    problem = platform_problem()
    if problem:
        raise SoakError(f"cannot open a window: {problem}")
    app = create_application(["vtour-soak"])
    problem = gl_problem()
    if problem:
        raise SoakError(problem)
    from vtour.ui.window import MainWindow

    window = MainWindow()
    driver = None
    try:
        window.resize(*size)
        window.show()
        driver = _Driver(app, window, timeout_s)
        driver.wait(lambda: window.isVisible() and window.panorama_view.context() is not None, "the window to show")
        driver.open(tour_path)
        log.info("soak: %d scene changes in a %dx%d window (%s), a sample every %d", scene_changes, *size,
                 tour_path.parent, sample_every)
        started = time.perf_counter()
        samples = [driver.sample(started)]
        while driver.changes < scene_changes:
            driver.change_scene()
            if info_every and driver.changes % info_every == 0:
                driver.open_info_panel()
            if driver.changes % sample_every == 0 or driver.changes == scene_changes:
                samples.append(driver.sample(started))
                last = samples[-1]
                log.info("soak: %d changes, %.0f s, RSS %.1f MB, heap in use %s MB, %d Python objects, GL %s",
                         last["changes"], last["seconds"], last["rss_mb"], last["malloc_mb"], last["python_objects"],
                         _gl_text(last["gl"]))
        seconds = time.perf_counter() - started
        return summarise(samples, scene_changes, seconds) | {
            "size": f"{size[0]}x{size[1]}", "scenes": len(window.tour.scenes),
            "scenes_visited": dict(sorted(driver.visits.items())), "info_panel_opens": driver.info_opens,
            "resumes": driver.resumes, "fade_seconds": fade_seconds, "reduced_motion": False}
    finally:
        if driver is not None:
            driver.disconnect()
        window.close()
        window.deleteLater()
        app.sendPostedEvents(None, DEFERRED_DELETE)
        app.processEvents()


def warmup_changes_for(scene_changes: int) -> int:
    """The first 10 % of the changes, at most 1000 (and at least 1)."""
    return max(1, min(WARMUP_MAX_CHANGES, round(scene_changes * WARMUP_FRACTION)))


def summarise(samples: list[dict], scene_changes: int, seconds: float) -> dict:
    """The report's numbers from the samples (see :func:`run_soak`)."""
    warmup = warmup_changes_for(scene_changes)
    base = next((s for s in samples if s["changes"] >= warmup), samples[-1])
    last = samples[-1]
    rss_growth = 100.0 * (last["rss_mb"] - base["rss_mb"]) / base["rss_mb"]
    gl_growth = {kind: last["gl"][kind] - base["gl"][kind] for kind in last["gl"]}
    if "model_gl" in last and "model_gl" in base:
        gl_growth |= {f"model_{kind}": last["model_gl"][kind] - base["model_gl"][kind] for kind in last["model_gl"]}
    return {
        "scene_changes": scene_changes,
        "seconds": round(seconds, 2),
        "changes_per_second": round(scene_changes / seconds, 2) if seconds > 0 else None,
        "samples": samples,
        "warmup_changes": warmup,
        "baseline_changes": base["changes"],
        "rss_growth_percent": round(rss_growth, 2),
        "python_objects_growth": last["python_objects"] - base["python_objects"],
        "malloc_growth_mb": (round(last["malloc_mb"] - base["malloc_mb"], 2)
                             if last.get("malloc_mb") is not None and base.get("malloc_mb") is not None else None),
        "gl_growth": gl_growth,
        "target_rss_growth_percent": TARGET_RSS_GROWTH_PERCENT,
        "target_met": rss_growth < TARGET_RSS_GROWTH_PERCENT and all(v <= 0 for v in gl_growth.values()),
    }


# -- the table and the command ------------------------------------------------------------------------

_GL_COLUMNS = (("textures", "tex"), ("buffers", "buf"), ("vertex_arrays", "vao"), ("framebuffers", "fbo"),
               ("renderbuffers", "rbo"), ("programs", "prog"), ("shaders", "shad"))


def _gl_text(gl: dict[str, int]) -> str:
    return " ".join(f"{short} {gl.get(kind, 0)}" for kind, short in _GL_COLUMNS)


def format_soak(report: dict) -> list[str]:
    """Table lines for a soak report: a row per sample, then growth against the target."""
    if not report:
        return []
    header = f"{'changes':>8} {'seconds':>8} {'RSS MB':>8} {'heap MB':>8} {'py objs':>9} " + " ".join(
        f"{short:>5}" for _kind, short in _GL_COLUMNS)
    lines = [f"soak: attract loop, {report['scene_changes']} scene changes in {report['seconds']:.0f} s "
             f"({report['changes_per_second']} /s), {report.get('size', '?')} window, "
             f"warm-up {report['warmup_changes']} changes", header]
    for sample in report["samples"]:
        heap = sample.get("malloc_mb")
        lines.append(f"{sample['changes']:>8} {sample['seconds']:>8.1f} {sample['rss_mb']:>8.1f} "
                     f"{'-' if heap is None else format(heap, '.1f'):>8} {sample['python_objects']:>9} "
                     + " ".join(f"{sample['gl'].get(kind, 0):>5}" for kind, _short in _GL_COLUMNS))
    growth = ", ".join(f"{kind} {value:+d}" for kind, value in report["gl_growth"].items())
    met = "met" if report["target_met"] else "MISSED"
    heap_growth = "-" if report.get("malloc_growth_mb") is None else f"{report['malloc_growth_mb']:+.1f} MB"
    lines.append(f"growth since {report['baseline_changes']} changes: RSS {report['rss_growth_percent']:+.2f} % "
                 f"(target < {report['target_rss_growth_percent']:g} %), heap in use {heap_growth}, Python objects "
                 f"{report['python_objects_growth']:+d}, GL {growth}: target {met}")
    return lines


def _parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m vtour.benchmark.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=10_000, help="scene changes to make (default 10000)")
    parser.add_argument("--sample-every", type=int, default=500, help="changes between samples (default 500)")
    parser.add_argument("--size", type=_parse_size, default=(1280, 720), help="window size (default 1280x720)")
    parser.add_argument("--info-every", type=int, default=20,
                        help="open and close an info panel every N changes (default 20, 0: never)")
    parser.add_argument("--fade", type=float, default=0.02, help="cross-fade seconds (default 0.02)")
    parser.add_argument("--work-dir", type=Path, help="keep the generated tour, settings and caches here")
    parser.add_argument("--out", type=Path, help="also write the report as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from vtour.ui.app import platform_problem

    problem = platform_problem()
    if problem:
        return _rerun_under_xvfb(argv, problem)
    try:
        report = run_soak(args.changes, args.sample_every, args.size, args.work_dir, info_every=args.info_every,
                          fade_seconds=args.fade)
    except SoakError as exc:
        log.error("%s", exc)
        return 1
    print("\n".join(format_soak(report)))
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        log.info("wrote %s", args.out)
    return 0


def _rerun_under_xvfb(argv: list[str], problem: str) -> int:
    """No display here: run the same command again under ``xvfb-run`` (once)."""
    xvfb_run = shutil.which("xvfb-run")
    if os.environ.get(_UNDER_XVFB) or xvfb_run is None:
        log.error("the soak benchmark needs an X display: %s%s", problem,
                  "" if xvfb_run else " (xvfb-run is not installed: apt-get install xvfb xauth)")
        return 1
    log.info("no display: running again under xvfb-run")
    command = [xvfb_run, "-a", "-s", XVFB_SCREEN, sys.executable, "-m", "vtour.benchmark.soak", *argv]
    return subprocess.call(command, env={**os.environ, _UNDER_XVFB: "1"})


if __name__ == "__main__":
    sys.exit(main())

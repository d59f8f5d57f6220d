"""Deterministic textured meshes (and their levels of detail) for the model benchmark.

A wavy heightfield grid over 10 x 10 units with UVs spanning it, vertex normals and one JPEG
texture made like the synthetic panoramas (gradients, value noise, grid lines). Written as .glb with
trimesh, its LODs beside it in ``<stem>-lods/`` (where the window finds them) with
:func:`vtour.io.lod.build_lods`. Everything is cached in the bench cache folder: a rerun only
checks that the files are there.
"""

from __future__ import annotations

import io
import logging
import math
import shutil
from pathlib import Path

import numpy as np
from PIL import Image

log = logging.getLogger(__name__)

LOD_RATIOS = (0.5, 0.1, 0.02)
"""The levels the window needs to orbit a 1M-triangle model at 20 frames/s (docs/models.md)."""
RECIPE = 1
"""Bumped when the mesh recipe changes, so old cached files are not reused."""


def grid_size(triangles: int) -> int:
    """Vertices per side of a square grid with about ``triangles`` triangles (2 per quad)."""
    return max(2, round(math.sqrt(triangles / 2.0)) + 1)


def grid_mesh(triangles: int, texture_size: int = 2048, seed: int = 1234):
    """A ``trimesh.Trimesh`` heightfield of about ``triangles`` triangles, textured with a JPEG image."""
    import trimesh

    n = grid_size(triangles)
    u = np.linspace(0.0, 1.0, n)
    uu, vv = np.meshgrid(u, u, indexing="xy")
    x, z = (uu - 0.5) * 10.0, (vv - 0.5) * 10.0
    y = 0.35 * np.sin(x * 1.3) * np.cos(z * 0.9) + 0.15 * np.sin(x * 4.1 + z * 3.3) + 0.05 * np.cos(z * 11.0)
    vertices = np.stack([x, y, z], axis=-1).reshape(-1, 3)
    index = np.arange(n * n).reshape(n, n)
    a, b, c, d = index[:-1, :-1], index[:-1, 1:], index[1:, :-1], index[1:, 1:]
    faces = np.concatenate([np.stack([a, c, b], -1).reshape(-1, 3), np.stack([b, c, d], -1).reshape(-1, 3)])
    uv = np.stack([uu, 1.0 - vv], axis=-1).reshape(-1, 2)
    image = _texture(texture_size, seed)
    visual = trimesh.visual.TextureVisuals(uv=uv, image=image)
    mesh = trimesh.Trimesh(vertices=vertices, faces=faces, visual=visual, process=False)
    mesh.vertex_normals  # computed now, exported with include_normals  # noqa: B018
    return mesh


def _texture(size: int, seed: int) -> Image.Image:
    """A ``size``² RGB JPEG image (decoded from JPEG bytes, so trimesh keeps it a JPEG in the .glb)."""
    from vtour.benchmark.panoramas import _gradients, _noise

    rng = np.random.default_rng(seed)
    pixels = np.clip(_gradients(size, size) + _noise(rng, size, size)[..., None], 0, 1)
    rgb = (pixels * 255).astype(np.uint8)
    for step, value in ((max(2, size // 64), 40), (max(4, size // 8), 255)):  # grid lines
        rgb[:, ::step] = value
        rgb[::step, :] = value
    buffer = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(buffer, "JPEG", quality=90)
    buffer.seek(0)
    return Image.open(buffer)


def mesh_name(triangles: int, texture_size: int = 2048) -> str:
    return f"grid_{triangles}t_{texture_size}px_r{RECIPE}"


def ensure_grid_mesh(folder: Path, triangles: int, texture_size: int = 2048,
                     ratios: tuple[float, ...] = LOD_RATIOS) -> Path:
    """Path of the cached ``grid_*.glb`` in ``folder`` with its LODs in ``<stem>-lods/``, made on first use."""
    folder = Path(folder)
    stem = mesh_name(triangles, texture_size)
    path = folder / f"{stem}.glb"
    if not path.exists():
        log.info("generating %s", path)
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{stem}.partial.glb"
        partial.write_bytes(grid_mesh(triangles, texture_size).export(file_type="glb", include_normals=True))
        partial.replace(path)
    lods = folder / f"{stem}-lods"
    manifest = lods / f"{stem}.lods.json"
    if ratios and not _complete(manifest):
        from vtour.io.lod import build_lods

        log.info("building levels of detail %s for %s", ",".join(map(str, ratios)), path.name)
        partial_dir = folder / f"{stem}-lods.partial"
        shutil.rmtree(partial_dir, ignore_errors=True)
        build_lods(path, partial_dir, list(ratios))
        shutil.rmtree(lods, ignore_errors=True)
        partial_dir.replace(lods)
    return path


def _complete(manifest: Path) -> bool:
    from vtour.model.lod_selection import read_manifest

    if not manifest.is_file():
        return False
    try:
        return all(level.file is None or level.file.is_file() for level in read_manifest(manifest))
    except ValueError:
        return False


# -- measuring (in the worker process) -------------------------------------------------------------

PAINT_BUDGET_SECONDS = 0.038
"""The moving-frame budget the window gives :class:`~vtour.model.lod_selection.LodChooser`
(``vtour.ui.model_view.PAINT_BUDGET_SECONDS``; not imported, so the worker loads no Qt)."""
ORBIT_STEP_DEGREES = 3.0
"""Yaw change per frame while orbiting."""
LOD_WARMUP_FRAMES = 8
"""Moving frames drawn before timing starts: the chooser learns the speed from them."""


def _orbit(camera, count: int, start: int = 0):
    return [camera.orbit(ORBIT_STEP_DEGREES * (start + i), 0.0) for i in range(count)]


def _stats(times: list[float]) -> dict:
    import statistics

    return {"median_ms": statistics.median(times), "p95_ms": float(np.percentile(np.asarray(times), 95)),
            "count": len(times)}


def _distance_to_model(camera, bounds) -> float:
    """As the window's ``ModelView._distance_to_model``: eye to the nearest point of the bounds."""
    if bounds is None:
        return camera.distance
    eye = camera.eye
    return max(float(np.linalg.norm(eye - np.clip(eye, bounds[0], bounds[1]))), 1e-6)


def measure_model(path: Path, size: tuple[int, int], frames: int, msaa_frames: int) -> dict:
    """Load-to-first-frame, orbit frame times (4x MSAA, 1 sample, the window's LOD choice), peak RSS."""
    import time
    from collections import Counter

    from vtour.benchmark.worker import _current_rss_mb, _peak_rss_mb
    from vtour.geometry.orbit import OrbitCamera
    from vtour.io.gltf import load_gltf
    from vtour.model.lod_selection import LodChooser, find_manifest, finest_needed, read_manifest
    from vtour.render.lod_renderer import LodMeshRenderer
    from vtour.render.offscreen import Framebuffer, OffscreenContext, finish

    width, height = size
    started = time.perf_counter()
    context = OffscreenContext()
    context.make_current()
    renderer = LodMeshRenderer(samples=4)  # as the window makes it
    framebuffer = Framebuffer(width, height)
    context_ms = (time.perf_counter() - started) * 1e3

    opened = time.perf_counter()
    asset = load_gltf(path)
    loaded = time.perf_counter()
    triangles = asset.triangle_count
    renderer.set_model(asset)
    del asset
    finish()
    uploaded = time.perf_counter()
    camera = OrbitCamera(yaw=30.0, pitch=-35.0).frame_bounds(renderer.bounds, width / height)
    renderer.render_frame(camera, width, height, framebuffer.id, samples=1)  # the window's first frame
    finish()
    first = time.perf_counter()
    renderer.render_frame(camera, width, height, framebuffer.id)  # then full detail, 4x MSAA
    finish()
    full = time.perf_counter()
    result = {
        "triangles": triangles, "size": f"{width}x{height}", "samples": renderer.samples,
        "context_ms": context_ms, "load_ms": (loaded - opened) * 1e3, "upload_ms": (uploaded - loaded) * 1e3,
        "first_frame_ms": (first - opened) * 1e3, "first_full_detail_ms": (full - opened) * 1e3,
        "rss_loaded_mb": _current_rss_mb(), "frames": {},
    }

    def timed(cameras, **kwargs) -> list[float]:
        times = []
        for view in cameras:
            start = time.perf_counter()
            renderer.render_frame(view, width, height, framebuffer.id, **kwargs)
            finish()
            times.append((time.perf_counter() - start) * 1e3)
        return times

    result["frames"]["full_msaa"] = _stats(timed(_orbit(camera, msaa_frames, 1)))
    timed(_orbit(camera, 2), samples=1)  # warm-up: the single-sample target
    result["frames"]["full_1x"] = _stats(timed(_orbit(camera, frames), samples=1))

    manifest = find_manifest(path)
    levels = read_manifest(manifest) if manifest is not None else []
    lod_started = time.perf_counter()
    for level in levels[1:]:  # the window loads them in the background after the first frame
        renderer.add_level(load_gltf(level.file))
    result["lod_load_ms"] = (time.perf_counter() - lod_started) * 1e3
    result["levels"] = renderer.level_triangles()
    chooser = LodChooser(renderer.level_triangles(), target=PAINT_BUDGET_SECONDS)
    chosen: Counter = Counter()
    times = []
    for index, view in enumerate(_orbit(camera, LOD_WARMUP_FRAMES + frames)):  # as ModelView.paintGL moving
        start = time.perf_counter()
        finest = 0
        if len(levels) == renderer.level_count > 1:
            finest = finest_needed(levels, _distance_to_model(view, renderer.bounds), view.vfov(width / height), height)
        option = chooser.choose(width * height, finest)
        renderer.use_level(option.level)
        renderer.render_frame(view, width, height, framebuffer.id, samples=1, scale=option.scale)
        finish()
        seconds = time.perf_counter() - start
        chooser.record(option, width * height, seconds)
        if index >= LOD_WARMUP_FRAMES:
            times.append(seconds * 1e3)
            chosen[f"{renderer.level_triangles()[option.level]} triangles at scale {option.scale:g}"] += 1
    result["frames"]["lod_moving"] = {**_stats(times), "chosen": dict(chosen.most_common())}
    result["peak_rss_mb"] = _peak_rss_mb()
    framebuffer.release()
    renderer.release()
    context.release()
    return result

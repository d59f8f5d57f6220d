#!/usr/bin/env python3
"""Generate vtour's bundled demo tours of the Jiaohe ruins and a Kizil central-pillar cave.

No openly licensed photographs or scans of these sites were available to us, so everything is
made here, deterministically: a procedural glTF model of each site (``tools/demo/jiaohe.py``,
``tools/demo/kizil.py``), a procedural daylight sky (``sky.hdr``) that lights the model and is
drawn behind it, equirectangular panoramas rendered from viewpoints inside the model by vtour's
own renderer (six 90-degree views resampled to equirect, ``tools/demo/capture.py``), a top-down
site map, and ``tour.json``: a model scene with 3D hotspots, panorama scenes placed in it
(``pose``: the overview), 2D hotspots aimed at the same anchors, links, a polygon area, a guided
tour, texts in English, Simplified Chinese and Uyghur (``tools/demo/texts.py``).

Output (for each site)::

    DIR/<site>/tour.json  model.glb  sky.hdr  site-map.png  panoramas/<viewpoint>.jpg  README.md

The same version, seed and detail give the same files on the same Mesa build (the panoramas
are rendered by llvmpipe; another GL driver may differ in the last bits of a pixel).

Usage: ``python tools/make_demo_tours.py [-o assets] [--site jiaohe|kizil|all] [--small]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))  # tools/demo is imported as a package from the checkout

from tools.demo import capture, texts  # noqa: E402
from tools.demo.meshkit import Site  # noqa: E402

log = logging.getLogger("make_demo_tours")

DEFAULT_OUTPUT = REPO_ROOT / "assets"
SITES = ("jiaohe", "kizil")


@dataclass(frozen=True)
class Settings:
    seed: int = 2014
    detail: float = 1.0
    pano_width: int = 4096
    face_size: int = 1024
    map_width: int = 900
    sky_width: int = 512
    jpeg_quality: int = 84

    @classmethod
    def small(cls) -> Settings:
        """A quick, low-resolution build (tests)."""
        return cls(detail=0.25, pano_width=512, face_size=128, map_width=240, sky_width=128, jpeg_quality=80)


@dataclass(frozen=True)
class SiteStyle:
    """What differs between the sites besides geometry and texts."""

    sun: tuple[float, float]  # yaw, pitch of the sun
    viewpoint_distance: float  # how far a 3D hotspot's viewpoint stands from its anchor (metres)
    hotspot_reach: float  # panorama info hotspots for anchors visible within this distance
    area_half_size: float  # the polygon area's half width around its anchor (metres)
    area_anchor: str
    guided_order: tuple[str, ...]  # (viewpoint id) steps of the guided tour
    links: tuple[tuple[str, str], ...]  # panorama links, both ways
    strings: dict


STYLES = {
    "jiaohe": SiteStyle(sun=(150.0, 42.0), viewpoint_distance=40.0, hotspot_reach=400.0, area_half_size=4.5,
                        area_anchor="central-stupa",
                        guided_order=("south-gate", "avenue", "great-monastery", "stupa-grove", "cliff-edge"),
                        links=(("south-gate", "avenue"), ("avenue", "great-monastery"),
                               ("great-monastery", "stupa-grove"), ("avenue", "cliff-edge")),
                        strings=texts.JIAOHE),
    "kizil": SiteStyle(sun=(180.0, 30.0), viewpoint_distance=2.2, hotspot_reach=25.0, area_half_size=0.7,
                       area_anchor="niche", guided_order=("entrance", "main-chamber", "rear-corridor"),
                       links=(("entrance", "main-chamber"), ("main-chamber", "rear-corridor")),
                       strings=texts.KIZIL),
}


# -- the command ---------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make_demo_tours.py",
        description="Generate the bundled demo tours (Jiaohe ruins, a Kizil cave): procedural models, "
                    "panoramas rendered from them by vtour's renderer, tour.json with texts in three languages.")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"folder that receives one sub-folder per site (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--site", choices=(*SITES, "all"), default="all", help="which site (default: all)")
    parser.add_argument("--seed", type=int, default=Settings.seed, help="random seed (default 2014)")
    parser.add_argument("--small", action="store_true",
                        help="a quick low-resolution build (tests; not for the bundled assets)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
    settings = Settings.small() if args.small else Settings()
    settings = Settings(**{**settings.__dict__, "seed": args.seed})
    sites = SITES if args.site == "all" else (args.site,)
    progress = Progress(enabled=not args.quiet)
    try:
        for index, name in enumerate(sites):
            progress.span(index / len(sites), (index + 1) / len(sites), name)
            make_site_tour(name, args.output / name, settings, progress)
    except Exception:
        progress.close()
        log.exception("generating the demo tours failed")
        return 1
    progress.close()
    return 0


class Progress:
    """A one-line text progress bar on stderr, scaled into the current site's share of the run."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and sys.stderr.isatty()
        self._low, self._high, self._name = 0.0, 1.0, ""

    def span(self, low: float, high: float, name: str) -> None:
        self._low, self._high, self._name = low, high, name

    def __call__(self, fraction: float, text: str) -> None:
        overall = self._low + (self._high - self._low) * min(max(fraction, 0.0), 1.0)
        if self.enabled:
            bar = "#" * int(overall * 30)
            sys.stderr.write(f"\r[{bar:<30}] {overall * 100:5.1f}% {self._name}: {text[:50]:<50}")
            sys.stderr.flush()
        else:
            log.info("%5.1f%% %s: %s", overall * 100, self._name, text)

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


# -- one site ------------------------------------------------------------------------------------------


def make_site_tour(name: str, folder: Path, settings: Settings, progress) -> Path:
    """Build site ``name`` into ``folder``; returns the tour file (validated by loading it)."""
    from vtour.io.gltf import load_gltf
    from vtour.io.hdr import read_hdr
    from vtour.io.tourfile import load_tour

    started = time.perf_counter()
    style = STYLES[name]
    module = importlib.import_module(f"tools.demo.{name}")
    site: Site = module.build(seed=settings.seed, detail=settings.detail,
                              progress=lambda f, t: progress(0.4 * f, t))
    (folder / "panoramas").mkdir(parents=True, exist_ok=True)
    site.builder.write(folder / "model.glb")
    capture.write_hdr(folder / "sky.hdr", capture.daylight_sky(settings.sky_width, *style.sun))
    progress(0.42, "loading the model back")
    asset = load_gltf(folder / "model.glb")
    look = capture.Look(read_hdr(folder / "sky.hdr"), capture_sun(style))
    frame = capture.site_map_frame(asset.bounds, settings.map_width)
    render_images(asset, look, site, frame, folder, settings, progress)
    progress(0.95, "writing tour.json")
    document = tour_document(name, site, style, asset, frame)
    (folder / "tour.json").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_readme(name, folder, site, settings)
    tour = load_tour(folder / "tour.json")
    for warning in tour.warnings:
        log.warning("%s", warning)
    progress(1.0, f"done in {time.perf_counter() - started:.0f} s")
    log.info("%s: %d triangles, %d panoramas, %.1f MB", name, site.builder.triangle_count, len(site.viewpoints),
             folder_size(folder) / 1e6)
    return folder / "tour.json"


def capture_sun(style: SiteStyle):
    from vtour.model.tour import SunLight

    return SunLight(direction=capture.sun_direction(*style.sun), intensity=2.2)


def render_images(asset, look, site: Site, frame, folder: Path, settings: Settings, progress) -> None:
    """The panoramas and the site map, with one renderer in one offscreen context."""
    from vtour.render.mesh_renderer import MeshRenderer
    from vtour.render.offscreen import current_or_temporary_context

    with current_or_temporary_context():
        renderer = MeshRenderer(samples=4)
        try:
            renderer.set_look(look.source())
            renderer.set_environment(look.environment)
            renderer.set_model(asset)
            for index, viewpoint in enumerate(site.viewpoints):
                progress(0.45 + 0.45 * index / len(site.viewpoints), f"panorama {viewpoint.id}")
                faces = capture.render_faces(renderer, viewpoint.position, settings.face_size)
                pano = capture.faces_to_equirect(faces, viewpoint.position, settings.pano_width)
                Image.fromarray(pano).save(folder / "panoramas" / f"{viewpoint.id}.jpg",
                                           quality=settings.jpeg_quality, optimize=True)
            progress(0.92, "site map")
            plan = capture.render_site_map(renderer, asset.bounds, frame)
            Image.fromarray(plan).save(folder / "site-map.png", optimize=True)
        finally:
            renderer.release()


WHAT = {
    "jiaohe": "a model of a loess terrace city between two river channels, with a sunken central avenue, "
              "blocks carved down into the earth, a monastery compound and a grid of stupas",
    "kizil": "a model of a Kucha-style central-pillar cave with a barrel-vaulted main chamber, a pillar "
             "niche, ambulatory corridors and procedurally painted murals (lozenge ceiling)",
}


def write_readme(name: str, folder: Path, site: Site, settings: Settings) -> None:
    text = texts.SITE_README.format(
        title=STYLES[name].strings["tour"]["en"], seed=settings.seed, what=WHAT[name], site=name,
        triangles=f"{site.builder.triangle_count:,}", panoramas=len(site.viewpoints),
        pano_width=settings.pano_width, pano_height=settings.pano_width // 2,
        sources="\n".join(f"- {source}" for source in texts.SOURCES[name]))
    (folder / "README.md").write_text(text, encoding="utf-8")


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


# -- tour.json -----------------------------------------------------------------------------------------


def tour_document(name: str, site: Site, style: SiteStyle, asset, frame) -> dict:
    from vtour.geometry.raycast import ModelRaycaster

    strings = style.strings
    caster = ModelRaycaster(asset)
    anchors = {anchor.id: anchor for anchor in site.anchors}
    scenes = {"site": model_scene(site, style, strings)}
    for viewpoint in site.viewpoints:
        scenes[viewpoint.id] = panorama_scene(viewpoint, site, style, strings, anchors, caster)
    first = style.guided_order[0]
    return {
        "$schema": "../../vtour/model/schema/tour-v1.schema.json",
        "version": 1,
        "title": strings["tour"],
        "description": texts.ILLUSTRATION,
        "languages": list(texts.LANGUAGES),
        "defaultLanguage": "en",
        "firstScene": first,
        "scenes": scenes,
        "guidedTours": [guided_tour(site, style, strings, anchors)],
        "siteMap": {"image": "site-map.png", "northOffset": 0,
                    "scenes": {vp.id: dict(zip("xy", frame.pixel(vp.position))) for vp in site.viewpoints}},
    }


def model_scene(site: Site, style: SiteStyle, strings: dict) -> dict:
    home = site.home
    return {
        "type": "model",
        "title": strings["scenes"]["site"],
        "model": "model.glb",
        "environment": "sky.hdr",
        "background": "environment",
        "sun": {"direction": [round(c, 4) for c in capture.sun_direction(*style.sun)], "intensity": 2.2},
        "northOffset": site.north_offset,
        "camera": {"yaw": home["yaw"], "pitch": home["pitch"], "distance": home["distance"],
                   "target": [round(float(c), 3) for c in home["target"]]},
        "hotspots": [model_hotspot(anchor, style, strings) for anchor in site.anchors],
    }


def model_hotspot(anchor, style: SiteStyle, strings: dict) -> dict:
    from vtour.geometry.angles import vector_to_yaw_pitch

    title, text = strings["anchors"][anchor.id]
    normal = np.asarray(anchor.normal, float)
    yaw, pitch = (float(a) for a in vector_to_yaw_pitch(-normal))
    pitch = min(pitch, -15.0) if abs(normal[1]) < 0.7 else -60.0  # look down at it a little, or at a floor from above
    return {"id": anchor.id, "type": "info", "position": _rounded(anchor.position), "normal": _unit(normal),
            "viewpoint": {"yaw": round(yaw, 2), "pitch": round(pitch, 2), "distance": style.viewpoint_distance},
            "title": title, "text": text}


def panorama_scene(viewpoint, site: Site, style: SiteStyle, strings: dict, anchors: dict, caster) -> dict:
    hotspots = []
    for anchor in site.anchors:
        if seen_from(viewpoint.position, anchor, caster, style.hotspot_reach):
            title, text = strings["anchors"][anchor.id]
            yaw, pitch = direction(viewpoint.position, anchor.position)
            hotspots.append({"id": anchor.id, "type": "info", "yaw": yaw, "pitch": pitch, "title": title, "text": text})
    for a, b in style.links:
        if viewpoint.id in (a, b):
            other = b if viewpoint.id == a else a
            target = next(vp for vp in site.viewpoints if vp.id == other)
            ground = np.asarray(target.position) - np.array([0.0, 1.2, 0.0])  # the marker near the floor there
            yaw, pitch = direction(viewpoint.position, ground)
            hotspots.append({"id": f"to-{other}", "type": "scene", "yaw": yaw, "pitch": pitch,
                             "title": strings["scenes"][other], "targetScene": other, "targetView": "sameAzimuth"})
    area = anchors.get(style.area_anchor)
    if area is not None and seen_from(viewpoint.position, area, caster, style.hotspot_reach):
        hotspots.append(area_hotspot(viewpoint.position, area, style, strings))
    facing = facing_view(viewpoint, site, anchors, caster, style)
    return {"type": "equirectangular", "title": strings["scenes"][viewpoint.id],
            "panorama": f"panoramas/{viewpoint.id}.jpg", "northOffset": site.north_offset,
            "pose": {"model": "site", "position": _rounded(viewpoint.position), "heading": 0},
            "initialView": facing, "hotspots": hotspots}


def area_hotspot(eye, anchor, style: SiteStyle, strings: dict) -> dict:
    """A polygon around the anchor's object: the outline of a box around it, seen from ``eye``."""
    centre = np.asarray(anchor.position, float) - np.asarray(anchor.normal, float) * style.area_half_size * 0.6
    half = style.area_half_size
    corners = [centre + np.array([dx, dy, dz]) * half for dx in (-1, 1) for dy in (-1, 1) for dz in (-1, 1)]
    points = np.array([direction(eye, corner) for corner in corners])
    yaw_ref = points[0, 0]
    points[:, 0] = (points[:, 0] - yaw_ref + 180.0) % 360.0 - 180.0 + yaw_ref  # no wrap inside the polygon
    hull = convex_hull(points)
    title = strings["area"]
    return {"id": f"{anchor.id}-area", "type": "area",
            "vertices": [[round((y + 180.0) % 360.0 - 180.0, 2), round(p, 2)] for y, p in hull],
            "title": title, "text": strings["anchors"][anchor.id][1]}


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Andrew's monotone chain: the hull's corners, counter-clockwise."""
    ordered = sorted(map(tuple, points))

    def chain(sequence):
        out: list = []
        for p in sequence:
            while len(out) >= 2 and _cross(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out[:-1]
    return np.array(chain(ordered) + chain(reversed(ordered)))


def _cross(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def seen_from(eye, anchor, caster, reach: float) -> bool:
    """The anchor is within ``reach`` and nothing stands between it and the eye."""
    target = np.asarray(anchor.position, float) + np.asarray(anchor.normal, float) * 0.05
    offset = target - np.asarray(eye, float)
    return float(np.linalg.norm(offset)) <= reach and caster.visible(np.asarray(eye, float), target)


def direction(eye, point) -> tuple[float, float]:
    from vtour.geometry.angles import vector_to_yaw_pitch

    yaw, pitch = vector_to_yaw_pitch(np.asarray(point, float) - np.asarray(eye, float))
    return round(float(yaw), 2), round(float(pitch), 2)


def facing_view(viewpoint, site: Site, anchors: dict, caster, style: SiteStyle) -> dict:
    """Open each panorama facing the nearest anchor it sees (else north), level-ish, hfov 100."""
    seen = [a for a in site.anchors if seen_from(viewpoint.position, a, caster, style.hotspot_reach)]
    if not seen:
        return {"yaw": 0, "pitch": 0, "hfov": 100}
    nearest = min(seen, key=lambda a: np.linalg.norm(np.subtract(a.position, viewpoint.position)))
    yaw, pitch = direction(viewpoint.position, nearest.position)
    return {"yaw": yaw, "pitch": round(max(min(pitch, 30.0), -30.0), 2), "hfov": 100}


def guided_tour(site: Site, style: SiteStyle, strings: dict, anchors: dict) -> dict:
    steps = []
    for viewpoint_id in style.guided_order:
        viewpoint = next(vp for vp in site.viewpoints if vp.id == viewpoint_id)
        nearest = min(site.anchors, key=lambda a: np.linalg.norm(np.subtract(a.position, viewpoint.position)))
        yaw, pitch = direction(viewpoint.position, nearest.position)
        title, text = strings["anchors"][nearest.id]
        steps.append({"scene": viewpoint_id, "view": {"yaw": yaw, "pitch": round(max(min(pitch, 30), -30), 2),
                                                       "hfov": 90},
                      "duration": 8, "transition": 2.5,
                      "text": {lang: f"{strings['scenes'][viewpoint_id][lang]} — {title[lang]}" for lang in title}})
    return {"id": "walk", "title": strings["guided"], "steps": steps}


def _rounded(vector) -> list[float]:
    return [round(float(c), 3) for c in vector]


def _unit(vector) -> list[float]:
    vector = np.asarray(vector, float)
    return [round(float(c), 6) for c in vector / np.linalg.norm(vector)]


if __name__ == "__main__":
    sys.exit(main())

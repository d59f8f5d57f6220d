"""Import a tour made with the Marzipano Tool (``app-files/data.js``).

``data.js`` is JavaScript (``var APP_DATA = {...};``); it is read as data by
:mod:`vtour.interop.jsliteral`, never run. The conversions (``docs/interop.md``):

- angles are radians with pitch positive *down* (:func:`vtour.interop.angles.from_marzipano`);
- ``initialViewParameters.fov`` is a *vertical* field of view: the hfov is computed for a screen of
  the given aspect (16:9 unless told), at most 120 degrees, which is what the Tool's viewer shows
  (``RectilinearView.limit.traditional(faceSize, 100 deg, 120 deg)``);
- the tiles (``tiles/ID/{z}/{f}/{y}/{x}.jpg``, ``z`` the index in ``levels``, the ``fallbackOnly``
  level served by ``tiles/ID/preview.jpg``, a vertical strip of the faces in the order b d f l r u)
  become a vtour multires scene. When the levels already form Pannellum's pyramid (one tile size,
  each level twice the previous one) the tiles are copied under Pannellum's names
  (``tiles/ID/%l/%s%y_%x.jpg``) and the preview strip is cut into the fallback faces; otherwise
  each face is assembled from the finest level and cut again into a Pannellum pyramid;
- ``linkHotspots`` become scene links titled with the target scene's name (the Tool's tooltip),
  arriving at the target's initial view (Marzipano has no target view); ``infoHotspots`` become
  info hotspots with their title and (HTML) text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from vtour.interop import tiles
from vtour.interop.angles import DEFAULT_ASPECT, from_marzipano, marzipano_hfov, rounded, tidy_yaw
from vtour.interop.assets import AssetPlan, Missing
from vtour.interop.findings import InteropError, JsonSource, Location, Report, check_keys
from vtour.interop.importing import Conversion, IdMap, read_input_text
from vtour.interop.jsliteral import JSLiteralError, parse_data_file

log = logging.getLogger(__name__)

SCENE_KEYS = {"id", "name", "levels", "faceSize", "initialViewParameters", "linkHotspots", "infoHotspots", "hotspots"}
PREVIEW_ORDER = "bdflru"
"""Face order of the Tool's ``preview.jpg`` strip (Marzipano's default ``cubeMapPreviewFaceOrder``)."""
_WHY = {
    "settings": "viewer settings (mouse mode, auto-rotation, buttons) have no vtour equivalent",
    "rotation": "vtour draws link markers unrotated",
    "mouseViewMode": "a viewer setting with no vtour equivalent",
    "autorotateEnabled": "the tour format has no auto-rotation",
    "fullscreenButton": "a viewer setting with no vtour equivalent",
    "viewControlButtons": "a viewer setting with no vtour equivalent",
}


def import_marzipano(path: Path, base: Path | None = None, aspect: float = DEFAULT_ASPECT[0] / DEFAULT_ASPECT[1]) -> Conversion:
    """Convert a Marzipano Tool ``data.js`` into a vtour tour (not yet written).

    Parameters
    ----------
    path
        The ``data.js`` file; tiles are looked for in ``tiles/`` beside it (or under ``base``).
    aspect
        Screen width / height used to turn Marzipano's vertical fields of view into hfov.

    Raises
    ------
    InteropError
        For unreadable input or a file that is not a data literal, naming file:line.
    """
    path = Path(path)
    text = read_input_text(path)
    try:
        _, document = parse_data_file(text)
    except JSLiteralError as exc:
        raise InteropError(exc.message, Location(str(path), exc.line, exc.column)) from None
    log.info("%s: Marzipano's vertical fields of view become hfov for a %.4g:1 screen (--aspect)", path, aspect)
    return _Importer(JsonSource(str(path), document), path, base, aspect).run()


class _Importer:
    def __init__(self, source: JsonSource, path: Path, base: Path | None, aspect: float):
        self.source = source
        self.report = Report(logger=log)
        self.assets = AssetPlan(path.resolve().parent, base)
        self.aspect = aspect
        self.ids = IdMap()
        self.names: dict[str, str] = {}

    def run(self) -> Conversion:
        data = self.source.value
        if not isinstance(data, dict) or not isinstance(data.get("scenes"), list):
            raise InteropError("expected an object with a \"scenes\" list (the Marzipano Tool's APP_DATA)",
                               self.source.at(()))
        check_keys(data, {"scenes", "name", "settings"}, (), self.source, self.report, _WHY)
        self.settings(data.get("settings"))
        scenes = [(i, s) for i, s in enumerate(data["scenes"]) if self.usable(i, s)]
        if not scenes:
            raise InteropError("no scenes", self.source.at(("scenes",)))
        for _, scene in scenes:
            self.ids.add(str(scene["id"]))
            self.names[str(scene["id"])] = scene.get("name") if isinstance(scene.get("name"), str) else None
        document: dict[str, Any] = {"version": 1}
        if isinstance(data.get("name"), str):
            document["title"] = data["name"]
        document["scenes"] = {self.ids.get(str(s["id"])): self.scene(i, s) for i, s in scenes}
        return Conversion(document, self.assets, self.report)

    def usable(self, index: int, scene: Any) -> bool:
        if isinstance(scene, dict) and isinstance(scene.get("id"), (str, int)):
            return True
        self.report.warn("a scene needs an \"id\"; skipped", self.source.at(("scenes", index)))
        return False

    def settings(self, settings: Any) -> None:
        if isinstance(settings, dict):
            check_keys(settings, set(), ("settings",), self.source, self.report, _WHY)

    def scene(self, index: int, scene: dict) -> dict:
        path = ("scenes", index)
        check_keys(scene, SCENE_KEYS, path, self.source, self.report, _WHY)
        scene_id = self.ids.get(str(scene["id"]))
        out: dict[str, Any] = {"type": "multires"}
        if isinstance(scene.get("name"), str):
            out["title"] = scene["name"]
        out["multires"] = self.multires(scene, path, str(scene["id"]), scene_id)
        view = self.view(scene.get("initialViewParameters"), (*path, "initialViewParameters"))
        if view:
            out["initialView"] = view
        hotspots = self.links(scene, path) + self.infos(scene.get("infoHotspots"), (*path, "infoHotspots"))
        if hotspots:
            out["hotspots"] = hotspots
        return out

    # -- tiles -------------------------------------------------------------------------------

    def multires(self, scene: dict, path: tuple, raw_id: str, scene_id: str) -> dict:
        levels = scene.get("levels")
        where = self.source.at((*path, "levels"))
        if not isinstance(levels, list) or not levels:
            raise InteropError("a scene needs \"levels\" (its cube tile levels)", where)
        folder = f"tiles/{raw_id}"
        selectable = []
        for z, level in enumerate(levels):
            size, tile = (level.get("size"), level.get("tileSize")) if isinstance(level, dict) else (None, None)
            if not (isinstance(size, int) and isinstance(tile, int) and size > 0 and tile > 0):
                raise InteropError("a level needs integer \"size\" and \"tileSize\"", self.source.at((*path, "levels", z)))
            if not level.get("fallbackOnly"):
                selectable.append(tiles.SourceLevel(size, tile, _namer(folder, z)))
        if not selectable:
            raise InteropError("no level without fallbackOnly: no tiles to show", where)
        selectable.sort(key=lambda level: level.size)
        face_size = scene.get("faceSize")
        if isinstance(face_size, int) and face_size != selectable[-1].size:
            self.report.warn(f"faceSize {face_size} differs from the finest level ({selectable[-1].size}); "
                             "the finest level is used", self.source.at((*path, "faceSize")))
        dest = self.assets.claim(f"tiles/{scene_id}", f"tiles:{raw_id}")
        out_path = ("scenes", scene_id, "multires")
        preview = f"{folder}/preview.jpg"
        layout = tiles.fit_levels(selectable)
        if layout is not None:
            layout = self.with_fallback(layout, preview, dest, out_path, where)
            self.assets.tiles(tiles_pairs(selectable, layout, dest), where, out_path, folder)
        else:
            layout = self.converted(selectable, folder, dest, out_path, where)
        return layout.as_json(dest)

    def with_fallback(self, layout: tiles.Layout, preview: str, dest: str, out_path: tuple, where) -> tiles.Layout:
        """The layout with fallback faces cut from the preview strip, when the strip is there."""
        source, looked = self.assets.resolve(preview)
        if source is None:
            self.assets.missing.append(Missing(preview, looked, where, out_path,
                                               "the preview strip; the scene gets no fallback faces"))
            return layout
        layout = tiles.Layout(layout.tile_resolution, layout.max_level, layout.cube_resolution, "jpg",
                              tiles.DEFAULT_PATH, tiles.DEFAULT_FALLBACK)
        outputs = {face: tiles.join(dest, layout.fallback_name(face)) for face in tiles.FACES}

        def cut(out_dir: Path, step) -> None:
            tiles.split_strip(source, PREVIEW_ORDER, layout.extension, {f: out_dir / p for f, p in outputs.items()})
            step(len(outputs))

        self.assets.generate(list(outputs.values()), cut)
        return layout

    def converted(self, levels: list[tiles.SourceLevel], folder: str, dest: str, out_path: tuple, where) -> tiles.Layout:
        finest = levels[-1]
        layout = tiles.Layout(finest.tile_size, tiles.levels_for(finest.size, finest.tile_size), finest.size,
                              "jpg", tiles.DEFAULT_PATH, tiles.DEFAULT_FALLBACK)
        self.report.warn(f"levels {[level.size for level in levels]} (tile sizes "
                         f"{sorted({level.tile_size for level in levels})}) are not a Pannellum pyramid: each face "
                         f"is rebuilt from the {finest.size}px level and cut into {layout.max_level} levels", where)
        sources = tiles.source_tiles(finest)
        absent = [ref for *_, ref in sources if self.assets.resolve(ref)[0] is None]
        if absent:
            self.assets.missing.append(Missing(folder, self.assets.resolve(folder)[1], where, out_path,
                                               f"{len(absent)} of {len(sources)} tiles of the finest level missing, "
                                               f"e.g. {', '.join(absent[:3])}; the tiles cannot be converted"))
            return layout
        tiles.generate_pyramid(self.assets, finest, layout, dest)
        return layout

    # -- view and hotspots -------------------------------------------------------------------

    def view(self, params: Any, path: tuple) -> dict:
        if not isinstance(params, dict):
            return {}
        check_keys(params, {"yaw", "pitch", "fov", "roll"}, path, self.source, self.report)
        if params.get("roll"):
            self.report.unmapped("roll", self.source.at((*path, "roll"), key=True), "vtour views are not rolled")
        yaw, pitch = from_marzipano(_num(params.get("yaw")) or 0.0, _num(params.get("pitch")) or 0.0)
        view = {"yaw": rounded(tidy_yaw(yaw)), "pitch": rounded(max(-90.0, min(90.0, pitch)))}
        fov = _num(params.get("fov"))
        if fov is not None and fov > 0:
            view["hfov"] = rounded(marzipano_hfov(fov, self.aspect), 3)
        return view

    def links(self, scene: dict, path: tuple) -> list[dict]:
        out = []
        for key in ("linkHotspots", "hotspots"):
            hotspots = scene.get(key)
            if not isinstance(hotspots, list):
                continue
            for index, hotspot in enumerate(hotspots):
                link = self.link(hotspot, (*path, key, index))
                if link:
                    out.append(link)
        return out

    def link(self, hotspot: Any, path: tuple) -> dict | None:
        position = self.position(hotspot, path)
        if position is None:
            return None
        check_keys(hotspot, {"yaw", "pitch", "rotation", "target"}, path, self.source, self.report, _WHY)
        if hotspot.get("rotation"):
            self.report.unmapped("rotation", self.source.at((*path, "rotation"), key=True), _WHY["rotation"])
        target = self.ids.get(str(hotspot.get("target")))
        if target is None:
            self.report.warn(f"link to unknown scene {hotspot.get('target')!r}; skipped", self.source.at(path))
            return None
        out = {"type": "scene", **position, "targetScene": target}
        name = self.names.get(str(hotspot.get("target")))
        if name:
            out["title"] = name
        return out

    def infos(self, hotspots: Any, path: tuple) -> list[dict]:
        out = []
        for index, hotspot in enumerate(hotspots if isinstance(hotspots, list) else []):
            where = (*path, index)
            position = self.position(hotspot, where)
            if position is None:
                continue
            check_keys(hotspot, {"yaw", "pitch", "title", "text"}, where, self.source, self.report)
            info = {"type": "info", **position}
            for key in ("title", "text"):
                if isinstance(hotspot.get(key), str) and hotspot[key]:
                    info[key] = hotspot[key]
            out.append(info)
        return out

    def position(self, hotspot: Any, path: tuple) -> dict | None:
        yaw = _num(hotspot.get("yaw")) if isinstance(hotspot, dict) else None
        pitch = _num(hotspot.get("pitch")) if isinstance(hotspot, dict) else None
        if yaw is None or pitch is None:
            self.report.warn("a hotspot needs numeric yaw and pitch; skipped", self.source.at(path))
            return None
        yaw, pitch = from_marzipano(yaw, pitch)
        return {"yaw": rounded(tidy_yaw(yaw)), "pitch": rounded(max(-90.0, min(90.0, pitch)))}


def tiles_pairs(levels: list[tiles.SourceLevel], layout: tiles.Layout, dest: str) -> list[tuple[str, str]]:
    return [(source, tiles.join(dest, name)) for source, name in tiles.renamed_tiles(levels, layout)]


def _namer(folder: str, z: int):
    return lambda face, row, column: f"{folder}/{z}/{face}/{row}/{column}.jpg"


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

"""Import a krpano tour (``tour.xml``).

The XML is read by :mod:`vtour.interop.safexml` (no DTD, no entities, line numbers kept). What is
converted (``docs/interop.md`` has the details):

- ``<scene name title thumburl heading>`` (or, without scenes, the ``<krpano>`` element itself) ->
  a vtour scene; ``heading`` is the compass direction of ``hlookat`` 0, i.e. ``northOffset``.
- ``<image>``: ``<sphere url>`` -> equirectangular (``hfov``/``vfov``/``voffset`` -> ``haov``/
  ``vaov``/``vOffset``, krpano's vertical axis pointing down, so ``vOffset = -voffset``);
  ``<cube url="..%s..">``, the six ``<left>``... elements or a ``<cubestrip>`` -> a cube scene;
  ``multires="true"`` with ``<level tiledimagewidth>`` elements -> a vtour multires scene (tiles
  renamed to Pannellum's layout when the levels form its pyramid, else rebuilt).
- ``<view hlookat vlookat fov fovtype ...>``: ``vlookat`` points down (pitch = -vlookat); ``fov``
  is converted from ``fovtype`` (VFOV, the default, HFOV, DFOV or MFOV) to an hfov at the given
  screen aspect; ``fovmin``/``fovmax`` and the ``*lookatmin/max`` limits (when ``limitview``
  applies them) -> ``limits``.
- ``<hotspot ath atv>`` (``atv`` points down) -> info hotspots; with ``linkedscene`` or an
  ``onclick`` calling ``loadscene(NAME, vars, flags)`` -> scene links (``view.hlookat``/
  ``view.vlookat``/``view.fov`` in the vars, or ``linkedscene_lookat="h,v,fov"``, give the target
  view; the ``KEEPVIEW`` flag gives ``"same"``); ``<point ath atv>`` children -> an area.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from vtour.interop import tiles
from vtour.interop.angles import DEFAULT_ASPECT, VTOUR_MAX_HFOV, krpano_hfov, rounded, tidy_yaw
from vtour.interop.assets import AssetPlan, Missing
from vtour.interop.findings import InteropError, Location, Report
from vtour.interop.importing import Conversion, IdMap, make_id, read_input_bytes
from vtour.interop.safexml import Element, XmlError, parse_xml

log = logging.getLogger(__name__)

KRPANO_FACES = {"f": "front", "r": "right", "b": "back", "l": "left", "u": "up", "d": "down"}
"""krpano's ``%s`` letters are Pannellum's (same faces, same orientation); only the order differs."""
STRIP_ORDER = "lfrbud"
"""krpano's default cube-strip face order (``<cubestrip>``, multires ``preview.jpg``)."""

SCENE_ATTRIBUTES = {"name", "title", "thumburl", "heading"}
HOTSPOT_ATTRIBUTES = {"name", "ath", "atv", "linkedscene", "onclick", "tooltip", "title", "text", "html",
                      "linkedscene_lookat"}
VIEW_ATTRIBUTES = {"hlookat", "vlookat", "fov", "fovtype", "fovmin", "fovmax", "mfovratio", "limitview",
                   "hlookatmin", "hlookatmax", "vlookatmin", "vlookatmax"}
_LIMITING = {"range", "fullrange", "offrange", "lookat"}
_WHY = {"lat": "the tour format has no GPS positions", "lng": "the tour format has no GPS positions",
        "onclick": "scripts other than loadscene(...) are not converted",
        "camroll": "vtour views are not rolled", "prealign": "krpano's prealign is not converted"}
_CALL = re.compile(r"\b(?:skin_)?loadscene\s*\(", re.I)


def import_krpano(path: Path, base: Path | None = None, aspect: float = DEFAULT_ASPECT[0] / DEFAULT_ASPECT[1]) -> Conversion:
    """Convert a krpano ``tour.xml`` into a vtour tour (not yet written).

    Raises
    ------
    InteropError
        For unreadable or unsafe XML, naming file:line.
    """
    path = Path(path)
    try:
        root = parse_xml(read_input_bytes(path))
    except XmlError as exc:
        raise InteropError(exc.message, Location(str(path), exc.line, exc.column)) from None
    log.info("%s: krpano fields of view become hfov for a %.4g:1 screen (--aspect)", path, aspect)
    return _Importer(root, path, base, aspect).run()


class _Importer:
    def __init__(self, root: Element, path: Path, base: Path | None, aspect: float):
        self.root = root
        self.file = str(path)
        self.stem = path.stem
        self.report = Report(logger=log)
        self.assets = AssetPlan(path.resolve().parent, base)
        self.aspect = aspect
        self.ids = IdMap()
        self.titles: dict[str, str] = {}
        self.fovtypes: dict[str, tuple[str, float]] = {}
        self.ignored: dict[str, list] = defaultdict(list)

    def at(self, element: Element, what: str = "") -> Location:
        return Location(self.file, element.line, element.column, f"<{element.raw_tag}>{what}")

    # -- tour --------------------------------------------------------------------------------

    def run(self) -> Conversion:
        root = self.root
        if root.tag != "krpano":
            raise InteropError(f"the root element is <{root.raw_tag}>, not <krpano>", self.at(root))
        for include in root.iter("include"):
            self.report.warn(f"<include url={include.get('url')!r}> not followed: skins and plugins are not "
                             "converted; import the file holding the scenes", self.at(include))
        elements = list(root.iter("scene"))
        scenes = elements or [root]
        for element in scenes:
            name = element.get("name") or self.stem
            self.ids.add(name.lower())
            if element.get("title"):
                self.titles[name.lower()] = element.get("title")
            view = element.find("view") or root.find("view")
            if view is not None:
                self.fovtypes[name.lower()] = (view.get("fovtype") or "VFOV", _float(view.get("mfovratio")) or 4 / 3)
        if elements:
            for hotspot in root.iter("hotspot"):
                self.report.warn("a hotspot outside <scene> (shown over every scene in krpano) is not converted",
                                 self.at(hotspot))
        document: dict[str, Any] = {"version": 1}
        if root.get("title"):
            document["title"] = root.get("title")
        first = self.first_scene()
        if first:
            document["firstScene"] = first
        document["scenes"] = {}
        for element in scenes:
            name = (element.get("name") or self.stem).lower()
            document["scenes"][self.ids.get(name)] = self.scene(element, name)
        self.report_ignored()
        return Conversion(document, self.assets, self.report)

    def first_scene(self) -> str | None:
        onstart = self.root.get("onstart") or ""
        call = _loadscene(onstart)
        if call and call[0].lower() in self.ids.ids:
            return self.ids.get(call[0].lower())
        return None

    def report_ignored(self) -> None:
        for key, places in self.ignored.items():
            count = f" ({len(places)} times)" if len(places) > 1 else ""
            self.report.unmapped(key, places[0], _WHY.get(key.split()[-1], "no vtour equivalent") + count)

    def ignore_attributes(self, element: Element, known: set[str]) -> None:
        for key in element.attrib:
            if key not in known:
                self.ignored[f"<{element.tag}> {key}"].append(self.at(element, f"@{key}"))

    # -- scenes ------------------------------------------------------------------------------

    def scene(self, element: Element, name: str) -> dict:
        scene_id = self.ids.get(name)
        if element.tag == "scene":
            self.ignore_attributes(element, SCENE_ATTRIBUTES)
            if element.get("name") and scene_id != element.get("name"):
                self.report.warn(f"scene name {element.get('name')!r} renamed {scene_id!r} (a vtour id)", self.at(element))
        out: dict[str, Any] = {}
        if element.get("title"):
            out["title"] = element.get("title")
        image = element.find("image") if element.find("image") is not None else self.root.find("image")
        if image is None:
            raise InteropError("no <image> in the scene", self.at(element))
        out.update(self.image(image, element, scene_id))
        heading = _float(element.get("heading"))
        if heading is not None:
            out["northOffset"] = rounded(tidy_yaw(heading))
        view = element.find("view") if element.find("view") is not None else self.root.find("view")
        if view is not None:
            initial, limits = self.view(view)
            if initial:
                out["initialView"] = initial
            if limits:
                out["limits"] = limits
        if element.get("thumburl"):
            out["thumbnail"] = self.assets.file(_clean_url(element.get("thumburl")), self.at(element, "@thumburl"),
                                                ("scenes", scene_id, "thumbnail"))
        hotspots = [h for h in (self.hotspot(e, scene_id, out) for e in element.iter("hotspot")) if h]
        if hotspots:
            out["hotspots"] = hotspots
        return out

    def image(self, image: Element, scene: Element, scene_id: str) -> dict:
        self.ignore_attributes(image, {"type", "multires", "tilesize", "hfov", "vfov", "voffset", "baseindex"})
        if (image.get("multires") or "").lower() == "true" or image.find("level") is not None:
            return {"type": "multires", "multires": self.multires(image, scene, scene_id)}
        sphere = image.find("sphere")
        if sphere is not None and sphere.get("url"):
            return self.sphere(image, sphere, scene_id)
        cube = image.find("cube")
        if cube is not None and cube.get("url"):
            url = _clean_url(cube.get("url"))
            if "%s" not in url:
                raise InteropError("a <cube> url needs %s (the face letter)", self.at(cube))
            return {"type": "cube", "faces": [
                self.assets.file(url.replace("%s", letter), self.at(cube, "@url"), ("scenes", scene_id, "faces", i))
                for i, letter in enumerate(tiles.FACES)]}
        faces = [image.find(name) for name in KRPANO_FACES.values()]
        if all(face is not None and face.get("url") for face in faces):
            return {"type": "cube", "faces": [
                self.assets.file(_clean_url(face.get("url")), self.at(face, "@url"), ("scenes", scene_id, "faces", i))
                for i, face in enumerate(faces)]}
        strip = image.find("cubestrip")
        if strip is not None and strip.get("url"):
            return {"type": "cube", "faces": self.strip(strip, scene_id)}
        kinds = ", ".join(f"<{child.raw_tag}>" for child in image.children) or "nothing"
        raise InteropError(f"unsupported image ({kinds}): vtour reads <sphere>, <cube>, the six face "
                           "elements, <cubestrip> and multires cubes", self.at(image))

    def sphere(self, image: Element, sphere: Element, scene_id: str) -> dict:
        out: dict[str, Any] = {"type": "equirectangular"}
        out["panorama"] = self.assets.file(_clean_url(sphere.get("url")), self.at(sphere, "@url"),
                                           ("scenes", scene_id, "panorama"))
        haov, vaov, voffset = (_float(image.get(key)) for key in ("hfov", "vfov", "voffset"))
        if haov is not None and 0 < haov < 360:
            out["haov"] = haov
        if vaov is not None and 0 < vaov < 180:
            out["vaov"] = vaov
        if voffset:
            out["vOffset"] = -voffset
        return out

    def strip(self, strip: Element, scene_id: str) -> list[str]:
        url = _clean_url(strip.get("url"))
        source, looked = self.assets.resolve(url)
        stem = url.rsplit(".", 1)[0]
        names = [self.assets.claim(f"{self.assets.local_name(stem)}_{letter}.jpg", f"strip:{url}:{letter}")
                 for letter in tiles.FACES]
        if source is None:
            self.assets.missing.append(Missing(url, looked, self.at(strip, "@url"), ("scenes", scene_id, "faces")))
            return names
        order = (strip.get("order") or STRIP_ORDER).lower()

        def cut(out_dir: Path, step) -> None:
            tiles.split_strip(source, order, "jpg", {letter: out_dir / name for letter, name in zip(tiles.FACES, names)})
            step(6)

        self.assets.generate(names, cut)
        return names

    # -- multires ----------------------------------------------------------------------------

    def multires(self, image: Element, scene: Element, scene_id: str) -> dict:
        tile_size = _int(image.get("tilesize"))
        base_index = _int(image.get("baseindex"))
        base_index = 1 if base_index is None else base_index
        levels = []
        for level in image.iter("level"):
            size = _int(level.get("tiledimagewidth"))
            size_here = _int(level.get("tilesize")) or tile_size
            cube = level.find("cube")
            if size is None or size_here is None or cube is None or not cube.get("url"):
                raise InteropError("a multires <level> needs tiledimagewidth, a tilesize and <cube url>", self.at(level))
            levels.append(tiles.SourceLevel(size, size_here, _krpano_namer(_clean_url(cube.get("url")), base_index)))
        if not levels:
            raise InteropError("a multires image needs <level> elements", self.at(image))
        levels.sort(key=lambda level: level.size)
        dest = self.assets.claim(f"tiles/{scene_id}", f"tiles:{scene_id}")
        out_path = ("scenes", scene_id, "multires")
        where = self.at(image)
        layout = tiles.fit_levels(levels)
        if layout is None:
            return self.converted(levels, dest, out_path, where).as_json(dest)
        layout = tiles.Layout(layout.tile_resolution, layout.max_level, layout.cube_resolution, _extension(levels))
        layout = self.with_fallback(layout, scene, image, dest, out_path)
        pairs = [(source, tiles.join(dest, name)) for source, name in tiles.renamed_tiles(levels, layout)]
        self.assets.tiles(pairs, where, out_path, posixpath.commonpath([source for source, _ in pairs]) or ".")
        return layout.as_json(dest)

    def with_fallback(self, layout: tiles.Layout, scene: Element, image: Element, dest: str, out_path: tuple) -> tiles.Layout:
        preview = image.find("preview") or scene.find("preview")
        if preview is None or not preview.get("url"):
            return layout
        url = _clean_url(preview.get("url"))
        source, looked = self.assets.resolve(url)
        if source is None:
            self.assets.missing.append(Missing(url, looked, self.at(preview, "@url"), out_path,
                                               "the preview strip; the scene gets no fallback faces"))
            return layout
        layout = tiles.Layout(layout.tile_resolution, layout.max_level, layout.cube_resolution, layout.extension,
                              layout.path, tiles.DEFAULT_FALLBACK)
        outputs = {face: tiles.join(dest, layout.fallback_name(face)) for face in tiles.FACES}

        def cut(out_dir: Path, step) -> None:
            tiles.split_strip(source, STRIP_ORDER, layout.extension, {f: out_dir / p for f, p in outputs.items()})
            step(len(outputs))

        self.assets.generate(list(outputs.values()), cut)
        return layout

    def converted(self, levels: list[tiles.SourceLevel], dest: str, out_path: tuple, where: Location) -> tiles.Layout:
        finest = levels[-1]
        layout = tiles.Layout(finest.tile_size, tiles.levels_for(finest.size, finest.tile_size), finest.size,
                              _extension(levels), tiles.DEFAULT_PATH, tiles.DEFAULT_FALLBACK)
        self.report.warn(f"levels {[level.size for level in levels]} are not a Pannellum pyramid: each face is "
                         f"rebuilt from the {finest.size}px level and cut into {layout.max_level} levels", where)
        sources = tiles.source_tiles(finest)
        absent = [ref for *_, ref in sources if self.assets.resolve(ref)[0] is None]
        if absent:
            self.assets.missing.append(Missing(absent[0], self.assets.resolve(absent[0])[1], where, out_path,
                                               f"{len(absent)} of {len(sources)} tiles of the finest level missing; "
                                               "the tiles cannot be converted"))
            return layout
        tiles.generate_pyramid(self.assets, finest, layout, dest)
        return layout

    # -- view --------------------------------------------------------------------------------

    def view(self, view: Element) -> tuple[dict, dict]:
        self.ignore_attributes(view, VIEW_ATTRIBUTES)
        fovtype = view.get("fovtype") or "VFOV"
        ratio = _float(view.get("mfovratio")) or 4 / 3
        initial: dict[str, Any] = {}
        hlookat, vlookat, fov = (_float(view.get(k)) for k in ("hlookat", "vlookat", "fov"))
        if hlookat is not None:
            initial["yaw"] = rounded(tidy_yaw(hlookat))
        if vlookat is not None:
            initial["pitch"] = rounded(max(-90.0, min(90.0, -vlookat)))
        hfov = krpano_hfov(90.0 if fov is None else fov, fovtype, self.aspect, ratio)
        limits = self.limits(view, fovtype, ratio)
        widest = limits.get("maxHfov", VTOUR_MAX_HFOV)
        if hfov > widest:
            self.report.warn(f"fov {fov if fov is not None else 90} ({fovtype}) is an hfov of {hfov:.1f} at this "
                             f"aspect, wider than {widest:g}: clamped", self.at(view, "@fov"))
            hfov = widest
        initial["hfov"] = rounded(hfov, 3)
        return initial, limits

    def limits(self, view: Element, fovtype: str, ratio: float) -> dict:
        limits: dict[str, Any] = {}
        for key, name in (("fovmin", "minHfov"), ("fovmax", "maxHfov")):
            value = _float(view.get(key))
            if value is not None:
                limits[name] = rounded(min(krpano_hfov(value, fovtype, self.aspect, ratio), 179.0), 3)
        bounds = {key: _float(view.get(key)) for key in ("hlookatmin", "hlookatmax", "vlookatmin", "vlookatmax")}
        if any(value is not None for value in bounds.values()):
            if (view.get("limitview") or "auto").lower() not in _LIMITING:
                self.report.warn("hlookatmin/max and vlookatmin/max apply only with limitview=\"range\" (or "
                                 "lookat/fullrange/offrange); ignored", self.at(view))
                return limits
            if bounds["hlookatmin"] is not None and bounds["hlookatmax"] is not None:
                limits["minYaw"], limits["maxYaw"] = rounded(bounds["hlookatmin"]), rounded(bounds["hlookatmax"])
            if bounds["vlookatmax"] is not None:
                limits["minPitch"] = rounded(max(-90.0, -bounds["vlookatmax"]))
            if bounds["vlookatmin"] is not None:
                limits["maxPitch"] = rounded(min(90.0, -bounds["vlookatmin"]))
        return limits

    # -- hotspots ----------------------------------------------------------------------------

    def hotspot(self, element: Element, scene_id: str, scene: dict) -> dict | None:
        self.ignore_attributes(element, HOTSPOT_ATTRIBUTES)
        if element.get("onclick") and _loadscene(element.get("onclick")) is None:
            self.ignored["<hotspot> onclick"].append(self.at(element, "@onclick"))
        out: dict[str, Any] = {}
        name = element.get("name")
        if name:
            hotspot_id = make_id(name)
            if hotspot_id not in {h.get("id") for h in scene.get("hotspots", [])}:
                out["id"] = hotspot_id
        points = list(element.iter("point"))
        target, view = self.link(element)
        if points:
            vertices = []
            for point in points:
                ath, atv = _float(point.get("ath")), _float(point.get("atv"))
                if ath is None or atv is None:
                    self.report.warn("a <point> needs ath and atv; skipped", self.at(point))
                    continue
                vertices.append([rounded(tidy_yaw(ath)), rounded(max(-90.0, min(90.0, -atv)))])
            if len(vertices) < 3:
                self.report.warn("a polygon hotspot needs at least 3 points; skipped", self.at(element))
                return None
            out.update({"type": "area", "vertices": vertices})
            if target:
                self.report.warn(f"the polygon links to {target!r}, but vtour areas cannot link to scenes: "
                                 "the link was dropped", self.at(element))
        else:
            ath, atv = _float(element.get("ath")), _float(element.get("atv"))
            if ath is None or atv is None:
                self.report.warn("a hotspot needs ath and atv (or <point> children); skipped", self.at(element))
                return None
            out.update({"type": "scene" if target else "info", "yaw": rounded(tidy_yaw(ath)),
                        "pitch": rounded(max(-90.0, min(90.0, -atv)))})
            if target:
                out["targetScene"] = target
                if view is not None:
                    out["targetView"] = view
        title = element.get("tooltip") or element.get("title")
        if not title and target:
            title = self.titles.get(self.scene_key(target))
        if title:
            out["title"] = title
        text = element.get("html") or element.get("text")
        if text:
            out["text"] = text
        return out

    def scene_key(self, scene_id: str) -> str | None:
        return next((name for name, sid in self.ids.ids.items() if sid == scene_id), None)

    def link(self, element: Element) -> tuple[str | None, Any]:
        """The scene id a hotspot links to and its target view (None: the target's initial view)."""
        name = element.get("linkedscene")
        call = _loadscene(element.get("onclick") or "")
        if call and not call[0].lower().startswith("get("):
            name = call[0]
        if not name:
            return None, None
        target = self.ids.get(name.lower())
        if target is None:
            self.report.warn(f"link to unknown scene {name!r}; converted as an info hotspot", self.at(element))
            return None, None
        view = None
        if call:
            view = self.call_view(call, name.lower(), element)
        if view is None and element.get("linkedscene_lookat"):
            parts = [_float(p) for p in element.get("linkedscene_lookat").split(",")]
            view = self.lookat_view(dict(zip(("hlookat", "vlookat", "fov"), parts)), name.lower())
        return target, view

    def call_view(self, call: list[str], target: str, element: Element) -> Any:
        flags = call[2].upper() if len(call) > 2 else ""
        if "KEEPVIEW" in flags:
            return "same"
        variables = {}
        for assignment in (call[1] if len(call) > 1 else "").split("&"):
            key, _, value = assignment.partition("=")
            key = key.strip().lower().removeprefix("view.")
            if key in ("hlookat", "vlookat", "fov"):
                variables[key] = _float(value)
        return self.lookat_view(variables, target) if variables else None

    def lookat_view(self, values: dict, target: str) -> dict | None:
        view: dict[str, Any] = {}
        if values.get("hlookat") is not None:
            view["yaw"] = rounded(tidy_yaw(values["hlookat"]))
        if values.get("vlookat") is not None:
            view["pitch"] = rounded(max(-90.0, min(90.0, -values["vlookat"])))
        if values.get("fov") is not None:
            fovtype, ratio = self.fovtypes.get(target, ("VFOV", 4 / 3))
            view["hfov"] = rounded(min(krpano_hfov(values["fov"], fovtype, self.aspect, ratio), 179.0), 3)
        return view or None


def _loadscene(script: str) -> list[str] | None:
    """The arguments of the first ``loadscene(...)`` (or ``skin_loadscene``) call in ``script``."""
    match = _CALL.search(script)
    if not match:
        return None
    args, depth, current, quote = [], 0, "", ""
    for char in script[match.end():]:
        if quote:
            if char == quote:
                quote = ""
            else:
                current += char
            continue
        if char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
            current += char
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
            current += char
        elif char == "," and depth == 0:
            args.append(current.strip())
            current = ""
        else:
            current += char
    args.append(current.strip())
    return args if args and args[0] else None


def _krpano_namer(url: str, base_index: int):
    """A tile namer for a krpano level url (``%s`` face, ``%h``/``%x`` column, ``%v``/``%y`` row,
    with ``%0h``-style zero padding: each 0 adds a digit)."""
    pattern = re.compile(r"%(0*)([hvxys])")

    def name(face: str, row: int, column: int) -> str:
        def value(match: re.Match) -> str:
            kind = match.group(2)
            if kind == "s":
                return face
            number = (column if kind in "hx" else row) + base_index
            return str(number).zfill(len(match.group(1)) + 1)

        return pattern.sub(value, url)

    return name


def _extension(levels: list[tiles.SourceLevel]) -> str:
    sample = levels[-1].name("f", 0, 0)
    extension = sample.rsplit(".", 1)[-1].lower() if "." in sample else "jpg"
    return extension if extension in ("jpg", "jpeg", "png", "webp") else "jpg"


def _clean_url(url: str) -> str:
    """A krpano url with its path placeholders removed (``%CURRENTXML%/a.jpg`` -> ``a.jpg``)."""
    return re.sub(r"^%(?:CURRENTXML|FIRSTXML|SWFPATH|HTMLPATH|BASEDIR|ROOT|VIEWER)%/?", "", url.strip(), flags=re.I)


def _float(value: str | None) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _int(value: str | None) -> int | None:
    number = _float(value)
    return int(number) if number is not None and number.is_integer() and number > 0 else None

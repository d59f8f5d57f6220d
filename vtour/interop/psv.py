"""Import Photo Sphere Viewer virtual-tour nodes (the VirtualTourPlugin's ``nodes``, as JSON).

Input: a JSON array of nodes, or an object with ``nodes`` (and optionally ``startNodeId``,
``positionMode``, ``transition``), as given to the plugin. Per node (``docs/interop.md``):

- ``id`` -> the scene id; ``name`` -> title; ``thumbnail`` -> thumbnail; ``panorama``: an image
  path (equirectangular) or six cube faces (``{left, front, right, back, top, bottom}`` or that
  order as an array); ``panoData`` cropping -> ``haov``/``vaov``/``vOffset``.
- Angles are radians (or strings such as ``"30deg"``), yaw positive right, pitch positive up;
  positions are ``{yaw, pitch}`` in the viewer's (corrected) frame or ``{textureX, textureY}``
  pixels of the image.
- ``sphereCorrection {pan, tilt, roll}`` turns the sphere: it becomes vtour's horizon correction
  plus a yaw offset applied to every view (:class:`vtour.interop.angles.PsvCorrection`), and
  hotspots are placed in the panorama's own frame.
- ``links[]`` (``nodeId``, ``position``; in GPS mode the direction comes from the two nodes'
  ``gps``, as the plugin computes it, and the scene's ``northOffset`` from the correction) ->
  scene links; a node's ``rotateToPosition`` -> its ``initialView``, or, keyed by the node a
  visitor comes from, the ``targetView`` of that node's links to it.
- ``markers[]``: a point marker -> an info hotspot (``tooltip`` -> title, ``content`` -> text);
  ``polygon``/``polygonPixels`` -> an area.
- ``gps`` has no place in a vtour tour and is reported.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from vtour.interop.angles import PsvCorrection, psv_angle, rounded, tidy_yaw
from vtour.interop.assets import AssetPlan
from vtour.interop.findings import InteropError, JsonSource, Location, Report, check_keys
from vtour.interop.importing import Conversion, IdMap, make_id, read_json_input
from vtour.io.images import image_size
from vtour.model.errors import ImageError

log = logging.getLogger(__name__)

NODE_KEYS = {"id", "panorama", "name", "thumbnail", "links", "markers", "sphereCorrection", "gps",
             "rotateToPosition", "panoData"}
LINK_KEYS = {"nodeId", "position", "yaw", "pitch", "textureX", "textureY", "gps", "name"}
MARKER_KEYS = {"id", "position", "polygon", "polygonPixels", "tooltip", "content", "gps"}
CUBE_ORDER = ("left", "front", "right", "back", "top", "bottom")
"""PSV's cube face names (and array order); vtour's order is front, right, back, left, up, down."""
_TO_VTOUR_FACES = ("front", "right", "back", "left", "top", "bottom")
_WHY = {
    "caption": "the tour format has no scene caption (the name is the title)",
    "description": "the tour format has no scene description",
    "gps": "the tour format has no GPS positions",
    "map": "the map plugin's positions are not converted (a vtour siteMap needs the map image)",
    "rotateToPosition": "the camera turn before leaving a node is not converted",
    "nextNodeId": "automatic chaining to another node is not converted",
    "markerStyle": "vtour draws its own markers",
    "arrowStyle": "vtour draws its own markers",
    "polyline": "vtour has no polyline hotspots",
    "polylinePixels": "vtour has no polyline hotspots",
}
EARTH_RADIUS = 6371e3


def import_psv(path: Path, base: Path | None = None) -> Conversion:
    """Convert Photo Sphere Viewer virtual-tour nodes (JSON) into a vtour tour (not yet written).

    Raises
    ------
    InteropError
        For unreadable input or a file that is not a list of nodes, naming file:line.
    """
    return _Importer(read_json_input(Path(path)), Path(path), base).run()


class _Node:
    """What the importer knows about one node while converting."""

    def __init__(self, index: int, data: dict, scene_id: str):
        self.index = index
        self.data = data
        self.scene_id = scene_id
        self.correction = PsvCorrection()
        self.yaw_offset = 0.0
        self.size: tuple[int, int] | None = None  # the panorama's pixels, for texture positions
        self.crop = (0.0, 0.0, None, None)  # croppedX, croppedY, fullWidth, fullHeight


class _Importer:
    def __init__(self, source: JsonSource, path: Path, base: Path | None):
        self.source = source
        self.report = Report(logger=log)
        self.assets = AssetPlan(path.resolve().parent, base)
        self.ids = IdMap()
        self.nodes: dict[str, _Node] = {}
        self.root: tuple = ()
        self.gps_mode = False
        self.ignored: dict[str, list[Location]] = defaultdict(list)

    def at(self, path, key: bool = False) -> Location:
        return self.source.at((*self.root, *path), key)

    # -- tour --------------------------------------------------------------------------------

    def run(self) -> Conversion:
        value = self.source.value
        options: dict = {}
        if isinstance(value, dict) and isinstance(value.get("nodes"), list):
            options, nodes, self.root = value, value["nodes"], ("nodes",)
            check_keys(value, {"nodes", "startNodeId", "positionMode", "transition"}, (), self.source, self.report,
                       lambda key: "a plugin setting with no vtour equivalent")
        elif isinstance(value, list):
            nodes = value
        else:
            raise InteropError("expected a list of nodes, or an object with \"nodes\"", self.source.at(()))
        self.gps_mode = options.get("positionMode") == "gps"
        for index, node in enumerate(nodes):
            if isinstance(node, dict) and isinstance(node.get("id"), (str, int)) and not isinstance(node.get("id"), bool):
                self.nodes[str(node["id"])] = _Node(index, node, self.ids.add(str(node["id"])))
            else:
                self.report.warn("a node needs an \"id\"; skipped", self.at((index,)))
        if not self.nodes:
            raise InteropError("no nodes", self.source.at(()))
        document: dict[str, Any] = {"version": 1}
        start = options.get("startNodeId")
        if start is not None:
            if str(start) in self.nodes:
                document["firstScene"] = self.nodes[str(start)].scene_id
            else:
                self.report.warn(f"startNodeId {start!r} is not a node", self.source.at(("startNodeId",)))
        transition = options.get("transition")
        if isinstance(transition, (int, float)) and not isinstance(transition, bool) and transition >= 0:
            document["transition"] = {"duration": rounded(min(transition / 1000.0, 10.0), 3)}
        for node in self.nodes.values():
            self.prepare(node)
        document["scenes"] = {node.scene_id: self.scene(node) for node in self.nodes.values()}
        for key, places in self.ignored.items():
            count = f" ({len(places)} times)" if len(places) > 1 else ""
            self.report.unmapped(key, places[0], _WHY.get(key.split()[-1], "a display setting with no vtour "
                                                            "equivalent") + count)
        return Conversion(document, self.assets, self.report)

    def prepare(self, node: _Node) -> None:
        """Correction and image size first: links to a node need its frame."""
        data, path = node.data, (node.index,)
        correction = data.get("sphereCorrection")
        if isinstance(correction, dict):
            try:
                node.correction = PsvCorrection(*(psv_angle(correction.get(k, 0) or 0) for k in ("pan", "tilt", "roll")))
            except ValueError as exc:
                self.report.warn(f"sphereCorrection ignored: {exc}", self.at((*path, "sphereCorrection")))
        node.yaw_offset = node.correction.decompose()[0]
        pano = data.get("panoData")
        if isinstance(pano, dict):
            node.crop = (float(pano.get("croppedX", 0) or 0), float(pano.get("croppedY", 0) or 0),
                         pano.get("fullWidth"), pano.get("fullHeight"))

    # -- scenes ------------------------------------------------------------------------------

    def scene(self, node: _Node) -> dict:
        data, path = node.data, (node.index,)
        for key in data:
            if key not in NODE_KEYS:
                self.report.unmapped(key, self.at((*path, key), key=True), _WHY.get(key, "no vtour equivalent"))
        if "gps" in data:
            self.report.unmapped("gps", self.at((*path, "gps"), key=True), _WHY["gps"] + " (used for link directions)"
                                 if data.get("links") else _WHY["gps"])
        out: dict[str, Any] = {}
        if isinstance(data.get("name"), str):
            out["title"] = data["name"]
        out.update(self.panorama(node))
        yaw_offset, horizon_pitch, horizon_roll = node.correction.decompose()
        if abs(horizon_pitch) > 1e-9 or abs(horizon_roll) > 1e-9:
            out["horizonPitch"], out["horizonRoll"] = rounded(horizon_pitch), rounded(horizon_roll)
        if self.uses_gps(node):
            out["northOffset"] = rounded(tidy_yaw(yaw_offset))
        view = data.get("rotateToPosition")
        if isinstance(view, dict) and ("yaw" in view or "textureX" in view):
            initial = self.view(view, node, (*path, "rotateToPosition"))
            if initial:
                out["initialView"] = initial
        if isinstance(data.get("thumbnail"), str):
            out["thumbnail"] = self.assets.file(data["thumbnail"], self.at((*path, "thumbnail")),
                                                ("scenes", node.scene_id, "thumbnail"))
        hotspots = self.links(node) + self.markers(node)
        if hotspots:
            out["hotspots"] = hotspots
        return out

    def panorama(self, node: _Node) -> dict:
        panorama, path = node.data.get("panorama"), (node.index, "panorama")
        out_path = ("scenes", node.scene_id)
        if isinstance(panorama, str):
            name = self.assets.file(panorama, self.at(path), (*out_path, "panorama"))
            source, _ = self.assets.resolve(panorama)
            out: dict[str, Any] = {"type": "equirectangular", "panorama": name}
            if source is not None:
                try:
                    node.size = image_size(source)
                except ImageError as exc:
                    self.report.warn(f"cannot read the panorama's size: {exc}", self.at(path))
            out.update(self.crop(node))
            return out
        faces = None
        if isinstance(panorama, dict) and all(isinstance(panorama.get(k), str) for k in CUBE_ORDER):
            faces = [panorama[k] for k in _TO_VTOUR_FACES]
            where = [(*path, k) for k in _TO_VTOUR_FACES]
        elif isinstance(panorama, list) and len(panorama) == 6 and all(isinstance(f, str) for f in panorama):
            order = [CUBE_ORDER.index(k) for k in _TO_VTOUR_FACES]
            faces = [panorama[i] for i in order]
            where = [(*path, i) for i in order]
        if faces is None:
            raise InteropError("unsupported panorama: vtour reads an image path (equirectangular) or six cube "
                               "faces (left, front, right, back, top, bottom)", self.at(path))
        return {"type": "cube", "faces": [self.assets.file(face, self.at(w), (*out_path, "faces", i))
                                          for i, (face, w) in enumerate(zip(faces, where))]}

    def crop(self, node: _Node) -> dict:
        """``panoData`` cropping as a partial panorama (only when centred horizontally)."""
        x, y, full_w, full_h = node.crop
        if not full_w or not full_h or node.size is None:
            return {}
        width, height = node.size
        out: dict[str, Any] = {}
        if width < full_w:
            if abs((x + width / 2) - full_w / 2) > 0.5:
                self.report.warn("panoData crops the panorama off-centre horizontally; vtour centres partial "
                                 "panoramas, so the crop is ignored", self.at((node.index, "panoData")))
                return {}
            out["haov"] = rounded(360.0 * width / full_w, 4)
        if height < full_h:
            out["vaov"] = rounded(180.0 * height / full_h, 4)
            out["vOffset"] = rounded(90.0 - 180.0 * (y + height / 2) / full_h, 4)
        return out

    def uses_gps(self, node: _Node) -> bool:
        links = node.data.get("links") or []
        return _gps(node.data.get("gps")) is not None and (self.gps_mode or any(
            isinstance(link, dict) and not _has_position(link) for link in links))

    # -- positions ---------------------------------------------------------------------------

    def image_direction(self, position: Any, node: _Node, path: tuple) -> tuple[float, float] | None:
        """A PSV position (world yaw/pitch or texture pixels) as a vtour hotspot direction."""
        if not isinstance(position, dict):
            return None
        try:
            if "yaw" in position or "pitch" in position or "longitude" in position:
                yaw = psv_angle(position.get("yaw", position.get("longitude", 0)))
                pitch = psv_angle(position.get("pitch", position.get("latitude", 0)))
                return node.correction.marker_to_image(yaw, pitch)
            if "textureX" in position or "x" in position:
                return self.texture(float(position.get("textureX", position.get("x"))),
                                    float(position.get("textureY", position.get("y"))), node, path)
        except (TypeError, ValueError) as exc:
            self.report.warn(f"unreadable position ({exc}); skipped", self.at(path))
            return None
        return None

    def texture(self, x: float, y: float, node: _Node, path: tuple) -> tuple[float, float] | None:
        crop_x, crop_y, full_w, full_h = node.crop
        full_w = full_w or (node.size[0] if node.size else None)
        full_h = full_h or (node.size[1] if node.size else None)
        if not full_w or not full_h:
            self.report.warn("a texture position needs the panorama's size, and the image was not found; "
                             "skipped", self.at(path))
            return None
        return (x + crop_x) / full_w * 360.0 - 180.0, 90.0 - (y + crop_y) / full_h * 180.0

    def view(self, position: dict, node: _Node, path: tuple) -> dict:
        """A PSV camera position (world frame) as a vtour view (yaw, pitch)."""
        direction = self.image_direction(position, node, path)
        if direction is None:
            return {}
        yaw, pitch = node.correction.image_to_marker(*direction)
        return {"yaw": rounded(tidy_yaw(yaw - node.yaw_offset)), "pitch": rounded(max(-90.0, min(90.0, pitch)))}

    # -- links and markers -------------------------------------------------------------------

    def links(self, node: _Node) -> list[dict]:
        out = []
        for index, link in enumerate(node.data.get("links") or []):
            path = (node.index, "links", index)
            if not isinstance(link, dict):
                continue
            for key in link:
                if key not in LINK_KEYS:
                    self.ignored[f"link {key}"].append(self.at((*path, key), key=True))
            target = self.nodes.get(str(link.get("nodeId")))
            if target is None:
                self.report.warn(f"link to unknown node {link.get('nodeId')!r}; skipped", self.at(path))
                continue
            direction = self.link_direction(link, node, target, path)
            if direction is None:
                continue
            hotspot = {"type": "scene", "yaw": rounded(tidy_yaw(direction[0])), "pitch": rounded(direction[1]),
                       "targetScene": target.scene_id}
            title = link.get("name") if isinstance(link.get("name"), str) else target.data.get("name")
            if isinstance(title, str) and title:
                hotspot["title"] = title
            view = self.arrival_view(target, node)
            if view:
                hotspot["targetView"] = view
            out.append(hotspot)
        return out

    def link_direction(self, link: dict, node: _Node, target: _Node, path: tuple) -> tuple[float, float] | None:
        if _has_position(link):
            return self.image_direction(link.get("position", link), node, (*path, "position"))
        here, there = _gps(node.data.get("gps")), _gps(link.get("gps")) or _gps(target.data.get("gps"))
        if here is None or there is None:
            self.report.warn("a link needs a position, or GPS positions on both nodes; skipped", self.at(path))
            return None
        yaw, pitch = gps_direction(here, there)
        return node.correction.marker_to_image(yaw, pitch)

    def arrival_view(self, target: _Node, source: _Node) -> dict | None:
        """The target node's ``rotateToPosition`` for visitors coming from ``source``, if keyed so."""
        rotate = target.data.get("rotateToPosition")
        if not isinstance(rotate, dict) or "yaw" in rotate or "textureX" in rotate:
            return None
        key = str(source.data["id"])
        if key not in rotate:
            return None
        return self.view(rotate[key], target, (target.index, "rotateToPosition", key)) or None

    def markers(self, node: _Node) -> list[dict]:
        out = []
        for index, marker in enumerate(node.data.get("markers") or []):
            path = (node.index, "markers", index)
            if not isinstance(marker, dict):
                continue
            for key in marker:
                if key not in MARKER_KEYS:
                    self.ignored[f"marker {key}"].append(self.at((*path, key), key=True))
            hotspot = self.marker(marker, node, path)
            if hotspot:
                out.append(hotspot)
        return out

    def marker(self, marker: dict, node: _Node, path: tuple) -> dict | None:
        out: dict[str, Any] = {}
        if isinstance(marker.get("id"), (str, int)) and not isinstance(marker.get("id"), bool):
            out["id"] = make_id(marker["id"])
        if "polygon" in marker or "polygonPixels" in marker:
            vertices = self.polygon(marker, node, path)
            if vertices is None:
                return None
            out.update({"type": "area", "vertices": vertices})
        else:
            if "gps" in marker and _gps(node.data.get("gps")) and _gps(marker.get("gps")):
                yaw, pitch = gps_direction(_gps(node.data["gps"]), _gps(marker["gps"]))
                direction = node.correction.marker_to_image(yaw, pitch)
            else:
                direction = self.image_direction(marker.get("position", marker), node, (*path, "position"))
            if direction is None:
                if "polyline" not in marker and "polylinePixels" not in marker:
                    self.report.warn("a marker needs a position; skipped", self.at(path))
                return None
            out.update({"type": "info", "yaw": rounded(tidy_yaw(direction[0])), "pitch": rounded(direction[1])})
        tooltip = marker.get("tooltip")
        tooltip = tooltip.get("content") if isinstance(tooltip, dict) else tooltip
        if isinstance(tooltip, str) and tooltip.strip():
            out["title"] = _plain(tooltip)
        if isinstance(marker.get("content"), str) and marker["content"].strip():
            out["text"] = marker["content"]
        return out

    def polygon(self, marker: dict, node: _Node, path: tuple) -> list | None:
        pixels = "polygonPixels" in marker
        points = _pairs(marker.get("polygonPixels" if pixels else "polygon"))
        if points is None or len(points) < 3:
            self.report.warn("a polygon needs at least 3 points; skipped", self.at(path))
            return None
        vertices = []
        for x, y in points:
            direction = (self.texture(float(x), float(y), node, path) if pixels
                         else self.image_direction({"yaw": x, "pitch": y}, node, path))
            if direction is None:
                return None
            vertices.append([rounded(tidy_yaw(direction[0])), rounded(direction[1])])
        return vertices


def gps_direction(here: tuple[float, float, float | None], there: tuple[float, float, float | None]) -> tuple[float, float]:
    """Compass bearing and elevation (degrees) from ``here`` to ``there`` (``[lng, lat, alt?]``), as
    the PSV plugin's ``gpsToSpherical`` computes them (spherical earth)."""
    lng1, lat1, lng2, lat2 = (math.radians(v) for v in (here[0], here[1], there[0], there[1]))
    y = math.sin(lng2 - lng1) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lng2 - lng1)
    bearing = math.degrees(math.atan2(y, x))
    pitch = 0.0
    h1, h2 = here[2] or 0.0, there[2] or 0.0
    if h1 != h2:
        arc = 2 * math.asin(math.sqrt(math.sin((lat2 - lat1) / 2) ** 2
                                      + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2))
        distance = arc * EARTH_RADIUS
        pitch = math.degrees(math.atan((h2 - h1) / distance)) if distance > 0 else math.copysign(90.0, h2 - h1)
    return bearing, pitch


def _gps(value: Any) -> tuple[float, float, float | None] | None:
    if isinstance(value, list) and len(value) >= 2 and all(isinstance(v, (int, float)) for v in value[:3]):
        return float(value[0]), float(value[1]), float(value[2]) if len(value) > 2 else None
    return None


def _has_position(link: dict) -> bool:
    return any(key in link for key in ("position", "yaw", "pitch", "textureX", "textureY", "longitude", "x"))


def _pairs(value: Any) -> list | None:
    """``[[a, b], ...]`` or the flat ``[a, b, a, b, ...]`` PSV also accepts."""
    if not isinstance(value, list):
        return None
    if all(isinstance(p, list) and len(p) == 2 for p in value):
        return value
    if len(value) % 2 == 0 and all(isinstance(v, (int, float, str)) for v in value):
        return [value[i:i + 2] for i in range(0, len(value), 2)]
    return None


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", text)).strip()

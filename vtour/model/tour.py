"""Immutable tour objects, built by ``vtour.io.tourfile`` from a validated document.

Angles are degrees, following the conventions in ``vtour.geometry``. Asset paths are absolute and
already checked to stay inside the tour's folder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Literal

from vtour.geometry.angles import wrap_yaw
from vtour.model.errors import Diagnostic


@dataclass(frozen=True)
class LocalizedText:
    """Text a person reads, in one or more languages (``{"en": ..., "zh": ..., "ug": ...}``)."""

    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, value: str | Mapping[str, str] | None, default_language: str = "en") -> LocalizedText:
        if value is None:
            return cls()
        if isinstance(value, str):
            return cls(MappingProxyType({default_language: value}))
        return cls(MappingProxyType(dict(value)))

    def get(self, language: str, fallbacks: tuple[str, ...] = ()) -> str:
        """The text in ``language``, else the first fallback present, else any language, else ""."""
        for lang in (language, *fallbacks):
            if lang in self.texts:
                return self.texts[lang]
        return next(iter(self.texts.values()), "")

    def __bool__(self) -> bool:
        return bool(self.texts)


@dataclass(frozen=True)
class View:
    """Where the camera looks: yaw, pitch, hfov (and roll) in degrees."""

    yaw: float = 0.0
    pitch: float = 0.0
    hfov: float = 100.0
    roll: float = 0.0


@dataclass(frozen=True)
class ViewLimits:
    """Allowed ranges. A yaw range of the full circle means no yaw limit."""

    yaw_min: float = -180.0
    yaw_max: float = 180.0
    pitch_min: float = -90.0
    pitch_max: float = 90.0
    hfov_min: float = 30.0
    hfov_max: float = 120.0

    @property
    def yaw_limited(self) -> bool:
        return self.yaw_max - self.yaw_min < 360.0

    def clamp(self, view: View) -> View:
        """The nearest allowed view (hfov first, then pitch, then yaw)."""
        hfov = min(max(view.hfov, self.hfov_min), self.hfov_max)
        pitch = min(max(view.pitch, self.pitch_min), self.pitch_max)
        yaw = wrap_yaw(view.yaw)
        if self.yaw_limited:
            yaw = min(max(yaw, self.yaw_min), self.yaw_max)
        return View(yaw=yaw, pitch=pitch, hfov=hfov, roll=view.roll)


@dataclass(frozen=True)
class EquirectSource:
    """An equirectangular image; partial panoramas give the angles they cover."""

    path: Path
    haov: float = 360.0  # horizontal angle of view covered by the image
    vaov: float = 180.0  # vertical angle of view covered by the image
    v_offset: float = 0.0  # pitch of the image's vertical centre
    size: tuple[int, int] | None = None  # (width, height) from the file header, when known


CUBE_FACE_ORDER = ("front", "right", "back", "left", "up", "down")
"""Cube faces in file order (Pannellum's): front looks at yaw 0, right at yaw 90, up's top edge
points to yaw 180 and down's bottom edge to yaw 180 (faces as seen from the centre)."""


@dataclass(frozen=True)
class CubeSource:
    """Six square face images in ``CUBE_FACE_ORDER``."""

    faces: tuple[Path, Path, Path, Path, Path, Path]
    face_size: int | None = None  # edge length in pixels from the file headers, when known


MULTIRES_FACE_LETTERS = ("f", "r", "b", "l", "u", "d")
"""The ``%s`` letter of each face in a multires tile path, in :data:`CUBE_FACE_ORDER` (Pannellum's)."""

_PLACEHOLDER = re.compile(r"%[lsxy]")


@dataclass(frozen=True)
class MultiresSource:
    """A tiled multi-resolution cube panorama, laid out as Pannellum's ``multiRes``.

    Level 1 is the coarsest. The face edge at level ``L`` is ``cube_resolution`` halved (integer
    division) ``max_level - L`` times; each face of a level is cut into ``tiles_per_side(L)``
    squared tiles of ``tile_resolution`` pixels, the last row and column narrower (not padded).
    Faces are the six of :data:`CUBE_FACE_ORDER` with a cube scene's orientation; tile rows count
    down from a face's top edge and columns right from its left edge.

    ``path`` and ``fallback_path`` are the tour file's patterns, joined to ``base`` as written
    (Pannellum concatenates ``basePath + path``; a leading ``/`` is the usual separator). Files
    are not checked here: the tour loader checked ``base`` and the level-1 tiles, and
    :mod:`vtour.io.multires` reports any other missing or corrupt tile when it reads it.
    """

    base: Path  # the basePath folder, resolved (inside the tour's folder)
    path: str  # e.g. "/%l/%s%y_%x": %l level, %s face letter, %y row, %x column
    extension: str  # "jpg", "jpeg", "png" or "webp", without the dot
    tile_resolution: int
    max_level: int
    cube_resolution: int  # face edge in pixels at max_level
    fallback_path: str | None = None  # e.g. "/fallback/%s": six whole low-resolution faces

    def level_edge(self, level: int) -> int:
        """Face edge in pixels at ``level`` (1 .. max_level)."""
        self._check_level(level)
        return self.cube_resolution >> (self.max_level - level)

    def tiles_per_side(self, level: int) -> int:
        """Tiles along one side of a face at ``level``: ``ceil(edge / tile_resolution)``."""
        return -(-self.level_edge(level) // self.tile_resolution)

    def tile_file(self, level: int, face_index: int, row: int, col: int) -> Path:
        """The file of one tile: ``base`` + ``path`` with %l %s %y %x substituted + ``.extension``.

        ``face_index`` is 0..5 in :data:`CUBE_FACE_ORDER`; ``row`` and ``col`` count from 0 at
        the face's top-left corner. Raises ValueError for a tile the set does not have.
        """
        count = self.tiles_per_side(level)
        if not 0 <= face_index < len(MULTIRES_FACE_LETTERS):
            raise ValueError(f"face index {face_index} is not in 0..5")
        if not (0 <= row < count and 0 <= col < count):
            raise ValueError(f"level {level} has {count}x{count} tiles per face, not row {row}, column {col}")
        values = {"%l": str(level), "%s": MULTIRES_FACE_LETTERS[face_index], "%y": str(row), "%x": str(col)}
        return self._join(_PLACEHOLDER.sub(lambda m: values[m.group()], self.path))

    def fallback_file(self, face_index: int) -> Path | None:
        """The whole low-resolution face ``face_index`` (0..5), or None without a ``fallback_path``."""
        if self.fallback_path is None:
            return None
        if not 0 <= face_index < len(MULTIRES_FACE_LETTERS):
            raise ValueError(f"face index {face_index} is not in 0..5")
        return self._join(self.fallback_path.replace("%s", MULTIRES_FACE_LETTERS[face_index]))

    def _join(self, relative: str) -> Path:
        # Pannellum writes basePath + path; "/" starts path by convention, so drop one.
        return self.base.joinpath(*PurePosixPath(relative.removeprefix("/") + "." + self.extension).parts)

    def _check_level(self, level: int) -> None:
        if not 1 <= level <= self.max_level:
            raise ValueError(f"level {level} is not in 1..{self.max_level}")


PanoramaSource = EquirectSource | CubeSource | MultiresSource


@dataclass(frozen=True)
class ModelCameraStart:
    """Where a model scene's orbit camera starts: the view direction's yaw and pitch (degrees, as
    for panoramas), the distance to the target and the target point (world units). A None field
    takes its value from the framed view of the whole model."""

    yaw: float | None = None
    pitch: float | None = None
    distance: float | None = None
    target: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class SunLight:
    """A key light fixed in the model's frame (a site's sun): ``direction`` points towards the
    light (+Y up); without one the key light follows the camera."""

    direction: tuple[float, float, float]
    intensity: float = 2.0


@dataclass(frozen=True)
class ModelSource:
    """A glTF model (.gltf/.glb) shown in 3D, optionally lit by an equirectangular HDR environment."""

    path: Path
    camera: ModelCameraStart = field(default_factory=ModelCameraStart)
    environment: Path | None = None  # a Radiance .hdr; None: the renderer's neutral default sky
    background: tuple[float, float, float] | None = None  # a colour (0-1, as shown); None: the viewer's
    show_environment: bool = False  # draw the environment behind the model (its sky)
    sun: SunLight | None = None


SceneSource = PanoramaSource | ModelSource
"""What a :class:`Scene` shows: a panorama, or a model (``type: "model"`` scenes)."""


@dataclass(frozen=True)
class Horizon:
    """Horizon correction: the camera's pitch and roll when the panorama was taken."""

    pitch: float = 0.0
    roll: float = 0.0


HotspotKind = Literal["info", "scene", "area"]


@dataclass(frozen=True)
class HotspotViewpoint:
    """A 3D hotspot's saved view in a model scene: ``eye`` looking at ``target``, or an orbit
    (``yaw``/``pitch`` of the view direction in degrees, ``distance``) around ``target``. Values
    not given are None; ``target`` None means the hotspot's position."""

    eye: tuple[float, float, float] | None = None
    target: tuple[float, float, float] | None = None
    yaw: float | None = None
    pitch: float | None = None
    distance: float | None = None


@dataclass(frozen=True)
class HotspotImage:
    """A picture shown with a hotspot's text: a local file, its caption and its alt text."""

    path: Path
    caption: LocalizedText = field(default_factory=LocalizedText)
    alt: LocalizedText = field(default_factory=LocalizedText)


DEFAULT_TRANSITION_SECONDS = 0.6


@dataclass(frozen=True)
class Transition:
    """How a scene change looks: a cross-fade of ``duration`` seconds (0: a cut), optionally
    preceded by a short zoom toward the link followed (``zoom_to_link``)."""

    duration: float = DEFAULT_TRANSITION_SECONDS
    zoom_to_link: bool = False


@dataclass(frozen=True)
class Hotspot:
    """A point of interest: an info point, a link to another scene or a polygon area.

    Panorama hotspots are placed by ``yaw``/``pitch`` (areas by ``vertices``); a model scene's
    hotspots by ``position`` and ``normal`` (``yaw``/``pitch`` stay 0 there)."""

    id: str
    kind: HotspotKind
    yaw: float = 0.0
    pitch: float = 0.0
    title: LocalizedText = field(default_factory=LocalizedText)
    text: LocalizedText = field(default_factory=LocalizedText)
    target_scene: str | None = None
    # None = the target scene's initial view; "same" / "sameAzimuth" as in Pannellum; or a View.
    target_view: View | Literal["same", "sameAzimuth"] | None = None
    vertices: tuple[tuple[float, float], ...] = ()  # (yaw, pitch) pairs for areas
    images: tuple[HotspotImage, ...] = ()
    audio: LocalizedText = field(default_factory=LocalizedText)  # absolute narration paths by language
    captions: LocalizedText = field(default_factory=LocalizedText)  # absolute WebVTT paths by language
    transition: Transition | None = None  # a scene link's own scene-change transition (else the tour's)
    # 3D hotspots of model scenes: the anchor and unit normal in the model's frame (+Y up), and an
    # optional saved viewpoint. None for panorama hotspots (placed by yaw/pitch).
    position: tuple[float, float, float] | None = None
    normal: tuple[float, float, float] | None = None
    viewpoint: HotspotViewpoint | None = None


@dataclass(frozen=True)
class ScenePose:
    """Where a panorama was taken in a site model: ``position`` (the eye, in the model's frame) and
    ``heading``, the model-frame yaw that the panorama's yaw 0 faces; so a direction at panorama
    yaw ``y`` is model yaw ``y + heading``, pitch unchanged. ``model`` is the model scene's id."""

    model: str
    position: tuple[float, float, float]
    heading: float = 0.0


@dataclass(frozen=True)
class Scene:
    id: str
    source: PanoramaSource
    title: LocalizedText = field(default_factory=LocalizedText)
    initial_view: View = field(default_factory=View)
    limits: ViewLimits = field(default_factory=ViewLimits)
    north_offset: float = 0.0
    horizon: Horizon = field(default_factory=Horizon)
    hotspots: tuple[Hotspot, ...] = ()
    thumbnail: Path | None = None  # an author's thumbnail image; None: the viewer renders one
    pose: ScenePose | None = None  # a panorama's place in a site model (the overview)


@dataclass(frozen=True)
class GuidedStep:
    """One stop of a guided tour: go to ``scene``, move to ``view`` over ``transition`` s, hold ``duration`` s."""

    scene: str
    view: View
    duration: float = 6.0
    transition: float = 2.0
    text: LocalizedText = field(default_factory=LocalizedText)
    narration: LocalizedText = field(default_factory=LocalizedText)  # absolute audio file paths by language
    captions: LocalizedText = field(default_factory=LocalizedText)  # absolute WebVTT paths by language


@dataclass(frozen=True)
class GuidedTour:
    """An ordered list of steps a kiosk's attract loop or a student's "play" button plays."""

    id: str
    steps: tuple[GuidedStep, ...]
    title: LocalizedText = field(default_factory=LocalizedText)


@dataclass(frozen=True)
class SiteMap:
    """A site map or floor plan image with scene positions in image pixels.

    ``north_offset`` is the compass heading of the image's "up" (0: north is up).
    """

    image: Path
    size: tuple[int, int]
    positions: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))
    north_offset: float = 0.0


@dataclass(frozen=True)
class Tour:
    path: Path  # the tour file (or the image, for a bare-image tour)
    scenes: tuple[Scene, ...]
    first_scene: str
    title: LocalizedText = field(default_factory=LocalizedText)
    description: LocalizedText = field(default_factory=LocalizedText)
    languages: tuple[str, ...] = ("en",)
    default_language: str = "en"
    version: int = 1
    # Warnings found while loading (errors raise TourError instead); not part of equality.
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)
    guided_tours: tuple[GuidedTour, ...] = ()
    site_map: SiteMap | None = None
    transition: Transition = field(default_factory=Transition)  # scene changes, unless a link overrides it

    @property
    def folder(self) -> Path:
        return self.path.parent

    def scene(self, scene_id: str) -> Scene:
        for scene in self.scenes:
            if scene.id == scene_id:
                return scene
        raise KeyError(scene_id)

    def guided_tour(self, tour_id: str | None = None) -> GuidedTour:
        """The guided tour ``tour_id`` (the first one when None); KeyError when there is none."""
        for guided in self.guided_tours:
            if tour_id is None or guided.id == tour_id:
                return guided
        raise KeyError(tour_id)

    @property
    def start_scene(self) -> Scene:
        return self.scene(self.first_scene)

    def language_chain(self, language: str) -> tuple[str, ...]:
        """Languages to try for ``language``, best first.

        The language itself, its base language (``zh`` for ``zh-Hans``), the tour's default
        language, then the tour's other languages; no repeats.
        """
        base = language.split("-", 1)[0]
        chain = (language, base, self.default_language, *self.languages)
        return tuple(dict.fromkeys(chain))

    def text(self, text: LocalizedText, language: str) -> str:
        """``text`` in ``language``, falling back along :meth:`language_chain`."""
        chain = self.language_chain(language)
        return text.get(chain[0], chain[1:])

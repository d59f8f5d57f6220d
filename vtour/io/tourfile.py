"""Read tour files (and bare panorama images) into :class:`~vtour.model.tour.Tour` objects.

A tour file goes through: read bytes -> decode UTF-8 (a BOM is allowed) -> parse JSON with
positions (:mod:`vtour.io.jsonpos`) -> header check (a v1 tour?) -> JSON Schema ->
semantic checks -> asset checks on disk -> build. Every problem becomes a
:class:`~vtour.model.errors.Diagnostic` with the file, line and column of the offending key or
value and its JSON path; errors make :func:`load_tour` raise :class:`TourError`, warnings ride
along on ``Tour.warnings``. Nothing here decodes pixels: images are checked from their headers.
"""

from __future__ import annotations

import codecs
import logging
import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from vtour.io.images import image_size
from vtour.io.jsonpos import Document, Duplicate, JSONSyntaxError, line_starts, offset_to_line_column, parse
from vtour.model.build import ResolvedAsset, build_tour, multires_source
from vtour.model.errors import Diagnostic, ImageError, Severity, TourError
from vtour.model.guided_format import file_references, site_map_position_issues
from vtour.io.media import media_file_issues
from vtour.model.content_format import content_references
from vtour.model.issues import Issue, JsonPath, format_json_path, quote_value, warning
from vtour.model.schema_validation import schema_issues
from vtour.model.semantics import (
    AssetRef,
    asset_references,
    header_issues,
    multires_settings,
    path_problem,
    scene_extents,
    scene_kind,
    scenes,
    semantic_issues,
)
from vtour.model.tour import CUBE_FACE_ORDER, EquirectSource, LocalizedText, ModelSource, MultiresSource, Scene, Tour

log = logging.getLogger(__name__)

MAX_TOUR_BYTES = 16 * 1024 * 1024
"""Larger tour files are refused: a real tour is a few kB, and the checks read it whole."""

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif"})

FULL_ASPECT_TOLERANCE = 0.01
"""A full 360x180 panorama may differ from 2:1 by this fraction (8192x4096 +- 40 px)."""

PARTIAL_ASPECT_TOLERANCE = 0.05
"""A partial panorama's width/height may differ from haov/vaov by this fraction before a warning."""

_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_OTHER_UNICODE_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


# -- public API -----------------------------------------------------------------------------------


def load_tour(path: str | os.PathLike) -> Tour:
    """Load and validate a tour file.

    Parameters
    ----------
    path
        The tour's JSON file. Asset paths inside it are relative to its folder.

    Returns
    -------
    Tour
        With absolute, checked asset paths; ``Tour.warnings`` holds any warnings.

    Raises
    ------
    TourError
        With one :class:`Diagnostic` per error, sorted by position.
    """
    checked = _check_tour_file(Path(path), str(path))
    if checked.errors:
        raise TourError(checked.errors)
    _log_warnings(str(path), checked.warnings)
    return build_tour(checked.document, checked.tour_path, checked.assets, tuple(checked.warnings))


def tour_from_image(path: str | os.PathLike) -> Tour:
    """A one-scene tour showing a bare equirectangular image.

    An image that is not 2:1 is shown as a partial panorama: 360 degrees around when it is wider,
    180 degrees high when it is taller (``Tour.warnings`` says so).

    Raises
    ------
    TourError
        When the file is missing or not a readable image.
    """
    checked = _check_image_file(Path(path), str(path))
    if checked.errors:
        raise TourError(checked.errors)
    return checked.tour


def load_tour_or_image(path: str | os.PathLike) -> Tour:
    """Open whatever the user named: a tour file or a bare panorama image.

    Parameters
    ----------
    path
        An image (recognised by its first bytes, else by its extension; see :func:`is_image_file`)
        goes to :func:`tour_from_image`, anything else to :func:`load_tour`.

    Raises
    ------
    TourError
        For a folder, and for whatever the chosen loader refuses.
    """
    path = Path(path)
    if _is(path, Path.is_dir):
        raise TourError(_file_diagnostic(str(path), "is a folder; give the tour's .json file or an image"))
    if path.suffix.lower() in MODEL_FILE_SUFFIXES:
        return tour_from_model(path)
    return tour_from_image(path) if is_image_file(path) else load_tour(path)


MODEL_FILE_SUFFIXES = frozenset({".gltf", ".glb"})


def tour_from_model(path: str | os.PathLike) -> Tour:
    """A one-scene tour showing a bare glTF model (.gltf/.glb) with the framed orbit view.

    Only the file's presence is checked here; reading it is the model loader's job
    (:func:`vtour.io.gltf.load_gltf`), which runs off the UI thread.

    Raises
    ------
    TourError
        When the file is missing or not a regular file.
    """
    path = Path(path)
    if not _is(path, Path.is_file):
        problem = "file not found" if not _is(path, Path.exists) else "not a regular file"
        raise TourError(_file_diagnostic(str(path), problem))
    real = _absolute(path)
    scene = Scene(id="model", source=ModelSource(path=real), title=LocalizedText.of(path.stem))
    return Tour(path=real, scenes=(scene,), first_scene="model", title=LocalizedText.of(path.stem))


def validate_tour_file(path: str | os.PathLike) -> list[Diagnostic]:
    """Every error and warning about a tour file or a bare image.

    Parameters
    ----------
    path
        A tour file or an image, as :func:`load_tour_or_image` would open it. Diagnostics name
        the file exactly as given here.

    Returns
    -------
    list of Diagnostic
        Sorted by line and column (errors before warnings at one position); empty for a clean
        tour. Problems reading the file are diagnostics too: this never raises for a bad file.
    """
    path_obj = Path(path)
    if _is(path_obj, Path.is_dir):
        return [_file_diagnostic(str(path), "is a folder; give the tour's .json file or an image")]
    if is_image_file(path_obj):
        return _check_image_file(path_obj, str(path)).diagnostics
    return _check_tour_file(path_obj, str(path)).diagnostics


def is_image_file(path: Path) -> bool:
    """True when ``path`` starts like a JPEG, PNG, WebP, GIF, TIFF or BMP, or has such a suffix."""
    try:
        if not _is(path, Path.is_file):  # never open a FIFO or device just to sniff it: it could block
            return path.suffix.lower() in IMAGE_SUFFIXES
        with open(path, "rb") as stream:
            head = stream.read(16)
    except (OSError, ValueError):
        return path.suffix.lower() in IMAGE_SUFFIXES
    is_webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return is_webp or head.startswith(_IMAGE_MAGIC) or path.suffix.lower() in IMAGE_SUFFIXES


def _is(path: Path, test) -> bool:
    """``test(path)`` (``Path.is_dir`` ...), False where the OS refuses the name (too long, NUL)."""
    try:
        return test(path)
    except (OSError, ValueError):
        return False


# -- results --------------------------------------------------------------------------------------


@dataclass
class _Checked:
    """What checking one file found; ``document``/``tour`` are set only when there is no error."""

    diagnostics: list[Diagnostic]
    tour_path: Path | None = None
    document: Any = None
    assets: dict[JsonPath, ResolvedAsset] = field(default_factory=dict)
    tour: Tour | None = None

    def __post_init__(self) -> None:
        self.diagnostics.sort(key=lambda d: (d.line, d.column, d.severity is Severity.WARNING, d.message))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


class _Fatal(Exception):
    """A problem that stops checking a file (unreadable, not UTF-8, not JSON)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def _file_diagnostic(shown: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(shown, 1, 1, "$", _one_line(message), severity)


def _one_line(message: str, limit: int = 500) -> str:
    """A message safe for ``file:line:col: ...`` output: control characters escaped, bounded length.

    Messages quote the author's strings, and one line per problem is what editors and CI parse.
    """
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    return text if len(text) <= limit else text[: limit - 3] + "..."



def _log_warnings(shown: str, warnings: list[Diagnostic]) -> None:
    if warnings:
        log.info("%s: %d warning(s); `vtour validate %s` lists them", shown, len(warnings), shown)


# -- tour files -----------------------------------------------------------------------------------


def check_tour_text(text: str, path: str | os.PathLike) -> tuple[Tour | None, list[Diagnostic]]:
    """Validate tour JSON ``text`` as if it were the file ``path`` (assets are resolved against
    its folder): the tour (None when there are errors) and every diagnostic, sorted. The editor's
    live validation: the same messages ``vtour validate`` prints, without writing the file."""
    path = Path(path)
    try:
        checked = _check_parsed(_parse(text, str(path)), path, str(path))
    except _Fatal as fatal:
        checked = _Checked([fatal.diagnostic])
    if checked.errors:
        return None, checked.diagnostics
    tour = build_tour(checked.document, checked.tour_path, checked.assets, tuple(checked.warnings))
    return tour, checked.diagnostics


def _check_tour_file(path: Path, shown: str) -> _Checked:
    try:
        parsed = _parse(_read_text(path, shown), shown)
    except _Fatal as fatal:
        return _Checked([fatal.diagnostic])
    return _check_parsed(parsed, path, shown)


def _check_parsed(parsed: Document, path: Path, shown: str) -> _Checked:
    locate = _Locator(parsed, shown)
    duplicates = [locate.duplicate(duplicate) for duplicate in parsed.duplicates]
    header = header_issues(parsed.value)
    if header:
        return _Checked(duplicates + [locate.diagnostic(issue) for issue in header])
    tour_path = _absolute(path)
    issues = schema_issues(parsed.value) + semantic_issues(parsed.value)
    asset_issues, assets = _check_assets(parsed.value, tour_path.parent)
    checked = _Checked(duplicates + [locate.diagnostic(issue) for issue in issues + asset_issues])
    if not checked.errors:
        checked.tour_path, checked.document, checked.assets = tour_path, parsed.value, assets
    return checked


def _absolute(path: Path) -> Path:
    """The tour file's real location: its assets are relative to the folder it really lives in."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _read_text(path: Path, shown: str) -> str:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise _Fatal(_file_diagnostic(shown, "not a regular file"))
        if info.st_size > MAX_TOUR_BYTES:
            raise _Fatal(_file_diagnostic(shown, f"larger than {MAX_TOUR_BYTES // 2**20} MB: not a tour file"))
        data = path.read_bytes()
    except FileNotFoundError:
        raise _Fatal(_file_diagnostic(shown, "file not found")) from None
    except IsADirectoryError:
        raise _Fatal(_file_diagnostic(shown, "is a folder, not a tour file")) from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise _Fatal(_file_diagnostic(shown, f"cannot read: {reason}")) from None
    return _decode(data, shown)


def _decode(data: bytes, shown: str) -> str:
    for bom, name in _OTHER_UNICODE_BOMS.items():
        if data.startswith(bom):
            raise _Fatal(_file_diagnostic(shown, f"the file is {name} text; save the tour as UTF-8"))
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode("utf-8", errors="replace")
        line, column = offset_to_line_column(line_starts(prefix), len(prefix))
        message = f"invalid UTF-8 (byte 0x{data[exc.start]:02X}); save the tour as UTF-8"
        raise _Fatal(Diagnostic(shown, line, column, "$", message)) from None


def _parse(text: str, shown: str) -> Document:
    try:
        return parse(text)
    except JSONSyntaxError as exc:
        json_path = format_json_path(exc.path)
        raise _Fatal(Diagnostic(shown, exc.line, exc.column, json_path, f"invalid JSON: {exc.message}")) from None


class _Locator:
    """Turns issues (document paths) into diagnostics (file positions)."""

    def __init__(self, parsed: Document, shown: str):
        self.parsed = parsed
        self.shown = shown

    def position(self, path: JsonPath, at_key: bool) -> tuple[int, int]:
        """The key's position if asked and known, else the nearest enclosing value's."""
        if at_key and (found := self.parsed.key_position(path)):
            return found
        for cut in range(len(path), -1, -1):
            if found := self.parsed.value_position(path[:cut]):
                return found
        return 1, 1

    def diagnostic(self, issue: Issue) -> Diagnostic:
        line, column = self.position(issue.path, issue.at_key)
        json_path = format_json_path(issue.path)
        return Diagnostic(self.shown, line, column, json_path, _one_line(issue.message), issue.severity)

    def duplicate(self, duplicate: Duplicate) -> Diagnostic:
        line, column = self.parsed.position(duplicate.offset)
        first_line, first_column = self.parsed.position(duplicate.first_offset)
        key = duplicate.path[-1]
        what = "scene id" if duplicate.path[:-1] == ("scenes",) else "key"
        message = f"duplicate {what} {quote_value(str(key))} (first at line {first_line}, column {first_column})"
        return Diagnostic(self.shown, line, column, format_json_path(duplicate.path), _one_line(message))


# -- assets on disk -------------------------------------------------------------------------------


def _check_assets(document: Any, folder: Path) -> tuple[list[Issue], dict[JsonPath, ResolvedAsset]]:
    """Resolve every acceptable asset path, read its image header, check the shapes."""
    issues: list[Issue] = []
    assets: dict[JsonPath, ResolvedAsset] = {}
    root = _absolute(folder)
    for ref in [*asset_references(document), *file_references(document), *content_references(document)]:
        if path_problem(ref.value, getattr(ref, "folder", False)):
            continue  # semantic_issues reported it; never touch the file system for it
        result = _resolve_asset(ref, folder, root)
        if isinstance(result, Issue):
            issues.append(result)
        else:
            assets[ref.path] = result
    issues.extend(_shape_issues(document, assets))
    issues.extend(_multires_file_issues(document, assets, root))
    issues.extend(media_file_issues(document, assets))
    if site_map := assets.get(("siteMap", "image")):
        issues.extend(site_map_position_issues(document, site_map.size))
    return issues, assets


def _resolve_asset(ref: AssetRef, folder: Path, root: Path) -> ResolvedAsset | Issue:
    shown = quote_value(ref.value)
    try:
        real = folder.joinpath(*PurePosixPath(ref.value).parts).resolve()
        if not real.is_relative_to(root):
            return Issue(ref.path, f"{shown} leaves the tour's folder (through a symbolic link)")
        if getattr(ref, "folder", False):  # a multires tile folder
            if not real.exists():
                return Issue(ref.path, f"{shown}: folder not found")
            if not real.is_dir():
                return Issue(ref.path, f"{shown} is a file, not a folder")
            return ResolvedAsset(real, (0, 0))
        if not real.exists():
            return Issue(ref.path, f"{shown}: file not found")
        if real.is_dir():
            return Issue(ref.path, f"{shown} is a folder, not an image")
        if not real.is_file():  # a FIFO or device would block or never end
            return Issue(ref.path, f"{shown} is not a regular file")
        # Narration audio has no image header to read (FileRef.image False).
        return ResolvedAsset(real, image_size(real) if getattr(ref, "image", True) else (0, 0))
    except ImageError as exc:
        return Issue(ref.path, f"{shown}: {str(exc).removeprefix(f'{real}: ')}")
    except (OSError, RuntimeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc.__class__.__name__
        return Issue(ref.path, f"{shown}: cannot read ({reason})")


def _shape_issues(document: Any, assets: dict[JsonPath, ResolvedAsset]) -> list[Issue]:
    issues = []
    for scene_id, scene in scenes(document).items():
        base = ("scenes", scene_id)
        if scene_kind(scene) == "equirectangular" and (asset := assets.get((*base, "panorama"))):
            issues.extend(_aspect_issues(base, scene, asset.size))
        elif scene_kind(scene) == "cube":
            faces = [(path, asset.size) for path, asset in assets.items() if path[:3] == (*base, "faces")]
            issues.extend(_face_issues(faces))
    return issues


MAX_LEVEL1_TILE_CHECKS = 96
"""Up to this many level-1 tiles are each checked on disk; a larger level 1 (unusual) gets only its
first and last tile per face checked, so validating never stats a whole gigapixel set."""


def _multires_file_issues(document: Any, assets: dict[JsonPath, ResolvedAsset], root: Path) -> list[Issue]:
    """A multires scene's level-1 tiles (always shown, the fallback of every deeper tile) must exist
    inside the tour's folder with the size the settings give; missing fallback faces are a warning."""
    issues = []
    for scene_id, scene in scenes(document).items():
        base = assets.get(("scenes", scene_id, "multires", "basePath"))
        settings = multires_settings(scene) if scene_kind(scene) == "multires" else None
        if base is None or settings is None:
            continue  # the schema, semantic or basePath checks reported why
        source = multires_source(settings, base.path)
        where = ("scenes", scene_id, "multires")
        issue = _level1_tile_issue(source, settings.base_path, where, root)
        if issue is None and settings.fallback_path is not None:
            issue = _fallback_issue(source, settings.base_path, where, root)
        if issue is not None:
            issues.append(issue)
    return issues


def _level1_tiles(source: MultiresSource) -> Iterator[tuple[int, int, int]]:
    """``(face, row, col)`` of the level-1 tiles to check, face by face."""
    count = source.tiles_per_side(1)
    if 6 * count * count <= MAX_LEVEL1_TILE_CHECKS:
        cells = [(row, col) for row in range(count) for col in range(count)]
    else:
        cells = [(0, 0), (count - 1, count - 1)]
    for face in range(len(CUBE_FACE_ORDER)):
        for row, col in cells:
            yield face, row, col


def _shown_tile(source: MultiresSource, file: Path, base_path: str) -> str:
    """A tile file as the author would write it: relative to the tour file."""
    return quote_value(posixpath.normpath(posixpath.join(base_path, file.relative_to(source.base).as_posix())))


def _file_problem(file: Path, root: Path) -> str | None:
    """Why ``file`` cannot be read as a tile of this tour, or None."""
    try:
        real = file.resolve()
        if not real.is_relative_to(root):
            return "leaves the tour's folder (through a symbolic link)"
        if not real.exists():
            return "not found"
        if not real.is_file():
            return "is not a regular file"
    except (OSError, RuntimeError, ValueError) as exc:
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc.__class__.__name__})"
    return None


def _level1_tile_issue(source: MultiresSource, base_path: str, where: JsonPath, root: Path) -> Issue | None:
    """The first level-1 tile that is missing or has the wrong size, as an error."""
    edge = source.level_edge(1)
    for face, row, col in _level1_tiles(source):
        file = source.tile_file(1, face, row, col)
        shown = _shown_tile(source, file, base_path)
        place = f"{CUBE_FACE_ORDER[face]} face, row {row}, column {col}"
        problem = _file_problem(file, root)
        if problem:
            return Issue((*where, "path"), f"level-1 tile {shown} {problem} ({place})")
        if row or col:
            continue  # the size of the first tile of each face is enough to catch wrong settings
        expected = (min(edge, source.tile_resolution),) * 2
        try:
            size = image_size(file)
        except ImageError as exc:
            return Issue((*where, "path"), f"level-1 tile {shown}: {str(exc).removeprefix(f'{file}: ')}")
        if size != expected:
            return Issue((*where, "cubeResolution"), (
                f"level-1 tile {shown} is {size[0]}x{size[1]}, but cubeResolution {source.cube_resolution}, "
                f"maxLevel {source.max_level} and tileResolution {source.tile_resolution} make it "
                f"{expected[0]}x{expected[1]} (a level-1 face of {edge}x{edge})"))
    return None


def _fallback_issue(source: MultiresSource, base_path: str, where: JsonPath, root: Path) -> Issue | None:
    """A warning for the first fallback face that cannot be read."""
    for face in range(len(CUBE_FACE_ORDER)):
        file = source.fallback_file(face)
        if file is not None and (problem := _file_problem(file, root)):
            shown = _shown_tile(source, file, base_path)
            return warning((*where, "fallbackPath"), f"fallback face {shown} {problem} ({CUBE_FACE_ORDER[face]} "
                           "face); vtour shows lower-resolution tiles where a tile is missing")
    return None


def _aspect_issues(base: JsonPath, scene: dict, size: tuple[int, int]) -> list[Issue]:
    width, height = size
    haov, vaov, _ = scene_extents(scene)
    actual, expected = width / height, haov / vaov
    mismatch = abs(actual / expected - 1.0)
    if haov == 360.0 and vaov == 180.0:
        if mismatch <= FULL_ASPECT_TOLERANCE:
            return []
        message = (
            f"a full 360x180 panorama must be 2:1, but this image is {width}x{height}; "
            "if it covers less, give haov and vaov"
        )
        return [Issue((*base, "panorama"), message)]
    if mismatch <= PARTIAL_ASPECT_TOLERANCE:
        return []
    where = (*base, "haov") if "haov" in scene else (*base, "vaov") if "vaov" in scene else (*base, "panorama")
    message = (
        f"the image is {width}x{height} (width/height {actual:.3f}) but haov/vaov is "
        f"{haov:g}/{vaov:g} = {expected:.3f}: the panorama will look stretched"
    )
    return [warning(where, message)]


def _face_issues(faces: list[tuple[JsonPath, tuple[int, int]]]) -> list[Issue]:
    issues = []
    reference = None
    for path, (width, height) in faces:
        if width != height:
            issues.append(Issue(path, f"cube face is {width}x{height}, not square"))
        elif reference is None:
            reference = (path, width)
        elif width != reference[1]:
            first = format_json_path(reference[0][3:]).removeprefix("$")
            message = f"cube face is {width}x{width}, but faces{first} is {reference[1]}x{reference[1]}; all faces must be one size"
            issues.append(Issue(path, message))
    return issues


# -- bare images ----------------------------------------------------------------------------------


def _check_image_file(path: Path, shown: str) -> _Checked:
    if _is(path, Path.exists) and not _is(path, Path.is_file):
        return _Checked([_file_diagnostic(shown, "not a regular file")])
    try:
        width, height = image_size(path)
    except ImageError as exc:
        return _Checked([_file_diagnostic(shown, str(exc).removeprefix(f"{path}: "))])
    haov, vaov, note = bare_image_extents(width, height)
    warnings = [_file_diagnostic(shown, note, Severity.WARNING)] if note else []
    real = _absolute(path)
    source = EquirectSource(path=real, haov=haov, vaov=vaov, size=(width, height))
    scene = Scene(id="panorama", source=source, title=LocalizedText.of(path.stem))
    tour = Tour(path=real, scenes=(scene,), first_scene="panorama", title=LocalizedText.of(path.stem))
    return _Checked(warnings, tour=replace(tour, warnings=tuple(warnings)))


def bare_image_extents(width: int, height: int) -> tuple[float, float, str | None]:
    """``(haov, vaov, note)`` assumed for a bare image of this size; ``note`` explains a guess.

    A 2:1 image is a full panorama. A wider one is taken as 360 degrees around (a cropped sphere),
    a taller one as 180 degrees high: the common outputs of phone panorama modes.
    """
    ratio = width / height
    if abs(ratio / 2.0 - 1.0) <= FULL_ASPECT_TOLERANCE:
        return 360.0, 180.0, None
    if ratio > 2.0:
        haov, vaov = 360.0, 360.0 / ratio
    else:
        haov, vaov = 180.0 * ratio, 180.0
    note = (
        f"the image is {width}x{height}, not 2:1: shown as a partial panorama covering "
        f"{haov:.4g}x{vaov:.4g} degrees (write a tour file to give haov/vaov/vOffset)"
    )
    return haov, vaov, note

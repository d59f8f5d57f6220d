"""Find, name and copy the files a converted tour refers to.

A converter calls :meth:`AssetPlan.file` (or :meth:`AssetPlan.tiles`, :meth:`AssetPlan.generate`)
for every image it meets; the plan resolves the reference against the input file's folder, picks
the file's name inside the tour folder, and records what is missing, with where the input names
it. Nothing is written until :meth:`AssetPlan.execute`, so a conversion that fails or would
overwrite files leaves the disk as it was.

Names inside the tour keep the input's relative layout where they can: ``./img/a.jpg`` stays
``img/a.jpg``; a path that leaves the input's folder (``../images/a.jpg``) loses its ``..`` parts
(``images/a.jpg``), an absolute web path (``/images/a.jpg``) its leading slash; two different files
that would get one name are told apart with ``-2``, ``-3`` ... URLs are never fetched: they are
reported as missing and named after their path.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vtour.interop.findings import JsonPath, Location

_URL = ("http://", "https://", "ftp://", "data:", "blob:", "file:")


@dataclass(frozen=True)
class Missing:
    """An asset the input names but that was not found (or not all of a tile set)."""

    ref: str
    looked_at: str
    location: Location | None
    out_path: JsonPath
    detail: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{where}not found: {self.ref!r}, looked for {self.looked_at}{extra}"


@dataclass
class Job:
    """Files to produce in the tour folder: copy ``source`` to ``dests[0]``, or call ``make``."""

    dests: tuple[str, ...]
    source: Path | None = None
    make: Callable[[Path, Callable[[int], None]], None] | None = None


@dataclass
class AssetPlan:
    """Every file a converted tour needs, where it comes from and what is missing."""

    input_dir: Path
    base: Path | None = None
    jobs: list[Job] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    _owners: dict[str, str] = field(default_factory=dict)

    # -- resolving -----------------------------------------------------------------------------

    def resolve(self, ref: str) -> tuple[Path | None, str]:
        """The local file ``ref`` names (or None) and where it was looked for."""
        if ref.lower().startswith(_URL) or ref.startswith("//"):
            return None, f"{ref} (a URL: vtour copies local files only; download it next to the input)"
        path = urllib.parse.unquote(ref.split("?")[0].split("#")[0]).replace("\\", "/")
        root = self.base or self.input_dir
        candidate = (root / path.lstrip("/")) if path.startswith("/") else (root / path)
        return (candidate if candidate.exists() else None), str(candidate)

    def local_name(self, ref: str, fallback: str = "asset") -> str:
        """The relative name ``ref`` gets inside the tour folder (see the module docstring)."""
        text = ref.replace("\\", "/")
        if text.lower().startswith(_URL) or text.startswith("//"):
            text = urllib.parse.urlsplit(text).path
        text = urllib.parse.unquote(text.split("?")[0].split("#")[0])
        parts = [part for part in posixpath.normpath("/" + text).split("/") if part not in ("", ".", "..")]
        parts = [_safe_part(part) for part in parts]
        return "/".join(part for part in parts if part) or fallback

    def claim(self, name: str, owner: str) -> str:
        """``name``, or ``name-2``... when another source already has it."""
        stem, ext = posixpath.splitext(name)
        candidate, counter = name, 1
        while self._owners.get(candidate, owner) != owner:
            counter += 1
            candidate = f"{stem}-{counter}{ext}"
        self._owners[candidate] = owner
        return candidate

    # -- recording -----------------------------------------------------------------------------

    def file(self, ref: str, location: Location | None, out_path: JsonPath, dest: str | None = None) -> str:
        """Plan to copy the file ``ref``; returns its path inside the tour folder."""
        source, looked = self.resolve(ref)
        owner = str(source.resolve()) if source else f"missing:{ref}"
        name = self.claim(dest or self.local_name(ref), owner)
        if source is None or not source.is_file():
            self.missing.append(Missing(ref, looked, location, out_path,
                                        "" if source is None else "not a file"))
        elif not any(job.dests == (name,) for job in self.jobs):
            self.jobs.append(Job((name,), source=source))
        return name

    def tiles(self, pairs: list[tuple[str, str]], location: Location | None, out_path: JsonPath,
              ref: str) -> int:
        """Plan to copy a tile set ``ref`` (as the input names it): ``(source path relative to the
        input, dest in the tour)`` pairs.

        Missing files are reported once for the set (how many, and the first few). Returns the
        number found.
        """
        absent = []
        for source_ref, dest in pairs:
            source, _ = self.resolve(source_ref)
            if source is None or not source.is_file():
                absent.append(source_ref)
                continue
            self._owners[dest] = str(source)
            self.jobs.append(Job((dest,), source=source))
        if absent:
            examples = ", ".join(absent[:3])
            self.missing.append(Missing(ref, self.resolve(ref)[1], location, out_path,
                                        f"{len(absent)} of {len(pairs)} tiles missing, e.g. {examples}"))
        return len(pairs) - len(absent)

    def generate(self, dests: list[str], make: Callable[[Path, Callable[[int], None]], None]) -> None:
        """Plan files made by ``make(out_dir, progress)`` (cut faces, converted tiles)."""
        for dest in dests:
            self._owners[dest] = "generated"
        self.jobs.append(Job(tuple(dests), make=make))

    # -- executing -----------------------------------------------------------------------------

    @property
    def dest_count(self) -> int:
        return sum(len(job.dests) for job in self.jobs)

    def existing(self, out_dir: Path) -> list[Path]:
        """Destination files that already exist (to refuse overwriting without --force)."""
        return [out_dir / dest for job in self.jobs for dest in job.dests if (out_dir / dest).exists()]

    def execute(self, out_dir: Path, progress: Callable[[int, int], None] | None = None) -> int:
        """Copy and make every planned file; ``progress(done, total)`` after each. Returns files written."""
        total = self.dest_count
        done = 0

        def step(count: int = 1) -> None:
            nonlocal done
            done += count
            if progress:
                progress(done, total)

        for job in self.jobs:
            if job.make is not None:
                job.make(out_dir, step)
            else:
                _copy(job.source, out_dir / job.dests[0])
                step()
        return done


def _safe_part(part: str) -> str:
    """A path component without characters vtour refuses in asset paths (backslash, controls, ':')."""
    cleaned = "".join("_" if (ord(c) < 32 or c in '\\:*?"<>|') else c for c in part)
    return cleaned.strip(" ")


def _copy(source: Path, dest: Path) -> None:
    """Copy through a temporary name, so an interrupted import leaves no half file under ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

"""Content updates for a running kiosk: a new tour version is validated before it is used.

A curator drops a new version of the tour into the kiosk's update folder (or next to the running
tour), as ``<folder>/<name>/tour.json`` with its assets, or as ``<folder>/tour.json``. The kiosk
calls :meth:`TourUpdates.check` at each idle reset: a candidate that changed since it was last
looked at is validated exactly as ``vtour validate`` does (:func:`~vtour.io.tourfile.validate_tour_file`),
and only a tour without errors is returned, for the window to switch to in one step (the old
tour stays on screen until then). A candidate with errors is refused and every message logged;
it is looked at again only after its file changes, so a version still being copied (half a
file, missing images) is refused until the copy is complete and then accepted.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from vtour.io.tourfile import validate_tour_file
from vtour.model.errors import Severity

log = logging.getLogger(__name__)

TOUR_FILE_NAME = "tour.json"


@dataclass(frozen=True)
class Stamp:
    """What identifies a version of a tour file: size and modification time (ns)."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return cls(info.st_size, info.st_mtime_ns)


@dataclass
class TourUpdates:
    """Watches ``folder`` (default: the running tour's parent's parent, where sibling versions
    live) for tour versions newer than the running one ``current``."""

    current: Path
    folder: Path | None = None
    refused: dict[Path, Stamp] = field(default_factory=dict)  # candidates with errors, as last seen
    messages: list[str] = field(default_factory=list)  # the last refusal's messages (for the log view)

    def __post_init__(self) -> None:
        self.current = Path(self.current).resolve()
        self.folder = Path(self.folder).resolve() if self.folder is not None else self.current.parent.parent
        self._current_stamp = Stamp.of(self.current)

    def candidates(self) -> list[Path]:
        """Tour files in the folder other than the running one, newest first."""
        found = [self.folder / TOUR_FILE_NAME] + sorted(self.folder.glob(f"*/{TOUR_FILE_NAME}"))
        paths = [p.resolve() for p in found if p.is_file() and p.resolve() != self.current]
        stamped = [(Stamp.of(p), p) for p in paths]
        newer = [(s, p) for s, p in stamped if s is not None and self._is_newer(s)]
        return [p for s, p in sorted(newer, key=lambda sp: sp[0].mtime_ns, reverse=True)]

    def check(self) -> Path | None:
        """The newest valid new version, or None; refused versions are logged once per change."""
        for path in self.candidates():
            stamp = Stamp.of(path)
            if stamp is None or self.refused.get(path) == stamp:
                continue
            errors = [d for d in validate_tour_file(path) if d.severity is Severity.ERROR]
            if not errors:
                log.info("tour update accepted: %s", path)
                return path
            self.refused[path] = stamp
            self.messages = [str(d) for d in errors]
            log.error("tour update refused, %d error(s); the running tour keeps going:\n%s",
                      len(errors), "\n".join(self.messages))
        return None

    def switched_to(self, path: Path) -> None:
        """The window now runs ``path``: later checks compare against it."""
        self.current = Path(path).resolve()
        self._current_stamp = Stamp.of(self.current)

    def _is_newer(self, stamp: Stamp) -> bool:
        return self._current_stamp is None or stamp.mtime_ns > self._current_stamp.mtime_ns

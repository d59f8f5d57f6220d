"""Local, crash-safe visit analytics for museum kiosks.

A kiosk is switched off at the wall, loses power and gets killed by the watchdog, so every event is
its own committed SQLite transaction in WAL mode with ``synchronous=FULL``: once :meth:`VisitLog.record`
returns, the event survives a ``kill -9`` or a power cut. Analytics must never take the kiosk down:
a corrupt or unreadable database is moved aside (kept for inspection) and a fresh one started, and a
failed write is logged and dropped rather than raised into the viewer.

Events are rows ``(time, session, kind, value)``. A session is opened by a ``start`` event (value:
the language) and closed by an ``end`` event (value: the reason, ``idle``, ``exit``...); in between
come ``language``, ``scene``, ``hotspot`` and ``guided_complete`` events.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import statistics
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

log = logging.getLogger("vtour.kiosk.analytics")

SCHEMA_VERSION = 1
"""Stored in ``PRAGMA user_version``; a file from a newer vtour is moved aside, not misread."""

START = "start"
END = "end"
KINDS = frozenset({"language", "scene", "hotspot", "guided_complete"})
"""Kinds accepted by :meth:`VisitLog.record`; ``start``/``end`` are written by the session methods."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    time REAL NOT NULL,
    session TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_session_time ON events(session, time);
"""

CSV_HEADER = ("time", "session", "kind", "value")

Clock = Callable[[], float]
TimeBound = float | datetime | None


class VisitLog:
    """Append-only event log in a SQLite file, one committed transaction per event.

    One writer (the kiosk window) is expected; the connection may be used from any thread
    (``check_same_thread=False``) and a lock serialises the calls, which is enough for a UI thread
    plus a timer thread ending idle sessions.
    """

    def __init__(self, path: str | os.PathLike[str], clock: Clock = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self._conn = self._open()

    # -- opening -------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """Open (creating or migrating) the database; move a bad file aside instead of failing."""
        try:
            return self._connect()
        except (sqlite3.DatabaseError, _SchemaTooNew) as error:
            log.error("analytics database %s is unreadable (%s); moving it aside", self.path, error)
        try:
            self._move_aside()
            return self._connect()
        except (OSError, sqlite3.Error, _SchemaTooNew) as error:
            # The folder itself is unusable (read-only disk...): keep the kiosk running, lose analytics.
            log.error("cannot start a new analytics database at %s (%s); events kept in memory only",
                      self.path, error)
            return self._connect(":memory:")

    def _connect(self, target: str | None = None) -> sqlite3.Connection:
        conn = sqlite3.connect(target or str(self.path), check_same_thread=False, timeout=5.0)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            # A damaged page would otherwise surface later, in the middle of a visit.
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check[0] if check else '?'}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _SchemaTooNew(f"schema version {version} is newer than {SCHEMA_VERSION}")
            if version < SCHEMA_VERSION:
                with conn:
                    conn.executescript(_SCHEMA)
                    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                log.debug("analytics database %s at schema version %d", self.path, SCHEMA_VERSION)
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self) -> None:
        """Rename the file (and its WAL/SHM sidecars) to ``<name>.corrupt-<UTC timestamp>``."""
        stamp = datetime.fromtimestamp(self._clock(), timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        if self.path.exists():
            os.replace(self.path, target)
            log.warning("moved unreadable analytics database %s to %s", self.path, target)
        for suffix in ("-wal", "-shm"):
            sidecar = self.path.with_name(self.path.name + suffix)
            if sidecar.exists():
                # A stale WAL must not be replayed into the fresh database.
                os.replace(sidecar, target.with_name(target.name + suffix))

    # -- writing -------------------------------------------------------------------------------

    def start_session(self, language: str) -> str:
        """Open a visit in ``language``; returns its id (uuid4 hex) for the later calls."""
        session = uuid.uuid4().hex
        self._insert(session, START, language)
        return session

    def end_session(self, session: str, reason: str) -> None:
        """Close a visit: ``reason`` is why (``idle`` timeout, ``exit``, ...)."""
        self._insert(session, END, reason)

    def record(self, session: str, kind: str, value: str) -> None:
        """Record one event of ``kind`` (see :data:`KINDS`); committed before returning."""
        if kind not in KINDS:
            raise ValueError(f"unknown analytics event kind {kind!r} (expected one of {sorted(KINDS)})")
        self._insert(session, kind, value)

    def _insert(self, session: str, kind: str, value: str) -> None:
        with self._lock:
            try:
                with self._conn:  # one transaction per event: commit (and fsync) or roll back
                    self._conn.execute(
                        "INSERT INTO events(time, session, kind, value) VALUES (?, ?, ?, ?)",
                        (float(self._clock()), session, kind, str(value)),
                    )
            except sqlite3.Error:
                # Losing one analytics event is better than crashing a kiosk in front of visitors.
                log.exception("could not record %s event in %s", kind, self.path)

    def close(self) -> None:
        """Close the connection (committed events are already on disk)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> VisitLog:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class _SchemaTooNew(Exception):
    """The file was written by a newer vtour; treated like an unreadable file."""


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What a museum wants to know about the visits in a period.

    Durations are in seconds. A session with no ``end`` event (power cut, crash) lasts until its
    last event. ``by_language`` counts each session once, under the last language chosen in it.
    """

    sessions: int = 0
    total_duration: float = 0.0
    median_duration: float = 0.0
    by_language: dict[str, int] = field(default_factory=dict)
    top_scenes: list[tuple[str, int]] = field(default_factory=list)
    top_hotspots: list[tuple[str, int]] = field(default_factory=list)
    guided_completions: int = 0
    events: int = 0


@dataclass
class _Session:
    start: float
    last: float
    end: float | None = None
    language: str = ""
    rows: list[tuple[float, str, str, str]] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return max(0.0, (self.end if self.end is not None else self.last) - self.start)


def _timestamp(bound: TimeBound) -> float | None:
    if bound is None or isinstance(bound, (int, float)):
        return bound
    if bound.tzinfo is None:
        bound = bound.replace(tzinfo=timezone.utc)
    return bound.timestamp()


def _read_only(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """Open for reading without creating a file: a typo in a report path must not leave a new DB."""
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise FileNotFoundError(f"no analytics database at {path}")
    return sqlite3.connect(f"{resolved.as_uri()}?mode=ro", uri=True)


def _sessions(path: str | os.PathLike[str], since: TimeBound, until: TimeBound) -> list[_Session]:
    """Sessions that *started* in ``[since, until)``, with all their events (even past ``until``),
    so a visit spanning the boundary is counted once, whole, in the period it began."""
    low, high = _timestamp(since), _timestamp(until)
    conn = _read_only(path)
    try:
        rows = conn.execute("SELECT time, session, kind, value FROM events ORDER BY time, id").fetchall()
    finally:
        conn.close()
    sessions: dict[str, _Session] = {}
    for row in rows:
        moment, session_id, kind, value = row
        session = sessions.get(session_id)
        if session is None:
            session = sessions[session_id] = _Session(start=moment, last=moment)
        session.rows.append(row)
        session.last = max(session.last, moment)
        if kind == START:
            session.start = min(session.start, moment)
            session.language = session.language or value
        elif kind == "language":
            session.language = value
        elif kind == END:
            session.end = moment
    return [
        s for s in sessions.values()
        if (low is None or s.start >= low) and (high is None or s.start < high)
    ]


def summarize(
    path: str | os.PathLike[str], since: TimeBound = None, until: TimeBound = None, top: int = 10
) -> Summary:
    """Summarise the sessions that started in ``[since, until)`` (epoch seconds or datetimes,
    naive ones taken as UTC). Raises ``FileNotFoundError`` or ``sqlite3.Error`` for a bad file."""
    sessions = _sessions(path, since, until)
    if not sessions:
        return Summary()
    durations = [s.duration for s in sessions]
    scenes: Counter[str] = Counter()
    hotspots: Counter[str] = Counter()
    completions = 0
    for session in sessions:
        for _, _, kind, value in session.rows:
            if kind == "scene":
                scenes[value] += 1
            elif kind == "hotspot":
                hotspots[value] += 1
            elif kind == "guided_complete":
                completions += 1
    languages = Counter(s.language for s in sessions)
    return Summary(
        sessions=len(sessions),
        total_duration=sum(durations),
        median_duration=float(statistics.median(durations)),
        by_language=dict(sorted(languages.items(), key=lambda item: (-item[1], item[0]))),
        top_scenes=_top(scenes, top),
        top_hotspots=_top(hotspots, top),
        guided_completions=completions,
        events=sum(len(s.rows) for s in sessions),
    )


def _top(counter: Counter[str], count: int) -> list[tuple[str, int]]:
    """Most frequent first, ties by name so reports are stable from run to run."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:count]


def iso_utc(moment: float) -> str:
    """Epoch seconds as ISO 8601 UTC, the form spreadsheets and other sites read unambiguously."""
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="milliseconds")


def _events(
    path: str | os.PathLike[str], since: TimeBound, until: TimeBound
) -> Iterator[tuple[float, str, str, str]]:
    rows = [row for session in _sessions(path, since, until) for row in session.rows]
    rows.sort(key=lambda row: row[0])
    return iter(rows)


def export_csv(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str] | IO[str],
    since: TimeBound = None,
    until: TimeBound = None,
) -> int:
    """Write one CSV row per event (``time,session,kind,value``, time in ISO 8601 UTC) to ``out``
    (a path or an open text file); same session selection as :func:`summarize`. Returns the rows."""
    rows = _events(path, since, until)
    if isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8", newline="") as handle:
            return _write_csv(rows, handle)
    return _write_csv(rows, out)


def _write_csv(rows: Iterator[tuple[float, str, str, str]], handle: IO[str]) -> int:
    writer = csv.writer(handle)
    writer.writerow(CSV_HEADER)
    count = 0
    for moment, session, kind, value in rows:
        writer.writerow((iso_utc(moment), session, kind, value))
        count += 1
    return count

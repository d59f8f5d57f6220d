"""Kiosk visit analytics: summaries, CSV export, crash safety, corrupt files and ``vtour report``."""

from __future__ import annotations

import argparse
import csv
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from vtour.commands import report
from vtour.kiosk.analytics import SCHEMA_VERSION, Summary, VisitLog, export_csv, summarize

REPO = Path(__file__).resolve().parents[2]
DAY1 = datetime(2024, 5, 1, 10, tzinfo=timezone.utc).timestamp()
DAY2 = datetime(2024, 5, 2, 10, tzinfo=timezone.utc).timestamp()


class FakeClock:
    """Deterministic time so durations and medians are exact."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _populate(path: Path) -> None:
    """Three sessions: two on day 1 (one ended, one cut off), one on day 2."""
    clock = FakeClock(DAY1)
    with VisitLog(path, clock=clock) as visits:
        a = visits.start_session("en")
        clock.now += 10
        visits.record(a, "scene", "hall")
        clock.now += 10
        visits.record(a, "hotspot", "stele")
        visits.record(a, "scene", "court")
        clock.now += 40
        visits.record(a, "guided_complete", "highlights")
        visits.end_session(a, "idle")  # 60 s

        clock.now += 100
        b = visits.start_session("en")
        visits.record(b, "language", "zh")
        clock.now += 30
        visits.record(b, "scene", "hall")
        visits.record(b, "hotspot", "stele")
        visits.record(b, "hotspot", "mural")  # no end: lasts until here, 30 s

        clock.now = DAY2
        c = visits.start_session("fr")
        clock.now += 120
        visits.record(c, "scene", "hall")
        visits.record(c, "guided_complete", "highlights")
        visits.end_session(c, "exit")  # 120 s


def test_summarize_numbers(tmp_path):
    path = tmp_path / "a.sqlite3"
    _populate(path)
    summary = summarize(path)
    assert summary.sessions == 3
    assert summary.total_duration == pytest.approx(210)
    assert summary.median_duration == pytest.approx(60)
    assert summary.by_language == {"en": 1, "fr": 1, "zh": 1}
    assert summary.top_scenes == [("hall", 3), ("court", 1)]
    assert summary.top_hotspots == [("stele", 2), ("mural", 1)]
    assert summary.guided_completions == 2
    assert summary.events == 15


def test_summarize_since_until(tmp_path):
    path = tmp_path / "a.sqlite3"
    _populate(path)
    day2 = datetime(2024, 5, 2, tzinfo=timezone.utc)
    later = summarize(path, since=day2)
    assert (later.sessions, later.by_language, later.guided_completions) == (1, {"fr": 1}, 1)
    earlier = summarize(path, until=day2.timestamp())
    assert (earlier.sessions, earlier.total_duration, earlier.median_duration) == (2, 90, 45)
    assert summarize(path, since=DAY2 + 1) == Summary()


def test_schema_and_pragmas(tmp_path):
    path = tmp_path / "a.sqlite3"
    VisitLog(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_record_rejects_unknown_kind(tmp_path):
    with VisitLog(tmp_path / "a.sqlite3") as visits, pytest.raises(ValueError):
        visits.record(visits.start_session("en"), "bogus", "x")


def test_export_csv_round_trip(tmp_path):
    path = tmp_path / "a.sqlite3"
    _populate(path)
    out = tmp_path / "events.csv"
    assert export_csv(path, out) == 15
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 15
    assert rows[0]["kind"] == "start" and rows[0]["value"] == "en"
    assert rows[0]["time"] == "2024-05-01T10:00:00.000+00:00"
    assert datetime.fromisoformat(rows[-1]["time"]).timestamp() == DAY2 + 120
    assert [r["kind"] for r in rows[-3:]] == ["scene", "guided_complete", "end"]
    assert len({r["session"] for r in rows}) == 3


CHILD = textwrap.dedent(
    """
    import sys
    from vtour.kiosk.analytics import VisitLog
    visits = VisitLog(sys.argv[1])
    session = visits.start_session("en")
    for index in range(200):
        visits.record(session, "scene", str(index))
        sys.stdout.write(f"{index}\\n")
        sys.stdout.flush()
    """
)


def test_survives_sigkill(tmp_path):
    path = tmp_path / "crash.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True, cwd=REPO, env=env
    )
    printed = []
    try:
        while len(printed) < 50:
            line = child.stdout.readline()
            assert line, "child exited early"
            printed.append(int(line))
        child.send_signal(signal.SIGKILL)
        printed += [int(line) for line in child.stdout.read().split()]  # already-buffered lines
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {int(v) for (v,) in conn.execute("SELECT value FROM events WHERE kind = 'scene'")}
    conn.close()
    assert set(printed) <= stored
    with VisitLog(path) as visits:  # reopens without moving anything aside
        visits.record(visits.start_session("en"), "scene", "after")
    assert summarize(path).top_scenes[0][1] == 1
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_corrupt_file_moved_aside(tmp_path, caplog):
    path = tmp_path / "a.sqlite3"
    garbage = os.urandom(4096)
    path.write_bytes(garbage)
    with VisitLog(path, clock=FakeClock(DAY1)) as visits:
        visits.record(visits.start_session("de"), "scene", "hall")
    aside = tmp_path / "a.sqlite3.corrupt-20240501T100000Z"
    assert aside.read_bytes() == garbage
    assert "moving it aside" in caplog.text
    assert summarize(path).by_language == {"de": 1}


def _args(**kwargs) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    report.add_parser(parser.add_subparsers())
    argv = ["report", str(kwargs.pop("database"))]
    for name, value in kwargs.items():
        argv += [f"--{name}", str(value)]
    return parser.parse_args(argv)


def test_report_prints_table_and_writes_csv(tmp_path, capsys):
    path = tmp_path / "a.sqlite3"
    _populate(path)
    out = tmp_path / "may.csv"
    assert report.run(_args(database=path, csv=out, until="2024-05-01")) == 0
    text = capsys.readouterr().out
    assert "sessions" in text and "hall" in text and "stele" in text
    assert "1m 30s" in text and "0m 45s" in text  # total 60 + 30 s, median 45 s
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 11 and {r["value"] for r in rows if r["kind"] == "start"} == {"en"}
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_report_missing_file(tmp_path, caplog):
    missing = tmp_path / "nope.sqlite3"
    assert report.run(_args(database=missing)) == 1
    assert str(missing) in caplog.text
    assert not missing.exists()


def test_report_bad_date_is_usage_error(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        _args(database=tmp_path / "a.sqlite3", since="May 1st")
    assert exit_info.value.code == 2

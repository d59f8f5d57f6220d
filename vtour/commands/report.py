"""``vtour report ANALYTICS.sqlite3``: summarise a kiosk's visit analytics, optionally export CSV.

The summary table goes to stdout (for the person at the terminal, or a mail cron job); the CSV is
for the museum's own spreadsheets and is written atomically so a half-written export never
replaces a good one. Dates are UTC days, like the CSV's timestamps; ``--until`` is inclusive.
Exit status: 0 done, 1 missing or unreadable database, 2 usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from vtour.kiosk.analytics import Summary, export_csv, summarize

log = logging.getLogger("vtour.report")

EPILOG = """\
examples:
  vtour report /var/lib/vtour/analytics.sqlite3
  vtour report analytics.sqlite3 --since 2024-05-01 --until 2024-05-31 --csv may.csv

Sessions are counted in the UTC day they started; --since and --until are inclusive days.
exit status: 0 done, 1 missing or unreadable database, 2 usage error.
"""


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``report`` and its arguments; sets ``func`` to :func:`run`."""
    parser = subparsers.add_parser(
        "report",
        help="summarise kiosk visit analytics and export them as CSV",
        description="Print a summary of a kiosk's visit analytics: sessions, durations, languages, "
        "most visited scenes and hotspots, guided tour completions.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("database", metavar="ANALYTICS.sqlite3", help="the kiosk's analytics database")
    parser.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="first day (UTC) to include")
    parser.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="last day (UTC) to include")
    parser.add_argument("--csv", metavar="OUT.csv", help="also write every event to this CSV file")
    parser.set_defaults(func=run)
    return parser


def _day(text: str) -> date:
    """argparse type: a clear usage error (exit 2) beats a confusing traceback for a bad date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """Inclusive UTC days to the half-open ``[since, until)`` interval :func:`summarize` takes."""
    low = datetime(since.year, since.month, since.day, tzinfo=timezone.utc) if since else None
    high = (
        datetime(until.year, until.month, until.day, tzinfo=timezone.utc) + timedelta(days=1)
        if until
        else None
    )
    return low, high


def run(args: argparse.Namespace) -> int:
    """Summarise ``args.database`` (and export ``args.csv``); return the exit status."""
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since and until and since > until:
        log.error("--since %s is after --until %s", since, until)
        return 2
    low, high = _bounds(since, until)
    database = Path(args.database)
    if not database.is_file():
        log.error("%s: no such analytics database", database)
        return 1
    try:
        summary = summarize(database, low, high)
    except (OSError, sqlite3.Error) as error:
        log.error("%s: cannot read analytics database: %s", database, error)
        return 1
    sys.stdout.write(format_summary(summary, since, until))
    sys.stdout.flush()
    out = getattr(args, "csv", None)
    if out:
        try:
            rows = _export_atomically(database, Path(out), low, high)
        except (OSError, sqlite3.Error) as error:
            log.error("%s: cannot export CSV to %s: %s", database, out, error)
            return 1
        log.info("wrote %d events to %s", rows, out)
    return 0


def _export_atomically(database: Path, out: Path, low: datetime | None, high: datetime | None) -> int:
    """Write to a temp file beside ``out`` then ``os.replace``: readers see old or new, never half."""
    folder = out.parent if str(out.parent) else Path(".")
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=folder, prefix=f".{out.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            rows = export_csv(database, handle, low, high)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, out)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return rows


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


def format_summary(summary: Summary, since: date | None = None, until: date | None = None) -> str:
    """The summary as a plain-text table, readable in a terminal or an e-mail."""
    period = f"{since or 'start'} .. {until or 'now'}"
    lines = [
        f"Visits {period} (UTC)",
        "",
        f"{'sessions':<22} {summary.sessions:>9}",
        f"{'total duration':<22} {_duration(summary.total_duration):>9}",
        f"{'median duration':<22} {_duration(summary.median_duration):>9}",
        f"{'guided completions':<22} {summary.guided_completions:>9}",
        f"{'events':<22} {summary.events:>9}",
    ]
    sections = (
        ("language", "sessions", list(summary.by_language.items())),
        ("scene", "visits", summary.top_scenes),
        ("hotspot", "opens", summary.top_hotspots),
    )
    for title, unit, items in sections:
        lines += ["", f"{title:<22} {unit:>9}", "-" * 32]
        lines += [f"{name or '(none)':<22} {count:>9}" for name, count in items] or ["(none)"]
    return "\n".join(lines) + "\n"

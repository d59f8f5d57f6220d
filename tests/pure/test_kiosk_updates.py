"""Kiosk content updates: a new tour version is validated first; invalid ones are refused and logged."""

from __future__ import annotations

import os
import shutil

from vtour.kiosk.updates import TourUpdates
from vtour.resources import demo_tour_path


def install(tmp_path, name, age_ns=0):
    folder = tmp_path / name
    shutil.copytree(demo_tour_path().parent, folder)
    path = folder / "tour.json"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - age_ns))
    return path


def bump(path, seconds=10):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 10**9))


def test_a_valid_newer_version_is_offered_and_an_older_one_is_not(tmp_path):
    running = install(tmp_path, "v1")
    updates = TourUpdates(running)
    assert updates.check() is None  # nothing else there
    older = install(tmp_path, "v0", age_ns=10**12)
    assert updates.check() is None and older not in updates.candidates()
    newer = install(tmp_path, "v2")
    bump(newer)
    assert updates.check() == newer.resolve()
    updates.switched_to(newer)
    assert updates.check() is None


def test_an_invalid_version_is_refused_logged_once_and_retried_when_it_changes(tmp_path, caplog):
    running = install(tmp_path, "v1")
    updates = TourUpdates(running)
    broken = install(tmp_path, "v2")
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text[: len(text) // 2], encoding="utf-8")  # half copied
    bump(broken)
    assert updates.check() is None
    assert "tour update refused" in caplog.text and updates.messages
    assert str(broken) in updates.messages[0] or "tour.json" in updates.messages[0]
    caplog.clear()
    assert updates.check() is None and "refused" not in caplog.text  # not re-validated while unchanged
    broken.write_text(text, encoding="utf-8")  # the copy completes
    bump(broken, 20)
    assert updates.check() == broken.resolve()


def test_a_missing_image_refuses_the_version(tmp_path):
    running = install(tmp_path, "v1")
    candidate = install(tmp_path, "v2")
    (candidate.parent / "terrace.jpg").unlink()
    bump(candidate)
    updates = TourUpdates(running)
    assert updates.check() is None
    assert any("terrace.jpg" in message for message in updates.messages)


def test_a_configured_update_folder(tmp_path):
    running = install(tmp_path / "live", "current")
    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copytree(demo_tour_path().parent, drop, dirs_exist_ok=True)
    bump(drop / "tour.json")
    assert TourUpdates(running, drop).check() == (drop / "tour.json").resolve()

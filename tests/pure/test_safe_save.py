"""Atomic saves, autosave recovery and external-change detection for the curator's tour files.

The core promise under test: whatever happens during a save (an error, the process killed at any
step), ``tour.json`` is afterwards the complete old or the complete new document, never a mix,
never missing, and no temporary file is left once the error is handled.
"""

from __future__ import annotations

import errno
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vtour.io import safe_save
from vtour.io.safe_save import (
    STEPS,
    ConflictError,
    Fingerprint,
    SaveError,
    backup_path,
    changed_on_disk,
    discard_recovery,
    read_recovery,
    recovery_path,
    remove_stale_temps,
    save_atomically,
    write_recovery,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
OLDER = json.dumps({"version": 1, "title": "older"}, indent=2)
OLD = json.dumps({"version": 1, "title": "old", "scenes": {"hall": {"panorama": "p.jpg"}}},
                 indent=2)
NEW = json.dumps({"version": 1, "title": "new — 新", "scenes": {"nave": {"panorama": "n.jpg"}}},
                 indent=2, ensure_ascii=False)
POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits / symlinks")


@pytest.fixture
def tour(tmp_path: Path) -> Path:
    """``tour.json`` holding OLD, saved once over OLDER so a ``.bak`` (OLDER) already exists."""
    path = tmp_path / "tour.json"
    path.write_text(OLDER, encoding="utf-8")
    save_atomically(path, OLD)
    return path


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class PowerLoss(BaseException):
    """Not an OSError (nor even an Exception): must pass through untouched, like Ctrl+C."""


def _raiser(exc: BaseException):
    def hook():
        raise exc

    return hook


# --- successful saves ---------------------------------------------------------------------------


def test_save_replaces_content_and_keeps_previous_version_as_bak(tour):
    assert _text(tour) == OLD and _text(backup_path(tour)) == OLDER
    save_atomically(tour, NEW)
    assert _text(tour) == NEW
    assert _text(tour.with_name("tour.json.bak")) == OLD
    assert _temps(tour.parent) == []


def test_first_save_creates_file_without_backup(tmp_path):
    path = tmp_path / "tour.json"
    save_atomically(path, NEW)
    assert json.loads(_text(path))["title"] == "new — 新"
    assert not backup_path(path).exists()
    assert _temps(tmp_path) == []


def test_backup_false_leaves_bak_alone(tour):
    save_atomically(tour, NEW, backup=False)
    assert _text(tour) == NEW and _text(backup_path(tour)) == OLDER


def test_text_is_written_byte_for_byte_as_utf8(tmp_path):
    path = tmp_path / "tour.json"
    save_atomically(path, "a\nb\r\nč")
    assert path.read_bytes() == "a\nb\r\nč".encode()


def test_hooks_run_in_documented_order_on_dict_or_object(tmp_path):
    calls: list[str] = []

    class Recorder:
        def __getattr__(self, step):
            return lambda: calls.append(step)

    path = tmp_path / "tour.json"
    save_atomically(path, OLD, hooks=Recorder())
    save_atomically(path, NEW, hooks={step: (lambda s=step: calls.append(s)) for step in STEPS})
    assert calls == list(STEPS) * 2


def test_backup_falls_back_to_a_copy_without_hard_links(tour, monkeypatch):
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    save_atomically(tour, NEW)
    assert _text(tour) == NEW and _text(backup_path(tour)) == OLD
    assert _temps(tour.parent) == []


@POSIX_ONLY
@pytest.mark.parametrize("mode", [0o640, 0o600, 0o604, 0o664])
def test_permission_bits_survive_a_save(tour, mode):
    os.chmod(tour, mode)
    save_atomically(tour, NEW)
    assert tour.stat().st_mode & 0o7777 == mode
    assert backup_path(tour).stat().st_mode & 0o7777 == mode


@POSIX_ONLY
def test_symlinked_tour_keeps_its_link_and_replaces_the_real_file(tmp_path):
    real = tmp_path / "real.json"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "tour.json"
    link.symlink_to(real)
    save_atomically(link, NEW)
    assert link.is_symlink() and _text(real) == NEW
    assert _text(backup_path(real)) == OLD


# --- interrupted saves: exceptions --------------------------------------------------------------


def _expected_after_interrupt(step: str) -> tuple[str, str]:
    """(content of tour.json, content of tour.json.bak) after a save of NEW stopped at ``step``."""
    replaced = step == "replaced"
    backed_up = STEPS.index(step) >= STEPS.index("backed_up")
    return (NEW if replaced else OLD), (OLD if backed_up else OLDER)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("failure", ["oserror", "powerloss"])
def test_save_interrupted_at_each_step_leaves_old_or_new_and_no_temp(tour, step, failure):
    exc = OSError(errno.EIO, "Input/output error") if failure == "oserror" else PowerLoss()
    expected_error = SaveError if failure == "oserror" else PowerLoss
    with pytest.raises(expected_error) as info:
        save_atomically(tour, NEW, hooks={step: _raiser(exc)})
    if failure == "oserror":
        assert str(tour) in str(info.value) and info.value.path == tour
        assert info.value.errno == errno.EIO
    content, bak = _expected_after_interrupt(step)
    assert _text(tour) == content
    json.loads(_text(tour))
    assert _text(backup_path(tour)) == bak
    assert _temps(tour.parent) == []


# --- interrupted saves: the process dies --------------------------------------------------------

_CRASH_AT_STEP = """
import os, sys
from pathlib import Path
from vtour.io.safe_save import save_atomically
path, step, text = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
save_atomically(path, text, hooks={step: lambda: os._exit(9)})
os._exit(0)
"""


@pytest.mark.parametrize("step", STEPS)
def test_process_killed_at_each_step_leaves_old_or_new(tour, step):
    """A real crash: no ``finally`` runs, no temp cleanup, the process just stops at ``step``."""
    done = subprocess.run(
        [sys.executable, "-c", _CRASH_AT_STEP, str(tour), step, NEW],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 9, done.stderr
    content, bak = _expected_after_interrupt(step)
    assert _text(tour) == content
    json.loads(_text(tour))
    assert _text(backup_path(tour)) == bak
    # A crash before the rename leaves its temporary file; opening the tour clears it.
    assert bool(_temps(tour.parent)) == (step != "replaced")
    remove_stale_temps(tour)
    assert _temps(tour.parent) == []
    assert _text(tour) == content and _text(backup_path(tour)) == bak


_SAVE_FOREVER = """
import sys
from pathlib import Path
from vtour.io.safe_save import save_atomically
path = Path(sys.argv[1])
texts = [Path(name).read_text(encoding="utf-8") for name in sys.argv[2:]]
i = 0
while True:
    save_atomically(path, texts[i % 2])
    if i == 0:
        print("saving", flush=True)
    i += 1
"""


def _big_tour(label: str) -> str:
    scenes = {f"s{i}": {"panorama": f"{label}{i}.jpg", "title": label * 20} for i in range(1500)}
    return json.dumps({"version": 1, "title": label, "scenes": scenes}, indent=2)


def test_process_killed_at_random_moments_leaves_a_whole_document(tmp_path):
    """SIGKILL (TerminateProcess on Windows) mid-loop, wherever it lands: always A or B, whole."""
    path = tmp_path / "tour.json"
    texts = [_big_tour("a"), _big_tour("b")]
    path.write_text(texts[0], encoding="utf-8")
    sources = [tmp_path / "a.txt", tmp_path / "b.txt"]  # too long for a command line
    for source, text in zip(sources, texts):
        source.write_text(text, encoding="utf-8")
    rng = random.Random(1234)
    for _ in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", _SAVE_FOREVER, str(path), *map(str, sources)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True,
        )
        try:
            assert child.stdout.readline().strip() == "saving"
            time.sleep(rng.uniform(0.0, 0.05))
        finally:
            child.kill()
            child.wait(timeout=60)
            child.stdout.close()
        assert _text(path) in texts
        assert _text(backup_path(path)) in texts
        json.loads(_text(path))
        remove_stale_temps(path)
        assert _temps(tmp_path) == []


# --- errors: permissions, disk full, bad input --------------------------------------------------


def test_read_only_folder_gives_save_error_naming_the_file(tour, monkeypatch):
    folder = tour.parent
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # root ignores folder permissions: make the rename fail as it would for a normal user
        def denied(src, dst):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))

        monkeypatch.setattr(os, "replace", denied)
        with pytest.raises(SaveError) as info:
            save_atomically(tour, NEW)
        monkeypatch.undo()
    else:
        os.chmod(folder, 0o500)
        try:
            with pytest.raises(SaveError) as info:
                save_atomically(tour, NEW)
        finally:
            os.chmod(folder, 0o700)
    assert isinstance(info.value, OSError) and info.value.path == tour
    assert str(tour) in str(info.value) and "permission denied" in str(info.value)
    assert _text(tour) == OLD and _text(backup_path(tour)) == OLDER
    assert _temps(folder) == []


def test_disk_full_is_reported_and_old_file_kept(tour, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError) as info:
        save_atomically(tour, NEW)
    monkeypatch.undo()
    assert "disk is full" in str(info.value) and str(tour) in str(info.value)
    assert info.value.errno == errno.ENOSPC
    assert _text(tour) == OLD and _temps(tour.parent) == []


def test_missing_folder_is_a_save_error(tmp_path):
    path = tmp_path / "gone" / "tour.json"
    with pytest.raises(SaveError, match="folder does not exist") as info:
        save_atomically(path, NEW)
    assert info.value.path == path


def test_text_that_is_not_utf8_encodable_is_refused_before_writing(tour):
    with pytest.raises(SaveError, match="UTF-8"):
        save_atomically(tour, '{"title": "\ud800"}')
    assert _text(tour) == OLD and _temps(tour.parent) == []


def test_remove_stale_temps_only_removes_this_files_temps(tour):
    folder = tour.parent
    mine = [folder / ".tour.json.abc123.tmp", folder / ".tour.json.bak.def456.tmp"]
    others = [folder / ".other.json.abc.tmp", folder / ".tour.json.recovery", folder / "x.tmp"]
    for path in mine + others:
        path.write_text("x")
    assert sorted(remove_stale_temps(tour)) == sorted(mine)
    assert all(p.exists() for p in others) and not any(p.exists() for p in mine)
    assert _text(tour) == OLD and _text(backup_path(tour)) == OLDER


# --- autosave / recovery ------------------------------------------------------------------------


def test_recovery_roundtrip_next_to_the_tour(tour):
    before = time.time()
    written = write_recovery(tour, NEW)
    assert written == recovery_path(tour) == tour.with_name(".tour.json.recovery")
    found = read_recovery(tour)
    assert found is not None and found.text == NEW and found.differs_from_saved
    assert found.path == written and found.mtime >= before - 2
    assert _text(tour) == OLD and _text(backup_path(tour)) == OLDER  # the tour is not touched
    assert _temps(tour.parent) == []


def test_recovery_identical_to_saved_file_is_stale_and_removed(tour):
    write_recovery(tour, OLD)
    kept = read_recovery(tour, remove_stale=False)
    assert kept is not None and not kept.differs_from_saved and recovery_path(tour).exists()
    assert read_recovery(tour) is None
    assert not recovery_path(tour).exists()


def test_recovery_of_a_never_saved_tour_is_offered(tmp_path):
    path = tmp_path / "tour.json"
    write_recovery(path, NEW)
    found = read_recovery(path)
    assert found is not None and found.text == NEW and found.differs_from_saved


def test_discard_recovery(tour, tmp_path):
    write_recovery(tour, NEW)
    discard_recovery(tour)
    assert not recovery_path(tour).exists()
    assert read_recovery(tour) is None
    discard_recovery(tour)  # nothing to discard: no error


def test_unwritable_tour_folder_autosaves_to_the_fallback(tour, tmp_path, monkeypatch):
    fallback = tmp_path / "user-data" / "recovery"
    monkeypatch.setattr(safe_save.os, "access", lambda path, mode: False)
    target = recovery_path(tour, fallback)
    assert target.parent == fallback and target.name.startswith("tour.json.")
    assert write_recovery(tour, NEW, fallback) == target
    found = read_recovery(tour, fallback)
    assert found is not None and found.text == NEW and found.path == target
    discard_recovery(tour, fallback)
    assert not target.exists() and read_recovery(tour, fallback) is None


def test_fallback_names_differ_for_same_named_tours(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_save.os, "access", lambda path, mode: False)
    fallback = tmp_path / "fallback"
    first, second = tmp_path / "a" / "tour.json", tmp_path / "b" / "tour.json"
    assert recovery_path(first, fallback) != recovery_path(second, fallback)


def test_write_recovery_falls_back_when_writing_next_to_tour_fails(tour, tmp_path):
    recovery_path(tour).mkdir()  # a folder in the way: the rename onto it fails
    fallback = tmp_path / "fallback"
    written = write_recovery(tour, NEW, fallback)
    assert written.parent == fallback
    found = read_recovery(tour, fallback)
    assert found is not None and found.text == NEW
    with pytest.raises(SaveError):
        write_recovery(tour, NEW)  # without a fallback the failure is reported


def test_read_recovery_prefers_the_newest_of_both_places(tour, tmp_path):
    fallback = tmp_path / "fallback"
    fallback.mkdir()
    local = write_recovery(tour, "local")
    remote = safe_save._fallback_recovery(tour.resolve(), fallback)
    remote.write_text("fallback", encoding="utf-8")
    os.utime(local, ns=(time.time_ns() - 10**10,) * 2)
    assert read_recovery(tour, fallback).text == "fallback"


# --- external changes and conflicts -------------------------------------------------------------


def test_fingerprint_of_missing_file_is_all_none(tmp_path):
    fp = Fingerprint.of(tmp_path / "nope.json")
    assert (fp.size, fp.mtime_ns, fp.sha256, fp.exists) == (None, None, None, False)
    assert not changed_on_disk(tmp_path / "nope.json", fp)


def test_external_edit_is_a_conflict_and_survives_the_save(tour):
    loaded = Fingerprint.of(tour)
    assert not changed_on_disk(tour, loaded)
    external = OLD.replace('"old"', '"edited elsewhere"')
    tour.write_text(external, encoding="utf-8")
    assert changed_on_disk(tour, loaded)
    with pytest.raises(ConflictError) as info:
        save_atomically(tour, NEW, expected=loaded)
    assert isinstance(info.value, SaveError) and info.value.path == tour
    assert str(tour) in str(info.value) and "another program" in str(info.value)
    assert info.value.actual == Fingerprint.of(tour)
    assert _text(tour) == external and _text(backup_path(tour)) == OLDER
    assert _temps(tour.parent) == []
    save_atomically(tour, NEW, expected=None)  # the curator chose to overwrite
    assert _text(tour) == NEW and _text(backup_path(tour)) == external


def test_touch_without_content_change_is_not_a_conflict(tour):
    loaded = Fingerprint.of(tour)
    later = tour.stat().st_mtime_ns + 5 * 10**9
    os.utime(tour, ns=(later, later))
    assert not changed_on_disk(tour, loaded)
    tour.write_text(OLD, encoding="utf-8")  # rewritten with the same bytes by a sync client
    assert not changed_on_disk(tour, loaded)
    save_atomically(tour, NEW, expected=loaded)
    assert _text(tour) == NEW


def test_same_size_same_mtime_edit_is_caught_by_the_hash(tour):
    """Two writes within one timestamp tick: size and mtime match, the content does not."""
    loaded = Fingerprint.of(tour)
    assert loaded.racy  # just written: an equal mtime proves nothing
    stat = tour.stat()
    tour.write_text(OLD.replace('"old"', '"OLD"'), encoding="utf-8")
    os.utime(tour, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert tour.stat().st_size == loaded.size
    assert changed_on_disk(tour, loaded)


def test_deleted_or_created_elsewhere_is_a_conflict(tour, tmp_path):
    loaded = Fingerprint.of(tour)
    tour.unlink()
    assert changed_on_disk(tour, loaded)
    with pytest.raises(ConflictError, match="deleted"):
        save_atomically(tour, NEW, expected=loaded)
    assert not tour.exists() and _temps(tmp_path) == []

    fresh = tmp_path / "new.json"
    missing = Fingerprint.of(fresh)
    fresh.write_text(OLD, encoding="utf-8")
    with pytest.raises(ConflictError, match="created"):
        save_atomically(fresh, NEW, expected=missing)
    assert _text(fresh) == OLD


def test_fingerprint_after_save_allows_the_next_save(tmp_path):
    path = tmp_path / "tour.json"
    save_atomically(path, OLD, expected=Fingerprint.of(path))  # new file, nothing there: fine
    after = Fingerprint.of(path)
    save_atomically(path, NEW, expected=after)
    assert _text(path) == NEW and not changed_on_disk(path, Fingerprint.of(path))

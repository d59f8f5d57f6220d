"""Save tour files so that a curator's work is never lost or half-written.

The curator authoring mode saves through :func:`save_atomically`, autosaves through
:func:`write_recovery` / :func:`read_recovery`, and notices other programs' edits through
:class:`Fingerprint` / :func:`changed_on_disk`. Plain ``os`` calls, no Qt: the UI passes in what it
knows (the per-user data folder, the fingerprint taken when the file was loaded).

Crash-safety argument
---------------------
Invariant: at every instant, ``path`` exists and holds either the complete old or the complete new
content; ``tour.json.bak`` holds either the older backup or the complete old content. The steps of
:func:`save_atomically`, in order (the names in quotes are the :data:`STEPS` test hooks):

1. Write the new bytes to a fresh temporary file in the *same folder* (``.tour.json.<random>.tmp``,
   ``O_CREAT | O_EXCL`` so it never reuses or follows anything), give it the old file's permission
   bits, ``fsync`` it ("written" after the write, "synced" after the fsync). ``path`` is not
   touched; a crash leaves it old, plus a stray temporary file that :func:`remove_stale_temps`
   clears. The fsync *before* the rename matters: without it, a journaling file system with delayed
   allocation (ext4, XFS, btrfs) may commit the rename before the data, and after a power loss
   ``path`` would be the new name of an empty or partial file.
2. Keep the backup: hard-link the old file to a temporary name (or, where links are not supported,
   copy and fsync it), then ``os.replace`` that onto ``tour.json.bak``, then fsync the folder
   ("backed_up"). ``path`` is still not touched; ``.bak`` is swapped in one rename, so it is never
   partial either. A hard link is safe because nothing ever writes into the old file: step 3
   *renames* a different file over ``path``, so the ``.bak`` name keeps the old inode and content.
   We do **not** ``os.replace(path, bak)``: between that and step 3 ``path`` would not exist.
3. ``os.replace(tmp, path)`` ("replaced"): ``rename(2)`` swaps the directory entry in one atomic
   step, so every reader, and the file system after a crash, sees the old inode or the new one,
   both complete.
4. fsync the folder, so the rename itself survives a power loss (before that, a crash may roll the
   name back to the old inode, which still satisfies the invariant).

On an error at any step the temporary files are removed and :class:`SaveError` is raised; ``path``
is untouched unless step 3 already ran, in which case it holds the complete new content.

Limits: Windows' ``MoveFileEx`` (behind ``os.replace``) is atomic on NTFS in practice but not
documented as such, and folders cannot be fsynced there (skipped). Saving replaces the file, so
other hard links to it keep the old content (as with every atomic-save editor); a symlinked
``path`` is followed so that the link survives and the real file is replaced.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

STEPS = ("written", "synced", "backed_up", "replaced")
"""The hook names :func:`save_atomically` calls, in order (see the module docstring)."""

Hooks = Mapping[str, Callable[[], Any]] | Any
"""A dict of zero-argument callables keyed by step name, or an object with such methods."""

RACY_WINDOW_NS = 2_000_000_000
"""A file modified this close to the fingerprint may be modified again within the same mtime tick
(FAT has 2 s timestamps), so equal size and mtime prove nothing and the content is hashed."""

_UNSUPPORTED_DIR_FSYNC = {errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES, errno.EPERM}
_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the folder is on a read-only file system",
    errno.ENOENT: "the folder does not exist",
    errno.EIO: "input/output error (failing disk or lost network share?)",
}


class SaveError(OSError):
    """A save that did not happen; the file on disk is as it was (see the module docstring).

    An ``OSError`` so callers that already handle I/O errors catch it; ``path`` is the file that
    was being saved and ``str(error)`` names it and the problem, ready for a dialog.
    """

    def __init__(self, path: Path, problem: str, *, code: int | None = None) -> None:
        super().__init__(code, f"Could not save {path}: {problem}")
        self.path = Path(path)
        self.problem = problem
        self.filename = str(path)

    def __str__(self) -> str:
        return str(self.strerror)


class ConflictError(SaveError):
    """Another program changed the file since it was loaded or saved; it was not overwritten.

    A :class:`SaveError` so one ``except`` covers every save that did not happen; the editor
    catches this one first to offer reload / save as / overwrite (``expected=None``).
    """

    def __init__(self, path: Path, expected: Fingerprint, actual: Fingerprint) -> None:
        super().__init__(path, _conflict_problem(expected, actual))
        self.expected = expected
        self.actual = actual


def _conflict_problem(expected: Fingerprint, actual: Fingerprint) -> str:
    if not actual.exists:
        what = "was deleted or moved by another program"
    elif not expected.exists:
        what = "was created by another program"
    else:
        what = f"was changed by another program (now {actual.size} bytes)"
    return f"it {what} since it was loaded or last saved; it was not overwritten"


# --- fingerprints -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like when the editor loaded or saved it; all None when it was missing.

    ``taken_ns`` (when the fingerprint was taken) is not part of equality: it only tells
    :func:`changed_on_disk` whether an unchanged mtime can be trusted.
    """

    size: int | None
    mtime_ns: int | None
    sha256: str | None
    taken_ns: int = field(default=0, compare=False)

    @property
    def exists(self) -> bool:
        return self.sha256 is not None

    @property
    def racy(self) -> bool:
        """True when the file was modified so shortly before the fingerprint that a later write
        in the same timestamp tick would leave size and mtime unchanged."""
        return self.mtime_ns is not None and self.taken_ns - self.mtime_ns < RACY_WINDOW_NS

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        """The file's size, mtime and content hash, from one open file (consistent with each
        other); a missing file gives the all-None fingerprint instead of an error."""
        taken = time.time_ns()
        try:
            with open(path, "rb") as file:
                stat = os.fstat(file.fileno())
                digest = _sha256(file)
        except FileNotFoundError:
            return cls(None, None, None, taken)
        return cls(stat.st_size, stat.st_mtime_ns, digest, taken)


def _sha256(file) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def changed_on_disk(path: Path, fingerprint: Fingerprint) -> bool:
    """Whether ``path``'s content differs from the ``fingerprint`` (or it appeared / vanished).

    Cheap when nothing happened (one ``stat``); a new mtime alone is not a change, so ``touch``,
    a backup tool or a sync client rewriting the same bytes does not raise a false conflict: the
    content hash decides.
    """
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return fingerprint.exists
    if not fingerprint.exists or stat.st_size != fingerprint.size:
        return True
    if stat.st_mtime_ns == fingerprint.mtime_ns and not fingerprint.racy:
        return False
    return Fingerprint.of(path).sha256 != fingerprint.sha256


# --- atomic save --------------------------------------------------------------------------------


def save_atomically(
    path: Path,
    text: str,
    *,
    backup: bool = True,
    hooks: Hooks | None = None,
    expected: Fingerprint | None = None,
) -> None:
    """Replace ``path`` with UTF-8 ``text`` so that it is always the old or the new file, whole.

    ``backup`` keeps the previous version as ``<name>.bak``. ``expected`` is the fingerprint from
    when the editor loaded or last saved the file: if the file no longer matches it,
    :class:`ConflictError` is raised and the file is left alone (None: overwrite whatever is
    there).
    ``hooks`` is a test seam called at each of :data:`STEPS`. Raises :class:`SaveError`; see the
    module docstring for the order of steps and why it is crash-safe.
    """
    target = Path(os.path.realpath(path))
    data = _encode(target, text)
    old_mode = _existing_mode(target)
    tmp = _write_temp(target, data, old_mode, hooks)
    try:
        if expected is not None:
            _check_expected(target, expected)
        if backup and old_mode is not None:
            _keep_backup(target, old_mode)
        _run_hook(target, hooks, "backed_up")
        with _as_save_error(target, "replacing the file with the new version"):
            os.replace(tmp, target)
    except BaseException:
        _remove_quietly(tmp)
        raise
    _run_hook(target, hooks, "replaced")
    with _as_save_error(target, "flushing the folder after replacing the file"):
        _fsync_dir(target.parent)
    log.debug("saved %s (%d bytes)", target, len(data))


def _encode(target: Path, text: str) -> bytes:
    """UTF-8 bytes; a lone surrogate (possible in text pasted through Qt) is reported, not
    half-saved."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        problem = f"the text cannot be stored as UTF-8 at character {exc.start}"
        raise SaveError(target, problem) from exc


def _existing_mode(target: Path) -> int | None:
    """The old file's permission bits, so a save does not widen or narrow who can read it."""
    try:
        return os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _save_error(target, exc, "reading the current file's permissions") from exc


def _write_temp(target: Path, data: bytes, mode: int | None, hooks: Hooks | None) -> Path:
    """Step 1: the new content, complete and on disk, under a temporary name next to ``target``."""
    tmp: Path | None = None
    try:
        with _as_save_error(target, f"creating a temporary file in {target.parent}"):
            fd, tmp = _create_temp(target, ".tmp", mode)
        with _as_save_error(target, "writing the new version"), os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            _run_hook(target, hooks, "written")
            if mode is not None:
                _chmod(file.fileno(), tmp, mode)
            os.fsync(file.fileno())
            _run_hook(target, hooks, "synced")
    except BaseException:
        if tmp is not None:
            _remove_quietly(tmp)
        raise
    return tmp


def _create_temp(target: Path, suffix: str, mode: int | None) -> tuple[int, Path]:
    """A new file ``.<name>.<random><suffix>`` beside ``target``, opened for writing.

    ``O_EXCL`` makes the creation fail rather than reuse (or follow a symlink planted at) an
    existing name. A brand-new tour gets 0o666 minus the umask, as ``open()`` would give it;
    otherwise 0o600 until the old file's bits are copied, so it is never briefly wider than them.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}{suffix}")
        try:
            return os.open(tmp, flags, 0o666 if mode is None else 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _chmod(fd: int, tmp: Path, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # Windows: only the read-only flag exists
        os.chmod(tmp, mode)


def _check_expected(target: Path, expected: Fingerprint) -> None:
    """Refuse to overwrite another program's edit. Checked after the slow write + fsync, just
    before the rename, to keep the window in which such an edit could still be lost small."""
    with _as_save_error(target, "checking whether the file changed on disk"):
        changed = changed_on_disk(target, expected)
        actual = Fingerprint.of(target) if changed else expected
    if changed:
        raise ConflictError(target, expected, actual)


def backup_path(path: Path) -> Path:
    """Where :func:`save_atomically` keeps the previous version: ``tour.json.bak``."""
    return Path(path).with_name(Path(path).name + ".bak")


def _keep_backup(target: Path, mode: int) -> None:
    """Step 2: the old version becomes ``.bak`` in one rename, ``target`` untouched."""
    bak = backup_path(target)
    with _as_save_error(target, f"keeping the previous version as {bak.name}"):
        tmp = _link_or_copy(target, mode)
        try:
            os.replace(tmp, bak)
        except BaseException:
            _remove_quietly(tmp)
            raise
        _fsync_dir(target.parent)


def _link_or_copy(target: Path, mode: int) -> Path:
    """A second name for the old content: a hard link (instant, no extra space), or a fsynced
    copy where the file system has no hard links (FAT, some network shares)."""
    tmp = target.with_name(f".{target.name}.bak.{secrets.token_hex(6)}.tmp")
    try:
        os.link(target, tmp)
        return tmp
    except OSError as exc:
        log.debug("hard link for the backup of %s failed (%s), copying", target, exc)
    old = target.read_bytes()
    fd, tmp = _create_temp(target, ".bak.tmp", mode)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(old)
            file.flush()
            _chmod(file.fileno(), tmp, mode)
            os.fsync(file.fileno())
    except BaseException:
        _remove_quietly(tmp)
        raise
    return tmp


def _fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable. Not possible on Windows, nor on some file systems
    (they report EINVAL and the like): skipped there, since the rename itself is still atomic."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        if exc.errno in _UNSUPPORTED_DIR_FSYNC:
            log.debug("cannot open %s to fsync it: %s", folder, exc)
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _UNSUPPORTED_DIR_FSYNC:
            raise
        log.debug("fsync of folder %s not supported: %s", folder, exc)
    finally:
        os.close(fd)


def _run_hook(target: Path, hooks: Hooks | None, step: str) -> None:
    """Call the test hook for ``step``; an ``OSError`` it raises is reported like a real one."""
    if hooks is None:
        return
    hook = hooks.get(step) if isinstance(hooks, Mapping) else getattr(hooks, step, None)
    if hook is not None:
        with _as_save_error(target, f"at step {step!r}"):
            hook()


@contextmanager
def _as_save_error(target: Path, doing: str) -> Iterator[None]:
    """Turn an ``OSError`` into a :class:`SaveError` naming the file, the step and the problem."""
    try:
        yield
    except SaveError:
        raise
    except OSError as exc:
        raise _save_error(target, exc, doing) from exc


def _save_error(target: Path, exc: OSError, doing: str) -> SaveError:
    problem = _PROBLEMS.get(exc.errno or 0) or exc.strerror or str(exc)
    ours = exc.filename is None or Path(exc.filename).name.startswith(f".{target.name}.")
    where = "" if ours or str(exc.filename) == str(target) else f" ({exc.filename})"
    return SaveError(target, f"{problem} while {doing}{where}", code=exc.errno)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove temporary file %s: %s", path, exc)


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete temporary files a crashed save of ``path`` left behind; returns what was removed.

    Call it when a tour is opened. A save in progress in another process at that moment would
    lose its temporary file and fail with :class:`SaveError`, which loses nothing.
    """
    target = Path(os.path.realpath(path))
    prefix = f".{target.name}."
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp") and entry.is_file():
            _remove_quietly(entry)
            removed.append(entry)
            log.info("removed %s left by an interrupted save", entry)
    return removed


# --- autosave / recovery ------------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveryFile:
    """An autosaved copy of unsaved edits found when a tour is opened (after a crash, say)."""

    path: Path
    text: str
    mtime: float
    """When it was written (seconds since the epoch), to show "autosaved at ..."."""
    differs_from_saved: bool
    """False only with ``read_recovery(remove_stale=False)``: the same as the saved file."""


def recovery_path(path: Path, fallback_dir: Path | None = None) -> Path:
    """Where the autosave of ``path`` goes: ``.tour.json.recovery`` next to it.

    Next to the tour because it then travels with it (a folder copied to another machine or a USB
    stick still holds the unsaved work), whoever opens the tour finds it, and it is on the same
    file system, so its atomic rename works. Where the tour's folder is not writable (a shared
    read-only tour) it goes to ``fallback_dir``, a per-user folder the UI passes in, under a name
    unique to the tour's full path (``tour.json.<hash>.recovery``).
    """
    target = Path(os.path.realpath(path))
    if fallback_dir is None or os.access(target.parent, os.W_OK):
        return _local_recovery(target)
    return _fallback_recovery(target, fallback_dir)


def _local_recovery(target: Path) -> Path:
    return target.with_name(f".{target.name}.recovery")


def _fallback_recovery(target: Path, fallback_dir: Path) -> Path:
    key = hashlib.sha256(str(target).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return Path(fallback_dir) / f"{target.name}.{key}.recovery"


def _recovery_candidates(path: Path, fallback_dir: Path | None) -> list[Path]:
    """Both places, whichever :func:`recovery_path` picks today: writability may have changed
    since the autosave was written."""
    target = Path(os.path.realpath(path))
    found = [_local_recovery(target)]
    if fallback_dir is not None:
        found.append(_fallback_recovery(target, fallback_dir))
    return found


def write_recovery(path: Path, text: str, fallback_dir: Path | None = None) -> Path:
    """Autosave ``text`` for ``path`` atomically (no backup); returns where it went.

    Falls back to ``fallback_dir`` when writing next to the tour fails even though the folder
    looked writable (ACLs, network shares, Windows' ``os.access``).
    """
    target = Path(os.path.realpath(path))
    first = recovery_path(target, fallback_dir)
    if first == _local_recovery(target):
        try:
            save_atomically(first, text, backup=False)
            return first
        except SaveError:
            if fallback_dir is None:
                raise
            log.info("cannot autosave next to %s, using %s", target, fallback_dir)
    second = _fallback_recovery(target, fallback_dir)
    with _as_save_error(second, "creating the recovery folder"):
        second.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    save_atomically(second, text, backup=False)
    return second


def read_recovery(
    path: Path, fallback_dir: Path | None = None, *, remove_stale: bool = True
) -> RecoveryFile | None:
    """The newest autosave of ``path`` worth offering, or None.

    An autosave identical to the saved file is stale (the edits were saved after it was written)
    and is deleted, unless ``remove_stale`` is False, in which case it is returned with
    ``differs_from_saved=False``.
    """
    saved = _read_or_none(Path(path))
    found = []
    for candidate in _recovery_candidates(path, fallback_dir):
        recovery = _read_one_recovery(candidate, saved, remove_stale)
        if recovery is not None:
            found.append(recovery)
    return max(found, key=lambda r: r.mtime, default=None)


def _read_one_recovery(
    candidate: Path, saved: bytes | None, remove_stale: bool
) -> RecoveryFile | None:
    try:
        mtime = candidate.stat().st_mtime
        data = candidate.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:  # unreadable: leave it for the curator rather than fail the opening
        log.warning("cannot read recovery file %s: %s", candidate, exc)
        return None
    differs = data != saved
    if not differs and remove_stale:
        log.info("removing stale recovery file %s (same as the saved file)", candidate)
        _remove_quietly(candidate)
        return None
    return RecoveryFile(candidate, data.decode("utf-8", errors="replace"), mtime, differs)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def discard_recovery(path: Path, fallback_dir: Path | None = None) -> None:
    """Delete the autosave(s) of ``path`` (after a save, or when the curator declines them).

    Failure is only logged: a leftover autosave is offered again later, and loses nothing.
    """
    for candidate in _recovery_candidates(path, fallback_dir):
        _remove_quietly(candidate)
        remove_stale_temps(candidate)

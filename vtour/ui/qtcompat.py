"""Guard against PySide6 builds that drop references to ``None``, ``True`` and ``False``.

PySide6 6.12.0 assumes Python 3.12's immortal singletons: a void method (``update()``,
``setText()``...) returns ``None`` and ``Signal.emit()`` returns ``True`` without taking a
reference. On Python 3.11 each call leaves the interpreter one reference short; measured here, a
repaint costs two references to ``None``, a mouse move three, and showing the loading card
eighteen. After a few thousand such calls the count reaches zero and CPython aborts ("Fatal
Python error: none_dealloc"), which for a kiosk means a crash within minutes of use. 6.11.3 does
not have the defect.

The guard probes once, at import, whether this PySide6 drops those references. Where it does (and
only on Python < 3.12), it gives the three singletons what Python 3.12 gives them: a reference
count too large ever to reach zero. An extra reference to a singleton is harmless, a missing one
is fatal. The lasting fix is a PySide6 without the defect (or Python >= 3.12).
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

PROBE_CALLS = 16
IMMORTAL_BOOST = 1 << 40
"""Added to each singleton's count: at three lost references per event, ~10^11 events."""


class _Probe(QObject):
    ping = Signal()


def _references_lost() -> bool:
    """Whether void methods or emit() drop references to None/True here (probe damage repaired)."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")  # a void method: returns None
        probe.ping.emit()  # returns True
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    _add_references(None, max(lost_none, 0))
    _add_references(True, max(lost_true, 0))
    return lost_none >= PROBE_CALLS or lost_true >= PROBE_CALLS


def _add_references(value: object, count: int) -> None:
    # Py_ssize_t ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(value)).value += count


def guard_singletons() -> bool:
    """Make None/True/False effectively immortal where this PySide6 needs it; True if it did."""
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return False  # immortal already, or a debug build whose object layout differs
    if not _references_lost():
        return False
    for singleton in (None, True, False):
        _add_references(singleton, IMMORTAL_BOOST)
    log.info("this PySide6 drops references to None/True/False; made them immortal as on Python 3.12")
    return True


GUARDED = guard_singletons()
"""Whether the guard was needed (and applied) in this process."""

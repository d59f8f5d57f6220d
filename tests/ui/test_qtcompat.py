"""A long session must not wear the interpreter down (see vtour.ui.qtcompat)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from vtour.ui import qtcompat

pytestmark = pytest.mark.ui

SAFE_COUNT = 1 << 30
"""A singleton counted this high cannot be worn down to zero by any session."""


class Source(QObject):
    changed = Signal(object)


def singleton_counts() -> list[int]:
    return [sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)]


def assert_not_worn_down(before: list[int]) -> None:
    for previous, now in zip(before, singleton_counts()):
        assert now >= SAFE_COUNT or now >= previous - 50, "PySide6 calls are wearing a singleton down"


def test_many_emits_and_void_calls_are_safe(qapp):
    source, label, seen = Source(), QLabel(), []
    source.changed.connect(seen.append)
    before = singleton_counts()
    for index in range(50_000):  # far more than None's or True's count on an unguarded 3.11
        source.changed.emit(index)
        label.setText("x")
    assert len(seen) == 50_000
    assert_not_worn_down(before)
    label.deleteLater()


def test_a_long_drag_session_is_safe(window):
    view = window.panorama_view
    start = QPoint(view.width() // 2, view.height() // 2)
    before = singleton_counts()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(3000):  # each move changes the view, emits and schedules a repaint
        QTest.mouseMove(view, start + QPoint(step % 200 - 100, (step // 200) % 50 - 25))
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start, 200)
    assert_not_worn_down(before)


def test_the_guard_is_on_wherever_it_is_needed():
    if qtcompat.GUARDED:
        assert min(singleton_counts()) >= SAFE_COUNT
    else:
        assert sys.version_info >= (3, 12) or not qtcompat._references_lost()

"""Quiet logs: QtMultimedia's start-up chatter is off by default, a user's QT_LOGGING_RULES wins."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLoggingCategory

from vtour.ui.app import quiet_multimedia_logs

pytestmark = pytest.mark.ui


def test_multimedia_chatter_is_off_unless_the_user_set_rules(qapp):
    assert not quiet_multimedia_logs({"QT_LOGGING_RULES": "qt.multimedia*=true"})  # left alone
    assert quiet_multimedia_logs({})
    resolver = QLoggingCategory("qt.multimedia.symbolsresolver")
    assert not resolver.isWarningEnabled()
    assert QLoggingCategory("qt.multimedia.ffmpeg").isWarningEnabled()  # real problems still show
    assert QLoggingCategory("qt.multimedia.ffmpeg").isInfoEnabled() is False

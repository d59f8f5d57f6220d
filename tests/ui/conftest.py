"""Fixtures for the window tests: the configured QApplication, isolated settings, test panoramas.

They run under Xvfb (the pytest-xvfb plugin starts it): Qt gets a GL 4.5 core context only with
the xcb platform on an X server, not with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("PySide6.QtOpenGLWidgets")

from PySide6.QtCore import QCoreApplication, QEvent, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shiboken6 import getCppPointer  # noqa: E402

from vtour.ui.app import create_application  # noqa: E402

QUADRANT_COLOURS = np.array([[220, 40, 40], [40, 200, 60], [50, 80, 230], [230, 210, 40]], dtype=np.uint8)
"""Panorama colours by yaw quarter: [-180,-90) red, [-90,0) green, [0,90) blue, [90,180) yellow."""


@pytest.fixture(scope="session")
def qapp(tmp_path_factory):
    """The QApplication configured as ``vtour`` configures it (overrides pytest-qt's)."""
    settings_dir = tmp_path_factory.mktemp("settings")
    # Settings go to a temporary folder: tests must not read or write the user's.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    return create_application(["vtour-tests"])


def _widget_keys() -> set[int]:
    return {getCppPointer(widget)[0] for widget in QApplication.topLevelWidgets()}


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp):
    """Fail a test that leaves top-level widgets behind (windows that were never deleted)."""
    before = _widget_keys()
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if getCppPointer(w)[0] not in before]
    assert not leaked, f"widgets leaked: {[type(w).__name__ + ' ' + w.objectName() for w in leaked]}"


@pytest.fixture(autouse=True)
def clean_settings(qapp):
    QSettings().clear()
    yield
    QSettings().clear()


@pytest.fixture
def make_window(qtbot):
    """Factory for shown MainWindows, closed and deleted after the test."""
    from vtour.ui.window import MainWindow

    windows = []

    def make(**kwargs) -> MainWindow:
        window = MainWindow(**kwargs)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.deleteLater()


@pytest.fixture
def window(make_window):
    return make_window()


def quadrant_panorama(width: int = 512, height: int = 256) -> np.ndarray:
    """An equirectangular RGB image coloured by yaw quarter (see :data:`QUADRANT_COLOURS`)."""
    column = (np.arange(width) * 4) // width
    return np.ascontiguousarray(np.broadcast_to(QUADRANT_COLOURS[column][None], (height, width, 3)))


@pytest.fixture
def quadrant_colours() -> np.ndarray:
    return QUADRANT_COLOURS


@pytest.fixture
def quadrant_image(tmp_path) -> Path:
    path = tmp_path / "quadrants.png"  # lossless: exact colours to compare
    Image.fromarray(quadrant_panorama()).save(path)
    return path


@pytest.fixture(scope="session")
def big_jpeg(tmp_path_factory) -> Path:
    """An 8192x4096 JPEG: smooth noise, so it decodes like a photo (and encodes quickly)."""
    rng = np.random.default_rng(1)
    small = Image.fromarray(rng.integers(0, 256, (128, 256, 3), dtype=np.uint8))
    path = tmp_path_factory.mktemp("big") / "pano-8k.jpg"
    small.resize((8192, 4096), Image.Resampling.BILINEAR).save(path, quality=90)
    return path

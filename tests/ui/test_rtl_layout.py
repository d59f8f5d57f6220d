"""Right-to-left polish: docks on the leading side, retranslated titles and loader texts, panel below the compass."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt

from vtour.resources import demo_tour_path

pytestmark = pytest.mark.ui

TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def opened(qtbot, window):
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT_MS):
        window.open_tour(demo_tour_path())
    qtbot.waitUntil(lambda: window.scene is not None and window.overlay.mode != "progress", timeout=TIMEOUT_MS)
    yield window
    window.languages.set_language("en")
    qtbot.waitUntil(lambda: not window.navigation.thumbnails.busy, timeout=TIMEOUT_MS)


def rect_in_window(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_docks_move_to_the_right_for_right_to_left_and_back(qtbot, opened):
    panels = opened.navigation
    assert opened.dockWidgetArea(panels.scene_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    opened.session.set_language("ug")
    qtbot.waitUntil(lambda: opened.dockWidgetArea(panels.scene_dock) == Qt.DockWidgetArea.RightDockWidgetArea,
                    timeout=3000)
    assert opened.dockWidgetArea(panels.map_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    qtbot.waitUntil(lambda: panels.scene_dock.geometry().left() > opened.panorama_view.geometry().left(), timeout=3000)
    assert panels.scene_dock.windowTitle() == "كۆرۈنۈشلەر"  # "Scenes", retranslated
    assert panels.map_dock.windowTitle() != "Site map"
    opened.session.set_language("en")
    qtbot.waitUntil(lambda: opened.dockWidgetArea(panels.scene_dock) == Qt.DockWidgetArea.LeftDockWidgetArea,
                    timeout=3000)
    assert panels.scene_dock.windowTitle() == "Scenes"


@pytest.mark.parametrize("language", ["en", "ug"])
def test_the_info_panel_never_covers_the_compass(qtbot, opened, language):
    opened.session.set_language(language)
    info = next(h for h in opened.session.scene.hotspots if h.kind == "info")
    opened.hotspot_activated.emit(info)
    qtbot.waitUntil(lambda: opened.info_panel.isVisible(), timeout=3000)
    qtbot.wait(50)
    compass = rect_in_window(opened.navigation.compass, opened)
    panel = rect_in_window(opened.info_panel, opened)
    assert not compass.intersects(panel), (compass, panel)
    opened.info_panel.close_panel()


def test_loader_texts_are_translated(qtbot, opened):
    opened.session.set_language("zh-Hans")
    from vtour.ui.loader import describe_failure

    failure = describe_failure(FileNotFoundError(2, "No such file", "/x/pano.jpg"), Path("/x/tour.json"))
    assert failure.title == "无法打开 tour.json"
    assert failure.message == "找不到文件：/x/pano.jpg"
    assert QCoreApplication.translate("PanoramaLoader", "Reading {name}…") == "正在读取 {name}…"

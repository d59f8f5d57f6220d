"""The scene list and its thumbnails: click to go, current scene highlighted, cached thumbnails."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from vtour.io.tourfile import load_tour
from vtour.model.session import TourSession
from vtour.model.tour import View
from vtour.resources import demo_tour_path
from vtour.ui.scene_list import SceneList
from vtour.ui.thumbnails import THUMBNAIL_SIZE, ThumbnailProvider, cache_key

pytestmark = pytest.mark.ui

TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Thumbnails made by windows in these tests go to a temporary folder, not the user's cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


class CountingRender:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, scene, size):
        self.calls.append(scene.id)
        return np.full((size[1], size[0], 4), (200, 80, 40, 255), dtype=np.uint8)


@pytest.fixture
def demo_session() -> TourSession:
    return TourSession(load_tour(demo_tour_path()))


def test_thumbnails_are_made_once_then_read_from_the_disk_cache(qtbot, tmp_path, demo_session):
    render = CountingRender()
    first = ThumbnailProvider(tmp_path / "thumbs", render=render)
    scene = demo_session.tour.scenes[0]
    with qtbot.waitSignal(first.ready, timeout=TIMEOUT_MS) as ready:
        assert first.request(scene) is None  # not cached yet: made in the background
    assert ready.args[0] == scene.id and ready.args[1].size().toTuple() == THUMBNAIL_SIZE
    assert render.calls == [scene.id]
    first.shutdown()

    second = ThumbnailProvider(tmp_path / "thumbs", render=render)  # a second run of the viewer
    image = second.request(scene)
    assert image is not None and image.size().toTuple() == THUMBNAIL_SIZE
    assert render.calls == [scene.id] and second.renders == 0 and not second.busy


def test_the_cache_key_changes_with_the_file_size_and_view(tmp_path, demo_session):
    scene = demo_session.tour.scenes[0]
    key = cache_key(scene)
    assert cache_key(scene) == key
    assert cache_key(scene, (128, 72)) != key
    from dataclasses import replace
    assert cache_key(replace(scene, initial_view=View(10.0, 0.0, 100.0))) != key
    copy = tmp_path / "pano.jpg"
    copy.write_bytes(Path(scene.source.path).read_bytes())
    assert cache_key(replace(scene, source=replace(scene.source, path=copy))) != key


def test_a_real_thumbnail_renders_offscreen_in_the_background(qtbot, tmp_path, demo_session):
    provider = ThumbnailProvider(tmp_path / "thumbs")
    scene = demo_session.tour.scene("courtyard")  # a cube map
    with qtbot.waitSignal(provider.ready, timeout=TIMEOUT_MS) as ready:
        provider.request(scene)
    provider.shutdown()
    image = ready.args[1]
    assert image.size().toTuple() == THUMBNAIL_SIZE
    colours = {image.pixelColor(x, y).name() for x in range(0, 256, 16) for y in range(0, 144, 16)}
    assert len(colours) > 10  # a picture, not a blank frame


def test_clicking_a_scene_goes_there_and_the_current_scene_is_highlighted(qtbot, tmp_path, demo_session):
    provider = ThumbnailProvider(tmp_path / "thumbs", render=CountingRender())
    scene_list = SceneList(provider)
    qtbot.addWidget(scene_list)
    scene_list.set_session(demo_session)
    scene_list.show()
    assert [scene_list.item(i).text() for i in range(scene_list.count())] == [
        "Sample terrace (generated)", "Sample courtyard (generated)"]
    assert scene_list.currentItem() is scene_list.item_for("terrace")
    rect = scene_list.visualItemRect(scene_list.item_for("courtyard"))
    qtbot.mouseClick(scene_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert demo_session.scene.id == "courtyard" and demo_session.can_go_back
    assert scene_list.currentItem() is scene_list.item_for("courtyard")
    demo_session.go_back()
    assert scene_list.currentItem() is scene_list.item_for("terrace")
    demo_session.set_language("zh-Hans")
    assert scene_list.item_for("terrace").text() == "示例平台（程序生成）"
    qtbot.waitUntil(lambda: not provider.busy, timeout=TIMEOUT_MS)
    provider.shutdown()


def test_the_window_has_a_scene_list_that_navigates(qtbot, window):
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT_MS):
        window.open_tour(demo_tour_path())
    panels = window.navigation
    assert panels.scene_dock.isVisible() and panels.map_dock.isVisible()
    assert panels.title.text() == "Sample terrace (generated)"
    panels.scene_list.itemClicked.emit(panels.scene_list.item_for("courtyard"))
    qtbot.waitUntil(lambda: window.scene is not None and window.scene.id == "courtyard", timeout=TIMEOUT_MS)
    assert panels.title.text() == "Sample courtyard (generated)"
    qtbot.waitUntil(lambda: not panels.thumbnails.busy, timeout=TIMEOUT_MS)


def test_a_model_scene_gets_a_rendered_thumbnail_of_its_start_camera(qtbot, tmp_path, shared_fixtures):
    from vtour.io.tourfile import load_tour_or_image

    tour = load_tour_or_image(shared_fixtures / "gltf" / "Duck" / "glTF-Binary" / "Duck.glb")
    provider = ThumbnailProvider(tmp_path / "thumbs")
    with qtbot.waitSignal(provider.ready, timeout=TIMEOUT_MS) as ready:
        provider.request(tour.scenes[0])
    provider.shutdown()
    image = ready.args[1]
    assert image.size().toTuple() == THUMBNAIL_SIZE
    centre = image.pixelColor(128, 72)
    assert centre.red() > 120 and centre.green() > 90 and centre.blue() < 80  # the yellow duck, framed
    corner = image.pixelColor(2, 2)
    assert max(corner.red(), corner.green(), corner.blue()) < 40  # the dark background

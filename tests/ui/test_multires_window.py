"""A tiled (multires) scene in the window: it opens on the preview, then the window redraws by
itself as tiles decode until the view is as sharp as the screen needs; `vtour tile` output opens as is."""

from __future__ import annotations

import pytest

from vtour.io.tiler import tile_panorama
from vtour.model.tour import View

pytestmark = pytest.mark.ui

TIMEOUT_MS = 30_000


@pytest.fixture
def tiled_tour(tmp_path, shared_fixtures, monkeypatch):
    from PIL import Image

    monkeypatch.setattr("vtour.io.panorama.MULTIRES_PREVIEW_EDGE", 200)  # so a small set streams
    photo = tmp_path / "alma.jpg"
    Image.open(shared_fixtures / "panoramas" / "pannellum.org" / "alma.jpg").resize((2048, 1024)).save(photo)
    tile_panorama(photo, tmp_path / "alma", tile_size=128, jobs=1)
    return tmp_path / "alma" / "tour.json"


def test_the_window_streams_tiles_until_sharp(qtbot, window, tiled_tour):
    with qtbot.waitSignal(window.scene_shown, timeout=TIMEOUT_MS):
        window.open_tour(tiled_tour)
    view = window.panorama_view
    window.session.set_view(View(yaw=30.0, pitch=10.0, hfov=30.0))
    qtbot.waitUntil(lambda: view._renderer is not None and view._renderer.stream_status is not None
                    and view._renderer.stream_status.sharp, timeout=TIMEOUT_MS)
    status = view._renderer.stream_status
    source = window.scene.source
    assert status.level == source.max_level and status.complete and status.wanted > 1
    qtbot.waitUntil(lambda: not view._stream_timer.isActive(), timeout=TIMEOUT_MS)  # stops polling when done

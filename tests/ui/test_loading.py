"""Loading off the UI thread: progress, errors in the window, superseded loads, the frame drawn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from vtour.model.tour import View

pytestmark = pytest.mark.ui

LOAD_TIMEOUT_MS = 20_000


def wait_loaded(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.overlay.mode != "progress", timeout=LOAD_TIMEOUT_MS)
    assert window.overlay.mode == "hidden", f"{window.overlay.title_text()}: {window.overlay.message_text()}"
    assert window.panorama_view.has_panorama


def wait_error(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.overlay.mode == "error", timeout=LOAD_TIMEOUT_MS)
    assert window.overlay.isVisible()


def write_tour(folder, panorama: str = "quadrants.png", **extra) -> object:
    tour = {"version": 1, "title": "Cave 17", "scenes": {
        "hall": {"panorama": panorama, "initialView": {"yaw": 0, "pitch": 0, "hfov": 90}},
        **extra}}
    path = folder / "tour.json"
    path.write_text(json.dumps(tour), encoding="utf-8")
    return path


def test_a_tour_loads_and_names_the_window(qtbot, window, quadrant_image):
    window.open_tour(write_tour(quadrant_image.parent))
    wait_loaded(qtbot, window)
    assert window.windowTitle() == "Cave 17 — vtour"
    assert window.scene.id == "hall"


def test_rendered_frame_shows_the_panorama(qtbot, window, quadrant_image, quadrant_colours):
    window.open_tour(quadrant_image)
    wait_loaded(qtbot, window)
    window.panorama_view.set_view(View(yaw=0.0, pitch=0.0, hfov=90.0))
    image = window.panorama_view.grabFramebuffer()
    assert image.width() >= window.panorama_view.width()  # device pixels
    pixels = image_to_array(image)
    height, width = pixels.shape[:2]
    # yaw 0 is the boundary between the green (left) and blue (right) quarters.
    left = pixels[height // 2, width // 4]
    right = pixels[height // 2, 3 * width // 4]
    np.testing.assert_allclose(left, quadrant_colours[1], atol=12)
    np.testing.assert_allclose(right, quadrant_colours[2], atol=12)


def image_to_array(image) -> np.ndarray:
    from PySide6.QtGui import QImage

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(rgb.constBits(), np.uint8, rgb.sizeInBytes())
    return data.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 3].reshape(rgb.height(), rgb.width(), 3)


def test_missing_file_shows_an_error_and_the_window_keeps_going(qtbot, window, tmp_path, quadrant_image):
    window.open_tour(tmp_path / "no-such-tour.json")
    wait_error(qtbot, window)
    assert "no-such-tour.json" in window.overlay.title_text()
    assert not window.panorama_view.has_panorama
    window.open_tour(quadrant_image)  # and another tour still opens
    wait_loaded(qtbot, window)


def test_corrupt_jpeg_shows_an_error(qtbot, window, tmp_path, big_jpeg):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(big_jpeg.read_bytes()[:4000])  # a valid header, then nothing
    window.open_tour(broken)
    wait_error(qtbot, window)
    assert "broken.jpg" in window.overlay.title_text()
    assert window.overlay.message_text()


def test_garbage_image_shows_an_error(qtbot, window, tmp_path):
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20)
    window.open_tour(garbage)
    wait_error(qtbot, window)
    assert "garbage.jpg" in window.overlay.title_text()


def test_invalid_tour_shows_its_diagnostics(qtbot, window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "scenes": {"a": {"panorama": 5}}}', encoding="utf-8")
    window.open_tour(bad)
    wait_error(qtbot, window)
    assert "bad.json" in window.overlay.title_text()
    assert "bad.json" in window.overlay.details_text()  # diagnostics name file, line, column


def test_unknown_scene_shows_an_error(qtbot, window, quadrant_image):
    window.open_tour(write_tour(quadrant_image.parent), scene_id="attic")
    wait_error(qtbot, window)
    assert "attic" in window.overlay.message_text() and "hall" in window.overlay.message_text()


def test_progress_shows_while_loading_then_goes(qtbot, window, big_jpeg):
    window.open_tour(big_jpeg)
    assert window.overlay.mode == "progress" and window.overlay.isVisible()
    assert "pano-8k.jpg" in window.overlay.title_text()
    qtbot.waitUntil(lambda: "Decoding" in window.overlay.message_text(), timeout=LOAD_TIMEOUT_MS)
    wait_loaded(qtbot, window)
    assert not window.overlay.isVisible()


def test_event_loop_keeps_running_while_an_8k_panorama_decodes(qtbot, window, big_jpeg):
    ticks: list[float] = []
    upload_started: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    show_panorama = window.panorama_view.show_panorama

    def recording_show(*args, **kwargs):
        upload_started.append(time.perf_counter())
        return show_panorama(*args, **kwargs)

    window.panorama_view.show_panorama = recording_show
    timer.start()
    started = time.perf_counter()
    window.open_tour(big_jpeg)
    wait_loaded(qtbot, window)
    timer.stop()
    # Everything before the GL upload (which must run on the UI thread) is the decode.
    decoding = [t for t in [started, *ticks] if t <= upload_started[0]] + [upload_started[0]]
    gaps = np.diff(decoding)
    assert upload_started[0] - started > 0.1, "the decode was too quick to show anything"
    # The timer's own 20 ms plus at most ~100 ms of starvation.
    assert gaps.max() < 0.12, f"the event loop stalled for {gaps.max() * 1000:.0f} ms"


def test_a_newer_load_wins_over_an_older_one(qtbot, window, big_jpeg, quadrant_image):
    window.open_tour(big_jpeg)
    window.open_tour(quadrant_image)
    wait_loaded(qtbot, window)
    assert window.tour.path.name == "quadrants.png"
    qtbot.wait(300)  # the superseded decode finishes unseen
    assert window.tour.path.name == "quadrants.png"
    assert window.overlay.mode == "hidden"


def test_a_superseded_load_does_not_show_its_error(qtbot, window, tmp_path, quadrant_image):
    window.open_tour(tmp_path / "missing.jpg")
    window.open_tour(quadrant_image)
    wait_loaded(qtbot, window)
    qtbot.wait(200)
    assert window.overlay.mode == "hidden"


HIGH_DPI_SCRIPT = """
import json, sys
from vtour.ui.app import create_application
from vtour.ui.window import MainWindow
app = create_application()
window = MainWindow()
window.show()
window.open_tour(sys.argv[1])
while window.overlay.mode == "progress":
    app.processEvents()
view = window.panorama_view
image = view.grabFramebuffer()
colour = lambda x: image.pixelColor(round(x * image.width()), image.height() // 2).getRgb()[:3]
print(json.dumps({"ratio": view.devicePixelRatioF(), "logical": view.width(), "physical": image.width(),
                  "left": colour(0.25), "right": colour(0.75), "overlay": window.overlay.mode}))
window.close()
"""


def test_high_dpi_renders_at_physical_size(tmp_path, quadrant_image, quadrant_colours):
    env = dict(os.environ, QT_SCALE_FACTOR="1.5", XDG_CONFIG_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", HIGH_DPI_SCRIPT, str(quadrant_image)], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["overlay"] == "hidden"
    assert got["ratio"] == pytest.approx(1.5) and got["physical"] == round(got["logical"] * 1.5)
    # The whole framebuffer is drawn: a logical-size viewport would leave its right part empty.
    np.testing.assert_allclose(got["left"], quadrant_colours[1], atol=12)
    np.testing.assert_allclose(got["right"], quadrant_colours[2], atol=12)

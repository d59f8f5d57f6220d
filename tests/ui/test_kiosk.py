"""Kiosk mode in the real window: lock-down, idle prompt and reset on a fake clock, the attract
loop, the PIN exit, gestures, analytics and content updates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.hotspot_tour import make_two_scene_tour
from vtour.kiosk.analytics import summarize
from vtour.kiosk.config import KioskConfig, hash_pin
from vtour.kiosk.idle import IdleState
from vtour.model.tour import View
from vtour.resources import demo_tour_path
from vtour.ui.kiosk import KioskController

pytestmark = pytest.mark.ui

TIMEOUT_MS = 30_000
PIN = "2468"


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture(scope="module")
def pin_hash():
    return hash_pin(PIN)  # scrypt: a quarter second, once


def copy_demo(folder: Path) -> Path:
    shutil.copytree(demo_tour_path().parent, folder)
    return folder / "tour.json"


@pytest.fixture
def start_kiosk(qtbot, make_window, tmp_path, pin_hash):
    """Factory: a started kiosk on ``tour`` (a copy of the demo by default), tour open."""
    kiosks = []

    def start(tour: Path | None = None, **settings) -> KioskController:
        tour = tour or copy_demo(tmp_path / "tours" / "demo")
        config = KioskConfig(tour=tour, pin=pin_hash, analytics=tmp_path / "visits.sqlite3", **settings)
        window = make_window()
        kiosk = KioskController(window, config, clock=FakeClock())
        kiosks.append(kiosk)
        with qtbot.waitSignal(window.session_started, timeout=TIMEOUT_MS):
            kiosk.start()
        qtbot.waitUntil(lambda: window.scene is not None and window.overlay.mode != "progress", timeout=TIMEOUT_MS)
        return kiosk

    yield start
    for kiosk in kiosks:
        if not kiosk.exit_authorised:
            kiosk.leave()
        kiosk.window.navigation.controller.close()
        qtbot.waitUntil(lambda k=kiosk: not k.window.navigation.thumbnails.busy, timeout=TIMEOUT_MS)


def idle_until_reset(kiosk: KioskController) -> None:
    clock = kiosk.clock
    clock.advance(kiosk.config.idle_timeout)
    kiosk.tick()
    assert kiosk.prompt.isVisible()
    clock.advance(kiosk.config.prompt_seconds)
    kiosk.tick()


def test_starts_locked_down_fullscreen_in_the_attract_loop(start_kiosk):
    kiosk = start_kiosk()
    window = kiosk.window
    assert window.isFullScreen()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not window.menuBar().isVisible()
    assert not window.acceptDrops()
    assert kiosk.state is IdleState.ATTRACT
    assert kiosk.start_screen.isVisible()
    assert set(kiosk.start_screen.language_buttons) == {"en", "zh-Hans", "ug"}
    for button in kiosk.start_screen.language_buttons.values():
        assert min(button.sizeHint().width(), button.sizeHint().height()) >= 72  # a finger's target
    player = window.navigation.controller.player
    assert player is not None and player.loop and player.guided_tour.id == "highlights"


def test_ordinary_keys_and_shortcuts_do_nothing_harmful(qtbot, start_kiosk):
    kiosk = start_kiosk()
    window = kiosk.window
    kiosk.begin_visit("en")
    for key, modifier in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)):
        QTest.keyClick(window.panorama_view, key, modifier)
        qtbot.wait(20)
    assert window.isVisible() and window.isFullScreen()
    assert QApplication.activeModalWidget() is None  # no file dialog opened
    window.close()  # Alt+F4, a window manager's close button
    assert window.isVisible()
    # The arrow keys still look around.
    yaw = window.panorama_view.view.yaw
    QTest.keyPress(window.panorama_view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.panorama_view.view.yaw != yaw, timeout=5000)
    QTest.keyRelease(window.panorama_view, Qt.Key.Key_Right)


def test_choosing_a_language_starts_a_visit(start_kiosk, tmp_path):
    kiosk = start_kiosk()
    window = kiosk.window
    kiosk.start_screen.language_buttons["zh-Hans"].click()
    assert kiosk.state is IdleState.ACTIVE
    assert not kiosk.start_screen.isVisible()
    assert window.session.language == "zh-Hans"
    assert window.navigation.controller.player is None  # the attract loop stopped
    window.session.go_to("courtyard")
    kiosk.window.hotspot_activated.emit(window.session.tour.scene("courtyard").hotspots[0])
    summary = summarize(tmp_path / "visits.sqlite3")
    assert summary.sessions == 1
    assert summary.by_language == {"zh-Hans": 1}
    assert ("courtyard", 1) in summary.top_scenes


def test_idle_prompt_then_reset_to_the_start(qtbot, start_kiosk, tmp_path):
    kiosk = start_kiosk()
    window, clock = kiosk.window, kiosk.clock
    kiosk.begin_visit("ug")
    session = window.session
    first = session.scene.id
    session.go_to("courtyard", View(yaw=40.0, pitch=10.0, hfov=70.0))
    qtbot.waitUntil(lambda: window.scene.id == "courtyard", timeout=TIMEOUT_MS)
    hotspot = next(h for h in window.scene.hotspots if h.kind == "info")
    window.hotspot_activated.emit(hotspot)
    assert window.info_panel.is_open
    clock.advance(kiosk.config.idle_timeout - 1)
    kiosk.tick()
    assert not kiosk.prompt.isVisible() and kiosk.state is IdleState.ACTIVE
    clock.advance(1)
    kiosk.tick()
    assert kiosk.prompt.isVisible() and kiosk.state is IdleState.PROMPT
    clock.advance(kiosk.config.prompt_seconds)
    kiosk.tick()
    assert not kiosk.prompt.isVisible()
    assert kiosk.state is IdleState.ATTRACT
    assert not window.info_panel.is_open
    assert session.language == session.tour.default_language
    assert not session.can_go_back
    assert kiosk.start_screen.isVisible()
    player = window.navigation.controller.player
    assert player is not None and player.loop  # the attract loop plays again
    assert session.scene.id == player.step.scene or session.scene.id == first
    summary = summarize(tmp_path / "visits.sqlite3")
    assert summary.sessions == 1


def test_answering_the_prompt_keeps_the_visit(qtbot, start_kiosk):
    kiosk = start_kiosk()
    kiosk.begin_visit("en")
    kiosk.window.session.go_to("courtyard")
    kiosk.clock.advance(kiosk.config.idle_timeout)
    kiosk.tick()
    assert kiosk.prompt.isVisible()
    QTest.mouseClick(kiosk.prompt.continue_button, Qt.MouseButton.LeftButton)
    assert not kiosk.prompt.isVisible()
    assert kiosk.state is IdleState.ACTIVE
    assert kiosk.window.session.scene.id == "courtyard"


def test_the_idle_timer_is_armed_for_the_timeout(start_kiosk):
    kiosk = start_kiosk(idle_timeout=90.0)
    kiosk.begin_visit("en")
    assert kiosk.idle_timer.isActive()
    assert abs(kiosk.idle_timer.interval() - 90_000) <= 5


def test_exit_needs_the_key_sequence_and_the_pin(qtbot, start_kiosk):
    kiosk = start_kiosk()
    window = kiosk.window
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.panorama_view, Qt.Key.Key_Q, modifiers)
    qtbot.waitUntil(lambda: kiosk.pin_dialog is not None and kiosk.pin_dialog.isVisible(), timeout=5000)
    dialog = kiosk.pin_dialog
    QTest.keyClicks(dialog.entry, "1111")
    QTest.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.message.text()  # "Wrong PIN."
    assert window.isVisible() and not kiosk.exit_authorised
    for digit in PIN:
        next(b for b in dialog.findChildren(type(dialog.ok_button)) if b.text() == digit).click()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert kiosk.exit_authorised


def test_wrong_pins_lock_the_pad(qtbot, start_kiosk):
    kiosk = start_kiosk()
    kiosk.request_exit()
    dialog = kiosk.pin_dialog
    for _ in range(5):
        dialog.entry.setText("0000")
        dialog.submit()
    dialog.entry.setText(PIN)
    dialog.submit()
    assert dialog.isVisible()  # locked out: even the right PIN waits
    kiosk.clock.advance(61)
    dialog.entry.setText(PIN)
    dialog.submit()
    qtbot.waitUntil(lambda: not kiosk.window.isVisible(), timeout=5000)


def test_five_corner_taps_ask_for_the_pin(qtbot, start_kiosk):
    kiosk = start_kiosk()
    kiosk.begin_visit("en")
    view = kiosk.window.panorama_view
    corner = view.mapFrom(kiosk.window, QPoint(6, 6))
    for _ in range(4):
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=corner)
        kiosk.clock.advance(0.3)
    assert kiosk.pin_dialog is None
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.waitUntil(lambda: kiosk.pin_dialog is not None, timeout=5000)
    kiosk.pin_dialog.reject()


def test_two_finger_tap_goes_back(qtbot, start_kiosk):
    kiosk = start_kiosk()
    kiosk.begin_visit("en")
    session = kiosk.window.session
    start = session.scene.id
    session.go_to("courtyard")
    qtbot.waitUntil(lambda: kiosk.window.scene.id == "courtyard", timeout=TIMEOUT_MS)
    device = QTest.createTouchDevice()
    view = kiosk.window.panorama_view
    QTest.touchEvent(view, device).press(0, QPoint(300, 300)).press(1, QPoint(400, 300)).commit()
    QTest.touchEvent(view, device).release(0, QPoint(300, 300)).release(1, QPoint(400, 300)).commit()
    qtbot.waitUntil(lambda: session.scene.id == start, timeout=5000)


def test_autorotation_without_a_guided_tour(qtbot, start_kiosk, tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    kiosk = start_kiosk(make_two_scene_tour(folder))
    assert kiosk.autorotate_timer.isActive()
    session = kiosk.window.session
    yaw = session.view.yaw
    kiosk._autorotate()
    kiosk.clock.advance(10.0)
    kiosk._autorotate()
    turned = (session.view.yaw - yaw) % 360.0
    assert turned == pytest.approx(40.0, abs=0.01)  # 4 degrees a second
    kiosk.begin_visit("")
    assert not kiosk.autorotate_timer.isActive()


def test_a_valid_update_is_switched_to_at_the_idle_reset(qtbot, start_kiosk, tmp_path):
    tour = copy_demo(tmp_path / "tours" / "demo")
    kiosk = start_kiosk(tour)
    newer = copy_demo(tmp_path / "tours" / "demo-v2")
    document = json.loads(newer.read_text(encoding="utf-8"))
    document["title"] = {"en": "Version two"}
    newer.write_text(json.dumps(document), encoding="utf-8")
    kiosk.begin_visit("en")
    assert kiosk.window.session.tour.path == tour  # not under a visitor's fingers
    with qtbot.waitSignal(kiosk.window.session_started, timeout=TIMEOUT_MS):
        idle_until_reset(kiosk)
    assert kiosk.window.session.tour.path.resolve() == newer.resolve()
    assert kiosk.window.session.text(kiosk.window.session.tour.title) == "Version two"
    assert kiosk.window.navigation.controller.player is not None  # attract loop on the new version
    assert kiosk.start_screen.isVisible()


def test_an_invalid_update_is_refused_and_the_tour_goes_on(qtbot, start_kiosk, tmp_path, caplog):
    tour = copy_demo(tmp_path / "tours" / "demo")
    kiosk = start_kiosk(tour)
    broken = copy_demo(tmp_path / "tours" / "demo-v2")
    (broken.parent / "terrace.jpg").unlink()  # half copied
    broken.write_text(broken.read_text(encoding="utf-8"), encoding="utf-8")  # newer than the running one
    kiosk.begin_visit("en")
    session = kiosk.window.session
    idle_until_reset(kiosk)
    qtbot.wait(200)
    assert kiosk.window.session is session and session.tour.path == tour
    assert kiosk.state is IdleState.ATTRACT
    assert any("refus" in record.getMessage().lower() for record in caplog.records)


def test_window_actions_stay_enabled_for_buttons(start_kiosk):
    """Only shortcuts are blocked: on-screen buttons that trigger actions keep working."""
    kiosk = start_kiosk()
    actions = kiosk.window.findChildren(QAction)
    assert actions and any(action.isEnabled() for action in actions)


def test_the_event_loop_beats_for_the_supervisor(qtbot, start_kiosk, tmp_path, monkeypatch):
    heartbeat = tmp_path / "heartbeat.txt"
    monkeypatch.setenv("VTOUR_HEARTBEAT_FILE", str(heartbeat))
    kiosk = start_kiosk()
    assert heartbeat.is_file()  # at start
    assert kiosk.heartbeat_timer.isActive() and kiosk.heartbeat_timer.interval() <= 10_000
    heartbeat.unlink()
    kiosk.heartbeat_timer.timeout.emit()
    assert heartbeat.is_file()


def test_hotspot_markers_are_finger_sized(qtbot, start_kiosk):
    from vtour.geometry.picking import place_markers

    kiosk = start_kiosk()
    kiosk.begin_visit("en")
    window = kiosk.window
    qtbot.waitUntil(lambda: bool(window.hotspot_layer.hotspots), timeout=TIMEOUT_MS)
    layer = window.hotspot_layer
    spot = next(h for h in layer.hotspots if h.kind in ("info", "scene"))
    window.session.set_view(View(yaw=spot.yaw, pitch=spot.pitch, hfov=90.0))
    qtbot.waitUntil(lambda: abs(window.panorama_view.view.yaw - spot.yaw) < 1e-6, timeout=5000)
    marker = next(m for m in place_markers(layer.hotspots, layer.geometry()) if m.hotspot is spot)
    assert layer.marker_scale >= 1.5
    assert layer.hotspot_at(marker.x + 28, marker.y) is marker.hotspot  # a finger's width off centre
    layer.marker_scale = 1.0
    assert layer.hotspot_at(marker.x + 28, marker.y) is not marker.hotspot

"""Scene changes: cross-fade, exact target views, preloading, back/forward."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from hotspot_tour import LOAD_TIMEOUT_MS, make_two_scene_tour, wait_for_scene, wait_idle
from vtour.model.session import resolve_target_view
from vtour.model.tour import View

pytestmark = pytest.mark.ui


def _open(qtbot, window, tmp_path, **kwargs):
    window.open_tour(make_two_scene_tour(tmp_path, **kwargs))
    wait_for_scene(qtbot, window, "a")
    qtbot.wait(30)  # the first scene's own transition_finished
    return window


def _link(window, hotspot_id="go"):
    return next(h for h in window.scene.hotspots if h.id == hotspot_id)


def test_follow_fades_and_then_stops_repainting(qtbot, window, tmp_path):
    _open(qtbot, window, tmp_path, transition={"duration": 0.3})
    switcher = window.scene_switcher
    with qtbot.waitSignal(switcher.transition_finished, timeout=LOAD_TIMEOUT_MS):
        switcher.follow(_link(window))
        wait_for_scene(qtbot, window, "b")
        assert switcher.is_transitioning or switcher.fade_alpha() == 0.0
    qtbot.wait(80)
    assert not switcher._timer.isActive()
    frames = window.panorama_view.frames_painted
    qtbot.wait(200)
    assert window.panorama_view.frames_painted == frames  # render on demand once the fade is over
    assert window.panorama_view.view == View(33, -4, 80)


def test_explicit_target_view_is_honoured_after_the_transition(qtbot, window, tmp_path):
    _open(qtbot, window, tmp_path, transition={"duration": 0.2, "zoomToLink": True})
    with qtbot.waitSignal(window.scene_switcher.transition_finished, timeout=LOAD_TIMEOUT_MS):
        window.scene_switcher.follow(_link(window))
    wait_idle(qtbot, window)
    assert window.session.scene.id == "b"
    assert window.panorama_view.view == View(33, -4, 80)
    assert window.session.view == View(33, -4, 80)


@pytest.mark.parametrize("zoom", [False, True])
def test_same_azimuth_uses_north_offsets(qtbot, window, tmp_path, zoom):
    _open(qtbot, window, tmp_path, link_view="sameAzimuth", transition={"duration": 0.1, "zoomToLink": zoom})
    window.panorama_view.set_view(View(yaw=12, pitch=3, hfov=85))
    link = _link(window)
    expected = resolve_target_view(link, window.session.scene, window.session.view, window.tour.scene("b"))
    # scene a's north is at yaw 10 and scene b's at yaw 100: heading 22 is yaw -78 in b
    assert expected.yaw == pytest.approx(-78)
    window.scene_switcher.follow(link)
    wait_for_scene(qtbot, window, "b")
    wait_idle(qtbot, window)
    assert window.panorama_view.view.yaw == pytest.approx(-78, abs=1e-9)
    assert window.panorama_view.view.pitch == pytest.approx(3)
    assert window.panorama_view.view.hfov == pytest.approx(85)


def test_linked_scene_is_preloaded_and_shown_without_the_loader(qtbot, window, tmp_path):
    _open(qtbot, window, tmp_path, transition={"duration": 0})
    preload = window.scene_switcher.preload
    qtbot.waitUntil(lambda: preload.has("b"), timeout=LOAD_TIMEOUT_MS)
    requests = window.loader._current
    window.scene_switcher.follow(_link(window))
    assert window.scene.id == "b"  # shown synchronously: no decode, no loader request
    assert window.loader._current == requests
    assert not preload.has("b")  # the pixels went to the GPU, not kept twice
    # b links back to a: a is decoded next, so going back is instant too
    qtbot.waitUntil(lambda: preload.has("a"), timeout=LOAD_TIMEOUT_MS)


def test_back_and_forward_by_menu_and_shortcuts(qtbot, window, tmp_path):
    _open(qtbot, window, tmp_path, transition={"duration": 0})
    window.activateWindow()
    qtbot.waitActive(window)  # window shortcuts need an active window
    window.panorama_view.setFocus()
    switcher = window.scene_switcher
    assert not switcher.back_action.isEnabled()
    window.panorama_view.set_view(View(yaw=-40, pitch=2, hfov=70))
    switcher.follow(_link(window))
    wait_for_scene(qtbot, window, "b")
    assert switcher.back_action.isEnabled() and not switcher.forward_action.isEnabled()
    QTest.keyClick(window.panorama_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_for_scene(qtbot, window, "a")
    assert window.panorama_view.view == View(-40, 2, 70)
    assert switcher.forward_action.isEnabled()
    QTest.keyClick(window.panorama_view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    wait_for_scene(qtbot, window, "b")
    QTest.keyClick(window.panorama_view, Qt.Key.Key_Backspace)
    wait_for_scene(qtbot, window, "a")
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Go" in titles and titles.index("&Go") < titles.index("&Help")


def test_reduced_motion_cuts(qtbot, window, tmp_path):
    _open(qtbot, window, tmp_path, transition={"duration": 2.0, "zoomToLink": True})
    window.scene_switcher.reduced_motion = True
    window.scene_switcher.follow(_link(window))
    wait_for_scene(qtbot, window, "b")
    qtbot.wait(50)
    assert not window.scene_switcher._timer.isActive()
    assert window.panorama_view.view == View(33, -4, 80)


def test_a_preload_in_flight_is_waited_for_not_repeated(qtbot, window, tmp_path):
    import threading

    from vtour.io.panorama import load_panorama

    gate, decoded = threading.Event(), []

    def slow_decode(scene):
        gate.wait(10)
        decoded.append(scene.id)
        return load_panorama(scene.source)

    preload = window.scene_switcher.preload
    preload._decode = slow_decode
    _open(qtbot, window, tmp_path, transition={"duration": 0.1})
    qtbot.waitUntil(lambda: preload.is_pending("b"), timeout=LOAD_TIMEOUT_MS)
    requests = window.loader._current
    window.scene_switcher.follow(_link(window))
    assert window.overlay.mode == "progress" and window.scene.id == "a"
    gate.set()
    wait_for_scene(qtbot, window, "b")
    assert decoded.count("b") == 1 and window.loader._current == requests  # (then "a" is preloaded: b links back)
    wait_idle(qtbot, window)
    assert window.panorama_view.view == View(33, -4, 80)


def test_a_link_transition_overrides_the_tour(qtbot, window, tmp_path):
    from dataclasses import replace

    from vtour.model.tour import Transition

    _open(qtbot, window, tmp_path, transition={"duration": 0.9, "zoomToLink": True})
    switcher = window.scene_switcher
    link = _link(window)
    assert switcher.transition_for(link) == Transition(0.9, True)
    assert switcher.transition_for(replace(link, transition=Transition(0.0))) == Transition(0.0, False)
    assert switcher.transition_for(None) == Transition(0.9, True)  # back/forward, scene list

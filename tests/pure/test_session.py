from pathlib import Path

import pytest

from vtour.model.session import TourSession, resolve_target_view
from vtour.model.tour import EquirectSource, Hotspot, Scene, Tour, View, ViewLimits


def _scene(scene_id, north=0.0, hotspots=(), initial=View(yaw=10, pitch=0, hfov=90), limits=ViewLimits()):
    return Scene(id=scene_id, source=EquirectSource(Path(f"/t/{scene_id}.jpg")), north_offset=north,
                 hotspots=tuple(hotspots), initial_view=initial, limits=limits)


def _link(target, view=None):
    return Hotspot(id=f"to-{target}", kind="scene", target_scene=target, target_view=view)


def _tour(*scenes):
    return Tour(path=Path("/t/tour.json"), scenes=scenes, first_scene=scenes[0].id)


def test_target_view_rules():
    a, b = _scene("a", north=30), _scene("b", north=100, initial=View(yaw=-40, pitch=5, hfov=80))
    here = View(yaw=20, pitch=-10, hfov=70)
    assert resolve_target_view(_link("b"), a, here, b) == View(yaw=-40, pitch=5, hfov=80)
    assert resolve_target_view(_link("b", "same"), a, here, b) == View(yaw=20, pitch=-10, hfov=70)
    # heading 20 + 30 = 50 degrees from north; in b, yaw 0 faces 100: yaw -50 faces 50
    assert resolve_target_view(_link("b", "sameAzimuth"), a, here, b) == View(yaw=-50, pitch=-10, hfov=70)
    explicit = View(yaw=170, pitch=3, hfov=60)
    assert resolve_target_view(_link("b", explicit), a, here, b) == explicit


def test_target_view_is_clamped_to_target_limits():
    b = _scene("b", limits=ViewLimits(pitch_min=-20, pitch_max=20, hfov_min=40, hfov_max=100))
    view = resolve_target_view(_link("b", View(yaw=0, pitch=60, hfov=150)), _scene("a"), View(), b)
    assert (view.pitch, view.hfov) == (20, 100)


def test_follow_history_and_events():
    a, b = _scene("a", hotspots=[_link("b", "same")]), _scene("b")
    session = TourSession(_tour(a, b))
    changes = []
    session.scene_changed.connect(changes.append)
    session.set_view(View(yaw=33, pitch=4, hfov=75))
    session.follow(a.hotspots[0])
    assert session.scene.id == "b" and session.view == View(yaw=33, pitch=4, hfov=75)
    assert changes[-1].previous.id == "a" and changes[-1].via is a.hotspots[0]
    session.go_back()
    assert session.scene.id == "a" and session.view.yaw == 33 and session.can_go_forward
    session.go_forward()
    assert session.scene.id == "b" and not session.can_go_forward


def test_following_a_non_link_is_refused():
    info = Hotspot(id="i", kind="info")
    session = TourSession(_tour(_scene("a", hotspots=[info])))
    with pytest.raises(ValueError):
        session.follow(info)


def test_view_changes_are_clamped_and_only_real_changes_emit():
    session = TourSession(_tour(_scene("a", limits=ViewLimits(hfov_min=50, hfov_max=100))))
    seen = []
    session.view_changed.connect(seen.append)
    session.set_view(View(yaw=10, pitch=0, hfov=20))
    session.set_view(View(yaw=10, pitch=0, hfov=20))
    assert [v.hfov for v in seen] == [50]


def test_restart_returns_to_the_start():
    a, b = _scene("a", hotspots=[_link("b")]), _scene("b")
    session = TourSession(_tour(a, b), language="ug")
    session.follow(a.hotspots[0])
    session.restart()
    assert session.scene.id == "a" and session.view == a.initial_view
    assert session.language == "en" and not session.can_go_back


def test_history_is_bounded_for_months_of_attract_loop():
    from vtour.model.session import HISTORY_LIMIT

    tour = _tour(_scene("a"), _scene("b"))
    session = TourSession(tour)
    ids = ["a", "b"]
    for step in range(HISTORY_LIMIT + 50):
        session.go_to(ids[step % len(ids)])
    assert len(session._back) == HISTORY_LIMIT
    session.go_back()
    assert session.can_go_back

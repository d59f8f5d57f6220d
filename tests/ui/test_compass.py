"""The compass: north drawn from the scene's northOffset and the current yaw; the scene title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from vtour.io.tourfile import load_tour
from vtour.model.session import TourSession
from vtour.model.tour import View
from vtour.resources import demo_tour_path
from vtour.ui.compass import Compass, heading, needle_angle, point_name
from vtour.ui.scene_title import SceneTitle

pytestmark = pytest.mark.ui


@pytest.fixture
def session() -> TourSession:
    return TourSession(load_tour(demo_tour_path()))


@pytest.mark.parametrize(("yaw", "north", "expected_heading", "expected_needle"), [
    (0.0, 0.0, 0.0, 0.0),        # looking north: N straight up
    (90.0, 0.0, 90.0, -90.0),    # looking east: north is to the left
    (45.0, 45.0, 90.0, -90.0),
    (-170.0, 45.0, 235.0, 125.0),
    (180.0, 0.0, 180.0, 180.0),  # looking south: north straight down
])
def test_heading_and_needle(yaw, north, expected_heading, expected_needle):
    view = View(yaw, 0.0, 100.0)
    assert heading(view, north) == pytest.approx(expected_heading)
    assert needle_angle(view, north) == pytest.approx(expected_needle)


def test_point_names():
    assert [point_name(d) for d in (0, 44, 46, 90, 180, 235, 359)] == ["N", "NE", "NE", "E", "S", "SW", "N"]


def test_the_needle_turns_with_the_view_and_the_scene(qtbot, session):
    compass = Compass()
    qtbot.addWidget(compass)
    compass.set_session(session)
    session.set_view(View(yaw=30.0, pitch=0.0, hfov=100.0))
    assert compass.heading == pytest.approx(30.0) and compass.needle_angle == pytest.approx(-30.0)
    session.go_to("courtyard", View(yaw=30.0, pitch=0.0, hfov=100.0))  # northOffset 45
    assert compass.heading == pytest.approx(75.0) and compass.needle_angle == pytest.approx(-75.0)
    assert "E" in compass.toolTip()


def test_clicking_the_compass_faces_north(qtbot, session):
    compass = Compass()
    qtbot.addWidget(compass)
    compass.set_session(session)
    session.go_to("courtyard", View(yaw=100.0, pitch=10.0, hfov=80.0))
    compass.show()
    qtbot.mouseClick(compass, Qt.MouseButton.LeftButton)
    assert session.view.yaw == pytest.approx(-45.0) and session.view.pitch == pytest.approx(10.0)
    assert compass.heading == pytest.approx(0.0)


def test_scene_title_follows_scene_and_language(qtbot, session):
    title = SceneTitle()
    qtbot.addWidget(title)
    title.set_session(session)
    assert title.text() == "Sample terrace (generated)"
    session.go_to("courtyard")
    assert title.text() == "Sample courtyard (generated)"
    session.set_language("ug")
    assert title.text() == "ئۈلگە ھويلا (پروگرامما ھاسىل قىلغان)"

"""The site map: dots for scenes (click to go) and a view cone that turns and widens with the view."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPointF, Qt

from vtour.io.tourfile import load_tour
from vtour.model.session import TourSession
from vtour.model.tour import View
from vtour.resources import demo_tour_path
from vtour.ui.site_map import SiteMapView, cone_direction

pytestmark = pytest.mark.ui


@pytest.fixture
def session() -> TourSession:
    return TourSession(load_tour(demo_tour_path()))


@pytest.fixture
def site_map(qtbot, session) -> SiteMapView:
    widget = SiteMapView()
    qtbot.addWidget(widget)
    widget.resize(480, 300)
    widget.set_session(session)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize(("yaw", "scene_north", "map_north", "expected"), [
    (0.0, 0.0, 0.0, 0.0),
    (60.0, 0.0, 0.0, 60.0),
    (45.0, 45.0, 0.0, 90.0),       # looking east on a north-up map: to the right
    (45.0, 45.0, 90.0, 0.0),       # the map's up is east: straight up
    (-170.0, 0.0, 30.0, 160.0),
])
def test_cone_direction(yaw, scene_north, map_north, expected):
    assert cone_direction(View(yaw, 0.0, 90.0), scene_north, map_north) == pytest.approx(expected)


def test_the_cone_turns_and_widens_with_the_view(site_map, session):
    assert site_map.cone_direction() == pytest.approx(0.0)  # the terrace opens facing north
    session.set_view(View(yaw=60.0, pitch=0.0, hfov=70.0))
    assert site_map.cone_direction() == pytest.approx(60.0) and site_map.cone_width() == pytest.approx(70.0)
    session.go_to("courtyard", View(yaw=45.0, pitch=0.0, hfov=100.0))
    assert site_map.cone_direction() == pytest.approx(90.0) and site_map.cone_width() == pytest.approx(100.0)


def test_a_rotated_map_turns_the_cone(qtbot, session):
    tour = replace(session.tour, site_map=replace(session.tour.site_map, north_offset=90.0))
    rotated = TourSession(tour)
    widget = SiteMapView()
    qtbot.addWidget(widget)
    widget.set_session(rotated)
    rotated.set_view(View(yaw=90.0, pitch=0.0, hfov=90.0))  # facing east = the map's up
    assert widget.cone_direction() == pytest.approx(0.0)


def test_the_cone_is_drawn_where_it_points(site_map, session):
    session.set_view(View(yaw=90.0, pitch=0.0, hfov=40.0))  # east: to the right of the terrace dot
    image = site_map.grab().toImage()
    dot = site_map.scene_point("terrace")
    right = image.pixelColor(int(dot.x() + 25), int(dot.y()))
    left = image.pixelColor(int(dot.x() - 25), int(dot.y()))
    assert right.blue() > right.red() + 20  # tinted by the blue cone
    assert not left.blue() > left.red() + 20


def test_clicking_a_dot_goes_to_its_scene(qtbot, site_map, session):
    requested = []
    site_map.scene_requested.connect(requested.append)
    point = site_map.scene_point("courtyard")
    qtbot.mouseClick(site_map, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert session.scene.id == "courtyard" and requested == ["courtyard"]
    assert site_map.scene_at(point + QPointF(30, 0)) is None  # far from every dot: nothing

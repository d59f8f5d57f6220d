"""Panoramas placed in a site model (``pose``): the format, its checks, and the overview cameras."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.geometry.angles import yaw_pitch_to_vector
from vtour.geometry.orbit import OrbitCamera
from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.errors import Severity
from vtour.model.overview import (
    PIN_PREFIX,
    arrival_camera,
    camera_at_panorama,
    model_hotspots,
    panorama_view,
    pin_target,
    placed_panoramas,
    pose_model,
)
from vtour.model.tour import ScenePose, View

BOX = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "gltf" / "Box" / "glTF-Binary" / "Box.glb"


@pytest.fixture
def folder(tmp_path):
    if not BOX.exists():
        pytest.skip("../shared/fixtures is absent (Box.glb)")
    shutil.copy(BOX, tmp_path / "site.glb")
    shutil.copy(BOX, tmp_path / "other.glb")
    Image.new("RGB", (64, 32), (90, 120, 160)).save(tmp_path / "pano.jpg")
    return tmp_path


def write(folder: Path, scenes: dict) -> Path:
    path = folder / "tour.json"
    path.write_text(json.dumps({"version": 1, "firstScene": next(iter(scenes)), "scenes": scenes}, indent=2))
    return path


def messages(path: Path, severity=Severity.ERROR) -> list[str]:
    return [str(d) for d in validate_tour_file(path) if d.severity is severity]


def test_pose_builds_with_default_model(folder):
    path = write(folder, {
        "court": {"panorama": "pano.jpg", "pose": {"position": [1, 1.6, -2], "heading": 370 - 360}},
        "site": {"type": "model", "model": "site.glb", "northOffset": 20},
    })
    tour = load_tour(path)
    court = tour.scene("court")
    assert court.pose == ScenePose(model="site", position=(1.0, 1.6, -2.0), heading=10.0)
    assert tour.scene("site").north_offset == 20.0
    assert placed_panoramas(tour, "site") == (court,)
    assert pose_model(tour, court).id == "site"
    assert pose_model(tour, tour.scene("site")) is None


def test_pose_needs_a_model_when_there_are_several(folder):
    path = write(folder, {
        "court": {"panorama": "pano.jpg", "pose": {"position": [0, 1.6, 0]}},
        "site": {"type": "model", "model": "site.glb"},
        "other": {"type": "model", "model": "other.glb"},
    })
    (error,) = messages(path)
    assert "$.scenes.court.pose" in error and "2 model scenes (site, other)" in error


def test_pose_model_must_be_a_model_scene(folder):
    path = write(folder, {
        "court": {"panorama": "pano.jpg", "pose": {"model": "court", "position": [0, 1.6, 0]}},
        "site": {"type": "model", "model": "site.glb"},
    })
    (error,) = messages(path)
    assert "$.scenes.court.pose.model" in error and "is not a model scene" in error
    path = write(folder, {
        "court": {"panorama": "pano.jpg", "pose": {"model": "sight", "position": [0, 1.6, 0]}},
        "site": {"type": "model", "model": "site.glb"},
    })
    (error,) = messages(path)
    assert "is not a scene of this tour" in error and 'did you mean "site"' in error


def test_pose_shape_is_checked_by_the_schema(folder):
    path = write(folder, {
        "court": {"panorama": "pano.jpg", "pose": {"position": [0, 1.6], "heading": "north"}},
        "site": {"type": "model", "model": "site.glb"},
    })
    found = " ".join(messages(path))
    assert "$.scenes.court.pose.position" in found and "$.scenes.court.pose.heading" in found


def test_disagreeing_north_offset_is_a_warning(folder):
    path = write(folder, {
        "court": {"panorama": "pano.jpg", "northOffset": 90, "pose": {"position": [0, 1.6, 0], "heading": 30}},
        "site": {"type": "model", "model": "site.glb", "northOffset": 20},
    })
    assert messages(path) == []
    (warning,) = messages(path, Severity.WARNING)
    assert "$.scenes.court.northOffset" in warning and "gives 50" in warning
    path = write(folder, {
        "court": {"panorama": "pano.jpg", "northOffset": 52, "pose": {"position": [0, 1.6, 0], "heading": 30}},
        "site": {"type": "model", "model": "site.glb", "northOffset": 20},
    })
    assert messages(path, Severity.WARNING) == []


def test_placed_panoramas_become_scene_links_in_the_model(folder):
    path = write(folder, {
        "site": {"type": "model", "model": "site.glb", "hotspots": [
            {"id": "top", "type": "info", "position": [0, 0.5, 0], "normal": [0, 1, 0]}]},
        "court": {"panorama": "pano.jpg", "title": {"en": "Court"}, "pose": {"position": [0.2, 0.1, 0.3]}},
        "loose": {"panorama": "pano.jpg"},
    })
    tour = load_tour(path)
    spots = model_hotspots(tour, tour.scene("site"))
    assert [s.id for s in spots] == ["top", PIN_PREFIX + "court"]
    pin = spots[1]
    assert pin.kind == "scene" and pin.target_scene == "court" and pin.position == (0.2, 0.1, 0.3)
    assert pin.title.get("en") == "Court"
    assert pin_target(pin) == "court" and pin_target(spots[0]) is None


@pytest.mark.parametrize("heading", [0.0, 90.0, -135.0])
@pytest.mark.parametrize("view", [View(0, 0, 90), View(170, -30, 60), View(-100, 45, 120)])
def test_camera_at_panorama_looks_where_the_panorama_looks(heading, view):
    pose = ScenePose("site", (3.0, 1.6, -4.0), heading)
    aspect = 16 / 9
    camera = camera_at_panorama(pose, view, OrbitCamera(fov=45.0), aspect)
    np.testing.assert_allclose(camera.eye, pose.position, atol=1e-9)
    # The direction at panorama yaw y is the model direction at yaw y + heading.
    np.testing.assert_allclose(camera.direction, yaw_pitch_to_vector(view.yaw + heading, view.pitch), atol=1e-9)
    assert camera.hfov(aspect) == pytest.approx(view.hfov)
    back = panorama_view(pose, camera, aspect)
    assert back.yaw == pytest.approx(view.yaw if view.yaw <= 180 else view.yaw - 360)
    assert (back.pitch, back.hfov) == pytest.approx((view.pitch, view.hfov))


def test_arrival_keeps_the_heading_and_levels_the_view():
    pose = ScenePose("site", (1.0, 1.6, 1.0), 40.0)
    current = OrbitCamera(target=(0, 0, 0), distance=30.0, yaw=75.0, pitch=-40.0, fov=50.0)
    arrival = arrival_camera(pose, current, 1.5)
    np.testing.assert_allclose(arrival.eye, pose.position, atol=1e-9)
    assert arrival.yaw == pytest.approx(75.0) and arrival.pitch == pytest.approx(0.0)
    assert arrival.fov == pytest.approx(50.0)
    assert panorama_view(pose, arrival, 1.5).yaw == pytest.approx(35.0)


def test_model_scene_background_and_sun(folder):
    from vtour.model.tour import SunLight

    path = write(folder, {
        "site": {"type": "model", "model": "site.glb", "background": "environment",
                 "sun": {"direction": [0.3, 1, 0.5], "intensity": 3}},
        "plain": {"type": "model", "model": "other.glb", "background": "#FF8000"},
    })
    tour = load_tour(path)
    site, plain = tour.scene("site").source, tour.scene("plain").source
    assert site.show_environment and site.background is None
    assert site.sun == SunLight(direction=(0.3, 1.0, 0.5), intensity=3.0)
    assert not plain.show_environment and plain.sun is None
    assert plain.background == pytest.approx((1.0, 128 / 255, 0.0))
    path = write(folder, {"site": {"type": "model", "model": "site.glb", "background": "sky",
                                   "sun": {"direction": [0, 0, 0]}}})
    found = " ".join(messages(path))
    assert "$.scenes.site.background" in found and "$.scenes.site.sun.direction" in found

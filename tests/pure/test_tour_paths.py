"""Asset paths may not leave the tour's folder, however they are written."""

from __future__ import annotations

import os

import pytest

from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.errors import TourError
from vtour.model.semantics import path_problem

PANORAMA = "$.scenes.hall.panorama"


@pytest.mark.parametrize(
    "value, problem",
    [
        ("../pano.jpg", "leaves the tour's folder"),
        ("../../etc/passwd", "leaves the tour's folder"),
        ("faces/../../pano.jpg", "leaves the tour's folder"),
        ("..", "leaves the tour's folder"),
        (".", "names the tour's folder"),
        ("/etc/passwd", "is an absolute path"),
        ("C:\\Windows\\win.ini", "is a Windows drive path"),
        ("c:/pano.jpg", "is a Windows drive path"),
        ("\\\\server\\share\\pano.jpg", "is a network path"),
        ("//server/share/pano.jpg", "is a network path"),
        ("images\\pano.jpg", "contains a backslash"),
        ("pano.jpg\x00.png", "contains a control character"),
        ("pano\n.jpg", "contains a control character"),
        ("https://example.org/pano.jpg", "is a URL"),
        ("file:///etc/passwd", "is a URL"),
        ("data:image/png;base64,AAAA", "is a URL"),
        ("", "must not be empty"),
    ],
)
def test_hostile_path_is_an_error_and_never_opened(write_tour, minimal_tour, only, value, problem):
    diagnostics = validate_tour_file(write_tour(minimal_tour(panorama=value)))
    assert problem in only(diagnostics, PANORAMA).message


@pytest.mark.parametrize("value", ["pano.jpg", "./pano.jpg", "faces/../pano.jpg", "faces/front.png", "名.jpg"])
def test_paths_that_stay_inside_are_accepted(value):
    assert path_problem(value) is None


def test_dot_dot_that_stays_inside_loads(write_tour, minimal_tour, tour_dir):
    tour = load_tour(write_tour(minimal_tour(panorama="faces/../pano.jpg")))
    assert tour.start_scene.source.path == (tour_dir / "pano.jpg").resolve()


def test_symlink_pointing_outside_is_refused(write_tour, minimal_tour, tour_dir, tmp_path, only):
    outside = tmp_path / "secret.jpg"
    (tour_dir / "pano.jpg").rename(outside)
    os.symlink(outside, tour_dir / "pano.jpg")
    diagnostic = only(validate_tour_file(write_tour(minimal_tour())), PANORAMA)
    assert diagnostic.message == '"pano.jpg" leaves the tour\'s folder (through a symbolic link)'


def test_symlinked_folder_pointing_outside_is_refused(write_tour, minimal_tour, tour_dir, tmp_path, only):
    (tmp_path / "elsewhere").mkdir()
    (tour_dir / "pano.jpg").rename(tmp_path / "elsewhere" / "pano.jpg")
    os.symlink(tmp_path / "elsewhere", tour_dir / "images")
    diagnostics = validate_tour_file(write_tour(minimal_tour(panorama="images/pano.jpg")))
    assert "leaves the tour's folder" in only(diagnostics, PANORAMA).message


def test_symlinked_folder_that_comes_back_inside_is_fine(write_tour, minimal_tour, tour_dir, tmp_path):
    os.symlink(tmp_path, tour_dir / "up")  # up/tour/ is the tour folder itself
    assert validate_tour_file(write_tour(minimal_tour(panorama="up/tour/pano.jpg"))) == []


def test_symlink_inside_the_folder_is_fine(write_tour, minimal_tour, tour_dir):
    os.symlink("pano.jpg", tour_dir / "alias.jpg")
    tour = load_tour(write_tour(minimal_tour(panorama="alias.jpg")))
    assert tour.start_scene.source.path == (tour_dir / "pano.jpg").resolve()


def test_symlink_loop_is_an_error_not_a_crash(write_tour, minimal_tour, tour_dir, only):
    os.symlink("loop.jpg", tour_dir / "loop.jpg")
    diagnostics = validate_tour_file(write_tour(minimal_tour(panorama="loop.jpg")))
    assert only(diagnostics, PANORAMA).message.startswith('"loop.jpg"')


def test_tour_file_reached_through_a_symlink_uses_its_real_folder(write_tour, minimal_tour, tmp_path):
    real = write_tour(minimal_tour())
    os.symlink(real, tmp_path / "link.json")  # tmp_path has no pano.jpg: assets come from the real folder
    assert load_tour(tmp_path / "link.json").start_scene.source.path == real.parent.resolve() / "pano.jpg"


def test_fifo_is_refused_without_blocking(write_tour, minimal_tour, tour_dir, only):
    os.mkfifo(tour_dir / "pipe.jpg")
    diagnostics = validate_tour_file(write_tour(minimal_tour(panorama="pipe.jpg")))
    assert only(diagnostics, PANORAMA).message == '"pipe.jpg" is not a regular file'


def test_very_long_path_is_an_error(write_tour, minimal_tour, only):
    diagnostics = validate_tour_file(write_tour(minimal_tour(panorama="a" * 1000 + ".jpg")))
    message = only(diagnostics, PANORAMA).message
    assert message.startswith('"aaaa') and "..." in message  # shortened in the message


def test_hostile_cube_face_is_reported_at_the_face(write_tour, only):
    faces = {name: f"faces/{name}.png" for name in ("front", "right", "back", "left", "up", "down")}
    faces["up"] = "../../../etc/shadow"
    path = write_tour({"version": 1, "scenes": {"c": {"type": "cube", "faces": faces}}})
    with pytest.raises(TourError) as caught:
        load_tour(path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.json_path == "$.scenes.c.faces.up" and "leaves the tour's folder" in diagnostic.message

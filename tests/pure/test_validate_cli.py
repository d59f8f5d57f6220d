"""`vtour validate`: output format, summary, exit codes."""

from __future__ import annotations

import logging
import re

import pytest

from vtour.cli import main
from vtour.resources import demo_tour_path

LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): (?P<path>\$\S*): (?P<message>.+)$")


def run(capsys, *args):
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_valid_tour_exits_0_and_prints_nothing(capsys, caplog, write_tour, minimal_tour):
    caplog.set_level(logging.INFO)
    path = write_tour(minimal_tour())
    code, lines, _ = run(capsys, path)
    assert code == 0 and lines == []
    assert f"{path}: valid (0 errors, 0 warnings)" in caplog.text


def test_invalid_tour_exits_1_with_one_line_per_problem(capsys, caplog, write_tour):
    path = write_tour('{"version": 1, "firstScene": "x",\n "scenes": {"a": {"panorama": "gone.jpg"}}}')
    code, lines, _ = run(capsys, path)
    assert code == 1
    assert lines == [
        f'{path}:1:30: $.firstScene: no scene "x"',
        f'{path}:2:31: $.scenes.a.panorama: "gone.jpg": file not found',
    ]
    assert all(LINE.match(line) for line in lines)
    assert f"{path}: invalid (2 errors, 0 warnings)" in caplog.text


def test_warnings_pass_unless_strict(capsys, write_tour, minimal_tour):
    path = write_tour(minimal_tour(hotSpots=[]))
    code, lines, _ = run(capsys, path)
    assert code == 0
    (line,) = lines
    assert LINE.match(line).group("message").startswith("warning: unknown key")
    code, _, _ = run(capsys, "--strict", path)
    assert code == 1


def test_several_files_one_bad(capsys, write_tour, minimal_tour, tour_dir):
    good = write_tour(minimal_tour())
    code, lines, _ = run(capsys, good, tour_dir / "pano.jpg", tour_dir / "absent.json")
    assert code == 1 and lines == [f"{tour_dir / 'absent.json'}:1:1: $: file not found"]


def test_bare_image(capsys, tour_dir):
    assert run(capsys, tour_dir / "pano.jpg")[0] == 0
    code, lines, _ = run(capsys, tour_dir / "wide.jpg")
    assert code == 0 and "warning: the image is 60x32, not 2:1" in lines[0]


@pytest.mark.parametrize("args", [[], ["--no-such-option", "x.json"]])
def test_usage_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as caught:
        main(["validate", *args])
    assert caught.value.code == 2
    assert "usage: vtour" in capsys.readouterr().err


def test_help_shows_an_example(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "vtour validate assets/demo/tour.json" in out and "--strict" in out


def test_the_bundled_demo_validates(capsys):
    code, lines, _ = run(capsys, demo_tour_path())
    assert code == 0 and lines == []

"""``vtour tile``: arguments, exit codes, messages, progress bar (the tiling itself is test_tiler.py's)."""

from __future__ import annotations

import argparse
import io
import json
import logging
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vtour.commands import tile


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="vtour")
    tile.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def vtour_tile(argv: list[str]) -> int:
    args = parse(["tile", *argv])
    return args.func(args)


@pytest.fixture(scope="module")
def pano(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("input") / "courtyard.jpg"
    rng = np.random.default_rng(5)
    Image.fromarray(rng.integers(0, 256, (128, 256, 3), dtype=np.uint8)).resize((512, 256)).save(path, quality=90)
    return path


@pytest.fixture(autouse=True)
def errors_logged(caplog):
    caplog.set_level(logging.INFO, logger="vtour.tile")
    return caplog


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit) as caught:
        parse(["tile", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert "usage: vtour tile" in out and "examples:" in out and "--faces FRONT RIGHT BACK LEFT UP DOWN" in out
    assert "exit status" in out


def test_module_convention():
    args = parse(["tile", "p.jpg", "-o", "out"])
    assert args.func is tile.run and args.tile_size == 512 and args.quality == 90 and args.jobs is None
    assert not args.force and args.faces is None


def test_tiles_a_panorama(pano, tmp_path, caplog):
    out = tmp_path / "out"
    assert vtour_tile([str(pano), "-o", str(out), "--tile-size", "64", "--jobs", "1", "--quality", "80"]) == 0
    tour = json.loads((out / "tour.json").read_text(encoding="utf-8"))
    assert tour["scenes"]["courtyard"]["multires"]["tileResolution"] == 64
    assert (out / "tiles" / "config.json").is_file() and not (out / "tiles" / ".incomplete").exists()
    assert "wrote" in caplog.text and "cube 160 px, 3 levels" in caplog.text


def test_existing_output_needs_force(pano, tmp_path, caplog):
    out = tmp_path / "out"
    assert vtour_tile([str(pano), "-o", str(out), "--jobs", "1"]) == 0
    caplog.clear()
    assert vtour_tile([str(pano), "-o", str(out), "--jobs", "1"]) == 1
    assert str(out) in caplog.text and "--force" in caplog.text
    assert "Traceback" not in caplog.text
    assert vtour_tile([str(pano), "-o", str(out), "--jobs", "1", "--force"]) == 0


def test_unfinished_output_with_other_options(pano, tmp_path, caplog):
    out = tmp_path / "out"
    (out / "tiles").mkdir(parents=True)
    (out / "tiles" / ".incomplete").write_text(json.dumps({"vtour": "tile", "options": {}}), encoding="utf-8")
    assert vtour_tile([str(pano), "-o", str(out), "--jobs", "1"]) == 1
    assert f"{out / 'tiles'}: holds an unfinished tile set" in caplog.text


@pytest.mark.parametrize("content, message", [
    (None, "file not found"),
    (b"not an image", "not a readable image"),
    ("wide", "300x100 is not a full equirectangular panorama"),
    ("truncated", "corrupt or truncated"),
])
def test_bad_input_exit_1_naming_the_file(pano, tmp_path, caplog, content, message):
    path = tmp_path / "input.jpg"
    if content == "wide":
        Image.new("RGB", (300, 100)).save(path)
    elif content == "truncated":
        path.write_bytes(pano.read_bytes()[:3000])
    elif content is not None:
        path.write_bytes(content)
    assert vtour_tile([str(path), "-o", str(tmp_path / "out"), "--jobs", "1"]) == 1
    assert f"{path}: {message}" in caplog.text
    assert "Traceback" not in caplog.text


def test_faces(tmp_path, caplog):
    faces = []
    for name in ("f", "r", "b", "l", "u", "d"):
        faces.append(str(tmp_path / f"hall-{name}.png"))
        Image.new("RGB", (96, 96), (40, 80, 120)).save(faces[-1])
    out = tmp_path / "out"
    assert vtour_tile(["--faces", *faces, "-o", str(out), "--tile-size", "64", "--jobs", "1"]) == 0
    assert json.loads((out / "tour.json").read_text(encoding="utf-8"))["firstScene"] == "hall"
    Image.new("RGB", (96, 64)).save(faces[2])
    assert vtour_tile(["--faces", *faces, "-o", str(tmp_path / "other"), "--jobs", "1"]) == 1
    assert "hall-b.png: the back face is 96x64, not square" in caplog.text


def test_usage_errors_exit_2(pano, tmp_path, capsys):
    assert vtour_tile(["-o", str(tmp_path / "out")]) == 2  # neither a panorama nor --faces
    for argv in (["--tile-size", "8"], ["--tile-size", "big"], ["--quality", "101"], ["--jobs", "0"],
                 ["--faces", "a.jpg", "b.jpg"]):
        with pytest.raises(SystemExit) as caught:
            parse(["tile", str(pano), "-o", str(tmp_path / "out"), *argv])
        assert caught.value.code == 2, argv
    with pytest.raises(SystemExit) as caught:  # -o is required
        parse(["tile", str(pano)])
    assert caught.value.code == 2
    assert "outside 16..4096" in capsys.readouterr().err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_only():
    terminal = FakeTerminal()
    bar = tile.ProgressBar(terminal, width=10)
    bar(0, 40)
    bar(40, 40)
    bar.close()
    text = terminal.getvalue()
    assert "[..........]   0%  0/40 files" in text and "[##########] 100%  40/40 files" in text
    assert text.endswith("\n")
    pipe = io.StringIO()
    quiet = tile.ProgressBar(pipe)
    quiet(1, 2)
    quiet.close()
    assert pipe.getvalue() == ""

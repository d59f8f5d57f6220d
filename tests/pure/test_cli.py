import pytest

from vtour.cli import _with_default_command, main


@pytest.mark.parametrize(
    "argv,expected",
    [
        ([], ["view"]),
        (["tour.json"], ["view", "tour.json"]),
        (["--fullscreen", "tour.json"], ["view", "--fullscreen", "tour.json"]),
        (["-v", "tour.json"], ["-v", "view", "tour.json"]),
        (["render", "x.jpg"], ["render", "x.jpg"]),
        (["-q", "validate", "t.json"], ["-q", "validate", "t.json"]),
        (["--help"], ["--help"]),
    ],
)
def test_default_command(argv, expected):
    assert _with_default_command(argv) == expected


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("view", "edit", "render", "validate", "bench"):
        assert command in out


@pytest.mark.parametrize("command", ["view", "edit", "kiosk", "render", "validate", "tile", "import", "export", "bench", "report"])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: vtour " + command in capsys.readouterr().out


def test_edit_refuses_what_is_not_a_tour_file(tmp_path, caplog):
    image = tmp_path / "pano.jpg"
    image.write_bytes(b"not really")
    assert main(["edit", str(image)]) == 1
    assert main(["edit", str(tmp_path / "missing.json")]) == 1
    assert "not a tour file" in caplog.text


def test_edit_new_refuses_an_empty_folder_and_needs_one_of_tour_or_new(tmp_path, caplog):
    assert main(["edit", "--new", str(tmp_path)]) == 1
    assert "no panoramas" in caplog.text and not (tmp_path / "tour.json").exists()
    assert main(["edit"]) == 2

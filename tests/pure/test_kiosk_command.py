"""``vtour kiosk``: the PIN setup writes a hashed configuration; bad set-ups fail clearly."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from vtour.cli import main
from vtour.kiosk.config import check_pin, load_kiosk_config
from vtour.resources import demo_tour_path


@pytest.fixture
def tour(tmp_path):
    shutil.copytree(demo_tour_path().parent, tmp_path / "demo")
    return tmp_path / "demo" / "tour.json"


def test_set_pin_writes_a_hashed_config_beside_the_tour(tour, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    assert main(["kiosk", "--set-pin", "--pin-stdin", str(tour)]) == 0
    written = tour.parent / "kiosk.json"
    assert "4321" not in written.read_text(encoding="utf-8")
    config = load_kiosk_config(written)
    assert config.tour == tour.resolve()
    assert check_pin("4321", config.pin) and not check_pin("1234", config.pin)


def test_set_pin_keeps_the_other_settings(tour, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("4321\n"))
    main(["kiosk", "--set-pin", "--pin-stdin", str(tour)])
    path = tour.parent / "kiosk.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["idleTimeout"] = 120
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("98765\n"))
    assert main(["kiosk", "--set-pin", "--pin-stdin", "--config", str(path)]) == 0
    config = load_kiosk_config(path)
    assert config.idle_timeout == 120 and check_pin("98765", config.pin)


def test_a_pin_that_is_not_digits_is_refused(tour, monkeypatch, caplog):
    monkeypatch.setattr("sys.stdin", io.StringIO("abc\n"))
    assert main(["kiosk", "--set-pin", "--pin-stdin", str(tour)]) == 1
    assert not (tour.parent / "kiosk.json").exists()
    assert "4 to 12 digits" in caplog.text


def test_without_a_config_the_kiosk_says_how_to_make_one(tour, caplog):
    assert main(["kiosk", str(tour)]) == 1
    assert "vtour kiosk --set-pin" in caplog.text and "kiosk.json" in caplog.text


def test_a_broken_config_is_reported_with_its_json_path(tour, caplog):
    (tour.parent / "kiosk.json").write_text('{"tour": "tour.json", "pin": {}, "idleTimeout": -5}', encoding="utf-8")
    assert main(["kiosk", str(tour)]) == 1
    assert "kiosk.json" in caplog.text and "$." in caplog.text


def test_nothing_named_is_a_usage_error(caplog):
    assert main(["kiosk"]) == 2


def test_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["kiosk", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--set-pin" in out and "--watchdog" in out and "PIN" in out

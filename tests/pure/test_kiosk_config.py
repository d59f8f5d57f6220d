"""The kiosk configuration file: loading, precise errors, the hashed PIN and the round trip."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from vtour.kiosk.config import (
    KioskConfig,
    KioskConfigError,
    check_pin,
    hash_pin,
    load_kiosk_config,
    write_kiosk_config,
)

# One hash shared by the module: scrypt is deliberately slow.
PIN_HASH = hash_pin("2468")


def write(tmp_path: Path, data, name: str = "kiosk.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def minimal(**extra):
    return {"tour": "tour/tour.json", "pin": PIN_HASH, **extra}


def full():
    return minimal(
        screen=1,
        idleTimeout=90,
        promptSeconds=15.5,
        languages=["en", "zh-Hans", "ug"],
        updateFolder="updates",
        dailyRestart="04:30",
        exitSequence="Ctrl+Alt+K",
        analytics="data/visits.sqlite3",
    )


def test_full_file_loads(tmp_path):
    config = load_kiosk_config(write(tmp_path, full()))
    base = tmp_path.absolute()
    assert config.tour == base / "tour" / "tour.json"
    assert config.screen == 1
    assert config.idle_timeout == 90.0
    assert config.prompt_seconds == 15.5
    assert config.languages == ("en", "zh-Hans", "ug")
    assert config.update_folder == base / "updates"
    assert config.daily_restart == datetime.time(4, 30)
    assert config.exit_sequence == "Ctrl+Alt+K"
    assert config.analytics == base / "data" / "visits.sqlite3"
    assert config.pin == PIN_HASH


def test_defaults(tmp_path):
    config = load_kiosk_config(write(tmp_path, minimal()))
    assert config.screen == 0
    assert (config.idle_timeout, config.prompt_seconds) == (60.0, 10.0)
    assert config.languages is None
    assert config.update_folder is None
    assert config.daily_restart is None
    assert config.exit_sequence == "Ctrl+Alt+Shift+Q"
    assert config.analytics == tmp_path.absolute() / "kiosk-analytics.sqlite3"


def load_error(tmp_path, data) -> KioskConfigError:
    path = write(tmp_path, data)
    with pytest.raises(KioskConfigError) as caught:
        load_kiosk_config(path)
    error = caught.value
    assert error.path == path
    assert str(error) == f"{path}: {error.json_path}: {error.message}"
    return error


@pytest.mark.parametrize(
    ("data", "json_path", "fragment"),
    [
        ("{not json", "$", "not valid JSON"),
        ("[1, 2]", "$", "must be a JSON object"),
        ({"pin": PIN_HASH}, "$", 'missing "tour"'),
        ({"tour": "t.json"}, "$", 'missing "pin"'),
        (minimal(tour=3), "$.tour", "path string"),
        (minimal(screen="0"), "$.screen", "integer"),
        (minimal(screen=True), "$.screen", "integer"),
        (minimal(screen=-1), "$.screen", ">= 0"),
        (minimal(idleTimeout="60"), "$.idleTimeout", "number"),
        (minimal(idleTimeout=0), "$.idleTimeout", "> 0"),
        (minimal(promptSeconds=-1), "$.promptSeconds", ">= 0"),
        (minimal(languages="en"), "$.languages", "list"),
        (minimal(languages=[]), "$.languages", "empty"),
        (minimal(languages=["en", 5]), "$.languages[1]", "non-empty string"),
        (minimal(languages=["en", "en"]), "$.languages[1]", "twice"),
        (minimal(updateFolder=[]), "$.updateFolder", "path string"),
        (minimal(dailyRestart="4:30"), "$.dailyRestart", "HH:MM"),
        (minimal(dailyRestart="24:00"), "$.dailyRestart", "time of day"),
        (minimal(dailyRestart="12:60"), "$.dailyRestart", "time of day"),
        (minimal(dailyRestart=430), "$.dailyRestart", "HH:MM"),
        (minimal(exitSequence=""), "$.exitSequence", "key sequence"),
        (minimal(pin="2468"), "$.pin", "object"),
        (minimal(pin={**PIN_HASH, "algorithm": "md5"}), "$.pin.algorithm", "scrypt"),
        (minimal(pin={**PIN_HASH, "salt": "xyz"}), "$.pin.salt", "hex"),
        (minimal(pin={**PIN_HASH, "n": 1000}), "$.pin.n", "power of 2"),
        (minimal(pin={k: v for k, v in PIN_HASH.items() if k != "hash"}), "$.pin", "hash"),
        (minimal(pin={**PIN_HASH, "pin": "2468"}), "$.pin.pin", "unknown key"),
        (minimal(analytics=None), "$.analytics", "path string"),
    ],
)
def test_errors_name_file_and_json_path(tmp_path, data, json_path, fragment):
    error = load_error(tmp_path, data)
    assert error.json_path == json_path
    assert fragment in error.message


def test_unknown_key_suggests_the_right_one(tmp_path):
    error = load_error(tmp_path, minimal(idleTimout=30))
    assert error.json_path == "$.idleTimout"
    assert 'did you mean "idleTimeout"' in error.message


def test_missing_file(tmp_path):
    with pytest.raises(KioskConfigError) as caught:
        load_kiosk_config(tmp_path / "absent.json")
    assert caught.value.json_path == "$"
    assert "cannot read" in caught.value.message


def test_pin_hash_and_check():
    assert check_pin("2468", PIN_HASH)
    assert not check_pin("2469", PIN_HASH)
    assert not check_pin("", PIN_HASH)


def test_same_pin_hashes_differently():
    again = hash_pin("2468")
    assert again["salt"] != PIN_HASH["salt"]
    assert again["hash"] != PIN_HASH["hash"]
    assert check_pin("2468", again)


def test_stored_pin_has_no_plaintext():
    stored = hash_pin("90817263")
    assert "90817263" not in json.dumps(stored)
    assert set(stored) == {"algorithm", "salt", "hash", "n", "r", "p"}
    assert (stored["algorithm"], stored["n"], stored["r"], stored["p"]) == ("scrypt", 16384, 8, 1)
    assert len(bytes.fromhex(stored["salt"])) == 16


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", "١٢٣٤", None, 1234])
def test_hash_pin_rejects_bad_pins(pin):
    with pytest.raises(ValueError):
        hash_pin(pin)


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "hash",
        [],
        {},
        {**PIN_HASH, "algorithm": "sha256"},
        {**PIN_HASH, "salt": "zz"},
        {**PIN_HASH, "hash": ""},
        {**PIN_HASH, "n": "16384"},
        {**PIN_HASH, "n": 3},
        {**PIN_HASH, "n": 1 << 40},  # would exhaust memory
        {**PIN_HASH, "r": 0},
        {**PIN_HASH, "p": True},
        {k: v for k, v in PIN_HASH.items() if k != "salt"},
    ],
)
def test_malformed_stored_pin_is_false(stored):
    assert check_pin("2468", stored) is False


def test_write_then_load_round_trip(tmp_path):
    original = load_kiosk_config(write(tmp_path, full(), name="source.json"))
    target = tmp_path / "kiosk.json"
    write_kiosk_config(target, original)
    assert load_kiosk_config(target) == original
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["tour"] == "tour/tour.json"
    assert data["idleTimeout"] == 90
    assert data["dailyRestart"] == "04:30"
    first = target.read_text(encoding="utf-8")
    write_kiosk_config(target, load_kiosk_config(target))
    assert target.read_text(encoding="utf-8") == first  # stable output


def test_round_trip_of_defaults(tmp_path):
    config = KioskConfig(tour=tmp_path / "t.json", pin=hash_pin("0000"))
    target = tmp_path / "kiosk.json"
    write_kiosk_config(target, config)
    loaded = load_kiosk_config(target)
    assert loaded.analytics == tmp_path.absolute() / "kiosk-analytics.sqlite3"
    assert loaded.tour == config.tour
    assert loaded.languages is None and loaded.daily_restart is None
    assert check_pin("0000", loaded.pin)

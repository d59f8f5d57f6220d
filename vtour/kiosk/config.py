"""The kiosk configuration file: which tour to run unattended, how, and the operator PIN.

A kiosk is set up once by staff and then runs for months without anyone watching the log, so
the file is checked strictly on load (wrong types, unknown keys, out-of-range values) and every
error names the file and the JSON path of the culprit.

File format (a JSON object; only ``tour`` and ``pin`` are required)::

    {
      "tour": "tour/tour.json",          # path of the tour, relative to this file
      "screen": 0,                       # index of the screen to go fullscreen on (>= 0)
      "idleTimeout": 60,                 # seconds without input before the "still there?" prompt
      "promptSeconds": 10,               # seconds the prompt stays up (0: no prompt)
      "languages": ["en", "zh"],         # offered on the start screen; null/absent: the tour's
      "updateFolder": "updates",         # optional folder where new tour versions are dropped
      "dailyRestart": "04:30",           # "HH:MM" local time of a daily restart, or null
      "exitSequence": "Ctrl+Alt+Shift+Q",# key sequence that asks for the PIN to leave kiosk mode
      "pin": {"algorithm": "scrypt", "salt": "<hex>", "hash": "<hex>", "n": 16384, "r": 8, "p": 1},
      "analytics": "kiosk-analytics.sqlite3"  # analytics database, relative to this file
    }

The PIN itself is never stored: only a salted scrypt hash (see :func:`hash_pin`), so reading the
file off the kiosk does not reveal how to leave kiosk mode.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vtour.io.safe_save import save_atomically
from vtour.model.issues import did_you_mean

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_ANALYTICS",
    "DEFAULT_EXIT_SEQUENCE",
    "KioskConfig",
    "KioskConfigError",
    "check_pin",
    "hash_pin",
    "load_kiosk_config",
    "write_kiosk_config",
]

DEFAULT_EXIT_SEQUENCE = "Ctrl+Alt+Shift+Q"
DEFAULT_ANALYTICS = "kiosk-analytics.sqlite3"

# scrypt cost parameters: ~16 MiB and tens of milliseconds per check, which makes guessing a
# 4-12 digit PIN from a stolen config file slow without making the operator wait.
SCRYPT_N = 16384
SCRYPT_R = 8
SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32
# Bounds on stored parameters, so a tampered file cannot make check_pin eat the kiosk's memory.
_MAX_N = 1 << 20
_MAX_MEM = 256 * 1024 * 1024

_PIN_RE = re.compile(r"[0-9]{4,12}")
_HHMM_RE = re.compile(r"([0-9]{2}):([0-9]{2})")
_HEX_RE = re.compile(r"(?:[0-9a-fA-F]{2})+")

KEYS = (
    "tour",
    "screen",
    "idleTimeout",
    "promptSeconds",
    "languages",
    "updateFolder",
    "dailyRestart",
    "exitSequence",
    "pin",
    "analytics",
)
PIN_KEYS = ("algorithm", "salt", "hash", "n", "r", "p")


class KioskConfigError(Exception):
    """A problem in the kiosk configuration file; ``str()`` is ``file: $.key: message``."""

    def __init__(self, path: Path | str, json_path: str, message: str) -> None:
        self.path = Path(path)
        self.json_path = json_path
        self.message = message
        super().__init__(f"{self.path}: {json_path}: {message}")


@dataclass(frozen=True)
class KioskConfig:
    """A loaded kiosk configuration; paths are absolute (resolved against the config's folder)."""

    tour: Path
    pin: dict[str, Any]
    screen: int = 0
    idle_timeout: float = 60.0
    prompt_seconds: float = 10.0
    languages: tuple[str, ...] | None = None  # None: the languages the tour offers
    update_folder: Path | None = None
    daily_restart: datetime.time | None = None
    exit_sequence: str = DEFAULT_EXIT_SEQUENCE
    analytics: Path | None = field(default=None)  # None: DEFAULT_ANALYTICS next to the config


# --- PIN -------------------------------------------------------------------------------------


def hash_pin(pin: str) -> dict[str, Any]:
    """The storable, salted scrypt hash of ``pin`` (4-12 ASCII digits, else ValueError).

    A fresh random salt each time means equal PINs on two kiosks give different hashes.
    """
    if not isinstance(pin, str) or not _PIN_RE.fullmatch(pin):
        raise ValueError("the PIN must be 4 to 12 digits")
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=_HASH_BYTES
    )
    return {
        "algorithm": "scrypt",
        "salt": salt.hex(),
        "hash": digest.hex(),
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
    }


def check_pin(pin: str, stored: Any) -> bool:
    """Whether ``pin`` matches ``stored`` (from :func:`hash_pin`); never raises.

    A malformed or tampered ``stored`` gives False rather than an exception, so the exit dialog
    can only ever refuse; the comparison is constant-time to leak nothing through timing.
    """
    if not isinstance(pin, str) or _pin_problem(stored) is not None:
        return False
    try:
        salt = bytes.fromhex(stored["salt"])
        expected = bytes.fromhex(stored["hash"])
        digest = hashlib.scrypt(
            pin.encode("utf-8"),
            salt=salt,
            n=stored["n"],
            r=stored["r"],
            p=stored["p"],
            dklen=len(expected),
            maxmem=_MAX_MEM,
        )
    except (ValueError, TypeError, OverflowError, MemoryError) as error:
        log.warning("stored PIN hash is unusable: %s", error)
        return False
    return hmac.compare_digest(digest, expected)


def _pin_problem(stored: Any) -> tuple[str, str] | None:
    """``(sub-path, message)`` for the first problem in a stored PIN object, or None when sound."""
    if not isinstance(stored, dict):
        return "", f"must be an object, not {_type_name(stored)}"
    for key in stored:
        if key not in PIN_KEYS:
            return f".{key}", "unknown key" + did_you_mean(str(key), PIN_KEYS)
    for key in PIN_KEYS:
        if key not in stored:
            return "", f'missing "{key}"'
    if stored["algorithm"] != "scrypt":
        return ".algorithm", 'must be "scrypt"'
    for key in ("salt", "hash"):
        value = stored[key]
        if not isinstance(value, str) or not _HEX_RE.fullmatch(value):
            return f".{key}", "must be a non-empty string of hex bytes"
    if not 16 <= len(stored["hash"]) // 2 <= 64:
        return ".hash", "must be 16 to 64 bytes"
    for key in ("n", "r", "p"):
        value = stored[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f".{key}", "must be a positive integer"
    n = stored["n"]
    if n < 2 or n > _MAX_N or n & (n - 1):
        return ".n", f"must be a power of 2 from 2 to {_MAX_N}"
    if stored["r"] * stored["p"] >= 1 << 30 or 128 * n * stored["r"] > _MAX_MEM:
        return ".r", "r and p are too large"
    return None


# --- loading ---------------------------------------------------------------------------------


def load_kiosk_config(path: Path | str) -> KioskConfig:
    """Read and check the kiosk configuration at ``path``; raises :class:`KioskConfigError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise KioskConfigError(path, "$", f"cannot read the file: {reason}") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KioskConfigError(
            path, "$", f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from error
    if not isinstance(data, dict):
        raise KioskConfigError(path, "$", f"must be a JSON object, not {_type_name(data)}")

    def fail(key: str, message: str) -> KioskConfigError:
        return KioskConfigError(path, f"$.{key}", message)

    for key in data:
        if key not in KEYS:
            raise fail(key, "unknown key" + did_you_mean(key, KEYS))
    for key in ("tour", "pin"):
        if key not in data:
            raise KioskConfigError(path, "$", f'missing "{key}"')

    base = path.parent.absolute()
    tour = _path(data["tour"], base, fail, "tour")

    screen = data.get("screen", 0)
    if isinstance(screen, bool) or not isinstance(screen, int):
        raise fail("screen", f"must be an integer, not {_type_name(screen)}")
    if screen < 0:
        raise fail("screen", f"must be >= 0, not {screen}")

    idle_timeout = _seconds(data.get("idleTimeout", 60), fail, "idleTimeout", allow_zero=False)
    prompt = _seconds(data.get("promptSeconds", 10), fail, "promptSeconds", allow_zero=True)

    languages = data.get("languages")
    if languages is not None:
        if not isinstance(languages, list):
            raise fail("languages", f"must be a list of codes, not {_type_name(languages)}")
        if not languages:
            raise fail("languages", "must not be empty (leave it out to offer the tour's)")
        for index, code in enumerate(languages):
            if not isinstance(code, str) or not code.strip():
                raise fail(f"languages[{index}]", "must be a non-empty string")
            if code in languages[:index]:
                raise fail(f"languages[{index}]", f'"{code}" is listed twice')
        languages = tuple(languages)

    update = data.get("updateFolder")
    update_folder = None if update is None else _path(update, base, fail, "updateFolder")

    restart = data.get("dailyRestart")
    daily_restart = None if restart is None else _hhmm(restart, fail)

    exit_sequence = data.get("exitSequence", DEFAULT_EXIT_SEQUENCE)
    if not isinstance(exit_sequence, str) or not exit_sequence.strip():
        raise fail("exitSequence", "must be a non-empty key sequence such as \"Ctrl+Alt+Shift+Q\"")

    pin = data["pin"]
    problem = _pin_problem(pin)
    if problem is not None:
        raise fail("pin" + problem[0], problem[1])

    analytics = _path(data.get("analytics", DEFAULT_ANALYTICS), base, fail, "analytics")

    config = KioskConfig(
        tour=tour,
        pin=dict(pin),
        screen=screen,
        idle_timeout=idle_timeout,
        prompt_seconds=prompt,
        languages=languages,
        update_folder=update_folder,
        daily_restart=daily_restart,
        exit_sequence=exit_sequence,
        analytics=analytics,
    )
    log.info("loaded kiosk configuration %s (tour %s)", path, tour)
    return config


def _type_name(value: Any) -> str:
    """JSON's name for a value's type, as the file's author knows them."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _path(value: Any, base: Path, fail: Any, key: str) -> Path:
    """A path from the file, resolved against the config's folder so the kiosk can be moved."""
    if not isinstance(value, str) or not value.strip():
        raise fail(key, f"must be a non-empty path string, not {_type_name(value)}")
    if "\0" in value:
        raise fail(key, "must not contain a NUL character")
    return Path(os.path.normpath(base / value))


def _seconds(value: Any, fail: Any, key: str, *, allow_zero: bool) -> float:
    """A finite duration in seconds, > 0 (or >= 0 with ``allow_zero``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(key, f"must be a number of seconds, not {_type_name(value)}")
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise fail(key, f"must be {bound} seconds, not {value}")
    return float(value)


def _hhmm(value: Any, fail: Any) -> datetime.time:
    """A local time of day written "HH:MM" (24-hour, two digits each)."""
    match = _HHMM_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise fail("dailyRestart", f'must be "HH:MM" or null, not {json.dumps(value)}')
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise fail("dailyRestart", f'"{value}" is not a time of day (00:00 to 23:59)')
    return datetime.time(hour, minute)


# --- writing ---------------------------------------------------------------------------------


def write_kiosk_config(path: Path | str, config: KioskConfig) -> None:
    """Write ``config`` to ``path`` atomically, as stable JSON that diffs well.

    Paths are written relative to the file's folder where possible, so the kiosk folder can be
    copied to another machine as a whole.
    """
    path = Path(path)
    base = path.parent.absolute()
    analytics = config.analytics if config.analytics is not None else base / DEFAULT_ANALYTICS
    data: dict[str, Any] = {
        "tour": _relative(config.tour, base),
        "screen": config.screen,
        "idleTimeout": _number(config.idle_timeout),
        "promptSeconds": _number(config.prompt_seconds),
        "languages": list(config.languages) if config.languages is not None else None,
        "updateFolder": (
            _relative(config.update_folder, base) if config.update_folder is not None else None
        ),
        "dailyRestart": (
            config.daily_restart.strftime("%H:%M") if config.daily_restart is not None else None
        ),
        "exitSequence": config.exit_sequence,
        "pin": {key: config.pin[key] for key in PIN_KEYS if key in config.pin},
        "analytics": _relative(analytics, base),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    save_atomically(path, text)
    log.info("wrote kiosk configuration %s", path)


def _relative(target: Path, base: Path) -> str:
    """``target`` relative to ``base`` with forward slashes, or absolute across drives."""
    target = Path(target)
    if not target.is_absolute():
        return target.as_posix()
    try:
        return Path(os.path.relpath(target, base)).as_posix()
    except ValueError:  # another drive on Windows
        return str(target)


def _number(value: float) -> int | float:
    """Whole seconds as an int, so the file reads ``60`` rather than ``60.0``."""
    return int(value) if float(value).is_integer() else value

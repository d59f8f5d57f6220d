"""The kiosk watchdog, driven with real child processes and small timeouts (the file runs in a
few seconds): crashes are restarted with growing back-off, a hung child is killed, stop() is clean,
the daily restart is not a failure, and the child-side beat() is harmless outside a supervisor."""

from __future__ import annotations

import datetime
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from vtour.kiosk import supervisor as sup_mod
from vtour.kiosk.supervisor import HEARTBEAT_ENV, Supervisor, beat

ROOT = Path(__file__).resolve().parents[2]

BEATING = """
import signal, sys, time
from vtour.kiosk.supervisor import beat
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
while True:
    beat()
    time.sleep(0.05)
"""

HANGING = """
import time
from vtour.kiosk.supervisor import beat
for _ in range(3):
    beat()
    time.sleep(0.05)
time.sleep(60)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop(HEARTBEAT_ENV, None)
    return env


class RecordingSupervisor(Supervisor):
    """Keeps every child so a test can check that a killed one is really gone."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.children = []

    def spawn(self, env):
        proc = super().spawn(env)
        self.children.append(proc)
        return proc


def _events(sup: Supervisor) -> list[str]:
    return [event for event, _ in sup.history]


def _run_in_thread(sup: Supervisor) -> tuple[threading.Thread, dict]:
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("code", sup.run()), daemon=True)
    thread.start()
    return thread, result


def _wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_crashing_child_is_restarted_with_growing_backoff():
    sleeps: list[float] = []

    def recording_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    sup = Supervisor([sys.executable, "-c", "import sys; sys.exit(3)"], backoff_initial=0.05,
                     backoff_max=0.15, poll_interval=0.02, sleep=recording_sleep, env=_env())
    assert sup.run(max_restarts=3) == 3
    assert _events(sup).count("start") == 4
    assert _events(sup).count("crash") == 4
    assert sup.backoff_delays == [0.05, 0.1, 0.15]  # doubles, capped at backoff_max
    assert sum(sleeps) >= 0.3 - 1e-9
    # The gap between a crash and the next start grows with the back-off.
    crashes = [t for e, t in sup.history if e == "crash"]
    starts = [t for e, t in sup.history if e == "start"]
    gaps = [start - crash for crash, start in zip(crashes, starts[1:])]
    assert gaps[0] >= 0.05 and gaps[1] >= 0.1 and gaps[2] >= 0.15


def test_backoff_resets_after_a_stable_run():
    sup = Supervisor([sys.executable, "-c", "import sys; sys.exit(1)"], backoff_initial=0.01,
                     stable_after=0.0, poll_interval=0.02, env=_env())
    assert sup.run(max_restarts=2) == 1
    assert sup.backoff_delays == [0.01, 0.01]


def test_hanging_child_is_killed_and_restarted():
    sup = RecordingSupervisor([sys.executable, "-c", HANGING], heartbeat_timeout=1.0,
                              startup_grace=1.0, backoff_initial=0.05, poll_interval=0.05,
                              env=_env())
    code = sup.run(max_restarts=1)
    assert _events(sup).count("hang") == 2
    assert _events(sup).count("start") == 2
    assert len(sup.children) == 2
    assert all(child.poll() is not None for child in sup.children)
    assert code == sup.children[-1].returncode != 0
    assert sup.backoff_delays == [0.05]


def test_healthy_child_exits_zero_after_stop():
    sup = Supervisor([sys.executable, "-c", BEATING], heartbeat_timeout=1.0, startup_grace=0.5,
                     poll_interval=0.05, env=_env())
    thread, result = _run_in_thread(sup)
    # Let it run past the grace period: a beating child must not be taken for hung.
    time.sleep(1.5)
    sup.stop()
    thread.join(10)
    assert not thread.is_alive()
    assert result["code"] == 0
    assert _events(sup) == ["start", "stopped"]
    assert sup.process is not None and sup.process.poll() == 0
    assert not sup.heartbeat_path.exists()


def test_daily_restart_is_not_a_failure():
    base = datetime.datetime(2024, 5, 1, 2, 59, 59, 500000)
    t0 = time.monotonic()

    def wall_clock() -> datetime.datetime:
        return base + datetime.timedelta(seconds=time.monotonic() - t0)

    sup = RecordingSupervisor([sys.executable, "-c", BEATING], heartbeat_timeout=5.0,
                              startup_grace=5.0, backoff_initial=0.5, poll_interval=0.05,
                              daily_restart=datetime.time(3, 0), wall_clock=wall_clock, env=_env())
    thread, result = _run_in_thread(sup)
    _wait_for(lambda: _events(sup).count("start") >= 2)
    time.sleep(0.8)  # still past 03:00 the same day: no second daily restart
    sup.stop()
    thread.join(10)
    assert result["code"] == 0
    assert _events(sup).count("daily-restart") == 1
    assert _events(sup).count("start") == 2
    assert "crash" not in _events(sup) and "hang" not in _events(sup)
    assert sup.consecutive_failures == 0
    assert sup.backoff_delays == []
    assert sup.children[0].poll() is not None


def test_daily_restart_not_immediately_when_started_after_the_time():
    sup = Supervisor([sys.executable, "-c", BEATING], daily_restart=datetime.time(3, 0),
                     wall_clock=lambda: datetime.datetime(2024, 5, 1, 9, 0), poll_interval=0.05,
                     env=_env())
    thread, result = _run_in_thread(sup)
    time.sleep(0.5)
    sup.stop()
    thread.join(10)
    assert result["code"] == 0
    assert "daily-restart" not in _events(sup)


def test_beat_without_env_does_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv(HEARTBEAT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    beat()
    assert list(tmp_path.iterdir()) == []


def test_beat_with_env_writes_a_timestamp(monkeypatch, tmp_path):
    target = tmp_path / "hb.txt"
    monkeypatch.setenv(HEARTBEAT_ENV, str(target))
    before = time.time()
    beat()
    stamp = float(target.read_text())
    assert before <= stamp <= time.time()
    assert [p.name for p in tmp_path.iterdir()] == ["hb.txt"]  # no temp file left behind


def test_beat_failure_is_logged_not_raised(tmp_path, caplog):
    beat(tmp_path / "missing-dir" / "hb.txt")
    assert "heartbeat" in caplog.text


def test_describe_exit():
    assert sup_mod.describe_exit(3) == "exit code 3"
    assert sup_mod.describe_exit(-9) == "killed by signal SIGKILL"


def test_empty_command_rejected():
    with pytest.raises(ValueError):
        Supervisor([])


def test_operator_exit_stops_supervising():
    """Exit status 0 is an operator leaving kiosk mode with the PIN: no restart."""
    sup = Supervisor([sys.executable, "-c", "import sys; sys.exit(0)"], backoff_initial=0.01,
                     poll_interval=0.02, env=_env())
    assert sup.run(max_restarts=3) == 0
    assert _events(sup).count("start") == 1
    assert "crash" not in _events(sup)
    assert _events(sup)[-1] == "stopped"

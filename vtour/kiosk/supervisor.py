"""Watchdog for an unattended kiosk: keep the viewer running for months without a person nearby.

A museum kiosk cannot rely on someone noticing a crashed or frozen viewer, so a small supervisor
process starts the viewer as a child and restarts it when it

* exits without being asked to (a crash, or a signal),
* stops answering a heartbeat (a frozen GL driver keeps the process alive but useless), or
* reaches the optional daily restart time (long-running GL processes accumulate leaks).

The heartbeat is deliberately primitive so it works the same on every platform and needs no
sockets: the supervisor names a file in ``VTOUR_HEARTBEAT_FILE`` and the child calls :func:`beat`
now and then, which rewrites that file.  The supervisor only watches whether the file *changes*,
measured on its own (injectable) clock, so wall-clock jumps and file-system timestamp resolution do
not matter.

Nothing here imports Qt or OpenGL: the supervisor must survive whatever breaks in the viewer.
"""

from __future__ import annotations

import datetime
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

HEARTBEAT_ENV = "VTOUR_HEARTBEAT_FILE"

#: The viewer's exit status when an operator left kiosk mode with the PIN: not a crash, so the
#: supervisor stops instead of restarting it. A kiosk viewer has no other way to exit cleanly
#: (it refuses to close), so any other status is a failure.
OPERATOR_EXIT = 0

#: Seconds a child gets to exit after SIGTERM before it is killed outright.
TERMINATE_GRACE = 5.0


def beat(path: str | os.PathLike[str] | None = None) -> None:
    """Tell the supervisor this process is alive (child side; call it every few seconds).

    Without a path and without ``VTOUR_HEARTBEAT_FILE`` (the viewer run by hand) it does nothing,
    so the viewer can call it unconditionally.  The timestamp is written to a temporary file and
    moved over the heartbeat file so the supervisor never reads a half-written one.  Failures are
    logged, never raised: a missed beat must not crash the viewer it is meant to protect.
    """
    target = path if path is not None else os.environ.get(HEARTBEAT_ENV)
    if not target:
        return
    target = Path(target)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(repr(time.time()), encoding="ascii")
        os.replace(tmp, target)
    except OSError as exc:  # e.g. Windows refusing the replace while the supervisor reads it
        log.warning("heartbeat to %s failed: %s", target, exc)


def describe_exit(code: int | None) -> str:
    """A readable exit status for the log: POSIX reports signals as negative return codes."""
    if code is None:
        return "still running"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class Supervisor:
    """Run ``command`` as a child and keep it running; see the module docstring for why.

    ``clock``, ``wall_clock`` and ``sleep`` are injectable so tests can run the real loop with
    small timeouts (or fake time).  ``history`` records ``(event, clock())`` for every start,
    exit, hang, daily restart and stop; ``backoff_delays`` records each back-off actually waited.
    """

    def __init__(
        self,
        command: list[str],
        *,
        heartbeat_timeout: float = 20.0,
        startup_grace: float = 30.0,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        stable_after: float = 300.0,
        daily_restart: datetime.time | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime.datetime] = datetime.datetime.now,
        sleep: Callable[[float], None] = time.sleep,
        env: Mapping[str, str] | None = None,
        poll_interval: float = 0.2,
    ) -> None:
        if not command:
            raise ValueError("the command to supervise is empty")
        self.command = list(command)
        self.heartbeat_timeout = heartbeat_timeout
        self.startup_grace = startup_grace
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.stable_after = stable_after
        self.daily_restart = daily_restart
        self.poll_interval = poll_interval
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep = sleep
        self._env = dict(os.environ if env is None else env)
        self._stop = threading.Event()
        self.history: list[tuple[str, float]] = []
        self.backoff_delays: list[float] = []
        self.consecutive_failures = 0
        self.restarts = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.heartbeat_path: Path | None = None
        self._daily_done: datetime.date | None = None

    # -- control -------------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to end the child and return (safe from another thread or a signal)."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def install_signal_handlers(self) -> None:
        """Turn SIGTERM/SIGINT to the supervisor into :meth:`stop`, so a service manager or
        Ctrl+C shuts the viewer down cleanly instead of orphaning it.  Main thread only."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda signum, _frame: self._on_signal(signum))

    def _on_signal(self, signum: int) -> None:
        log.info("supervisor got %s, stopping", signal.Signals(signum).name)
        self.stop()

    def next_backoff(self) -> float:
        """The delay before the next restart given the current run of consecutive failures."""
        if self.consecutive_failures <= 0:
            return 0.0
        return min(self.backoff_initial * 2 ** (self.consecutive_failures - 1), self.backoff_max)

    # -- child handling ------------------------------------------------------------------------

    def spawn(self, env: dict[str, str]) -> subprocess.Popen[bytes]:
        """Start the child in its own process group so a hang kill also reaches its helpers.

        A separate method so tests (or a platform port) can observe or replace process creation.
        """
        if os.name == "posix":
            return subprocess.Popen(self.command, env=env, start_new_session=True)
        flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        return subprocess.Popen(self.command, env=env, creationflags=flags)

    def _signal_child(self, proc: subprocess.Popen[bytes], sig: int) -> None:
        try:
            if os.name == "posix":
                os.killpg(proc.pid, sig)
            elif sig == signal.SIGTERM:
                proc.terminate()
            else:
                proc.kill()
        except (ProcessLookupError, PermissionError, OSError) as exc:
            log.debug("signalling pid %s: %s", proc.pid, exc)

    def terminate(self, proc: subprocess.Popen[bytes]) -> int:
        """SIGTERM, then SIGKILL after :data:`TERMINATE_GRACE`: a frozen driver may ignore the
        polite request, and the kiosk must get its screen back either way."""
        if proc.poll() is None:
            self._signal_child(proc, signal.SIGTERM)
            try:
                proc.wait(timeout=TERMINATE_GRACE)
            except subprocess.TimeoutExpired:
                log.warning("viewer pid %s ignored SIGTERM for %.0f s, killing it", proc.pid,
                            TERMINATE_GRACE)
                self._signal_child(proc, getattr(signal, "SIGKILL", signal.SIGTERM))
                proc.wait()
        elif os.name == "posix":
            # The leader is gone but helpers in its group may linger; sweep them too.
            self._signal_child(proc, signal.SIGKILL)
        return proc.returncode

    def _heartbeat_signature(self) -> tuple[int, str] | None:
        assert self.heartbeat_path is not None
        try:
            stat = self.heartbeat_path.stat()
            return stat.st_mtime_ns, self.heartbeat_path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return None

    def _record(self, event: str) -> float:
        now = self._clock()
        self.history.append((event, now))
        return now

    def _wait(self, delay: float) -> None:
        """Sleep ``delay`` on the injected clock in poll-sized steps so stop() stays prompt."""
        end = self._clock() + delay
        while not self._stop.is_set():
            remaining = end - self._clock()
            if remaining <= 0:
                return
            self._sleep(min(self.poll_interval, remaining))

    def _daily_due(self) -> bool:
        if self.daily_restart is None:
            return False
        now = self._wall_clock()
        return now.time() >= self.daily_restart and now.date() != self._daily_done

    def _mark_daily_fresh(self) -> None:
        """A child started after today's restart time already is today's fresh start."""
        if self.daily_restart is None:
            return
        now = self._wall_clock()
        if now.time() >= self.daily_restart:
            self._daily_done = now.date()

    def _start(self) -> tuple[subprocess.Popen[bytes], float]:
        assert self.heartbeat_path is not None
        self.heartbeat_path.unlink(missing_ok=True)  # no stale beat from the previous child
        env = dict(self._env)
        env[HEARTBEAT_ENV] = str(self.heartbeat_path)
        proc = self.spawn(env)
        self.process = proc
        self._mark_daily_fresh()
        started = self._record("start")
        log.info("started viewer pid %s: %s", proc.pid, " ".join(self.command))
        return proc, started

    def _watch(self, proc: subprocess.Popen[bytes], started: float) -> tuple[str, int]:
        """Poll until the child ends or must be ended; returns (reason, exit code)."""
        last_sig = self._heartbeat_signature()
        last_beat = started
        while True:
            if self._stop.is_set():
                log.info("stop requested, ending viewer pid %s", proc.pid)
                return "stop", self.terminate(proc)
            code = proc.poll()
            if code is not None:
                self.terminate(proc)  # sweep the process group
                return ("operator" if code == OPERATOR_EXIT else "exit"), code
            now = self._clock()
            sig = self._heartbeat_signature()
            if sig is not None and sig != last_sig:
                last_sig, last_beat = sig, now
            if now - started >= self.startup_grace and now - last_beat > self.heartbeat_timeout:
                log.error("viewer pid %s not answering: no heartbeat for %.1f s, terminating",
                          proc.pid, now - last_beat)
                self._record("hang")
                return "hang", self.terminate(proc)
            if self._daily_due():
                log.info("daily restart time %s reached, restarting viewer pid %s",
                         self.daily_restart, proc.pid)
                self._daily_done = self._wall_clock().date()
                self._record("daily-restart")
                return "daily", self.terminate(proc)
            self._sleep(self.poll_interval)

    # -- main loop -----------------------------------------------------------------------------

    def run(self, max_restarts: int | None = None) -> int:
        """Supervise until :meth:`stop` (or ``max_restarts`` restarts, for tests); returns the
        last child's exit code."""
        fd, name = tempfile.mkstemp(prefix="vtour-heartbeat-", suffix=".txt")
        os.close(fd)
        self.heartbeat_path = Path(name)
        code = 0
        proc: subprocess.Popen[bytes] | None = None
        try:
            while True:
                proc, started = self._start()
                reason, code = self._watch(proc, started)
                ran = self._clock() - started
                if reason == "operator":
                    self._record("stopped")
                    log.info("an operator left kiosk mode (exit status %d); supervisor stopping", code)
                    return code
                if reason == "stop" or self._stop.is_set():
                    self._record("stopped")
                    log.info("viewer ended (%s); supervisor stopping", describe_exit(code))
                    return code
                if ran >= self.stable_after and self.consecutive_failures:
                    log.info("viewer ran %.0f s, resetting back-off", ran)
                    self.consecutive_failures = 0
                if reason == "daily":
                    self._record("exit")
                    log.info("viewer ended for the daily restart (%s)", describe_exit(code))
                else:
                    if reason == "exit":
                        self._record("crash")
                        log.error("viewer pid %s exited unexpectedly after %.1f s: %s",
                                  proc.pid, ran, describe_exit(code))
                    else:
                        log.error("hung viewer pid %s ended: %s", proc.pid, describe_exit(code))
                    self.consecutive_failures += 1
                if max_restarts is not None and self.restarts >= max_restarts:
                    log.info("restart limit %d reached; supervisor returning", max_restarts)
                    return code
                delay = self.next_backoff() if reason != "daily" else 0.0
                if delay > 0:
                    log.info("restarting viewer in %.1f s (failure %d in a row)", delay,
                             self.consecutive_failures)
                    self.backoff_delays.append(delay)
                    self._record("backoff")
                    self._wait(delay)
                    if self._stop.is_set():
                        self._record("stopped")
                        log.info("stop requested during back-off; supervisor stopping")
                        return code
                self.restarts += 1
                self._record("restart")
        finally:
            if proc is not None and proc.poll() is None:
                self.terminate(proc)
            self.heartbeat_path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m vtour.kiosk.supervisor [--daily-restart HH:MM] -- COMMAND...``"""
    import argparse

    parser = argparse.ArgumentParser(description="Keep the vtour kiosk viewer running.")
    parser.add_argument("--daily-restart", metavar="HH:MM", type=datetime.time.fromisoformat)
    parser.add_argument("--heartbeat-timeout", type=float, default=20.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to supervise")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    supervisor = Supervisor(command, heartbeat_timeout=args.heartbeat_timeout,
                            daily_restart=args.daily_restart)
    supervisor.install_signal_handlers()
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())

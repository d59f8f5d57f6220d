"""`vtour view`: arguments, and exit code 1 with a useful message where no window can open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from vtour.cli import build_parser
from vtour.ui.app import platform_problem

pytestmark = pytest.mark.ui


def run_vtour(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vtour", *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def clean_env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(changes)
    return env


def test_view_options_parse():
    args = build_parser().parse_args(["view", "t.json", "--scene", "hall", "--fullscreen", "--projection", "pannini"])
    assert (str(args.tour), args.scene, args.fullscreen, args.projection) == ("t.json", "hall", True, "pannini")
    assert build_parser().parse_args(["view"]).tour is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 checks")
def test_no_display_is_reported_before_qt_starts():
    assert "xvfb-run" in platform_problem({})
    assert "':987'" in platform_problem({"DISPLAY": ":987"})
    assert platform_problem({"QT_QPA_PLATFORM": "wayland"}) is None
    assert platform_problem({"DISPLAY": os.environ["DISPLAY"]}) is None  # pytest-xvfb's server


def test_gl_entry_points_resolve_in_qts_context(qtbot):
    """Extension-filed functions (glTexStorage2D) resolve while Qt's GLX context is current.

    vtour.render uses PyOpenGL's EGL binding everywhere; it must accept Qt's context as current.
    """
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    import vtour.render  # noqa: F401  (selects the binding and installs the repair)
    from OpenGL import GL

    context = QOpenGLContext()
    assert context.create()
    surface = QOffscreenSurface()
    surface.create()
    assert context.makeCurrent(surface)
    try:
        assert bool(GL.glTexStorage2D)
    finally:
        context.doneCurrent()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 checks")
@pytest.mark.parametrize("env", [clean_env(), clean_env(DISPLAY=":987")], ids=["unset", "unreachable"])
def test_view_without_a_display_exits_1_with_advice(env):
    result = run_vtour("view", "tour.json", env=env)
    assert result.returncode == 1
    assert "xvfb-run" in result.stderr and "vtour render" in result.stderr
    assert "Traceback" not in result.stderr


def test_view_without_opengl_exits_1(tmp_path):
    result = run_vtour(env=clean_env(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(tmp_path)))
    assert result.returncode == 1
    assert "OpenGL" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")
def test_view_runs_and_sigterm_closes_it_cleanly(tmp_path, quadrant_image):
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
    process = subprocess.Popen([sys.executable, "-m", "vtour", "-v", "view", str(quadrant_image)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(4)  # start-up, load, first frame
        assert process.poll() is None, process.stderr.read()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "ERROR" not in stderr
    assert (tmp_path / "config" / "vtour" / "vtour.conf").is_file()  # settings saved on the way out

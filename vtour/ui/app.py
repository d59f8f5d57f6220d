"""QApplication setup and the checks that tell, before any window opens, whether Qt and GL can start.

Qt aborts the process (``qFatal``) when its platform plugin cannot connect to a display, so
:func:`platform_problem` checks for a reachable display first and the ``view`` command can exit
with a clear message instead of a core dump.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import socket
import sys

from PySide6.QtCore import QCoreApplication, QLoggingCategory, QObject, QSocketNotifier, Qt
from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext, QSurfaceFormat
from PySide6.QtWidgets import QApplication

from vtour import __version__

log = logging.getLogger(__name__)

ORGANIZATION = "vtour"
APPLICATION = "vtour"
GL_VERSION = (3, 3)
"""The renderer needs a 3.3 core context (Mesa's llvmpipe offers 4.5)."""

NO_DISPLAY_HINT = (
    "Run it under a virtual display (`xvfb-run -a vtour ...`), or render images without a window "
    "(`vtour render ...`)."
)


QUIET_LOGGING_RULES = (
    "qt.multimedia.symbolsresolver=false",  # "Couldn't load va-drm library" (no VA-API: fine)
    "qt.multimedia.ffmpeg.info=false",  # "Using Qt multimedia with FFmpeg version ..."
)
"""Qt log categories silenced by default: QtMultimedia's start-up chatter on machines without
video acceleration (Xvfb, headless kiosks), printed on every start otherwise. Real playback errors
still reach vtour's log through ``QMediaPlayer.errorOccurred``.

``PulseAudioService: pa_context_connect() failed`` (no sound server) cannot be silenced this way:
Qt logs it in the ``default`` category, with every other uncategorised warning. Only a message
handler could drop it, and a Python message handler is called on Qt's own threads (FFmpeg, the
audio sink), which would then wait for the GIL while holding Qt locks: not worth one log line."""


def quiet_multimedia_logs(environ: dict[str, str] | None = None) -> bool:
    """Apply :data:`QUIET_LOGGING_RULES` unless the user set ``QT_LOGGING_RULES``; True if applied.

    Through ``QLoggingCategory.setFilterRules``: Qt reads ``QT_LOGGING_RULES`` once, when its
    logging registry starts (already done by the time vtour runs: ``vtour.ui.qtcompat`` makes a
    QObject at import), so setting the variable here would be ignored. A user's
    ``QT_LOGGING_RULES`` (even empty) is left alone, so ``QT_LOGGING_RULES="qt.multimedia*=true"``
    still shows everything.
    """
    env = os.environ if environ is None else environ
    if "QT_LOGGING_RULES" in env:
        return False
    QLoggingCategory.setFilterRules("\n".join(QUIET_LOGGING_RULES))
    return True


def default_surface_format() -> QSurfaceFormat:
    """GL 3.3 core, 24-bit depth, vsync: every QOpenGLWidget and the shared context use it."""
    fmt = QSurfaceFormat()
    fmt.setRenderableType(QSurfaceFormat.RenderableType.OpenGL)
    fmt.setVersion(*GL_VERSION)
    fmt.setProfile(QSurfaceFormat.OpenGLContextProfile.CoreProfile)
    fmt.setDepthBufferSize(24)
    fmt.setSwapInterval(1)
    return fmt


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, configured for vtour (an existing one is returned unchanged).

    The attributes below only work before the QApplication exists: shared GL contexts so that
    going fullscreen or reparenting the GL widget never strands GL resources in a dead context,
    the default surface format, and unrounded high-DPI scale factors (1.25, 1.5 stay exact).
    """
    existing = QApplication.instance()
    if existing is not None:
        log.debug("QApplication exists already; its attributes are left as they are")
        return existing
    quiet_multimedia_logs()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    QSurfaceFormat.setDefaultFormat(default_surface_format())
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    _prefer_dark_scheme(app)
    return app


def _prefer_dark_scheme(app: QApplication) -> None:
    """Ask for the dark colour scheme: panoramas read best framed in dark chrome.

    Only a preference: a desktop theme that insists on light still wins.
    """
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark)


class _SignalWaker(QObject):
    """Runs Python signal handlers promptly while Qt's event loop sleeps, at no idle cost.

    Python handlers only run between Python bytecodes, and an idle Qt loop runs none, so Ctrl+C
    or a kiosk supervisor's SIGTERM would wait for the next mouse move. The C-level handler
    writes the signal number to a socket (``signal.set_wakeup_fd``); a QSocketNotifier wakes the
    loop on it. No polling timer, so idle CPU stays at zero.
    """

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _drain(self) -> None:
        try:
            self._reader.recv(64)  # the Python handler itself runs as this slot returns
        except BlockingIOError:
            pass


QUITTING_PROPERTY = "vtourQuitting"
"""Set on the application when a signal (the supervisor's SIGTERM, a shutdown) ends it."""


def quit_on_signals(app: QApplication) -> None:
    """Close the windows (saving settings) and leave the event loop on SIGINT or SIGTERM."""
    if not hasattr(signal, "set_wakeup_fd") or sys.platform == "win32":
        return
    app._vtour_signal_waker = _SignalWaker(app)  # keep the Python side alive with the app

    def handle(signum, _frame) -> None:
        log.info("received %s; closing", signal.Signals(signum).name)
        app.setProperty(QUITTING_PROPERTY, True)  # windows that refuse a visitor's close agree now
        app.closeAllWindows()
        app.quit()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handle)


def platform_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why Qt's platform plugin would fail to start, or None where it should start.

    Only the X11 (xcb) case can be checked cheaply and is the common failure (a server over ssh,
    a kiosk started before X): the display is opened with libxcb exactly as Qt would.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform not in ("", "xcb"):
        return None  # wayland, offscreen, ...: GL is checked after start-up instead
    if platform == "" and env.get("WAYLAND_DISPLAY"):
        return None
    display = env.get("DISPLAY")
    if not display:
        return f"no display to open a window on (DISPLAY is not set). {NO_DISPLAY_HINT}"
    if not _xcb_can_connect(display):
        return f"cannot connect to the X display {display!r}. {NO_DISPLAY_HINT}"
    return None


def _xcb_can_connect(display: str) -> bool:
    """Open and close an X connection through libxcb; True where libxcb itself is missing."""
    name = ctypes.util.find_library("xcb") or "libxcb.so.1"
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return True  # cannot check here; Qt will report it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def gl_problem() -> str | None:
    """Why no OpenGL context can be made (needs the QApplication), or None where one can."""
    context = QOpenGLContext()
    context.setFormat(QSurfaceFormat.defaultFormat())
    if not context.create():
        return (
            f"cannot create an OpenGL context on the {QGuiApplication.platformName()!r} platform. "
            f"{NO_DISPLAY_HINT}"
        )
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not context.makeCurrent(surface):
            return "an OpenGL context was created but cannot be made current"
        context.doneCurrent()
        return None
    finally:
        surface.destroy()


def gl_version_problem(fmt: QSurfaceFormat) -> str | None:
    """A readable complaint when a context's version is below :data:`GL_VERSION`."""
    got = (fmt.majorVersion(), fmt.minorVersion())
    if got >= GL_VERSION:
        return None
    need = "%d.%d" % GL_VERSION
    return (
        f"This computer's graphics driver offers OpenGL {got[0]}.{got[1]}; vtour needs OpenGL {need} "
        "(core profile). Updating the graphics driver, or using Mesa's software renderer "
        "(LIBGL_ALWAYS_SOFTWARE=1), usually helps."
    )


def start_gui(logger: logging.Logger) -> QApplication | None:
    """The QApplication for a window command (``vtour view``, ``vtour edit``), with the checks
    every such command needs first: a display and a usable OpenGL. None (after logging why) when
    a window cannot work here; the command then exits 1."""
    problem = platform_problem()
    if problem:
        logger.error("cannot open a window: %s", problem)
        return None
    application = create_application()
    problem = gl_problem()
    if problem:
        logger.error("cannot start OpenGL: %s", problem)
        return None
    quit_on_signals(application)
    return application

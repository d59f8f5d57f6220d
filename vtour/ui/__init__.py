"""The desktop viewer: the only layer that imports PySide6.

- :mod:`vtour.ui.app` — QApplication setup (shared GL contexts, GL 3.3 core default format,
  high-DPI policy) and the start-up checks for a display and OpenGL.
- :mod:`vtour.ui.window` — :class:`~vtour.ui.window.MainWindow`: menus, fullscreen, settings.
- :mod:`vtour.ui.panorama_view` — the QOpenGLWidget that renders through the render layer and turns
  input into :class:`~vtour.model.navigation.Navigator` calls; repaints only on change.
- :mod:`vtour.ui.loader` — tour parsing and panorama decoding on a worker thread.
- :mod:`vtour.ui.overlay` — the progress / error card over the panorama.
- :mod:`vtour.ui.qtcompat` — a guard against PySide6 builds that would abort a long session;
  imported first, so it is in force before any other Qt call.
"""

from vtour.ui import qtcompat  # noqa: F401  (must run before the window makes its first calls)

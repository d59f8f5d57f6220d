"""The viewer's main window: the panorama, the status card over it, menus, fullscreen, settings."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QGridLayout, QMainWindow, QMessageBox, QStackedWidget, QWidget

from vtour import __version__
from vtour.geometry.projections import Projection
from vtour.model.session import SceneChange, TourSession
from vtour.model.tour import Scene, Tour, View
from vtour.ui.accessibility import HotspotKeyboard
from vtour.ui.hotspot_layer import HotspotLayer
from vtour.ui.i18n import LanguageController
from vtour.ui.info_panel import InfoPanel
from vtour.ui.loader import LoadFailure, PanoramaLoader
from vtour.ui.model_hotspots import ModelHotspotLayer
from vtour.ui.narration import NarrationPlayer
from vtour.ui.navigation_panels import NavigationPanels
from vtour.ui.overlay import StatusOverlay
from vtour.ui.overview import OverviewController
from vtour.ui.model_view import ModelContent, ModelView, add_model_actions, set_model_actions_enabled
from vtour.ui.panorama_view import PanoramaView
from vtour.ui.preferences import add_preferences_action
from vtour.ui.transitions import SceneSwitcher

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    """A tour viewer window.

    Parameters
    ----------
    projection
        The starting projection (View ▸ Projection changes it).
    renderer_factory
        Passed to :class:`PanoramaView` (tests inject fakes).

    Signals
    -------
    session_started(TourSession)
        A tour finished opening; panels subscribe to the new session's events here. The session
        is the single owner of the visit's state (scene, view, language, history): panels and
        players change it through its methods, and the window follows its ``scene_changed``.
    scene_shown(Scene)
        A scene's panorama or model is on screen (after loading, or at once when preloaded).
    hotspot_activated(Hotspot)
        An info or area hotspot was activated (scene links are followed instead); the info
        panel shows it. See :mod:`vtour.ui.hotspot_layer`.
    """

    session_started = Signal(object)
    scene_shown = Signal(object)
    hotspot_activated = Signal(object)  # an info point or area was clicked, tapped or activated by key

    def __init__(self, *, projection: Projection = Projection.RECTILINEAR, renderer_factory=None):
        super().__init__()
        self._tour: Tour | None = None
        self._scene: Scene | None = None
        self.session: TourSession | None = None
        self._pending_view: View | None = None  # the view to open the scene being loaded at
        self._path: Path | None = None
        self._was_maximized = False
        self.panorama_view = PanoramaView(renderer_factory=renderer_factory)
        self.panorama_view.set_projection(projection)
        self.model_view = ModelView()  # model scenes (glTF); see vtour.ui.model_view
        self.overlay = StatusOverlay()
        self.loader = PanoramaLoader(self)
        self._build_central()
        self._create_actions()
        self._create_menus()
        self._connect()
        self.hotspot_layer = HotspotLayer(self)  # markers, hover, picking
        self.model_hotspots = ModelHotspotLayer(self)  # 3D hotspots of model scenes (vtour.ui.model_hotspots)
        self.scene_switcher = SceneSwitcher(self)  # cross-fades, preloading, Go ▸ Back/Forward
        # One audio player for the info panel and guided tours, made now, before any worker thread
        # exists (see vtour.ui.narration).
        self.narration = NarrationPlayer(self)
        self.navigation = NavigationPanels(self)  # scene list, site map, compass, title, guided tours
        self.info_panel = InfoPanel.attach(self)  # hotspot text, pictures, narration with captions
        self.overview = OverviewController(self, self.view_menu)  # panorama <-> site model flights
        self.hotspot_keyboard = HotspotKeyboard(self)  # Tab/Enter through hotspots, accessible names
        add_preferences_action(self)  # View ▸ Preferences: reduced motion, text size
        self.languages = LanguageController(self)  # Language menu, UI translations, right-to-left, fonts
        self.setAcceptDrops(True)
        self._update_title()
        self._restore_settings()

    # -- building -------------------------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget()
        grid = QGridLayout(central)
        grid.setContentsMargins(0, 0, 0, 0)
        # Same cell: the card floats over the panorama, centred, at its own size.
        # The panorama or the model view, by scene kind; overlays share the cell, on top.
        self.scene_stack = QStackedWidget()
        self.scene_stack.addWidget(self.panorama_view)
        self.scene_stack.addWidget(self.model_view)
        grid.addWidget(self.scene_stack, 0, 0)
        grid.addWidget(self.overlay, 0, 0, Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(central)

    def _create_actions(self) -> None:
        self.open_action = self._action(self.tr("&Open…"), QKeySequence.StandardKey.Open, self.open_dialog)
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.fullscreen_action = self._action(self.tr("&Fullscreen"), QKeySequence(Qt.Key.Key_F11),
                                              self.toggle_fullscreen)
        self.fullscreen_action.setCheckable(True)
        self.reset_action = self._action(self.tr("&Reset View"), QKeySequence("Ctrl+0"), self.reset_view)
        self.about_action = self._action(self.tr("&About vtour"), None, self.show_about)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self._create_projection_actions()

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        # On the window too, so shortcuts keep working while the menu bar is hidden (fullscreen).
        self.addAction(action)
        return action

    def _create_projection_actions(self) -> None:
        names = {
            Projection.RECTILINEAR: self.tr("&Rectilinear"),
            Projection.STEREOGRAPHIC: self.tr("&Stereographic (little planet)"),
            Projection.PANNINI: self.tr("&Pannini (wide interiors)"),
        }
        self.projection_group = QActionGroup(self)
        self.projection_actions: dict[Projection, QAction] = {}
        for projection, text in names.items():
            action = QAction(text, self.projection_group, checkable=True)
            action.setData(projection.value)
            action.setChecked(projection is self.panorama_view.projection)
            action.triggered.connect(lambda _checked=False, p=projection: self.set_projection(p))
            self.projection_actions[projection] = action

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = self.view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.fullscreen_action)
        projection_menu = view_menu.addMenu(self.tr("&Projection"))
        projection_menu.addActions(list(self.projection_actions.values()))
        view_menu.addAction(self.reset_action)
        add_model_actions(self, view_menu)  # Navigation ▸ Orbit/Walk (V), Frame Model (F)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        self.loader.stage.connect(self._on_stage)
        self.loader.tour_loaded.connect(self._on_tour_loaded)
        self.loader.panorama_ready.connect(self._on_panorama_ready)
        self.loader.failed.connect(self._on_failed)
        self.overlay.open_requested.connect(self.open_dialog)
        self.panorama_view.gl_failed.connect(self._on_gl_failed)
        self.model_view.gl_failed.connect(self._on_gl_failed)
        self.panorama_view.panorama_lost.connect(self._reload_scene)
        self.panorama_view.view_changed.connect(self._on_view_changed)

    # -- public ---------------------------------------------------------------------------------

    @property
    def tour(self) -> Tour | None:
        return self._tour

    @property
    def scene(self) -> Scene | None:
        return self._scene

    def open_tour(self, path: Path | str, scene_id: str | None = None) -> None:
        """Start loading ``path`` (a tour file or a panorama image); progress shows over the view."""
        self._path = Path(path)
        self.overlay.show_progress(self.tr("Opening {name}").format(name=self._path.name), self.tr("Starting…"))
        self.loader.load_tour(self._path, scene_id)

    def replace_tour(self, tour: Tour) -> None:
        """Show an edited version of the open tour (authoring): same scene and view where the
        scene still exists; panels and hotspot layers redraw from the session's scene change."""
        self._tour = tour
        if self._scene is not None and any(scene.id == self._scene.id for scene in tour.scenes):
            self._scene = tour.scene(self._scene.id)
        if self.session is not None:
            self.session.replace_tour(tour)
        self._update_title()
        self.panorama_view.update()
        self.model_view.update()

    def open_scene(self, scene_id: str, view: View | None = None) -> None:
        """Go to another scene of the open tour (recorded in the session's history)."""
        if self.session is not None:
            self.session.go_to(scene_id, view)
        elif self._tour is not None:
            self._load_scene(scene_id, view)

    def _load_scene(self, scene_id: str, view: View | None) -> None:
        self._pending_view = view
        if self.scene_switcher.switch(scene_id):  # preloaded: shown at once, no decode
            self._show_scene_view(self.panorama_view)  # only panoramas are preloaded
            return
        self.overlay.show_progress(self.tr("Opening scene"), self.tr("Starting…"))
        self.loader.load_scene(self._tour, scene_id)

    def open_dialog(self) -> None:
        settings = QSettings()
        start = str(settings.value("paths/lastFolder", str(Path.home())))
        filters = self.tr("Tours and panoramas (*.json *.jpg *.jpeg *.png *.tif *.tiff *.webp);;All files (*)")
        filename, _ = QFileDialog.getOpenFileName(self, self.tr("Open Tour"), start, filters)
        if filename:
            settings.setValue("paths/lastFolder", str(Path(filename).parent))
            self.open_tour(filename)

    def set_projection(self, projection: Projection) -> None:
        self.panorama_view.set_projection(projection)
        self.projection_actions[projection].setChecked(True)

    def reset_view(self) -> None:
        if self._scene is not None and self.scene_stack.currentWidget() is self.model_view:
            self.model_view.frame_all()
        elif self._scene is not None:
            self.panorama_view.set_view(self._scene.initial_view)

    # -- the session ----------------------------------------------------------------------------

    def _start_session(self, tour: Tour, scene: Scene) -> None:
        self.session = TourSession(tour, scene_id=scene.id)
        self.session.scene_changed.connect(self._on_session_scene_changed)
        self.session.view_changed.connect(self._on_session_view_changed)
        self.session_started.emit(self.session)

    def _on_session_scene_changed(self, change: SceneChange) -> None:
        if self._scene is None or change.scene.id != self._scene.id:
            self._load_scene(change.scene.id, change.view)
        else:
            self.panorama_view.set_view(change.view)

    def _on_session_view_changed(self, view: View) -> None:
        """A player or panel turned the session's view: show it (or open the loading scene at it)."""
        if self._scene is not None and self.session.scene.id == self._scene.id:
            if view != self.panorama_view.view:  # the view's own echo: no restart, inertia goes on
                self.panorama_view.set_view(view)
        else:
            self._pending_view = view

    def _on_view_changed(self, view: View) -> None:
        if self.session is not None and self._scene is not None and self.session.scene.id == self._scene.id:
            self.session.set_view(view)

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.leave_fullscreen()
        else:
            self.enter_fullscreen()

    def enter_fullscreen(self) -> None:
        self._was_maximized = self.isMaximized()
        self.menuBar().hide()
        self.showFullScreen()
        self.fullscreen_action.setChecked(True)

    def leave_fullscreen(self) -> None:
        if not self.isFullScreen():
            return
        self.menuBar().show()
        if self._was_maximized:
            self.showMaximized()
        else:
            self.showNormal()
        self.fullscreen_action.setChecked(False)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About vtour"), self.tr(
            "<h3>vtour {version}</h3><p>Immersive virtual tours of cultural-heritage sites.</p>"
            "<p>Drag to look around, scroll or pinch to zoom, arrow keys or WASD to turn, "
            "+/− to zoom, F11 for fullscreen.</p>").format(version=__version__))

    # -- loader results -------------------------------------------------------------------------

    def _on_stage(self, text: str, fraction) -> None:
        self.overlay.set_stage(text, fraction)

    def _on_tour_loaded(self, tour: Tour) -> None:
        self._tour = tour
        self._update_title()

    def _on_panorama_ready(self, tour: Tour, scene: Scene, pixels) -> None:
        if isinstance(pixels, ModelContent):
            return self._on_model_ready(tour, scene, pixels)
        self._show_scene_view(self.panorama_view)
        self._tour, self._scene = tour, scene
        self._update_title()
        self.overlay.set_stage(self.tr("Preparing the view…"))
        view, self._pending_view = self._pending_view or scene.initial_view, None
        self.panorama_view.set_scene_view(view, scene.limits)
        if self.session is None or self.session.tour is not tour:
            self._start_session(tour, scene)
        shown = self.panorama_view.show_panorama(pixels, scene.horizon)
        del pixels  # the GPU has them now; 128 MB for an 8K image must not linger
        if shown:
            self.overlay.dismiss()
        elif self.panorama_view.gl_error is not None:
            self._on_gl_failed(*self.panorama_view.gl_error)
        self.panorama_view.setFocus()
        self.scene_shown.emit(scene)

    def _on_model_ready(self, tour: Tour, scene: Scene, content: ModelContent) -> None:
        self._tour, self._scene = tour, scene
        self._update_title()
        self._pending_view = None
        if self.session is None or self.session.tour is not tour:
            self._start_session(tour, scene)
        self._show_scene_view(self.model_view)
        if self.model_view.show_model(content):
            self.overlay.dismiss()
        elif self.model_view.gl_error is not None:
            self._on_gl_failed(*self.model_view.gl_error)
        self.model_view.setFocus()
        self.scene_shown.emit(scene)

    def _show_scene_view(self, view) -> None:
        """Bring the panorama or the model view to the front; the other lets go of its content."""
        if self.scene_stack.currentWidget() is not view:
            if view is self.panorama_view:
                self.model_view.clear_model()
            self.scene_stack.setCurrentWidget(view)
        set_model_actions_enabled(self, view is self.model_view)

    def _on_failed(self, failure: LoadFailure) -> None:
        self.panorama_view.clear_panorama()
        self.overlay.show_error(failure.title, failure.message, failure.details)

    def _on_gl_failed(self, message: str, details: str) -> None:
        self.overlay.show_error(self.tr("Cannot show panoramas"), message, details)

    def _reload_scene(self) -> None:
        if self._tour is not None and self._scene is not None:
            self.open_scene(self._scene.id)

    def _update_title(self) -> None:
        name = ""
        if self._tour is not None:
            language = self.session.language if self.session is not None else QLocale().name().replace("_", "-")
            name = self._tour.text(self._tour.title, language)
            name = name or self._tour.path.stem
        marker = "[*]" if getattr(self, "editor", None) is not None else ""  # "*" while edits are unsaved
        self.setWindowTitle(f"{name}{marker} — vtour" if name else f"vtour{marker}")

    # -- events ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.leave_fullscreen()
            event.accept()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and event.mimeData().urls()[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.open_tour(event.mimeData().urls()[0].toLocalFile())
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        editor = getattr(self, "editor", None)  # authoring mode (vtour.ui.editor)
        if editor is not None and not editor.may_close():
            event.ignore()
            return
        kiosk = getattr(self, "kiosk", None)  # kiosk mode (vtour.ui.kiosk): only the operator closes
        if kiosk is not None and not kiosk.may_close():
            event.ignore()
            return
        self._save_settings()
        self.scene_switcher.shutdown()
        self.navigation.shutdown()
        self.loader.shutdown()
        self.panorama_view.release_gl()
        self.model_view.release_gl()
        super().closeEvent(event)

    # -- settings -------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = QSettings().value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    def _save_settings(self) -> None:
        # Fullscreen is a per-session choice (--fullscreen, F11), not a window size to restore.
        if not self.isFullScreen():
            QSettings().setValue("window/geometry", self.saveGeometry())

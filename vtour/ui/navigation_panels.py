"""The navigation furniture around the panorama, installed on a :class:`~vtour.ui.window.MainWindow`.

- overlays in the panorama's corners: the scene title (top, leading side), the compass (top,
  trailing side), the guided-tour bar (bottom centre);
- docks: the scene list with thumbnails (leading side) and the site map (trailing side, only for
  tours that have one);
- a Tour menu: play a guided tour, show or hide the scene list and the site map.

Everything follows the window's session (``session_started``) and changes it only through its
methods. Leading/trailing follow the layout direction, so a right-to-left language mirrors them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QGridLayout, QMainWindow, QMenu

from vtour.model.session import TourSession
from vtour.ui.compass import Compass
from vtour.ui.guided_controls import GuidedControlsBar, GuidedTourController
from vtour.ui.scene_list import SceneList
from vtour.ui.scene_title import SceneTitle
from vtour.ui.site_map import SiteMapView
from vtour.ui.thumbnails import ThumbnailProvider

log = logging.getLogger(__name__)

OVERLAY_MARGIN = 14


class NavigationPanels(QObject):
    """Creates and wires the scene list, site map, compass, scene title and guided-tour controls."""

    def __init__(self, window: QMainWindow, thumbnails: ThumbnailProvider | None = None):
        super().__init__(window)
        self.window = window
        self.session: TourSession | None = None
        self.thumbnails = thumbnails or ThumbnailProvider(parent=self)
        self.controller = GuidedTourController(self, narration=getattr(window, "narration", None))
        self.title = SceneTitle()
        self.compass = Compass()
        self.compass.follow_model_view(window.model_view)
        self.guided_bar = GuidedControlsBar(self.controller)
        self.scene_list = SceneList(self.thumbnails)
        self.site_map = SiteMapView()
        self._play_request: tuple[str | None, bool] | None = None
        self._place_overlays()
        self.scene_dock = self._dock("sceneListDock", self.tr("Scenes"), self.scene_list,
                                     Qt.DockWidgetArea.LeftDockWidgetArea)
        self.map_dock = self._dock("siteMapDock", self.tr("Site map"), self.site_map,
                                   Qt.DockWidgetArea.LeftDockWidgetArea)
        # One column beside the panorama: the list above, the map below, so the view keeps its width.
        window.splitDockWidget(self.scene_dock, self.map_dock, Qt.Orientation.Vertical)
        window.resizeDocks([self.scene_dock, self.map_dock], [360, 280], Qt.Orientation.Vertical)
        self._create_menu()
        window.session_started.connect(self._on_session_started)
        window.installEventFilter(self)  # a right-to-left language moves the docks to the right

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LayoutDirectionChange:
            self.place_docks()
        return False

    def place_docks(self) -> None:
        """Keep the scene list and site map on the leading side: left, or right for right-to-left.

        QMainWindow does not mirror its dock areas with the layout direction, so the docks are
        moved (the list above the map, as built) when the direction changes.
        """
        rtl = self.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        area = Qt.DockWidgetArea.RightDockWidgetArea if rtl else Qt.DockWidgetArea.LeftDockWidgetArea
        if self.window.dockWidgetArea(self.scene_dock) == area:
            return
        for dock in (self.scene_dock, self.map_dock):
            visible = not dock.isHidden()
            self.window.addDockWidget(area, dock)
            dock.setVisible(visible)
        self.window.splitDockWidget(self.scene_dock, self.map_dock, Qt.Orientation.Vertical)

    # -- public ---------------------------------------------------------------------------------

    def play_guided_tour(self, tour_id: str | None = None, *, loop: bool = False) -> bool:
        """Play a guided tour of the open tour (the first when ``tour_id`` is None).

        Before a tour has opened, the request waits for it. False when the tour has no such
        guided tour (logged).
        """
        if self.session is None:
            self._play_request = (tour_id, loop)
            return True
        try:
            guided = self.session.tour.guided_tour(tour_id)
        except KeyError:
            known = ", ".join(g.id for g in self.session.tour.guided_tours) or "none"
            log.warning("no guided tour %r in this tour (guided tours: %s)", tour_id, known)
            return False
        self.controller.start(self.session, guided, loop=loop)
        return True

    def shutdown(self) -> None:
        """Stop the guided tour and the thumbnail worker (the window is closing)."""
        self.controller.close()
        self.thumbnails.shutdown()

    # -- building -------------------------------------------------------------------------------

    def _place_overlays(self) -> None:
        grid = self.window.centralWidget().layout()
        assert isinstance(grid, QGridLayout)
        top = Qt.AlignmentFlag.AlignTop
        for widget, alignment in (
            (self.title, top | Qt.AlignmentFlag.AlignLeading),
            (self.compass, top | Qt.AlignmentFlag.AlignTrailing),
            (self.guided_bar, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter),
        ):
            widget.setContentsMargins(0, 0, 0, 0)
            grid.addWidget(widget, 0, 0, alignment)
        # The overlays keep clear of the window's edges: a margin on the grid would shrink the view.
        self.title.setStyleSheet(self.title.styleSheet() + f"QLabel#sceneTitle {{ margin: {OVERLAY_MARGIN}px; }}")
        self.compass.setFixedSize(self.compass.width() + 2 * OVERLAY_MARGIN, self.compass.height() + 2 * OVERLAY_MARGIN)
        self.compass.setContentsMargins(OVERLAY_MARGIN, OVERLAY_MARGIN, OVERLAY_MARGIN, OVERLAY_MARGIN)
        self.guided_bar.setContentsMargins(0, 0, 0, 0)

    def _dock(self, name: str, title: str, widget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.window.addDockWidget(area, dock)
        dock.setStyleSheet("QDockWidget { color: #d8dee9; } QDockWidget::title { background: #202228; padding: 6px; }")
        dock.hide()  # shown when a tour opens (the site map only when the tour has one)
        return dock

    def _create_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu(self.tr("&Tour"), self.window)
        help_menu = bar.actions()[-1] if bar.actions() else None
        bar.insertMenu(help_menu, menu) if help_menu is not None else bar.addMenu(menu)
        self.play_action = QAction(self.tr("&Play Guided Tour"), self.window)
        self.play_action.setShortcut(QKeySequence("Ctrl+P"))
        self.play_action.triggered.connect(lambda: self.play_guided_tour())
        self.window.addAction(self.play_action)
        self.guided_menu = QMenu(self.tr("Guided &Tours"), self.window)
        menu.addAction(self.play_action)
        menu.addMenu(self.guided_menu)
        menu.addSeparator()
        self.scene_dock.toggleViewAction().setText(self.tr("&Scene List"))
        self.map_dock.toggleViewAction().setText(self.tr("Site &Map"))
        menu.addAction(self.scene_dock.toggleViewAction())
        menu.addAction(self.map_dock.toggleViewAction())
        self.tour_menu = menu

    # -- the session ----------------------------------------------------------------------------

    def _on_session_started(self, session: TourSession) -> None:
        self.controller.close()
        self.session = session
        for widget in (self.title, self.compass, self.scene_list, self.site_map):
            widget.set_session(session)
        self.scene_dock.setVisible(len(session.tour.scenes) > 1)
        has_map = session.tour.site_map is not None
        self.map_dock.setVisible(has_map)
        self.map_dock.toggleViewAction().setEnabled(has_map)
        self._fill_guided_menu(session)
        if self._play_request is not None:
            tour_id, loop = self._play_request
            self._play_request = None
            self.play_guided_tour(tour_id, loop=loop)

    def _fill_guided_menu(self, session: TourSession) -> None:
        self.guided_menu.clear()
        for guided in session.tour.guided_tours:
            action = self.guided_menu.addAction(session.text(guided.title) or guided.id)
            action.triggered.connect(lambda _checked=False, gid=guided.id: self.play_guided_tour(gid))
        self.play_action.setEnabled(bool(session.tour.guided_tours))
        self.guided_menu.setEnabled(bool(session.tour.guided_tours))

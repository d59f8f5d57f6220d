"""The overview: fly out of a panorama into its site model (the "dollhouse" view) and back in.

A panorama with a ``pose`` (see :mod:`vtour.model.overview`) shows an **Overview** button over the
view (also `O` and View ▸ Overview). It opens the pose's model scene with the model camera at the
panorama's eye, looking where the panorama looked with the same field of view, and flies out to
the model scene's start camera over :data:`~vtour.model.overview.OVERVIEW_SECONDS`. In the model,
every placed panorama is a scene-link marker: activating one (click, tap, Enter) flies to its eye,
level and facing the way the camera faced, and only then opens the panorama at the matching view.
Dragging during that flight cancels it (the visitor stays in the model). In a model scene the
same button and key fly back to the start camera. Reduced motion (View ▸ Preferences) jumps.

Scene changes go through the session (``go_to``), so Go ▸ Back returns as for any link.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QToolButton

from vtour.model.overview import (
    OVERVIEW_SECONDS,
    arrival_camera,
    camera_at_panorama,
    panorama_view,
    placed_panoramas,
)
from vtour.model.tour import Scene, ScenePose, View
from vtour.ui import preferences
from vtour.ui.i18n import SOURCE_PROPERTY

log = logging.getLogger(__name__)

BUTTON_STYLE = """
QToolButton#overviewButton {
    color: #eceff4; background-color: rgba(20, 21, 26, 225);
    border: 1px solid rgba(255, 255, 255, 38); border-radius: 12px;
    padding: 8px 14px; margin: 14px; font-weight: 600;
}
QToolButton#overviewButton:hover { background-color: rgba(60, 64, 76, 235); }
"""


class OverviewController(QObject):
    """Owns the Overview action and button of ``window`` and the flights between panorama and model."""

    def __init__(self, window, view_menu=None) -> None:
        super().__init__(window)
        self.window = window
        self._entry: tuple[ScenePose, View] | None = None  # a flight out waiting for the model
        self._session = None
        self.action = QAction(self.tr("&Overview"), window)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_O))
        self.action.setStatusTip(self.tr("Fly out to the site model, and back into a panorama"))
        self.action.triggered.connect(self.toggle)
        window.addAction(self.action)  # the shortcut works in fullscreen too
        if view_menu is not None:
            view_menu.addAction(self.action)
        self.button = self._make_button()
        window.session_started.connect(self._on_session_started)
        window.model_view.model_shown.connect(self._on_model_shown)
        window.scene_shown.connect(lambda _scene: self._update())
        self._update()

    # -- state ----------------------------------------------------------------------------------

    def _in_model(self) -> bool:
        return self.window.scene_stack.currentWidget() is self.window.model_view

    def _pose(self) -> ScenePose | None:
        scene = self.window.scene
        if scene is None or self._in_model() or scene.pose is None:
            return None
        return scene.pose if self._model_scene(scene.pose.model) is not None else None

    def _model_scene(self, scene_id: str) -> Scene | None:
        tour = self.window.tour
        return next((s for s in tour.scenes if s.id == scene_id), None) if tour is not None else None

    def available(self) -> bool:
        """Whether the overview applies: a posed panorama, or a model with panoramas placed in it."""
        scene, tour = self.window.scene, self.window.tour
        if scene is None or tour is None:
            return False
        if self._in_model():
            return bool(placed_panoramas(tour, scene.id))
        return self._pose() is not None

    def _aspect(self) -> float:
        view = self.window.model_view
        return max(view.width(), 1) / max(view.height(), 1)

    def _duration(self) -> float:
        return 0.0 if preferences.reduced_motion() else OVERVIEW_SECONDS

    # -- commands -------------------------------------------------------------------------------

    def toggle(self) -> None:
        """Out of a posed panorama into its model; in a model, back to its start camera."""
        if self._in_model():
            if self.available():
                self.window.model_view.fly_to(self.window.model_view.start, self._duration())
            return
        self.fly_out()

    def fly_out(self) -> bool:
        """Open the current panorama's model, starting at the panorama's eye; False without a pose."""
        pose, session = self._pose(), self.window.session
        if pose is None or session is None:
            return False
        self._entry = (pose, self.window.panorama_view.view)
        log.info("overview: out of %s into model scene %s", self.window.scene.id, pose.model)
        session.go_to(pose.model)
        return True

    def fly_in(self, scene_id: str | None) -> bool:
        """Fly into placed panorama ``scene_id``, then open it; False when it is not placed in the
        model on screen (the caller follows the link as usual)."""
        tour, scene = self.window.tour, self.window.scene
        if not self._in_model() or tour is None or scene is None or scene_id is None:
            return False
        target = next((s for s in placed_panoramas(tour, scene.id) if s.id == scene_id), None)
        if target is None:
            return False
        view, aspect = self.window.model_view, self._aspect()
        arrival = arrival_camera(target.pose, view.camera, aspect)
        entered = panorama_view(target.pose, arrival, aspect)
        log.info("overview: into %s", scene_id)
        view.fly_to(arrival, self._duration(), on_arrival=lambda: self._enter(target.id, entered))
        return True

    def _enter(self, scene_id: str, view: View) -> None:
        session = self.window.session
        if session is not None and self._in_model():
            session.go_to(scene_id, view)

    # -- events ---------------------------------------------------------------------------------

    def _on_model_shown(self) -> None:
        entry, self._entry = self._entry, None
        scene = self.window.scene
        if entry is None or scene is None or scene.id != entry[0].model:
            return
        pose, seen = entry
        view = self.window.model_view
        dollhouse = view.start
        view.navigator.set_camera(camera_at_panorama(pose, seen, dollhouse, self._aspect()), home=view.navigator.home)
        view.fly_to(dollhouse, self._duration())

    def _on_session_started(self, session) -> None:
        if self._session is not None:
            try:
                self._session.scene_changed.disconnect(self._on_scene_changed)
            except (RuntimeError, ValueError):
                pass
        self._session = session
        session.scene_changed.connect(self._on_scene_changed)
        self._update()

    def _on_scene_changed(self, change) -> None:
        if self._entry is not None and change.scene.id != self._entry[0].model:
            self._entry = None  # another scene was chosen before the model opened
        self._update()

    def _update(self) -> None:
        available = self.available()
        self.action.setEnabled(available)
        self.button.setVisible(available)
        # The button mirrors the action's text (setDefaultAction), so the text is set on the action,
        # with its English source for the language controller's retranslation.
        in_model = self._in_model()
        self.action.setProperty(SOURCE_PROPERTY, "Back to &Overview" if in_model else "&Overview")
        self.action.setText(self.tr("Back to &Overview") if in_model else self.tr("&Overview"))

    # -- building -------------------------------------------------------------------------------

    def _make_button(self) -> QToolButton:
        button = QToolButton()
        button.setObjectName("overviewButton")
        button.setDefaultAction(self.action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setStyleSheet(BUTTON_STYLE)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        grid = self.window.centralWidget().layout()
        assert isinstance(grid, QGridLayout)
        grid.addWidget(button, 0, 0, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignTrailing)
        button.hide()
        return button

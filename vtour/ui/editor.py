"""Authoring mode: place, move, duplicate and delete hotspots on the panorama, never lose work.

A :class:`TourEditor` turns a :class:`~vtour.ui.window.MainWindow` into an editor of one tour
file. The tour being edited is a :class:`~vtour.model.editing.TourDocument` (plain JSON data);
every change is a pure :mod:`vtour.model.editing` edit wrapped in a ``QUndoCommand`` on a
``QUndoStack`` (Edit ▸ Undo/Redo, the platform's shortcuts). After each change the document's
text is validated like ``vtour validate`` (:func:`~vtour.io.tourfile.check_tour_text`): the
Problems panel lists the messages (double-click one to go to its scene) and, when the text is
valid, the window shows the edited tour at once, same scene and view.

Mouse, in the panorama:

- **Edit ▸ Add Hotspot** (``H``) then a click adds an info hotspot exactly there (yaw/pitch of
  the click); the mode stays on for several, Esc leaves it;
- **drag a marker** to move it (the marker follows live; one undo step on release); a click on a
  marker selects it instead of following or opening it; Delete removes the selection,
  Ctrl+D duplicates it.

Saving (Ctrl+S) is atomic with a ``.bak`` of the previous version (:mod:`vtour.io.safe_save`).
Unsaved changes are written to a recovery file every :data:`AUTOSAVE_MS`; opening a tour with a
newer recovery file offers it. A change of the file by another program is noticed (file watcher
plus content fingerprint) and offered for reload, and a save over it asks first: never a silent
overwrite. Questions go through :attr:`TourEditor.ask` (tests answer them).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QPointF, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem, QMenu, QMessageBox

from vtour.io.safe_save import (
    ConflictError,
    Fingerprint,
    SaveError,
    changed_on_disk,
    discard_recovery,
    read_recovery,
    remove_stale_temps,
    save_atomically,
    write_recovery,
)
from vtour.io.tourfile import check_tour_text
from vtour.model.editing import (
    TourDocument,
    add_hotspot,
    delete_hotspot,
    duplicate_hotspot,
    move_hotspot,
    move_hotspot_3d,
)
from vtour.model.errors import Diagnostic
from vtour.ui.area_drawing import AreaDrawing
from vtour.ui.hotspot_properties import HotspotPropertiesPanel
from vtour.ui.marker_input import CLICK_SLOP_PX
from vtour.ui.scene_editing import SceneActions
from vtour.ui.site_map_editing import SiteMapEditing

log = logging.getLogger(__name__)

AUTOSAVE_MS = 30_000
"""How often unsaved changes are written to the recovery file."""


class EditCommand(QUndoCommand):
    """One :mod:`vtour.model.editing` edit on the undo stack."""

    def __init__(self, editor: TourEditor, edit) -> None:
        super().__init__(edit.text)
        self.editor, self.edit = editor, edit

    def redo(self) -> None:
        self.edit.apply(self.editor.document)
        self.editor.document_changed()

    def undo(self) -> None:
        self.edit.revert(self.editor.document)
        self.editor.document_changed()


class ReplaceDocument(QUndoCommand):
    """Adopt recovered text as an undoable change (so the tour counts as modified until saved)."""

    def __init__(self, editor: TourEditor, data: dict, text: str) -> None:
        super().__init__(text)
        self.editor, self.new, self.old = editor, data, editor.document.data

    def redo(self) -> None:
        self.editor.document.data = self.new
        self.editor.document_changed()

    def undo(self) -> None:
        self.editor.document.data = self.old
        self.editor.document_changed()


class TourEditor(QObject):
    """Authoring mode on ``window`` for the tour file ``path``.

    Signals
    -------
    diagnostics_changed(list)
        The validation messages of the current text (Diagnostic objects).
    document_changed_signal()
        The document changed (an edit, undo, redo, reload or recovery); panels re-read it.
    selection_changed(object)
        The selected hotspot changed: ``(scene_id, index)`` or None.
    """

    diagnostics_changed = Signal(list)
    document_changed_signal = Signal()
    selection_changed = Signal(object)

    def __init__(self, window, path: Path | str, *, recovery_dir: Path | None = None,
                 autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__(window)
        self.window = window
        self.path = Path(path).resolve()
        self.recovery_dir = recovery_dir or _default_recovery_dir()
        self.ask = _ask_with_message_box  # ask(kind, title, text) -> answer; tests replace it
        self.report = _report_with_message_box
        for stale in remove_stale_temps(self.path):
            log.info("removed %s, left by an interrupted save", stale)
        self.document = TourDocument.from_file(self.path)
        self.fingerprint = Fingerprint.of(self.path)
        self.diagnostics: list[Diagnostic] = []
        self._selected: tuple[str, int] | None = None
        self._drag: dict | None = None
        self._last_recovery_text: str | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._create_actions()
        self.scene_actions = SceneActions(self)  # Edit ▸ Scene (vtour.ui.scene_editing)
        self._create_problems_panel()
        self.properties = HotspotPropertiesPanel(self)  # every field of the selected hotspot
        self.site_map_editing = SiteMapEditing(self)  # drag scenes' dots on the site map
        # Room for the fields without scrolling sideways; the problems list stays a strip.
        window.resizeDocks([self.properties.dock], [360], Qt.Orientation.Horizontal)
        window.resizeDocks([self.problems_dock], [110], Qt.Orientation.Vertical)
        self._watcher = QFileSystemWatcher([str(self.path)], self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._autosave = QTimer(self)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.autosave_now)
        self._autosave.start()
        self._caster = None  # (asset, ModelRaycaster) of the model on screen, made on the first click
        window.panorama_view.installEventFilter(self)  # after the hotspot layers': sees events first
        window.model_view.installEventFilter(self)
        self.area_drawing = AreaDrawing(self)  # Edit ▸ Draw Area; its filter runs before ours
        window.editor = self

    def _on_clean_changed(self, clean: bool) -> None:
        if shiboken6.isValid(self.window):  # the stack also reports while the window is torn down
            self.window.setWindowModified(not clean)

    @property
    def selected(self) -> tuple[str, int] | None:
        """The selected hotspot as ``(scene_id, index)`` into the document's hotspot list, or None."""
        return self._selected

    @selected.setter
    def selected(self, value: tuple[str, int] | None) -> None:
        if value != self._selected:
            self._selected = value
            self._highlight()
            self.selection_changed.emit(value)

    def _highlight(self) -> None:
        """Draw the selected hotspot with the focus ring (the keyboard focus look)."""
        hotspot_id = None
        if self._selected is not None:
            scene_id, index = self._selected
            spots = self.document.hotspots(scene_id) if scene_id in self.document.scene_ids() else []
            hotspot_id = spots[index].get("id") if index < len(spots) else None
        self.window.hotspot_layer.set_focused(hotspot_id)

    # -- opening --------------------------------------------------------------------------------

    def open(self) -> None:
        """Offer a newer recovery file, then show the tour (the recovered text, if taken)."""
        self.window.setWindowFilePath(str(self.path))
        self.window.open_tour(self.path)
        recovery = read_recovery(self.path, self.recovery_dir)
        if recovery is not None and recovery.differs_from_saved:
            answer = self.ask("recover", self.tr("Recover unsaved changes?"), self.tr(
                "vtour found changes to {name} that were not saved (autosaved {when}). Recover them?").format(
                    name=self.path.name, when=time.strftime("%Y-%m-%d %H:%M", time.localtime(recovery.mtime))))
            if answer:
                recovered = TourDocument.from_text(recovery.text, self.path)
                self.undo_stack.push(ReplaceDocument(self, recovered.data, self.tr("Recover unsaved changes")))
            else:
                discard_recovery(self.path, self.recovery_dir)
        else:
            self.document_changed(show=False)

    # -- changing -------------------------------------------------------------------------------

    def push(self, edit) -> None:
        """Apply ``edit`` as one undoable step."""
        self.undo_stack.push(EditCommand(self, edit))

    def document_changed(self, show: bool = True) -> None:
        """Validate the document's text; show the edited tour when it is valid."""
        tour, self.diagnostics = check_tour_text(self.document.to_json(), self.path)
        self._drop_stale_selection()
        self._highlight()
        self._show_problems()
        self.diagnostics_changed.emit(self.diagnostics)
        self.document_changed_signal.emit()
        if tour is not None and show and self.window.tour is not None:
            self.window.replace_tour(tour)

    def _drop_stale_selection(self) -> None:
        if self._selected is None:
            return
        scene_id, index = self._selected
        if scene_id not in self.document.scene_ids() or index >= len(self.document.hotspots(scene_id)):
            self.selected = None

    def add_hotspot_at(self, x: float, y: float) -> None:
        """Add an info hotspot at logical pixel ``(x, y)`` of the panorama view."""
        scene = self.window.scene
        if scene is None:
            return
        yaw, pitch = self.window.hotspot_layer.geometry().to_yaw_pitch(x, y)
        language = self.document.data.get("defaultLanguage", "en")
        edit = add_hotspot(self.document, scene.id, {"type": "info", "yaw": float(yaw), "pitch": float(pitch),
                                                     "title": {language: self.tr("New hotspot")}})
        self.push(edit)
        self.selected = (scene.id, len(self.document.hotspots(scene.id)) - 1)

    def delete_selected(self) -> None:
        if self.selected is not None:
            self.push(delete_hotspot(self.document, *self.selected))
            self.selected = None

    def duplicate_selected(self) -> None:
        if self.selected is not None:
            scene_id, index = self.selected
            self.push(duplicate_hotspot(self.document, scene_id, index))
            self.selected = (scene_id, index + 1)

    # -- saving ---------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save atomically; asks before overwriting a file another program changed."""
        text = self.document.to_json()
        try:
            save_atomically(self.path, text, expected=self.fingerprint)
        except ConflictError:
            answer = self.ask("conflict", self.tr("The file was changed elsewhere"), self.tr(
                "{name} was changed by another program since it was opened. Overwrite it with your "
                "version, reload theirs (your changes are lost), or cancel?").format(name=self.path.name))
            if answer == "reload":
                self.reload_from_disk()
                return False
            if answer != "overwrite":
                return False
            return self._save_over(text)
        except SaveError as exc:
            self.report(self.tr("Cannot save"), str(exc))
            return False
        return self._saved()

    def _save_over(self, text: str) -> bool:
        try:
            save_atomically(self.path, text)
        except SaveError as exc:
            self.report(self.tr("Cannot save"), str(exc))
            return False
        return self._saved()

    def _saved(self) -> bool:
        self.fingerprint = Fingerprint.of(self.path)
        self.undo_stack.setClean()
        discard_recovery(self.path, self.recovery_dir)
        self._last_recovery_text = None
        self._rewatch()
        log.info("saved %s", self.path)
        return True

    def autosave_now(self) -> None:
        """Write unsaved changes to the recovery file (nothing when there are none)."""
        if self.undo_stack.isClean():
            return
        text = self.document.to_json()
        if text == self._last_recovery_text:
            return
        try:
            write_recovery(self.path, text, self.recovery_dir)
            self._last_recovery_text = text
        except OSError as exc:
            log.warning("autosave of %s failed: %s", self.path, exc)

    def reload_from_disk(self) -> None:
        """Replace the document with the file's content (the undo history is cleared)."""
        self.document = TourDocument.from_file(self.path)
        self.fingerprint = Fingerprint.of(self.path)
        self.undo_stack.clear()
        self.selected = None
        self.document_changed()
        self._rewatch()

    def may_close(self) -> bool:
        """Ask about unsaved changes; False keeps the window open."""
        if self.undo_stack.isClean():
            return True
        answer = self.ask("close", self.tr("Unsaved changes"), self.tr(
            "Save the changes to {name} before closing?").format(name=self.path.name))
        if answer == "save":
            return self.save()
        if answer == "discard":
            discard_recovery(self.path, self.recovery_dir)
            return True
        return False

    # -- watching the file ----------------------------------------------------------------------

    def _on_file_changed(self, _path: str) -> None:
        self._rewatch()  # an atomic replace by another program ends the watch on the old inode
        if not changed_on_disk(self.path, self.fingerprint):
            return
        log.info("%s was changed by another program", self.path)
        answer = self.ask("changed", self.tr("The file was changed elsewhere"), self.tr(
            "{name} was changed by another program. Reload it? (Your unsaved changes would be lost.)").format(
                name=self.path.name) if not self.undo_stack.isClean() else self.tr(
            "{name} was changed by another program. Reload it?").format(name=self.path.name))
        if answer:
            self.reload_from_disk()

    def _rewatch(self) -> None:
        if str(self.path) not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(str(self.path))

    # -- mouse on the panorama ------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if watched is self.window.model_view:
            return self._model_event(event)
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            return self._pressed(event.position())
        if kind == QEvent.Type.MouseMove and self._drag is not None:
            return self._dragged(event.position())
        if kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            return self._released(event.position())
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and self.add_action.isChecked():
            self.add_action.setChecked(False)
            return True
        return False

    def _pressed(self, position: QPointF) -> bool:
        scene = self.window.scene
        if scene is None:
            return False
        hotspot = self.window.hotspot_layer.hotspot_at(position.x(), position.y())
        if hotspot is None and not self.add_action.isChecked():
            return False  # the view turns as usual
        index = next((i for i, h in enumerate(scene.hotspots) if h.id == hotspot.id), None) if hotspot else None
        self._drag = {"start": position, "index": index, "moved": False, "scene": scene.id}
        return True

    def _dragged(self, position: QPointF) -> bool:
        drag = self._drag
        if drag["index"] is None:
            return True
        if (position - drag["start"]).manhattanLength() > CLICK_SLOP_PX:
            drag["moved"] = True
        if drag["moved"]:
            self._preview_move(drag["index"], position)
        return True

    def _released(self, position: QPointF) -> bool:
        drag, self._drag = self._drag, None
        scene = self.window.scene
        if scene is None or scene.id != drag["scene"]:
            return True
        if drag["index"] is None:
            self.add_hotspot_at(position.x(), position.y())
        elif drag["moved"]:
            yaw, pitch = self.window.hotspot_layer.geometry().to_yaw_pitch(position.x(), position.y())
            self.push(move_hotspot(self.document, scene.id, drag["index"], float(yaw), float(pitch)))
            self.selected = (scene.id, drag["index"])
        else:
            self.selected = (scene.id, drag["index"])
        return True

    def _preview_move(self, index: int, position: QPointF) -> None:
        """Move the marker on screen without a new undo step (that comes on release)."""
        scene = self.window.scene
        yaw, pitch = self.window.hotspot_layer.geometry().to_yaw_pitch(position.x(), position.y())
        spots = list(scene.hotspots)
        spots[index] = dataclasses.replace(spots[index], yaw=float(yaw), pitch=float(pitch))
        self.window._scene = dataclasses.replace(scene, hotspots=tuple(spots))
        self.window.panorama_view.update()

    # -- mouse on a model: 3D hotspots placed on the surface by ray cast ---------------------------

    def _model_event(self, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            return self._model_pressed(event.position())
        if kind == QEvent.Type.MouseMove and self._drag is not None:
            if (event.position() - self._drag["start"]).manhattanLength() > CLICK_SLOP_PX:
                self._drag["moved"] = True
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            return self._model_released(event.position())
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and self.add_action.isChecked():
            self.add_action.setChecked(False)
            return True
        return False

    def _model_pressed(self, position: QPointF) -> bool:
        scene = self.window.scene
        if scene is None or not self.window.model_view.has_model:
            return False
        hotspot = self.window.model_hotspots.hotspot_at(position.x(), position.y())
        ids = [spot.get("id") for spot in self.document.hotspots(scene.id)]
        index = ids.index(hotspot.id) if hotspot is not None and hotspot.id in ids else None
        if index is None and not self.add_action.isChecked():
            return False  # orbit as usual (placed panoramas' markers are not the tour's hotspots)
        self._drag = {"start": position, "index": index, "moved": False, "scene": scene.id}
        return True

    def _model_released(self, position: QPointF) -> bool:
        drag, self._drag = self._drag, None
        scene = self.window.scene
        if scene is None or scene.id != drag["scene"]:
            return True
        if drag["index"] is not None and not drag["moved"]:
            self.selected = (scene.id, drag["index"])
            return True
        hit = self.surface_at(position.x(), position.y())
        if hit is None:
            return True  # the background: nothing to place on
        position3, normal = tuple(float(c) for c in hit.point), tuple(float(c) for c in hit.normal)
        if drag["index"] is None:
            language = self.document.data.get("defaultLanguage", "en")
            self.push(add_hotspot(self.document, scene.id, {"type": "info", "position": position3, "normal": normal,
                                                            "title": {language: self.tr("New hotspot")}}))
            self.selected = (scene.id, len(self.document.hotspots(scene.id)) - 1)
        else:
            self.push(move_hotspot_3d(self.document, scene.id, drag["index"], position3, normal))
            self.selected = (scene.id, drag["index"])
        return True

    def surface_at(self, x: float, y: float):
        """The model surface under logical pixel ``(x, y)`` (a ray-cast Hit with point and normal), or None."""
        from vtour.geometry.raycast import ModelRaycaster

        view = self.window.model_view
        asset = view.asset
        if asset is None:
            return None
        if self._caster is None or self._caster[0] is not asset:
            self._caster = (asset, ModelRaycaster(asset))  # once per model: the triangles in world space
        return self._caster[1].pick(view.camera, x, y, max(view.width(), 1), max(view.height(), 1))

    # -- building -------------------------------------------------------------------------------

    def _create_actions(self) -> None:
        window = self.window
        bar = window.menuBar()
        first_after_file = bar.actions()[1] if len(bar.actions()) > 1 else None  # File, Edit, View, ...
        menu = QMenu(self.tr("&Edit"), window)
        bar.insertMenu(first_after_file, menu) if first_after_file is not None else bar.addMenu(menu)
        self.undo_action = self.undo_stack.createUndoAction(window, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(window, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.save_action = self._action(self.tr("&Save"), QKeySequence.StandardKey.Save, self.save)
        self.add_action = self._action(self.tr("&Add Hotspot"), QKeySequence(Qt.Key.Key_H), None)
        self.add_action.setCheckable(True)
        self.delete_action = self._action(self.tr("&Delete Hotspot"), QKeySequence.StandardKey.Delete,
                                          self.delete_selected)
        self.duplicate_action = self._action(self.tr("D&uplicate Hotspot"), QKeySequence("Ctrl+D"),
                                             self.duplicate_selected)
        for action in (self.undo_action, self.redo_action):
            window.addAction(action)
        menu.addActions([self.undo_action, self.redo_action])
        menu.addSeparator()
        menu.addActions([self.save_action, self.add_action, self.delete_action, self.duplicate_action])
        self.menu = menu

    def _action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(shortcut)
        if slot is not None:
            action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _create_problems_panel(self) -> None:
        self.problems = QListWidget()
        self.problems.itemActivated.connect(self._go_to_problem)
        dock = QDockWidget(self.tr("Problems"), self.window)
        dock.setObjectName("problemsDock")
        dock.setWidget(self.problems)
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.problems_dock = dock

    def _show_problems(self) -> None:
        self.problems.clear()
        for diagnostic in self.diagnostics:
            item = QListWidgetItem(str(diagnostic))
            item.setData(Qt.ItemDataRole.UserRole, diagnostic.json_path)
            self.problems.addItem(item)
        self.problems_dock.setVisible(bool(self.diagnostics))

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        """Open the scene a message is about and select its hotspot (``$.scenes.<id>.hotspots[<n>]...``)."""
        target = problem_target(str(item.data(Qt.ItemDataRole.UserRole) or ""))
        if target is None or self.window.session is None:
            return
        scene_id, index = target
        if scene_id not in self.document.scene_ids():
            return
        if self.window.scene is None or self.window.scene.id != scene_id:
            self.window.open_scene(scene_id)
        if index is not None and index < len(self.document.hotspots(scene_id)):
            self.selected = (scene_id, index)


_PROBLEM_PATH = re.compile(r"^\$\.scenes\.([^.\[]+)(?:\.hotspots\[(\d+)\])?")


def problem_target(json_path: str) -> tuple[str, int | None] | None:
    """``("hall", 2)`` for ``$.scenes.hall.hotspots[2].title``, ``("hall", None)`` for
    ``$.scenes.hall.initialView``, None for anything outside the scenes."""
    match = _PROBLEM_PATH.match(json_path)
    if match is None:
        return None
    return match.group(1), int(match.group(2)) if match.group(2) is not None else None


def _default_recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".local" / "share" / "vtour") / "recovery"


def _ask_with_message_box(kind: str, title: str, text: str):
    buttons = QMessageBox.StandardButton
    if kind == "conflict":
        box = QMessageBox(QMessageBox.Icon.Warning, title, text)
        overwrite = box.addButton(QMessageBox.tr("Overwrite"), QMessageBox.ButtonRole.DestructiveRole)
        reload = box.addButton(QMessageBox.tr("Reload"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(buttons.Cancel)
        box.exec()
        return "overwrite" if box.clickedButton() is overwrite else "reload" if box.clickedButton() is reload else None
    if kind == "close":
        answer = QMessageBox.question(None, title, text, buttons.Save | buttons.Discard | buttons.Cancel)
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer)
    return QMessageBox.question(None, title, text) == buttons.Yes


def _report_with_message_box(title: str, text: str) -> None:
    QMessageBox.critical(None, title, text)

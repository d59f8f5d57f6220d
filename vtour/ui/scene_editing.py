"""Edit ▸ Scene: scene management in authoring mode, each action one undoable edit.

- **Set Initial View Here**: the panorama's ``initialView`` becomes the current view;
- **This Way Is North**: ``northOffset`` so that the direction the visitor faces is north;
- **Limit Zoom Out / In to Here**: the current field of view becomes ``limits.maxHfov`` / ``minHfov``;
- **Rename Scene…**: a new id, updated everywhere it is referenced (links, guided tours, the
  site map, poses; :class:`~vtour.model.editing.RenameScene`);
- **Move Scene Up / Down**: the order of the scene list;
- **Add Scene from File…**: a panorama image or a glTF model becomes a scene; a file outside the
  tour's folder is copied in first (asset paths may not leave it), and the new scene is validated
  on the way in: a file ``vtour validate`` would reject is refused with its message, and nothing
  changes;
- **Delete Scene**: with everything that pointed at it, after a confirmation listing what goes.

Prompts go through :attr:`SceneActions.prompt_text`, ``prompt_file`` and ``confirm`` (tests
answer them).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from vtour.geometry.angles import wrap_yaw
from vtour.io.tourfile import check_tour_text
from vtour.model.editing import (
    RenameScene,
    SetValue,
    ReorderScenes,
    TourDocument,
    add_scene,
    delete_scene,
    scene_id_from_name,
    set_initial_view,
    set_north_offset,
)
from vtour.model.errors import Severity

log = logging.getLogger(__name__)

MODEL_SUFFIXES = (".glb", ".gltf")


class SceneActions(QObject):
    """The Edit ▸ Scene submenu of a :class:`~vtour.ui.editor.TourEditor`."""

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.prompt_text = _prompt_text
        self.prompt_file = _prompt_file
        self.confirm = _confirm
        menu = editor.menu.addMenu(self.tr("S&cene"))
        self.actions: dict[str, QAction] = {}
        for name, text, slot in (
            ("initial_view", self.tr("Set &Initial View Here"), self.set_initial_view_here),
            ("north", self.tr("This Way Is &North"), self.set_north_here),
            ("widest", self.tr("Limit Zoom &Out to Here"), lambda: self.set_zoom_limit("maxHfov")),
            ("closest", self.tr("Limit Zoom &In to Here"), lambda: self.set_zoom_limit("minHfov")),
            ("rename", self.tr("&Rename Scene…"), self.rename),
            ("up", self.tr("Move Scene &Up"), lambda: self.move(-1)),
            ("down", self.tr("Move Scene &Down"), lambda: self.move(1)),
            ("add", self.tr("&Add Scene from File…"), self.add_from_file),
            ("delete", self.tr("D&elete Scene"), self.delete),
        ):
            action = menu.addAction(text)
            action.triggered.connect(slot)
            self.actions[name] = action
        self.menu = menu

    @property
    def _document(self) -> TourDocument:
        return self.editor.document

    def _scene_id(self) -> str | None:
        scene = self.editor.window.scene
        return scene.id if scene is not None else None

    def _facing(self) -> tuple[float, float, float] | None:
        """Yaw, pitch and hfov the visitor sees: the panorama's view or the model camera's."""
        window = self.editor.window
        if window.scene_stack.currentWidget() is window.model_view:
            camera = window.model_view.camera
            return camera.yaw, camera.pitch, camera.hfov(max(window.model_view.width(), 1) /
                                                         max(window.model_view.height(), 1))
        view = window.panorama_view.view
        return view.yaw, view.pitch, view.hfov

    # -- actions --------------------------------------------------------------------------------

    def set_initial_view_here(self) -> bool:
        scene_id, facing = self._scene_id(), self._facing()
        if scene_id is None or facing is None:
            return False
        try:
            self.editor.push(set_initial_view(self._document, scene_id, *facing))
        except ValueError as exc:  # a model scene: its start view is its camera
            self.editor.report(self.tr("Cannot set the initial view"), str(exc))
            return False
        return True

    def set_north_here(self) -> bool:
        """The direction faced is north: the heading of yaw 0 is then ``-yaw``."""
        scene_id, facing = self._scene_id(), self._facing()
        if scene_id is None or facing is None:
            return False
        self.editor.push(set_north_offset(self._document, scene_id, wrap_yaw(-facing[0]) % 360.0))
        return True

    def set_zoom_limit(self, key: str) -> bool:
        """The current field of view becomes the widest (``maxHfov``) or closest (``minHfov``) zoom."""
        scene_id, facing = self._scene_id(), self._facing()
        if scene_id is None or facing is None or self.editor.window.scene_stack.currentWidget() is not \
                self.editor.window.panorama_view:
            return False
        limits = dict(self._document.get(("scenes", scene_id, "limits"), {}) or {})
        limits[key] = round(float(facing[2]), 2)
        low, high = limits.get("minHfov", 30.0), limits.get("maxHfov", 120.0)
        if low > high:
            self.editor.report(self.tr("Cannot set the zoom limit"), self.tr(
                "The closest zoom ({low}°) would be wider than the widest ({high}°).").format(low=low, high=high))
            return False
        text = "Limit zoom out" if key == "maxHfov" else "Limit zoom in"
        self.editor.push(SetValue(("scenes", scene_id, "limits"), limits, f"{text} in “{scene_id}”"))
        return True

    def rename(self) -> bool:
        scene_id = self._scene_id()
        if scene_id is None:
            return False
        new_id = self.prompt_text(self.tr("Rename Scene"), self.tr("New id for scene “{id}”:").format(id=scene_id),
                                  scene_id)
        if not new_id or new_id == scene_id:
            return False
        problem = self._document.scene_id_problem(new_id)
        if problem:
            self.editor.report(self.tr("Cannot rename the scene"), problem)
            return False
        self.editor.push(RenameScene(scene_id, new_id))
        self.editor.window.open_scene(new_id)
        return True

    def move(self, step: int) -> bool:
        scene_id = self._scene_id()
        order = list(self._document.scene_ids())
        if scene_id is None or scene_id not in order:
            return False
        index = order.index(scene_id)
        target = index + step
        if not 0 <= target < len(order):
            return False
        order[index], order[target] = order[target], order[index]
        self.editor.push(ReorderScenes(order))
        return True

    def add_from_file(self) -> bool:
        chosen = self.prompt_file(self.tr("Add Scene from File"), self.editor.path.parent)
        if not chosen:
            return False
        source = Path(chosen)
        try:
            relative = self._bring_into_folder(source)
        except OSError as exc:
            self.editor.report(self.tr("Cannot add the scene"), f"{source}: {exc.strerror or exc}")
            return False
        scene_id = scene_id_from_name(source.stem, self._document.scene_ids())
        is_model = source.suffix.lower() in MODEL_SUFFIXES
        scene = ({"type": "model", "title": source.stem, "model": relative} if is_model
                 else {"type": "equirectangular", "title": source.stem, "panorama": relative})
        edit = add_scene(self._document, scene_id, scene)
        problem = self._validate_with(edit, scene_id)
        if problem:
            self.editor.report(self.tr("Cannot add the scene"), problem)
            return False
        self.editor.push(edit)
        return True

    def delete(self) -> bool:
        scene_id = self._scene_id()
        if scene_id is None or len(self._document.scene_ids()) < 2:
            return False
        edit = delete_scene(self._document, scene_id)
        details = "\n".join(f"• {item}" for item in edit.removed)
        if not self.confirm(self.tr("Delete Scene"), self.tr("Delete scene “{id}”?").format(id=scene_id), details):
            return False
        self.editor.push(edit)
        return True

    # -- helpers --------------------------------------------------------------------------------

    def _bring_into_folder(self, source: Path) -> str:
        """The file's path relative to the tour's folder, copying it in when it lies outside."""
        folder = self.editor.path.parent.resolve()
        real = source.resolve()
        try:
            return real.relative_to(folder).as_posix()
        except ValueError:
            target = folder / real.name
            if target.exists():
                raise FileExistsError(f"{target.name} already exists in the tour's folder") from None
            shutil.copy2(real, target)
            log.info("copied %s into %s", real, folder)
            return target.name

    def _validate_with(self, edit, scene_id: str) -> str | None:
        """The first error the new scene would bring (checked on a copy of the document), or None."""
        trial = TourDocument.from_text(self._document.to_json(), self.editor.path)
        edit.apply(trial)
        _tour, diagnostics = check_tour_text(trial.to_json(), self.editor.path)
        errors = [d for d in diagnostics if d.severity is Severity.ERROR and f".{scene_id}" in d.json_path]
        return str(errors[0]) if errors else None


def _prompt_text(title: str, label: str, value: str) -> str | None:
    text, ok = QInputDialog.getText(None, title, label, text=value)
    return text.strip() if ok else None


def _prompt_file(title: str, folder: Path) -> str | None:
    filters = "Panoramas and models (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.glb *.gltf);;All files (*)"
    filename, _ = QFileDialog.getOpenFileName(None, title, str(folder), filters)
    return filename or None


def _confirm(title: str, text: str, details: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    if details:
        box.setDetailedText(details)
    return box.exec() == QMessageBox.StandardButton.Yes

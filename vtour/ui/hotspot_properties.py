"""The authoring mode's "Hotspot" panel: the selected hotspot's fields, edited as undoable steps.

:class:`HotspotPropertiesPanel` docks on the editor's window and shows the hotspot selected in a
:class:`~vtour.ui.editor.TourEditor`: its id, its type (read-only), its yaw and pitch (panorama
hotspots), one title box and one text box per language the tour declares, and for scene links the
target scene, the view visitors arrive at and the link's own transition; its pictures (with a
caption and alt text in the default language), narration and captions files; and for 3D hotspots
the anchor (read-only) and the viewpoint taken from the model camera. Every change goes through ``editor.push`` as one
:mod:`vtour.model.editing` edit, so Edit ▸ Undo takes it back; the panel never writes the document
itself. It re-reads the document on every change (undo and redo included) and on every selection
change, and fills its own widgets without pushing anything back.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QListWidget,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vtour.geometry.angles import wrap_yaw
from vtour.model.editing import RemoveKey, SetValue, canonical_copy, language_order, move_hotspot, set_text
from vtour.model.semantics import default_language, scene_kind
from vtour.ui.media_fields import PathField, asset_path, image_entry, image_path, with_language

RTL_LANGUAGES = frozenset({"ug", "ar", "fa", "he"})
"""Primary language subtags written right to left: their boxes get a right-to-left layout."""
MISSING_STYLE = "border: 1px solid #e0a000;"
"""How a box with an empty translation is marked (an amber border)."""
_ID = re.compile(r"\w[\w.-]*")  # as vtour.model.editing accepts ids
_MAX_ID_LENGTH = 128
_LOCALIZED_FIELDS = ("title", "text")
_MEDIA_FIELDS = ("audio", "captions")
DEFAULT_TRANSITION_SECONDS = 0.6


def is_right_to_left(language: str) -> bool:
    return language.split("-")[0].lower() in RTL_LANGUAGES


def localized(value: Any, language: str, default: str) -> str:
    """The ``language`` text of a localised value (a plain string counts as the default language)."""
    if isinstance(value, dict):
        text = value.get(language)
        return text if isinstance(text, str) else ""
    if isinstance(value, str):
        return value if language == default else ""
    return ""


class HotspotPropertiesPanel(QObject):
    """The "Hotspot" dock of ``editor``'s window: the selected hotspot's fields.

    Attributes for callers and tests: ``dock``, ``hint`` (shown when nothing is selected),
    ``id_edit``, ``id_error``, ``type_label``, ``yaw_spin``, ``pitch_spin``, ``target_combo``,
    ``use_view_button``, ``target_view_label`` and ``title_edits`` / ``text_edits`` (language tag
    -> box); pictures: ``images_list``, ``add_image_button``, ``remove_image_button``,
    ``caption_edit``, ``alt_edit``; files: ``path_fields`` (``"audio"`` / ``"captions"`` ->
    :class:`~vtour.ui.media_fields.PathField`) and ``file_error`` (why a file was refused);
    transition: ``tour_transition_check``, ``cut_check``, ``duration_spin``, ``zoom_check``; 3D:
    ``position_label``, ``normal_label``, ``viewpoint_label``, ``use_camera_button``,
    ``clear_viewpoint_button``. ``choose_file(title, folder) -> str | None`` asks for a file (tests
    replace it).
    """

    def __init__(self, editor) -> None:
        super().__init__(editor)
        self.editor = editor
        self._filling = False
        self._shown: tuple[str, int] | None = None
        self._languages: list[str] = []
        self.title_edits: dict[str, QLineEdit] = {}
        self.text_edits: dict[str, QPlainTextEdit] = {}
        self._build()
        self.choose_file = self._choose_file_with_dialog
        editor.selection_changed.connect(self._on_selection_changed)
        editor.document_changed_signal.connect(self.refresh)
        self.refresh()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.hint = QLabel(self.tr("Click a hotspot to edit it; Edit ▸ Add Hotspot (H) places a new one."))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        form_widget = QWidget()
        outer = QVBoxLayout(form_widget)
        form = QFormLayout()
        outer.addLayout(form)

        self.id_edit = QLineEdit()
        self.id_edit.editingFinished.connect(self._commit_id)
        self.id_error = QLabel()
        self.id_error.setStyleSheet("color: #c00000; font-size: small;")
        self.id_error.setWordWrap(True)
        self.id_error.hide()
        id_box = QWidget()
        id_layout = QVBoxLayout(id_box)
        id_layout.setContentsMargins(0, 0, 0, 0)
        id_layout.addWidget(self.id_edit)
        id_layout.addWidget(self.id_error)
        form.addRow(self.tr("Id"), id_box)

        self.type_label = QLabel()
        form.addRow(self.tr("Type"), self.type_label)

        self.yaw_spin = self._angle_spin(-180.0, 180.0, wrapping=True)
        self.pitch_spin = self._angle_spin(-90.0, 90.0, wrapping=False)
        self.yaw_label, self.pitch_label = QLabel(self.tr("Yaw")), QLabel(self.tr("Pitch"))
        form.addRow(self.yaw_label, self.yaw_spin)
        form.addRow(self.pitch_label, self.pitch_spin)

        self.target_combo = QComboBox()
        self.target_combo.currentIndexChanged.connect(self._commit_target_scene)
        self.target_label = QLabel(self.tr("Target scene"))
        form.addRow(self.target_label, self.target_combo)
        self.use_view_button = QPushButton(self.tr("Use current view"))
        self.use_view_button.setToolTip(self.tr(
            "Store the view shown now as where visitors arrive in the target scene. Go to the target "
            "scene and look where they should arrive first, then press this button."))
        self.use_view_button.clicked.connect(self.use_current_view)
        self.target_view_label = QLabel()
        self.target_view_label.setWordWrap(True)
        view_box = QWidget()
        view_layout = QHBoxLayout(view_box)
        view_layout.setContentsMargins(0, 0, 0, 0)
        view_layout.addWidget(self.target_view_label, 1)
        view_layout.addWidget(self.use_view_button)
        self.target_view_row_label = QLabel(self.tr("Arrival view"))
        form.addRow(self.target_view_row_label, view_box)

        self._build_transition(outer)
        self._build_model_anchor(outer)

        self.texts_box = QWidget()
        self.texts_layout = QFormLayout(self.texts_box)
        self.texts_layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.texts_box)
        self._build_media(outer)
        outer.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(scroll)
        self.form_page = scroll

        self.dock = QDockWidget(self.tr("Hotspot"), self.editor.window)
        self.dock.setObjectName("hotspotPropertiesDock")
        self.dock.setWidget(self.stack)
        self.editor.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)

    def _build_transition(self, outer: QVBoxLayout) -> None:
        self.transition_box = QGroupBox(self.tr("Transition"))
        layout = QFormLayout(self.transition_box)
        self.tour_transition_check = QCheckBox(self.tr("Use the tour's transition"))
        self.cut_check = QCheckBox(self.tr("Cut (no animation)"))
        self.duration_spin = QDoubleSpinBox()
        self.duration_spin.setDecimals(1)
        self.duration_spin.setRange(0.1, 10.0)
        self.duration_spin.setSingleStep(0.1)
        self.duration_spin.setSuffix(self.tr(" s"))
        self.duration_spin.setKeyboardTracking(False)
        self.zoom_check = QCheckBox(self.tr("Zoom towards the link"))
        layout.addRow(self.tour_transition_check)
        layout.addRow(self.cut_check)
        layout.addRow(self.tr("Duration"), self.duration_spin)
        layout.addRow(self.zoom_check)
        for check in (self.tour_transition_check, self.cut_check, self.zoom_check):
            check.toggled.connect(self._commit_transition)
        self.duration_spin.valueChanged.connect(self._commit_transition)
        outer.addWidget(self.transition_box)

    def _build_model_anchor(self, outer: QVBoxLayout) -> None:
        self.model_box = QGroupBox(self.tr("On the model"))
        layout = QFormLayout(self.model_box)
        self.position_label, self.normal_label = QLabel(), QLabel()
        self.viewpoint_label = QLabel()
        self.viewpoint_label.setWordWrap(True)
        for label in (self.position_label, self.normal_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addRow(self.tr("Position"), self.position_label)
        layout.addRow(self.tr("Normal"), self.normal_label)
        layout.addRow(self.tr("Viewpoint"), self.viewpoint_label)
        self.use_camera_button = QPushButton(self.tr("Use current camera as viewpoint"))
        self.use_camera_button.setToolTip(self.tr(
            "Store where the model camera is now as the view a visitor is taken to for this hotspot."))
        self.use_camera_button.clicked.connect(self.use_current_camera)
        self.clear_viewpoint_button = QPushButton(self.tr("Clear viewpoint"))
        self.clear_viewpoint_button.clicked.connect(self.clear_viewpoint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_camera_button)
        buttons.addWidget(self.clear_viewpoint_button)
        layout.addRow(buttons)
        outer.addWidget(self.model_box)

    def _build_media(self, outer: QVBoxLayout) -> None:
        self.media_box = QGroupBox(self.tr("Pictures and narration"))
        layout = QFormLayout(self.media_box)
        self.images_list = QListWidget()
        self.images_list.setFixedHeight(self.images_list.fontMetrics().lineSpacing() * 5 + 12)
        self.images_list.currentRowChanged.connect(self._fill_image_texts)
        self.add_image_button = QPushButton(self.tr("Add…"))
        self.add_image_button.clicked.connect(self.add_image)
        self.remove_image_button = QPushButton(self.tr("Remove"))
        self.remove_image_button.clicked.connect(self.remove_image)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_image_button)
        buttons.addWidget(self.remove_image_button)
        buttons.addStretch(1)
        images = QWidget()
        images_layout = QVBoxLayout(images)
        images_layout.setContentsMargins(0, 0, 0, 0)
        images_layout.addWidget(self.images_list)
        images_layout.addLayout(buttons)
        layout.addRow(self.tr("Pictures"), images)
        self.caption_edit, self.alt_edit = QLineEdit(), QLineEdit()
        self.caption_edit.editingFinished.connect(lambda: self._commit_image_text("caption"))
        self.alt_edit.editingFinished.connect(lambda: self._commit_image_text("alt"))
        self.caption_label, self.alt_label = QLabel(self.tr("Caption")), QLabel(self.tr("Alt text"))
        layout.addRow(self.caption_label, self.caption_edit)
        layout.addRow(self.alt_label, self.alt_edit)
        self.path_fields: dict[str, PathField] = {}
        for key, label in (("audio", self.tr("Narration")), ("captions", self.tr("Captions"))):
            field = PathField(self.tr("Choose…"), self.tr("Clear"), self.tr("per-language files: edit the JSON"))
            field.choose_button.clicked.connect(lambda _=False, key=key: self.choose_media(key))
            field.clear_button.clicked.connect(lambda _=False, key=key: self.clear_media(key))
            field.setObjectName(f"path-{key}")
            self.path_fields[key] = field
            layout.addRow(label, field)
        self.file_error = QLabel()
        self.file_error.setStyleSheet("color: #c00000; font-size: small;")
        self.file_error.setWordWrap(True)
        self.file_error.hide()
        layout.addRow(self.file_error)
        outer.addWidget(self.media_box)

    def _angle_spin(self, low: float, high: float, *, wrapping: bool) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setDecimals(2)
        spin.setRange(low, high)
        spin.setWrapping(wrapping)
        spin.setSuffix("°")
        spin.setKeyboardTracking(False)  # one edit when typing is done, not one per keystroke
        spin.valueChanged.connect(self._commit_position)
        return spin

    def _rebuild_language_boxes(self, languages: list[str]) -> None:
        """One title box and one text box per language (only when the languages change)."""
        while self.texts_layout.rowCount():
            self.texts_layout.removeRow(0)  # deletes the row's widgets
        self.title_edits, self.text_edits = {}, {}
        for field_name in _LOCALIZED_FIELDS:
            heading = QLabel(self.tr("Title") if field_name == "title" else self.tr("Text"))
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.texts_layout.addRow(heading)
            for language in languages:
                if field_name == "title":
                    box: QLineEdit | QPlainTextEdit = QLineEdit()
                    box.editingFinished.connect(lambda language=language: self._commit_text("title", language))
                    self.title_edits[language] = box
                else:
                    box = QPlainTextEdit()
                    box.setTabChangesFocus(True)
                    box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
                    box.installEventFilter(self)
                    self.text_edits[language] = box
                box.setObjectName(f"{field_name}-{language}")
                if is_right_to_left(language):
                    box.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
                self.texts_layout.addRow(language, box)
        self._languages = list(languages)

    # -- reading the document ---------------------------------------------------------------------

    @property
    def document(self):
        return self.editor.document

    def _hotspot(self) -> dict | None:
        """The shown hotspot's data, or None when the selection no longer names one."""
        if self._shown is None:
            return None
        scene_id, index = self._shown
        try:
            spot = self.document.hotspot(scene_id, index)
        except KeyError:
            return None
        return spot

    def _path(self) -> tuple:
        scene_id, index = self._shown
        return ("scenes", scene_id, "hotspots", index)

    def _is_3d(self) -> bool:
        scene_id = self._shown[0]
        return scene_kind(self.document.scene(scene_id)) == "model"

    def _kind_text(self, spot: dict) -> str:
        if self._is_3d():
            return self.tr("3D")
        kind = spot.get("type")
        return {"info": self.tr("info"), "scene": self.tr("scene"), "area": self.tr("area")}.get(
            kind, str(kind or "?"))

    def _label_language(self) -> str:
        session = getattr(self.editor.window, "session", None)
        return session.language if session is not None else default_language(self.document.data)

    # -- filling --------------------------------------------------------------------------------

    def _on_selection_changed(self, _selection) -> None:
        self._commit_pending()
        self.id_error.hide()
        self.file_error.hide()
        self.refresh()

    def refresh(self) -> None:
        """Show the selected hotspot's fields as the document has them (the hint without one)."""
        self._shown = self.editor.selected
        spot = self._hotspot()
        if spot is None:
            self._shown = None
            self.stack.setCurrentWidget(self.hint)
            return
        self._filling = True
        try:
            self._fill(spot)
        finally:
            self._filling = False
        self.stack.setCurrentWidget(self.form_page)

    def _fill(self, spot: dict) -> None:
        spot_id = spot.get("id")
        self.id_edit.setText(spot_id if isinstance(spot_id, str) else "")
        self.type_label.setText(self._kind_text(spot))

        placed = not self._is_3d() and spot.get("type") != "area"
        for widget in (self.yaw_label, self.yaw_spin, self.pitch_label, self.pitch_spin):
            widget.setVisible(placed)
        if placed:
            self.yaw_spin.setValue(_number(spot.get("yaw")))
            self.pitch_spin.setValue(_number(spot.get("pitch")))

        link = spot.get("type") == "scene"
        for widget in (self.target_label, self.target_combo, self.target_view_row_label,
                       self.target_view_label, self.use_view_button):
            widget.setVisible(link)
        if link:
            self._fill_targets(spot)
        self.transition_box.setVisible(link)
        if link:
            self._fill_transition(spot)
        model = self._is_3d()
        self.model_box.setVisible(model)
        if model:
            self._fill_model(spot)
        self._fill_media(spot)

        languages = language_order(self.document.data)
        if languages != self._languages:
            self._rebuild_language_boxes(languages)
        default = default_language(self.document.data)
        for field_name, boxes in (("title", self.title_edits), ("text", self.text_edits)):
            value = spot.get(field_name)
            for language, box in boxes.items():
                text = localized(value, language, default)
                if isinstance(box, QLineEdit):
                    if box.text() != text:
                        box.setText(text)
                elif box.toPlainText() != text:
                    box.setPlainText(text)
                # A title is always wanted; a text only once some language has one.
                self._mark(box, not text and (field_name == "title" or value not in (None, "", {})))

    def _mark(self, box: QWidget, missing: bool) -> None:
        box.setProperty("missing", missing)
        box.setPlaceholderText(self.tr("missing") if missing else "")
        box.setStyleSheet(MISSING_STYLE if missing else "")

    def _fill_targets(self, spot: dict) -> None:
        scene_id = self._shown[0]
        language, default = self._label_language(), default_language(self.document.data)
        self.target_combo.clear()
        for other in self.document.scene_ids():
            if other == scene_id:
                continue
            title = localized(self.document.scene(other).get("title"), language, default) or localized(
                self.document.scene(other).get("title"), default, default)
            self.target_combo.addItem(f"{other} — {title}" if title else other, other)
        target = spot.get("targetScene")
        index = self.target_combo.findData(target)
        if index < 0 and isinstance(target, str):
            self.target_combo.addItem(self.tr("{id} (not another scene)").format(id=target), target)
            index = self.target_combo.count() - 1
        self.target_combo.setCurrentIndex(index)
        view = spot.get("targetView")
        if isinstance(view, dict):
            self.target_view_label.setText(self.tr("yaw {yaw}°, pitch {pitch}°, hfov {hfov}°").format(
                yaw=view.get("yaw", "?"), pitch=view.get("pitch", "?"), hfov=view.get("hfov", "?")))
        elif view == "same":
            self.target_view_label.setText(self.tr("the same view"))
        elif view == "sameAzimuth":
            self.target_view_label.setText(self.tr("the same compass direction"))
        else:
            self.target_view_label.setText(self.tr("the scene's initial view"))

    def _fill_transition(self, spot: dict) -> None:
        value = spot.get("transition")
        own = isinstance(value, dict)
        tour_value = self.document.data.get("transition")
        shown = value if own else (tour_value if isinstance(tour_value, dict) else {})
        duration = _number(shown.get("duration", DEFAULT_TRANSITION_SECONDS))
        self.tour_transition_check.setChecked(not own)
        self.cut_check.setChecked(duration == 0)
        self.duration_spin.setValue(duration if duration > 0 else DEFAULT_TRANSITION_SECONDS)
        self.zoom_check.setChecked(shown.get("zoomToLink") is True)
        self._enable_transition()

    def _enable_transition(self) -> None:
        own = not self.tour_transition_check.isChecked()
        self.cut_check.setEnabled(own)
        self.duration_spin.setEnabled(own and not self.cut_check.isChecked())
        self.zoom_check.setEnabled(own and not self.cut_check.isChecked())

    def _fill_model(self, spot: dict) -> None:
        self.position_label.setText(_vector_text(spot.get("position")))
        self.normal_label.setText(_vector_text(spot.get("normal")))
        viewpoint = spot.get("viewpoint")
        if isinstance(viewpoint, dict) and "eye" in viewpoint:
            self.viewpoint_label.setText(self.tr("from {eye} towards {target}").format(
                eye=_vector_text(viewpoint.get("eye")),
                target=_vector_text(viewpoint["target"]) if "target" in viewpoint else self.tr("the anchor")))
        elif isinstance(viewpoint, dict):
            self.viewpoint_label.setText(self.tr("an orbit around the target"))
        else:
            self.viewpoint_label.setText(self.tr("none (the anchor, seen from the current distance)"))
        self.clear_viewpoint_button.setEnabled("viewpoint" in spot)

    def _fill_media(self, spot: dict) -> None:
        entries = _images(spot)
        row = self.images_list.currentRow()
        self.images_list.clear()
        for entry in entries:
            self.images_list.addItem(image_path(entry) or "?")
        if entries:
            self.images_list.setCurrentRow(min(max(row, 0), len(entries) - 1))
        self._fill_image_texts()
        default = default_language(self.document.data)
        for key, field in self.path_fields.items():
            field.show_value(spot.get(key), default)

    def _fill_image_texts(self, _row: int = -1) -> None:
        spot = self._hotspot()
        entry = self._current_image(spot) if spot is not None else None
        default = default_language(self.document.data)
        for key, box in (("caption", self.caption_edit), ("alt", self.alt_edit)):
            text = localized(entry.get(key), default, default) if isinstance(entry, dict) else ""
            if box.text() != text:
                box.setText(text)
            box.setEnabled(entry is not None)
        self.caption_label.setText(self.tr("Caption ({language})").format(language=default))
        self.alt_label.setText(self.tr("Alt text ({language})").format(language=default))
        self.remove_image_button.setEnabled(entry is not None)

    def _current_image(self, spot: dict) -> Any:
        entries, row = _images(spot), self.images_list.currentRow()
        return entries[row] if 0 <= row < len(entries) else None

    # -- committing -----------------------------------------------------------------------------

    def _push(self, edit) -> None:
        self.editor.push(edit)

    def _commit_id(self) -> None:
        spot = self._hotspot()
        if self._filling or spot is None:
            return
        new_id = self.id_edit.text().strip()
        old_id = spot.get("id")
        if new_id == old_id:
            self.id_error.hide()
            return
        problem = self.id_problem(new_id)
        if problem:
            self.id_error.setText(problem)
            self.id_error.show()
            self._filling = True
            try:
                self.id_edit.setText(old_id if isinstance(old_id, str) else "")
            finally:
                self._filling = False
            return
        self.id_error.hide()
        self._push(SetValue((*self._path(), "id"), new_id,
                            self.tr("Rename hotspot “{old}” to “{new}”").format(old=old_id, new=new_id)))

    def id_problem(self, new_id: str) -> str | None:
        """Why the shown hotspot cannot take ``new_id`` (empty, not an id, taken), or None."""
        if not new_id:
            return self.tr("An id cannot be empty.")
        if not _ID.fullmatch(new_id) or len(new_id) > _MAX_ID_LENGTH:
            return self.tr("“{id}” is not a valid id: use letters, digits, '_', '-' and '.'.").format(id=new_id)
        scene_id, index = self._shown
        others = [spot.get("id") for i, spot in enumerate(self.document.hotspots(scene_id))
                  if i != index and isinstance(spot, dict)]
        if new_id in others:
            return self.tr("This scene already has a hotspot “{id}”.").format(id=new_id)
        return None

    def _commit_position(self, _value: float = 0.0) -> None:
        spot = self._hotspot()
        if self._filling or spot is None or self._is_3d() or spot.get("type") == "area":
            return
        yaw, pitch = self.yaw_spin.value(), self.pitch_spin.value()
        if (round(wrap_yaw(yaw), 2), round(pitch, 2)) == (round(wrap_yaw(_number(spot.get("yaw"))), 2),
                                                          round(_number(spot.get("pitch")), 2)):
            return
        self._push(move_hotspot(self.document, *self._shown, yaw, pitch))

    def _commit_text(self, field_name: str, language: str) -> None:
        spot = self._hotspot()
        if self._filling or spot is None:
            return
        boxes = self.title_edits if field_name == "title" else self.text_edits
        box = boxes.get(language)
        if box is None:
            return
        text = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
        if text == localized(spot.get(field_name), language, default_language(self.document.data)):
            return
        self._push(set_text(self.document, (*self._path(), field_name), language, text))

    def _commit_pending(self) -> None:
        """Keep what was typed into the boxes of the hotspot shown so far (before showing another)."""
        if self._hotspot() is None:
            return
        for language in list(self.title_edits):
            self._commit_text("title", language)
        for language in list(self.text_edits):
            self._commit_text("text", language)

    def _commit_target_scene(self, index: int) -> None:
        spot = self._hotspot()
        if self._filling or spot is None or index < 0 or spot.get("type") != "scene":
            return
        target = self.target_combo.itemData(index)
        if target == spot.get("targetScene"):
            return
        text = self.tr("Link “{id}” to scene “{target}”").format(id=spot.get("id"), target=target)
        self._push(SetValue((*self._path(), "targetScene"), target, text))

    def use_current_view(self) -> None:
        """Make the session's current view the link's ``targetView`` (where visitors arrive)."""
        spot = self._hotspot()
        session = getattr(self.editor.window, "session", None)
        if spot is None or session is None or spot.get("type") != "scene":
            return
        view = session.view
        value = {"yaw": round(wrap_yaw(float(view.yaw)), 2) + 0.0,
                 "pitch": round(min(90.0, max(-90.0, float(view.pitch))), 2) + 0.0,
                 "hfov": round(float(view.hfov), 2) + 0.0}
        if spot.get("targetView") == value:
            return
        self._push(SetValue((*self._path(), "targetView"), value,
                            self.tr("Set the arrival view of “{id}”").format(id=spot.get("id"))))

    def _commit_transition(self, _value: Any = None) -> None:
        spot = self._hotspot()
        if self._filling or spot is None or spot.get("type") != "scene":
            return
        self._enable_transition()
        label = spot.get("id")
        if self.tour_transition_check.isChecked():
            if "transition" in spot:
                self._push(RemoveKey((*self._path(), "transition"),
                                     self.tr("Use the tour's transition for “{id}”").format(id=label)))
            return
        if self.cut_check.isChecked():
            value: dict = {"duration": 0}
        else:
            value = {"duration": round(self.duration_spin.value(), 2), "zoomToLink": self.zoom_check.isChecked()}
        if spot.get("transition") == value:
            return
        path = (*self._path(), "transition")
        self._push(SetValue(path, canonical_copy(self.document.data, path, value),
                            self.tr("Set the transition of “{id}”").format(id=label)))

    def use_current_camera(self) -> None:
        """Make the model camera's eye and target the 3D hotspot's ``viewpoint``."""
        spot = self._hotspot()
        view = getattr(self.editor.window, "model_view", None)
        if spot is None or view is None or not self._is_3d():
            return
        camera = view.camera
        value = {"eye": [round(float(c), 3) + 0.0 for c in camera.eye],
                 "target": [round(float(c), 3) + 0.0 for c in camera.target]}
        if value["eye"] == value["target"] or spot.get("viewpoint") == value:
            return
        self._push(SetValue((*self._path(), "viewpoint"), value,
                            self.tr("Set the viewpoint of “{id}”").format(id=spot.get("id"))))

    def clear_viewpoint(self) -> None:
        spot = self._hotspot()
        if spot is None or "viewpoint" not in spot:
            return
        self._push(RemoveKey((*self._path(), "viewpoint"),
                             self.tr("Clear the viewpoint of “{id}”").format(id=spot.get("id"))))

    def _choose_file_with_dialog(self, title: str, folder: str) -> str | None:
        name, _filter = QFileDialog.getOpenFileName(self.editor.window, title, folder)
        return name or None

    def _ask_for_asset(self, title: str, current: str = "") -> str | None:
        """A file chosen by the author as a path relative to the tour's folder (None: cancelled or refused)."""
        folder = self.document.folder
        start = (folder / current).parent if current else folder
        chosen = self.choose_file(title, str(start if start.is_dir() else folder))
        if not chosen:
            return None
        path = asset_path(folder, chosen)
        if path is None:
            self.file_error.setText(self.tr(
                "“{file}” is outside the tour's folder ({folder}). A tour's files must stay inside its "
                "folder: copy the file there first, then choose the copy.").format(file=chosen, folder=folder))
            self.file_error.show()
            return None
        self.file_error.hide()
        return path

    def _set_images(self, entries: list, text: str) -> None:
        path = (*self._path(), "images")
        if entries:
            self._push(SetValue(path, canonical_copy(self.document.data, path, entries), text))
        else:
            self._push(RemoveKey(path, text))

    def add_image(self) -> None:
        """Ask for a picture inside the tour's folder and add it after the others."""
        spot = self._hotspot()
        if spot is None:
            return
        path = self._ask_for_asset(self.tr("Add a picture"))
        if path is None or self._hotspot() is None:
            return
        entries = [*_images(spot), path]
        self._set_images(entries, self.tr("Add picture {path} to “{id}”").format(path=path, id=spot.get("id")))
        self.images_list.setCurrentRow(len(entries) - 1)

    def remove_image(self) -> None:
        spot = self._hotspot()
        row = self.images_list.currentRow()
        if spot is None or not 0 <= row < len(_images(spot)):
            return
        entries = _images(spot)
        removed = image_path(entries.pop(row))
        text = self.tr("Remove picture {path} from “{id}”").format(path=removed, id=spot.get("id"))
        self._set_images(entries, text)

    def _commit_image_text(self, key: str) -> None:
        spot = self._hotspot()
        if self._filling or spot is None:
            return
        entry = self._current_image(spot)
        if entry is None:
            return
        default = default_language(self.document.data)
        box = self.caption_edit if key == "caption" else self.alt_edit
        text = box.text().strip()
        old = entry if isinstance(entry, dict) else {}
        if text == localized(old.get(key), default, default):
            return
        texts = {name: old.get(name) for name in ("caption", "alt")}
        texts[key] = with_language(texts[key], default, default, text)
        new_entry = image_entry(image_path(entry), texts["caption"], texts["alt"])
        path = (*self._path(), "images", self.images_list.currentRow())
        what = self.tr("caption") if key == "caption" else self.tr("alt text")
        self._push(SetValue(path, canonical_copy(self.document.data, path, new_entry),
                            self.tr("Edit the {what} of picture {path}").format(what=what, path=image_path(entry))))

    def choose_media(self, key: str) -> None:
        """Ask for the narration (``"audio"``) or captions file inside the tour's folder."""
        spot = self._hotspot()
        if spot is None or isinstance(spot.get(key), dict):
            return
        current = spot.get(key) if isinstance(spot.get(key), str) else ""
        title = self.tr("Choose the narration") if key == "audio" else self.tr("Choose the captions (WebVTT)")
        path = self._ask_for_asset(title, current)
        if path is None or path == current or self._hotspot() is None:
            return
        what = self.tr("narration") if key == "audio" else self.tr("captions")
        self._push(SetValue((*self._path(), key), path,
                            self.tr("Set the {what} of “{id}”").format(what=what, id=spot.get("id"))))

    def clear_media(self, key: str) -> None:
        spot = self._hotspot()
        if spot is None or key not in spot or isinstance(spot.get(key), dict):
            return
        what = self.tr("narration") if key == "audio" else self.tr("captions")
        self._push(RemoveKey((*self._path(), key),
                             self.tr("Clear the {what} of “{id}”").format(what=what, id=spot.get("id"))))

    def eventFilter(self, watched, event) -> bool:
        """Text boxes commit when they lose focus or on Ctrl+Enter."""
        if isinstance(watched, QPlainTextEdit):
            language = next((lang for lang, box in self.text_edits.items() if box is watched), None)
            if language is not None:
                kind = event.type()
                if kind == QEvent.Type.FocusOut:
                    self._commit_text("text", language)
                elif (kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                      and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                    self._commit_text("text", language)
                    return True
        return super().eventFilter(watched, event)


def _images(spot: dict) -> list:
    images = spot.get("images")
    return list(images) if isinstance(images, list) else []


def _vector_text(value: Any) -> str:
    if isinstance(value, (list, tuple)) and all(isinstance(c, (int, float)) for c in value):
        return ", ".join(f"{float(c):.3f}" for c in value)
    return "?"


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0

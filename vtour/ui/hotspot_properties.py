"""The authoring mode's "Hotspot" panel: the selected hotspot's fields, edited as undoable steps.

:class:`HotspotPropertiesPanel` docks on the editor's window and shows the hotspot selected in a
:class:`~vtour.ui.editor.TourEditor`: its id, its type (read-only), its yaw and pitch (panorama
hotspots), one title box and one text box per language the tour declares, and for scene links the
target scene and the view visitors arrive at. Every change goes through ``editor.push`` as one
:mod:`vtour.model.editing` edit, so Edit ▸ Undo takes it back; the panel never writes the document
itself. It re-reads the document on every change (undo and redo included) and on every selection
change, and fills its own widgets without pushing anything back.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
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
from vtour.model.editing import SetValue, language_order, move_hotspot, set_text
from vtour.model.semantics import default_language, scene_kind

RTL_LANGUAGES = frozenset({"ug", "ar", "fa", "he"})
"""Primary language subtags written right to left: their boxes get a right-to-left layout."""
MISSING_STYLE = "border: 1px solid #e0a000;"
"""How a box with an empty translation is marked (an amber border)."""
_ID = re.compile(r"\w[\w.-]*")  # as vtour.model.editing accepts ids
_MAX_ID_LENGTH = 128
_LOCALIZED_FIELDS = ("title", "text")


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
    -> box).
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

        self.texts_box = QWidget()
        self.texts_layout = QFormLayout(self.texts_box)
        self.texts_layout.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.texts_box)
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


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0

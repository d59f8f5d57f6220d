"""Visitor preferences kept in QSettings: reduced motion and text size, and a small dialog for them.

Other parts of the UI read them through the module functions (``reduced_motion()``,
``text_scale()``) and follow changes through :data:`notifier`'s ``changed`` signal, so no widget
needs a reference to another. The operating system's own "reduce motion" switch is not readable
through Qt, hence the setting.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

REDUCED_MOTION_KEY = "accessibility/reducedMotion"
TEXT_SCALE_KEY = "accessibility/textScale"
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
"""Text size steps offered by the dialog (1.0 is the normal size)."""


def _bool(value) -> bool:
    return value in (True, "true", "1", 1)


def reduced_motion() -> bool:
    """True when the visitor asked for no inertia and no animated transitions."""
    return _bool(QSettings().value(REDUCED_MOTION_KEY, False))


def text_scale() -> float:
    """Factor for the size of panel text (1.0 normal, up to 2.0)."""
    try:
        value = float(QSettings().value(TEXT_SCALE_KEY, 1.0))
    except (TypeError, ValueError):
        return 1.0
    return min(max(value, TEXT_SCALES[0]), TEXT_SCALES[-1])


class _Notifier(QObject):
    """Emits ``changed`` after any preference changed through :func:`set_reduced_motion` / :func:`set_text_scale`."""

    changed = Signal()


notifier = _Notifier()


def set_reduced_motion(on: bool) -> None:
    if on != reduced_motion():
        QSettings().setValue(REDUCED_MOTION_KEY, bool(on))
        notifier.changed.emit()


def set_text_scale(scale: float) -> None:
    scale = min(max(float(scale), TEXT_SCALES[0]), TEXT_SCALES[-1])
    if scale != text_scale():
        QSettings().setValue(TEXT_SCALE_KEY, scale)
        notifier.changed.emit()


class PreferencesDialog(QDialog):
    """Reduced motion and text size; changes apply at once (no OK needed: a kiosk visitor can't be stuck)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.reduced_motion_box = QCheckBox()
        self.reduced_motion_box.setChecked(reduced_motion())
        self.reduced_motion_box.toggled.connect(set_reduced_motion)
        self.text_size_slider = QSlider(Qt.Orientation.Horizontal)
        self.text_size_slider.setRange(0, len(TEXT_SCALES) - 1)
        self.text_size_slider.setPageStep(1)
        self.text_size_slider.setValue(min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - text_scale())))
        self.text_size_slider.valueChanged.connect(lambda index: set_text_scale(TEXT_SCALES[index]))
        self.text_size_value = QLabel()
        self.text_size_slider.valueChanged.connect(self._show_scale)
        self._form = QFormLayout()
        self._motion_label, self._size_label = QLabel(), QLabel()
        self._form.addRow(self._motion_label, self.reduced_motion_box)
        self._form.addRow(self._size_label, self.text_size_slider)
        self._form.addRow(QLabel(), self.text_size_value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(buttons)
        self._retranslate()

    def _show_scale(self, index: int) -> None:
        self.text_size_value.setText(f"{round(TEXT_SCALES[index] * 100)} %")

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self._motion_label.setText(self.tr("Reduce motion"))
        self.reduced_motion_box.setText(self.tr("No inertia, no animated transitions"))
        self.reduced_motion_box.setAccessibleName(self.tr("Reduce motion"))
        self._size_label.setText(self.tr("Text size"))
        self.text_size_slider.setAccessibleName(self.tr("Text size"))
        self._show_scale(self.text_size_slider.value())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def add_preferences_action(window) -> None:
    """Add "Preferences…" to the window's View menu (the last menu before Help when there is none)."""
    from PySide6.QtGui import QAction

    action = QAction(QCoreApplication.translate("MainWindow", "Pr&eferences…"), window)
    action.setObjectName("preferencesAction")
    action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def show() -> None:
        dialog = window.findChild(PreferencesDialog)
        if dialog is None:
            dialog = PreferencesDialog(window)
        dialog.show()
        dialog.raise_()

    action.triggered.connect(show)
    window.addAction(action)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    view_menu = next((m for m in menus if m.title().replace("&", "") == "View"), menus[-1] if menus else None)
    if view_menu is not None:
        view_menu.addSeparator()
        view_menu.addAction(action)
    window.preferences_action = action

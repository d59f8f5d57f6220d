"""Helpers of the Hotspot panel's content fields: pictures, narration and captions files.

Asset paths are stored relative to the tour's folder with forward slashes and may not leave it;
:func:`asset_path` turns a chosen file into such a path (or refuses it). :func:`with_language` sets
one language of a localised value the way :func:`vtour.model.editing.set_text` does, and
:func:`image_entry` writes a picture as a plain path unless it has a caption or alt text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


def asset_path(folder: Path, chosen: str | Path) -> str | None:
    """``chosen`` relative to ``folder`` with forward slashes, or None when it lies outside it."""
    try:
        relative = Path(chosen).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return None
    text = relative.as_posix()
    return None if text in ("", ".") else text


def image_path(entry: Any) -> str:
    """The path of an ``images`` entry (a path, or an object with ``path``)."""
    if isinstance(entry, dict):
        entry = entry.get("path")
    return entry if isinstance(entry, str) else ""


def with_language(value: Any, language: str, default: str, text: str) -> Any:
    """``value`` with its ``language`` text set to ``text`` (removed when empty); None when nothing is left.

    An object keeps its other languages; a plain string counts as the default language (and stays a
    string when that is the language set); a missing value becomes ``{language: text}``.
    """
    if isinstance(value, dict):
        result = {key: item for key, item in value.items() if key != language}
        if text:
            result[language] = text
        return result or None
    if isinstance(value, str):
        if language == default:
            return text or None
        return {default: value, **({language: text} if text else {})}
    return {language: text} if text else None


def image_entry(path: str, caption: Any, alt: Any) -> Any:
    """An ``images`` entry: the plain path, or ``{"path", "caption", "alt"}`` when either is given."""
    if caption is None and alt is None:
        return path
    entry: dict[str, Any] = {"path": path}
    if caption is not None:
        entry["caption"] = caption
    if alt is not None:
        entry["alt"] = alt
    return entry


class PathField(QWidget):
    """A read-only path box with Choose… and Clear, and a note for per-language files."""

    def __init__(self, choose_text: str, clear_text: str, note_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setReadOnly(True)
        self.choose_button = QPushButton(choose_text)
        self.clear_button = QPushButton(clear_text)
        row.addWidget(self.edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self.note = QLabel(note_text)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("font-size: small;")
        self.note.hide()
        layout.addWidget(self.note)

    def show_value(self, value: Any, default: str) -> None:
        """Show a path (editable through the buttons) or a per-language object (read-only)."""
        per_language = isinstance(value, dict)
        if per_language:
            shown = value.get(default)
            if not isinstance(shown, str):
                shown = next((item for item in value.values() if isinstance(item, str)), "")
        else:
            shown = value if isinstance(value, str) else ""
        self.edit.setText(shown)
        self.note.setVisible(per_language)
        self.choose_button.setEnabled(not per_language)
        self.clear_button.setEnabled(not per_language and bool(shown))

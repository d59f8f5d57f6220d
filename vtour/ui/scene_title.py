"""The scene's title over the panorama, in the session's language: a quiet pill in the top corner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from vtour.model.session import SceneChange, TourSession

PILL_STYLE = """
QLabel#sceneTitle {
    color: #eceff4; background-color: rgba(20, 21, 26, 200);
    border: 1px solid rgba(255, 255, 255, 38); border-radius: 10px;
    padding: 6px 14px;
}
"""


class SceneTitle(QLabel):
    """Shows ``session.scene``'s title (its id when it has none); hidden without a session.

    Follows ``scene_changed`` and ``language_changed``. Lets the mouse through to the panorama.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sceneTitle")
        self.setStyleSheet(PILL_STYLE)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.setFont(font)
        self._session: TourSession | None = None
        self.hide()

    def set_session(self, session: TourSession) -> None:
        if self._session is not None:
            self._session.scene_changed.disconnect(self._on_scene_change)
            self._session.language_changed.disconnect(self._on_language_change)
        self._session = session
        session.scene_changed.connect(self._on_scene_change)
        session.language_changed.connect(self._on_language_change)
        self._refresh()

    def _on_scene_change(self, _change: SceneChange) -> None:
        self._refresh()

    def _on_language_change(self, _language: str) -> None:
        self._refresh()

    def _refresh(self) -> None:
        scene = self._session.scene
        title = self._session.text(scene.title) or scene.id
        self.setText(title)
        self.setAccessibleName(self.tr("Scene: {title}").format(title=title))
        self.adjustSize()
        self.show()

"""The scene list: every scene with its thumbnail and title (in the session's language); click to go.

Thumbnails come from :class:`~vtour.ui.thumbnails.ThumbnailProvider` (disk cache, else made in the
background); until one arrives the item shows a placeholder, so the list is usable at once.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from vtour.model.session import SceneChange, TourSession
from vtour.model.tour import Scene
from vtour.ui.thumbnails import THUMBNAIL_SIZE, ThumbnailProvider

ICON_SIZE = QSize(THUMBNAIL_SIZE[0] // 2, THUMBNAIL_SIZE[1] // 2)
SCENE_ID_ROLE = Qt.ItemDataRole.UserRole

LIST_STYLE = """
QListWidget#sceneList { background-color: #17181d; border: none; outline: none; }
QListWidget#sceneList::item {
    color: #d8dee9; border-radius: 8px; padding: 6px; margin: 2px 4px;
}
QListWidget#sceneList::item:hover { background-color: rgba(255, 255, 255, 18); }
QListWidget#sceneList::item:selected { background-color: rgba(90, 169, 255, 70); color: #ffffff; }
"""


def placeholder(scene_id: str, size: QSize = ICON_SIZE) -> QPixmap:
    """A dark tile with the scene's initial, shown until the thumbnail is ready."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(44, 47, 56))
    painter.drawRoundedRect(QRectF(0, 0, size.width(), size.height()), 6, 6)
    font = QFont()
    font.setPixelSize(size.height() // 2)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(120, 126, 140))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, scene_id[:1].upper())
    painter.end()
    return pixmap


def rounded(image: QImage, size: QSize = ICON_SIZE) -> QPixmap:
    """``image`` scaled to ``size`` with rounded corners."""
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setPen(Qt.PenStyle.NoPen)
    scaled = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation)
    painter.setBrush(QPixmap.fromImage(scaled))
    painter.drawRoundedRect(QRectF(0, 0, size.width(), size.height()), 6, 6)
    painter.end()
    return pixmap


class SceneList(QListWidget):
    """One item per scene, in the tour's order; the current scene is selected.

    A click calls ``session.go_to`` (recorded in history, like following a link).
    """

    def __init__(self, thumbnails: ThumbnailProvider, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sceneList")
        self.setStyleSheet(LIST_STYLE)
        self.setIconSize(ICON_SIZE)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setMinimumWidth(ICON_SIZE.width() + 140)
        self._thumbnails = thumbnails
        self._session: TourSession | None = None
        self._items: dict[str, QListWidgetItem] = {}
        thumbnails.ready.connect(self._on_thumbnail)
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)  # Enter on the keyboard

    def set_session(self, session: TourSession) -> None:
        if self._session is not None:
            self._session.scene_changed.disconnect(self._on_scene_change)
            self._session.language_changed.disconnect(self._on_language_change)
        self._session = session
        session.scene_changed.connect(self._on_scene_change)
        session.language_changed.connect(self._on_language_change)
        self._fill(session.tour.scenes)
        self._select(session.scene.id)

    def item_for(self, scene_id: str) -> QListWidgetItem | None:
        return self._items.get(scene_id)

    def _fill(self, scenes: tuple[Scene, ...]) -> None:
        self.clear()
        self._items.clear()
        for scene in scenes:
            item = QListWidgetItem(self._title(scene))
            item.setData(SCENE_ID_ROLE, scene.id)
            item.setSizeHint(QSize(ICON_SIZE.width() + 120, ICON_SIZE.height() + 16))
            image = self._thumbnails.request(scene)
            item.setIcon(QIcon(rounded(image) if image is not None else placeholder(scene.id)))
            self.addItem(item)
            self._items[scene.id] = item

    def _title(self, scene: Scene) -> str:
        return self._session.text(scene.title) or scene.id

    def _select(self, scene_id: str) -> None:
        item = self._items.get(scene_id)
        if item is not None:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)
            self.scrollToItem(item)

    # -- events ---------------------------------------------------------------------------------

    def _on_clicked(self, item: QListWidgetItem) -> None:
        scene_id = item.data(SCENE_ID_ROLE)
        if self._session is not None and scene_id != self._session.scene.id:
            self._session.go_to(scene_id)

    def _on_scene_change(self, change: SceneChange) -> None:
        self._select(change.scene.id)

    def _on_language_change(self, _language: str) -> None:
        for scene in self._session.tour.scenes:
            self._items[scene.id].setText(self._title(scene))

    def _on_thumbnail(self, scene_id: str, image: QImage) -> None:
        item = self._items.get(scene_id)
        if item is not None:
            item.setIcon(QIcon(rounded(image)))

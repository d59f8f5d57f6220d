"""The card laid over the panorama: loading progress, or an error with its details.

A card rather than a modal dialog: a kiosk has nobody to click "OK", and the window must keep
running (and keep its menus) whatever went wrong.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from vtour.ui.progress import ProgressBar

CARD_STYLE = """
#statusCard {
    background-color: rgba(20, 21, 26, 235);
    border: 1px solid rgba(255, 255, 255, 38);
    border-radius: 12px;
}
#statusCard QLabel { color: #eceff4; background: transparent; }
#statusCard QLabel#cardMessage { color: #c9ced8; }
#statusCard QPlainTextEdit {
    color: #d8dee9; background-color: rgba(0, 0, 0, 110);
    border: 1px solid rgba(255, 255, 255, 25); border-radius: 6px;
}
#statusCard QScrollBar:vertical { background: transparent; width: 8px; margin: 2px; }
#statusCard QScrollBar::handle:vertical { background: rgba(255, 255, 255, 60); border-radius: 3px; min-height: 24px; }
#statusCard QScrollBar::add-line, #statusCard QScrollBar::sub-line { height: 0; width: 0; }
#statusCard QScrollBar::add-page, #statusCard QScrollBar::sub-page { background: transparent; }
#statusCard QPushButton {
    color: #eceff4; background-color: rgba(255, 255, 255, 22);
    border: 1px solid rgba(255, 255, 255, 45); border-radius: 6px; padding: 6px 14px;
}
#statusCard QPushButton:hover { background-color: rgba(255, 255, 255, 40); }
#statusCard QPushButton:checked { background-color: rgba(90, 169, 255, 60); }
"""

ICON_SIZE = 32
DETAIL_LINES = 12
"""The details box grows to this many lines, then scrolls."""


class StatusOverlay(QFrame):
    """A centred card: :meth:`show_progress` while loading, :meth:`show_error` when loading failed.

    Signals
    -------
    open_requested
        The user asked to open another tour from the error card.
    """

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statusCard")
        self.setStyleSheet(CARD_STYLE)
        self._mode = "hidden"
        self._build()
        self.hide()

    # -- public ---------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """"hidden", "progress" or "error"."""
        return self._mode

    def show_progress(self, title: str, stage: str, fraction: float | None = None) -> None:
        """Loading: ``stage`` says what happens now; no ``fraction`` means a busy bar."""
        self._mode = "progress"
        self._icon.hide()
        self._title.setText(title)
        self._message.setText(stage)
        self.set_fraction(fraction)
        self._progress.show()
        self._set_error_parts_visible(False)
        self._present()

    def set_stage(self, stage: str, fraction: float | None = None) -> None:
        """Update a progress card in place (ignored once it shows an error)."""
        if self._mode == "progress":
            self._message.setText(stage)
            self.set_fraction(fraction)

    def set_fraction(self, fraction: float | None) -> None:
        self._progress.set_fraction(fraction)  # None: busy, the decoder reports no progress

    def show_error(self, title: str, message: str, details: str = "") -> None:
        """A failure: what failed, why, and the full details one click away."""
        self._mode = "error"
        self._icon.show()
        self._title.setText(title)
        self._message.setText(message)
        self._progress.hide()
        self._details.setPlainText(details)
        self._set_error_parts_visible(True)
        self._details_button.setVisible(bool(details))
        self._details_button.setChecked(False)
        self._details.hide()
        self._present()

    def dismiss(self) -> None:
        self._mode = "hidden"
        self.hide()  # the bar's animation stops with it

    def title_text(self) -> str:
        return self._title.text()

    def message_text(self) -> str:
        return self._message.text()

    def details_text(self) -> str:
        return self._details.toPlainText()

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(26, 22, 26, 22)
        layout.setSpacing(12)
        layout.addLayout(self._build_heading())
        self._message = self._label("cardMessage", wrap=True)
        layout.addWidget(self._message)
        self._progress = ProgressBar()
        layout.addWidget(self._progress)
        self._details = self._build_details()
        layout.addWidget(self._details)
        layout.addLayout(self._build_buttons())
        self.setFixedWidth(max(460, self.fontMetrics().averageCharWidth() * 64))

    def _build_heading(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        self._icon = QLabel()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._icon.setPixmap(icon.pixmap(ICON_SIZE, ICON_SIZE))
        self._icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        self._title = self._label("cardTitle", wrap=True)
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self._title.setFont(font)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._title, 1)
        return row

    def _build_details(self) -> QPlainTextEdit:
        details = QPlainTextEdit()
        details.setReadOnly(True)
        details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        # Wrapped: diagnostics are long single lines, and a sideways scroll bar reads badly here.
        details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        details.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        details.hide()
        return details

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._details_button = QPushButton(self.tr("Show details"))
        self._details_button.setCheckable(True)
        self._details_button.toggled.connect(self._toggle_details)
        self._open_button = QPushButton(self.tr("Open another tour…"))
        self._open_button.clicked.connect(self.open_requested)
        row.addWidget(self._details_button)
        row.addStretch(1)
        row.addWidget(self._open_button)
        return row

    def _label(self, name: str, wrap: bool) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(wrap)
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names are never markup
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # -- behaviour ------------------------------------------------------------------------------

    def _set_error_parts_visible(self, visible: bool) -> None:
        self._details_button.setVisible(visible)
        self._open_button.setVisible(visible)
        if not visible:
            self._details.hide()

    def _fit_details(self) -> None:
        """Make the shown details box as tall as its wrapped text, up to :data:`DETAIL_LINES` lines.

        Measured from the laid-out document, so it holds for any font, language or card width.
        """
        self.layout().activate()  # gives the box its final width, which lays out the text
        document = self._details.document()
        layout = document.documentLayout()
        height, block = 0.0, document.begin()
        while block.isValid():
            height += layout.blockBoundingRect(block).height()
            block = block.next()
        limit = DETAIL_LINES * self._details.fontMetrics().lineSpacing()
        frame = 2 * (self._details.frameWidth() + document.documentMargin())
        self._details.setFixedHeight(round(min(height, limit) + frame))

    def _toggle_details(self, shown: bool) -> None:
        self._details.setVisible(shown)
        if shown:
            self._fit_details()
        self._details_button.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.adjustSize()

    def _present(self) -> None:
        self.adjustSize()
        self.show()
        self.raise_()

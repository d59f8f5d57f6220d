"""What a kiosk shows over the tour: the start screen, the "still there?" prompt, the PIN pad.

All three are sized for fingers (buttons at least :data:`TOUCH_TARGET_PX` logical pixels, the
size touch guidelines ask for plus a margin for gloves and unsteady hands) and need no keyboard.
The start screen and the prompt are children of the window (a second top-level window could
show the desktop's task bar on some window managers); the PIN pad is a frameless modal dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vtour.ui.i18n import native_name

TOUCH_TARGET_PX = 72
"""The smallest side of anything a visitor taps in kiosk mode, in logical pixels."""

KIOSK_STYLE = f"""
QWidget#kioskStart, QFrame#kioskCard, QDialog#kioskPin {{ color: #eceff4; }}
QFrame#kioskCard, QDialog#kioskPin {{
    background-color: rgba(20, 21, 26, 235);
    border: 1px solid rgba(255, 255, 255, 45);
    border-radius: 18px;
}}
QLabel {{ color: #eceff4; background: transparent; }}
QLabel#kioskTitle {{ font-size: 34pt; font-weight: 600; }}
QLabel#kioskHint, QLabel#kioskCountdown {{ font-size: 18pt; color: #d8dee9; }}
QLabel#kioskQuestion {{ font-size: 28pt; font-weight: 600; }}
QLabel#kioskPinMessage {{ font-size: 16pt; color: #ffb4a8; }}
QPushButton {{
    color: #eceff4; background-color: rgba(36, 38, 46, 230);
    border: 2px solid rgba(255, 255, 255, 90); border-radius: 14px;
    font-size: 20pt; padding: 10px 28px;
    min-width: {TOUCH_TARGET_PX}px; min-height: {TOUCH_TARGET_PX}px;
}}
QPushButton:pressed {{ background-color: rgba(90, 169, 255, 90); }}
QLineEdit {{
    font-size: 28pt; color: #eceff4; background: rgba(0, 0, 0, 120);
    border: 2px solid rgba(255, 255, 255, 60); border-radius: 10px; padding: 6px; min-height: {TOUCH_TARGET_PX}px;
}}
"""


class KioskStartScreen(QWidget):
    """The attract screen's overlay: the tour's title, "touch to begin" and a language chooser.

    It covers the whole window, translucent, so the attract loop shows through. A language
    button begins in that language; a tap anywhere else begins in the language shown.

    Signals
    -------
    begin(str)
        The visitor started: the language chosen ("" for a tap outside the buttons).
    """

    begin = Signal(str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("kioskStart")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.setStyleSheet(KIOSK_STYLE)
        self.title_label = QLabel(objectName="kioskTitle", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.hint_label = QLabel(objectName="kioskHint", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.language_row = QHBoxLayout()
        self.language_row.setSpacing(24)
        self.language_buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 64, 48, 64)
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        layout.addWidget(self.hint_label)
        layout.addSpacing(24)
        layout.addLayout(self.language_row)
        parent.installEventFilter(self)
        self.hide()

    def set_contents(self, title: str, languages: list[str], hint: str) -> None:
        """Show ``title`` and one button per language (none when there is only one)."""
        self.title_label.setText(title)
        self.hint_label.setText(hint)
        for button in self.language_buttons.values():
            self.language_row.removeWidget(button)
            button.deleteLater()
        self.language_buttons = {}
        self.language_row.addStretch(1) if self.language_row.count() == 0 else None
        for language in languages if len(languages) > 1 else []:
            button = QPushButton(native_name(language))
            button.setObjectName(f"kioskLanguage-{language}")
            button.setLocale(button.locale())  # the name is in its own script: no mirroring games
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, code=language: self.begin.emit(code))
            self.language_row.insertWidget(self.language_row.count() - 1, button)
            self.language_buttons[language] = button
        if self.language_row.count() and self.language_row.itemAt(0).spacerItem() is None:
            self.language_row.insertStretch(0, 1)

    def cover(self) -> None:
        """Fill the parent and come to the front."""
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        # Darker at top and bottom where the text is, so it reads over any panorama.
        painter.fillRect(QRectF(self.rect()), QColor(10, 12, 16, 110))
        band = QRectF(0, self.height() * 0.62, self.width(), self.height() * 0.38)
        painter.fillRect(band, QColor(10, 12, 16, 120))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin.emit("")
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the attract loop's view underneath must not start a drag

    def eventFilter(self, watched, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())  # the window went fullscreen or changed screen
        return False


class StillTherePrompt(QFrame):
    """The "still there?" card with a countdown; any touch answers it (the controller hides it).

    ``remaining`` is called each second for the seconds left until the reset.
    """

    def __init__(self, parent: QWidget, remaining):
        super().__init__(parent)
        self.setObjectName("kioskCard")
        self.setStyleSheet(KIOSK_STYLE)
        self._remaining = remaining
        self.question = QLabel(objectName="kioskQuestion", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.countdown = QLabel(objectName="kioskCountdown", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.continue_button = QPushButton(objectName="kioskContinue")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(20)
        layout.addWidget(self.question)
        layout.addWidget(self.countdown)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.timer = QTimer(self, interval=250)
        self.timer.timeout.connect(self.refresh)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.question.setText(self.tr("Are you still there?"))
        self.continue_button.setText(self.tr("Continue"))
        self.refresh()

    def refresh(self) -> None:
        seconds = max(0, round(self._remaining() or 0))
        self.countdown.setText(self.tr("Touch the screen to continue. The tour restarts in %n second(s).", "", seconds))

    def present(self) -> None:
        self.refresh()
        self.adjustSize()
        parent = self.parentWidget().rect()
        width = min(parent.width() - 64, max(self.sizeHint().width(), 560))
        self.resize(width, self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height())
        self.move(parent.center() - self.rect().center())
        self.show()
        self.raise_()
        self.timer.start()

    def dismiss(self) -> None:
        self.timer.stop()
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


PIN_LOCKOUT_ATTEMPTS = 5
PIN_LOCKOUT_SECONDS = 60.0
"""After this many wrong PINs in a row the pad refuses input for this long (guessing 4 digits)."""


class PinDialog(QDialog):
    """A frameless, modal PIN pad: ten digits, delete, OK, Cancel; a keyboard works too.

    ``check(pin) -> bool`` decides; ``clock`` measures lock-outs (tests pass a fake).
    """

    def __init__(self, parent: QWidget, check, clock, lockout_until: float = 0.0):
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("kioskPin")
        self.setModal(True)
        self.setStyleSheet(KIOSK_STYLE)
        self._check, self._clock = check, clock
        self.failures = 0
        self.lockout_until = lockout_until
        self.entry = QLineEdit(echoMode=QLineEdit.EchoMode.Password, maxLength=12,
                               alignment=Qt.AlignmentFlag.AlignCenter)
        self.entry.setObjectName("kioskPinEntry")
        self.entry.returnPressed.connect(self.submit)
        self.message = QLabel(objectName="kioskPinMessage", alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.prompt = QLabel(objectName="kioskHint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.prompt.setText(self.tr("Operator PIN"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(self.prompt)
        layout.addWidget(self.entry)
        layout.addWidget(self.message)
        layout.addLayout(self._keypad())

    def _keypad(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(12)
        for index, digit in enumerate("123456789"):
            grid.addWidget(self._key(digit, lambda _c=False, d=digit: self.entry.insert(d)), index // 3, index % 3)
        self.delete_button = self._key("⌫", lambda: self.entry.backspace())
        grid.addWidget(self.delete_button, 3, 0)
        grid.addWidget(self._key("0", lambda: self.entry.insert("0")), 3, 1)
        self.ok_button = self._key(self.tr("OK"), self.submit)
        grid.addWidget(self.ok_button, 3, 2)
        self.cancel_button = self._key(self.tr("Cancel"), self.reject)
        grid.addWidget(self.cancel_button, 4, 0, 1, 3)
        return grid

    def _key(self, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the entry keeps the keyboard focus
        button.clicked.connect(slot)
        return button

    def locked_for(self) -> float:
        return max(0.0, self.lockout_until - self._clock())

    def submit(self) -> None:
        pin = self.entry.text()
        self.entry.clear()
        if self.locked_for() > 0:
            self.message.setText(self.tr("Too many wrong PINs. Try again in %n second(s).", "",
                                         round(self.locked_for() + 0.5)))
            return
        if self._check(pin):
            self.accept()
            return
        self.failures += 1
        if self.failures >= PIN_LOCKOUT_ATTEMPTS:
            self.failures = 0
            self.lockout_until = self._clock() + PIN_LOCKOUT_SECONDS
        self.message.setText(self.tr("Wrong PIN."))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)

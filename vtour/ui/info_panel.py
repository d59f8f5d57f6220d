"""The info panel: a hotspot's title, rich text, pictures, narration and captions, beside the panorama.

A card floating over one side of the view (the right, or the left for right-to-left languages),
not a modal dialog: a kiosk has nobody to dismiss dialogs, and the panorama keeps taking drags,
keys and clicks while the panel is open. Esc or its close button hides it.

Safety: the text is sanitised by :mod:`vtour.model.richtext` before Qt sees it, and the text
browser loads nothing by itself: :meth:`_ContentBrowser.loadResource` serves only the hotspot's
own pictures (checked to be inside the tour's folder) and refuses every other URL, so no remote
or ``file:`` resource is ever read. Links go through :meth:`InfoPanel.open_link`: ``#scene:ID``
calls ``window.session.go_to``, ``#hotspot:ID`` shows another hotspot of the scene.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vtour.io.captions import CaptionError, CaptionTrack, read_webvtt
from vtour.model.richtext import parse_link, plain_text, to_html
from vtour.model.tour import Hotspot
from vtour.ui import fonts, preferences
from vtour.ui.i18n import is_rtl
from vtour.ui.narration import NarrationPlayer

log = logging.getLogger(__name__)

PANEL_WIDTH = 380
MARGIN = 16
TOP_MARGIN = 84
"""Room above the card for the compass, which sits in the same corner."""
IMAGE_SCHEME = "vtour-image"

PANEL_STYLE = """
#infoPanel {
    background-color: rgba(20, 21, 26, 232);
    border: 1px solid rgba(255, 255, 255, 38);
    border-radius: 14px;
}
#infoPanel QLabel { color: #eceff4; background: transparent; }
#infoPanel QLabel#infoTitle { font-weight: 600; }
#infoPanel QLabel#infoCaption {
    color: #ffffff; background-color: rgba(0, 0, 0, 150); border-radius: 6px; padding: 6px 10px;
}
#infoPanel QLabel#infoTime { color: #aab1bf; }
#infoPanel QTextBrowser { color: #d8dee9; background: transparent; border: none; }
#infoPanel QToolButton {
    color: #eceff4; background-color: rgba(255, 255, 255, 22);
    border: 1px solid rgba(255, 255, 255, 45); border-radius: 6px; padding: 4px 10px;
}
#infoPanel QToolButton:hover { background-color: rgba(255, 255, 255, 40); }
#infoPanel QToolButton:focus { border: 1px solid #5aa9ff; }
#infoPanel QScrollBar:vertical { background: transparent; width: 8px; margin: 2px; }
#infoPanel QScrollBar::handle:vertical { background: rgba(255, 255, 255, 60); border-radius: 3px; min-height: 24px; }
#infoPanel QScrollBar::add-line, #infoPanel QScrollBar::sub-line { height: 0; width: 0; }
#infoPanel QScrollBar::add-page, #infoPanel QScrollBar::sub-page { background: transparent; }
"""

DOCUMENT_STYLE = """
p { margin-top: 0; margin-bottom: 10px; line-height: 135%; }
a { color: #8cc4ff; }
li { margin-bottom: 4px; }
.caption { color: #aab1bf; font-size: small; margin-top: 4px; margin-bottom: 14px; }
"""


class _ContentBrowser(QTextBrowser):
    """A QTextBrowser that fetches nothing: only the panel's own images are served."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.images: list[Path] = []
        self.folder: Path | None = None
        # Inside the card's margins, the scroll bar and the document's own margins: never wider
        # than the text, so no horizontal scroll bar appears.
        self.image_width = PANEL_WIDTH - 2 * MARGIN - 12 - 2 * int(self.document().documentMargin()) - 4
        self.refused: list[str] = []  # URLs asked for and refused (tests read it)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setDefaultStyleSheet(DOCUMENT_STYLE)

    def loadResource(self, kind: int, url: QUrl):
        if kind == QTextDocument.ResourceType.ImageResource.value and url.scheme() == IMAGE_SCHEME:
            image = self._image(url.path())
            if image is not None:
                return image
        self.refused.append(url.toString())
        return None

    def _image(self, index: str) -> QImage | None:
        try:
            path = self.images[int(index)]
        except (ValueError, IndexError):
            return None
        if self.folder is None or not path.resolve().is_relative_to(self.folder.resolve()):
            return None
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and size.width() > self.image_width:
            reader.setScaledSize(QSize(self.image_width, max(1, round(size.height() * self.image_width / size.width()))))
        image = reader.read()
        return None if image.isNull() else image


class InfoPanel(QFrame):
    """Shows one hotspot's content; follows the window's session (language, scene changes).

    Parameters
    ----------
    window
        The MainWindow: its ``session`` gives texts in the current language and receives scene
        links; its ``hotspot_activated`` signal opens the panel.

    Signals
    -------
    closed
        The panel was hidden (Esc, its close button, a scene change).
    """

    closed = Signal()

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.window = window
        self.hotspot: Hotspot | None = None
        self._session = None
        self._track: CaptionTrack | None = None
        self._audio_path: str | None = None
        # The window's shared narration player (one per window, made with it: see vtour.ui.narration).
        self.narration: NarrationPlayer = getattr(window, "narration", None) or NarrationPlayer(self)
        self.holder: QWidget | None = None  # the margin box attach() floats the panel in
        self.top_margin = TOP_MARGIN  # room above the card for the compass (attach() measures it)
        self.setObjectName("infoPanel")
        self.setStyleSheet(PANEL_STYLE)
        self.setFixedWidth(PANEL_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        self._build()
        self._close_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), window, self.close_panel)
        self._close_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._close_shortcut.setEnabled(False)
        preferences.notifier.changed.connect(self._apply_font)
        window.session_started.connect(self._on_session_started)
        if (signal := getattr(window, "hotspot_activated", None)) is not None:
            signal.connect(self.on_hotspot_activated)
        self.narration.position_changed.connect(self._on_position)
        self.narration.playing_changed.connect(lambda _playing: self._update_play_button())
        self.narration.owner_changed.connect(self._on_owner_changed)
        if (view := getattr(window, "panorama_view", None)) is not None:
            view.installEventFilter(self)  # Esc on the panorama closes too (the shortcut needs an active window)
        self._retranslate()
        self.hide()

    @classmethod
    def attach(cls, window) -> InfoPanel:
        """Make the panel and float it over ``window``'s panorama, on the trailing side.

        It shares the panorama's grid cell, aligned right (Qt mirrors that to the left for
        right-to-left languages), inside a margin holder that covers only the panel's strip.
        """
        central = window.centralWidget()
        holder = QWidget(central)
        holder.setObjectName("infoPanelHolder")
        holder.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        panel = cls(window, holder)
        box = QVBoxLayout(holder)
        # Below the compass, which shares the corner: its fixed size includes its own margins.
        compass = getattr(getattr(window, "navigation", None), "compass", None)
        panel.top_margin = max(TOP_MARGIN, compass.height() if compass is not None else 0)
        box.setContentsMargins(MARGIN, panel.top_margin, MARGIN, MARGIN)
        box.addWidget(panel)
        panel.holder = holder
        layout = central.layout()
        layout.addWidget(holder, 0, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        holder.hide()
        return panel

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("infoTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QToolButton()
        self.close_button.setObjectName("infoClose")
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.close_panel)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.browser = _ContentBrowser()
        self.browser.anchorClicked.connect(lambda url: self.open_link(url.toString()))
        self.caption_label = QLabel()
        self.caption_label.setObjectName("infoCaption")
        self.caption_label.setWordWrap(True)
        self.caption_label.setTextFormat(Qt.TextFormat.PlainText)
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.caption_label)
        layout.addLayout(self._build_audio_bar())
        self._apply_font()

    def _build_audio_bar(self) -> QHBoxLayout:
        self.play_button = QToolButton()
        self.play_button.setObjectName("infoPlay")
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play_button.clicked.connect(self.toggle_playback)
        self.time_label = QLabel()
        self.time_label.setObjectName("infoTime")
        bar = QHBoxLayout()
        bar.addWidget(self.play_button)
        bar.addWidget(self.time_label, 1)
        self.audio_widgets = (self.play_button, self.time_label)
        for widget in self.audio_widgets:
            widget.hide()
        return bar

    # -- showing a hotspot ----------------------------------------------------------------------

    def on_hotspot_activated(self, hotspot: Hotspot) -> None:
        """Open for info points and areas; scene links are the window's business."""
        if hotspot.kind in ("info", "area"):
            self.show_hotspot(hotspot)

    def show_hotspot(self, hotspot: Hotspot) -> None:
        self.stop_audio()
        self.hotspot = hotspot
        self._render()
        self.show()
        if self.holder is not None:
            self.holder.show()
            self.holder.raise_()
        self._close_shortcut.setEnabled(True)

    @property
    def is_open(self) -> bool:
        return self.hotspot is not None and not self.isHidden()

    def close_panel(self) -> None:
        if not self.is_open:
            return
        self.stop_audio()
        self.hide()
        if self.holder is not None:
            self.holder.hide()
        self._close_shortcut.setEnabled(False)
        self.hotspot = None
        if (view := getattr(self.window, "panorama_view", None)) is not None:
            view.setFocus()
        self.closed.emit()

    def _text(self, text) -> str:
        session = getattr(self.window, "session", None)
        if session is not None:
            return session.text(text)
        return text.get("en")

    @property
    def language(self) -> str:
        session = getattr(self.window, "session", None)
        return session.language if session is not None else "en"

    def _render(self) -> None:
        hotspot = self.hotspot
        if hotspot is None:
            return
        rtl = is_rtl(self.language)
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        self.setLayoutDirection(direction)
        title = self._text(hotspot.title) or hotspot.id
        self.title_label.setText(title)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        session = getattr(self.window, "session", None)
        self.browser.folder = session.tour.folder if session is not None else None
        self.browser.images = [image.path for image in hotspot.images]
        self.browser.setHtml(self.body_html())
        self._apply_font()
        self._fit_height()
        self.setAccessibleName(self.tr("Information: {title}").format(title=title))
        self.browser.setAccessibleName(title)
        self.browser.setAccessibleDescription(self.plain_body())
        self._load_audio()

    def _fit_height(self) -> None:
        """The card grows with its text up to the window's height, then the text scrolls."""
        document = self.browser.document()
        document.setTextWidth(PANEL_WIDTH - 2 * MARGIN - 4)
        wanted = int(document.size().height()) + 6
        central = self.window.centralWidget()
        room = (central.height() if central is not None else 800) - self.top_margin - MARGIN - 160
        self.browser.setFixedHeight(max(60, min(wanted, room)))
        if self.holder is not None:
            self.holder.adjustSize()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)

    def body_html(self) -> str:
        """The document shown: sanitised text, then each picture with its caption."""
        hotspot = self.hotspot
        parts = [to_html(self._text(hotspot.text))] if hotspot and hotspot.text else []
        for index, image in enumerate(hotspot.images if hotspot else ()):
            alt = html.escape(self._text(image.alt), quote=True)
            # line-height 100 %: the text's 135 % would add a third of the picture's height below it
            parts.append(f'<p style="line-height: 100%; margin-bottom: 0"><img src="{IMAGE_SCHEME}:{index}" '
                         f'width="{self.browser.image_width}" alt="{alt}"></p>')
            if caption := self._text(image.caption):
                parts.append(f'<p class="caption">{html.escape(caption)}</p>')
        direction = "rtl" if is_rtl(self.language) else "ltr"
        return f'<div dir="{direction}">{"".join(parts)}</div>'

    def plain_body(self) -> str:
        """The text and image descriptions as plain words (the accessible description)."""
        hotspot = self.hotspot
        if hotspot is None:
            return ""
        words = [plain_text(self._text(hotspot.text))]
        words += [self._text(image.alt) or self._text(image.caption) for image in hotspot.images]
        return " ".join(word for word in words if word)

    def open_link(self, href: str) -> None:
        """Follow a link of the text: only tour links do anything."""
        link = parse_link(href)
        session = getattr(self.window, "session", None)
        if link is None or session is None:
            log.info("ignored link %r", href)
            return
        if link.kind == "scene":
            if any(scene.id == link.target for scene in session.tour.scenes):
                session.go_to(link.target)
            return
        for hotspot in session.scene.hotspots:
            if hotspot.id == link.target:
                self.show_hotspot(hotspot)
                return

    # -- narration ------------------------------------------------------------------------------

    def _load_audio(self) -> None:
        hotspot = self.hotspot
        path = self._text(hotspot.audio) if hotspot is not None and hotspot.audio else ""
        captions = self._text(hotspot.captions) if hotspot is not None and hotspot.captions else ""
        self._track = None
        if captions:
            try:
                self._track = CaptionTrack(read_webvtt(captions))
            except (CaptionError, OSError) as exc:  # validated at load; the file may change since
                log.warning("captions %s: %s", captions, exc)
        previous, self._audio_path = self._audio_path, path or None
        for widget in self.audio_widgets:
            widget.setVisible(bool(path))
        self.caption_label.hide()
        # The shared player is taken only when the visitor presses play (it may be narrating a
        # guided tour now); a language change while ours plays switches to the new language's file.
        if self.owns_player and self._audio_path != previous:
            if self._audio_path:
                self.narration.load(self, self._audio_path)
            else:
                self.narration.stop(self)
        self._update_play_button()
        self._update_time(0)

    @property
    def player(self):
        """The shared QMediaPlayer (None without QtMultimedia)."""
        return self.narration.media_player

    @property
    def owns_player(self) -> bool:
        return self.narration.owner is self

    @property
    def is_playing(self) -> bool:
        return self.narration.is_playing_for(self)

    def toggle_playback(self) -> None:
        """Play or pause the hotspot's narration (playing it pauses a guided tour's narration)."""
        if not self.narration.available or self._audio_path is None:
            return
        if self.is_playing:
            self.narration.pause(self)
            return
        if not self.owns_player or self.narration.source != self._audio_path:
            self.narration.load(self, self._audio_path)
        self.narration.play(self)

    def stop_audio(self) -> None:
        self.narration.stop(self)

    def _on_position(self, seconds: float) -> None:
        if self.owns_player:
            self.show_position(seconds)

    def _on_owner_changed(self, owner) -> None:
        if owner is not self:  # the guided tour took the player: our narration stopped
            self.caption_label.hide()
            self._update_play_button()
            self._update_time(0)

    def show_position(self, seconds: float) -> None:
        """Show the caption for ``seconds`` into the narration (called as playback advances)."""
        text = self._track.text_at(seconds) if self._track is not None else ""
        if text and is_rtl(self.language):
            text = "\u200f" + text  # RIGHT-TO-LEFT MARK: a cue starting with Latin ("N ...") stays RTL
        self.caption_label.setText(text)
        self.caption_label.setVisible(bool(text))
        self._update_time(seconds)

    def _update_time(self, seconds: float) -> None:
        total = self.narration.duration if self.owns_player and self.narration.duration > 0 else None
        shown = _clock(seconds) + (f" / {_clock(total)}" if total else "")
        self.time_label.setText(shown)

    def _update_play_button(self) -> None:
        playing = self.is_playing
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play narration"))
        self.play_button.setAccessibleName(self.play_button.text())

    # -- language, text size, session -----------------------------------------------------------

    def _on_session_started(self, session) -> None:
        if self._session is not None:
            for event, slot in ((self._session.language_changed, self._on_language_change),
                                (self._session.scene_changed, self._on_scene_change)):
                try:
                    event.disconnect(slot)
                except ValueError:
                    pass
        self._session = session
        session.language_changed.connect(self._on_language_change)
        session.scene_changed.connect(self._on_scene_change)
        self.close_panel()

    def _on_language_change(self, _language: str) -> None:
        if self.hotspot is not None:
            playing = self.is_playing
            self._render()
            if playing:
                self.narration.play(self)

    def _on_scene_change(self, change) -> None:
        if self.hotspot is not None and self.hotspot not in change.scene.hotspots:
            self.close_panel()

    def _apply_font(self) -> None:
        scale = preferences.text_scale()
        base = fonts.font_for(self.language, scale=scale)
        self.browser.setFont(base)
        self.browser.document().setDefaultFont(base)
        self.caption_label.setFont(base)
        title = fonts.font_for(self.language, scale=scale * 1.35)
        title.setWeight(title.Weight.DemiBold)
        self.title_label.setFont(title)

    def _retranslate(self) -> None:
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.caption_label.setAccessibleName(self.tr("Captions"))
        self._update_play_button()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
                and self.is_open and watched is getattr(self.window, "panorama_view", None)):
            self.close_panel()
            return True
        return False

    def hideEvent(self, event) -> None:
        self.stop_audio()
        super().hideEvent(event)


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"

"""The visitor's language: Qt translations for UI strings, right-to-left layout, fonts, the Language menu.

Two kinds of text change with the language. Tour texts (titles, hotspot texts) come from the tour
through ``TourSession.text`` and the session's ``language_changed`` event. UI strings (menus, the
loading card, the info panel's buttons) go through Qt's translation system: ``.ts`` sources in
``vtour/ui/translations`` (extracted with ``pyside6-lupdate``), compiled to ``.qm`` by
``pyside6-lrelease`` when a wheel is built (``hatch_build.py``) and, where no up-to-date ``.qm``
sits beside its ``.ts`` (an editable checkout), at run time into a cache folder.

:class:`LanguageController` ties them together: it owns the Language menu, installs the
QTranslator for the session's language, mirrors the layout for right-to-left scripts and picks
fonts that cover the script. Everything changes the language through ``window.session.set_language``.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QStandardPaths,
    Qt,
    QTranslator,
)
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QMenu

from vtour.ui import fonts

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).with_name("translations")
SOURCE_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ug", "ur", "ps", "sd", "yi", "ckb", "dv", "syr"})
RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm"})
LTR_SCRIPTS = frozenset({"latn", "cyrl"})  # ug-Latn, ug-Cyrl are written left to right
SOURCE_PROPERTY = "vtourSourceText"
"""Dynamic property holding an action's English text, which retranslation starts from: a panel
that changes an action's text sets it too."""
_SOURCE_PROPERTY = SOURCE_PROPERTY


# -- language tags ----------------------------------------------------------------------------------


def is_rtl(language: str) -> bool:
    """Whether ``language`` (a BCP 47 tag) is written right to left: ``ug``, ``ar``, ``fa-IR``...; not ``ug-Latn``."""
    parts = [part.lower() for part in language.replace("_", "-").split("-")]
    scripts = {part for part in parts[1:] if len(part) == 4}
    if scripts & RTL_SCRIPTS:
        return True
    if scripts & LTR_SCRIPTS:
        return False
    return parts[0] in RTL_LANGUAGES


def translation_name(language: str) -> str | None:
    """The ``.ts`` name (``zh_CN``, ``ug``) for a tour language tag, None for English or no translation.

    Simplified Chinese is ``zh``, ``zh-Hans``, ``zh-CN``, ``zh-SG``; Traditional (``zh-Hant``,
    ``zh-TW``, ``zh-HK``) has no translation yet and falls back to English.
    """
    parts = language.replace("_", "-").split("-")
    base = parts[0].lower()
    if base == SOURCE_LANGUAGE:
        return None
    if base == "zh":
        traditional = {part.lower() for part in parts[1:]} & {"hant", "tw", "hk", "mo"}
        name = None if traditional else "zh_CN"
    else:
        name = base
    return name if name and (TRANSLATIONS_DIR / f"vtour_{name}.ts").is_file() else None


def available_translations() -> list[str]:
    """The translation names that have a ``.ts`` source."""
    return sorted(path.stem.removeprefix("vtour_") for path in TRANSLATIONS_DIR.glob("vtour_*.ts"))


def pick_language(requested: str | None, tour_languages: tuple[str, ...], system: list[str] | None = None) -> str | None:
    """The tour language to start in: ``requested`` as given, else the first system UI language
    the tour has (exactly, or by base language), else None (the tour's default)."""
    if requested:
        return requested
    for wanted in system if system is not None else QLocale.system().uiLanguages():
        wanted = wanted.replace("_", "-")
        for language in tour_languages:
            if language.lower() == wanted.lower():
                return language
        for language in tour_languages:
            if language.split("-")[0].lower() == wanted.split("-")[0].lower():
                return language
    return None


def native_name(language: str) -> str:
    """The language's name in itself (``中文``, ``ئۇيغۇرچە``, ``English``), else the tag."""
    if language == "en":
        return "English"  # Qt names en as en_US: "American English"
    locale = QLocale(language.replace("-", "_"))
    if locale.language() == QLocale.Language.C:
        return language
    name = locale.nativeLanguageName()
    return name[:1].upper() + name[1:] if name else language


# -- compiling .ts to .qm ---------------------------------------------------------------------------


def lrelease_command() -> list[str] | None:
    """How to run Qt's lrelease: the one inside PySide6, else ``pyside6-lrelease`` / ``lrelease`` on PATH."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    for name in ("lrelease", "lrelease.exe", "Qt/libexec/lrelease"):
        if (folder / name).is_file() and os.access(folder / name, os.X_OK):
            return [str(folder / name)]
    for name in ("pyside6-lrelease", "lrelease"):
        if found := shutil.which(name):
            return [found]
    return None


def compile_ts(source: Path, target: Path) -> bool:
    """Compile one ``.ts`` into ``target`` with lrelease; False (and a log line) when it cannot."""
    command = lrelease_command()
    if command is None:
        log.warning("cannot compile %s: lrelease not found", source.name)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([*command, "-silent", str(source), "-qm", str(target)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0 or not target.is_file():
        log.warning("lrelease failed on %s: %s", source.name, result.stderr.strip() or result.returncode)
        return False
    return True


def _cache_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location or Path.home() / ".cache" / "vtour") / "translations"


def _fresh(compiled: Path, source: Path) -> bool:
    return compiled.is_file() and (not source.is_file() or compiled.stat().st_mtime >= source.stat().st_mtime)


@functools.lru_cache(maxsize=None)
def compiled_translation(name: str, cache: Path | None = None) -> Path | None:
    """An up-to-date ``.qm`` for translation ``name``: the one built beside its ``.ts`` (a wheel),
    else one compiled now into ``cache`` (default: the user's cache folder); None when neither."""
    source = TRANSLATIONS_DIR / f"vtour_{name}.ts"
    shipped = source.with_suffix(".qm")
    if _fresh(shipped, source):
        return shipped
    if not source.is_file():
        return None
    target = (cache or _cache_dir()) / f"vtour_{name}.qm"
    if _fresh(target, source) or compile_ts(source, target):
        return target
    return None


@functools.lru_cache(maxsize=8)
def ts_table(source: Path) -> dict[str, str]:
    """Every finished translation of a ``.ts`` file by source text, whatever its context.

    Menus made by other panels (a Go or Tour menu) are retranslated through it when their own
    context is not known here.
    """
    import xml.etree.ElementTree as ElementTree

    table: dict[str, str] = {}
    try:
        root = ElementTree.parse(source).getroot()
    except (OSError, ElementTree.ParseError) as exc:
        log.warning("cannot read %s: %s", source, exc)
        return table
    for message in root.iter("message"):
        text, translation = message.findtext("source"), message.find("translation")
        if text and translation is not None and translation.text and translation.get("type") not in ("unfinished", "obsolete", "vanished"):
            table.setdefault(text, translation.text)
    return table


# -- the translators --------------------------------------------------------------------------------


class UiTranslation(QObject):
    """The application's installed translators: vtour's own, and Qt's (standard dialog buttons)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.name: str | None = None
        self.table: dict[str, str] = {}  # source -> translation, whatever the context
        self._translators: list[QTranslator] = []

    def set_language(self, language: str) -> bool:
        """Install the translators for ``language`` (removing the previous ones); False if none exists."""
        name = translation_name(language)
        if name == self.name:
            return name is not None or translation_name(language) is None
        self._remove()
        self.name = name
        self.table = ts_table(TRANSLATIONS_DIR / f"vtour_{name}.ts") if name else {}
        if name is None:
            return language.split("-")[0].lower() == SOURCE_LANGUAGE
        qm = compiled_translation(name)
        loaded = self._install(qm.parent, qm.stem) if qm else False
        self._install(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), f"qtbase_{name}")
        return loaded

    def _install(self, folder: Path, stem: str) -> bool:
        translator = QTranslator(self)
        if not translator.load(stem, str(folder)):
            return False
        QCoreApplication.installTranslator(translator)
        self._translators.append(translator)
        return True

    def _remove(self) -> None:
        for translator in self._translators:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()
        self._translators.clear()


def apply_layout_direction(language: str) -> Qt.LayoutDirection:
    """Mirror the whole application for right-to-left languages (and back)."""
    direction = Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight
    QGuiApplication.setLayoutDirection(direction)
    return direction


# -- the controller ---------------------------------------------------------------------------------


class LanguageController(QObject):
    """The window's language: the Language menu, UI translation, layout direction, fonts.

    Parameters
    ----------
    window
        The MainWindow: its ``session`` (once a tour is open) owns the language; its
        ``session_started`` signal tells when a new one starts.
    requested
        A language asked for on the command line (``--lang``); else the system's, if the tour has it.
    """

    def __init__(self, window: QMainWindow, requested: str | None = None):
        super().__init__(window)
        self.window = window
        self.requested = requested
        self.language = requested or SOURCE_LANGUAGE
        self.translation = UiTranslation(self)
        self._session = None
        fonts.register_bundled_fonts()
        self.menu = QMenu(window)
        self.menu.setObjectName("languageMenu")
        self._group = QActionGroup(self)
        self._insert_menu()
        self._record_sources()
        window.installEventFilter(self)
        window.session_started.connect(self._on_session_started)
        self._retranslate_own()
        self._fill_menu((requested,) if requested else (SOURCE_LANGUAGE,))
        if requested:
            self._apply(requested)

    # -- public ---------------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch to ``language``: through the session when a tour is open (panels follow its event)."""
        session = getattr(self.window, "session", None)
        if session is not None:
            session.set_language(language)
        else:
            self.requested = language
            self._apply(language)

    @property
    def layout_direction(self) -> Qt.LayoutDirection:
        return QGuiApplication.layoutDirection()

    # -- the session ----------------------------------------------------------------------------

    def _on_session_started(self, session) -> None:
        if self._session is not None:
            try:
                self._session.language_changed.disconnect(self._apply)
            except ValueError:
                pass
        self._session = session
        session.language_changed.connect(self._apply)
        self._fill_menu(session.tour.languages)
        wanted = pick_language(self.requested, session.tour.languages)
        if wanted and wanted != session.language:
            session.set_language(wanted)  # emits language_changed -> _apply
        else:
            self._apply(session.language)

    def _apply(self, language: str) -> None:
        self.language = language
        self.translation.set_language(language)  # posts LanguageChange to every widget
        self._retranslate_window()  # the menus at once, not at the next turn of the event loop
        QLocale.setDefault(QLocale(language.replace("-", "_")))
        apply_layout_direction(language)
        app = QApplication.instance()
        if app is not None:
            app.setFont(fonts.font_for(language, base=_base_font()))
        for action in self._group.actions():
            action.setChecked(action.data() == language)
        self._retitle()

    def _retitle(self) -> None:
        session = getattr(self.window, "session", None)
        if session is None:
            return
        name = session.text(session.tour.title) or session.tour.path.stem
        self.window.setWindowTitle(f"{name} — vtour")

    # -- the menu -------------------------------------------------------------------------------

    def _insert_menu(self) -> None:
        bar = self.window.menuBar()
        menus = [action for action in bar.actions() if action.menu() is not None]
        before = menus[-1] if menus else None  # before Help, which stays last
        if before is not None:
            bar.insertMenu(before, self.menu)
        else:
            bar.addMenu(self.menu)

    def _fill_menu(self, languages: tuple[str, ...]) -> None:
        for action in self._group.actions():
            self._group.removeAction(action)
            self.menu.removeAction(action)
            action.deleteLater()
        for language in languages:
            action = QAction(native_name(language), self._group, checkable=True)
            action.setData(language)
            action.setChecked(language == self.language)
            action.setToolTip(language)
            action.triggered.connect(lambda _checked=False, lang=language: self.set_language(lang))
            self.menu.addAction(action)

    def _retranslate_own(self) -> None:
        self.menu.setTitle(self.tr("&Language"))

    # -- retranslating the window's menus -------------------------------------------------------

    def _record_sources(self) -> None:
        """Remember the English text of every menu and action the window has, to retranslate it."""
        for action in self.window.findChildren(QAction):
            if action.property(_SOURCE_PROPERTY) is None and action.text() and action.menu() is None:
                action.setProperty(_SOURCE_PROPERTY, action.text())
        for menu in self.window.menuBar().findChildren(QMenu) + self.window.findChildren(QMenu):
            if menu is not self.menu and menu.property(_SOURCE_PROPERTY) is None and menu.title():
                menu.setProperty(_SOURCE_PROPERTY, menu.title())
        for dock in self.window.findChildren(QDockWidget):
            if dock.property(_SOURCE_PROPERTY) is None and dock.windowTitle():
                dock.setProperty(_SOURCE_PROPERTY, dock.windowTitle())

    def _retranslate_window(self) -> None:
        self._record_sources()  # menus added since (by other panels) are English when first seen
        context = type(self.window).__name__
        for action in self.window.findChildren(QAction):
            if (source := action.property(_SOURCE_PROPERTY)) and action.menu() is None:
                action.setText(_translate(source, context, action.parent(), self.translation.table))
        for menu in self.window.findChildren(QMenu):
            if (source := menu.property(_SOURCE_PROPERTY)) and menu is not self.menu:
                menu.setTitle(_translate(source, context, menu.parent(), self.translation.table))
        for dock in self.window.findChildren(QDockWidget):  # panels' titles (Scenes, Site map)
            if source := dock.property(_SOURCE_PROPERTY):
                dock.setWindowTitle(_translate(source, context, dock.parent(), self.translation.table))
        self._retranslate_own()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self._retranslate_window()
        return False


def _translate(source: str, context: str, owner: QObject | None, table: dict[str, str]) -> str:
    """``source`` translated in the window's context, else its owner's class context, else any."""
    contexts = [context]
    if owner is not None and type(owner).__name__ not in contexts:
        contexts.append(type(owner).__name__)
    for name in contexts:
        translated = QCoreApplication.translate(name, source)
        if translated != source:
            return translated
    return table.get(source, source)


@functools.lru_cache(maxsize=1)
def _base_font_cache():
    return QGuiApplication.font()


def _base_font():
    """The application font before any language changed it (so switching never compounds)."""
    return _base_font_cache()

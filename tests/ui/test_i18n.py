"""Languages: UI translations (.ts -> .qm), right-to-left layout, the Language menu, --lang, fonts with real glyphs."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QApplication

from vtour.resources import demo_tour_path
from vtour.ui import fonts, i18n

pytestmark = pytest.mark.ui

LOAD_TIMEOUT_MS = 20_000
SAMPLES = {
    "zh-Hans": "彩绘泥塑。关于此示例：北方位于偏航角 0；字母标出罗盘方向。",
    "ug": "بۇ پروگرامما ھاسىل قىلغان ئۈلگە كۆرۈنۈش؛ ھەيكەل، ئۈلگە، شىمال، يۆنىلىش، چۈشەندۈرۈش",
}


@pytest.fixture
def opened(qtbot, window):
    window.open_tour(demo_tour_path())
    qtbot.waitUntil(lambda: window.session is not None and window.scene is not None
                    and window.overlay.mode != "progress", timeout=LOAD_TIMEOUT_MS)
    yield window
    window.languages.set_language("en")


@pytest.mark.parametrize("tag, rtl", [("ug", True), ("ug-CN", True), ("ug-Arab", True), ("ug-Latn", False),
                                      ("ar", True), ("fa-IR", True), ("he", True), ("en", False),
                                      ("zh-Hans", False), ("uz-Arab", True)])
def test_right_to_left_languages(tag, rtl):
    assert i18n.is_rtl(tag) is rtl


@pytest.mark.parametrize("tag, name", [("zh-Hans", "zh_CN"), ("zh", "zh_CN"), ("zh-CN", "zh_CN"), ("zh_CN", "zh_CN"),
                                       ("zh-Hant", None), ("ug", "ug"), ("ug-CN", "ug"), ("en", None), ("en-GB", None),
                                       ("xx", None)])
def test_translation_names(tag, name):
    assert i18n.translation_name(tag) == name


def test_pick_language_prefers_request_then_system_then_none():
    languages = ("en", "zh-Hans", "ug")
    assert i18n.pick_language("ug", languages, ["zh-CN"]) == "ug"
    assert i18n.pick_language(None, languages, ["zh-CN", "en-US"]) == "zh-Hans"
    assert i18n.pick_language(None, languages, ["ug-CN"]) == "ug"
    assert i18n.pick_language(None, languages, ["fr-FR"]) is None


def test_every_ui_string_has_chinese_and_uyghur_translations():
    for name in ("zh_CN", "ug"):
        root = ElementTree.parse(i18n.TRANSLATIONS_DIR / f"vtour_{name}.ts").getroot()
        messages = list(root.iter("message"))
        assert len(messages) > 40
        unfinished = [m.findtext("source") for m in messages if m.find("translation").get("type") == "unfinished"]
        assert unfinished == [], (name, unfinished)


def test_ts_compiles_to_qm_in_a_cache(tmp_path):
    i18n.compiled_translation.cache_clear()
    try:
        shipped = i18n.TRANSLATIONS_DIR / "vtour_ug.qm"
        qm = i18n.compiled_translation("ug", tmp_path)
        assert qm is not None and qm.stat().st_size > 1000
        assert qm == shipped or qm.parent == tmp_path
    finally:
        i18n.compiled_translation.cache_clear()


def test_switching_to_uyghur_translates_mirrors_and_back(qtbot, opened):
    file_menu = opened.menuBar().actions()[0]
    assert file_menu.text() == "&File"
    assert opened.layoutDirection() == Qt.LayoutDirection.LeftToRight

    language_actions = {a.data(): a for a in opened.languages.menu.actions()}
    assert set(language_actions) == {"en", "zh-Hans", "ug"}
    language_actions["ug"].trigger()  # the Language menu, as a visitor would
    assert opened.session.language == "ug"
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert opened.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert file_menu.text() == "ھۆججەت(&F)"
    assert opened.open_action.text() == "ئېچىش(&O)…"
    assert opened.languages.menu.title() == "تىل(&L)"
    assert QCoreApplication.translate("InfoPanel", "Play narration") == "چۈشەندۈرۈشنى قويۇش"
    assert "ئۈلگە" in opened.windowTitle()
    assert language_actions["ug"].isChecked()

    opened.session.set_language("zh-Hans")
    assert file_menu.text() == "文件(&F)"
    assert opened.layoutDirection() == Qt.LayoutDirection.LeftToRight

    opened.languages.set_language("en")
    assert opened.session.language == "en"
    assert file_menu.text() == "&File"
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert opened.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_requested_language_applies_before_and_after_the_tour_opens(qtbot, make_window):
    window = make_window()
    try:
        window.languages.set_language("ug")  # what `vtour --lang ug` does before opening
        assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        window.open_tour(demo_tour_path())
        qtbot.waitUntil(lambda: window.session is not None, timeout=LOAD_TIMEOUT_MS)
        assert window.session.language == "ug"
    finally:
        window.languages.set_language("en")


def test_lang_option_parses():
    from vtour.cli import _with_default_command, build_parser

    args = build_parser().parse_args(_with_default_command(["--lang", "ug", "tour.json"]))
    assert args.lang == "ug" and str(args.tour) == "tour.json"
    args = build_parser().parse_args(["view", "--lang", "zh-Hans"])
    assert args.lang == "zh-Hans"


# -- glyphs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", list(SAMPLES))
def test_the_first_font_for_a_language_has_every_glyph(language):
    """The preferred family alone covers the sample (no reliance on fallback luck)."""
    families = fonts.installed(fonts.families_for(language))
    assert families, f"no font for {language}: install fonts-noto-core and fonts-noto-cjk"
    metrics = QFontMetrics(QFont(families[0]))
    missing = [ch for ch in SAMPLES[language] if not ch.isspace() and not metrics.inFontUcs4(ord(ch))]
    assert missing == [], f"{language}: {families[0]} has no glyph for {missing!r}"
    raw = QRawFont.fromFont(QFont(families[0]))
    assert raw.isValid() and raw.familyName() == families[0]


def _render(text: str, font: QFont, rtl: bool = False) -> QImage:
    image = QImage(900, 60, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def _ink(image: QImage) -> int:
    ptr = image.constBits()
    data = bytes(ptr)[: image.sizeInBytes()]
    return sum(1 for value in data if value < 128)


@pytest.mark.parametrize("language", list(SAMPLES))
def test_panel_text_draws_real_glyphs_not_boxes(opened, language):
    """Each character drawn with the info panel's font differs from the missing-glyph drawing."""
    opened.session.set_language(language)
    opened.hotspot_activated.emit(next(h for h in opened.session.scene.hotspots if h.kind == "info"))
    font = QFont(opened.info_panel.browser.font())
    font.setPixelSize(28)
    assert QFontMetrics(font).horizontalAdvance(SAMPLES[language]) > 0
    tofu = _render("\U000F0000", font)  # a private-use plane-15 code point no font draws
    shapes = set()
    for ch in {c for c in SAMPLES[language] if c.isalpha()}:
        drawn = _render(ch, font, language == "ug")
        assert _ink(drawn) > 0, f"{ch!r} drew nothing"
        assert drawn != tofu, f"{ch!r} drew the missing-glyph box"
        shapes.add(bytes(drawn.constBits())[: drawn.sizeInBytes()])
    assert len(shapes) >= 0.9 * len({c for c in SAMPLES[language] if c.isalpha()})  # distinct glyphs
    title = opened.info_panel.title_label
    assert _ink(title.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)) > 0
    opened.info_panel.close_panel()


def test_application_font_follows_the_language(opened):
    opened.session.set_language("ug")
    assert QApplication.font().families()[0] in fonts.ARABIC
    opened.session.set_language("zh-Hans")
    assert QApplication.font().families()[0] in fonts.CJK_SC

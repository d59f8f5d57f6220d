"""Fonts that can draw every script a tour is written in: Latin, Chinese, Uyghur (Arabic script).

vtour bundles no font (a CJK font alone is 16+ MB): it relies on the system's, and names per
language the families known to cover it, best first, on Linux (Noto: Debian's ``fonts-noto-core``
and ``fonts-noto-cjk``, which ``.ci/run`` installs), Windows and macOS. Qt tries a font's families
in order for each character, so Chinese and Uyghur mixed in one text both draw. Fonts dropped in a
tour-independent ``fonts`` folder under the assets (``*.ttf``, ``*.otf``, ``*.ttc``) are
registered at start-up, for machines without those system fonts (OFL fonts such as Noto may be
redistributed).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)

LATIN = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]
CJK_SC = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei"]
ARABIC = ["Noto Sans Arabic", "Noto Naskh Arabic", "Microsoft Uighur", "Segoe UI", "Geeza Pro", "DejaVu Sans"]

_registered: set[Path] = set()


def families_for(language: str) -> list[str]:
    """Font families for ``language``, best first, keeping the other scripts as fallbacks."""
    base = language.split("-", 1)[0].lower()
    if base in ("ug", "ar", "fa", "ur", "ps", "ckb", "sd"):
        order = ARABIC + LATIN + CJK_SC
    elif base in ("zh", "ja", "ko"):
        order = CJK_SC + LATIN + ARABIC
    else:
        order = LATIN + CJK_SC + ARABIC
    return list(dict.fromkeys(order))


def installed(families: list[str]) -> list[str]:
    """Those of ``families`` this machine has (QFontDatabase needs the QGuiApplication)."""
    known = set(QFontDatabase.families())
    return [family for family in families if family in known]


def register_font_folder(folder: Path) -> list[str]:
    """Register every font file in ``folder`` with Qt (once); returns the families added."""
    added = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else ():
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc") or path in _registered:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("cannot load font %s", path)
            continue
        _registered.add(path)
        added.extend(QFontDatabase.applicationFontFamilies(font_id))
    return added


def register_bundled_fonts() -> list[str]:
    """Register fonts shipped in the assets' ``fonts`` folder, if there is one."""
    try:
        from vtour.resources import assets_dir
    except ImportError:
        return []
    return register_font_folder(assets_dir() / "fonts")


def font_for(language: str, base: QFont | None = None, scale: float = 1.0) -> QFont:
    """``base`` (the application font) with the families for ``language`` and its size scaled."""
    font = QFont(base if base is not None else QGuiApplication.font())
    families = installed(families_for(language))
    if families:
        font.setFamilies(families)
    if scale != 1.0:
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * scale)
        elif font.pixelSize() > 0:
            font.setPixelSize(round(font.pixelSize() * scale))
    return font

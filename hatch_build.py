"""Wheel build hook: compile the Qt translation sources (``vtour/ui/translations/*.ts``) to ``.qm``.

Runs ``lrelease`` (from PySide6 in the build environment, or ``pyside6-lrelease`` / ``lrelease`` on
PATH) into a temporary folder and adds the results to the wheel beside their sources. Where no
lrelease can be found the wheel is still built, with a warning: ``vtour.ui.i18n`` compiles a
missing or stale ``.qm`` into the user's cache folder at run time with PySide6's own lrelease.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TRANSLATIONS = Path("vtour") / "ui" / "translations"


def _lrelease() -> list[str] | None:
    try:
        import PySide6  # noqa: PLC0415 - only present when the build environment has it

        for name in ("lrelease", "lrelease.exe"):
            candidate = Path(PySide6.__file__).parent / name
            if candidate.is_file():
                return [str(candidate)]
    except ImportError:
        pass
    for name in ("pyside6-lrelease", "lrelease"):
        if found := shutil.which(name):
            return [found]
    return None


class TranslationsBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        sources = sorted((Path(self.root) / TRANSLATIONS).glob("*.ts"))
        command = _lrelease()
        if not sources:
            return
        if command is None:
            self.app.display_warning("lrelease not found: UI translations will be compiled at run time")
            return
        self._out = tempfile.TemporaryDirectory(prefix="vtour-qm-")
        for source in sources:
            target = Path(self._out.name) / source.with_suffix(".qm").name
            result = subprocess.run([*command, "-silent", str(source), "-qm", str(target)],
                                    capture_output=True, text=True, check=False)
            if result.returncode != 0 or not target.is_file():
                self.app.display_warning(f"lrelease failed on {source.name}: {result.stderr.strip()}")
                continue
            build_data["force_include"][str(target)] = str(TRANSLATIONS / target.name)

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_out", None) is not None:
            self._out.cleanup()

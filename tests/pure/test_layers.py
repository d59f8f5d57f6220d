"""The layer contract: model, geometry and io import neither Qt nor GL; only ui imports PySide6.

Checked on the source (every import statement, including ones inside functions), so a lazy import
cannot sneak a dependency past the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "vtour"

FORBIDDEN = {
    "model": ("PySide6", "OpenGL", "vtour.render", "vtour.ui"),
    "geometry": ("PySide6", "OpenGL", "vtour.render", "vtour.ui", "vtour.io"),
    "io": ("PySide6", "OpenGL", "vtour.render", "vtour.ui"),
    "render": ("PySide6", "vtour.ui"),
    "kiosk": ("PySide6", "OpenGL", "vtour.render", "vtour.ui"),
    "interop": ("PySide6", "OpenGL", "vtour.render", "vtour.ui"),
}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in _imported_modules(path):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    assert _violations(layer) == []


def test_only_ui_imports_pyside():
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(m.split(".")[0] == "PySide6" for m in _imported_modules(path))
    ]
    assert offenders == []


def test_checker_catches_a_violation(tmp_path, monkeypatch):
    """The checker itself can fail: a planted Qt import in a model module is reported."""
    fake_package = tmp_path / "vtour"
    (fake_package / "model").mkdir(parents=True)
    (fake_package / "model" / "bad.py").write_text("def f():\n    from PySide6 import QtCore\n")
    monkeypatch.setattr(__name__ + ".PACKAGE", fake_package)
    assert _violations("model") == ["vtour/model/bad.py imports PySide6"]

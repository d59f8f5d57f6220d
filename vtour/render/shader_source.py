"""GLSL source preprocessing: ``#include``, stage sections, ``#define`` variants, error locations.

Pure Python (no OpenGL) so it is tested without a context. A program lives in one ``.glsl`` file
with ``#if defined(VERTEX_SHADER)`` / ``#if defined(FRAGMENT_SHADER)`` sections; shared code comes in
through ``#include "path.glsl"`` (relative to the including file, then to the shader folder).

Every file gets an index, and ``#line`` directives number file ``k``'s line ``n`` as
``k * LINE_BASE + n`` (source string ``k``), so :meth:`ShaderSource.translate_log` can turn
``0:100012(5): error`` into ``fullscreen.glsl:12: error``. The file is recovered from the line
number rather than the source-string number because Mesa reports the wrong source string for
some errors (measured with Mesa 22.3).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vtour.render.errors import ShaderError

LINE_BASE = 100_000
"""Line numbers of the ``k``-th file start at ``k * LINE_BASE``; a file must be shorter than this."""

MAX_INCLUDE_DEPTH = 8
"""Deeper nesting is taken to be an include cycle."""

DEFAULT_VERSION = "330 core"
STAGES = ("VERTEX_SHADER", "FRAGMENT_SHADER")

_INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^">]+)[">]\s*(//.*)?$')
_VERSION = re.compile(r"^\s*#\s*version\s+(.+?)\s*$")
_DEFINE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Compiler log locations: Mesa "0:12(5):", AMD/Intel "ERROR: 0:12:", NVIDIA "0(12) :".
_LOG_LOCATIONS = (
    re.compile(r"(?P<source>\d+):(?P<line>\d+)(?:\((?P<column>\d+)\))?"),
    re.compile(r"(?P<source>\d+)\((?P<line>\d+)\)"),
)


@dataclass(frozen=True)
class ShaderSource:
    """One program's preprocessed source.

    Attributes
    ----------
    name
        The program's file stem (``"equirect"`` for ``equirect.glsl``).
    body
        Source after include expansion, with ``#line`` directives, without ``#version``.
    files
        The files that make up the body; a file's index is its GLSL source-string number.
    version
        The ``#version`` argument (from the main file, else :data:`DEFAULT_VERSION`).
    """

    name: str
    body: str
    files: tuple[Path, ...]
    version: str = DEFAULT_VERSION

    def stage(self, stage: str, defines: Mapping[str, object] | None = None) -> str:
        """Complete source for ``stage`` ("VERTEX_SHADER" or "FRAGMENT_SHADER") with ``defines``."""
        if stage not in STAGES:
            raise ValueError(f"unknown shader stage {stage!r}; expected one of {STAGES}")
        header = [f"#version {self.version}", f"#define {stage} 1"]
        header += [_define_line(name, value) for name, value in sorted((defines or {}).items())]
        return "\n".join(header) + "\n#line 1 0\n" + self.body

    def locate(self, line: int) -> str:
        """``file.glsl:line`` for a line number in a compiler message."""
        index, line = divmod(line, LINE_BASE)
        if 0 <= index < len(self.files):
            return f"{self.files[index].name}:{line}"
        return f"{self.name}.glsl:{index * LINE_BASE + line}"

    def translate_log(self, log: str) -> str:
        """Rewrite a compiler log so each message names the ``.glsl`` file and line."""
        return "\n".join(self._translate_line(line) for line in log.splitlines())

    def _translate_line(self, text: str) -> str:
        for pattern in _LOG_LOCATIONS:
            match = pattern.search(text)
            if match and match.start() <= len("ERROR: "):
                where = self.locate(int(match["line"]))
                if match.groupdict().get("column"):
                    where += f":{match['column']}"
                return text[: match.start()] + where + text[match.end():]
        return text


def _define_line(name: str, value: object) -> str:
    if not _DEFINE_NAME.match(name):
        raise ShaderError(f"invalid #define name {name!r}")
    if value is True or value is None:
        return f"#define {name} 1"
    if isinstance(value, float):
        return f"#define {name} {value!r}"
    return f"#define {name} {value}"


def load_shader_source(name: str, directory: Path | None = None) -> ShaderSource:
    """Read ``<directory>/<name>.glsl`` and expand its includes.

    Raises
    ------
    ShaderError
        A file is missing, an include nests deeper than :data:`MAX_INCLUDE_DEPTH` (a cycle), or a
        ``#version`` appears anywhere but the main file.
    """
    if directory is None:
        from vtour.resources import shader_dir

        directory = shader_dir()
    main = Path(directory) / f"{name}.glsl"
    files: list[Path] = []
    version, lines = _pop_version(_read(main, None))
    body = _expand(main, lines, files, directory=Path(directory), depth=0)
    return ShaderSource(name=name, body=body, files=tuple(files), version=version or DEFAULT_VERSION)


def _read(path: Path, included_from: str | None) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        where = f" (included from {included_from})" if included_from else ""
        raise ShaderError(f"{path}: cannot read shader{where}: {exc.strerror or exc}") from None


def _pop_version(lines: list[str]) -> tuple[str | None, list[str]]:
    """Take the main file's ``#version`` out (it must come first in the final source).

    The line is kept as a blank so line numbers still match the file.
    """
    for index, line in enumerate(lines):
        match = _VERSION.match(line)
        if match:
            return match[1], [*lines[:index], "", *lines[index + 1:]]
    return None, lines


def _expand(path: Path, lines: list[str], files: list[Path], directory: Path, depth: int) -> str:
    """Source of ``path`` with includes expanded; registers ``path`` as the next source string."""
    number = len(files)
    files.append(path)
    if len(lines) >= LINE_BASE:
        raise ShaderError(f"{path.name}: shader files must be shorter than {LINE_BASE} lines")
    out: list[str] = []
    for line_number, line in enumerate(lines, start=1):
        include = _INCLUDE.match(line)
        if _VERSION.match(line):
            raise ShaderError(f"{path.name}:{line_number}: #version belongs only at the top of a program file")
        if not include:
            out.append(line)
            continue
        if depth + 1 > MAX_INCLUDE_DEPTH:
            raise ShaderError(
                f"{path.name}:{line_number}: includes nest deeper than {MAX_INCLUDE_DEPTH} (an include cycle?)"
            )
        child = _resolve_include(include[1], path, directory)
        child_lines = _read(child, f"{path.name}:{line_number}")
        out.append(_expand(child, child_lines, files, directory, depth + 1))
        # GLSL 3.30+: the line after "#line N S" is line N of source string S.
        out.append(_line_directive(number, line_number + 1))
    return _line_directive(number, 1) + "\n" + "\n".join(out) if depth else "\n".join(out)


def _line_directive(file_index: int, line: int) -> str:
    return f"#line {file_index * LINE_BASE + line} {file_index}"


def _resolve_include(name: str, including: Path, directory: Path) -> Path:
    for candidate in (including.parent / name, directory / name):
        if candidate.is_file():
            return candidate
    return including.parent / name  # _read reports it missing, naming the including file

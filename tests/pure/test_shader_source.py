"""Shader preprocessing without GL: includes, stages, defines, #line mapping, error locations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vtour.render.errors import ShaderError
from vtour.render.shader_source import LINE_BASE, MAX_INCLUDE_DEPTH, load_shader_source
from vtour.resources import shader_dir


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


PROGRAM = """\
#if defined(VERTEX_SHADER)
void main() { gl_Position = vec4(0.0); }
#elif defined(FRAGMENT_SHADER)
#include "lib/common.glsl"
out vec4 o_color;
void main() { o_color = vec4(helper()); }
#endif
"""


@pytest.fixture
def shaders(tmp_path) -> Path:
    return _write(tmp_path, {
        "prog.glsl": PROGRAM,
        "lib/common.glsl": '// common\n#include "inner.glsl"\nfloat helper() { return inner(); }\n',
        "lib/inner.glsl": "float inner() { return 1.0; }\n",
    })


def test_includes_expand_relative_to_the_including_file(shaders):
    source = load_shader_source("prog", shaders)
    assert [p.name for p in source.files] == ["prog.glsl", "common.glsl", "inner.glsl"]
    assert "float inner()" in source.body and "#include" not in source.body


def test_stage_source_has_version_stage_and_defines_first(shaders):
    text = load_shader_source("prog", shaders).stage("FRAGMENT_SHADER", {"B_FLAG": 1, "A_VALUE": 2.5, "ON": True})
    lines = text.splitlines()
    assert lines[0] == "#version 330 core"
    assert lines[1] == "#define FRAGMENT_SHADER 1"
    assert lines[2:5] == ["#define A_VALUE 2.5", "#define B_FLAG 1", "#define ON 1"]
    assert lines[5] == "#line 1 0"


def test_invalid_stage_and_define_names(shaders):
    source = load_shader_source("prog", shaders)
    with pytest.raises(ValueError):
        source.stage("GEOMETRY")
    with pytest.raises(ShaderError):
        source.stage("VERTEX_SHADER", {"bad name": 1})


def _line_of(text: str, needle: str) -> tuple[int, int]:
    """(source-string number, line number) a GLSL 3.30 compiler gives the line holding ``needle``."""
    line, source = 0, 0
    for raw in text.splitlines():
        directive = re.match(r"#line (\d+) (\d+)", raw)
        if directive:
            line, source = int(directive[1]) - 1, int(directive[2])
            continue
        line += 1
        if needle in raw:
            return source, line
    raise AssertionError(f"{needle!r} not found")


@pytest.mark.parametrize(("needle", "where"), [
    ("out vec4 o_color", "prog.glsl:5"),
    ("float helper()", "common.glsl:3"),
    ("float inner()", "inner.glsl:1"),
    ("o_color = vec4(helper())", "prog.glsl:6"),
])
def test_line_directives_map_back_to_each_file(shaders, needle, where):
    source = load_shader_source("prog", shaders)
    number, line = _line_of(source.stage("FRAGMENT_SHADER"), needle)
    assert source.locate(line) == where
    assert number == line // LINE_BASE  # the source-string number agrees, for compilers that use it


def test_translate_log_formats(shaders):
    source = load_shader_source("prog", shaders)
    mesa = f"0:{2 * LINE_BASE + 1}(13): error: `oops' undeclared"
    nvidia = f"0({LINE_BASE + 3}) : error C1008: undefined variable"
    amd = "ERROR: 0:5: 'x' : undeclared identifier"
    translated = source.translate_log("\n".join([mesa, nvidia, amd, "unrelated text"]))
    assert translated.splitlines() == [
        "inner.glsl:1:13: error: `oops' undeclared",
        "common.glsl:3 : error C1008: undefined variable",
        "ERROR: prog.glsl:5: 'x' : undeclared identifier",
        "unrelated text",
    ]


def test_version_is_hoisted_from_the_main_file(tmp_path):
    _write(tmp_path, {"v.glsl": "// header\n#version 410 core\nvoid main() {}\n"})
    source = load_shader_source("v", tmp_path)
    text = source.stage("VERTEX_SHADER")
    assert text.startswith("#version 410 core\n") and text.count("#version") == 1
    assert _line_of(text, "void main")[1] == 3  # the removed line still counts


def test_version_in_an_include_is_an_error(tmp_path):
    _write(tmp_path, {"p.glsl": '#include "i.glsl"\n', "i.glsl": "#version 330 core\n"})
    with pytest.raises(ShaderError, match=r"i.glsl:1: #version"):
        load_shader_source("p", tmp_path)


def test_include_cycle_stops_at_the_depth_guard(tmp_path):
    _write(tmp_path, {"a.glsl": '#include "b.glsl"\n', "b.glsl": '#include "a.glsl"\n'})
    with pytest.raises(ShaderError, match=f"deeper than {MAX_INCLUDE_DEPTH}"):
        load_shader_source("a", tmp_path)


def test_missing_include_names_the_including_file(tmp_path):
    _write(tmp_path, {"p.glsl": '// x\n#include "nowhere.glsl"\n'})
    with pytest.raises(ShaderError, match=r"nowhere.glsl.*included from p.glsl:2"):
        load_shader_source("p", tmp_path)


def test_missing_program_file(tmp_path):
    with pytest.raises(ShaderError, match="absent.glsl"):
        load_shader_source("absent", tmp_path)


@pytest.mark.parametrize("name", sorted(p.stem for p in shader_dir().glob("*.glsl")))
def test_shipped_programs_preprocess(name):
    """Every program in shaders/ expands, has both stages and keeps each file's lines apart."""
    source = load_shader_source(name)
    for stage in ("VERTEX_SHADER", "FRAGMENT_SHADER"):
        text = source.stage(stage)
        assert "#include" not in text
    assert all(path.is_file() for path in source.files)
    assert "defined(VERTEX_SHADER)" in source.body and "defined(FRAGMENT_SHADER)" in source.body


def test_glsl_naming_convention():
    """Uniforms u_, inputs/outputs between stages v_, fragment outputs o_ (attributes would be a_)."""
    declaration = re.compile(r"^\s*(uniform|in|out)\s+\w+\s+(\w+)", re.MULTILINE)
    prefixes = {"uniform": ("u_",), "in": ("v_", "a_"), "out": ("v_", "o_")}
    for path in shader_dir().rglob("*.glsl"):
        for kind, name in declaration.findall(path.read_text(encoding="utf-8")):
            assert name.startswith(prefixes[kind]), f"{path.name}: {kind} {name}"

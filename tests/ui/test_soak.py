"""The soak benchmark (issue 7), run short: the attract loop really changes scenes in the window,
samples come back with every field, and live GL textures do not grow from scene change to scene change.
"""

from __future__ import annotations

import json

import pytest

from vtour.benchmark.soak import count_gl_objects, format_soak, main, run_soak, summarise, warmup_changes_for

pytestmark = pytest.mark.ui

GL_KINDS = {"textures", "buffers", "vertex_arrays", "framebuffers", "renderbuffers", "programs", "shaders"}


@pytest.mark.slow
def test_short_soak_changes_scenes_without_growing_gl_objects(qapp, tmp_path):
    report = run_soak(scene_changes=60, sample_every=20, work_dir=tmp_path)

    assert {"scene_changes", "seconds", "samples", "warmup_changes", "rss_growth_percent", "gl_growth",
            "target_met"} <= report.keys()
    assert report["scene_changes"] == 60
    assert [s["changes"] for s in report["samples"]] == [0, 20, 40, 60]
    for sample in report["samples"]:
        assert sample["rss_mb"] > 0 and sample["python_objects"] > 0 and sample["seconds"] >= 0
        assert sample["malloc_mb"] is None or sample["malloc_mb"] > 0
        assert sample["preload_mb"] >= 0
        assert set(sample["gl"]) == GL_KINDS
    assert report["warmup_changes"] == 6 and report["baseline_changes"] == 20
    # Scene changes really happened: every scene of the tour was shown, in turn.
    visited = report["scenes_visited"]
    assert len(visited) == report["scenes"] == 6
    assert sum(visited.values()) == 61 and min(visited.values()) >= 10
    assert report["info_panel_opens"] == 3
    assert report["resumes"] == 0  # nothing the soak did counted as a visitor taking over
    # The panorama's textures are reused or freed: none pile up from change to change.
    second, last = report["samples"][1], report["samples"][-1]
    assert second["gl"]["textures"] > 0
    assert last["gl"]["textures"] <= second["gl"]["textures"]
    assert report["gl_growth"]["textures"] <= 0
    assert isinstance(report["target_met"], bool)
    json.dumps(report)  # the report is written as JSON
    lines = format_soak(report)
    assert len(lines) == 2 + len(report["samples"]) + 1
    assert lines[-1].startswith("growth since 20 changes")
    assert (tmp_path / "tour" / "tour.json").is_file()  # the generated tour is left in a given work_dir


def test_summary_of_samples():
    def sample(changes, rss, textures):
        gl = dict.fromkeys(GL_KINDS, 4) | {"textures": textures}
        return {"changes": changes, "seconds": changes / 10, "rss_mb": rss, "python_objects": 1000, "gl": gl}

    samples = [sample(0, 100.0, 2), sample(500, 200.0, 3), sample(1000, 210.0, 3), sample(10_000, 214.0, 3)]
    report = summarise(samples, 10_000, 1000.0)
    assert report["warmup_changes"] == 1000 and report["baseline_changes"] == 1000
    assert report["rss_growth_percent"] == pytest.approx(100 * 4 / 210, abs=0.01)
    assert report["gl_growth"]["textures"] == 0 and report["target_met"]
    samples[-1]["gl"]["textures"] = 4
    assert not summarise(samples, 10_000, 1000.0)["target_met"]
    assert warmup_changes_for(60) == 6 and warmup_changes_for(100_000) == 1000 and warmup_changes_for(3) == 1


def test_gl_objects_are_counted_in_a_current_context(qapp):
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext, QSurfaceFormat

    import vtour.render  # noqa: F401  (PyOpenGL's platform first)
    from OpenGL import GL

    context = QOpenGLContext()
    context.setFormat(QSurfaceFormat.defaultFormat())
    assert context.create()
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    assert context.makeCurrent(surface)
    try:
        before = count_gl_objects()
        assert set(before) == GL_KINDS
        textures = [int(t) for t in GL.glGenTextures(3)]
        for texture in textures[:2]:  # a generated name becomes an object when first bound
            GL.glBindTexture(GL.GL_TEXTURE_2D, texture)
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        program = GL.glCreateProgram()
        counted = count_gl_objects()
        assert counted["textures"] == before["textures"] + 2
        assert counted["programs"] == before["programs"] + 1
        GL.glDeleteTextures(3, textures)
        GL.glDeleteProgram(program)
        assert count_gl_objects() == before
    finally:
        context.doneCurrent()
        surface.destroy()


def test_without_a_display_main_names_the_problem(monkeypatch, caplog):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("VTOUR_SOAK_UNDER_XVFB", "1")  # as if xvfb-run was tried already: no second try
    assert main(["--changes", "1"]) == 1
    assert "needs an X display" in caplog.text

"""Edit ▸ Scene: initial view, north, rename, reorder, add from a file (validated), delete."""

from __future__ import annotations

import json
import shutil

import pytest
from PIL import Image

from tests.ui.test_editor import Answers, open_editor, saved, tour_copy  # noqa: F401  (fixture)
from vtour.model.tour import View

pytestmark = pytest.mark.ui


def test_initial_view_and_north_from_the_current_view(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    original = editor.document.to_json()
    scene_id = window.scene.id
    window.panorama_view.set_view(View(yaw=42.5, pitch=-7.25, hfov=75))
    assert editor.scene_actions.set_initial_view_here()
    assert editor.document.data["scenes"][scene_id]["initialView"] == {"yaw": 42.5, "pitch": -7.25, "hfov": 75}
    assert editor.scene_actions.set_north_here()
    assert editor.document.data["scenes"][scene_id]["northOffset"] == pytest.approx(360 - 42.5)
    qtbot.waitUntil(lambda: window.navigation.compass.heading % 360 == pytest.approx(0.0, abs=0.01), timeout=3000)
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert editor.document.to_json() == original


def test_rename_reorder_and_delete(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    actions = editor.scene_actions
    old = window.scene.id
    actions.prompt_text = lambda title, label, value: "entrance-terrace"
    assert actions.rename()
    data = editor.document.data
    assert "entrance-terrace" in data["scenes"] and old not in data["scenes"]
    assert data["firstScene"] == "entrance-terrace"
    assert all(h.get("targetScene") != old for s in data["scenes"].values() for h in s.get("hotspots", []))
    qtbot.waitUntil(lambda: window.scene is not None and window.scene.id == "entrance-terrace", timeout=10000)
    order = list(data["scenes"])
    assert actions.move(1)
    assert list(editor.document.data["scenes"]) == [order[1], order[0]]
    actions.prompt_text = lambda title, label, value: order[1]  # taken
    editor.report = lambda title, text: setattr(editor, "reported", text)
    assert not actions.rename() and "already has a scene" in editor.reported
    actions.confirm = lambda title, text, details: bool(details)
    assert actions.delete()
    assert list(editor.document.data["scenes"]) == [order[1]]
    editor.undo_stack.undo()
    assert set(editor.document.data["scenes"]) == set(order)


def test_add_a_scene_from_a_file_outside_the_folder(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    actions = editor.scene_actions
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    Image.new("RGB", (256, 128), (90, 120, 160)).save(outside / "New Court.jpg")
    actions.prompt_file = lambda title, folder: str(outside / "New Court.jpg")
    assert actions.add_from_file()
    assert (tour_copy.parent / "New Court.jpg").exists()  # copied in: assets may not leave the folder
    scene = editor.document.data["scenes"]["new-court"]
    assert scene["panorama"] == "New Court.jpg" and scene["type"] == "equirectangular"
    assert editor.diagnostics == [] or all(d.severity.name == "WARNING" for d in editor.diagnostics)
    assert editor.save() and "new-court" in saved(tour_copy)["scenes"]
    # A file vtour validate would reject is refused, and nothing changes.
    Image.new("RGB", (100, 100), (1, 2, 3)).save(outside / "square.png")
    actions.prompt_file = lambda title, folder: str(outside / "square.png")
    editor.report = lambda title, text: setattr(editor, "reported", text)
    before = editor.document.to_json()
    assert not actions.add_from_file()
    assert "square" in editor.reported and editor.document.to_json() == before


def test_zoom_limits_from_the_current_view(qtbot, window, tour_copy, tmp_path):  # noqa: F811
    editor = open_editor(qtbot, window, tour_copy, tmp_path)
    scene_id = window.scene.id
    window.panorama_view.set_view(View(yaw=0, pitch=0, hfov=90))
    assert editor.scene_actions.set_zoom_limit("maxHfov")
    window.panorama_view.set_view(View(yaw=0, pitch=0, hfov=50))
    assert editor.scene_actions.set_zoom_limit("minHfov")
    limits = editor.document.data["scenes"][scene_id]["limits"]
    assert limits["maxHfov"] == pytest.approx(90) and limits["minHfov"] == pytest.approx(50)
    assert (window.scene.limits.hfov_min, window.scene.limits.hfov_max) == pytest.approx((50, 90))
    window.panorama_view.set_view(View(yaw=0, pitch=0, hfov=120))
    assert window.panorama_view.view.hfov == pytest.approx(90)  # the new limit holds in the viewer
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert "limits" not in editor.document.data["scenes"][scene_id]

"""vtour edit --new: a tour from a folder of panoramas and models."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from vtour.io.new_tour import create_new_tour, new_tour_document
from vtour.io.tourfile import load_tour
from vtour.model.errors import Severity

BOX = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "gltf" / "Box" / "glTF-Binary" / "Box.glb"


def test_every_panorama_and_model_becomes_a_scene(tmp_path):
    if not BOX.exists():
        pytest.skip("../shared/fixtures is absent (Box.glb)")
    Image.new("RGB", (128, 64), (10, 20, 30)).save(tmp_path / "Main Hall.jpg")
    Image.new("RGB", (300, 100), (10, 20, 30)).save(tmp_path / "strip.png")  # 3:1: partial
    shutil.copy(BOX, tmp_path / "site.glb")
    (tmp_path / "notes.txt").write_text("not a scene")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 nothing")
    path = create_new_tour(tmp_path)
    tour = load_tour(path)
    assert [s.id for s in tour.scenes] == ["main-hall", "site", "strip"]
    assert tour.scene("main-hall").title.get("en") == "Main Hall"
    assert tour.scene("strip").source.haov == pytest.approx(360) and tour.scene("strip").source.vaov == pytest.approx(120)
    assert type(tour.scene("site").source).__name__ == "ModelSource"
    assert not [w for w in tour.warnings if w.severity is Severity.ERROR]
    _document, skipped = new_tour_document(tmp_path)
    assert any("broken.jpg" in reason for reason in skipped)


def test_never_over_an_existing_tour_and_never_empty(tmp_path):
    with pytest.raises(ValueError, match="no panoramas"):
        create_new_tour(tmp_path)
    assert not (tmp_path / "tour.json").exists()
    (tmp_path / "tour.json").write_text("{}")
    with pytest.raises(FileExistsError):
        create_new_tour(tmp_path)
    assert (tmp_path / "tour.json").read_text() == "{}"


def test_scene_ids_from_file_names():
    from vtour.model.editing import scene_id_from_name

    assert scene_id_from_name("Main Hall") == "main-hall"
    assert scene_id_from_name("a  b") == "a-b"
    assert scene_id_from_name("Ünïcode 石窟") == "ünïcode-石窟"
    assert scene_id_from_name("...") == "scene"
    assert scene_id_from_name("hall", ["hall", "hall-2"]) == "hall-3"

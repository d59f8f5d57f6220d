"""`vtour export annotations` / `vtour import annotations`: hotspots as W3C Web Annotations and back."""

from __future__ import annotations

import copy
import json
import logging
import shutil
from pathlib import Path

import pytest

from vtour.commands.export_tour import main as export_main
from vtour.commands.import_tour import main as import_main
from vtour.interop.annotations import export_annotations, merge_annotations_file
from vtour.interop.findings import InteropError
from vtour.io.tourfile import validate_tour_file

ASSETS = Path(__file__).resolve().parents[2] / "assets"


@pytest.fixture(params=["demo", "jiaohe", "kizil"])
def tour(request, tmp_path) -> Path:
    folder = tmp_path / request.param
    shutil.copytree(ASSETS / request.param, folder)
    return folder / "tour.json"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _hotspots(document: dict) -> dict:
    return {sid: scene.get("hotspots", []) for sid, scene in document["scenes"].items()}


def test_collection_structure(tmp_path):
    out = tmp_path / "demo.jsonld"
    assert export_main(["annotations", str(ASSETS / "demo" / "tour.json"), "-o", str(out),
                        "--base-iri", "https://museum.example/demo"]) == 0
    collection = _load(out)
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 5
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and len(page["items"]) == 5
    link, info, area = page["items"][:3]
    assert link["type"] == "Annotation" and link["motivation"] == "linking"
    assert link["target"]["source"] == "https://museum.example/demo/scenes/terrace"
    assert link["target"]["selector"]["type"] == "vtour:SphericalSelector"
    titles = [b for b in link["body"] if b.get("purpose") == "identifying"]
    assert {b["language"] for b in titles} == {"en", "zh-Hans", "ug"}
    assert all(b["type"] == "TextualBody" and b["format"] == "text/plain" for b in titles)
    linking = next(b for b in link["body"] if b.get("purpose") == "linking")
    assert linking["source"] == "https://museum.example/demo/scenes/courtyard"
    assert info["motivation"] == "describing" and any(b["purpose"] == "describing" for b in info["body"])
    assert area["target"]["selector"]["type"] == "vtour:SphericalPolygonSelector"
    assert area["id"] == "https://museum.example/demo/scenes/terrace/hotspots/" + area["vtour:hotspotId"]


def test_round_trip(tour, tmp_path):
    original = _load(tour)
    annotations = tmp_path / "notes.jsonld"
    assert export_main(["annotations", str(tour), "-o", str(annotations)]) == 0
    stripped = copy.deepcopy(original)
    for scene in stripped["scenes"].values():
        scene.pop("hotspots", None)
    tour.write_text(json.dumps(stripped, indent=2, ensure_ascii=False), encoding="utf-8")
    assert import_main(["annotations", str(annotations), "--into", str(tour)]) == 0
    merged = _load(tour)
    assert _hotspots(merged) == {sid: h for sid, h in _hotspots(original).items()}
    assert [d for d in validate_tour_file(tour) if d.severity.value == "error"] == []
    before = tour.read_bytes()
    result = merge_annotations_file(annotations, tour)  # a second import changes nothing
    assert (result.added, result.replaced) == (0, 0) and result.unchanged > 0
    assert tour.read_bytes() == before


def test_hotspots_without_id_and_every_kind(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(ASSETS / "demo", folder)
    document = _load(folder / "tour.json")
    hotspots = document["scenes"]["terrace"]["hotspots"]
    hotspots.append({"type": "info", "yaw": -170.25, "pitch": 33.5, "title": "no id"})
    hotspots.append({"type": "scene", "yaw": 1, "pitch": 2, "targetScene": "courtyard",
                     "targetView": {"yaw": 10, "hfov": 80}, "transition": {"duration": 0}})
    hotspots.append({"type": "scene", "yaw": 3, "pitch": 4, "targetScene": "courtyard", "targetView": "same"})
    (folder / "tour.json").write_text(json.dumps(document), encoding="utf-8")
    collection = export_annotations(document, "urn:x")
    items = collection["first"]["items"]
    assert items[3]["id"] == "urn:x/scenes/terrace/hotspots/index-3" and "vtour:hotspotId" not in items[3]
    assert items[4]["vtour:extra"] == {"@type": "@json", "@value": {"transition": {"duration": 0}}}
    notes = tmp_path / "notes.jsonld"
    notes.write_text(json.dumps(collection), encoding="utf-8")
    document["scenes"]["terrace"]["hotspots"] = []
    (folder / "tour.json").write_text(json.dumps(document), encoding="utf-8")
    result = merge_annotations_file(notes, folder)
    assert (result.added, result.unchanged) == (6, 2)
    assert _load(folder / "tour.json")["scenes"]["terrace"]["hotspots"] == hotspots


def test_conflicts_need_force(tmp_path, caplog):
    folder = tmp_path / "t"
    shutil.copytree(ASSETS / "demo", folder)
    collection = export_annotations(_load(folder / "tour.json"), "urn:x")
    collection["first"]["items"][1]["target"]["selector"]["vtour:yaw"] = 12.5
    notes = tmp_path / "notes.jsonld"
    notes.write_text(json.dumps(collection, indent=2), encoding="utf-8")
    before = (folder / "tour.json").read_bytes()
    with caplog.at_level(logging.ERROR):
        assert import_main(["annotations", str(notes), "-o", str(folder / "tour.json")]) == 1
    assert f"{notes}:" in caplog.text and "use --force" in caplog.text
    assert (folder / "tour.json").read_bytes() == before
    result = merge_annotations_file(notes, folder / "tour.json", force=True)
    assert result.replaced == 1
    assert _load(folder / "tour.json")["scenes"]["terrace"]["hotspots"][1]["yaw"] == 12.5
    assert (folder / "tour.json.bak").read_bytes() == before


def test_unknown_scene_and_bad_selector(tmp_path):
    folder = tmp_path / "t"
    shutil.copytree(ASSETS / "demo", folder)
    annotation = {"type": "Annotation", "target": {"source": "urn:x/scenes/attic",
                                                   "selector": {"type": "vtour:SphericalSelector", "vtour:yaw": 1,
                                                                "vtour:pitch": 2}}}
    notes = tmp_path / "one.jsonld"
    notes.write_text(json.dumps(annotation), encoding="utf-8")
    with pytest.raises(InteropError, match="'attic' is not in"):
        merge_annotations_file(notes, folder)
    annotation["target"] = {"source": "urn:x/scenes/terrace", "selector": {"type": "FragmentSelector", "value": "t=1"}}
    notes.write_text(json.dumps([annotation]), encoding="utf-8")
    with pytest.raises(InteropError, match="unsupported selector 'FragmentSelector'"):
        merge_annotations_file(notes, folder)


def test_no_overwrite_without_force(tmp_path):
    out = tmp_path / "a.jsonld"
    out.write_text("keep", encoding="utf-8")
    assert export_main(["annotations", str(ASSETS / "demo" / "tour.json"), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "keep"
    assert export_main(["annotations", str(ASSETS / "demo" / "tour.json"), "-o", str(out), "--force"]) == 0

"""3D hotspots in the tour format: position + unit normal + viewpoint on model scenes, exact error positions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from vtour.io.tourfile import load_tour, validate_tour_file
from vtour.model.errors import Severity, TourError
from vtour.model.tour import HotspotViewpoint

BOX = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "gltf" / "Box" / "glTF-Binary" / "Box.glb"


def write_tour(folder: Path, hotspot_lines: list[str], extra_scene: str = "") -> Path:
    """A model-scene tour whose hotspots are ``hotspot_lines``, one per line (line 7 onwards)."""
    shutil.copy(BOX, folder / "box.glb")
    lines = [
        "{",
        '  "version": 1,',
        '  "scenes": {',
        '    "box": {',
        '      "type": "model", "model": "box.glb",',
        '      "hotspots": [',
        *[f"        {line}{',' if i < len(hotspot_lines) - 1 else ''}" for i, line in enumerate(hotspot_lines)],
        "      ]",
        "    }" + ("," if extra_scene else ""),
        *([extra_scene] if extra_scene else []),
        "  }",
        "}",
    ]
    path = folder / "tour.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    json.loads(path.read_text())
    return path


def at(path: Path, line: int, text: str, occurrence: int = 1) -> str:
    """``file:line:column`` of the ``occurrence``-th ``text`` on ``line`` (1-based, as vtour reports)."""
    source = path.read_text(encoding="utf-8").splitlines()[line - 1]
    column = -1
    for _ in range(occurrence):
        column = source.index(text, column + 1)
    return f"{path}:{line}:{column + 1}"


def errors(path: Path) -> list[str]:
    return [str(d) for d in validate_tour_file(path) if d.severity is Severity.ERROR]


GOOD = ('{"id": "niche", "type": "info", "position": [0, 0, 0.5], "normal": [0, 0, 1], '
        '"viewpoint": {"eye": [0, 0.5, 3], "target": [0, 0, 0.5]}, "title": "Niche"}')


def test_valid_3d_hotspots_build(tmp_path):
    path = write_tour(tmp_path, [
        GOOD,
        '{"type": "scene", "position": [0.5, 0.1, 0], "normal": [0.6, 0, 0.8], "targetScene": "box", '
        '"viewpoint": {"yaw": 90, "pitch": -10, "distance": 2}}',
        '{"type": "info", "position": [0, 0.5, 0], "normal": [0, 1.0004, 0]}',
    ])
    assert errors(path) == []
    spots = load_tour(path).scene("box").hotspots
    assert spots[0].position == (0.0, 0.0, 0.5) and spots[0].normal == (0.0, 0.0, 1.0)
    assert spots[0].viewpoint == HotspotViewpoint(eye=(0.0, 0.5, 3.0), target=(0.0, 0.0, 0.5))
    assert spots[1].kind == "scene" and spots[1].target_scene == "box"
    assert spots[1].viewpoint == HotspotViewpoint(yaw=90.0, pitch=-10.0, distance=2.0)
    assert spots[2].normal == pytest.approx((0.0, 1.0, 0.0))  # within tolerance, normalised on load
    assert spots[2].id == "#2"


def test_missing_position_points_at_the_hotspot(tmp_path):
    path = write_tour(tmp_path, [GOOD, '{"type": "info", "normal": [0, 0, 1]}'])
    assert errors(path) == [f"{at(path, 8, '{')}: $.scenes.box.hotspots[1]: missing required key \"position\""]


def test_non_unit_normal_points_at_the_normal(tmp_path):
    path = write_tour(tmp_path, ['{"type": "info", "position": [0, 0, 0.5], "normal": [0, 0, 2]}'])
    assert errors(path) == [f"{at(path, 7, '[0, 0, 2]')}: $.scenes.box.hotspots[0].normal: the normal must be a unit vector, "
                            "but its length is 2 (did you mean [0, 0, 1]?)"]
    with pytest.raises(TourError):
        load_tour(path)


def test_zero_normal_and_bad_vector(tmp_path):
    path = write_tour(tmp_path, [
        '{"type": "info", "position": [0, 0, 0.5], "normal": [0, 0, 0]}',
        '{"type": "info", "position": [0, 0], "normal": [0, 0, 1]}',
    ])
    found = errors(path)
    assert found[0] == (f"{at(path, 7, '[0, 0, 0]')}: $.scenes.box.hotspots[0].normal: the normal is [0, 0, 0]; "
                        "give the unit vector pointing out of the surface")
    assert found[1].startswith(f"{at(path, 8, '[0, 0]')}: $.scenes.box.hotspots[1].position: ")
    assert len(found) == 2


def test_yaw_pitch_in_a_model_scene_is_an_error(tmp_path):
    path = write_tour(tmp_path, ['{"type": "info", "yaw": 10, "pitch": 0, "normal": [0, 0, 1]}'])
    found = errors(path)
    assert f"{at(path, 7, '{')}: $.scenes.box.hotspots[0]: missing required key \"position\"" in found
    assert (f"{at(path, 7, '10')}: $.scenes.box.hotspots[0].yaw: a model scene's hotspots are placed by position and "
            "normal, not 'yaw'") in found


def test_areas_are_not_model_hotspots(tmp_path):
    path = write_tour(tmp_path, ['{"type": "area", "position": [0, 0, 0.5], "normal": [0, 0, 1]}'])
    assert errors(path) == [at(path, 7, '"area"') + ": $.scenes.box.hotspots[0].type: expected one of \"info\", \"scene\", "
                            "got string \"area\""]


def test_viewpoint_errors(tmp_path):
    path = write_tour(tmp_path, [
        '{"type": "info", "position": [0, 0, 0.5], "normal": [0, 0, 1], "viewpoint": {"eye": [0, 0, 3], "yaw": 5}}',
        '{"type": "info", "position": [0, 0, 0.5], "normal": [0, 0, 1], "viewpoint": {"eye": [0, 0, 0.5]}}',
    ])
    assert errors(path) == [
        f"{at(path, 7, '5}')}: $.scenes.box.hotspots[0].viewpoint.yaw: give either 'eye' or orbit angles (yaw), not both",
        f"{at(path, 8, '[0, 0, 0.5]', 2)}: $.scenes.box.hotspots[1].viewpoint.eye: the viewpoint's eye is its target; "
        "move the eye away from the point looked at",
    ]


def test_position_in_a_panorama_scene_is_an_error(tmp_path):
    Image.new("RGB", (64, 32)).save(tmp_path / "pano.png")
    pano = ('    "pano": {"panorama": "pano.png", "hotspots": [\n'
            '      {"type": "info", "yaw": 0, "pitch": 0, "position": [0, 0, 1]}]}')
    path = write_tour(tmp_path, [GOOD], extra_scene=pano)
    assert errors(path) == [f"{at(path, 11, '[0, 0, 1]')}: $.scenes.pano.hotspots[0].position: 'position' places hotspots in "
                            "model scenes only; a panorama's hotspots use yaw and pitch"]

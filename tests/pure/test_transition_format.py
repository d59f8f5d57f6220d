"""The tour's and a link's ``transition`` keys: defaults, overrides, validation."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from vtour.io.tourfile import load_tour
from vtour.model.errors import TourError
from vtour.model.tour import DEFAULT_TRANSITION_SECONDS, Transition


def _tour(tmp_path, **top):
    Image.new("RGB", (64, 32)).save(tmp_path / "p.jpg")
    link = {"type": "scene", "yaw": 0, "pitch": 0, "targetScene": "b"}
    link.update(top.pop("link", {}))
    document = {"version": 1, **top, "scenes": {"a": {"panorama": "p.jpg", "hotspots": [link]},
                                                "b": {"panorama": "p.jpg"}}}
    (tmp_path / "tour.json").write_text(json.dumps(document), encoding="utf-8")
    return load_tour(tmp_path / "tour.json")


def test_defaults_without_keys(tmp_path):
    tour = _tour(tmp_path)
    assert tour.transition == Transition(DEFAULT_TRANSITION_SECONDS, False)
    assert tour.scenes[0].hotspots[0].transition is None


def test_tour_and_link_transitions(tmp_path):
    tour = _tour(tmp_path, transition={"duration": 1.5, "zoomToLink": True}, link={"transition": {"duration": 0}})
    assert tour.transition == Transition(1.5, True)
    assert tour.scenes[0].hotspots[0].transition == Transition(0.0, False)
    assert not tour.warnings


@pytest.mark.parametrize("bad", [{"duration": -1}, {"duration": "fast"}, {"zoomToLink": 1}])
def test_bad_transitions_are_errors(tmp_path, bad):
    with pytest.raises(TourError):
        _tour(tmp_path, transition=bad)


def test_unknown_transition_key_is_a_warning(tmp_path):
    tour = _tour(tmp_path, transition={"durration": 1})
    assert any("durration" in str(w) for w in tour.warnings)

"""The bundled tours in assets/: valid, complete, honest about what they are, and small enough to ship."""

from __future__ import annotations

import pytest

from vtour.io.tourfile import load_tour
from vtour.model.errors import Severity
from vtour.resources import DEMO_SITES, assets_dir, default_tour_path, site_tour_path

MAX_ASSETS_BYTES = 40 * 1024 * 1024


@pytest.mark.parametrize("site", DEMO_SITES)
def test_each_demo_site_is_a_valid_tour_labelled_as_an_illustration(site):
    tour = load_tour(site_tour_path(site))
    assert [w for w in tour.warnings if w.severity is Severity.WARNING] == []
    for language in ("en", "zh-Hans", "ug"):
        assert language in tour.languages
    assert "procedural" in tour.title.get("en").lower() and "not a survey" in tour.description.get("en")
    readme = (site_tour_path(site).parent / "README.md").read_text(encoding="utf-8")
    assert "not a survey" in readme and "## Sources" in readme and "whc.unesco.org/en/list/1442" in readme
    assert any("Chang'an-Tianshan" in h.text.get("en") for s in tour.scenes for h in s.hotspots)


def test_vtour_opens_jiaohe_by_default():
    assert default_tour_path() == site_tour_path("jiaohe")


def test_the_committed_assets_stay_under_40_mb():
    total = sum(p.stat().st_size for p in assets_dir().rglob("*") if p.is_file())
    assert total < MAX_ASSETS_BYTES, f"{total / 1e6:.1f} MB"

"""check_tour_text: the editor's live validation gives exactly what `vtour validate` gives for the file."""

from __future__ import annotations

import shutil

from vtour.io.tourfile import check_tour_text, validate_tour_file
from vtour.resources import demo_tour_path


def test_text_and_file_give_the_same_diagnostics(tmp_path):
    folder = tmp_path / "tour"
    shutil.copytree(demo_tour_path().parent, folder)
    path = folder / "tour.json"
    text = path.read_text(encoding="utf-8")
    tour, diagnostics = check_tour_text(text, path)
    assert tour is not None and tour.scene("terrace") is not None and diagnostics == validate_tour_file(path)
    broken = text.replace('"targetScene": "courtyard"', '"targetScene": "yard"', 1)
    tour, diagnostics = check_tour_text(broken, path)
    assert tour is None
    path.write_text(broken, encoding="utf-8")
    assert [str(d) for d in diagnostics] == [str(d) for d in validate_tour_file(path)]
    assert any('no scene "yard"' in d.message for d in diagnostics)
    tour, diagnostics = check_tour_text("{not json", path)
    assert tour is None and diagnostics and diagnostics[0].line == 1

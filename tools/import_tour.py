#!/usr/bin/env python3
"""Import a Pannellum, Marzipano, krpano or Photo Sphere Viewer tour (or Web Annotations).

The same code as ``vtour import`` (:mod:`vtour.commands.import_tour`), for use without the
``vtour`` command registered, e.g. from a checkout::

    python tools/import_tour.py pannellum example-tour.json -o tours/pond
    python tools/import_tour.py marzipano app-files/data.js -o tours/lisbon --aspect 16:9
    python tools/import_tour.py krpano tour.xml -o tours/site
    python tools/import_tour.py psv nodes.json -o tours/walk
    python tools/import_tour.py annotations notes.jsonld --into tours/pond/tour.json

See docs/interop.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vtour.commands.import_tour import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Export a vtour tour as a Pannellum web tour, or its hotspots as W3C Web Annotations.

The same code as ``vtour export`` (:mod:`vtour.commands.export_tour`), for use without the
``vtour`` command registered, e.g. from a checkout::

    python tools/export_tour.py pannellum tours/pond/tour.json -o web/pond
    python tools/export_tour.py annotations tours/pond/tour.json -o pond.jsonld

See docs/interop.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vtour.commands.export_tour import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())

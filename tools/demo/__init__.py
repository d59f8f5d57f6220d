"""Procedural demo sites for vtour's bundled tours (see ``tools/make_demo_tours.py``)."""

"""vtour: immersive virtual tours of cultural-heritage sites.

Layers (see README "Architecture"): ``model``, ``geometry`` and ``io`` import neither Qt nor
OpenGL; ``render`` owns every GL call; ``ui`` is the only PySide6 importer.
"""

__version__ = "0.1.0"

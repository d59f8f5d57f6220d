"""Start a tour from a folder of panoramas and models (``vtour edit --new DIR``).

Every image (one of :data:`~vtour.io.tourfile.IMAGE_SUFFIXES`) and glTF model directly in the
folder becomes a scene, in name order, titled by its file name. An image that is not 2:1 gets
the partial-panorama extents ``vtour`` assumes for a bare image (``haov``/``vaov``), so the new
tour opens at once; an unreadable one is left out and reported. The tour is written atomically
as ``DIR/tour.json`` and never over an existing file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image

from vtour.io.safe_save import save_atomically
from vtour.io.tourfile import IMAGE_SUFFIXES, bare_image_extents
from vtour.model.editing import TourDocument, scene_id_from_name
from vtour.model.semantics import MODEL_SUFFIXES

log = logging.getLogger(__name__)

TOUR_FILE_NAME = "tour.json"


def new_tour_document(folder: Path, language: str = "en") -> tuple[dict, list[str]]:
    """The tour for ``folder``'s panoramas and models, and the files left out (with why)."""
    scenes: dict[str, dict] = {}
    skipped: list[str] = []
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith(".")):
        suffix = path.suffix.lower()
        if suffix in MODEL_SUFFIXES:
            scene = {"type": "model", "title": path.stem, "model": path.name}
        elif suffix in IMAGE_SUFFIXES:
            scene = _panorama_scene(path, skipped)
            if scene is None:
                continue
        else:
            continue
        scenes[scene_id_from_name(path.stem, scenes)] = scene
    document = {"version": 1, "title": Path(folder).resolve().name, "languages": [language],
                "defaultLanguage": language}
    if scenes:
        document["firstScene"] = next(iter(scenes))
    document["scenes"] = scenes
    return document, skipped


def create_new_tour(folder: Path, language: str = "en") -> Path:
    """Write ``folder/tour.json`` for the folder's files; the path written.

    Raises FileExistsError when a tour file is already there, ValueError when the folder holds
    no panorama or model, OSError (SaveError) when it cannot be written.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder")
    target = folder / TOUR_FILE_NAME
    if target.exists():
        raise FileExistsError(f"{target} already exists: open it with vtour edit {target}")
    document, skipped = new_tour_document(folder, language)
    for reason in skipped:
        log.warning("%s", reason)
    if not document["scenes"]:
        raise ValueError(f"{folder}: no panoramas or glTF models to make scenes of")
    save_atomically(target, TourDocument(document, target).to_json(), backup=False)
    log.info("wrote %s with %d scenes", target, len(document["scenes"]))
    return target


def _panorama_scene(path: Path, skipped: list[str]) -> dict | None:
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, ValueError) as exc:
        skipped.append(f"{path}: left out, not a readable image ({exc})")
        return None
    scene = {"type": "equirectangular", "title": path.stem, "panorama": path.name}
    haov, vaov, note = bare_image_extents(width, height)
    if note is not None:
        scene["haov"], scene["vaov"] = round(haov, 2), round(vaov, 2)
    return scene

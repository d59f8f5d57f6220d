"""Levels of detail: simplify one primitive's triangles while keeping its UVs, normals and colours.

How (fast-simplification, a quadric edge-collapse decimator):

1. **Weld** vertices by position. glTF splits a vertex wherever an attribute differs (UV seams,
   hard normals); simplified as they are, the two sides of a seam would collapse independently and
   open cracks. Welded, the surface is one piece and stays closed.
2. **Simplify** the welded mesh and replay the collapses to learn which new vertex every welded
   vertex went to. Edge collapses only delete triangles, so the surviving triangles are the
   original triangles whose corners still differ -- each output triangle knows its source.
3. **Re-split**: every corner of a surviving triangle sits at a new position whose welded vertex
   survived the collapses; that vertex has one or more original *wedges* (split copies with their
   own UVs/normals). The corner takes the wedge of its own chart (connected piece of the original,
   unwelded mesh) whose attributes are nearest its original vertex's. So a chart keeps continuous
   UVs, a seam stays a seam (u = 0 on one side, u = 1 on the other, even within one chart as on a
   cylinder), a pole keeps one UV per triangle, and no triangle mixes two texture islands. Where a
   collapse crossed a seam inside one chart, the corner keeps its own original attributes.

The result has about the wanted triangle count (``preserve_border`` can hold it higher on meshes
with many open borders), no cracks, and each level's geometric error for picking it by screen size.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from vtour.model.mesh import TRIANGLES, Geometry

log = logging.getLogger(__name__)

MIN_TRIANGLES = 32
"""Primitives with fewer triangles are kept as they are: they cost nothing and would lose shape."""

_ATTRIBUTES = ("normals", "tangents", "uv0", "uv1", "colors")


def simplify_primitive(
    geometry: Geometry, ratio: float, aggressiveness: float = 7.0, preserve_border: bool = True
) -> tuple[Geometry, float]:
    """A simplified copy of a triangle primitive with about ``ratio`` of its triangles.

    Parameters
    ----------
    geometry
        Triangles (other modes and primitives under :data:`MIN_TRIANGLES` come back unchanged).
    ratio
        Wanted fraction of the triangles, in (0, 1].
    aggressiveness
        fast-simplification's ``agg``: higher is faster and rougher (7 is its default).
    preserve_border
        Keep the vertices of open borders (after welding, only real holes and edges of a scan are
        borders). Without it flat open pieces can collapse to nothing at zero quadric cost and
        scan edges fray; with it, border-heavy meshes may stay above the wanted count.

    Returns
    -------
    (Geometry, float)
        The simplified geometry (same attributes, float32/uint32, read-only arrays) and its
        geometric error: the largest distance from an original vertex to the simplified surface (in
        the primitive's local units; estimated on a sample for big meshes), for choosing a level by
        screen size.
    """
    if not 0.0 < ratio <= 1.0:
        raise ValueError(f"ratio must be in (0, 1], not {ratio}")
    triangles = geometry.indices.reshape(-1, 3) if geometry.mode == TRIANGLES else None
    if triangles is None or ratio == 1.0 or len(triangles) < MIN_TRIANGLES:
        return geometry, 0.0
    welded_points, weld = _weld(geometry.positions)
    welded = weld[triangles]
    source_faces = np.flatnonzero(_non_degenerate(welded))
    target = max(1, round(ratio * len(triangles)))
    new_points, new_faces, moved_to, removed = _decimate(
        welded_points, welded[source_faces], target, aggressiveness, preserve_border
    )
    survivors = source_faces[_non_degenerate(moved_to[welded[source_faces]])]
    if not np.array_equal(moved_to[welded[survivors]], new_faces):
        raise RuntimeError("fast-simplification's replay does not match its result; cannot transfer attributes")
    survivor_of = _survivor_of(len(new_points), welded[source_faces], moved_to, removed)
    simplified = _resplit(geometry, triangles[survivors].ravel(), weld, survivor_of, new_points, new_faces.ravel())
    referenced = np.unique(triangles)
    error = surface_error(geometry.positions[referenced], moved_to[weld[referenced]], new_points, new_faces)
    return simplified, error


def _weld(positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique positions (float64) and, per vertex, the index of its unique position."""
    keys = np.ascontiguousarray(positions, dtype=np.float32).view(np.dtype((np.void, 12))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return positions[first].astype(np.float64), inverse.ravel()


def _non_degenerate(triangles: np.ndarray) -> np.ndarray:
    a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    return (a != b) & (b != c) & (a != c)


def _decimate(points: np.ndarray, faces: np.ndarray, target: int, aggressiveness: float, preserve_border: bool):
    """(new points, new faces, welded vertex -> new vertex, welded vertex removed?)."""
    import fast_simplification  # a compiled extension only the LOD tool needs

    _, _, collapses = fast_simplification.simplify(
        points,
        faces.astype(np.int64),
        target_count=min(target, len(faces)),
        agg=aggressiveness,
        return_collapses=True,
        preserve_border=preserve_border,
    )
    new_points, new_faces, mapping = fast_simplification.replay_simplification(
        points, faces.astype(np.int64), collapses
    )
    removed = np.zeros(len(points), bool)
    removed[np.asarray(collapses, dtype=np.int64).reshape(-1, 2)[:, 1]] = True  # [kept, removed] pairs
    faces_out = np.asarray(new_faces, dtype=np.int64).reshape(-1, 3)
    return np.asarray(new_points), faces_out, np.asarray(mapping, dtype=np.int64), removed


def _survivor_of(new_count: int, welded_faces: np.ndarray, moved_to: np.ndarray, removed: np.ndarray) -> np.ndarray:
    """New vertex -> the welded vertex that stayed in place (was never collapsed away)."""
    kept = np.zeros(len(moved_to), bool)
    kept[welded_faces.ravel()] = True
    kept &= ~removed
    survivor_of = np.full(new_count, -1)
    survivor_of[moved_to[kept]] = np.flatnonzero(kept)
    return survivor_of


def _resplit(
    geometry: Geometry,
    corners: np.ndarray,
    weld: np.ndarray,
    survivor_of: np.ndarray,
    new_points: np.ndarray,
    corner_new: np.ndarray,
) -> Geometry:
    """Output vertices = the unique (new position, chosen wedge) pairs over all corners."""
    chosen = _nearest_wedge(geometry, weld, corners, survivor_of[corner_new])
    chosen = _undo_seam_jumps(geometry, corners, chosen, new_points[corner_new])
    keys = corner_new * geometry.vertex_count + chosen
    unique_keys, indices = np.unique(keys, return_inverse=True)
    positions = new_points[unique_keys // geometry.vertex_count].astype(np.float32)
    return _geometry(geometry, positions, indices.ravel().astype(np.uint32), unique_keys % geometry.vertex_count)


def _nearest_wedge(geometry: Geometry, weld: np.ndarray, corners: np.ndarray, survivors: np.ndarray) -> np.ndarray:
    """For each corner (an original vertex), the original vertex at its survivor's welded position
    that lies in the same chart with the nearest attributes; the corner's own vertex if none does."""
    chart = _charts(geometry.indices.reshape(-1, 3), geometry.vertex_count)
    features = _features(geometry)
    owner, candidate = _Groups(weld, int(weld.max()) + 1).members(survivors)
    own = corners[owner]
    score = np.sum((features[candidate] - features[own]) ** 2, axis=1)
    score[chart[candidate] != chart[own]] = np.inf
    order = np.lexsort((score, owner))
    best = order[np.unique(owner[order], return_index=True)[1]]  # lowest score per corner
    best = best[np.isfinite(score[best])]
    chosen = corners.copy()
    chosen[owner[best]] = candidate[best]
    return chosen


def _undo_seam_jumps(
    geometry: Geometry, corners: np.ndarray, chosen: np.ndarray, new_positions: np.ndarray, tolerance: float = 4.0
) -> np.ndarray:
    """Keep a corner's own attributes where the chosen wedge's UV jumped across a seam.

    A chart can meet itself along a seam (a cylinder's u = 0 / u = 1 line); a collapse across it
    hands a corner a wedge from the far side, and the triangle would stretch over the whole texture.
    A legitimate collapse moves the UV about as far as the position moved, scaled by the original
    triangle's texels per unit length; a jump ``tolerance`` times larger is a seam crossing.
    """
    uv = geometry.uv0 if geometry.uv0 is not None else geometry.uv1
    if uv is None:
        return chosen
    corner_triangles = corners.reshape(-1, 3)
    p, t = geometry.positions[corner_triangles].astype(np.float64), uv[corner_triangles].astype(np.float64)
    position_area = np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), axis=1)
    e1, e2 = t[:, 1] - t[:, 0], t[:, 2] - t[:, 0]
    uv_area = np.abs(e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0])
    scale = np.repeat(
        np.sqrt(np.divide(uv_area, position_area, out=np.zeros_like(uv_area), where=position_area > 0)), 3
    )
    moved = np.linalg.norm(new_positions - geometry.positions[corners], axis=1)
    jump = np.linalg.norm(uv[chosen].astype(np.float64) - uv[corners], axis=1)
    crossing = jump > tolerance * scale * moved + 1e-6
    return np.where(crossing, corners, chosen)


def _features(geometry: Geometry) -> np.ndarray:
    """Per-vertex attribute vector (UVs, normal, colour) for comparing wedges."""
    parts = [getattr(geometry, name) for name in ("uv0", "uv1", "normals", "colors")]
    parts = [p.astype(np.float64) for p in parts if p is not None]
    return np.hstack(parts) if parts else np.zeros((geometry.vertex_count, 1))


def surface_error(
    points: np.ndarray, near: np.ndarray, new_points: np.ndarray, new_faces: np.ndarray, sample: int = 20_000
) -> float:
    """Estimated largest distance from original ``points`` to the simplified surface.

    Each point is measured against the triangles within two rings of the new vertex ``near`` it
    collapsed into (where its part of the surface went; exact search would need a spatial index).
    Vertices slide far inside flat regions at no visible cost, so the distance to the surface, not
    the distance moved, is the error that shows. Big meshes are measured on an evenly spaced sample.
    """
    from trimesh.triangles import closest_point  # vectorised point-triangle distance

    step = max(1, len(points) // sample)
    points, near = points[::step].astype(np.float64), near[::step]
    fans = _Groups(new_faces.ravel(), len(new_points))  # corners by vertex: corner // 3 = triangle
    owner, corner = fans.members(near)
    ring_owner, ring_vertex = _unique_pairs(np.repeat(owner, 3), new_faces[corner // 3].ravel(), len(new_points))
    local, corner = fans.members(ring_vertex)
    owner, triangle = ring_owner[local], corner // 3
    if len(owner) == 0:
        return 0.0
    gaps = np.linalg.norm(closest_point(new_points[new_faces[triangle]], points[owner]) - points[owner], axis=1)
    nearest = np.full(len(points), np.inf)
    np.minimum.at(nearest, owner, gaps)
    return float(nearest[np.isfinite(nearest)].max(initial=0.0))


class _Groups:
    """Items grouped by an integer label (CSR style): ``members(ids)`` lists each group's items."""

    def __init__(self, labels: np.ndarray, label_count: int):
        self.order = np.argsort(labels, kind="stable")
        self.start = np.searchsorted(labels[self.order], np.arange(label_count + 1))

    def members(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into ``ids``, item) for every item of each group; negative ids have none."""
        valid = ids >= 0
        safe = np.where(valid, ids, 0)
        counts = np.where(valid, np.diff(self.start)[safe], 0)
        owner = np.repeat(np.arange(len(ids)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        return owner, self.order[np.repeat(self.start[safe], counts) + offsets]


def _unique_pairs(a: np.ndarray, b: np.ndarray, b_count: int) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.unique(a.astype(np.int64) * b_count + b)
    return pairs // b_count, pairs % b_count


def _geometry(source: Geometry, positions: np.ndarray, indices: np.ndarray, best: np.ndarray) -> Geometry:
    attributes = {}
    for name in _ATTRIBUTES:
        values = getattr(source, name)
        attributes[name] = None if values is None else np.ascontiguousarray(values[best])
    for array in (positions, indices, *attributes.values()):
        if array is not None:
            array.flags.writeable = False
    bounds = np.stack([positions.min(axis=0), positions.max(axis=0)]).astype(np.float64)
    return Geometry(positions=positions, indices=indices, mode=TRIANGLES, local_bounds=bounds, **attributes)


def _charts(triangles: np.ndarray, count: int) -> np.ndarray:
    """Connected-component label (0..k-1) of every vertex, through shared triangle edges.

    Min-label propagation with pointer jumping: a few numpy passes even for millions of vertices.
    """
    labels = np.arange(count)
    a = triangles.ravel()
    b = np.roll(triangles, 1, axis=1).ravel()
    while True:
        low = np.minimum(labels[a], labels[b])
        new = labels.copy()
        np.minimum.at(new, labels[a], low)  # hook each root onto the smallest label it touches
        np.minimum.at(new, labels[b], low)
        while not np.array_equal(new, new[new]):
            new = new[new]
        if np.array_equal(new, labels):
            return np.unique(labels, return_inverse=True)[1].ravel()
        labels = new


# -- building LOD files ---------------------------------------------------------------------------

MANIFEST_FORMAT = "vtour-lods"


def build_lods(
    model: Path,
    out_dir: Path,
    ratios: list[float],
    aggressiveness: float = 7.0,
    preserve_border: bool = True,
) -> dict:
    """Write simplified copies of a glTF model and a manifest describing them.

    Parameters
    ----------
    model
        A .gltf or .glb file (loaded with :func:`vtour.io.gltf.load_gltf`).
    out_dir
        Created if needed. Receives ``<stem>.lod<k>.glb`` (k = 1 for the largest ratio) and
        ``<stem>.lods.json``.
    ratios
        Wanted triangle fractions in (0, 1), e.g. ``[0.5, 0.1]``.
    aggressiveness, preserve_border
        Passed to :func:`simplify_primitive`.

    Returns
    -------
    dict
        The manifest (also written): ``levels`` from full detail (level 0, ``file`` None: the
        model itself) to the coarsest, each with ``ratio``, ``file``, ``triangles`` (instances
        counted), ``error`` (world units, see :func:`simplify_primitive`) and ``bytes``.

    Raises
    ------
    ModelError
        The model cannot be read (or its images cannot be embedded).
    """
    from vtour.io.gltf import as_model_error, load_gltf
    from vtour.io.gltf_container import read_container
    from vtour.io.gltf_json import GltfInvalid

    if not ratios or not all(0.0 < r < 1.0 for r in ratios):
        raise ValueError(f"ratios must lie in (0, 1), not {ratios}")
    asset = load_gltf(model)
    out_dir.mkdir(parents=True, exist_ok=True)
    levels = [{"level": 0, "ratio": 1.0, "file": None, "triangles": asset.triangle_count, "error": 0.0}]
    try:
        container = read_container(model)  # the JSON and image bytes, copied into each level
        for level, ratio in enumerate(sorted(set(ratios), reverse=True), start=1):
            log.info("level %d: simplifying to %.0f%% of %d triangles", level, ratio * 100, asset.triangle_count)
            levels.append(_write_level(asset, container, out_dir, level, ratio, aggressiveness, preserve_border))
    except GltfInvalid as exc:  # e.g. an image load_gltf replaced by a placeholder cannot be embedded
        raise as_model_error(model, exc) from None
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "source": model.name,
        "bounds": asset.bounds.tolist() if asset.bounds is not None else None,
        "levels": levels,
    }
    manifest_path = out_dir / f"{model.stem}.lods.json"
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", manifest_path)
    return manifest


def _write_level(
    asset, container, out_dir: Path, level: int, ratio: float, aggressiveness: float, preserve_border: bool
) -> dict:
    from vtour.io.gltf_writer import replace_geometry, write_glb

    sources = {}
    for primitive in asset.primitives:  # one geometry per glTF primitive, however often placed
        sources.setdefault((primitive.mesh, primitive.index), primitive.geometry)
    results = {key: simplify_primitive(g, ratio, aggressiveness, preserve_border) for key, g in sources.items()}
    geometries = {key: result[0] for key, result in results.items()}
    error = max((results[(p.mesh, p.index)][1] * _max_scale(p.world_matrix) for p in asset.primitives), default=0.0)
    doc, binary = replace_geometry(container, geometries, generator=f"vtour make_lods (ratio {ratio})")
    path = out_dir / f"{asset.path.stem}.lod{level}.glb"
    write_glb(path, doc, binary)
    triangles = sum(geometries[(p.mesh, p.index)].triangle_count for p in asset.primitives)
    log.info("level %d: %d triangles, error %.3g, %s", level, triangles, error, path)
    return {
        "level": level,
        "ratio": ratio,
        "file": path.name,
        "triangles": triangles,
        "error": error,
        "bytes": path.stat().st_size,
    }


def _max_scale(matrix: np.ndarray) -> float:
    """The largest factor by which the matrix stretches a length (its top-left 3x3's norm)."""
    return float(np.linalg.norm(matrix[:3, :3], ord=2))

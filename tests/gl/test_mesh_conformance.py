"""Conformance of the mesh renderer on the Khronos glTF sample models (../shared/fixtures/gltf).

Every model file renders without error and not blank; the test-pattern models are checked for
their meaning by sampling the rendered pixels (each check is stated next to its model); Draco
variants render like the uncompressed files; and each render is loosely compared with the
model's own screenshot. Frames are small (320x240) to stay fast on llvmpipe.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from vtour.geometry.orbit import OrbitCamera
from vtour.io.gltf import load_gltf

pytestmark = pytest.mark.gl

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "gltf"
W, H = 320, 240
BACKGROUND = (0.08, 0.08, 0.08)
BACKGROUND_8BIT = np.array([20, 20, 20])  # BACKGROUND as written to the 8-bit buffer (rounded)

if not FIXTURES.is_dir():  # pragma: no cover - the fixtures ship beside the repository
    pytest.skip(f"no glTF fixtures at {FIXTURES}", allow_module_level=True)


def model_files() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*/glTF*/*") if p.suffix in (".gltf", ".glb"))


def model_file(name: str, variant: str | None = None) -> Path:
    """The model's file in ``variant`` (default: the .glb, else the .gltf, else the embedded .gltf)."""
    variants = [variant] if variant else ["glTF-Binary", "glTF", "glTF-Embedded"]
    folder = next(FIXTURES / name / v for v in variants if (FIXTURES / name / v).is_dir())
    return next(p for p in sorted(folder.iterdir()) if p.suffix in (".gltf", ".glb"))


@lru_cache(maxsize=None)
def load(name: str, variant: str | None = None):
    return load_gltf(model_file(name, variant))


def render(asset, yaw: float = 0.0, pitch: float = 0.0, width: int = W, height: int = H, camera=None):
    """A framed view (yaw/pitch of the view direction) or ``camera``, RGB uint8."""
    from vtour.render.mesh_view import framed_camera, render_model

    camera = camera or framed_camera(asset, width, height, OrbitCamera(yaw=yaw, pitch=pitch))
    return render_model(asset, camera, width, height, background=BACKGROUND)[..., :3]


def hsv(rgb: np.ndarray):
    """Hue in degrees, saturation and value in [0, 1]."""
    f = rgb.astype(np.float64) / 255.0
    high, low = f.max(-1), f.min(-1)
    spread = np.maximum(high - low, 1e-9)
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    hue = np.where(high == r, ((g - b) / spread) % 6, np.where(high == g, (b - r) / spread + 2, (r - g) / spread + 4))
    return hue * 60.0, np.where(high > 0, (high - low) / np.maximum(high, 1e-9), 0.0), high


def hue_mask(rgb, hue: float, tolerance: float = 25.0, saturation: float = 0.6, value: float = 0.3):
    h, s, v = hsv(rgb)
    return (np.abs((h - hue + 180.0) % 360.0 - 180.0) < tolerance) & (s > saturation) & (v > value)


def foreground(rgb: np.ndarray) -> np.ndarray:
    return np.abs(rgb.astype(int) - BACKGROUND_8BIT).sum(-1) > 12


def components(mask: np.ndarray, min_pixels: int):
    """Bounding boxes (y0, y1, x0, x1) of the connected regions of ``mask`` with enough pixels."""
    labels, count = ndimage.label(mask)
    boxes = []
    for index, box in enumerate(ndimage.find_objects(labels), start=1):
        if np.count_nonzero(labels[box] == index) >= min_pixels:
            boxes.append((box[0].start, box[0].stop, box[1].start, box[1].stop))
    return boxes


def crop(rgb, box, size=24) -> np.ndarray:
    from PIL import Image

    y0, y1, x0, x1 = box
    return np.asarray(Image.fromarray(rgb[y0:y1, x0:x1]).resize((size, size), Image.BILINEAR), np.float64)


def psnr(a, b) -> float:
    mse = float(np.mean((np.asarray(a, float) - np.asarray(b, float)) ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0 ** 2 / mse)


# -- every model -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", model_files(), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_every_model_renders_and_is_not_blank(path):
    asset = load_gltf(path)
    rgb = render(asset, yaw=-30.0, pitch=-20.0)
    covered = np.count_nonzero(foreground(rgb)) / rgb[..., 0].size
    assert 0.02 < covered <= 1.0, f"{path.name}: model covers {covered:.1%} of the frame"
    assert rgb[foreground(rgb)].std() > 2.0 or covered > 0.02  # something was drawn


# -- test patterns -----------------------------------------------------------------------------


def test_alpha_blend_mode_test_shows_pass_marks_and_no_fail_marks():
    """OPAQUE ignores texture alpha, BLEND blends the red X's away: green checks show, no red X."""
    rgb = render(load("AlphaBlendModeTest"), 0.0, -25.0, width=640, height=360)
    red = hue_mask(rgb, 0.0, 20.0, 0.6, 0.45)
    green = hue_mask(rgb, 120.0, 30.0, 0.5, 0.35)
    assert np.count_nonzero(red) < 5, f"{np.count_nonzero(red)} red (fail-mark) pixels"
    assert len(components(green, 4)) >= 5, "the green pass marks are missing"


def test_alpha_blend_mode_test_mask_cutoffs():
    """MASK with cutoff 0.25, default (0.5) and 0.75 keeps ever less of the alpha ramp: the striped
    bars of the three right-hand panels shrink in that order, to about 3/4, 1/2 and 1/4."""
    rgb = render(load("AlphaBlendModeTest"), 0.0, -25.0, width=640, height=360)
    bars = hue_mask(rgb, 160.0, 40.0, 0.25, 0.25)  # the blue-green stripes of the ramp
    columns = bars.sum(axis=0)
    fill = [columns[int(640 * a):int(640 * b)].sum() for a, b in ((0.45, 0.57), (0.58, 0.72), (0.72, 0.86))]
    assert fill[0] > fill[1] > fill[2] > 0, fill
    assert 1.2 < fill[0] / fill[1] < 2.0 and 1.5 < fill[1] / fill[2] < 3.0, fill


def _vertex_color_cells(rgb):
    black = (rgb.max(-1) < 40) & foreground(rgb)
    cells = [b for b in components(black, 150) if 0.7 < (b[1] - b[0]) / (b[3] - b[2]) < 1.4]
    return sorted(cells, key=lambda b: (round(b[0] / 20), b[2]))


def test_vertex_color_test_checks_match_their_sample_pass_row():
    """The top row is coloured by COLOR_0 (red, green, blue checks); the row below is the texture
    showing what it must look like."""
    rgb = render(load("VertexColorTest"))
    cells = _vertex_color_cells(rgb)
    assert len(cells) == 6, cells
    for column, hue in enumerate((0.0, 120.0, 240.0)):
        top, bottom = cells[column], cells[column + 3]
        for box in (top, bottom):
            y0, y1, x0, x1 = box
            assert np.count_nonzero(hue_mask(rgb[y0:y1, x0:x1], hue, 30.0, 0.5, 0.3)) > 0.15 * (y1 - y0) * (x1 - x0)
        assert np.abs(crop(rgb, top) - crop(rgb, bottom)).mean() < 20.0


def _boxes_on_blue(rgb):
    """Square-ish regions that are not the blue board (the test and sample-pass cells)."""
    board = hue_mask(rgb, 225.0, 20.0, 0.4, 0.3)
    cells = [b for b in components(~board & foreground(rgb), 40) if 0.6 < (b[1] - b[0]) / (b[3] - b[2]) < 1.6]
    return cells


def test_texture_settings_test_cells_match_their_sample_pass():
    """Single/double-sided and clamp, repeat and mirror wrapping in s and t: each "Test" cell looks
    like the "Sample pass" cell beside it."""
    rgb = render(load("TextureSettingsTest"), width=480, height=360)
    cells = _boxes_on_blue(rgb)
    rows: dict[int, list] = {}
    for box in cells:
        rows.setdefault(round(((box[0] + box[1]) / 2) / 8), []).append(box)
    pairs = [sorted(row, key=lambda b: b[2])[-2:] for row in rows.values() if len(row) >= 2]
    assert len(pairs) == 8, f"found {len(pairs)} rows of cells"
    for test, sample in pairs:
        difference = np.abs(crop(rgb, test) - crop(rgb, sample)).mean()
        assert difference < 25.0, f"cell at row {test[0]} differs from its sample by {difference:.1f}"
        y0, y1, x0, x1 = test
        assert np.count_nonzero(hue_mask(rgb[y0:y1, x0:x1], 120.0, 35.0, 0.5, 0.3)) > 10


def test_texture_transform_test():
    """KHR_texture_transform: the offset (U), scale (V) and both (UV) cells show their green, blue
    and cyan check squares; in the rotation, offset and scale cells of the lower row the arrow
    points at a green check mark, which shows only where the transform is right."""
    rgb = render(load("TextureTransformTest"))
    squares = sorted(components(hsv(rgb)[1] > 0.6, 800), key=lambda b: b[2])
    assert len(squares) == 3, squares
    for box, hue in zip(squares, (120.0, 240.0, 180.0)):
        y0, y1, x0, x1 = box
        colour = np.count_nonzero(hue_mask(rgb[y0:y1, x0:x1], hue, 25.0, 0.6, 0.3))
        assert colour > 0.5 * (y1 - y0) * (x1 - x0), f"cell at x={x0} is not hue {hue}"
    bottom = rgb[H // 2:]
    for third in range(3):
        part = bottom[:, third * W // 3:(third + 1) * W // 3]
        assert np.count_nonzero(hue_mask(part, 130.0, 25.0, 0.6, 0.4)) > 15, f"no green check in lower cell {third}"


def _collinearity(mask) -> float:
    """Smaller over larger spread of the pixels: near 0 for a straight arrow pointing at its target."""
    ys, xs = np.nonzero(mask)
    points = np.stack([xs, ys], 1).astype(float)
    low, high = np.linalg.eigvalsh(np.cov((points - points.mean(0)).T))
    return low / high


ORIENTATION_VIEWS = [(0, 0, 240.0), (90, 0, 180.0), (180, 0, 60.0), (-90, 0, 0.0), (0, -89, 120.0), (0, 89, 300.0)]


def _orientation_scores(asset):
    scores = []
    for yaw, pitch, hue in ORIENTATION_VIEWS:
        mask = hue_mask(render(asset, yaw, pitch), hue, 25.0, 0.6, 0.3)
        assert np.count_nonzero(mask) > 500, f"arrow of hue {hue} not seen from yaw {yaw} pitch {pitch}"
        scores.append(_collinearity(mask))
    return scores


def test_orientation_test_arrows_point_at_their_targets():
    """Each face's arrow (node rotations as quaternions and as matrices) and its same-coloured
    target indicator (baked into the vertices) lie on one line. Transposed node rotations, the
    classic failure, turn the arrows away: the same measure then fails for every arrow."""
    asset = load("OrientationTest")
    scores = _orientation_scores(asset)
    assert max(scores) < 0.046, scores
    transposed = []
    for primitive in asset.primitives:
        matrix = primitive.world_matrix.copy()
        matrix[:3, :3] = matrix[:3, :3].T
        transposed.append(dataclasses.replace(primitive, world_matrix=matrix))
    wrong = _orientation_scores(dataclasses.replace(asset, primitives=tuple(transposed)))
    assert min(wrong) > 0.05, wrong


def test_simple_sparse_accessor_moves_vertices():
    """The sparse accessor lifts some vertices of a flat strip into peaks: the silhouette's top
    edge rises and falls (a dense-only reader shows a flat rectangle)."""
    rgb = render(load("SimpleSparseAccessor", "glTF-Embedded"))
    mask = foreground(rgb)
    columns = np.nonzero(mask.any(axis=0))[0]
    tops = np.array([np.argmax(mask[:, c]) for c in columns[5:-5]])
    assert tops.max() - tops.min() > 0.3 * H, (tops.min(), tops.max())
    local_peaks = np.count_nonzero((tops[1:-1] < tops[:-2]) & (tops[1:-1] <= tops[2:]))
    assert local_peaks >= 3


def test_multi_uv_test_uses_the_second_uv_set():
    """The emissive logo uses TEXCOORD_1: it shows, and reading TEXCOORD_0 instead changes the picture."""
    asset = load("MultiUVTest")
    rgb = render(asset, yaw=-35.0, pitch=-25.0)
    logo = hue_mask(rgb, 70.0, 25.0, 0.4, 0.5)
    assert np.count_nonzero(logo) > 300
    material = asset.materials[0]
    wrong = dataclasses.replace(material, emissive_texture=dataclasses.replace(material.emissive_texture, tex_coord=0))
    other = render(dataclasses.replace(asset, materials=(wrong,)), yaw=-35.0, pitch=-25.0)
    assert psnr(rgb, other) < 30.0


def _mirror_cells(rgb):
    cells = [b for b in components(foreground(rgb), 60) if 0.7 < (b[1] - b[0]) / (b[3] - b[2]) < 1.4
             and (b[1] - b[0]) > 12]
    rows: dict[int, list] = {}
    for box in cells:
        rows.setdefault(round(box[0] / 10), []).append(box)
    return [sorted(row, key=lambda b: b[2]) for row in rows.values() if len(row) == 8]


def _mirror_differences(rgb):
    differences = []
    for row in _mirror_cells(rgb):
        for group in (row[:4], row[4:]):
            reference = crop(rgb, group[0])
            differences += [np.abs(crop(rgb, cell) - reference).mean() for cell in group[1:]]
    return differences


def test_normal_tangent_mirror_test_cells_reflect_like_the_geometry():
    """Normal-mapped cells (plain, mirrored in U, mirrored in V) look like the real geometry cell
    at the start of their row, which needs the file's tangents with their handedness. Flipping
    the handedness (what ignoring the supplied tangents does to the mirrored cells) breaks it."""
    asset = load("NormalTangentMirrorTest")
    rgb = render(asset, width=480, height=360)
    differences = _mirror_differences(rgb)
    assert len(differences) == 5 * 2 * 3, f"found {len(differences)} cells"
    assert max(differences) < 14.0, np.round(differences, 1)
    flipped = []
    for primitive in asset.primitives:
        g = primitive.geometry
        if g.tangents is None:
            flipped.append(primitive)
            continue
        tangents = g.tangents.copy()
        tangents[:, 3] *= -1
        flipped.append(dataclasses.replace(primitive, geometry=dataclasses.replace(g, tangents=tangents)))
    wrong = _mirror_differences(render(dataclasses.replace(asset, primitives=tuple(flipped)), width=480, height=360))
    assert max(wrong) > 1.5 * max(differences), (max(wrong), max(differences))


# -- Draco -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Box", "Duck"])
def test_draco_variant_renders_like_the_uncompressed_model(name):
    plain, draco = load(name), load(name, "glTF-Draco")
    from vtour.render.mesh_view import framed_camera

    camera = framed_camera(plain, W, H, OrbitCamera(yaw=-30.0, pitch=-20.0))
    score = psnr(render(plain, camera=camera), render(draco, camera=camera))
    assert score >= 40.0, f"{name}: Draco variant at {score:.1f} dB"


# -- loose comparison with the screenshots ------------------------------------------------------


def _screenshot(name: str) -> np.ndarray:
    from PIL import Image

    path = sorted((FIXTURES / name / "screenshot").glob("screenshot.*"))[0]
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def _model_mean(rgb: np.ndarray, background) -> np.ndarray:
    """Mean colour of the model: the pixels that differ from ``background``, or, with None (a
    screenshot that the model fills), the whole image."""
    if background is None:
        return rgb.reshape(-1, 3).mean(axis=0)
    mask = np.abs(rgb.astype(int) - background).sum(-1) > 40
    return rgb[mask].mean(axis=0)


def _fill_crop(rgb: np.ndarray) -> np.ndarray:
    """Our render cut to the model's bounding box (to compare with a screenshot the model fills)."""
    ys, xs = np.nonzero(foreground(rgb))
    return rgb[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def colour_angle(a, b) -> float:
    """Angle in degrees between two mean RGB colours: their hue and saturation, not their brightness."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.degrees(np.arccos(np.clip(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)), -1, 1))))


FILLED = {"VertexColorTest", "TextureSettingsTest"}
"""Screenshots that show only the model's test board, edge to edge."""
SCREENSHOT_MODELS = ["AlphaBlendModeTest", "Box", "BoxTextured", "BoxVertexColors", "DamagedHelmet", "Duck",
                     "NormalTangentMirrorTest", "SimpleSparseAccessor", "TextureCoordinateTest",
                     "TextureSettingsTest", "TextureTransformTest", "VertexColorTest"]
MAX_COLOUR_ANGLE = 12.0
BRIGHTNESS_RANGE = (0.5, 2.0)


@pytest.mark.parametrize("name", SCREENSHOT_MODELS)
def test_render_resembles_the_screenshot(name):
    """Loose: the model's mean colour has the screenshot's hue and saturation (within 12 degrees
    between the RGB vectors) and brightness (within a factor of 2). Framing, lighting and the
    screenshot renderers differ (the older screenshots are lit much darker), so this catches gross
    errors only: a wrong texture or UV set, a missing sRGB conversion, black or white-out lighting."""
    asset = load(name)
    from vtour.render.mesh_view import gltf_camera

    camera = gltf_camera(asset, 0, W, H) if asset.cameras else None
    ours = render(asset, yaw=0.0, pitch=0.0, camera=camera)
    theirs = _screenshot(name)
    if name in FILLED:
        ours_mean, theirs_mean = _model_mean(_fill_crop(ours), None), _model_mean(theirs, None)
    else:
        corners = np.concatenate([theirs[:4, :4].reshape(-1, 3), theirs[-4:, -4:].reshape(-1, 3)])
        ours_mean, theirs_mean = _model_mean(ours, BACKGROUND_8BIT), _model_mean(theirs, np.median(corners, 0))
    angle = colour_angle(ours_mean, theirs_mean)
    brightness = ours_mean.sum() / max(theirs_mean.sum(), 1.0)
    assert angle < MAX_COLOUR_ANGLE, f"{name}: mean colour {ours_mean.round()} vs {theirs_mean.round()}"
    assert BRIGHTNESS_RANGE[0] < brightness < BRIGHTNESS_RANGE[1], f"{name}: brightness ratio {brightness:.2f}"

"""MeshRenderer behaviour on small synthetic models: colour spaces, alpha, culling, MSAA, lifecycle."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import numpy as np
import pytest

from vtour.geometry.orbit import OrbitCamera
from vtour.model.mesh import Geometry, Material, ModelAsset, Primitive, TextureImage, TextureRef

pytestmark = pytest.mark.gl
HDR = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "panoramas" / "hdr" / "venice_sunset_1k.hdr"
SIZE = 64


def quad_geometry(z: float = 0.0, size: float = 1.0, colors=None) -> Geometry:
    """A square facing +Z (counter-clockwise seen from +Z) at depth ``z``."""
    s = size
    positions = np.array([[-s, -s, z], [s, -s, z], [s, s, z], [-s, s, z]], np.float32)
    normals = np.tile(np.array([0, 0, 1], np.float32), (4, 1))
    uv = np.array([[0, 1], [1, 1], [1, 0], [0, 0]], np.float32)
    indices = np.array([0, 1, 2, 0, 2, 3], np.uint32)
    bounds = np.array([positions.min(0), positions.max(0)], float)
    return Geometry(positions, indices, normals=normals, uv0=uv, colors=colors, local_bounds=bounds)


def asset_of(*parts, images=()) -> ModelAsset:
    """``parts``: (geometry, material) pairs placed at the origin."""
    primitives = tuple(Primitive(g, i, np.identity(4), g.local_bounds, 0, 0, i) for i, (g, _) in enumerate(parts))
    low = np.min([g.local_bounds[0] for g, _ in parts], 0)
    bounds = np.array([low, np.max([g.local_bounds[1] for g, _ in parts], 0)])
    return ModelAsset(Path("synthetic.glb"), primitives, tuple(m for _, m in parts), tuple(images), bounds=bounds)


@pytest.fixture
def mesh_renderer(gl_context):
    from vtour.render.mesh_renderer import MeshRenderer

    made = []

    def make(**kwargs):
        made.append(MeshRenderer(**kwargs))
        return made[-1]

    yield make
    gl_context.make_current()
    for renderer in made:
        renderer.release()


def draw(renderer, camera, width=SIZE, height=SIZE) -> np.ndarray:
    from vtour.render.offscreen import Framebuffer

    with Framebuffer(width, height) as framebuffer:
        renderer.render_frame(camera, width, height, framebuffer.id)
        return framebuffer.read_rgba()[..., :3].astype(int)


FRONT = OrbitCamera(target=(0, 0, 0), distance=3.0, yaw=0, pitch=0, fov=40)
BACK = OrbitCamera(target=(0, 0, 0), distance=3.0, yaw=180, pitch=0, fov=40)


def centre(rgb):
    return rgb[SIZE // 2, SIZE // 2]


def test_no_model_draws_the_background(mesh_renderer):
    renderer = mesh_renderer(background=(0.2, 0.4, 0.6))
    np.testing.assert_allclose(centre(draw(renderer, FRONT)), (51, 102, 153), atol=1)


def test_unlit_base_colour_comes_out_srgb_encoded(mesh_renderer):
    renderer = mesh_renderer()
    renderer.set_model(asset_of((quad_geometry(), Material(base_color_factor=(0.5, 0.2, 0.0, 1.0), unlit=True))))
    np.testing.assert_allclose(centre(draw(renderer, FRONT)), (188, 124, 0), atol=1)  # linear 0.5 -> sRGB 188


def test_srgb_texture_round_trips_through_unlit(mesh_renderer):
    pixels = np.full((4, 4, 4), (128, 64, 200, 255), np.uint8)
    image = TextureImage("t", pixels, frozenset({"baseColor"}))
    material = Material(base_color_texture=TextureRef(0), unlit=True)
    renderer = mesh_renderer()
    renderer.set_model(asset_of((quad_geometry(), material), images=(image,)))
    np.testing.assert_allclose(centre(draw(renderer, FRONT)), (128, 64, 200), atol=2)


def test_vertex_colours_multiply_the_base_colour(mesh_renderer):
    colors = np.tile(np.array([0.0, 1.0, 0.0, 1.0], np.float32), (4, 1))
    renderer = mesh_renderer()
    renderer.set_model(asset_of((quad_geometry(colors=colors), Material(unlit=True))))
    np.testing.assert_allclose(centre(draw(renderer, FRONT)), (0, 255, 0), atol=1)


def test_lit_white_surface_is_bright_with_the_default_sky(mesh_renderer):
    renderer = mesh_renderer()
    renderer.set_model(asset_of((quad_geometry(), Material(metallic_factor=0.0, roughness_factor=0.8))))
    colour = centre(draw(renderer, FRONT))
    assert colour.min() > 150, colour


def test_hdr_environment_changes_the_lighting(mesh_renderer):
    from vtour.io.hdr import read_hdr

    model = asset_of((quad_geometry(), Material(metallic_factor=1.0, roughness_factor=0.2)))
    renderer = mesh_renderer()
    renderer.set_model(model)
    sky = draw(renderer, FRONT)
    renderer.set_environment(read_hdr(HDR))
    sunset = draw(renderer, FRONT)
    assert np.abs(sky - sunset).mean() > 5.0
    assert sunset.mean() > 30  # a metal reflects the (normalised) environment, never black


def test_single_sided_culls_the_back_and_double_sided_shows_it(mesh_renderer):
    renderer = mesh_renderer(background=(0, 0, 0))
    renderer.set_model(asset_of((quad_geometry(), Material(unlit=True))))
    assert centre(draw(renderer, BACK)).max() == 0
    renderer.set_model(asset_of((quad_geometry(), Material(unlit=True, double_sided=True))))
    assert centre(draw(renderer, BACK)).min() == 255


def test_double_sided_back_face_is_lit_with_the_flipped_normal(mesh_renderer):
    renderer = mesh_renderer()
    renderer.set_model(asset_of((quad_geometry(), Material(metallic_factor=0.0, double_sided=True))))
    front, back = centre(draw(renderer, FRONT)), centre(draw(renderer, BACK))
    assert back.min() > 0.6 * front.min(), (front, back)


def test_mask_discards_below_the_cutoff(mesh_renderer):
    pixels = np.zeros((2, 2, 4), np.uint8)
    pixels[...] = (255, 255, 255, 100)  # alpha 0.39
    image = TextureImage("a", pixels, frozenset({"baseColor"}))
    renderer = mesh_renderer(background=(0, 0, 0))
    for cutoff, visible in ((0.5, False), (0.3, True)):
        material = Material(base_color_texture=TextureRef(0), unlit=True, alpha_mode="MASK", alpha_cutoff=cutoff)
        renderer.set_model(asset_of((quad_geometry(), material), images=(image,)))
        assert bool(centre(draw(renderer, FRONT)).min() == 255) == visible


def test_opaque_ignores_texture_alpha(mesh_renderer):
    pixels = np.full((2, 2, 4), (255, 255, 255, 0), np.uint8)
    image = TextureImage("a", pixels, frozenset({"baseColor"}))
    renderer = mesh_renderer(background=(0, 0, 0))
    material = Material(base_color_texture=TextureRef(0), unlit=True)
    renderer.set_model(asset_of((quad_geometry(), material), images=(image,)))
    assert centre(draw(renderer, FRONT)).min() == 255


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_blend_draws_back_to_front_whatever_the_file_order(mesh_renderer, order):
    """Red half-transparent behind blue half-transparent: seen from the front, blue is on top."""
    red = (quad_geometry(z=-0.5), Material(base_color_factor=(1, 0, 0, 0.5), unlit=True, alpha_mode="BLEND"))
    blue = (quad_geometry(z=0.5, size=0.8), Material(base_color_factor=(0, 0, 1, 0.5), unlit=True, alpha_mode="BLEND"))
    parts = [red, blue]
    renderer = mesh_renderer(background=(0, 0, 0))
    renderer.set_model(asset_of(*(parts[i] for i in order)))
    colour = centre(draw(renderer, FRONT))
    # blue over (red over black): blue 188 (0.5 encoded), red 0.5 * 188 = 94 (blending in sRGB space)
    assert colour[2] > colour[0] > 60, colour


def test_msaa_smooths_edges(mesh_renderer):
    model = asset_of((quad_geometry(), Material(unlit=True)))
    camera = OrbitCamera(distance=3.0, yaw=20, pitch=10, fov=40)
    levels = []
    for samples in (1, 4):
        renderer = mesh_renderer(background=(0, 0, 0), samples=samples)
        renderer.set_model(model)
        grey = draw(renderer, camera)[..., 0]
        levels.append(np.count_nonzero((grey > 10) & (grey < 245)))
    assert levels[0] == 0 and levels[1] > 20, levels
    from vtour.render.offscreen import Framebuffer

    with Framebuffer(SIZE, SIZE) as framebuffer:  # the per-frame override (a moving camera)
        renderer.render_frame(camera, SIZE, SIZE, framebuffer.id, samples=1)
        grey = framebuffer.read_rgba()[..., 0]
    assert np.count_nonzero((grey > 10) & (grey < 245)) == 0


def test_keeps_no_reference_to_the_vertex_arrays(mesh_renderer):
    geometry = quad_geometry()
    positions = weakref.ref(geometry.positions)
    renderer = mesh_renderer()
    renderer.set_model(asset_of((geometry, Material())))
    del geometry
    gc.collect()
    assert positions() is None
    assert renderer.gpu_bytes > 0 and renderer.has_model


def test_clear_and_release_are_idempotent(mesh_renderer):
    renderer = mesh_renderer()
    renderer.set_model(asset_of((quad_geometry(), Material())))
    draw(renderer, FRONT)
    renderer.clear_model()
    assert not renderer.has_model
    renderer.release()
    renderer.release()


def test_camera_as_matrices_and_zero_size(mesh_renderer):
    renderer = mesh_renderer(background=(0, 0, 0))
    renderer.set_model(asset_of((quad_geometry(), Material(unlit=True))))
    matrices = FRONT.matrices(SIZE, SIZE)
    assert centre(draw(renderer, (matrices.view, matrices.projection))).min() == 255
    renderer.render_frame(FRONT, 0, 10, 0)  # draws nothing, raises nothing


def test_hdr_reader_reads_the_fixture():
    from vtour.io.hdr import read_hdr

    rgb = read_hdr(HDR)
    assert rgb.shape == (512, 1024, 3) and rgb.dtype == np.float32
    assert np.isfinite(rgb).all() and rgb.max() > 10.0  # the sun is far brighter than white
    top, bottom = rgb[:100].mean(), rgb[-100:].mean()
    assert top != bottom


def test_hdr_reader_errors_are_typed(tmp_path):
    from vtour.io.hdr import decode_hdr, read_hdr
    from vtour.model.errors import ImageError

    bad = tmp_path / "bad.hdr"
    bad.write_bytes(b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 4 +X 8\n\x02\x02")
    with pytest.raises(ImageError):
        read_hdr(bad)
    with pytest.raises(ImageError):
        read_hdr(tmp_path / "missing.hdr")
    flat = b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 2\n" + bytes([128, 64, 0, 129, 0, 0, 0, 0])
    np.testing.assert_allclose(decode_hdr(flat), [[[1.0, 0.5, 0.0], [0.0, 0.0, 0.0]]])

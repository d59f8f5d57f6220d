"""The renderer's public behaviour: lifecycle, memory, horizon correction, shader errors."""

from __future__ import annotations

import gc
import sys
import weakref

import numpy as np
import pytest

from gl_oracle import MARKER_COLOURS, marker_centroid, marker_panorama
from vtour.geometry.projections import Projection
from vtour.io.panorama import CubePixels, EquirectPixels
from vtour.model.tour import Horizon, View

pytestmark = pytest.mark.gl

BACKGROUND = (0.25, 0.5, 0.75)
BACKGROUND_RGB = np.round(np.array(BACKGROUND) * 255)


def _gradient_panorama(width: int = 256) -> np.ndarray:
    """A small full panorama whose colour varies smoothly with yaw and pitch."""
    height = width // 2
    u = np.linspace(0, 255, width)
    v = np.linspace(0, 255, height)
    rgba = np.zeros((height, width, 4), np.uint8)
    rgba[..., 0] = u[None, :]
    rgba[..., 1] = v[:, None]
    rgba[..., 2] = 128
    rgba[..., 3] = 255
    return rgba


def test_background_without_panorama(make_renderer, frame):
    renderer = make_renderer(background=BACKGROUND)
    assert not renderer.has_panorama
    rendered = frame(renderer, View(), 64, 32)
    assert np.all(np.abs(rendered[..., :3] - BACKGROUND_RGB) <= 1)


def test_set_clear_and_replace(make_renderer, frame):
    renderer = make_renderer(background=BACKGROUND)
    renderer.set_panorama(EquirectPixels(_gradient_panorama()))
    assert renderer.has_panorama and renderer.gpu_bytes > 0
    shown = frame(renderer, View(), 64, 32)
    assert not np.all(np.abs(shown[..., :3] - BACKGROUND_RGB) <= 1)
    renderer.clear_panorama()
    assert not renderer.has_panorama and renderer.gpu_bytes == 0
    assert np.all(np.abs(frame(renderer, View(), 64, 32)[..., :3] - BACKGROUND_RGB) <= 1)
    face = np.full((16, 16, 4), 200, np.uint8)
    face[..., 3] = 255
    renderer.set_panorama(CubePixels((face,) * 6))
    assert np.all(np.abs(frame(renderer, View(), 64, 32)[..., :3].astype(int) - 200) <= 1)


def test_set_panorama_keeps_no_reference_to_the_pixels(make_renderer):
    rgba = _gradient_panorama()
    pixels = EquirectPixels(rgba)
    references = sys.getrefcount(rgba)
    watcher = weakref.ref(pixels)
    make_renderer().set_panorama(pixels)
    del pixels
    gc.collect()
    assert watcher() is None
    assert sys.getrefcount(rgba) == references - 1  # only the dataclass's reference went


def test_release_deletes_and_is_idempotent(make_renderer):
    renderer = make_renderer()
    renderer.set_panorama(EquirectPixels(_gradient_panorama()))
    renderer.release()
    renderer.release()
    assert not renderer.has_panorama


def test_failed_upload_keeps_the_previous_panorama(make_renderer, frame):
    renderer = make_renderer()
    renderer.set_panorama(EquirectPixels(_gradient_panorama()))
    before = frame(renderer, View(), 64, 32)
    from vtour.render.errors import RenderError

    with pytest.raises(RenderError):
        renderer.set_panorama(EquirectPixels(np.zeros((8, 16, 3), np.uint8)))  # RGB, not RGBA
    assert np.array_equal(frame(renderer, View(), 64, 32), before)


def test_horizon_pitch_is_a_tilted_view(make_renderer, frame):
    """Horizon pitch p shows, looking level, what an uncorrected view pitched by -p shows."""
    corrected, plain = make_renderer(), make_renderer()
    rgba = _gradient_panorama(512)
    corrected.set_panorama(EquirectPixels(rgba), Horizon(pitch=12.0))
    plain.set_panorama(EquirectPixels(rgba))
    a = frame(corrected, View(yaw=0, pitch=0, hfov=80), 96, 64).astype(int)
    b = frame(plain, View(yaw=0, pitch=-12, hfov=80), 96, 64).astype(int)
    assert np.abs(a - b).max() <= 1


def test_horizon_roll_follows_pannellum(make_renderer, frame):
    """Horizon roll r: looking level to the right (yaw 90) shows the image at pitch +r."""
    renderer = make_renderer(background=(0, 0, 0))
    renderer.set_panorama(EquirectPixels(marker_panorama([(90.0, 10.0)])), Horizon(roll=10.0))
    rendered = frame(renderer, View(yaw=90, pitch=0, hfov=60), 120, 120)
    x, y, _ = marker_centroid(rendered, MARKER_COLOURS[0])
    assert abs(x - 60) <= 0.5 and abs(y - 60) <= 0.5


@pytest.mark.parametrize("projection", list(Projection))
def test_extreme_fields_of_view_render(make_renderer, frame, projection):
    """hfov beyond a projection's range is clamped, never NaN or black."""
    renderer = make_renderer(background=(0, 0, 0))
    renderer.set_panorama(EquirectPixels(_gradient_panorama()))
    for hfov in (0.5, 179.9, 300.0, 400.0):
        rendered = frame(renderer, View(yaw=10, pitch=-30, hfov=hfov), 64, 36, projection)
        assert rendered[..., :3].max() > 0


def test_programs_are_cached_per_variant(make_renderer, frame):
    renderer = make_renderer()
    renderer.set_panorama(EquirectPixels(_gradient_panorama()))
    for projection in (Projection.RECTILINEAR, Projection.PANNINI, Projection.RECTILINEAR):
        frame(renderer, View(), 32, 16, projection)
    assert len(renderer._programs._programs) == 2


def test_compile_error_names_file_and_line(gl_context, tmp_path):
    from vtour.render.errors import ShaderError
    from vtour.render.program import ProgramCache

    (tmp_path / "lib.glsl").write_text("// helper\nfloat helper() { return undefined_name; }\n")
    (tmp_path / "broken.glsl").write_text(
        "#if defined(VERTEX_SHADER)\nvoid main() { gl_Position = vec4(0.0); }\n"
        "#elif defined(FRAGMENT_SHADER)\n#include \"lib.glsl\"\nout vec4 o_color;\n"
        "void main() { o_color = vec4(helper()); }\n#endif\n"
    )
    cache = ProgramCache(tmp_path)
    with pytest.raises(ShaderError) as caught:
        cache.get("broken")
    assert "lib.glsl:2" in str(caught.value) and "undefined_name" in str(caught.value)
    cache.release()


def test_every_shipped_program_variant_compiles(make_renderer):
    from vtour.render.renderer import PROJECTION_DEFINES

    cache = make_renderer()._programs
    variants = [{}, {"WRAP_YAW": 1}, {"PARTIAL": 1}, {"WRAP_YAW": 1, "EQUIRECT_TILED": 1},
                {"PARTIAL": 1, "EQUIRECT_TILED": 1}]
    for projection_defines in PROJECTION_DEFINES.values():
        cache.get("cube", projection_defines)
        for defines in variants:
            cache.get("equirect", {**defines, **projection_defines})


def test_cube_faces_over_the_limit_are_refused(make_renderer):
    from vtour.render.errors import RenderError

    face = np.zeros((512, 512, 4), np.uint8)
    renderer = make_renderer(max_texture_size=256)
    with pytest.raises(RenderError, match="512x512"):
        renderer.set_panorama(CubePixels((face,) * 6))
    assert not renderer.has_panorama


def test_multisampled_framebuffer_resolves(make_renderer):
    from vtour.render.offscreen import Framebuffer

    renderer = make_renderer()
    renderer.set_panorama(EquirectPixels(_gradient_panorama()))
    with Framebuffer(64, 32, samples=4) as multisampled, Framebuffer(64, 32) as single:
        renderer.render_frame(View(), 64, 32, framebuffer=multisampled.id)
        renderer.render_frame(View(), 64, 32, framebuffer=single.id)
        assert np.abs(multisampled.read_rgba().astype(int) - single.read_rgba()).max() <= 1


def test_render_view_makes_its_own_context_when_none_is_current(gl_context):
    """``render_view`` outside any context (a script, a thumbnail worker) makes and drops one."""
    from OpenGL import EGL

    from vtour.render.offscreen import egl_context_current, render_view

    EGL.eglMakeCurrent(EGL.eglGetCurrentDisplay(), EGL.EGL_NO_SURFACE, EGL.EGL_NO_SURFACE, EGL.EGL_NO_CONTEXT)
    assert not egl_context_current()
    image = render_view(EquirectPixels(_gradient_panorama()), View(yaw=30), 48, 24)
    assert image.shape == (24, 48, 4) and not egl_context_current()


@pytest.mark.parametrize(("preset", "expected"), [(None, "egl"), ("glx", "glx")])
def test_pyopengl_platform_default_respects_the_user(preset, expected):
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYOPENGL_PLATFORM"}
    if preset:
        env["PYOPENGL_PLATFORM"] = preset
    code = "import os, vtour.render; print(os.environ['PYOPENGL_PLATFORM'], os.environ.get('EGL_PLATFORM'))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == [expected, str(env.get("EGL_PLATFORM"))]


def test_next_panorama_of_the_same_size_reuses_the_storage(make_renderer, frame, monkeypatch):
    """Scene changes between same-sized panoramas allocate nothing (and never hold two)."""
    from vtour.render import textures

    allocations = []
    real_allocate = textures.allocate_2d
    monkeypatch.setattr(textures, "allocate_2d", lambda *args: (allocations.append(args), real_allocate(*args)))
    renderer = make_renderer()
    first = _gradient_panorama()
    renderer.set_panorama(EquirectPixels(first))
    second = np.ascontiguousarray(first[:, ::-1])
    renderer.set_panorama(EquirectPixels(second))
    assert len(allocations) == 1
    fresh = make_renderer()
    fresh.set_panorama(EquirectPixels(second))
    assert np.array_equal(frame(renderer, View(yaw=40), 64, 32), frame(fresh, View(yaw=40), 64, 32))
    renderer.set_panorama(EquirectPixels(_gradient_panorama(128)))  # another size: new storage
    assert len(allocations) == 3 and renderer._adapter.layout.x.length == 128

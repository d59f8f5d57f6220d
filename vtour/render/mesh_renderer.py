"""Draw a glTF model (a :class:`~vtour.model.mesh.ModelAsset`) into a framebuffer: state in, pixels out.

:class:`MeshRenderer` is the model-scene sibling of
:class:`~vtour.render.renderer.PanoramaRenderer`: ``set_model`` uploads, ``render_frame(camera,
width, height, framebuffer)`` draws. Shading is glTF metallic-roughness (``shaders/pbr.glsl``)
with image-based lighting (:mod:`vtour.render.environment`) and one directional key light,
Khronos PBR Neutral tone mapping and sRGB output. Frames are drawn into a 4x multisampled
colour + depth target and resolved into the caller's framebuffer (which needs no depth buffer).

Draw order: opaque and alpha-masked primitives first (depth write on), then alpha-blended ones
sorted back to front by the view depth of their bounding-box centre, with depth writes off.
Single-sided materials cull back faces (front = counter-clockwise, or clockwise under a mirroring
node transform); double-sided ones draw both sides and light the back with the flipped normal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.geometry.orbit import CameraMatrices, OrbitCamera
from vtour.model.mesh import SRGB_SLOTS, Material, ModelAsset, Primitive, TextureRef
from vtour.render.environment import Environment
from vtour.render.glstate import reset_draw_state
from vtour.render.mesh_gpu import GpuGeometry, MultisampleTarget, create_sampler, upload_geometry, upload_image
from vtour.render.program import Program, ProgramCache

log = logging.getLogger(__name__)

# (slot, uniform stem, define, texture unit)
SLOTS = (
    ("baseColor", "base_color", "BASE_COLOR_MAP", 0),
    ("metallicRoughness", "metallic_roughness", "METALLIC_ROUGHNESS_MAP", 1),
    ("normal", "normal", "NORMAL_MAP", 2),
    ("occlusion", "occlusion", "OCCLUSION_MAP", 3),
    ("emissive", "emissive", "EMISSIVE_MAP", 4),
)
ENVIRONMENT_UNIT, LUT_UNIT = 5, 6
_IDENTITY3 = np.identity(3, dtype=np.float32)
DEFAULT_LIGHT = (-0.45, 0.75, 0.5)
"""Key light direction (towards the light) in camera space: over the viewer's left shoulder."""


@dataclass(frozen=True)
class KeyLight:
    """The directional key light. ``direction`` points towards the light, in camera space when
    ``camera_relative`` (the light moves with the viewer, so every side of a model is readable),
    else in the world. ``intensity`` multiplies ``color`` (linear RGB)."""

    direction: tuple[float, float, float] = DEFAULT_LIGHT
    color: tuple[float, float, float] = (1.0, 0.98, 0.95)
    intensity: float = 2.0
    camera_relative: bool = True


@dataclass
class _Draw:
    """Everything one primitive's draw needs, with no vertex data."""

    geometry: GpuGeometry
    material: Material
    model: np.ndarray
    normal_matrix: np.ndarray
    mirrored: bool
    centre: np.ndarray
    defines: dict
    textures: tuple  # (unit, texture name, sampler name)


def as_camera_matrices(camera, width: int, height: int, bounds=None) -> CameraMatrices:
    """An :class:`OrbitCamera`, :class:`CameraMatrices` or ``(view, projection)`` pair as matrices."""
    if isinstance(camera, OrbitCamera):
        return camera.matrices(width, height, bounds)
    if isinstance(camera, CameraMatrices):
        return camera
    view, projection = camera
    return CameraMatrices(np.asarray(view, float), np.asarray(projection, float))


class MeshRenderer:
    """Renders one glTF model at a time into the current GL context.

    Needs a current OpenGL 3.3 core context for every call, always the same one; :meth:`release`
    deletes everything it made there.

    Parameters
    ----------
    background
        Display-referred RGB in [0, 1] behind the model.
    samples
        MSAA samples (capped at the driver's ``GL_MAX_SAMPLES``; 1 or less: no anti-aliasing).
    light
        The key light.
    exposure
        Multiplies the lit (not the emissive) colour before tone mapping.
    """

    def __init__(self, background=(0.08, 0.08, 0.08), *, samples: int = 4, light: KeyLight = KeyLight(),
                 exposure: float = 1.0) -> None:
        self.background = self._default_background = tuple(float(c) for c in background)
        self.show_environment = False  # draw the environment behind the model (set_look)
        self._sky_vao = 0
        self.light, self.exposure = light, float(exposure)
        self._max_samples = int(GL.glGetIntegerv(GL.GL_MAX_SAMPLES))
        self._samples = self._clamp_samples(samples)
        self._targets: dict[int, MultisampleTarget] = {}
        self._programs = ProgramCache()
        self._environment: Environment | None = None
        self._draws: list[_Draw] = []
        self._geometries: list[GpuGeometry] = []
        self._textures: list[int] = []
        self._samplers: list[int] = []
        self.bounds: np.ndarray | None = None

    # -- state ---------------------------------------------------------------------------------

    @property
    def has_model(self) -> bool:
        return bool(self._draws)

    @property
    def samples(self) -> int:
        """MSAA samples of frames drawn without a ``samples`` override."""
        return self._samples

    def _clamp_samples(self, samples: int) -> int:
        return max(1, min(int(samples), self._max_samples))

    def _target(self, samples: int) -> MultisampleTarget:
        if samples not in self._targets:
            self._targets[samples] = MultisampleTarget(samples)
        return self._targets[samples]

    @property
    def gpu_bytes(self) -> int:
        """Approximate bytes of vertex data uploaded for the current model (textures not counted)."""
        return sum(g.byte_size for g in self._geometries)

    def set_look(self, source=None, default_background=None) -> None:
        """Background, sky and key light of a model scene (a :class:`~vtour.model.tour.ModelSource`;
        None: the defaults): its colour or ``default_background``, its environment drawn behind
        the model when ``show_environment``, its ``sun`` fixed in the world or a camera light."""
        if default_background is not None:
            self._default_background = tuple(float(c) for c in default_background)
        background = getattr(source, "background", None)
        self.background = tuple(background) if background is not None else self._default_background
        self.show_environment = bool(getattr(source, "show_environment", False))
        sun = getattr(source, "sun", None)
        self.light = KeyLight() if sun is None else KeyLight(direction=sun.direction, intensity=sun.intensity,
                                                             camera_relative=False)

    def set_environment(self, rgb: np.ndarray | None) -> None:
        """Light with the equirectangular HDR image ``rgb`` (``(H, W, 3)`` float, linear), or None for
        the default procedural sky. Keeps no reference to the array."""
        environment = Environment(rgb)
        if self._environment is not None:
            self._environment.release()
        self._environment = environment

    def set_model(self, asset: ModelAsset) -> None:
        """Upload ``asset``, replacing the model shown. Keeps no reference to its arrays."""
        self.clear_model()
        textures: dict[tuple[int, bool], int] = {}
        samplers: dict = {}
        geometries: dict[int, GpuGeometry] = {}
        for primitive in asset.primitives:
            gpu = geometries.get(id(primitive.geometry))
            if gpu is None:
                gpu = geometries[id(primitive.geometry)] = upload_geometry(primitive.geometry)
            material = asset.material(primitive)
            slots = tuple(self._bind_slot(asset, slot, ref, textures, samplers)
                          for slot, ref in material.textures().items())
            self._draws.append(_make_draw(gpu, material, primitive, slots))
        self._geometries = list(geometries.values())
        self._textures, self._samplers = list(textures.values()), list(samplers.values())
        self.bounds = None if asset.bounds is None else np.array(asset.bounds, float)

    def _bind_slot(self, asset, slot: str, ref: TextureRef, textures: dict, samplers: dict):
        srgb = slot in SRGB_SLOTS
        key = (ref.image, srgb)
        if key not in textures:
            textures[key] = upload_image(asset.images[ref.image], srgb)
        if ref.sampler not in samplers:
            samplers[ref.sampler] = create_sampler(ref.sampler)
        return slot, textures[key], samplers[ref.sampler]

    def clear_model(self) -> None:
        """Delete the model's buffers and textures; frames show the background until the next one."""
        for geometry in self._geometries:
            geometry.release()
        if self._textures:
            GL.glDeleteTextures(len(self._textures), self._textures)
        if self._samplers:
            GL.glDeleteSamplers(len(self._samplers), self._samplers)
        self._draws, self._geometries, self._textures, self._samplers = [], [], [], []
        self.bounds = None

    # -- drawing -------------------------------------------------------------------------------

    def render_frame(self, camera, width: int, height: int, framebuffer: int = 0, *,
                     samples: int | None = None, overlay=None) -> None:
        """Draw the model seen by ``camera`` into ``framebuffer`` (0: the default one), ``width`` x ``height``.

        ``camera`` is an :class:`~vtour.geometry.orbit.OrbitCamera` (its clip planes are fitted to
        the model when it has none), :class:`~vtour.geometry.orbit.CameraMatrices`, or a
        ``(view, projection)`` pair of 4x4 column-vector matrices. The target framebuffer must be
        single-sampled (or have the same sample count) and at least ``width`` x ``height``.

        ``samples`` overrides the MSAA sample count for this frame: on llvmpipe 4x MSAA about
        doubles the frame time, so a viewer may draw with 1 while the camera moves and with the
        default once it rests.

        ``overlay(matrices, width, height)``, when given, is called after the model is drawn and
        before the resolve, with the multisampled colour + depth target still bound and the
        viewport set: a pass such as :class:`~vtour.render.mesh_hotspots.MeshHotspotRenderer`
        draws there and can depth-test against the model (the resolved framebuffer has no depth).
        """
        if width <= 0 or height <= 0:
            return
        if self._environment is None:
            self.set_environment(None)
        matrices = as_camera_matrices(camera, width, height, self.bounds)
        target = self._target(self._clamp_samples(samples) if samples is not None else self._samples)
        target.bind(width, height)
        GL.glViewport(0, 0, width, height)
        reset_draw_state()
        GL.glClearColor(*self.background, 1.0)
        GL.glDepthMask(GL.GL_TRUE)
        GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)
        if self.show_environment:
            self._draw_sky(matrices, height)
        if self._draws:
            self._draw_all(matrices)
        if overlay is not None:
            overlay(matrices, width, height)
            reset_draw_state()
        target.resolve(framebuffer)

    def _draw_sky(self, matrices: CameraMatrices, height: int) -> None:
        program = self._programs.get("sky")
        program.use()
        inverse = np.linalg.inv(matrices.view_projection)
        GL.glUniformMatrix4fv(program.location("u_inverse_view_projection"), 1, GL.GL_TRUE,
                              inverse.astype(np.float32))
        vfov = 2.0 * np.arctan(1.0 / matrices.projection[1, 1])
        program.set("u_pixel_angle", float(vfov / max(height, 1)))
        program.set("u_exposure", self.exposure)
        for unit in (ENVIRONMENT_UNIT, LUT_UNIT):
            GL.glBindSampler(unit, 0)  # a material's sampler object would override the texture's filtering
        self._environment.bind(program, ENVIRONMENT_UNIT, LUT_UNIT)
        GL.glDisable(GL.GL_DEPTH_TEST)
        GL.glDepthMask(GL.GL_FALSE)
        GL.glBindVertexArray(self._empty_vao())
        GL.glDrawArrays(GL.GL_TRIANGLES, 0, 3)
        GL.glBindVertexArray(0)
        GL.glDepthMask(GL.GL_TRUE)

    def _empty_vao(self) -> int:
        """A vertex array with no buffers: the full-screen triangle's vertices come from gl_VertexID
        (core profile needs some vertex array bound to draw)."""
        if not self._sky_vao:
            self._sky_vao = int(GL.glGenVertexArrays(1))
        return self._sky_vao

    def _draw_all(self, matrices: CameraMatrices) -> None:
        GL.glEnable(GL.GL_DEPTH_TEST)
        GL.glDepthFunc(GL.GL_LEQUAL)
        frame = _FrameUniforms(matrices, self._light_direction(matrices), self)
        opaque = [d for d in self._draws if d.material.alpha_mode != "BLEND"]
        blended = [d for d in self._draws if d.material.alpha_mode == "BLEND"]
        for draw in opaque:
            self._draw(draw, frame)
        if blended:
            depth = [float((matrices.view @ np.append(d.centre, 1.0))[2]) for d in blended]
            GL.glEnable(GL.GL_BLEND)
            GL.glBlendFuncSeparate(GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA, GL.GL_ONE, GL.GL_ONE_MINUS_SRC_ALPHA)
            GL.glDepthMask(GL.GL_FALSE)
            for _, draw in sorted(zip(depth, blended), key=lambda pair: pair[0]):  # most distant first
                self._draw(draw, frame)
            GL.glDepthMask(GL.GL_TRUE)
        self._unbind()

    def _light_direction(self, matrices: CameraMatrices) -> np.ndarray:
        direction = np.asarray(self.light.direction, float)
        if self.light.camera_relative:
            direction = np.linalg.inv(matrices.view)[:3, :3] @ direction
        return direction / np.linalg.norm(direction)

    def _draw(self, draw: _Draw, frame: _FrameUniforms) -> None:
        program = self._programs.get("pbr", draw.defines)
        program.use()
        frame.apply(program)
        _set_matrix4(program, "u_model", draw.model)
        program.set("u_normal_matrix", draw.normal_matrix)
        _set_material(program, draw.material)
        for unit, texture, sampler in draw.textures:
            GL.glActiveTexture(GL.GL_TEXTURE0 + unit)
            GL.glBindTexture(GL.GL_TEXTURE_2D, texture)
            GL.glBindSampler(unit, sampler)
        if draw.material.double_sided:
            GL.glDisable(GL.GL_CULL_FACE)
        else:
            GL.glEnable(GL.GL_CULL_FACE)
            GL.glCullFace(GL.GL_BACK)
            GL.glFrontFace(GL.GL_CW if draw.mirrored else GL.GL_CCW)
        draw.geometry.draw()

    def _unbind(self) -> None:
        GL.glBindVertexArray(0)
        for unit in range(LUT_UNIT + 1):
            GL.glBindSampler(unit, 0)
            GL.glActiveTexture(GL.GL_TEXTURE0 + unit)
            GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        GL.glActiveTexture(GL.GL_TEXTURE0)
        GL.glFrontFace(GL.GL_CCW)
        reset_draw_state()

    def release(self) -> None:
        """Delete every GL object the renderer made (its context must be current)."""
        self.clear_model()
        if self._environment is not None:
            self._environment.release()
            self._environment = None
        for target in self._targets.values():
            target.release()
        self._targets.clear()
        if self._sky_vao:
            GL.glDeleteVertexArrays(1, [self._sky_vao])
            self._sky_vao = 0
        self._programs.release()


class _FrameUniforms:
    """Per-frame uniforms, set once per program per frame."""

    def __init__(self, matrices: CameraMatrices, light_direction: np.ndarray, renderer: MeshRenderer) -> None:
        self.view_projection = matrices.view_projection
        self.eye = matrices.eye
        self.light_direction = light_direction
        self.renderer = renderer
        self._done: set[int] = set()

    def apply(self, program: Program) -> None:
        if program.handle in self._done:
            return
        self._done.add(program.handle)
        light = self.renderer.light
        _set_matrix4(program, "u_view_projection", self.view_projection)
        program.set("u_camera_position", self.eye)
        program.set("u_light_direction", self.light_direction)
        program.set("u_light_color", np.asarray(light.color) * light.intensity)
        program.set("u_exposure", self.renderer.exposure)
        self.renderer._environment.bind(program, ENVIRONMENT_UNIT, LUT_UNIT)
        for _, stem, _, unit in SLOTS:
            program.set(f"u_{stem}_map", unit)


def _make_draw(gpu: GpuGeometry, material: Material, primitive: Primitive, slots) -> _Draw:
    model = np.asarray(primitive.world_matrix, float)
    linear = model[:3, :3]
    determinant = float(np.linalg.det(linear))
    normal_matrix = np.linalg.inv(linear).T if abs(determinant) > 1e-30 else np.identity(3)
    units = {slot: unit for slot, _, _, unit in SLOTS}
    return _Draw(gpu, material, model.astype(np.float32), normal_matrix.astype(np.float32), determinant < 0,
                 np.asarray(primitive.bounds, float).mean(axis=0), _defines(material),
                 tuple((units[slot], texture, sampler) for slot, texture, sampler in slots))


def _defines(material: Material) -> dict:
    present = material.textures()
    defines = {define: 1 for slot, _, define, _ in SLOTS if slot in present}
    if material.unlit:
        defines = {"UNLIT": 1, **({"BASE_COLOR_MAP": 1} if "baseColor" in present else {})}
    if material.alpha_mode == "MASK":
        defines["ALPHA_MASK"] = 1
    elif material.alpha_mode == "BLEND":
        defines["ALPHA_BLEND"] = 1
    return defines


def _set_material(program: Program, material: Material) -> None:
    program.set("u_base_color_factor", material.base_color_factor)
    program.set("u_metallic_factor", float(material.metallic_factor))
    program.set("u_roughness_factor", float(material.roughness_factor))
    program.set("u_emissive_factor", np.asarray(material.emissive_factor) * material.emissive_strength)
    program.set("u_alpha_cutoff", float(material.alpha_cutoff))
    textures = material.textures()
    normal, occlusion = textures.get("normal"), textures.get("occlusion")
    program.set("u_normal_scale", float(normal.scale) if normal else 1.0)
    program.set("u_occlusion_strength", float(occlusion.scale) if occlusion else 1.0)
    for slot, stem, _, _ in SLOTS:
        ref = textures.get(slot)
        if ref is None:
            continue
        program.set(f"u_{stem}_uv_set", int(ref.tex_coord))
        program.set(f"u_{stem}_transform", ref.transform.matrix() if ref.transform else _IDENTITY3)


def _set_matrix4(program: Program, name: str, matrix: np.ndarray) -> None:
    where = program.location(name)
    if where >= 0:
        GL.glUniformMatrix4fv(where, 1, GL.GL_TRUE, np.ascontiguousarray(matrix, np.float32))

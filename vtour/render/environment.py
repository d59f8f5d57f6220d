"""Image-based lighting from an equirectangular HDR environment, precomputed cheaply on load.

Three parts, each an approximation chosen for load time on llvmpipe (a few tens of ms, not the
seconds a GGX-prefiltered cube map would take on two CPU cores):

- **Diffuse**: the irradiance as 9 spherical-harmonic coefficients (Ramamoorthi & Hanrahan 2001),
  projected in numpy from the image box-downsampled to 64x32, with each texel weighted by its
  solid angle. Stored pre-convolved with the clamped cosine and divided by pi, so the shader's
  ``sh_irradiance(n) * albedo`` is the diffuse radiance.
- **Specular**: the environment as a mipmapped half-float texture; the shader reads the reflected
  direction at the mip level whose texel size matches the GGX lobe width (``roughness^2``). A box
  filtered mip chain is not a GGX convolution (it is blockier, and stretched near the poles), but
  it blurs by the right amount, which is what the eye notices.
- **BRDF**: the split-sum scale and bias (Karis 2013) as a 32x32 table, importance-sampled once in
  numpy per process.

The environment's brightness is normalised (mean luminance :data:`TARGET_LUMINANCE`), so any
HDR, bright sunset or dim interior, lights a model about as well as the key light expects.
Directions map to the image as panoramas do (:mod:`vtour.geometry.angles`): yaw 0 (-Z) at the
image centre, row 0 at pitch +90.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

import vtour.render  # noqa: F401  (selects PyOpenGL's platform before OpenGL is imported)
from OpenGL import GL

from vtour.geometry.angles import equirect_uv_to_yaw_pitch, yaw_pitch_to_vector

SH_SIZE = (64, 32)
"""(width, height) the image is reduced to before the SH projection."""
TARGET_LUMINANCE = 0.6
LUT_SIZE = 32
LUT_SAMPLES = 256
_LUMA = np.array([0.2126, 0.7152, 0.0722])


def downsample(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    """Box-average ``(H, W, 3)`` down to ``(height, width, 3)`` (H, W multiples of the target, else cropped)."""
    h, w = rgb.shape[:2]
    fy, fx = max(h // height, 1), max(w // width, 1)
    cropped = rgb[:fy * height, :fx * width].astype(np.float64)
    return cropped.reshape(height, fy, width, fx, 3).mean(axis=(1, 3))


def texel_directions(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit directions ``(H, W, 3)`` of the texel centres of an equirect image and their solid angles ``(H, W)``."""
    u = (np.arange(width) + 0.5) / width
    v = (np.arange(height) + 0.5) / height
    yaw, pitch = equirect_uv_to_yaw_pitch(u[None, :], v[:, None])
    directions = yaw_pitch_to_vector(yaw, pitch)
    solid_angle = np.cos(np.radians(pitch)) * (2 * np.pi / width) * (np.pi / height)
    return directions, np.broadcast_to(solid_angle, (height, width))


def sh_basis(directions: np.ndarray) -> np.ndarray:
    """The 9 real spherical harmonics (bands 0-2) at unit ``directions`` ``(..., 3)`` -> ``(..., 9)``."""
    x, y, z = directions[..., 0], directions[..., 1], directions[..., 2]
    return np.stack([0.282095 * np.ones_like(x), 0.488603 * y, 0.488603 * z, 0.488603 * x,
                     1.092548 * x * y, 1.092548 * y * z, 0.315392 * (3 * z * z - 1),
                     1.092548 * x * z, 0.546274 * (x * x - y * y)], axis=-1)


_BAND_CONVOLUTION = np.array([np.pi] + [2 * np.pi / 3] * 3 + [np.pi / 4] * 5) / np.pi


def irradiance_sh(rgb: np.ndarray) -> np.ndarray:
    """``(9, 3)`` coefficients: ``sh_basis(n) @ coefficients`` = diffuse radiance of a white surface facing ``n``."""
    small = downsample(rgb, *SH_SIZE)
    directions, solid_angle = texel_directions(*SH_SIZE)
    weights = sh_basis(directions) * solid_angle[..., None]
    radiance_sh = np.einsum("hwk,hwc->kc", weights, small)
    return radiance_sh * _BAND_CONVOLUTION[:, None]


def mean_luminance(rgb: np.ndarray) -> float:
    small = downsample(rgb, *SH_SIZE)
    _, solid_angle = texel_directions(*SH_SIZE)
    return float(np.sum((small @ _LUMA) * solid_angle) / (4 * np.pi))


def default_sky(width: int = 256, height: int = 128) -> np.ndarray:
    """A neutral procedural environment (float32 RGB): blue-grey sky, bright horizon, warm grey ground.

    Used when a scene names no environment, so that models are never lit by black.
    """
    v = (np.arange(height) + 0.5) / height
    elevation = (0.5 - v) * np.pi  # +pi/2 at the top row
    sky = np.array([0.55, 0.70, 1.00])
    horizon = np.array([1.00, 0.98, 0.95])
    ground = np.array([0.35, 0.32, 0.28])
    up = np.clip(np.sin(elevation), 0, 1)[:, None] ** 0.6
    down = np.clip(-np.sin(elevation), 0, 1)[:, None] ** 0.4
    column = horizon * (1 - up) * (1 - down) + sky * up + ground * down
    return np.ascontiguousarray(np.broadcast_to(column[:, None, :], (height, width, 3)), dtype=np.float32)


@lru_cache(maxsize=1)
def brdf_lut(size: int = LUT_SIZE, samples: int = LUT_SAMPLES) -> np.ndarray:
    """Split-sum GGX table ``(size, size, 2)`` float32: row = roughness, column = N.V; (scale, bias) of F0."""
    n_dot_v = (np.arange(size) + 0.5) / size
    roughness = (np.arange(size) + 0.5) / size
    i = np.arange(samples)
    xi1 = i / samples
    xi2 = np.array([int(f"{k:032b}"[::-1], 2) for k in i]) / 2.0 ** 32  # Hammersley (radical inverse)
    alpha = (roughness ** 2)[:, None, None]
    phi = 2 * np.pi * xi1[None, None, :]
    cos_theta = np.sqrt((1 - xi2) / (1 + (alpha ** 2 - 1) * xi2))[..., :]
    sin_theta = np.sqrt(1 - cos_theta ** 2)
    nv = n_dot_v[None, :, None]
    view = (np.sqrt(1 - nv ** 2), 0.0, nv)
    h = (sin_theta * np.cos(phi), sin_theta * np.sin(phi), cos_theta)
    v_dot_h = view[0] * h[0] + view[2] * h[2]
    n_dot_l = 2 * v_dot_h * h[2] - nv
    k = alpha / 2
    g = (nv / (nv * (1 - k) + k)) * (n_dot_l / (n_dot_l * (1 - k) + k))
    with np.errstate(divide="ignore", invalid="ignore"):
        g_vis = np.where(n_dot_l > 0, g * v_dot_h / (h[2] * nv), 0.0)
    fresnel = (1 - np.clip(v_dot_h, 0, 1)) ** 5
    scale = np.mean((1 - fresnel) * g_vis, axis=-1)
    bias = np.mean(fresnel * g_vis, axis=-1)
    return np.ascontiguousarray(np.stack([scale, bias], axis=-1), dtype=np.float32)


class Environment:
    """The GL side of image-based lighting: SH coefficients, a mipmapped environment, the BRDF table.

    Needs a current context; :meth:`release` deletes its textures. Keeps no copy of the image.
    """

    def __init__(self, rgb: np.ndarray | None = None, *, rotation_deg: float = 0.0) -> None:
        rgb = default_sky() if rgb is None else np.asarray(rgb, np.float32)
        scale = TARGET_LUMINANCE / max(mean_luminance(rgb), 1e-6)
        self.sh = (irradiance_sh(rgb) * scale).astype(np.float32)
        self.width, self.height = rgb.shape[1], rgb.shape[0]
        self.max_lod = float(np.floor(np.log2(max(self.width, self.height))))
        self.texture = _upload_environment(rgb, scale)
        self.lut = _upload_lut(brdf_lut())

    def bind(self, program, environment_unit: int, lut_unit: int) -> None:
        GL.glActiveTexture(GL.GL_TEXTURE0 + environment_unit)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.texture)
        GL.glActiveTexture(GL.GL_TEXTURE0 + lut_unit)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self.lut)
        program.set("u_environment", environment_unit)
        program.set("u_brdf_lut", lut_unit)
        program.set("u_environment_width", float(self.width))
        program.set("u_environment_max_lod", self.max_lod)
        where = program.location("u_sh")
        if where >= 0:
            GL.glUniform3fv(where, 9, self.sh)

    def release(self) -> None:
        live = [t for t in (self.texture, self.lut) if t]
        if live:
            GL.glDeleteTextures(len(live), live)
        self.texture = self.lut = 0


def _upload_environment(rgb: np.ndarray, scale: float) -> int:
    rgba = np.empty(rgb.shape[:2] + (4,), np.float16)
    rgba[..., :3] = np.minimum(rgb * scale, 60000.0)  # half floats end at 65504
    rgba[..., 3] = 1.0
    texture = int(GL.glGenTextures(1))
    GL.glBindTexture(GL.GL_TEXTURE_2D, texture)
    GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1)
    GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA16F, rgb.shape[1], rgb.shape[0], 0, GL.GL_RGBA,
                    GL.GL_HALF_FLOAT, rgba)
    GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_S, GL.GL_REPEAT)
    GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE)
    GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR_MIPMAP_LINEAR)
    GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR)
    GL.glGenerateMipmap(GL.GL_TEXTURE_2D)
    GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 4)
    return texture


def _upload_lut(lut: np.ndarray) -> int:
    texture = int(GL.glGenTextures(1))
    GL.glBindTexture(GL.GL_TEXTURE_2D, texture)
    GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RG32F, lut.shape[1], lut.shape[0], 0, GL.GL_RG, GL.GL_FLOAT, lut)
    for parameter, value in ((GL.GL_TEXTURE_WRAP_S, GL.GL_CLAMP_TO_EDGE), (GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE),
                             (GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR), (GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR)):
        GL.glTexParameteri(GL.GL_TEXTURE_2D, parameter, value)
    return texture

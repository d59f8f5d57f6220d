"""Angle and field-of-view conversions between other viewers' conventions and vtour's.

vtour (``docs/tour-format.md``, ``vtour.geometry``): degrees; yaw 0 at the image centre, positive
to the right; pitch positive up; ``hfov`` spans the width of the view. Hotspot ``yaw``/``pitch``
are directions in the *panorama's own frame* (they stay on the same picture content when the
horizon correction changes), while views (``initialView``, ``targetView``, limits) are in the
level world frame that the horizon correction produces (``vtour.geometry.projections``).

The other viewers:

- Pannellum: vtour's conventions, except that its hotspots are placed in the level world frame
  (``renderHotSpot`` ignores ``horizonPitch``/``horizonRoll``), so hotspots of a scene with horizon
  correction are rotated between the frames (:func:`world_to_image`, :func:`image_to_world`).
- Marzipano: radians, pitch positive *down*, vertical field of view (:func:`from_marzipano`).
- krpano: degrees, ``atv``/``vlookat`` positive *down*; ``fov`` measured as ``fovtype`` says
  (:func:`krpano_hfov`).
- Photo Sphere Viewer: radians (or strings such as ``"30deg"``), pitch positive up; a node's
  ``sphereCorrection`` rotates the sphere (:class:`PsvCorrection`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from vtour.geometry.angles import vector_to_yaw_pitch, wrap_yaw, yaw_pitch_to_vector
from vtour.geometry.projections import horizon_matrix

DEFAULT_ASPECT = (16, 9)
"""The screen shape assumed when a vertical (or diagonal) field of view becomes an hfov."""

VTOUR_MAX_HFOV = 120.0
"""vtour's default ``limits.maxHfov``: wider initial views are clamped to it by the viewer."""


# -- frames ---------------------------------------------------------------------------------------


def _angles(vector: np.ndarray) -> tuple[float, float]:
    yaw, pitch = vector_to_yaw_pitch(vector)
    return float(yaw), float(pitch)


def world_to_image(yaw: float, pitch: float, horizon_pitch: float = 0.0, horizon_roll: float = 0.0) -> tuple[float, float]:
    """A level-world direction (Pannellum hotspot) -> the panorama-frame direction (vtour hotspot)."""
    if not horizon_pitch and not horizon_roll:
        return yaw, pitch
    matrix = horizon_matrix(horizon_pitch, horizon_roll)
    return _angles(matrix.T @ yaw_pitch_to_vector(yaw, pitch))


def image_to_world(yaw: float, pitch: float, horizon_pitch: float = 0.0, horizon_roll: float = 0.0) -> tuple[float, float]:
    """Inverse of :func:`world_to_image`: a vtour hotspot direction -> Pannellum's frame."""
    if not horizon_pitch and not horizon_roll:
        return yaw, pitch
    matrix = horizon_matrix(horizon_pitch, horizon_roll)
    return _angles(matrix @ yaw_pitch_to_vector(yaw, pitch))


def angle_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Degrees between two (yaw, pitch) directions: what tests compare after a conversion."""
    u, v = yaw_pitch_to_vector(*a), yaw_pitch_to_vector(*b)
    # atan2 of |u x v| and u . v: exact near 0, where acos of the dot product loses half the digits
    return math.degrees(math.atan2(float(np.linalg.norm(np.cross(u, v))), float(np.dot(u, v))))


def tidy_yaw(yaw: float) -> float:
    """A yaw the schema accepts: kept as written inside [-360, 360], else wrapped to (-180, 180]."""
    return yaw if -360.0 <= yaw <= 360.0 else wrap_yaw(yaw)


def rounded(value: float, digits: int = 6) -> float | int:
    """Round converted numbers so files stay readable (1e-6 degree is far below a pixel)."""
    value = round(float(value), digits)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


# -- fields of view -------------------------------------------------------------------------------


def hfov_from_vfov(vfov: float, aspect: float) -> float:
    """hfov of a rectilinear view ``aspect`` (width / height) wide whose vertical fov is ``vfov``."""
    return math.degrees(2.0 * math.atan(math.tan(math.radians(vfov) / 2.0) * aspect))


def vfov_from_hfov(hfov: float, aspect: float) -> float:
    """Inverse of :func:`hfov_from_vfov`."""
    return math.degrees(2.0 * math.atan(math.tan(math.radians(hfov) / 2.0) / aspect))


def hfov_from_dfov(dfov: float, aspect: float) -> float:
    """hfov of a view whose diagonal field of view is ``dfov``."""
    return math.degrees(2.0 * math.atan(math.tan(math.radians(dfov) / 2.0) * aspect / math.hypot(aspect, 1.0)))


def krpano_hfov(fov: float, fovtype: str, aspect: float, mfovratio: float = 4.0 / 3.0) -> float:
    """krpano's ``fov`` of type ``fovtype`` (HFOV, VFOV, DFOV, MFOV) as vtour's hfov.

    MFOV ("maximum fov") is the hfov of a ``mfovratio`` (4:3) frame fitted inside the screen: on
    a screen wider than that frame the vertical extent of the frame is kept, on a narrower one its
    width.
    """
    kind = (fovtype or "VFOV").strip().upper()
    if kind == "HFOV":
        return fov
    if kind == "DFOV":
        return hfov_from_dfov(fov, aspect)
    if kind == "MFOV":
        if aspect <= mfovratio:
            return fov
        return hfov_from_vfov(vfov_from_hfov(fov, mfovratio), aspect)
    return hfov_from_vfov(fov, aspect)


def parse_aspect(text: str) -> float:
    """``"16:9"``, ``"16/9"`` or ``"1.7778"`` -> width / height; raises ValueError."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(?:[:/x]\s*([0-9.]+))?\s*", text or "")
    if not match:
        raise ValueError(f"not an aspect ratio: {text!r} (use W:H, e.g. 16:9)")
    width = float(match.group(1))
    height = float(match.group(2)) if match.group(2) else 1.0
    if width <= 0 or height <= 0:
        raise ValueError(f"not an aspect ratio: {text!r}")
    return width / height


# -- Marzipano ------------------------------------------------------------------------------------


def from_marzipano(yaw_rad: float, pitch_rad: float) -> tuple[float, float]:
    """Marzipano (radians, pitch positive down) -> vtour (degrees, pitch positive up)."""
    return math.degrees(yaw_rad), -math.degrees(pitch_rad)


def marzipano_hfov(fov_rad: float, aspect: float) -> float:
    """Marzipano's vertical fov (radians) -> hfov at ``aspect``, at most 120 degrees.

    The Marzipano Tool's viewer limits views with ``RectilinearView.limit.traditional(faceSize,
    100 deg, 120 deg)``: whatever the initial vertical fov, the hfov shown is at most 120.
    """
    return min(hfov_from_vfov(math.degrees(fov_rad), aspect), VTOUR_MAX_HFOV)


# -- Photo Sphere Viewer --------------------------------------------------------------------------


_PSV_ANGLE = re.compile(r"\s*([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?)\s*(deg|degs|degrees?|rad|rads|radians?)?\s*", re.I)


def psv_angle(value) -> float:
    """A PSV angle (a number in radians, or ``"30deg"``, ``"0.5rad"``, ``"1.2"``) in degrees."""
    if isinstance(value, bool):
        raise ValueError(f"not an angle: {value!r}")
    if isinstance(value, (int, float)):
        return math.degrees(value)
    match = _PSV_ANGLE.fullmatch(str(value))
    if not match:
        raise ValueError(f"not an angle: {value!r} (a number in radians or e.g. '30deg')")
    number = float(match.group(1))
    unit = (match.group(2) or "rad").lower()
    return number if unit.startswith("deg") else math.degrees(number)


def _psv_vector(yaw: float, pitch: float) -> np.ndarray:
    """PSV's 3D frame (DataHelper.sphericalCoordsToVector3): yaw 0 along +Z, yaw 90 along -X."""
    y, p = math.radians(yaw), math.radians(pitch)
    return np.array([-math.cos(p) * math.sin(y), math.sin(p), math.cos(p) * math.cos(y)])


def _psv_angles(vector: np.ndarray) -> tuple[float, float]:
    x, y, z = vector
    return math.degrees(math.atan2(-x, z)), math.degrees(math.atan2(y, math.hypot(x, z)))


def _rx(a: float) -> np.ndarray:
    c, s = math.cos(a), math.sin(a)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def _ry(a: float) -> np.ndarray:
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def _rz(a: float) -> np.ndarray:
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


_PSV_TO_VTOUR = np.diag([-1.0, 1.0, -1.0])
"""PSV's frame -> vtour's (``yaw_pitch_to_vector``): the same yaw/pitch, turned 180 degrees about +Y."""


@dataclass(frozen=True)
class PsvCorrection:
    """A PSV ``sphereCorrection`` (degrees) and its vtour equivalent.

    PSV turns the textured sphere by ``Euler(tilt, pan, roll, 'ZXY')`` (three.js: the matrix
    ``Rz(roll) Rx(tilt) Ry(pan)``) and places markers, links and views in the turned (world) frame.
    That rotation is split into a turn about the vertical axis by ``yaw_offset`` after vtour's
    horizon correction (``horizon_pitch``, ``horizon_roll``): vtour views are PSV views minus
    ``yaw_offset``; hotspots go into the panorama's own frame.
    """

    pan: float = 0.0
    tilt: float = 0.0
    roll: float = 0.0

    @property
    def matrix(self) -> np.ndarray:
        """PSV mesh frame -> PSV world frame."""
        return _rz(math.radians(self.roll)) @ _rx(math.radians(self.tilt)) @ _ry(math.radians(self.pan))

    @property
    def identity(self) -> bool:
        return not (self.pan or self.tilt or self.roll)

    def _vtour_matrix(self) -> np.ndarray:
        return _PSV_TO_VTOUR @ self.matrix @ _PSV_TO_VTOUR

    def decompose(self) -> tuple[float, float, float]:
        """``(yaw_offset, horizon_pitch, horizon_roll)`` with ``T = turn(yaw_offset) @ horizon``."""
        total = self._vtour_matrix()
        up = total.T @ np.array([0.0, 1.0, 0.0])  # = horizon.T @ e_y = (-sin r, cos p cos r, -sin p cos r)
        roll = math.degrees(math.atan2(-up[0], math.hypot(up[1], up[2])))
        pitch = math.degrees(math.atan2(-up[2], up[1])) if math.hypot(up[1], up[2]) > 1e-12 else 0.0
        turn = total @ horizon_matrix(pitch, roll).T
        yaw = math.degrees(math.atan2(-turn[0, 2], turn[0, 0]))
        return yaw, pitch, roll

    def marker_to_image(self, yaw: float, pitch: float) -> tuple[float, float]:
        """A PSV world direction (marker, link) -> vtour hotspot direction (panorama frame)."""
        if self.identity:
            return yaw, pitch
        return _psv_angles(self.matrix.T @ _psv_vector(yaw, pitch))

    def image_to_marker(self, yaw: float, pitch: float) -> tuple[float, float]:
        """Inverse of :meth:`marker_to_image`."""
        if self.identity:
            return yaw, pitch
        return _psv_angles(self.matrix @ _psv_vector(yaw, pitch))


def psv_view_to_vtour(yaw: float, pitch: float, correction: PsvCorrection) -> tuple[float, float]:
    """A PSV view direction (world frame) -> the vtour view showing the same content."""
    offset, _, _ = correction.decompose()
    return yaw - offset, pitch


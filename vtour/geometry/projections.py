"""Output projections of a view: how an output pixel maps to a camera-space ray and back.

The GLSL in ``shaders/`` implements the same formulas; tests check they agree.
"""

from __future__ import annotations

import enum


class Projection(enum.Enum):
    """How a view maps the sphere onto the output image. hfov spans the outer edges in each."""

    RECTILINEAR = "rectilinear"
    STEREOGRAPHIC = "stereographic"  # "little planet" when pitched to the nadir with a wide hfov
    PANNINI = "pannini"  # keeps verticals straight in wide views (cave interiors)

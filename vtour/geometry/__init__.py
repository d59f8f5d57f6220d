"""Angles, directions, cameras and projections: the one place that owns vtour's conventions.

Degrees at the edges (files, UI, CLI), radians inside the math. yaw 0 is the horizontal centre of
an equirectangular image, positive to the right; pitch positive up; hfov spans the output's outer
edges. World frame: right-handed, +Y up; yaw 0 looks along -Z and yaw 90 along +X.
"""

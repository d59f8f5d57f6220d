// Turn a fragment into the direction it sees in the panorama's own frame (+y up, yaw 0 along -z,
// yaw 90 along +x); not normalised. The projection comes from a #define (a uniform branch would
// cost both sides on llvmpipe): PROJECTION_STEREOGRAPHIC, PROJECTION_PANNINI, else rectilinear.
// The same formulas are in vtour/geometry/projections.py; tests/gl checks that the two agree.
in vec2 v_ndc;

// Camera space (x right, y up, -z forward) -> panorama frame: view rotation and horizon correction.
uniform mat3 u_view_to_source;
// Projection-plane coordinates at the viewport's right and top edges (square pixels).
uniform vec2 u_plane_extent;

#if !defined(PROJECTION_STEREOGRAPHIC) && !defined(PROJECTION_PANNINI)
in vec3 v_ray;  // interpolated by the rasteriser (see fullscreen.glsl)

vec3 source_ray() {
    return v_ray;
}
#else
vec3 camera_ray(vec2 plane) {
#if defined(PROJECTION_STEREOGRAPHIC)
    // plane = 2 tan(theta / 2) in the direction of the ray, theta its angle from forward.
    vec2 q = 0.5 * plane;
    return vec3(2.0 * q, dot(q, q) - 1.0);
#else
    // General Pannini, d = 1: x = 2 tan(phi / 2), y = 2 tan(elevation) / (1 + cos phi).
    float phi = 2.0 * atan(0.5 * plane.x);
    return vec3(sin(phi), 0.5 * plane.y * (1.0 + cos(phi)), -cos(phi));
#endif
}

vec3 source_ray() {
    return u_view_to_source * camera_ray(v_ndc * u_plane_extent);
}
#endif

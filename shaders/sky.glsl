// The environment drawn behind a model (a model scene's "background": "environment"), so a site
// model stands under its own sky, as the panoramas rendered from it do. Drawn first, with depth
// writes off; each fragment shows the environment in the direction it sees, tone-mapped like the
// model (pbr.glsl) so sky and lit surfaces share one exposure.
#if defined(VERTEX_SHADER)
uniform mat4 u_inverse_view_projection;
out vec3 v_direction;

void main() {
    vec2 corner = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    // Points on the near and far planes are affine in screen position, so their difference (the
    // view ray) interpolates exactly across the triangle.
    vec4 near_point = u_inverse_view_projection * vec4(corner, -1.0, 1.0);
    vec4 far_point = u_inverse_view_projection * vec4(corner, 1.0, 1.0);
    v_direction = far_point.xyz / far_point.w - near_point.xyz / near_point.w;
    gl_Position = vec4(corner, 0.0, 1.0);
}
#elif defined(FRAGMENT_SHADER)
#include "include/pbr_lighting.glsl"

in vec3 v_direction;
uniform float u_exposure;
uniform float u_pixel_angle;  // radians per pixel at the centre of the view
out vec4 o_color;

void main() {
    vec3 d = normalize(v_direction);
    // An explicit level: screen derivatives jump at the image's yaw-180 seam (see equirect.glsl).
    float lod = clamp(log2(max(u_pixel_angle * u_environment_width / (2.0 * PI), 1.0)), 0.0, u_environment_max_lod);
    vec3 color = textureLod(u_environment, direction_to_equirect(d), lod).rgb * u_exposure;
    o_color = vec4(linear_to_srgb(tone_map_neutral(color)), 1.0);
}
#endif

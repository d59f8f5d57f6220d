// The scene-change cross-fade: the frame captured before the change, drawn over the new scene's
// frame with a fading opacity (premultiplied blending, u_alpha from 1 down to 0).
#if defined(VERTEX_SHADER)
out vec2 v_uv;

void main() {
    vec2 corner = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    v_uv = 0.5 * corner + 0.5;
    gl_Position = vec4(corner, 0.0, 1.0);
}
#elif defined(FRAGMENT_SHADER)
in vec2 v_uv;
uniform sampler2D u_frame;
uniform float u_alpha;
out vec4 o_color;

void main() {
    o_color = vec4(texture(u_frame, v_uv).rgb, 1.0) * u_alpha;
}
#endif

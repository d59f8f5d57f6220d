// Hotspot markers: one screen-aligned quad per marker, its icon drawn procedurally with signed
// distances (antialiased at any size). Marker centres come from the CPU, placed with
// vtour.geometry.projections.yaw_pitch_to_pixel, so a marker sits exactly where picking looks.
// Drawn with glDrawArrays(GL_TRIANGLES, 0, 6 * count) and no vertex buffers; premultiplied alpha.
#ifndef MAX_MARKERS
#define MAX_MARKERS 64
#endif

#if defined(VERTEX_SHADER)
// Per marker: centre (x, y) in pixels from the top-left corner, kind (0 info, 1 scene link),
// state bits (1 hovered, 2 keyboard focus).
uniform vec4 u_markers[MAX_MARKERS];
uniform vec2 u_viewport;   // framebuffer size in pixels
uniform float u_radius;    // disc radius in pixels

out vec2 v_local;          // pixel offset from the marker centre, +y down
flat out int v_kind;
flat out int v_state;

const vec2 CORNERS[6] = vec2[6](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));

void main() {
    vec4 marker = u_markers[gl_VertexID / 6];
    vec2 corner = CORNERS[gl_VertexID % 6];
    // Room for the hover growth, the focus ring and the shadow.
    v_local = corner * (u_radius * 1.45 + 6.0);
    v_kind = int(marker.z + 0.5);
    v_state = int(marker.w + 0.5);
    vec2 pixel = marker.xy + v_local;
    gl_Position = vec4(2.0 * pixel.x / u_viewport.x - 1.0, 1.0 - 2.0 * pixel.y / u_viewport.y, 0.0, 1.0);
}

#elif defined(FRAGMENT_SHADER)
in vec2 v_local;
flat in int v_kind;
flat in int v_state;
uniform float u_radius;
uniform float u_scale;       // device pixels per logical pixel
uniform float u_shadow;      // 1 draws the soft drop shadow, 0 not (tests locate centres without it)
out vec4 o_color;

const vec3 INFO_FILL = vec3(0.10, 0.38, 0.70);
const vec3 SCENE_FILL = vec3(0.86, 0.45, 0.09);
const vec3 FOCUS_RING = vec3(1.0, 0.84, 0.18);

float coverage(float d) {  // signed distance in pixels -> antialiased coverage
    return clamp(0.5 - d, 0.0, 1.0);
}

float segment(vec2 p, vec2 a, vec2 b) {
    vec2 pa = p - a, ba = b - a;
    float h = clamp(dot(pa, ba) / dot(ba, ba), 0.0, 1.0);
    return length(pa - ba * h);
}

// The glyph's signed distance in pixels, for a disc of radius r centred at the origin (+y down).
float info_glyph(vec2 p, float r) {
    float dot_ = length(p - vec2(0.0, -0.40 * r)) - 0.13 * r;
    float stem = segment(p, vec2(0.0, -0.10 * r), vec2(0.0, 0.42 * r)) - 0.10 * r;
    return min(dot_, stem);
}

float scene_glyph(vec2 p, float r) {
    // A bold chevron pointing up: "go forward".
    float w = 0.11 * r;
    float upper = min(segment(p, vec2(-0.36 * r, 0.02 * r), vec2(0.0, -0.34 * r)),
                      segment(p, vec2(0.0, -0.34 * r), vec2(0.36 * r, 0.02 * r))) - w;
    float lower = min(segment(p, vec2(-0.30 * r, 0.36 * r), vec2(0.0, 0.06 * r)),
                      segment(p, vec2(0.0, 0.06 * r), vec2(0.30 * r, 0.36 * r))) - 0.8 * w;
    return min(upper, lower);
}

vec4 over(vec4 top, vec4 under) {  // premultiplied "top over under"
    return top + under * (1.0 - top.a);
}

void main() {
    bool hovered = (v_state & 1) != 0;
    bool focused = (v_state & 2) != 0;
    float r = u_radius * (hovered ? 1.12 : 1.0);
    float d = length(v_local);
    vec4 color = vec4(0.0);
    if (u_shadow > 0.5) {
        float blur = 3.0 * u_scale;
        float s = length(v_local - vec2(0.0, 1.5 * u_scale)) - r;
        color = vec4(0.0, 0.0, 0.0, 0.38 * (1.0 - smoothstep(-blur, blur, s)));
    }
    if (focused) {
        float ring = abs(d - (r + 3.5 * u_scale)) - 1.5 * u_scale;
        color = over(vec4(FOCUS_RING, 1.0) * coverage(ring), color);
    }
    vec3 fill = v_kind == 1 ? SCENE_FILL : INFO_FILL;
    fill = hovered ? mix(fill, vec3(1.0), 0.18) : fill;
    float edge = 1.6 * u_scale;
    // A white rim around the coloured face; the glyph in white on the face.
    vec4 disc = vec4(mix(fill, vec3(1.0), clamp(0.5 - (r - edge - d), 0.0, 1.0)), 1.0);
    color = over(disc * coverage(d - r), color);
    float glyph = v_kind == 1 ? scene_glyph(v_local, r) : info_glyph(v_local, r);
    color = over(vec4(1.0) * coverage(glyph) * coverage(d - r + edge), color);
    if (color.a <= 0.0) discard;
    o_color = color;
}
#endif

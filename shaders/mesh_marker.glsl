// 3D hotspot markers over a model (vtour/render/mesh_hotspots.py), drawn into the mesh pass's
// multisampled target after the model, while its depth buffer is still bound.
//
// Two variants:
// - PROBE: a small screen-aligned square at one anchor's projected position and depth, drawn with
//   the depth test on and colour and depth writes off inside a GL_SAMPLES_PASSED query. The
//   samples that pass, over the samples covered, are the fraction of the anchor not hidden by
//   the model: the depth test happens per sample in the multisampled buffer, so it needs no
//   resolve or readback of depth, and a marker half behind a silhouette comes out half visible.
// - otherwise: the marker icons, one screen-aligned quad per marker at its projected anchor with
//   the depth test off, each multiplied by its opacity (faded when occluded or facing away).
//   The icon is the 2D markers' own (hotspot_marker.glsl's fragment stage, included with its
//   main renamed), so panorama and model hotspots look the same.
#ifndef MAX_MARKERS
#define MAX_MARKERS 64
#endif

#if defined(VERTEX_SHADER)
const vec2 CORNERS[6] = vec2[6](vec2(-1, -1), vec2(1, -1), vec2(1, 1), vec2(-1, -1), vec2(1, 1), vec2(-1, 1));

#if defined(PROBE)
uniform vec3 u_probe;       // anchor in normalised device coordinates (x, y, depth)
uniform vec2 u_probe_half;  // half size of the probe square in NDC units
void main() {
    gl_Position = vec4(u_probe.xy + CORNERS[gl_VertexID % 6] * u_probe_half, u_probe.z, 1.0);
}
#else
uniform vec4 u_markers[MAX_MARKERS];  // centre (x, y) in pixels from the top-left, kind, state bits
uniform float u_opacity[MAX_MARKERS];
uniform vec2 u_viewport;
uniform float u_radius;
out vec2 v_local;
flat out int v_kind;
flat out int v_state;
flat out float v_opacity;

void main() {
    int index = gl_VertexID / 6;
    vec4 marker = u_markers[index];
    v_local = CORNERS[gl_VertexID % 6] * (u_radius * 1.45 + 6.0);
    v_kind = int(marker.z + 0.5);
    v_state = int(marker.w + 0.5);
    v_opacity = u_opacity[index];
    vec2 pixel = marker.xy + v_local;
    gl_Position = vec4(2.0 * pixel.x / u_viewport.x - 1.0, 1.0 - 2.0 * pixel.y / u_viewport.y, 0.0, 1.0);
}
#endif

#elif defined(FRAGMENT_SHADER)
#if defined(PROBE)
out vec4 o_color;
void main() {
    o_color = vec4(0.0);
}
#else
flat in float v_opacity;
#define main hotspot_marker_main
#include "hotspot_marker.glsl"
#undef main
void main() {
    hotspot_marker_main();
    o_color *= v_opacity;  // premultiplied alpha: fade colour and coverage alike
}
#endif
#endif

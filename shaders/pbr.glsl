// glTF metallic-roughness materials, lit by image-based lighting plus one directional key light.
// Defines (one program per combination): BASE_COLOR_MAP, METALLIC_ROUGHNESS_MAP, NORMAL_MAP,
// OCCLUSION_MAP, EMISSIVE_MAP, UNLIT (KHR_materials_unlit: base colour only), ALPHA_MASK
// (discard below the cutoff), ALPHA_BLEND (keep alpha; else it is forced to 1).
// Output: tone-mapped, sRGB-encoded colour (the colour buffer is plain RGBA8).
#if defined(VERTEX_SHADER)
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_tangent;
layout(location = 3) in vec2 a_uv0;
layout(location = 4) in vec2 a_uv1;
layout(location = 5) in vec4 a_color;

uniform mat4 u_model;
uniform mat4 u_view_projection;
uniform mat3 u_normal_matrix;

out vec3 v_world;
out vec3 v_normal;
out vec4 v_tangent;
out vec2 v_uv0;
out vec2 v_uv1;
out vec4 v_color;

void main() {
    vec4 world = u_model * vec4(a_position, 1.0);
    v_world = world.xyz;
    v_normal = u_normal_matrix * a_normal;
    v_tangent = vec4(mat3(u_model) * a_tangent.xyz, a_tangent.w);
    v_uv0 = a_uv0;
    v_uv1 = a_uv1;
    v_color = a_color;
    gl_Position = u_view_projection * world;
}
#elif defined(FRAGMENT_SHADER)
#include "include/pbr_lighting.glsl"

in vec3 v_world;
in vec3 v_normal;
in vec4 v_tangent;
in vec2 v_uv0;
in vec2 v_uv1;
in vec4 v_color;

out vec4 o_color;

uniform vec4 u_base_color_factor;
uniform float u_metallic_factor;
uniform float u_roughness_factor;
uniform vec3 u_emissive_factor;
uniform float u_alpha_cutoff;
uniform float u_normal_scale;
uniform float u_occlusion_strength;
uniform vec3 u_camera_position;
uniform vec3 u_light_direction;
uniform vec3 u_light_color;
uniform float u_exposure;

// One sampler, UV set and KHR_texture_transform matrix per texture slot.
uniform sampler2D u_base_color_map;
uniform sampler2D u_metallic_roughness_map;
uniform sampler2D u_normal_map;
uniform sampler2D u_occlusion_map;
uniform sampler2D u_emissive_map;
uniform int u_base_color_uv_set;
uniform int u_metallic_roughness_uv_set;
uniform int u_normal_uv_set;
uniform int u_occlusion_uv_set;
uniform int u_emissive_uv_set;
uniform mat3 u_base_color_transform;
uniform mat3 u_metallic_roughness_transform;
uniform mat3 u_normal_transform;
uniform mat3 u_occlusion_transform;
uniform mat3 u_emissive_transform;

vec2 slot_uv(int uv_set, mat3 transform) {
    vec2 uv = uv_set == 1 ? v_uv1 : v_uv0;
    return (transform * vec3(uv, 1.0)).xy;
}

vec4 base_color() {
    vec4 color = u_base_color_factor * v_color;
#if defined(BASE_COLOR_MAP)
    color *= texture(u_base_color_map, slot_uv(u_base_color_uv_set, u_base_color_transform));
#endif
    return color;
}

vec3 shading_normal() {
    vec3 n = normalize(v_normal);
    float side = gl_FrontFacing ? 1.0 : -1.0;  // double-sided: light the back face with its own normal
#if defined(NORMAL_MAP)
    vec3 t = v_tangent.xyz - n * dot(n, v_tangent.xyz);
    t = dot(t, t) > 1e-12 ? normalize(t) : vec3(1.0, 0.0, 0.0);
    vec3 b = cross(n, t) * v_tangent.w;
    vec3 m = texture(u_normal_map, slot_uv(u_normal_uv_set, u_normal_transform)).xyz * 2.0 - 1.0;
    m.xy *= u_normal_scale;
    n = normalize(mat3(t, b, n) * m);
#endif
    return n * side;
}

void main() {
    vec4 base = base_color();
#if defined(ALPHA_MASK)
    if (base.a < u_alpha_cutoff) discard;
    base.a = 1.0;
#elif !defined(ALPHA_BLEND)
    base.a = 1.0;
#endif
#if defined(UNLIT)
    o_color = vec4(linear_to_srgb(base.rgb), base.a);
#else
    float metallic = u_metallic_factor;
    float roughness = u_roughness_factor;
#if defined(METALLIC_ROUGHNESS_MAP)
    vec4 mr = texture(u_metallic_roughness_map, slot_uv(u_metallic_roughness_uv_set, u_metallic_roughness_transform));
    roughness *= mr.g;
    metallic *= mr.b;
#endif
    metallic = clamp(metallic, 0.0, 1.0);
    roughness = clamp(roughness, 0.03, 1.0);
    vec3 n = shading_normal();
    vec3 v = normalize(u_camera_position - v_world);
    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);
    vec3 diffuse_color = base.rgb * (1.0 - metallic);
    vec3 ambient = image_based_light(n, v, diffuse_color, f0, roughness);
#if defined(OCCLUSION_MAP)
    float ao = texture(u_occlusion_map, slot_uv(u_occlusion_uv_set, u_occlusion_transform)).r;
    ambient *= 1.0 + u_occlusion_strength * (ao - 1.0);
#endif
    vec3 color = ambient + direct_light(n, v, u_light_direction, u_light_color, diffuse_color, f0, roughness);
    vec3 emissive = u_emissive_factor;
#if defined(EMISSIVE_MAP)
    emissive *= texture(u_emissive_map, slot_uv(u_emissive_uv_set, u_emissive_transform)).rgb;
#endif
    color = color * u_exposure + emissive;
    o_color = vec4(linear_to_srgb(tone_map_neutral(color)), base.a);
#endif
}
#endif

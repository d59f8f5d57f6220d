// Metallic-roughness BRDF (glTF spec appendix B): GGX distribution, height-correlated Smith
// visibility, Schlick Fresnel; image-based lighting from SH9 irradiance, a mipmapped
// equirectangular environment and a split-sum BRDF table; Khronos PBR Neutral tone mapping.
#include "atan2.glsl"

uniform vec3 u_sh[9];
uniform sampler2D u_environment;
uniform sampler2D u_brdf_lut;
uniform float u_environment_width;
uniform float u_environment_max_lod;

vec3 sh_irradiance(vec3 n) {
    // Diffuse radiance of a white surface facing n (coefficients pre-convolved, see environment.py).
    return max(u_sh[0] * 0.282095
        + u_sh[1] * (0.488603 * n.y) + u_sh[2] * (0.488603 * n.z) + u_sh[3] * (0.488603 * n.x)
        + u_sh[4] * (1.092548 * n.x * n.y) + u_sh[5] * (1.092548 * n.y * n.z)
        + u_sh[6] * (0.315392 * (3.0 * n.z * n.z - 1.0)) + u_sh[7] * (1.092548 * n.x * n.z)
        + u_sh[8] * (0.546274 * (n.x * n.x - n.y * n.y)), vec3(0.0));
}

vec2 direction_to_equirect(vec3 d) {
    // The panorama convention: yaw 0 (-Z) at u = 0.5, row 0 (v = 0) at pitch +90.
    float lon = fast_atan2(d.x, -d.z);
    float lat = fast_atan2(d.y, length(d.xz));
    return vec2(lon / (2.0 * PI) + 0.5, 0.5 - lat / PI);
}

vec3 environment_radiance(vec3 d, float roughness) {
    // Approximation: the mip level whose texel (2 pi / width * 2^lod radians) matches the GGX
    // lobe width alpha = roughness^2. Box-filtered mips stand in for a GGX prefilter.
    float alpha = roughness * roughness;
    float lod = clamp(log2(max(alpha * u_environment_width / (2.0 * PI), 1.0)) + 1.0, 0.0, u_environment_max_lod);
    return textureLod(u_environment, direction_to_equirect(d), lod).rgb;
}

vec3 fresnel_schlick(vec3 f0, float v_dot_h) {
    return f0 + (vec3(1.0) - f0) * pow(clamp(1.0 - v_dot_h, 0.0, 1.0), 5.0);
}

float ggx_distribution(float n_dot_h, float alpha) {
    float a2 = alpha * alpha;
    float f = n_dot_h * n_dot_h * (a2 - 1.0) + 1.0;
    return a2 / (PI * f * f);
}

float smith_visibility(float n_dot_l, float n_dot_v, float alpha) {
    float a2 = alpha * alpha;
    float ggxv = n_dot_l * sqrt(n_dot_v * n_dot_v * (1.0 - a2) + a2);
    float ggxl = n_dot_v * sqrt(n_dot_l * n_dot_l * (1.0 - a2) + a2);
    float sum = ggxv + ggxl;
    return sum > 0.0 ? 0.5 / sum : 0.0;
}

// Radiance from one directional light (direction towards the light, colour x intensity).
vec3 direct_light(vec3 n, vec3 v, vec3 l, vec3 light, vec3 diffuse_color, vec3 f0, float roughness) {
    float n_dot_l = clamp(dot(n, l), 0.0, 1.0);
    if (n_dot_l <= 0.0) return vec3(0.0);
    vec3 h = normalize(l + v);
    float n_dot_v = clamp(abs(dot(n, v)), 1e-4, 1.0);
    float alpha = max(roughness * roughness, 1e-3);
    vec3 f = fresnel_schlick(f0, clamp(dot(v, h), 0.0, 1.0));
    vec3 diffuse = (vec3(1.0) - f) * diffuse_color / PI;
    vec3 specular = f * ggx_distribution(clamp(dot(n, h), 0.0, 1.0), alpha) * smith_visibility(n_dot_l, n_dot_v, alpha);
    return (diffuse + specular) * light * n_dot_l;
}

vec3 image_based_light(vec3 n, vec3 v, vec3 diffuse_color, vec3 f0, float roughness) {
    float n_dot_v = clamp(abs(dot(n, v)), 1e-4, 1.0);
    vec2 brdf = texture(u_brdf_lut, vec2(n_dot_v, roughness)).rg;
    vec3 specular = environment_radiance(reflect(-v, n), roughness) * (f0 * brdf.x + brdf.y);
    return sh_irradiance(n) * diffuse_color + specular;
}

// Khronos PBR Neutral: base colours below ~0.8 come out (nearly) as authored, highlights compress.
vec3 tone_map_neutral(vec3 color) {
    const float start = 0.8 - 0.04;
    const float desaturation = 0.15;
    float x = min(color.r, min(color.g, color.b));
    float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    color -= offset;
    float peak = max(color.r, max(color.g, color.b));
    if (peak < start) return color;
    const float d = 1.0 - start;
    float new_peak = 1.0 - d * d / (peak + d - start);
    color *= new_peak / peak;
    float g = 1.0 - 1.0 / (desaturation * (peak - new_peak) + 1.0);
    return mix(color, vec3(new_peak), g);
}

vec3 linear_to_srgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(vec3(0.0031308), c));
}

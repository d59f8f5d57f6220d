// An equirectangular panorama, whole or partial, in one texture or split over the layers of an
// array texture (EQUIRECT_TILED) when it is larger than GL_MAX_TEXTURE_SIZE.
// Defines: WRAP_YAW (the image covers 360 degrees of yaw), PARTIAL (parts of the sphere are not
// covered: they show the background), EQUIRECT_TILED, and the projection (see view_ray.glsl).
#if defined(VERTEX_SHADER)
#include "include/fullscreen.glsl"
#elif defined(FRAGMENT_SHADER)
#include "include/view_ray.glsl"
#include "include/background.glsl"
#include "include/atan2.glsl"

// Radians -> texture coordinates: u = lon * u_uv_scale.x + 0.5, v = 0.5 - (lat - v_offset) * u_uv_scale.y.
uniform vec2 u_uv_scale;
uniform float u_v_offset;

#if defined(EQUIRECT_TILED)
#include "include/equirect_tiles.glsl"
#else
uniform sampler2D u_panorama;

vec4 sample_panorama(vec2 uv, vec2 dx, vec2 dy) {
    return textureGrad(u_panorama, uv, dx, dy);
}
#endif

void main() {
    vec3 ray = source_ray();
    float horizontal = length(ray.xz);
    float lon = fast_atan2(ray.x, -ray.z);
    // atan rather than asin for the latitude: llvmpipe's asin is off by up to half a texel at 8K.
    float lat = fast_atan2(ray.y, horizontal);
    vec2 uv = vec2(lon * u_uv_scale.x + 0.5, 0.5 - (lat - u_v_offset) * u_uv_scale.y);

    // Explicit gradients for the mip level. Across the yaw +-180 seam u jumps by 1, and the
    // implicit derivative would pick the coarsest level there (a grey line): unwrap the jump.
    vec2 dx = dFdx(uv);
    vec2 dy = dFdy(uv);
#if defined(WRAP_YAW)
    dx.x -= round(dx.x);
    dy.x -= round(dy.x);
    uv.x = fract(uv.x);
#endif
    // Toward the poles a pixel spans ever more image columns (1 / cos(lat) times its rows), and
    // an isotropic mip level chosen from that smears a disc around the pole. Columns there are
    // narrower than the pixel on the sphere too, so measure the footprint on the sphere instead.
    float cos_lat = horizontal * inversesqrt(max(dot(ray, ray), 1e-30));
    dx.x *= cos_lat;
    dy.x *= cos_lat;

    vec4 color = sample_panorama(uv, dx, dy);
#if defined(PARTIAL)
    bool inside = all(greaterThanEqual(uv, vec2(0.0))) && all(lessThanEqual(uv, vec2(1.0)));
    color = inside ? color : vec4(0.0);
#endif
    write_color(color);
}
#endif

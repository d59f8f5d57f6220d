// A polygon area hotspot: corners on the sphere joined by great-circle arcs, filled translucently
// and outlined. Evaluated per fragment on the view ray, so it is exact in every projection and
// needs no clipping where the polygon passes behind the viewer. The CPU limits the pass to the
// area's screen bounds (scissor). Premultiplied alpha. Same inside test as
// vtour.geometry.picking.point_in_spherical_polygon.
#ifndef MAX_VERTICES
#define MAX_VERTICES 16
#endif

#if defined(VERTEX_SHADER)
#include "include/fullscreen.glsl"
#elif defined(FRAGMENT_SHADER)
#include "include/view_ray.glsl"

uniform vec3 u_vertices[MAX_VERTICES];  // unit vectors in the panorama frame
uniform int u_count;
uniform vec3 u_centre;                   // normalised mean of the corners
uniform vec4 u_fill;                     // premultiplied fill colour
uniform vec4 u_line;                     // premultiplied outline colour
uniform float u_line_width;              // outline width in pixels
out vec4 o_color;

const float PI = 3.14159265358979;

float angle_between(vec3 a, vec3 b) {
    return atan(length(cross(a, b)), dot(a, b));
}

// Angular distance from r to the shorter arc a -> b.
float arc_distance(vec3 r, vec3 a, vec3 b) {
    vec3 n = cross(a, b);
    float len = length(n);
    if (len > 1e-9) {
        n /= len;
        vec3 q = r - dot(r, n) * n;
        if (dot(cross(a, q), n) >= 0.0 && dot(cross(q, b), n) >= 0.0)
            return abs(asin(clamp(dot(r, n), -1.0, 1.0)));
    }
    return min(angle_between(r, a), angle_between(r, b));
}

vec4 over(vec4 top, vec4 under) {
    return top + under * (1.0 - top.a);
}

void main() {
    vec3 r = normalize(source_ray());
    // Angle one pixel spans here: turns angles into pixels in any projection.
    float pixel_angle = max(length(dFdx(r)), length(dFdy(r)));
    float winding = 0.0;
    float nearest = PI;
    for (int i = 0; i < u_count; ++i) {
        vec3 a = u_vertices[i];
        vec3 b = u_vertices[i + 1 < u_count ? i + 1 : 0];
        winding += atan(dot(r, cross(a, b)), dot(a, b) - dot(a, r) * dot(b, r));
        nearest = min(nearest, arc_distance(r, a, b));
    }
    bool inside = abs(winding) > PI && dot(r, u_centre) > 0.0;
    float d = nearest / max(pixel_angle, 1e-7);   // pixels from the outline
    vec4 color = inside ? u_fill : vec4(0.0);
    // A dark halo under the light line keeps it readable on bright walls and skies.
    color = over(vec4(0.0, 0.0, 0.0, 0.45) * clamp(0.5 * u_line_width + 1.5 - d, 0.0, 1.0), color);
    color = over(u_line * clamp(0.5 * u_line_width + 0.5 - d, 0.0, 1.0), color);
    if (color.a <= 0.0) discard;
    o_color = color;
}
#endif

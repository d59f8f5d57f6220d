// Vertex stage shared by the full-screen passes: one triangle that covers the viewport, drawn with
// glDrawArrays(GL_TRIANGLES, 0, 3) and no vertex buffers. v_ndc is each fragment's position in
// normalised device coordinates, [-1, 1] across the viewport, +y up.
out vec2 v_ndc;

#if !defined(PROJECTION_STEREOGRAPHIC) && !defined(PROJECTION_PANNINI)
// A rectilinear view ray is affine in screen position, so the rasteriser interpolates it for
// free and the fragment stage skips a matrix product per pixel (measurable on llvmpipe).
#define RAY_FROM_VERTEX 1
uniform mat3 u_view_to_source;
uniform vec2 u_plane_extent;
out vec3 v_ray;
#endif

void main() {
    // Vertices 0, 1, 2 -> (-1, -1), (3, -1), (-1, 3): the viewport is the triangle's inner corner.
    vec2 corner = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    v_ndc = corner;
#if defined(RAY_FROM_VERTEX)
    v_ray = u_view_to_source * vec3(corner * u_plane_extent, -1.0);
#endif
    gl_Position = vec4(corner, 0.0, 1.0);
}

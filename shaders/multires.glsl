// A tiled multi-resolution cube panorama (Pannellum's multires layout), streamed.
//
// Resident tiles live in one texture array, a tile a layer (u_atlas): the preview level's for
// good, finer ones as the view needs them. The page table (u_pages) has a texel per tile of the
// level the view needs, naming the finest resident tile that holds it: that tile itself or a
// coarser one, down to the preview (see page_entries in vtour/render/multires.py). So a pixel
// costs two fetches whatever mix of levels is resident, and the view sharpens as tiles arrive.
// Within a tile, sampling is clamped half a texel inside the tile's own pixels, so a layer's
// unused area (the last row and column of tiles are narrower) and the neighbouring layer never
// bleed in; neighbouring tiles meet at the same face coordinate, so nothing can crack.
#if defined(VERTEX_SHADER)
#include "include/fullscreen.glsl"
#elif defined(FRAGMENT_SHADER)
#include "include/view_ray.glsl"
#include "include/background.glsl"

uniform sampler2DArray u_atlas;
// A texel per tile of the view's level at (face * u_tiles + col, row): the holding tile's layer
// + 1, its level's face edge, and its top-left texel in that level.
uniform sampler2D u_pages;
uniform float u_edge;       // face edge of the view's level, texels
uniform float u_tiles;      // tiles along a face side at that level
uniform float u_tile_size;  // tileResolution (texels a side of a full tile and of a layer)

// Face 0..5 (front, right, back, left, up, down) and (u, v) in [0, 1], u right and v down as the
// face image is seen from the centre: a cube scene's faces (vtour.io.multires._FACE_AXES).
vec3 face_uv(vec3 d) {
    vec3 a = abs(d);
    if (a.z >= a.x && a.z >= a.y) {
        return d.z < 0.0 ? vec3(0.0, 0.5 * (d.x / a.z + 1.0), 0.5 * (-d.y / a.z + 1.0))
                         : vec3(2.0, 0.5 * (-d.x / a.z + 1.0), 0.5 * (-d.y / a.z + 1.0));
    }
    if (a.x >= a.y) {
        return d.x > 0.0 ? vec3(1.0, 0.5 * (d.z / a.x + 1.0), 0.5 * (-d.y / a.x + 1.0))
                         : vec3(3.0, 0.5 * (-d.z / a.x + 1.0), 0.5 * (-d.y / a.x + 1.0));
    }
    // The up face's top row looks towards yaw 180 (+z), the down face's bottom row too.
    return d.y > 0.0 ? vec3(4.0, 0.5 * (d.x / a.y + 1.0), 0.5 * (-d.z / a.y + 1.0))
                     : vec3(5.0, 0.5 * (d.x / a.y + 1.0), 0.5 * (d.z / a.y + 1.0));
}

void main() {
    vec3 ray = source_ray();
    vec3 f = face_uv(ray);
    vec2 tile = min(floor(f.yz * (u_edge / u_tile_size)), vec2(u_tiles - 1.0));
    vec4 page = texelFetch(u_pages, ivec2(int(f.x * u_tiles + tile.x), int(tile.y)), 0);
    // The resident tile's pixels, sampled from its own origin (not the pixel's tile at its level):
    // a pixel rounded across a tile edge is clamped into this tile, never read from another layer.
    vec2 extent = min(vec2(u_tile_size), vec2(page.y) - page.zw);  // narrower last row and column
    vec2 local = clamp(f.yz * page.y - page.zw, vec2(0.5), extent - 0.5);
    vec4 color = textureLod(u_atlas, vec3(local / u_tile_size, page.x - 1.0), 0.0);  // no mipmaps: the level fits the screen
    write_color(color);
}
#endif

// A tiled multi-resolution cube panorama (Pannellum's multires layout), streamed.
//
// Resident tiles live in one texture array, a tile a layer (u_atlas). A page table (u_pages, one
// texel per tile of every level: the tile's layer + 1, or 0 when it is not resident) tells where
// each tile is. A fragment looks for its tile at the level the screen needs (u_level), then at
// coarser levels, and falls back to the coarse preview cube map (u_preview, shown from the first
// frame) where no tile is resident yet. So the view is never empty and sharpens as tiles arrive.
// Within a tile, sampling is clamped half a texel inside the tile's own pixels, so a layer's
// unused area (the last row and column of tiles are narrower) and the neighbouring layer never
// bleed in; neighbouring tiles meet at the same face coordinate, so nothing can crack.
#if defined(VERTEX_SHADER)
#include "include/fullscreen.glsl"
#elif defined(FRAGMENT_SHADER)
#include "include/view_ray.glsl"
#include "include/background.glsl"

uniform samplerCube u_preview;
uniform sampler2DArray u_atlas;
uniform sampler2DArray u_pages;  // a layer per level, a texel per tile: (face * tiles + col, row)
uniform int u_level;            // the level wanted for this view
uniform int u_preview_level;    // levels at or below it are the preview cube map's business
uniform int u_max_level;
uniform int u_cube_resolution;  // face edge at u_max_level
uniform int u_tile_size;        // tileResolution (texels a side of a full tile and of a layer)

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

// The tile of `level` under face coordinates `f`; true when resident, with its colour.
bool sample_level(int level, vec3 f, out vec4 color) {
    // Integer halving, as Pannellum sizes its levels: edge = cubeResolution >> (maxLevel - level).
    // (Float arithmetic: llvmpipe does integer division one lane at a time.)
    float edge = float(u_cube_resolution >> (u_max_level - level));
    float size = float(u_tile_size);
    float count = ceil(edge / size);
    vec2 texel = f.yz * edge;
    vec2 tile = min(floor(texel / size), vec2(count - 1.0));
    float layer = texelFetch(u_pages, ivec3(int(f.x * count + tile.x), int(tile.y), level - 1), 0).r;
    if (layer < 0.5) {
        return false;
    }
    vec2 origin = tile * size;
    vec2 extent = min(vec2(size), vec2(edge) - origin);  // narrower last row and column
    vec2 local = clamp(texel - origin, vec2(0.5), extent - 0.5);
    color = textureLod(u_atlas, vec3(local / size, layer - 1.0), 0.0);  // no mipmaps: the level fits the screen
    return true;
}

void main() {
    vec3 ray = source_ray();
    // Sampled before the loop: implicit derivatives need uniform control flow (the cube is
    // mipmapped), and explicit ones (textureGrad) cost llvmpipe far more than the fetch.
#if defined(TILES_ONLY)
    vec4 color = vec4(0.0);  // every tile in view is resident: the preview would never show
#else
    // Level 0: the preview is magnified in any view that needs tiles, and an explicit level spares
    // llvmpipe the cube map's per-pixel level-of-detail arithmetic.
    vec4 color = textureLod(u_preview, vec3(ray.x, ray.y, -ray.z), 0.0);
#endif
    vec3 f = face_uv(ray);
    vec4 tile_color;
    for (int level = u_level; level > u_preview_level; --level) {
        if (sample_level(level, f, tile_color)) {
            color = tile_color;
            break;
        }
    }
    write_color(color);
}
#endif

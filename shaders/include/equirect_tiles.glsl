// An equirectangular image split into a grid of tiles, one per layer of an array texture, each at
// most GL_MAX_TEXTURE_SIZE. Tile (c, r) holds image texels [c, r] * u_tile_step - u_tile_pad up to
// a size of u_tile_size; the padding repeats the neighbouring tiles' texels (wrapping around the
// yaw seam), so bilinear and mipmapped filtering cross tile borders without a visible seam.
uniform sampler2DArray u_tiles;
uniform vec2 u_image_size;    // texels of the whole image
uniform vec2 u_tile_step;     // texels between tile origins
uniform vec2 u_tile_pad;      // padding texels on each side
uniform vec2 u_tile_size;     // texels of a layer
uniform ivec2 u_tile_grid;    // columns, rows

vec4 sample_panorama(vec2 uv, vec2 dx, vec2 dy) {
    vec2 texel = uv * u_image_size;
    ivec2 cell = clamp(ivec2(floor(texel / u_tile_step)), ivec2(0), u_tile_grid - 1);
    vec2 local = (texel - vec2(cell) * u_tile_step + u_tile_pad) / u_tile_size;
    vec2 scale = u_image_size / u_tile_size;
    float layer = float(cell.y * u_tile_grid.x + cell.x);
    return textureGrad(u_tiles, vec3(local, layer), dx * scale, dy * scale);
}

// Output: where the source has no data (alpha 0, e.g. outside a partial panorama) the background
// colour shows.
uniform vec3 u_background;
out vec4 o_color;

void write_color(vec4 color) {
    o_color = vec4(mix(u_background, color.rgb, color.a), 1.0);
}

// A panorama held in a cube map (six faces as given, or an equirectangular image converted on
// load). The cube is looked up with z negated, which makes Pannellum's face order and orientation
// (front, right, back, left, up, down as seen from the centre) land on GL's +z, +x, -z, -x, +y, -y
// faces without flipping any image; the renderer folds that into u_view_to_source.
#if defined(VERTEX_SHADER)
#include "include/fullscreen.glsl"
#elif defined(FRAGMENT_SHADER)
#include "include/view_ray.glsl"
#include "include/background.glsl"

uniform samplerCube u_cube;

void main() {
    write_color(texture(u_cube, source_ray()));
}
#endif

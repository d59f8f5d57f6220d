// atan2 as a polynomial: |error| < 2e-6 rad (1/200 of a texel of a 16K panorama), and cheaper than
// llvmpipe's built-in atan(y, x), which costs about a tenth of an 8K frame per call.
const float HALF_PI = 1.57079633;
const float PI = 3.14159265;

float fast_atan2(float y, float x) {
    float ax = abs(x);
    float ay = abs(y);
    float a = min(ax, ay) / max(max(ax, ay), 1e-30);
    float s = a * a;
    // Minimax polynomial for atan on [0, 1] (Abramowitz & Stegun 4.4.49 form).
    float r = a * (((((-0.0117212 * s + 0.05265332) * s - 0.11643287) * s + 0.19354346) * s
                    - 0.33262347) * s + 0.99997726);
    r = ay > ax ? HALF_PI - r : r;
    r = x < 0.0 ? PI - r : r;
    return y < 0.0 ? -r : r;
}

#pragma once
// Renders text (a dynamic-code token) as a QR code image: error-correction level M, the mode
// libqrencode picks (alphanumeric for an upper-case base32 token), the smallest version that
// fits. Dark modules are black on white; `margin_modules` is the quiet zone (the standard asks
// for 4).

#include <string>
#include <string_view>

#include "core/result.h"

namespace yibao::qr {

// Limits on the rendering parameters; outside them (or for empty text, text with a NUL byte,
// text too long for a QR code) both functions refuse with INTERNAL_ERROR: callers pass
// constants, so a refusal is a programming error, never the person's.
inline constexpr int kMaxModulePixels = 64;
inline constexpr int kMaxMarginModules = 32;

// PNG bytes: 1-bit grayscale, (modules + 2*margin) * module_pixels pixels square.
core::Result<std::string> render_png(std::string_view text, int module_pixels = 8,
                                     int margin_modules = 4);

// A compact SVG: a white background <rect> and one <path> holding every dark module,
// viewBox in modules (quiet zone included), shape-rendering="crispEdges"; it scales to any size.
core::Result<std::string> render_svg(std::string_view text, int margin_modules = 4);

}  // namespace yibao::qr

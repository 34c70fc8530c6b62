#pragma once
// Enough of PNG to tell whether a screenshot shows anything: 8-bit RGB or
// RGBA, not interlaced (what Chromium writes), decoded with zlib.

#include <cstdint>
#include <string>
#include <vector>

namespace sdemig::browser {

struct image {
  int width = 0, height = 0;
  std::vector<std::uint32_t> pixels;  // 0xRRGGBB, row by row
};

// Throws std::runtime_error for anything else or a damaged file.
image decode_png(const std::string& png);

// Bytes of standard base64 (the DevTools protocol's binary data).
std::string base64_decode(const std::string& text);

struct ink {
  double share = 0;         // of pixels that differ from the corner's colour
  std::size_t colours = 0;  // distinct colours seen
};
ink measure_ink(const image& im);

}  // namespace sdemig::browser

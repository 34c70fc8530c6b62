#include "png_pixels.hpp"

#include <zlib.h>

#include <cstdlib>
#include <stdexcept>
#include <unordered_set>

namespace sdemig::browser {
namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
  if (at + 4 > s.size()) throw std::runtime_error("PNG: truncated");
  return (std::uint32_t(std::uint8_t(s[at])) << 24) |
         (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

int paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

}  // namespace

std::string base64_decode(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned bits = 0;
  int have = 0;
  for (char c : text) {
    const int v = value(c);
    if (v < 0) continue;  // '=' padding and line breaks
    bits = (bits << 6) | unsigned(v);
    have += 6;
    if (have >= 8) {
      have -= 8;
      out += char((bits >> have) & 0xFF);
    }
  }
  return out;
}

image decode_png(const std::string& png) {
  static const std::string signature = "\x89PNG\r\n\x1a\n";
  if (png.compare(0, signature.size(), signature) != 0) throw std::runtime_error("not a PNG");
  image im;
  int channels = 0;
  std::string compressed;
  for (std::size_t at = signature.size(); at + 8 <= png.size();) {
    const std::uint32_t length = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + length > png.size()) throw std::runtime_error("PNG: truncated chunk");
    const std::string data = png.substr(at + 8, length);
    if (type == "IHDR") {
      im.width = int(be32(data, 0));
      im.height = int(be32(data, 4));
      const int depth = std::uint8_t(data[8]), colour = std::uint8_t(data[9]);
      if (depth != 8 || (colour != 2 && colour != 6) || data[12] != 0)
        throw std::runtime_error("PNG: only 8-bit RGB/RGBA, not interlaced");
      channels = colour == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      compressed += data;
    } else if (type == "IEND") {
      break;
    }
    at += 12 + length;
  }
  if (channels == 0 || im.width <= 0 || im.height <= 0) throw std::runtime_error("PNG: no header");
  const std::size_t stride = std::size_t(im.width) * std::size_t(channels);
  std::string raw((stride + 1) * std::size_t(im.height), '\0');
  uLongf raw_size = raw.size();
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size,
                 reinterpret_cast<const Bytef*>(compressed.data()), compressed.size()) != Z_OK ||
      raw_size != raw.size()) {
    throw std::runtime_error("PNG: damaged image data");
  }
  std::vector<std::uint8_t> prev(stride, 0), row(stride);
  im.pixels.reserve(std::size_t(im.width) * std::size_t(im.height));
  for (int y = 0; y < im.height; ++y) {
    const std::size_t base = std::size_t(y) * (stride + 1);
    const int filter = std::uint8_t(raw[base]);
    for (std::size_t i = 0; i < stride; ++i) {
      const int x = std::uint8_t(raw[base + 1 + i]);
      const int a = i >= std::size_t(channels) ? row[i - std::size_t(channels)] : 0;
      const int b = prev[i];
      const int c = i >= std::size_t(channels) ? prev[i - std::size_t(channels)] : 0;
      int v = x;
      switch (filter) {
        case 0:
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + (a + b) / 2;
          break;
        case 4:
          v = x + paeth(a, b, c);
          break;
        default:
          throw std::runtime_error("PNG: unknown row filter");
      }
      row[i] = std::uint8_t(v & 0xFF);
    }
    for (int x = 0; x < im.width; ++x) {
      const std::uint8_t* p = &row[std::size_t(x) * std::size_t(channels)];
      im.pixels.push_back((std::uint32_t(p[0]) << 16) | (std::uint32_t(p[1]) << 8) | p[2]);
    }
    prev.swap(row);
  }
  return im;
}

ink measure_ink(const image& im) {
  ink result;
  if (im.pixels.empty()) return result;
  const std::uint32_t background = im.pixels.front();
  std::unordered_set<std::uint32_t> colours;
  std::size_t differ = 0;
  for (std::uint32_t p : im.pixels) {
    differ += p != background;
    if (colours.size() < 100000) colours.insert(p);
  }
  result.share = double(differ) / double(im.pixels.size());
  result.colours = colours.size();
  return result;
}

}  // namespace sdemig::browser

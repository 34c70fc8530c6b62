#include "sim/text_forms.hpp"

#include <cstdio>

namespace sdemig::sim {

std::string html_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#x27;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string non_ascii_escaped(std::string_view s, bool upper) {
  auto hex4 = [upper](unsigned v) {
    char out[8];
    std::snprintf(out, sizeof out, upper ? "%04X" : "%04x", v);
    return std::string(out);
  };
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n == 1 || i + n > s.size()) {
      out += s[i++];
      continue;
    }
    unsigned cp = lead & (n == 4 ? 0x07u : n == 3 ? 0x0Fu : 0x1Fu);
    for (std::size_t k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += "\\u" + hex4(0xD800 + (cp >> 10)) + "\\u" + hex4(0xDC00 + (cp & 0x3FF));
    } else {
      out += "\\u" + hex4(cp);
    }
  }
  return out;
}

std::string percent_encoded(std::string_view s, bool upper, bool plus) {
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                            (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else if (c == ' ' && plus) {
      out += '+';
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, upper ? "%%%02X" : "%%%02x", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace sdemig::sim

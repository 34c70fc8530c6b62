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

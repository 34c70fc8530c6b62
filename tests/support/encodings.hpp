#pragma once
// A value in every form a server may write it in, made independently of
// io/sde/secret_forms.cpp (here, and sde-sim's sim/text_forms.hpp):
// JSON-escaped (with `\/`, with `\uXXXX` in either case), percent- and
// form-encoded, HTML-escaped as Django does, and one inside another. Tests
// search outputs for each.

#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/text_forms.hpp"

namespace sdemig::test {

struct json_style {
  bool ascii = false;    // non-ASCII as \uXXXX (Python's json.dumps)
  bool slashes = false;  // "/" as "\/" (PHP's json_encode)
  bool upper = false;    // \u00E9 rather than \u00e9
};

inline std::string hex4(unsigned v, bool upper) {
  char out[8];
  std::snprintf(out, sizeof out, upper ? "%04X" : "%04x", v);
  return out;
}

inline std::string json_escaped(std::string_view s, json_style style = {}) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '/' && style.slashes) {
      out += "\\/";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      out += "\\u" + hex4(c, style.upper);
    } else if (c >= 0x80 && style.ascii) {
      const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      unsigned cp = c & (n == 4 ? 0x07 : n == 3 ? 0x0F : 0x1F);
      for (std::size_t k = 1; k < n; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      i += n - 1;
      if (cp >= 0x10000) {
        cp -= 0x10000;
        out += "\\u" + hex4(0xD800 + (cp >> 10), style.upper) + "\\u" +
               hex4(0xDC00 + (cp & 0x3FF), style.upper);
      } else {
        out += "\\u" + hex4(cp, style.upper);
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

using sim::html_escaped;
using sim::non_ascii_escaped;
using sim::percent_encoded;

// Every form of `value`: {what it is, the text}.
inline std::vector<std::pair<std::string, std::string>> forms_of(const std::string& value) {
  return {
      {"as it is", value},
      {"JSON-escaped", json_escaped(value)},
      {"JSON, \\/", json_escaped(value, {.slashes = true})},
      {"JSON, \\uxxxx", json_escaped(value, {.ascii = true})},
      {"JSON, \\uXXXX and \\/",
       json_escaped(value, {.ascii = true, .slashes = true, .upper = true})},
      {"non-ASCII as \\uXXXX, the rest as it is", non_ascii_escaped(value, true)},
      {"non-ASCII as \\uxxxx, the rest as it is", non_ascii_escaped(value, false)},
      {"JSON twice", json_escaped(json_escaped(value))},
      {"JSON twice, \\uxxxx", json_escaped(json_escaped(value, {.ascii = true}))},
      {"percent-encoded", percent_encoded(value)},
      {"percent-encoded, lower case", percent_encoded(value, false)},
      {"form-encoded", percent_encoded(value, true, true)},
      {"JSON, percent-encoded", percent_encoded(json_escaped(value))},
      {"JSON, form-encoded", percent_encoded(json_escaped(value, {.ascii = true}), false, true)},
      {"HTML-escaped", html_escaped(value)},
      {"JSON on an HTML page", html_escaped(json_escaped(value))},
      {"HTML in a JSON string", json_escaped(html_escaped(value), {.slashes = true})},
  };
}

}  // namespace sdemig::test

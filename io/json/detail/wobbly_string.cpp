#include "io/json/detail/wobbly_string.hpp"

#include "io/json/utf8.hpp"

namespace sdemig::json::detail {

namespace {

unsigned hex4(std::string_view s) {
  unsigned v = 0;
  for (char c : s) {
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= unsigned(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= unsigned(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= unsigned(c - 'A' + 10);
    else
      return 0x110000;  // not hex
  }
  return v;
}

}  // namespace

std::optional<std::string> unescape_wobbly(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r'))
    token.remove_suffix(1);
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return std::nullopt;
  token = token.substr(1, token.size() - 2);
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == token.size()) return std::nullopt;
    switch (token[i]) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        if (i + 4 >= token.size()) return std::nullopt;
        unsigned cp = hex4(token.substr(i + 1, 4));
        if (cp > 0xFFFF) return std::nullopt;
        i += 4;
        const bool high = cp >= 0xD800 && cp <= 0xDBFF;
        if (high && i + 6 < token.size() && token.substr(i + 1, 2) == "\\u") {
          const unsigned low = hex4(token.substr(i + 3, 4));
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

}  // namespace sdemig::json::detail

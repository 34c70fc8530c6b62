#include "roff.hpp"

#include <cstdint>
#include <cstdio>

namespace sdemig::manpage::roff {
namespace {

// The code point of the UTF-8 sequence at s[i], advancing i past it;
// U+FFFD (advancing one byte) where the bytes are not UTF-8.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  const std::size_t extra = lead >= 0xC2 && lead <= 0xDF   ? 1
                            : lead >= 0xE0 && lead <= 0xEF ? 2
                            : lead >= 0xF0 && lead <= 0xF4 ? 3
                                                           : 0;
  std::uint32_t cp = lead & (0x7F >> (extra + 1));
  bool valid = extra > 0;
  for (std::size_t k = 1; valid && k <= extra; ++k) {
    valid = i + k < s.size() && (byte(i + k) & 0xC0) == 0x80;
    if (valid) cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (!valid || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += extra + 1;
  return cp;
}

}  // namespace

std::string text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\[u%04X]", static_cast<unsigned>(next_code_point(s, i)));
      out += buf;
      continue;
    }
    ++i;
    switch (c) {
      case '\\':
        out += "\\e";
        break;
      case '-':
        out += "\\-";
        break;
      case '\'':
        out += "\\(aq";
        break;
      case '`':
        out += "\\(ga";
        break;
      case '"':
        out += "\\(dq";
        break;
      case '~':
        out += "\\(ti";
        break;
      case '^':
        out += "\\(ha";
        break;
      case '\t':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string lines(std::string_view s) {
  std::string out;
  bool blank_before = false;
  while (!s.empty()) {
    const std::size_t end = s.find('\n');
    const std::string_view line = s.substr(0, end);
    s = end == std::string_view::npos ? std::string_view() : s.substr(end + 1);
    if (line.empty()) {
      blank_before = !out.empty();
      continue;
    }
    if (blank_before) out += ".PP\n";
    blank_before = false;
    // A '.' (or a quote, escaped anyway) at the start would be a request.
    if (line.front() == '.' || line.front() == '\'') out += "\\&";
    out += text(line);
    out += '\n';
  }
  return out;
}

std::string arg(std::string_view s) {
  return '"' + text(s) + '"';
}

std::string bold(std::string_view s) {
  return "\\fB" + text(s) + "\\fR";
}

std::string italic(std::string_view s) {
  return "\\fI" + text(s) + "\\fR";
}

}  // namespace sdemig::manpage::roff

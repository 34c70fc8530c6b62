#include "engine/planning/glob.hpp"

#include <vector>

namespace sdemig::engine {
namespace {

// Matches a [...] class at p[0] == '['. Returns the position after ']' and
// whether `c` is in the class.
std::size_t match_class(std::string_view p, std::size_t i, unsigned char c, bool& in) {
  ++i;  // past '['
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  bool found = false;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    unsigned char lo = static_cast<unsigned char>(p[i]);
    if (lo == '\\' && i + 1 < p.size()) lo = static_cast<unsigned char>(p[++i]);
    unsigned char hi = lo;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      hi = static_cast<unsigned char>(p[i + 2]);
      i += 2;
    }
    if (c >= lo && c <= hi) found = true;
    ++i;
  }
  in = found != negate;
  return i + 1;
}

}  // namespace

std::optional<glob> glob::compile(std::string_view pattern, std::string* error) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      if (i + 1 == pattern.size()) {
        if (error) *error = "bad glob \"" + std::string(pattern) + "\": ends with a lone \\";
        return std::nullopt;
      }
      ++i;
    } else if (pattern[i] == '[') {
      std::size_t j = i + 1;
      if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;  // "[]]" holds a ]
      while (j < pattern.size() && pattern[j] != ']') j += pattern[j] == '\\' ? 2 : 1;
      if (j >= pattern.size()) {
        if (error) *error = "bad glob \"" + std::string(pattern) + "\": unclosed [";
        return std::nullopt;
      }
      i = j;
    }
  }
  return glob(std::string(pattern));
}

bool glob::matches(std::string_view text) const {
  // Iterative matching with backtracking to the last '*' (linear for
  // patterns with one star, and never exponential).
  const std::string_view p = pattern_;
  std::size_t pi = 0, ti = 0;
  std::size_t star = std::string_view::npos, star_text = 0;
  while (ti < text.size()) {
    if (pi < p.size()) {
      const char pc = p[pi];
      if (pc == '*') {
        star = pi++;
        star_text = ti;
        continue;
      }
      if (pc == '?') {  // one character: a whole UTF-8 sequence
        ++pi;
        ++ti;
        while (ti < text.size() && (static_cast<unsigned char>(text[ti]) & 0xC0) == 0x80) ++ti;
        continue;
      }
      if (pc == '[') {
        bool in = false;
        const std::size_t next = match_class(p, pi, static_cast<unsigned char>(text[ti]), in);
        if (in) {
          pi = next;
          ++ti;
          continue;
        }
      } else {
        const char literal = pc == '\\' && pi + 1 < p.size() ? p[pi + 1] : pc;
        if (literal == text[ti]) {
          pi += pc == '\\' ? 2 : 1;
          ++ti;
          continue;
        }
      }
    }
    if (star == std::string_view::npos) return false;
    pi = star + 1;
    ti = ++star_text;
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace sdemig::engine

#include "io/sde/secret_forms.hpp"

#include "io/json/utf8.hpp"

namespace sdemig::sde {
namespace {

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Up to `n` hex digits at `at`: how many there are before another byte or
// the end, and their value.
std::size_t hex_run(std::string_view s, std::size_t at, std::size_t n, std::uint32_t& value) {
  value = 0;
  std::size_t k = 0;
  for (; k < n && at + k < s.size(); ++k) {
    const int d = hex_digit(s[at + k]);
    if (d < 0) break;
    value = value * 16 + static_cast<std::uint32_t>(d);
  }
  return k;
}

bool alphanumeric(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A code point as UTF-8; a lone surrogate as its three bytes (as Python's
// `json` reads one), so that such a value is found too.
std::string utf8(std::uint32_t cp) {
  std::string out;
  json::append_utf8(out, cp);
  return out;
}

class decoder {
 public:
  // `in`'s last `in_unfinished` bytes are the start of an escape of an
  // outer layer that the text ends inside: not read, passed on.
  decoder(std::string_view in, const std::vector<source_span>* in_from, std::size_t in_unfinished,
          decoded_text& out)
      : all_(in), in_(in.substr(0, in.size() - in_unfinished)), in_from_(in_from), out_(out) {
    out_.text.clear();
    out_.from.clear();
    out_.unfinished_tail = 0;
    out_.text.reserve(in.size());
    out_.from.reserve(in.size());
  }

  // in_[at, at + length) decodes to `bytes`.
  void put(std::string_view bytes, std::size_t at, std::size_t length) {
    const source_span s = in_from_
                              ? source_span{(*in_from_)[at].begin, (*in_from_)[at + length - 1].end}
                              : source_span{at, at + length};
    for (char c : bytes) {
      out_.text += c;
      out_.from.push_back(s);
    }
    decoded_ |= length != 1 || bytes.size() != 1 || bytes[0] != all_[at];
  }
  void pass(std::size_t at) { put(all_.substr(at, 1), at, 1); }
  // The text ends inside an escape that starts at `at`: what is left passes.
  void unfinished(std::size_t at) {
    for (std::size_t i = at; i < in_.size(); ++i) pass(i);
    out_.unfinished_tail = in_.size() - at;
    decoded_ = true;  // read this way, the text ends before it
  }
  // After reading: the outer layer's unfinished escape passes on.
  bool finish() {
    for (std::size_t i = in_.size(); i < all_.size(); ++i) pass(i);
    out_.unfinished_tail += all_.size() - in_.size();
    return decoded_;
  }

  // `unicode_only`: \uXXXX alone is an escape; any other backslash is text.
  void json(bool unicode_only) {
    for (std::size_t i = 0; i < in_.size();) {
      if (in_[i] != '\\') {
        pass(i++);
        continue;
      }
      if (i + 1 == in_.size()) return unfinished(i);
      const char c = in_[i + 1];
      static constexpr std::string_view from = "\"\\/bfnrt", to = "\"\\/\b\f\n\r\t";
      if (const auto k = unicode_only ? std::string_view::npos : from.find(c);
          k != std::string_view::npos) {
        put(to.substr(k, 1), i, 2);
        i += 2;
        continue;
      }
      std::uint32_t unit = 0;
      const std::size_t digits = c == 'u' ? hex_run(in_, i + 2, 4, unit) : 0;
      if (c == 'u' && digits < 4 && i + 2 + digits == in_.size()) return unfinished(i);
      if (digits < 4) {
        pass(i++);
        continue;
      }
      std::uint32_t low = 0;
      if (unit >= 0xD800 && unit < 0xDC00 && in_.substr(i + 6, 2) == "\\u" &&
          hex_run(in_, i + 8, 4, low) == 4 && low >= 0xDC00 && low < 0xE000) {
        put(utf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)), i, 12);
        i += 12;
        continue;
      }
      put(utf8(unit), i, 6);
      i += 6;
    }
  }

  void percent(bool plus_is_space) {
    for (std::size_t i = 0; i < in_.size();) {
      if (plus_is_space && in_[i] == '+') {
        put(" ", i++, 1);
        continue;
      }
      if (in_[i] != '%') {
        pass(i++);
        continue;
      }
      std::uint32_t byte = 0;
      const std::size_t digits = hex_run(in_, i + 1, 2, byte);
      if (digits < 2 && i + 1 + digits == in_.size()) return unfinished(i);
      if (digits < 2) {
        pass(i++);
        continue;
      }
      put(std::string(1, static_cast<char>(byte)), i, 3);
      i += 3;
    }
  }

  void html() {
    static constexpr std::size_t longest = 10;  // "&#x10FFFF;"
    for (std::size_t i = 0; i < in_.size();) {
      if (in_[i] != '&') {
        pass(i++);
        continue;
      }
      std::size_t end = i + 1;
      while (end < in_.size() && end - i <= longest && (alphanumeric(in_[end]) || in_[end] == '#'))
        ++end;
      if (end == in_.size() && end - i <= longest) return unfinished(i);
      const std::string text = entity(in_.substr(i + 1, end - i - 1));
      if (end == in_.size() || in_[end] != ';' || text.empty()) {
        pass(i++);
        continue;
      }
      put(text, i, end + 1 - i);
      i = end + 1;
    }
  }

 private:
  // What the entity `name` (between & and ;) stands for; empty if unknown.
  static std::string entity(std::string_view name) {
    static constexpr std::pair<std::string_view, std::string_view> named[] = {
        {"quot", "\""}, {"amp", "&"},  {"lt", "<"},
        {"gt", ">"},    {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
    for (const auto& [n, text] : named) {
      if (n == name) return std::string(text);
    }
    if (name.size() < 2 || name[0] != '#') return {};
    std::uint32_t cp = 0;
    if (name[1] == 'x' || name[1] == 'X') {
      if (name.size() < 3 || hex_run(name, 2, 6, cp) != name.size() - 2) return {};
    } else {
      for (char c : name.substr(1)) {
        if (c < '0' || c > '9' || cp > 0x10FFFF) return {};
        cp = cp * 10 + static_cast<std::uint32_t>(c - '0');
      }
    }
    return utf8(cp);
  }

  std::string_view all_, in_;
  const std::vector<source_span>* in_from_;
  decoded_text& out_;
  bool decoded_ = false;
};

}  // namespace

bool decode(escaping how, std::string_view in, const std::vector<source_span>* in_from,
            std::size_t in_unfinished, decoded_text& out) {
  decoder d(in, in_from, in_unfinished, out);
  switch (how) {
    case escaping::json:
      d.json(false);
      break;
    case escaping::unicode:
      d.json(true);
      break;
    case escaping::percent:
      d.percent(false);
      break;
    case escaping::form:
      d.percent(true);
      break;
    case escaping::html:
      d.html();
      break;
  }
  return d.finish();
}

}  // namespace sdemig::sde

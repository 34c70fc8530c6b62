#include "io/json/strict_check.hpp"

#include <set>
#include <vector>

namespace sdemig::json {
namespace {

class checker {
 public:
  explicit checker(std::string_view text) : s_(text) {}

  std::optional<std::string> run() {
    skip_space();
    if (pos_ >= s_.size()) return at(pos_, "empty file, expected JSON");
    if (!value(0)) return error_;
    skip_space();
    if (pos_ < s_.size()) return at(pos_, "unexpected content after the JSON value");
    return std::nullopt;
  }

 private:
  std::string at(std::size_t offset, const std::string& what) {
    return line_and_column(s_, offset) + ": " + what;
  }
  bool fail(std::size_t offset, const std::string& what) {
    error_ = at(offset, what);
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool expect_end(std::size_t start) {
    return fail(start,
                pos_ >= s_.size() ? "the file ends inside a value (truncated?)" : "invalid JSON");
  }

  bool value(int depth) {
    if (depth > 64) return fail(pos_, "nested too deeply");
    skip_space();
    if (pos_ >= s_.size()) return fail(pos_, "the file ends where a value was expected");
    const char c = s_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      std::string ignored;
      return string(ignored);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return true;
      }
    }
    return fail(pos_, std::string("unexpected character '") + c + "'");
  }

  bool object(int depth) {
    const std::size_t open = pos_++;
    std::set<std::string> keys;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) return fail(open, "this object is never closed (truncated?)");
      if (s_[pos_] != '"') return fail(pos_, "expected a key in double quotes");
      const std::size_t key_at = pos_;
      std::string key;
      if (!string(key)) return false;
      if (!keys.insert(key).second) return fail(key_at, "duplicate key \"" + key + "\"");
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':')
        return fail(pos_, "expected ':' after the key \"" + key + "\"");
      ++pos_;
      if (!value(depth + 1)) return false;
      skip_space();
      if (pos_ >= s_.size()) return fail(open, "this object is never closed (truncated?)");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail(pos_, "expected ',' or '}'");
    }
  }

  bool array(int depth) {
    const std::size_t open = pos_++;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      if (!value(depth + 1)) return false;
      skip_space();
      if (pos_ >= s_.size()) return fail(open, "this array is never closed (truncated?)");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail(pos_, "expected ',' or ']'");
    }
  }

  bool string(std::string& out) {
    const std::size_t open = pos_++;
    while (pos_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return fail(pos_, "a control character inside a string (escape it)");
      if (c == '\\') {
        if (pos_ + 1 >= s_.size()) break;
        const char e = s_[pos_ + 1];
        if (e == 'u') {
          for (int k = 2; k < 6; ++k) {
            if (pos_ + k >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[pos_ + k]))) {
              return fail(pos_, "\\u needs four hex digits");
            }
          }
          out.append(s_.substr(pos_, 6));  // compared as written: enough to tell keys apart
          pos_ += 6;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos)
          return fail(pos_, "invalid escape");
        out += e;
        pos_ += 2;
        continue;
      }
      out += static_cast<char>(c);
      ++pos_;
    }
    return fail(open, "this string is never closed (truncated?)");
  }

  bool number() {
    const std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail(start, "invalid number");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail(start, "invalid number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail(start, "invalid number");
    }
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::optional<std::string> strict_check(std::string_view text) {
  return checker(text).run();
}

}  // namespace sdemig::json

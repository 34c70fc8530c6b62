#pragma once
// simdjson On-Demand readers for the connector model, shared by the page,
// connector, connection, error-body and export parsers. Internal to io/json.
//
// A file (an export) is read strictly: its rules hold for every member, the
// ones the reader uses and the ones it skips alike: no key twice in an
// object, every number one a double holds, every string well escaped.
// Server answers are read as DRF writes them (the last of two keys wins).

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "io/json/connector_parser.hpp"

namespace sdemig::json::detail {

namespace od = simdjson::ondemand;

// One reused parser and the scratch buffer for bodies without padding.
struct document_state {
  od::parser parser;
  simdjson::padded_string scratch;
  explicit document_state(std::size_t max_bytes) : parser(max_bytes) {}
};

// Where the reader is, for error messages: built only when an error happens.
struct where {
  std::string_view prefix;           // "results" for list pages, "" for a single document
  std::optional<std::size_t> index;  // position in that array
  std::string path(std::string_view field = {}, std::string_view sub = {}) const;
};

class document_reader {
 public:
  explicit document_reader(std::string_view body) : body_(body) {}
  // `doc` is null when the document could not even be started.
  parse_error syntax(simdjson::error_code e, od::document* doc, std::string path = {}) const;
  static parse_error wrong_type(std::string path, std::string_view expected, od::json_type got);

 private:
  std::string_view body_;
};

// The reader functions return SUCCESS or the simdjson error; a type error
// they report through `err` and signal with INCORRECT_TYPE.
struct field_context {
  document_reader& reader;
  od::document& doc;
  std::optional<parse_error>& err;
  where at;
  bool strict = false;  // a file: see the top of this header

  simdjson::error_code fail_type(std::string path, std::string_view expected, od::json_type got);
  simdjson::error_code fail(std::string path, std::string what);
};

inline simdjson::error_code read_type(od::value& v, od::json_type& t) {
  return v.type().get(t);
}

// Whether `n` bytes at `p` hold a backslash, eight at a time. Reads up to 7
// bytes past the end: only for text inside a simdjson-padded document.
inline bool has_backslash(const char* p, std::size_t n) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  constexpr std::uint64_t backslashes = ones * static_cast<unsigned char>('\\');
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, p + i, 8);
    std::uint64_t x = word ^ backslashes;  // a zero byte where a backslash was
    std::uint64_t found = (x - ones) & ~x & highs;
    if (n - i < 8)
      found &= (std::uint64_t{1} << ((n - i) * 8)) - 1;  // little-endian: the bytes in range
    if (found) return true;
  }
  return false;
}

// `s` without trailing JSON whitespace.
inline std::string_view trim_right(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// The text of a key or string value without escapes, straight from the
// input, which stage 1 has checked (UTF-8, no raw control characters):
// `token` is the raw JSON from the opening quote to the next structural
// character. Empty when it is not a plain string.
inline std::optional<std::string_view> plain_string(std::string_view token) {
  token = trim_right(token);
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return std::nullopt;
  token = token.substr(1, token.size() - 2);
  if (has_backslash(token.data(), token.size())) return std::nullopt;
  return token;
}

// Calls visit(key, value) for each field of `obj` in document order; stops
// at the first error, from simdjson or from `visit`.
template <class Visit>
simdjson::error_code for_each_field(od::object& obj, Visit&& visit) {
  for (auto result : obj) {
    od::field field;
    if (auto e = std::move(result).get(field)) return e;
    // The key's raw text ends at the ':' before its value.
    const char* key_start = field.key().raw() - 1;
    od::value& value = field.value();
    const char* colon = value.raw_json_token().data() - 1;
    while (*colon != ':') --colon;
    std::string_view key;
    if (auto plain = plain_string(
            std::string_view(key_start, static_cast<std::size_t>(colon - key_start)))) {
      key = *plain;
    } else if (auto e = field.unescaped_key().get(key)) {
      return e;
    }
    if (auto e = visit(key, value)) return e;
  }
  return simdjson::SUCCESS;
}

// The keys of one object so far, to find one given twice.
class seen_keys {
 public:
  // False when `key` was seen before. The views must outlive this (keys
  // point into the document or the parser's string buffer: they do).
  bool insert(std::string_view key);

 private:
  std::array<std::string_view, 16> few_;
  std::size_t count_ = 0;
  std::unordered_set<std::string_view> many_;  // past 16 keys
};

// for_each_field, and when the reading is strict a key given twice is an
// error at path_of(key).
template <class PathOf, class Visit>
simdjson::error_code for_each_member(field_context& ctx, od::object& obj, PathOf&& path_of,
                                     Visit&& visit) {
  if (!ctx.strict) return for_each_field(obj, visit);
  seen_keys seen;
  return for_each_field(obj, [&](std::string_view key, od::value value) -> simdjson::error_code {
    if (!seen.insert(key))
      return ctx.fail(path_of(key), "duplicate key \"" + std::string(key) + "\"");
    return visit(key, value);
  });
}

simdjson::error_code read_string(field_context& ctx, od::value v, std::string_view field,
                                 std::string_view sub, std::string& out);

// How a file is read: strictly (see the top of this header).
inline parse_options file_options() {
  parse_options o;
  o.strict = true;
  return o;
}

// The object `v`; an error at `path` when it is something else.
inline simdjson::error_code read_object(field_context& ctx, od::value& v, const std::string& path,
                                        od::object& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::object) return ctx.fail_type(path, "object", t);
  return v.get_object().get(out);
}

// The document's top-level object; an error when it is something else.
inline simdjson::error_code top_object(field_context& ctx, od::document& doc, od::object& out) {
  od::json_type t;
  if (auto e = doc.type().get(t)) return e;
  if (t != od::json_type::object) return ctx.fail_type({}, "object", t);
  return doc.get_object().get(out);
}

// visit(element, index) for each element of the array `v`; an error at
// `path` when it is something else. Stops at the first error.
template <class Visit>
simdjson::error_code for_each_element(field_context& ctx, od::value& v, const std::string& path,
                                      Visit&& visit) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::array) return ctx.fail_type(path, "array", t);
  od::array arr;
  if (auto e = v.get_array().get(arr)) return e;
  std::size_t i = 0;
  for (auto element : arr) {
    od::value item;
    if (auto e = std::move(element).get(item)) return e;
    if (auto e = visit(item, i++)) return e;
  }
  return simdjson::SUCCESS;
}

// An array of strings.
simdjson::error_code read_strings(field_context& ctx, od::value v, const std::string& path,
                                  std::vector<std::string>& out);
// A param value: its JSON type and its text as written (a number no double
// holds is an error at ctx.at.path(field, sub)).
simdjson::error_code read_scalar(field_context& ctx, od::value v, std::string_view field,
                                 std::string_view sub, scalar& out);
// A value the reader does not use: when the reading is strict, checked
// against the file's rules (errors at `path` and below), else skipped.
simdjson::error_code check_value(field_context& ctx, od::value v, const std::string& path);

using body_reader = std::function<simdjson::error_code(field_context&, od::document&)>;

// Runs `read_body` on the document after the checks every document needs:
// size limit, padding (copied to scratch when short), nothing after the
// value. `strict`: the document is a file (see the top of this header).
std::optional<parse_error> run_document(document_state& state, std::size_t max_bytes,
                                        std::string_view body, std::size_t capacity,
                                        const body_reader& read_body, bool strict = false);

}  // namespace sdemig::json::detail

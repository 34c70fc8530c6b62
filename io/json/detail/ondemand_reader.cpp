#include "io/json/detail/ondemand_reader.hpp"

#include <cstdio>
#include <cstring>

#include "io/json/detail/wobbly_string.hpp"
#include "io/json/padding.hpp"
#include "io/json/strict_check.hpp"

namespace sdemig::json::detail {

static_assert(padding >= simdjson::SIMDJSON_PADDING, "json::padding must cover simdjson's");
namespace {

std::string_view type_name(od::json_type t) {
  switch (t) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

std::string megabytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

// Where the top-level value of `body` closes, by a scan that skips strings;
// npos when it never does. Used only to explain an error.
std::size_t end_of_top_value(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[')
      ++depth;
    else if ((c == '}' || c == ']') && --depth == 0)
      return i + 1;
  }
  return std::string_view::npos;
}

}  // namespace

std::string where::path(std::string_view field, std::string_view sub) const {
  std::string p(prefix);
  if (index) p += "[" + std::to_string(*index) + "]";
  for (std::string_view part : {field, sub}) {
    if (part.empty()) continue;
    if (!p.empty()) p += '.';
    p += part;
  }
  return p;
}

parse_error document_reader::syntax(simdjson::error_code e, od::document* doc,
                                    std::string path) const {
  const char* at = nullptr;
  std::size_t offset = body_.size();
  if (doc && doc->current_location().get(at) == simdjson::SUCCESS && at >= body_.data()) {
    offset = static_cast<std::size_t>(at - body_.data());
  }
  std::string what;
  switch (e) {
    case simdjson::EMPTY:
      return {std::move(path), "empty body, expected JSON"};
    case simdjson::UTF8_ERROR:
      what = "invalid UTF-8 in JSON";
      break;
    case simdjson::DEPTH_ERROR:
      what = "JSON nested too deeply";
      break;
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::UNCLOSED_STRING:
    case simdjson::TAPE_ERROR: {
      const std::size_t end = end_of_top_value(body_);
      if (end == std::string_view::npos && (e != simdjson::TAPE_ERROR || offset >= body_.size())) {
        return {std::move(path), "truncated JSON"};
      }
      if (end != std::string_view::npos &&
          body_.find_first_not_of(" \t\r\n", end) != std::string_view::npos) {
        return {{},
                "unexpected content after the JSON value at " +
                    line_and_column(body_, body_.find_first_not_of(" \t\r\n", end))};
      }
      [[fallthrough]];
    }
    default:
      what = std::string("invalid JSON (") + simdjson::error_message(e) + ")";
      break;
  }
  if (offset < body_.size()) what += " at " + line_and_column(body_, offset);
  return {std::move(path), std::move(what)};
}
parse_error document_reader::wrong_type(std::string path, std::string_view expected,
                                        od::json_type got) {
  return {std::move(path),
          "expected " + std::string(expected) + ", got " + std::string(type_name(got))};
}

simdjson::error_code field_context::fail_type(std::string path, std::string_view expected,
                                              od::json_type got) {
  err = document_reader::wrong_type(std::move(path), expected, got);
  return simdjson::INCORRECT_TYPE;
}

simdjson::error_code field_context::fail(std::string path, std::string what) {
  err = parse_error{std::move(path), std::move(what)};
  return simdjson::INCORRECT_TYPE;
}

bool seen_keys::insert(std::string_view key) {
  if (!many_.empty()) return many_.insert(key).second;
  for (std::size_t i = 0; i < count_; ++i) {
    if (few_[i] == key) return false;
  }
  if (count_ < few_.size()) {
    few_[count_++] = key;
    return true;
  }
  many_.insert(few_.begin(), few_.end());
  return many_.insert(key).second;
}

namespace {

// A number's text as written, checked: a number no double holds (1E400) is
// an error at path_of(); a big integer a double holds is kept as written.
template <class PathOf>
simdjson::error_code read_number(field_context& ctx, od::value& v, PathOf&& path_of,
                                 std::string_view& token) {
  token = trim_right(v.raw_json_token());
  double ignored;
  if (auto e = v.get_double().get(ignored)) {  // validates the number
    const bool well_formed =
        !token.empty() && token.find_first_not_of("-+.eE0123456789") == std::string_view::npos;
    if (well_formed)  // 1E400: JSON, but no double holds it
      return ctx.fail(path_of(), "number " + std::string(token) + " is out of range");
    return e;
  }
  return simdjson::SUCCESS;
}

}  // namespace

simdjson::error_code read_string(field_context& ctx, od::value v, std::string_view field,
                                 std::string_view sub, std::string& out) {
  // Most strings have no escapes: copied straight from the input, which
  // stage 1 has already checked (UTF-8, no raw control characters).
  if (auto plain = plain_string(v.raw_json_token())) {
    out.assign(*plain);
    return simdjson::SUCCESS;
  }
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::string) return ctx.fail_type(ctx.at.path(field, sub), "string", t);
  std::string_view s;
  if (auto e = v.get_string().get(s)) {
    // A lone surrogate escape ("\ud800"), which Python's json writes and
    // simdjson refuses: carried through as WTF-8, written back as the same
    // escape (json_writer), so one odd name costs nothing else.
    if (auto wobbly = unescape_wobbly(v.raw_json_token())) {
      out = std::move(*wobbly);
      return simdjson::SUCCESS;
    }
    return e;
  }
  out.assign(s);
  return simdjson::SUCCESS;
}

simdjson::error_code read_scalar(field_context& ctx, od::value v, std::string_view field,
                                 std::string_view sub, scalar& out) {
  if (auto plain = plain_string(v.raw_json_token())) {  // the common case, without a type() call
    out.type = json_type::string;
    out.text.assign(*plain);
    return simdjson::SUCCESS;
  }
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  switch (t) {
    case od::json_type::string:
      out.type = json_type::string;
      return read_string(ctx, v, field, sub, out.text);
    case od::json_type::number: {
      std::string_view token;
      if (auto e = read_number(
              ctx, v, [&] { return ctx.at.path(field, sub); }, token))
        return e;
      const bool integral = token.find_first_of(".eE") == std::string_view::npos;
      out.type = integral ? json_type::integer : json_type::number;
      out.text.assign(token);
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      if (auto e = v.get_bool().get(b)) return e;
      out = scalar::boolean(b);
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool null = false;  // error codes, never simdjson's throwing conversions
      if (auto e = v.is_null().get(null)) return e;
      if (!null) return simdjson::INCORRECT_TYPE;
    }
      out = scalar::null();
      return simdjson::SUCCESS;
    default:
      return ctx.fail_type(ctx.at.path(field, sub), "a string, number, boolean or null", t);
  }
}

simdjson::error_code check_value(field_context& ctx, od::value v, const std::string& path) {
  if (!ctx.strict) return simdjson::SUCCESS;  // skipped, as simdjson skips it
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  switch (t) {
    case od::json_type::object: {
      od::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      auto path_of = [&](std::string_view key) { return path + "." + std::string(key); };
      return for_each_member(ctx, obj, path_of,
                             [&](std::string_view key, od::value value) -> simdjson::error_code {
                               return check_value(ctx, value, path_of(key));
                             });
    }
    case od::json_type::array: {
      od::array arr;
      if (auto e = v.get_array().get(arr)) return e;
      std::size_t i = 0;
      for (auto element : arr) {
        od::value item;
        if (auto e = std::move(element).get(item)) return e;
        if (auto e = check_value(ctx, item, path + "[" + std::to_string(i++) + "]")) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      std::string_view token;
      return read_number(
          ctx, v, [&] { return path; }, token);
    }
    case od::json_type::string: {  // escapes checked (a lone surrogate is allowed, as everywhere)
      if (plain_string(v.raw_json_token())) return simdjson::SUCCESS;
      std::string_view s;
      if (v.get_string().get(s) && !unescape_wobbly(v.raw_json_token()))
        return ctx.fail(path, "invalid string escape");
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool null = false;
      if (auto e = v.is_null().get(null)) return e;
      return null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

// Runs `body_reader` on the document, after the checks every document needs:
// size limit, padding, and nothing left over after the JSON value.
std::optional<parse_error> run_document(document_state& state, std::size_t max_bytes,
                                        std::string_view body, std::size_t capacity,
                                        const body_reader& read_body, bool strict) {
  od::parser& parser = state.parser;
  simdjson::padded_string& scratch = state.scratch;
  if (body.size() > max_bytes) {
    return parse_error{
        {},
        "document is " + megabytes(body.size()) + ", over the " + megabytes(max_bytes) + " limit"};
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return parse_error{{}, "empty body, expected JSON"};
  }
  const char* data = body.data();
  if (capacity < body.size() + simdjson::SIMDJSON_PADDING) {
    if (scratch.size() < body.size()) scratch = simdjson::padded_string(body.size() * 2 + padding);
    std::memcpy(scratch.data(), body.data(), body.size());
    std::memset(scratch.data() + body.size(), ' ', scratch.size() - body.size());
    data = scratch.data();
    capacity = scratch.size() + simdjson::SIMDJSON_PADDING;
  }
  od::document doc;
  document_reader reader(std::string_view(data, body.size()));
  if (auto e = parser.iterate(simdjson::padded_string_view(data, body.size(), capacity)).get(doc)) {
    return reader.syntax(e, nullptr);
  }
  std::optional<parse_error> err;
  field_context ctx{reader, doc, err, {}, strict};
  if (auto e = read_body(ctx, doc)) {
    if (err) return err;
    return reader.syntax(e, &doc, ctx.at.path());
  }
  const char* trailing = nullptr;  // current_location() fails once the whole input is read
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
    return parse_error{{},
                       "unexpected content after the JSON value at " +
                           line_and_column(std::string_view(data, body.size()),
                                           static_cast<std::size_t>(trailing - data))};
  }
  return std::nullopt;
}

simdjson::error_code read_strings(field_context& ctx, od::value v, const std::string& path,
                                  std::vector<std::string>& out) {
  return for_each_element(ctx, v, path, [&](od::value item, std::size_t) {
    return read_string(ctx, item, path, {}, out.emplace_back());
  });
}

}  // namespace sdemig::json::detail

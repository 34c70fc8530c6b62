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

static simdjson::error_code read_scalar(field_context& ctx, od::value v, std::string_view field,
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
      token = v.raw_json_token();
      token = trim_right(token);
      double ignored;
      if (auto e = v.get_double().get(ignored)) {  // validates the number
        const bool well_formed =
            !token.empty() && token.find_first_not_of("-+.eE0123456789") == std::string_view::npos;
        if (well_formed)  // 1E400: JSON, but no double holds it
          return ctx.fail(ctx.at.path(field, sub),
                          "number " + std::string(token) + " is out of range");
        return e;
      }
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

static simdjson::error_code read_raw(od::value v, std::string& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  std::string_view raw;
  if (t == od::json_type::object) {
    od::object o;
    if (auto e = v.get_object().get(o)) return e;
    if (auto e = o.raw_json().get(raw)) return e;
  } else if (t == od::json_type::array) {
    od::array a;
    if (auto e = v.get_array().get(a)) return e;
    if (auto e = a.raw_json().get(raw)) return e;
  } else {
    raw = v.raw_json_token();
  }
  out.assign(trim_right(raw));
  return simdjson::SUCCESS;
}

static simdjson::error_code read_system(field_context& ctx, od::value v, system_ref& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::object) return ctx.fail_type(ctx.at.path("system"), "object", t);
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  bool has_id = false;
  if (auto e =
          for_each_field(obj, [&](std::string_view key, od::value value) -> simdjson::error_code {
            if (key == "id") {
              if (auto e = read_string(ctx, value, "system", "id", out.id)) return e;
              has_id = true;
            } else if (key == "name") {
              if (auto e = read_string(ctx, value, "system", "name", out.name)) return e;
            } else if (key == "short_name") {
              std::string s;
              if (auto e = read_string(ctx, value, "system", "short_name", s)) return e;
              out.short_name = std::move(s);
            }
            return simdjson::SUCCESS;
          })) {
    return e;
  }
  if (!has_id) return ctx.fail(ctx.at.path("system"), "missing \"id\"");
  return simdjson::SUCCESS;
}

static simdjson::error_code read_params(field_context& ctx, od::value v, std::vector<param>& out,
                                        bool refuse_duplicates) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::object) return ctx.fail_type(ctx.at.path("params"), "object", t);
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  // Elements already in `out` are overwritten in place: a parser reading page
  // after page into the same model reuses the strings' memory.
  std::size_t n = 0;
  if (auto e =
          for_each_field(obj, [&](std::string_view key, od::value value) -> simdjson::error_code {
            if (refuse_duplicates) {
              for (std::size_t i = 0; i < n; ++i) {
                if (out[i].key == key)
                  return ctx.fail(ctx.at.path("params", key),
                                  "duplicate key \"" + std::string(key) + "\"");
              }
            }
            if (n == out.size()) out.emplace_back();
            param& p = out[n++];
            p.key.assign(key);
            if (auto e = read_scalar(ctx, value, "params", p.key, p.value)) return e;
            return simdjson::SUCCESS;
          })) {
    return e;
  }
  out.resize(n);
  return simdjson::SUCCESS;
}

simdjson::error_code read_connector(field_context& ctx, od::value v, connector& out,
                                    const parse_options& options) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::object) return ctx.fail_type(ctx.at.path(), "object", t);
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  // Reset in place, keeping the strings' memory for reuse.
  out.id.reset();
  out.name.clear();
  out.system.id.clear();
  out.system.name.clear();
  out.system.short_name.reset();
  out.inaccessible.reset();
  out.extra.clear();
  bool has_name = false, has_system = false, has_params = false, has_id = false, has_flag = false;
  // A key given twice would silently keep one value (a connector planned
  // under the other name): files are refused, as job and secrets files are.
  auto twice = [&](bool& seen, std::string_view key) {
    const bool again = seen && options.refuse_duplicate_keys;
    seen = true;
    if (again) ctx.fail(ctx.at.path(key), "duplicate key \"" + std::string(key) + "\"");
    return again;
  };
  if (auto e =
          for_each_field(obj, [&](std::string_view key, od::value value) -> simdjson::error_code {
            if ((key == "id" && twice(has_id, key)) || (key == "name" && twice(has_name, key)) ||
                (key == "system" && twice(has_system, key)) ||
                (key == "inaccessible" && twice(has_flag, key)) ||
                (key == "params" && twice(has_params, key))) {
              return simdjson::INCORRECT_TYPE;
            }
            if (key == "id") {
              od::json_type it;
              if (auto e = read_type(value, it)) return e;
              std::int64_t id;
              if (it != od::json_type::number || value.get_int64().get(id))
                return ctx.fail(ctx.at.path("id"), "expected an integer id");
              out.id = id;
            } else if (key == "name") {
              if (auto e = read_string(ctx, value, "name", {}, out.name)) return e;
            } else if (key == "system") {
              if (auto e = read_system(ctx, value, out.system)) return e;
            } else if (key == "inaccessible") {
              od::json_type bt;
              if (auto e = read_type(value, bt)) return e;
              if (bt != od::json_type::boolean)
                return ctx.fail_type(ctx.at.path("inaccessible"), "boolean", bt);
              bool b;
              if (auto e = value.get_bool().get(b)) return e;
              out.inaccessible = b;
            } else if (key == "params") {
              if (!out.params) out.params.emplace();
              if (auto e = read_params(ctx, value, *out.params, options.refuse_duplicate_keys))
                return e;
            } else {
              raw_field& extra = out.extra.emplace_back();
              extra.key.assign(key);
              if (auto e = read_raw(value, extra.json)) return e;
            }
            return simdjson::SUCCESS;
          })) {
    return e;
  }
  if (!has_params) out.params.reset();
  if (options.require_name_and_system) {
    if (!has_name) return ctx.fail(ctx.at.path(), "missing \"name\"");
    if (!has_system) return ctx.fail(ctx.at.path(), "missing \"system\"");
  }
  return simdjson::SUCCESS;
}

// Runs `body_reader` on the document, after the checks every document needs:
// size limit, padding, and nothing left over after the JSON value.
std::optional<parse_error> run_document(document_state& state, std::size_t max_bytes,
                                        std::string_view body, std::size_t capacity,
                                        const body_reader& read_body) {
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
  field_context ctx{reader, doc, err, {}};
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

}  // namespace sdemig::json::detail

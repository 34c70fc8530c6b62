#include "io/json/detail/connector_reader.hpp"

namespace sdemig::json::detail {
namespace {

// An unknown member's JSON as written. Read strictly it is checked first,
// and its text runs from its first byte to where the reader then stands.
simdjson::error_code read_raw(field_context& ctx, od::value v, std::string_view key,
                              std::string& out) {
  if (ctx.strict) {
    const char* start = v.raw_json_token().data();
    if (auto e = check_value(ctx, v, ctx.at.path(key))) return e;
    const char* end = nullptr;
    if (auto e = ctx.doc.current_location().get(end)) return e;
    out.assign(trim_right(std::string_view(start, static_cast<std::size_t>(end - start))));
    return simdjson::SUCCESS;
  }
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

simdjson::error_code read_system(field_context& ctx, od::value v, system_ref& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::object) return ctx.fail_type(ctx.at.path("system"), "object", t);
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  bool has_id = false;
  auto path_of = [&](std::string_view key) { return ctx.at.path("system", key); };
  if (auto e = for_each_member(ctx, obj, path_of,
                               [&](std::string_view key, od::value value) -> simdjson::error_code {
                                 if (key == "id") {
                                   if (auto e = read_string(ctx, value, "system", "id", out.id))
                                     return e;
                                   has_id = true;
                                 } else if (key == "name") {
                                   if (auto e = read_string(ctx, value, "system", "name", out.name))
                                     return e;
                                 } else if (key == "short_name") {
                                   std::string s;
                                   if (auto e = read_string(ctx, value, "system", "short_name", s))
                                     return e;
                                   out.short_name = std::move(s);
                                 } else {
                                   return check_value(ctx, value, path_of(key));
                                 }
                                 return simdjson::SUCCESS;
                               })) {
    return e;
  }
  if (!has_id) return ctx.fail(ctx.at.path("system"), "missing \"id\"");
  return simdjson::SUCCESS;
}

simdjson::error_code read_params(field_context& ctx, od::value v, std::vector<param>& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::object) return ctx.fail_type(ctx.at.path("params"), "object", t);
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  // Elements already in `out` are overwritten in place: a parser reading page
  // after page into the same model reuses the strings' memory.
  std::size_t n = 0;
  if (auto e = for_each_member(
          ctx, obj, [&](std::string_view key) { return ctx.at.path("params", key); },
          [&](std::string_view key, od::value value) -> simdjson::error_code {
            if (n == out.size()) out.emplace_back();
            param& p = out[n++];
            p.key.assign(key);
            return read_scalar(ctx, value, "params", p.key, p.value);
          })) {
    return e;
  }
  out.resize(n);
  return simdjson::SUCCESS;
}

}  // namespace

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
  bool has_name = false, has_system = false, has_params = false;
  if (auto e = for_each_member(
          ctx, obj, [&](std::string_view key) { return ctx.at.path(key); },
          [&](std::string_view key, od::value value) -> simdjson::error_code {
            if (key == "id") {
              od::json_type it;
              if (auto e = read_type(value, it)) return e;
              std::int64_t id;
              if (it != od::json_type::number || value.get_int64().get(id))
                return ctx.fail(ctx.at.path("id"), "expected an integer id");
              out.id = id;
            } else if (key == "name") {
              has_name = true;
              if (auto e = read_string(ctx, value, "name", {}, out.name)) return e;
            } else if (key == "system") {
              has_system = true;
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
              has_params = true;
              if (!out.params) out.params.emplace();
              if (auto e = read_params(ctx, value, *out.params)) return e;
            } else {
              raw_field& extra = out.extra.emplace_back();
              extra.key.assign(key);
              if (auto e = read_raw(ctx, value, extra.key, extra.json)) return e;
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

}  // namespace sdemig::json::detail

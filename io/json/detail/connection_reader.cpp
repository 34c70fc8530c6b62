#include "io/json/detail/connection_reader.hpp"

namespace sdemig::json::detail {
namespace {

simdjson::error_code read_id(field_context& ctx, od::value v, std::string_view key,
                             std::int64_t& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::number || v.get_int64().get(out))
    return ctx.fail(ctx.at.path(key), "expected an integer id");
  return simdjson::SUCCESS;
}

// null: absent. A file's null stays absent; a wrong type is an error.
simdjson::error_code read_optional_id(field_context& ctx, od::value v, std::string_view key,
                                      std::optional<std::int64_t>& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t == od::json_type::null) return simdjson::SUCCESS;
  return read_id(ctx, v, key, out.emplace());
}

// A flag a server may send as something else (ignored there, as ever); a
// file's must be true or false.
simdjson::error_code read_flag(field_context& ctx, od::value v, std::string_view key,
                               std::optional<bool>& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::boolean)
    return ctx.strict ? ctx.fail_type(ctx.at.path(key), "boolean", t) : simdjson::SUCCESS;
  bool b = false;
  if (auto e = v.get_bool().get(b)) return e;
  out = b;
  return simdjson::SUCCESS;
}

// The connector's system: "jira" or {"id": "jira", ...}.
simdjson::error_code read_system_id(field_context& ctx, od::value v, std::string& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t == od::json_type::string) return read_string(ctx, v, "system", {}, out);
  if (t != od::json_type::object) {
    return ctx.strict ? ctx.fail_type(ctx.at.path("system"), "a string or an object", t)
                      : simdjson::SUCCESS;
  }
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  auto path_of = [&](std::string_view key) { return ctx.at.path("system", key); };
  return for_each_member(ctx, obj, path_of,
                         [&](std::string_view key, od::value value) -> simdjson::error_code {
                           if (key == "id") return read_string(ctx, value, "system", "id", out);
                           return check_value(ctx, value, path_of(key));
                         });
}

// Absent or null: not shown (a token without the permission), and kept
// absent; never read as no params.
simdjson::error_code read_params(field_context& ctx, od::value v,
                                 std::optional<std::vector<param>>& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t == od::json_type::null) return simdjson::SUCCESS;
  if (t != od::json_type::object) return ctx.fail_type(ctx.at.path("params"), "object", t);
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  std::vector<param>& params = out.emplace();
  return for_each_member(
      ctx, obj, [&](std::string_view key) { return ctx.at.path("params", key); },
      [&](std::string_view key, od::value value) -> simdjson::error_code {
        param& p = params.emplace_back();
        p.key.assign(key);
        return read_scalar(ctx, value, "params", p.key, p.value);
      });
}

// One member of a connection; `known` false when `key` is none of its own.
simdjson::error_code read_member(field_context& ctx, std::string_view key, od::value value,
                                 connection& out, bool& known) {
  known = true;
  if (key == "id") return read_optional_id(ctx, value, key, out.id);
  if (key == "alias") return read_string(ctx, value, "alias", {}, out.alias);
  if (key == "frequency") {
    od::json_type t;
    if (auto e = read_type(value, t)) return e;
    if (t == od::json_type::null) return simdjson::SUCCESS;  // the default, "manually"
    return read_string(ctx, value, "frequency", {}, out.frequency);
  }
  if (key == "debug_mode") return read_flag(ctx, value, key, out.debug_mode);
  if (key == "inaccessible") return read_flag(ctx, value, key, out.inaccessible);
  if (key == "connector") return read_id(ctx, value, key, out.connector);
  if (key == "project") return read_id(ctx, value, key, out.project);
  if (key == "system") return read_system_id(ctx, value, out.system);
  if (key == "params") return read_params(ctx, value, out.params);
  known = false;
  return simdjson::SUCCESS;
}

simdjson::error_code object_of(field_context& ctx, od::value v, od::object& obj) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t != od::json_type::object) return ctx.fail_type(ctx.at.path(), "object", t);
  return v.get_object().get(obj);
}

}  // namespace

simdjson::error_code read_connection(field_context& ctx, od::value v, connection& out) {
  out = connection{};
  od::object obj;
  if (auto e = object_of(ctx, v, obj)) return e;
  auto path_of = [&](std::string_view key) { return ctx.at.path(key); };
  return for_each_member(ctx, obj, path_of,
                         [&](std::string_view key, od::value value) -> simdjson::error_code {
                           bool known = false;
                           if (auto e = read_member(ctx, key, value, out, known)) return e;
                           return known ? simdjson::SUCCESS : check_value(ctx, value, path_of(key));
                         });
}

simdjson::error_code read_exported_connection(field_context& ctx, od::value v, bool ndjson,
                                              exported_connection& out) {
  out = exported_connection{};
  od::object obj;
  if (auto e = object_of(ctx, v, obj)) return e;
  std::optional<std::string> kind, business_unit, application, project_name, project_path,
      connector_name;
  std::optional<std::int64_t> source_id, source_connector_id, source_project_id;
  bool has_alias = false;
  auto path_of = [&](std::string_view key) { return ctx.at.path(key); };
  if (auto e = for_each_member(
          ctx, obj, path_of, [&](std::string_view key, od::value value) -> simdjson::error_code {
            for (auto [name, text] : {std::pair{"kind", &kind},
                                      {"business_unit", &business_unit},
                                      {"application", &application},
                                      {"project_name", &project_name},
                                      {"project_path", &project_path},
                                      {"connector_name", &connector_name}}) {
              if (key == name) return read_string(ctx, value, key, {}, text->emplace());
            }
            for (auto [name, id] : {std::pair{"source_id", &source_id},
                                    {"source_connector_id", &source_connector_id},
                                    {"source_project_id", &source_project_id}}) {
              if (key == name) return read_optional_id(ctx, value, key, *id);
            }
            has_alias = has_alias || key == "alias";
            bool known = false;
            if (auto e = read_member(ctx, key, value, out.value, known)) return e;
            return known ? simdjson::SUCCESS : check_value(ctx, value, path_of(key));
          })) {
    return e;
  }
  auto missing = [&](std::string_view key) {
    return ctx.fail(ctx.at.path(), "missing \"" + std::string(key) + "\"");
  };
  if (!kind) return missing("kind");
  const std::string_view prefix = ndjson ? "connection-" : "";
  const std::optional<connector_kind> k =
      kind->starts_with(prefix)
          ? parse_connector_kind(std::string_view(*kind).substr(prefix.size()))
          : std::nullopt;
  if (!k) {
    return ctx.fail(ctx.at.path("kind"),
                    ndjson ? "must be \"connection-alm\" or \"connection-analysis\""
                           : "must be \"alm\" or \"analysis\"");
  }
  out.kind = *k;
  if (project_name) {  // the three names apart
    if (!business_unit) return missing("business_unit");
    if (!application) return missing("application");
    out.project = {std::move(*business_unit), std::move(*application), std::move(*project_name)};
  } else if (project_path) {  // an export from before the names were written apart
    std::optional<project_ref> ref = parse_project_path(*project_path);
    if (!ref) {
      return ctx.fail(ctx.at.path("project_path"),
                      "cannot tell the business unit, application and project apart in \"" +
                          *project_path +
                          "\" (a name holds \"/\"): export it again with this version");
    }
    out.project = std::move(*ref);
  } else {
    return missing("project_name");
  }
  if (!connector_name) return missing("connector_name");
  if (!has_alias) return missing("alias");
  out.connector_name = std::move(*connector_name);
  // The source's ids, as `export --connections` wrote them.
  if (source_id) out.value.id = source_id;
  if (source_connector_id) out.value.connector = *source_connector_id;
  if (source_project_id) out.value.project = *source_project_id;
  return simdjson::SUCCESS;
}

}  // namespace sdemig::json::detail

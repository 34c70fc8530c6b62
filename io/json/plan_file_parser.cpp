#include "io/json/plan_file_parser.hpp"

#include "io/json/detail/connection_reader.hpp"
#include "io/json/detail/connector_reader.hpp"

namespace sdemig::json {
namespace {

using namespace detail;

simdjson::error_code read_id(field_context& ctx, od::value v, const std::string& path,
                             std::optional<std::int64_t>& out) {
  od::json_type t;
  if (auto e = read_type(v, t)) return e;
  if (t == od::json_type::null) return simdjson::SUCCESS;
  std::int64_t n = 0;
  if (t != od::json_type::number || v.get_int64().get(n))
    return ctx.fail(path, "expected an integer id or null");
  out = n;
  return simdjson::SUCCESS;
}

simdjson::error_code read_secrets(field_context& ctx, od::value v, const std::string& path,
                                  std::vector<std::pair<std::string, std::string>>& out) {
  od::object obj;
  if (auto e = read_object(ctx, v, path, obj)) return e;
  auto path_of = [&](std::string_view key) { return path + "." + std::string(key); };
  return for_each_member(ctx, obj, path_of, [&](std::string_view key, od::value value) {
    std::string from;
    if (auto e = read_string(ctx, value, path_of(key), {}, from)) return e;
    if (from != "source" && from != "secrets-file" && from != "target")
      return ctx.fail(path_of(key), "must be \"source\", \"secrets-file\" or \"target\"");
    out.emplace_back(std::string(key), std::move(from));
    return simdjson::SUCCESS;
  });
}

simdjson::error_code read_item(field_context& ctx, od::value v, std::size_t index,
                               plan_file_item& item) {
  const std::string at = "writes[" + std::to_string(index) + "]";
  od::object obj;
  if (auto e = read_object(ctx, v, at, obj)) return e;
  auto path_of = [&](std::string_view key) { return at + "." + std::string(key); };
  std::string kind;
  auto e = for_each_member(
      ctx, obj, path_of, [&](std::string_view key, od::value value) -> simdjson::error_code {
        const std::string path = path_of(key);
        if (key == "type") return read_string(ctx, value, path, {}, item.type);
        if (key == "kind") return read_string(ctx, value, path, {}, kind);
        if (key == "action") return read_string(ctx, value, path, {}, item.action);
        if (key == "method") return read_string(ctx, value, path, {}, item.method);
        if (key == "source_name") return read_string(ctx, value, path, {}, item.source_name);
        if (key == "fingerprint") return read_string(ctx, value, path, {}, item.fingerprint);
        if (key == "source_id") return read_id(ctx, value, path, item.source_id);
        if (key == "target_id") return read_id(ctx, value, path, item.target_id);
        if (key == "secrets") return read_secrets(ctx, value, path, item.secrets);
        if (key == "unsent") return read_strings(ctx, value, path, item.unsent);
        ctx.at = where{"writes", index};  // a body's errors: writes[N].field
        if (key == "connector" || key == "current_connector") {
          auto& into = key == "connector" ? item.body_connector : item.current_connector;
          return read_connector(ctx, value, into.emplace(), file_options());
        }
        if (key == "connection" || key == "current_connection") {
          auto& into = key == "connection" ? item.body_connection : item.current_connection;
          return read_exported_connection(ctx, value, false, into.emplace());
        }
        return ctx.fail(path, "unknown member of a plan's write");
      });
  if (e) return e;
  const auto k = parse_connector_kind(kind);
  if (!k) return ctx.fail(path_of("kind"), "must be \"alm\" or \"analysis\"");
  item.kind = *k;
  if (item.type != "connector" && item.type != "connection")
    return ctx.fail(path_of("type"), "must be \"connector\" or \"connection\"");
  if (item.action != "create" && item.action != "update")
    return ctx.fail(path_of("action"), "must be \"create\" or \"update\"");
  const bool connector = item.type == "connector";
  if (connector ? !item.body_connector : !item.body_connection)
    return ctx.fail(at,
                    std::string("missing \"") + (connector ? "connector" : "connection") + "\"");
  if (item.action == "update" && !item.target_id)
    return ctx.fail(path_of("target_id"), "an update needs the target's id");
  if (item.fingerprint.empty()) return ctx.fail(path_of("fingerprint"), "missing");
  return simdjson::SUCCESS;
}

}  // namespace

std::optional<parse_error> read_plan_file(const std::string& text, plan_file& out) {
  document_state state(std::size_t{1} << 34);
  auto read_body = [&](field_context& ctx, od::document& doc) -> simdjson::error_code {
    od::object obj;
    if (auto e = top_object(ctx, doc, obj)) return e;
    std::string format;
    bool writes = false;
    auto path_of = [](std::string_view key) { return std::string(key); };
    auto e = for_each_member(
        ctx, obj, path_of, [&](std::string_view key, od::value value) -> simdjson::error_code {
          if (key == "format") return read_string(ctx, value, key, {}, format);
          if (key == "source") return read_string(ctx, value, key, {}, out.source);
          if (key == "target") return read_string(ctx, value, key, {}, out.target);
          if (key == "created_at") return read_string(ctx, value, key, {}, out.created_at);
          if (key == "source_api") return read_string(ctx, value, key, {}, out.source_api);
          if (key == "target_api") return read_string(ctx, value, key, {}, out.target_api);
          if (key == "digest") return read_string(ctx, value, key, {}, out.digest);
          if (key == "writes") {
            writes = true;
            // The array's text as it stands, from its "[" to where reading it ended.
            const char* begin = value.raw_json_token().data();
            auto err = for_each_element(ctx, value, "writes", [&](od::value item, std::size_t i) {
              return read_item(ctx, item, i, out.writes.emplace_back());
            });
            if (err) return err;
            const char* end = nullptr;
            if (auto e = ctx.doc.current_location().get(end)) return e;
            std::string_view raw(begin, static_cast<std::size_t>(end - begin));
            while (!raw.empty() && raw.back() != ']') raw.remove_suffix(1);
            out.writes_text = std::string(raw);
            return simdjson::SUCCESS;
          }
          // What a reviewer reads (plan --json's members): checked, not used.
          if (key == "$schema" || key == "actions" || key == "totals" || key == "connections" ||
              key == "connection_totals" || key == "job")
            return check_value(ctx, value, path_of(key));
          return ctx.fail(path_of(key), "unknown member of a plan file");
        });
    if (e) return e;
    if (format != plan_format) {
      return ctx.fail("format", "\"" + format + "\" is not an sdemig plan (expected \"" +
                                    std::string(plan_format) + "\")");
    }
    if (!writes || out.target.empty())
      return ctx.fail({},
                      "not a saved plan (no \"writes\" or \"target\": `plan --json` prints "
                      "a plan to read; `plan --out` saves one to apply)");
    return simdjson::SUCCESS;
  };
  return run_document(state, std::size_t{1} << 34, text, text.capacity(), read_body, true);
}

}  // namespace sdemig::json

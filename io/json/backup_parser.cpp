#include "io/json/backup_parser.hpp"

#include "io/json/detail/export_members.hpp"

namespace sdemig::json {
namespace {

using namespace detail;

simdjson::error_code read_section(field_context& ctx, od::value value, std::string_view key,
                                  const export_visitor& connector,
                                  const connection_visitor& connection) {
  od::object obj;
  if (auto e = read_object(ctx, value, std::string(key), obj)) return e;
  return read_export_object(ctx, obj, key, connector, connection, nullptr);
}

// "secrets_changed": [{"kind": "alm", "name": "...", "params": ["..."]}]
simdjson::error_code read_secret_changes(field_context& ctx, od::value v, backup_header& header) {
  return for_each_element(ctx, v, "secrets_changed", [&](od::value item, std::size_t i) {
    const std::string at = "secrets_changed[" + std::to_string(i) + "]";
    od::object obj;
    if (auto e = read_object(ctx, item, at, obj)) return e;
    backup_header::secret_change& change = header.secrets_changed.emplace_back();
    auto path_of = [&](std::string_view key) { return at + "." + std::string(key); };
    return for_each_member(ctx, obj, path_of,
                           [&](std::string_view key, od::value value) -> simdjson::error_code {
                             if (key == "kind")
                               return read_string(ctx, value, path_of(key), {}, change.kind);
                             if (key == "name")
                               return read_string(ctx, value, path_of(key), {}, change.name);
                             if (key == "params")
                               return read_strings(ctx, value, path_of(key), change.params);
                             return ctx.fail(path_of(key), "unknown member");
                           });
  });
}

}  // namespace

std::optional<parse_error> read_backup(const std::string& text, backup_header& header,
                                       const backup_visitors& visit) {
  document_state state(std::size_t{1} << 34);
  auto read_body = [&](field_context& ctx, od::document& doc) -> simdjson::error_code {
    od::object obj;
    if (auto e = top_object(ctx, doc, obj)) return e;
    std::string format;
    bool before = false, written = false;
    auto path_of = [](std::string_view key) { return std::string(key); };
    auto e = for_each_member(
        ctx, obj, path_of, [&](std::string_view key, od::value value) -> simdjson::error_code {
          if (key == "format") return read_string(ctx, value, key, {}, format);
          if (key == "target") return read_string(ctx, value, key, {}, header.target);
          if (key == "api") return read_string(ctx, value, key, {}, header.api);
          if (key == "taken_at") return read_string(ctx, value, key, {}, header.taken_at);
          if (key == "command") return read_string(ctx, value, key, {}, header.command);
          if (key == "secrets") return read_string(ctx, value, key, {}, header.secrets);
          if (key == "$schema") return check_value(ctx, value, path_of(key));
          if (key == "secrets_changed") return read_secret_changes(ctx, value, header);
          if (key == "before") {
            before = true;
            return read_section(ctx, value, key, visit.before_connector, visit.before_connection);
          }
          if (key == "written") {
            written = true;
            return read_section(ctx, value, key, visit.written_connector, visit.written_connection);
          }
          return ctx.fail(path_of(key),
                          "unknown member (an sdemig backup holds format, target, api, taken_at, "
                          "command, secrets, secrets_changed, before and written)");
        });
    if (e) return e;
    if (format.empty()) return ctx.fail({}, "not an sdemig backup: no \"format\"");
    if (format != backup_format) {
      return ctx.fail("format", "\"" + format + "\" is not an sdemig backup (expected \"" +
                                    std::string(backup_format) + "\")");
    }
    if (header.target.empty()) return ctx.fail("target", "missing: the instance the run wrote to");
    if (header.api != "legacy" && header.api != "current")
      return ctx.fail("api", "must be \"legacy\" or \"current\"");
    if (!before) return ctx.fail("before", "missing");
    if (!written) return ctx.fail("written", "missing");
    return simdjson::SUCCESS;
  };
  return run_document(state, std::size_t{1} << 34, text, text.capacity(), read_body, true);
}

}  // namespace sdemig::json

#include "io/json/export_parser.hpp"

#include <algorithm>

#include "io/json/detail/connection_reader.hpp"
#include "io/json/detail/connector_reader.hpp"
#include "io/json/detail/export_members.hpp"

namespace sdemig::json {
namespace {

using namespace detail;

struct export_readers {
  const export_visitor& connector;
  const connection_visitor& connection;
  std::string* api;
};

// read_item(item) for each element of the array `value`, the reader at key[i].
template <class ReadItem>
simdjson::error_code read_list(field_context& ctx, od::value value, std::string_view key,
                               ReadItem&& read_item) {
  auto e = for_each_element(ctx, value, std::string(key), [&](od::value item, std::size_t i) {
    ctx.at = where{key, i};
    return read_item(item);
  });
  if (!e) ctx.at = where{};
  return e;
}

simdjson::error_code read_format(field_context& ctx, od::document& doc) {
  od::object obj;
  if (auto e = doc.get_object().get(obj)) return e;
  od::value format_value;
  const auto found = obj.find_field_unordered("format").get(format_value);
  if (found == simdjson::NO_SUCH_FIELD) return ctx.fail({}, "not an sdemig export: no \"format\"");
  if (found) return found;
  std::string format;
  if (auto e = read_string(ctx, format_value, "format", {}, format)) return e;
  if (format != export_format) {
    return ctx.fail("format", "\"" + format + "\" is not an sdemig export (expected \"" +
                                  std::string(export_format) + "\")");
  }
  return simdjson::SUCCESS;
}

std::optional<parse_error> read_json_export(const std::string& text, const export_readers& r,
                                            std::size_t max_bytes) {
  document_state state(max_bytes);
  auto read_body = [&](field_context& ctx, od::document& doc) -> simdjson::error_code {
    // "format" first, wherever it stands (`jq -S` sorts the keys), then every
    // member on a second pass over the same document.
    if (auto e = read_format(ctx, doc)) return e;
    doc.rewind();
    od::object obj;
    if (auto e = doc.get_object().get(obj)) return e;
    return read_export_object(ctx, obj, {}, r.connector, r.connection, r.api);
  };
  return run_document(state, max_bytes, text, text.capacity(), read_body, true);
}

// A member `find` gives as a string; nullopt when the object has none.
simdjson::error_code find_string(field_context& ctx, od::object& obj, std::string_view key,
                                 std::optional<std::string>& out) {
  od::value value;
  const auto found = obj.find_field_unordered(key).get(value);
  if (found == simdjson::NO_SUCH_FIELD) return simdjson::SUCCESS;
  if (found) return found;
  return read_string(ctx, value, key, {}, out.emplace());
}

// One line: a connector ("kind": "alm"...) or a connection ("kind":
// "connection-alm"...). `api` receives its "api", when it has one.
simdjson::error_code read_line(field_context& ctx, od::document& doc, const export_readers& r,
                               std::optional<std::string>& api) {
  od::json_type t;
  if (auto e = doc.type().get(t)) return e;
  if (t != od::json_type::object) return ctx.fail_type({}, "object", t);
  od::object obj;
  if (auto e = doc.get_object().get(obj)) return e;
  std::optional<std::string> kind;
  if (auto e = find_string(ctx, obj, "kind", kind)) return e;
  if (!kind) return ctx.fail({}, "missing \"kind\": not an sdemig NDJSON export");
  if (auto e = find_string(ctx, obj, "api", api)) return e;
  doc.rewind();
  od::value v;
  if (auto e = doc.get_value().get(v)) return e;
  if (kind->starts_with("connection-")) {
    exported_connection c;
    if (auto e = read_exported_connection(ctx, v, true, c)) return e;
    if (r.connection) r.connection(c);
    return simdjson::SUCCESS;
  }
  connector c;
  if (auto e = read_connector(ctx, v, c, file_options())) return e;
  const auto k = parse_connector_kind(*kind);
  if (!k) return ctx.fail("kind", "must be \"alm\" or \"analysis\"");
  std::erase_if(c.extra, [](const raw_field& f) { return f.key == "kind" || f.key == "api"; });
  r.connector(*k, c);
  return simdjson::SUCCESS;
}

std::optional<parse_error> read_ndjson_export(const std::string& text, const export_readers& r) {
  document_state state(default_max_document_bytes);
  std::optional<std::string> file_api;
  std::size_t api_line = 0, line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = "line " + std::to_string(line_no);
    std::optional<std::string> api;
    auto err = run_document(
        state, default_max_document_bytes, line, line.size(),
        [&](field_context& ctx, od::document& doc) { return read_line(ctx, doc, r, api); }, true);
    if (!err && api && file_api && *api != *file_api) {
      err = parse_error{"api", "\"" + *api + "\", where line " + std::to_string(api_line) +
                                   " has \"" + *file_api + "\": an export holds one API"};
    }
    if (err) return parse_error{where + (err->path.empty() ? "" : "." + err->path), err->what};
    if (api && !file_api) {
      file_api = api;
      api_line = line_no;
    }
  }
  if (r.api && file_api) *r.api = *file_api;
  return std::nullopt;
}

}  // namespace

namespace detail {

simdjson::error_code read_export_object(field_context& ctx, od::object& obj,
                                        std::string_view prefix, const export_visitor& on_connector,
                                        const connection_visitor& on_connection, std::string* api) {
  const std::string pre = prefix.empty() ? std::string() : std::string(prefix) + ".";
  auto path_of = [&](std::string_view key) { return pre + std::string(key); };
  std::string list_key;  // the list being read, as error paths name it (lives while it is read)
  return for_each_member(
      ctx, obj, path_of, [&](std::string_view key, od::value value) -> simdjson::error_code {
        if (key == "api") {
          return api ? read_string(ctx, value, path_of(key), {}, *api)
                     : check_value(ctx, value, path_of(key));
        }
        list_key = path_of(key);
        if (key == "connections") {
          return read_list(ctx, value, list_key, [&](od::value item) -> simdjson::error_code {
            exported_connection c;
            if (auto e = read_exported_connection(ctx, item, false, c)) return e;
            if (on_connection) on_connection(c);
            return simdjson::SUCCESS;
          });
        }
        const auto kind = parse_connector_kind(key);
        if (!kind) {
          if (key == "format" || key == "source" || key == "exported_at")
            return check_value(ctx, value, path_of(key));
          // A misspelt "alm" would otherwise import nothing and say "0 created".
          return ctx.fail(path_of(key),
                          "unknown member (an sdemig export holds format, source, "
                          "exported_at, api, alm, analysis and connections)");
        }
        return read_list(ctx, value, list_key, [&](od::value item) -> simdjson::error_code {
          connector c;
          if (auto e = read_connector(ctx, item, c, file_options())) return e;
          on_connector(*kind, c);
          return simdjson::SUCCESS;
        });
      });
}

}  // namespace detail

std::optional<parse_error> read_export(const std::string& text, const export_visitor& visit,
                                       std::size_t max_document_bytes, std::string* api,
                                       const connection_visitor& connections) {
  const export_readers readers{visit, connections, api};
  // An NDJSON export's first line is a whole object with "kind"; a JSON
  // export's first line is not a whole object (ours starts with "format").
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return parse_error{{}, "empty file"};
  std::string_view line(text.data() + first, std::min(text.find('\n', first), text.size()) - first);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  // (A JSON export written on one line names its "format" there.)
  if (line.starts_with('{') && line.ends_with('}') &&
      line.find("\"kind\"") != std::string_view::npos &&
      line.find("\"format\":") == std::string_view::npos) {
    return read_ndjson_export(text, readers);
  }
  return read_json_export(text, readers, max_document_bytes);
}

}  // namespace sdemig::json

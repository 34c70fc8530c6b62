#include "io/json/export_parser.hpp"

#include <algorithm>

#include "io/json/detail/ondemand_reader.hpp"

namespace sdemig::json {
namespace {

using namespace detail;

// An export file is read strictly: a key twice is an error.
parse_options file_options() {
  parse_options o;
  o.refuse_duplicate_keys = true;
  return o;
}

std::optional<parse_error> read_json_export(const std::string& text, const export_visitor& visit,
                                            std::size_t max_bytes, std::string* api) {
  document_state state(max_bytes);
  return run_document(
      state, max_bytes, text, text.capacity(),
      [&](field_context& ctx, od::document& doc) -> simdjson::error_code {
        // "format" first, wherever it stands (`jq -S` sorts the keys), then the
        // connectors on a second pass over the same document.
        {
          od::object obj;
          if (auto e = doc.get_object().get(obj)) return e;
          od::value format_value;
          const auto found = obj.find_field_unordered("format").get(format_value);
          if (found == simdjson::NO_SUCH_FIELD)
            return ctx.fail({}, "not an sdemig export: no \"format\"");
          if (found) return found;
          std::string format;
          if (auto e = read_string(ctx, format_value, "format", {}, format)) return e;
          if (format != export_format) {
            return ctx.fail("format", "\"" + format + "\" is not an sdemig export (expected \"" +
                                          std::string(export_format) + "\")");
          }
        }
        doc.rewind();
        od::object obj;
        if (auto e = doc.get_object().get(obj)) return e;
        return for_each_field(obj,
                              [&](std::string_view key, od::value value) -> simdjson::error_code {
                                if (key == "api" && api)
                                  return read_string(ctx, value, "api", {}, *api);
                                const auto kind = parse_connector_kind(key);
                                if (!kind)
                                  return simdjson::SUCCESS;  // format, source, exported_at, ...
                                od::array arr;
                                od::json_type t;
                                if (auto e = read_type(value, t)) return e;
                                if (t != od::json_type::array)
                                  return ctx.fail_type(std::string(key), "array", t);
                                if (auto e = value.get_array().get(arr)) return e;
                                const std::string prefix(to_string(*kind));
                                std::size_t i = 0;
                                for (auto element : arr) {
                                  od::value item;
                                  if (auto e = element.get(item)) return e;
                                  ctx.at = where{prefix, i++};
                                  connector c;
                                  if (auto e = read_connector(ctx, item, c, file_options()))
                                    return e;
                                  visit(*kind, c);
                                }
                                ctx.at = where{};
                                return simdjson::SUCCESS;
                              });
      });
}

// Removes `key` from the fields the model does not know and gives its
// string value ("" when it was not a string); nullopt when absent.
std::optional<std::string> take_extra(connector& c, std::string_view key) {
  auto field = std::find_if(c.extra.begin(), c.extra.end(),
                            [&](const raw_field& f) { return f.key == key; });
  if (field == c.extra.end()) return std::nullopt;
  const std::string& raw = field->json;
  std::string value =
      raw.size() >= 2 && raw.front() == '"' ? raw.substr(1, raw.size() - 2) : std::string();
  c.extra.erase(field);
  return value;
}

std::optional<parse_error> read_ndjson_export(const std::string& text, const export_visitor& visit,
                                              std::string* api) {
  connector_parser parser;
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = "line " + std::to_string(line_no);
    // Connection lines ("kind": "connection-alm", written by export
    // --connections) are read by the connections' own reader.
    if (line.find("\"kind\":\"connection-") != std::string_view::npos) continue;
    connector c;
    if (auto err = parser.parse_connector(line, line.size(), c, file_options())) {
      return parse_error{where + (err->path.empty() ? "" : "." + err->path), err->what};
    }
    const std::optional<std::string> kind_text = take_extra(c, "kind");
    if (!kind_text) return parse_error{where, "missing \"kind\": not an sdemig NDJSON export"};
    const auto kind = parse_connector_kind(*kind_text);
    if (!kind) return parse_error{where + ".kind", "must be \"alm\" or \"analysis\""};
    if (auto api_text = take_extra(c, "api"); api_text && api) *api = std::move(*api_text);
    visit(*kind, c);
  }
  return std::nullopt;
}

}  // namespace

std::optional<parse_error> read_export(const std::string& text, const export_visitor& visit,
                                       std::size_t max_document_bytes, std::string* api) {
  // An NDJSON export's first line is a whole connector object with "kind";
  // a JSON export's first line is not a whole object (ours starts with "format").
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return parse_error{{}, "empty file"};
  std::string_view line(text.data() + first, std::min(text.find('\n', first), text.size()) - first);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  // (A JSON export written on one line names its "format" there.)
  if (line.starts_with('{') && line.ends_with('}') &&
      line.find("\"kind\"") != std::string_view::npos &&
      line.find("\"format\":") == std::string_view::npos) {
    return read_ndjson_export(text, visit, api);
  }
  return read_json_export(text, visit, max_document_bytes, api);
}

}  // namespace sdemig::json

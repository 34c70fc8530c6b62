#include "engine/connections/connection_export.hpp"

#include <simdjson.h>

#include "io/json/project_json.hpp"

namespace sdemig::engine {

void write_connection_record(json::writer& w, const connection_record& r, bool ndjson,
                             bool include_secrets) {
  w.begin_object();
  w.member("kind", ndjson ? connection_kind_name(r.kind) : to_string(r.kind));
  // The three names apart, and the escaped path (older exports had only an
  // unescaped one).
  w.member("business_unit", r.project.business_unit);
  w.member("application", r.project.application);
  w.member("project_name", r.project.name);
  w.member("project_path", project_path(r.project));
  w.member("connector_name", r.connector_name);
  w.member("alias", r.value.alias);
  w.member("frequency", r.value.frequency);
  if (r.value.debug_mode) w.member("debug_mode", *r.value.debug_mode);
  if (r.value.params) {  // not shown by the instance: no member, never an empty one
    w.key("params");
    w.begin_object();
    for (const param& p : *r.value.params) {
      w.key(p.key);
      if (is_secret(p) && !include_secrets) {
        w.null();
      } else {
        w.scalar_value(p.value);
      }
    }
    w.end_object();
  }
  w.member("source_id", r.value.id);
  w.member("source_connector_id", r.value.connector);
  w.member("source_project_id", r.value.project);
  w.end_object();
}

namespace {

namespace dom = simdjson::dom;

connection_record record_of(dom::object o, const std::string& where, bool ndjson) {
  auto text = [&](std::string_view key, bool required) -> std::string {
    dom::element e;
    if (o[key].get(e) != simdjson::SUCCESS || e.is_null()) {
      if (required) throw std::runtime_error(where + ": missing \"" + std::string(key) + "\"");
      return {};
    }
    if (!e.is_string())
      throw std::runtime_error(where + "." + std::string(key) + ": expected a string");
    return std::string(e.get_string().value());
  };
  connection_record r;
  std::string kind = text("kind", true);
  if (ndjson) kind = kind.substr(kind.find('-') + 1);
  const auto k = parse_connector_kind(kind);
  if (!k) throw std::runtime_error(where + ".kind: must be alm or analysis");
  r.kind = *k;
  dom::element named;
  if (o["project_name"].get(named) == simdjson::SUCCESS) {
    r.project = {text("business_unit", true), text("application", true),
                 text("project_name", true)};
  } else {
    const std::string path = text("project_path", true);
    const std::optional<project_ref> ref = parse_project_path(path);
    if (!ref) {
      throw std::runtime_error(where +
                               ".project_path: cannot tell the business unit, application and "
                               "project apart in \"" +
                               path + "\" (a name holds \"/\"): export it again with this version");
    }
    r.project = *ref;
  }
  r.connector_name = text("connector_name", true);
  // The connection's own fields, as a read gives them.
  connection c;
  if (auto err = json::parse_connection(simdjson::minify(o), c))
    throw std::runtime_error(where + "." + err->text());
  dom::element e;
  std::int64_t id = 0;
  if (o["source_id"].get(e) == simdjson::SUCCESS && e.get(id) == simdjson::SUCCESS) c.id = id;
  if (o["source_connector_id"].get(e) == simdjson::SUCCESS && e.get(id) == simdjson::SUCCESS)
    c.connector = id;
  if (o["source_project_id"].get(e) == simdjson::SUCCESS && e.get(id) == simdjson::SUCCESS)
    c.project = id;
  // A secret the export left out (null) is not sent.
  if (c.params)
    std::erase_if(*c.params, [](const param& p) { return p.value.type == json_type::null; });
  r.value = std::move(c);
  return r;
}

}  // namespace

std::vector<connection_record> read_export_connections(const std::string& text) {
  std::vector<connection_record> out;
  dom::parser parser;
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return out;
  const std::size_t first_end = std::min(text.find('\n', first), text.size());
  const std::string_view line(text.data() + first, first_end - first);
  const bool ndjson = line.starts_with('{') && line.find("\"kind\"") != std::string_view::npos &&
                      line.find("\"format\":") == std::string_view::npos;
  if (!ndjson) {
    dom::object root;
    if (parser.parse(text).get(root) != simdjson::SUCCESS)
      return out;  // the connectors' reader says why
    dom::array list;
    if (root["connections"].get(list) != simdjson::SUCCESS) return out;
    std::size_t i = 0;
    for (dom::element e : list) {
      const std::string where = "connections[" + std::to_string(i++) + "]";
      dom::object o;
      if (e.get(o) != simdjson::SUCCESS) throw std::runtime_error(where + ": expected an object");
      out.push_back(record_of(o, where, false));
    }
    return out;
  }
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find("\"kind\":\"connection-") == std::string::npos) continue;
    const std::string where = "line " + std::to_string(line_no);
    dom::object o;
    if (parser.parse(line).get(o) != simdjson::SUCCESS)
      throw std::runtime_error(where + ": not a JSON object");
    out.push_back(record_of(o, where, true));
  }
  return out;
}

}  // namespace sdemig::engine

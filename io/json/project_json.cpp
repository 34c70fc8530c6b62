#include "io/json/project_json.hpp"

#include <simdjson.h>

#include "io/json/json_writer.hpp"

namespace sdemig::json {
namespace {

namespace dom = simdjson::dom;

parse_error error_at(std::string path, std::string what) {
  return {std::move(path), std::move(what)};
}

std::string at_index(std::string_view list, std::size_t i, std::string_view field = {}) {
  std::string out = std::string(list) + "[" + std::to_string(i) + "]";
  if (!field.empty()) out += "." + std::string(field);
  return out;
}

std::optional<scalar> scalar_of(dom::element e) {
  switch (e.type()) {
    case dom::element_type::STRING:
      return scalar::string(std::string(e.get_string().value()));
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return scalar{json_type::integer, simdjson::minify(e)};
    case dom::element_type::DOUBLE:
      return scalar{json_type::number, simdjson::minify(e)};
    case dom::element_type::BOOL:
      return scalar::boolean(e.get_bool().value());
    case dom::element_type::NULL_VALUE:
      return scalar::null();
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> int_of(dom::element e) {
  std::int64_t v = 0;
  if (e.get_int64().get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

std::optional<parse_error> read_connection(dom::object o, const std::string& path,
                                           connection& out) {
  out = connection{};
  for (auto [key, value] : o) {
    const std::string field = path.empty() ? std::string(key) : path + "." + std::string(key);
    if (key == "id") {
      out.id = int_of(value);
      if (!out.id) return error_at(field, "expected an integer id");
    } else if (key == "alias") {
      if (!value.is_string()) return error_at(field, "expected a string");
      out.alias = std::string(value.get_string().value());
    } else if (key == "frequency") {
      if (value.is_null()) continue;
      if (!value.is_string()) return error_at(field, "expected a string");
      out.frequency = std::string(value.get_string().value());
    } else if (key == "debug_mode") {
      if (value.is_bool()) out.debug_mode = value.get_bool().value();
    } else if (key == "inaccessible") {
      if (value.is_bool()) out.inaccessible = value.get_bool().value();
    } else if (key == "connector" || key == "project") {
      const std::optional<std::int64_t> id = int_of(value);
      if (!id) return error_at(field, "expected an integer id");
      (key == "connector" ? out.connector : out.project) = *id;
    } else if (key == "system") {
      if (value.is_string()) {
        out.system = std::string(value.get_string().value());
      } else if (value.is_object()) {
        std::string_view id;
        if (value["id"].get(id) == simdjson::SUCCESS) out.system = std::string(id);
      }
    } else if (key == "params") {
      if (value.is_null()) continue;  // not shown: absent, as when the member is left out
      dom::object params;
      if (value.get(params) != simdjson::SUCCESS) return error_at(field, "expected an object");
      out.params.emplace();
      for (auto [pk, pv] : params) {
        std::optional<scalar> s = scalar_of(pv);
        if (!s) return error_at(field + "." + std::string(pk), "expected a scalar");
        out.params->push_back({std::string(pk), std::move(*s), false});
      }
    }
  }
  return std::nullopt;
}

template <class T, class Read>
std::optional<parse_error> parse_page(const std::string& body, list_page<T>& out, Read read) {
  out = {};
  dom::parser parser;
  dom::element root;
  if (auto e = parser.parse(body).get(root); e) return error_at("", simdjson::error_message(e));
  dom::array results;
  if (root.is_array()) {
    results = root.get_array().value();
  } else {
    dom::object o;
    if (root.get(o) != simdjson::SUCCESS) return error_at("", "expected an object or an array");
    if (o["results"].get(results) != simdjson::SUCCESS)
      return error_at("results", "expected an array");
    dom::element next;
    if (o["next"].get(next) == simdjson::SUCCESS && next.is_string())
      out.next = std::string(next.get_string().value());
  }
  std::size_t i = 0;
  for (dom::element e : results) {
    dom::object item;
    if (e.get(item) != simdjson::SUCCESS)
      return error_at(at_index("results", i), "expected an object");
    T value;
    if (auto err = read(item, at_index("results", i), value)) return err;
    out.results.push_back(std::move(value));
    ++i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<parse_error> parse_node_page(const std::string& body, std::string_view parent_key,
                                           list_page<project_node>& out) {
  return parse_page(body, out,
                    [&](dom::object o, const std::string& path,
                        project_node& node) -> std::optional<parse_error> {
                      dom::element id, name;
                      if (o["id"].get(id) != simdjson::SUCCESS || !int_of(id))
                        return error_at(path + ".id", "expected an integer id");
                      if (o["name"].get(name) != simdjson::SUCCESS || !name.is_string())
                        return error_at(path + ".name", "expected a string");
                      node.id = *int_of(id);
                      node.name = std::string(name.get_string().value());
                      if (!parent_key.empty()) {
                        dom::element parent;
                        if (o[parent_key].get(parent) != simdjson::SUCCESS || !int_of(parent)) {
                          return error_at(path + "." + std::string(parent_key),
                                          "expected an integer id");
                        }
                        node.parent = *int_of(parent);
                      }
                      return std::nullopt;
                    });
}

std::optional<parse_error> parse_connection_page(const std::string& body,
                                                 list_page<connection>& out) {
  return parse_page(body, out, read_connection);
}

std::optional<parse_error> parse_connection(const std::string& body, connection& out) {
  dom::parser parser;
  dom::object o;
  if (auto e = parser.parse(body).get(o); e) return error_at("", simdjson::error_message(e));
  return read_connection(o, "", out);
}

namespace {

void write_params(writer& w, const std::vector<param>& params) {
  w.key("params");
  w.begin_object();
  for (const param& p : params) {
    w.key(p.key);
    w.scalar_value(p.value);
  }
  w.end_object();
}

}  // namespace

std::optional<std::string> connection_body(const connection& c) {
  if (!c.params) return std::nullopt;  // unknown params are never sent as none
  writer w;
  w.begin_object();
  w.member("alias", c.alias);
  w.member("connector", c.connector);
  w.member("project", c.project);
  w.member("frequency", c.frequency);
  if (c.debug_mode) w.member("debug_mode", *c.debug_mode);
  write_params(w, *c.params);
  w.end_object();
  return w.take();
}

std::string connection_json(const connection& c) {
  writer w;
  w.begin_object();
  if (c.id) w.member("id", *c.id);
  w.member("alias", c.alias);
  w.key("system");
  w.begin_object();
  w.member("id", c.system);
  w.end_object();
  w.member("frequency", c.frequency);
  w.member("debug_mode", c.debug_mode.value_or(false));
  if (c.params) write_params(w, *c.params);  // absent: as a token without the permission sees it
  w.member("inaccessible", c.inaccessible.value_or(false));
  w.member("in_progress", false);
  w.member("connector", c.connector);
  w.member("project", c.project);
  w.end_object();
  return w.take();
}

}  // namespace sdemig::json

#include "io/json/project_json.hpp"

#include <simdjson.h>

#include "io/json/detail/connection_reader.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::json {
namespace {

namespace dom = simdjson::dom;
namespace od = simdjson::ondemand;

parse_error error_at(std::string path, std::string what) {
  return {std::move(path), std::move(what)};
}

std::string at_index(std::string_view list, std::size_t i, std::string_view field = {}) {
  std::string out = std::string(list) + "[" + std::to_string(i) + "]";
  if (!field.empty()) out += "." + std::string(field);
  return out;
}

std::optional<std::int64_t> int_of(dom::element e) {
  std::int64_t v = 0;
  if (e.get_int64().get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

simdjson::error_code read_connections(detail::field_context& ctx, od::array& list,
                                      std::vector<connection>& out) {
  std::size_t i = 0;
  for (auto element : list) {
    od::value item;
    if (auto e = std::move(element).get(item)) return e;
    ctx.at = detail::where{"results", i++};
    if (auto e = detail::read_connection(ctx, item, out.emplace_back())) return e;
  }
  ctx.at = {};
  return simdjson::SUCCESS;
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

// Connections are read On-Demand, by the reader export files use too.
std::optional<parse_error> parse_connection_page(const std::string& body,
                                                 list_page<connection>& out) {
  out = {};
  detail::document_state state(default_max_document_bytes);
  return detail::run_document(
      state, default_max_document_bytes, body, body.capacity(),
      [&](detail::field_context& ctx, od::document& doc) -> simdjson::error_code {
        od::json_type t;
        if (auto e = doc.type().get(t)) return e;
        od::array results;
        if (t == od::json_type::array) {
          if (auto e = doc.get_array().get(results)) return e;
          return read_connections(ctx, results, out.results);
        }
        if (t != od::json_type::object) return ctx.fail_type({}, "an object or an array", t);
        od::object obj;
        if (auto e = doc.get_object().get(obj)) return e;
        bool has_results = false;
        if (auto e = detail::for_each_field(
                obj, [&](std::string_view key, od::value value) -> simdjson::error_code {
                  od::json_type vt;
                  if (auto e = detail::read_type(value, vt)) return e;
                  if (key == "next" && vt == od::json_type::string)
                    return detail::read_string(ctx, value, "next", {}, out.next.emplace());
                  if (key != "results") return simdjson::SUCCESS;
                  if (vt != od::json_type::array) return ctx.fail("results", "expected an array");
                  has_results = true;
                  od::array list;
                  if (auto e = value.get_array().get(list)) return e;
                  return read_connections(ctx, list, out.results);
                })) {
          return e;
        }
        return has_results ? simdjson::SUCCESS : ctx.fail("results", "expected an array");
      });
}

std::optional<parse_error> parse_connection(const std::string& body, connection& out) {
  detail::document_state state(default_max_document_bytes);
  return detail::run_document(
      state, default_max_document_bytes, body, body.capacity(),
      [&](detail::field_context& ctx, od::document& doc) -> simdjson::error_code {
        od::value v;
        if (auto e = doc.get_value().get(v)) return e;
        return detail::read_connection(ctx, v, out);
      });
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

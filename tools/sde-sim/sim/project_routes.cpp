// sde-sim's projects and connections: /api/v2/business-units/,
// /api/v2/applications/, /api/v2/projects/ (read-only, paginated, filtered
// by parent and name) and /api/v2/connections/{alm|issue-tracker|analysis}/
// (list with ?project=, get, create, PATCH/PUT) with DRF's validation: an
// unknown connector or project id, a blank or duplicate alias, a frequency
// that is not a choice. Reads return the connector's params merged with the
// connection's own.
#include <simdjson.h>

#include <functional>
#include <set>

#include "io/json/json_writer.hpp"
#include "io/json/project_json.hpp"
#include "sim/deletes.hpp"
#include "sim/route_util.hpp"

namespace sdemig::sim {
namespace {

namespace dom = simdjson::dom;

std::string node_json(const project_node& n, std::string_view parent_key) {
  json::writer w;
  w.begin_object();
  w.member("id", n.id);
  w.member("name", n.name);
  if (!parent_key.empty()) w.member(parent_key, n.parent.value_or(0));
  w.end_object();
  return w.take();
}

// DRF's page of `count` items; `item(i)` serializes the i-th, for the page's only.
void page_of(std::size_t count, const std::function<std::string(std::size_t)>& item,
             std::string_view query, const router_config& config, const request_view& request,
             std::string_view path, reply& out) {
  std::optional<std::int64_t> asked;
  if (auto v = query_param(query, "page_size")) asked = parse_int(*v);
  if (asked && *asked <= 0) asked.reset();
  std::size_t size = asked ? static_cast<std::size_t>(*asked) : config.page_size_default;
  if (config.max_page_size && size > config.max_page_size) size = config.max_page_size;
  json::writer w;
  w.begin_object();
  if (size == 0) {
    w.key("results");
    w.begin_array();
    for (std::size_t i = 0; i < count; ++i) w.raw(item(i));
    w.end_array();
    w.end_object();
    out.body = w.take();
    return;
  }
  std::int64_t page = 1;
  if (auto v = query_param(query, "page")) {
    auto parsed = parse_int(*v);
    if (!parsed) return set_error(out, 404, "Invalid page.");
    page = *parsed;
  }
  const auto pages =
      std::max<std::int64_t>(1, static_cast<std::int64_t>((count + size - 1) / size));
  if (page < 1 || page > pages) return set_error(out, 404, "Invalid page.");
  // The links keep every other query parameter (the filters).
  std::string kept;
  for (std::string_view rest = query; !rest.empty();) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.starts_with("page=")) continue;
    kept += (kept.empty() ? "" : "&") + std::string(pair);
  }
  const std::string host = request.host.empty() ? "localhost" : std::string(request.host);
  auto link = [&](std::int64_t p) {
    std::string q = kept;
    if (p > 1) q += (q.empty() ? "" : "&") + std::string("page=") + std::to_string(p);
    return config.scheme + "://" + host + config.path_prefix + std::string(path) +
           (q.empty() ? "" : "?" + q);
  };
  w.member("count", count);
  w.key("next");
  page < pages ? w.value(link(page + 1)) : w.null();
  w.key("previous");
  page > 1 ? w.value(link(page - 1)) : w.null();
  w.key("results");
  w.begin_array();
  const std::size_t from = static_cast<std::size_t>(page - 1) * size;
  for (std::size_t i = from; i < std::min(count, from + size); ++i) w.raw(item(i));
  w.end_array();
  w.end_object();
  out.body = w.take();
}

// Its connector's params, then its own.
connection merged(const connector_store& store, connector_kind kind, connection c) {
  std::vector<param> own = std::move(c.params).value_or(std::vector<param>{});
  std::vector<param>& params = c.params.emplace();
  if (auto conn = store.get(kind, c.connector)) {
    c.system = conn->system.id;
    if (conn->params) params = *conn->params;
  }
  for (param& p : own) {
    auto same =
        std::find_if(params.begin(), params.end(), [&](const param& q) { return q.key == p.key; });
    if (same != params.end()) {
      same->value = std::move(p.value);
    } else {
      params.push_back(std::move(p));
    }
  }
  return c;
}

// A connection as reads show it: its connector's params, then its own
// (none with --hide-connection-params); with --mask-secrets, every secret (by name, or
// masked_string in the schema: alm_project_token) as ********.
connection served(const connector_store& store, connector_kind kind, connection c,
                  bool hide_params) {
  c = merged(store, kind, std::move(c));
  if (hide_params) {  // a token without the "Edit ... connections" permission sees no params
    c.params.reset();
    return c;
  }
  if (!store.masks_secrets()) return c;
  for (param& p : *c.params) {
    const bool schema_secret =
        p.key == "alm_project_token" || p.key == "issue_tracker_project_token";
    if ((is_secret(p) || schema_secret) && p.value.type == json_type::string)
      p.value = scalar::string(std::string(masked_secret));
  }
  return c;
}

std::string invalid_pk(std::int64_t id) {
  return "Invalid pk \"" + std::to_string(id) + "\" - object does not exist.";
}

// Reads a write's body into `c` (the fields it has; their names into
// `sent`); DRF's field errors when it is not acceptable.
std::vector<field_error> read_body(const std::string& body, bool create, bool trim,
                                   const connector_store& store, connector_kind kind, connection& c,
                                   std::set<std::string, std::less<>>& sent) {
  std::vector<field_error> errors;
  dom::parser parser;
  dom::object o;
  if (parser.parse(body).get(o) != simdjson::SUCCESS) {
    errors.push_back({"non_field_errors", {"Invalid data. Expected a dictionary."}});
    return errors;
  }
  for (auto [key, value] : o) sent.emplace(key);
  auto required = [&](std::string_view key) {
    dom::element e;
    if (create && o[key].get(e) != simdjson::SUCCESS)
      errors.push_back({std::string(key), {"This field is required."}});
  };
  for (std::string_view key : {"alias", "connector", "project", "params"}) required(key);
  dom::element e;
  if (o["alias"].get(e) == simdjson::SUCCESS) {
    std::string_view alias;
    if (e.get(alias) != simdjson::SUCCESS) {
      errors.push_back({"alias", {"Not a valid string."}});
    } else if (alias.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      errors.push_back({"alias", {"This field may not be blank."}});
    } else {
      c.alias = std::string(trim ? server_form(alias) : alias);
    }
  }
  for (std::string_view key : {"connector", "project"}) {
    if (o[key].get(e) != simdjson::SUCCESS) continue;
    std::int64_t id = 0;
    if (e.get(id) != simdjson::SUCCESS) {
      errors.push_back({std::string(key),
                        {"Incorrect type. Expected pk value, received " +
                         std::string(e.is_string() ? "str" : "other") + "."}});
      continue;
    }
    const bool exists =
        key == "connector" ? store.get(kind, id).has_value() : store.projects().has_project(id);
    if (!exists) {
      errors.push_back({std::string(key), {invalid_pk(id)}});
      continue;
    }
    (key == "connector" ? c.connector : c.project) = id;
  }
  if (o["frequency"].get(e) == simdjson::SUCCESS) {
    std::string_view f;
    if (e.get(f) != simdjson::SUCCESS || !is_connection_frequency(f)) {
      errors.push_back({"frequency", {simdjson::minify(e) + " is not a valid choice."}});
    } else {
      c.frequency = std::string(f);
    }
  }
  if (o["debug_mode"].get(e) == simdjson::SUCCESS) {
    bool b = false;
    if (e.get(b) != simdjson::SUCCESS) {
      errors.push_back({"debug_mode", {"Must be a valid boolean."}});
    } else {
      c.debug_mode = b;
    }
  }
  if (o["params"].get(e) == simdjson::SUCCESS) {
    connection parsed;
    const std::string wrapped = "{\"params\":" + simdjson::minify(e) + "}";
    if (!e.is_object() || json::parse_connection(wrapped, parsed)) {
      errors.push_back({"params", {"Expected a dictionary of items."}});
    } else {
      c.params = std::move(parsed.params);
    }
  }
  return errors;
}

}  // namespace

bool router::project_endpoint(std::string_view path, std::string_view query,
                              const request_view& request, json::connector_parser& parser,
                              reply& out) const {
  struct node_route {
    std::string_view prefix;
    level what;
    std::string_view parent_key;
  };
  static constexpr node_route node_routes[] = {
      {"/api/v2/business-units/", level::business_unit, ""},
      {"/api/v2/applications/", level::application, "business_unit"},
      {"/api/v2/projects/", level::project, "application"}};
  constexpr std::string_view connections_prefix = "/api/v2/connections/";
  const node_route* node = nullptr;
  for (const node_route& r : node_routes) {
    if (path.starts_with(r.prefix)) node = &r;
  }
  if (!node && !path.starts_with(connections_prefix)) return false;
  if (!authorize(request, parser, out)) return true;
  const project_store& projects = store_.projects();

  if (node) {
    const std::string_view rest = path.substr(node->prefix.size());
    if (request.method != "GET") {
      out.allow = "GET, HEAD, OPTIONS";
      set_error(out, 405, "Method \"" + std::string(request.method) + "\" not allowed.");
      return true;
    }
    std::optional<std::int64_t> parent;
    if (!node->parent_key.empty()) {
      if (auto v = query_param(query, node->parent_key)) parent = parse_int(*v);
    }
    std::optional<std::string> name;
    if (auto v = query_param(query, "name")) name = std::string(*v);
    const std::vector<project_node> nodes = projects.list(node->what, parent, name);
    if (!rest.empty()) {  // /{id}/
      const auto id = parse_int(rest.substr(0, rest.size() - 1));
      for (const project_node& n : projects.list(node->what, std::nullopt, std::nullopt)) {
        if (id && n.id == *id) {
          out.body = node_json(n, node->parent_key);
          return true;
        }
      }
      set_error(out, 404, "Not found.");
      return true;
    }
    page_of(
        nodes.size(), [&](std::size_t i) { return node_json(nodes[i], node->parent_key); }, query,
        config_, request, path, out);
    return true;
  }

  // /api/v2/connections/{segment}/[{id}/]
  std::string_view rest = path.substr(connections_prefix.size());
  const auto slash = rest.find('/');
  const std::string_view segment = rest.substr(0, slash);
  std::optional<connector_kind> kind;
  for (connector_kind k : {connector_kind::alm, connector_kind::analysis}) {
    if (segment == path_segment(k, config_.api)) kind = k;
  }
  if (!kind || slash == std::string_view::npos || !path.ends_with('/')) {
    set_error(out, 404, "Not found.");
    return true;
  }
  rest = rest.substr(slash + 1);
  std::optional<std::int64_t> id;
  if (!rest.empty()) {
    id = parse_int(rest.substr(0, rest.size() - 1));
    if (!id) {
      set_error(out, 404, "Not found.");
      return true;
    }
  }
  const std::string_view m = request.method;
  if (m == "GET") {
    if (id) {
      auto c = projects.get(*kind, *id);
      if (!c) {
        set_error(out, 404, "Not found.");
      } else {
        out.body = json::connection_json(
            served(store_, *kind, std::move(*c), config_.hide_connection_params));
      }
      return true;
    }
    std::optional<std::int64_t> project;
    if (auto v = query_param(query, "project")) project = parse_int(*v);
    if (!project && config_.connections_need_project) {
      out.status = 400;
      out.body = field_errors_body({{"project", {"This filter is required."}}});
      return true;
    }
    const std::vector<connection> list = projects.connections(*kind, project);
    page_of(
        list.size(),
        [&](std::size_t i) {
          return json::connection_json(
              served(store_, *kind, list[i], config_.hide_connection_params));
        },
        query, config_, request, path, out);
    return true;
  }
  const bool deletes = !refuses(config_.refused_deletes, false);
  const bool allowed =
      id ? (m == "PUT" || m == "PATCH" || (deletes && m == "DELETE")) : m == "POST";
  if (!allowed) {
    out.allow = !id       ? "GET, POST, HEAD, OPTIONS"
                : deletes ? "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"
                          : "GET, PUT, PATCH, HEAD, OPTIONS";
    set_error(out, 405, "Method \"" + std::string(m) + "\" not allowed.");
    return true;
  }
  if (m == "DELETE") {
    delete_connection(store_, *kind, *id, out);
    return true;
  }
  static const std::string empty;
  const std::string& body = request.body ? *request.body : empty;
  connection incoming;
  const bool replace = m != "PATCH";
  std::set<std::string, std::less<>> sent;
  std::vector<field_error> errors =
      read_body(body, !id || m == "PUT", config_.trim_names, store_, *kind, incoming, sent);
  if (!errors.empty()) {
    out.status = 400;
    out.body = field_errors_body(errors);
    return true;
  }
  project_store& writable = store_.projects();
  connection stored;
  project_store::status status;
  if (!id) {
    status = writable.create(*kind, incoming, stored);
    out.status = 201;
  } else {
    auto has = [&](std::string_view key) { return replace || sent.contains(key); };
    status = writable.modify(
        *kind, *id,
        [&](connection& c) {
          if (has("alias")) c.alias = incoming.alias;
          if (has("connector")) c.connector = incoming.connector;
          if (has("frequency")) c.frequency = incoming.frequency;
          if (has("debug_mode")) c.debug_mode = incoming.debug_mode;
          if (sent.contains("params")) c.params = incoming.params;  // a JSON field: replaced whole
        },
        stored);
    out.status = 200;
  }
  if (status == project_store::status::not_found) {
    set_error(out, 404, "Not found.");
  } else if (status == project_store::status::alias_taken) {
    out.status = 400;
    // DRF's UniqueValidator, as real instances word it.
    out.body = field_errors_body({{"alias", {"Connection with this alias already exists."}}});
  } else {
    out.body = json::connection_json(
        served(store_, *kind, std::move(stored), config_.hide_connection_params));
  }
  return true;
}

}  // namespace sdemig::sim

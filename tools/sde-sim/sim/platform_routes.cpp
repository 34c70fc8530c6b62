// The endpoints beyond the connectors: the plugin schema, connection tests
// and server-info.

#include "io/json/json_writer.hpp"
#include "sim/route_util.hpp"
#include "sim/router.hpp"
#include "sim/schema.hpp"

namespace sdemig::sim {

bool router::other_endpoint(std::string_view path, std::string_view query,
                            const request_view& request, json::connector_parser& parser,
                            reply& out) const {
  const std::string plugins =
      "/api/v2/plugins/" + std::string(path_segment(connector_kind::alm, config_.api)) + "/";
  const bool info = path == "/api/v2/server-info/";
  const bool test = path == "/api/v2/connectors/testalm/";
  const bool schema = config_.serve_schema && path.starts_with(plugins);
  if (!info && !test && !schema) return false;
  if (!authorize(request, parser, out)) return true;
  if (info) {
    if (!config_.superuser) {
      set_error(out, 403, "You do not have permission to perform this action.");
    } else {
      out.body = config_.api == api_generation::current ? R"({"version":"2025.2.1"})"
                                                        : R"({"version":"4.5.3"})";
    }
    return true;
  }
  if (test) {
    if (request.method != "POST") {
      out.allow = "POST, OPTIONS";
      set_error(out, 405, "Method \"" + std::string(request.method) + "\" not allowed.");
      return true;
    }
    connector c;
    json::parse_options options;
    options.require_name_and_system = false;
    static const std::string empty;
    const std::string& body = request.body ? *request.body : empty;
    if (auto err = parser.parse_connector(body, body.capacity(), c, options)) {
      set_error(out, 400, "JSON parse error - " + err->what);
      return true;
    }
    const scalar* server = c.find_param(key_in("alm_server", config_.api));
    const std::string host = server ? server->text : "";
    for (const std::string& bad : config_.unreachable) {
      if (!bad.empty() && host.find(bad) != std::string::npos) {
        set_error(out, 400, "Cannot connect to " + host + ": connection timed out");
        return true;
      }
    }
    out.body = R"({"success":true})";
    return true;
  }
  if (request.method != "GET") {
    out.allow = "GET, HEAD, OPTIONS";
    set_error(out, 405, "Method \"" + std::string(request.method) + "\" not allowed.");
    return true;
  }
  if (config_.misbehave == list_misbehaviour::schema_html) {
    out.body =
        "<!DOCTYPE html><html><head><title>Sign in</title></head><body>SD Elements</body></html>";
    return true;
  }
  if (config_.misbehave == list_misbehaviour::schema_garbage) {
    out.body = "\x1f\x8b garbage {";
    return true;
  }
  std::string_view id = path.substr(plugins.size());
  if (id.ends_with('/')) id.remove_suffix(1);
  if (!id.empty()) {
    const system_schema* one = schema_.find(id);
    if (!one) return set_error(out, 404, "Not found."), true;
    out.body = schema_json(*one);
    return true;
  }
  // Paginated like the connectors: page_size and page.
  std::size_t page_size = schema_.systems.size();
  std::int64_t page = 1;
  if (auto v = query_param(query, "page_size"); v && parse_int(*v) && *parse_int(*v) > 0)
    page_size = static_cast<std::size_t>(*parse_int(*v));
  if (auto v = query_param(query, "page"); v && parse_int(*v)) page = *parse_int(*v);
  const std::size_t total = schema_.systems.size();
  const std::int64_t pages =
      std::max<std::int64_t>(1, static_cast<std::int64_t>((total + page_size - 1) / page_size));
  if (page < 1 || page > pages) return set_error(out, 404, "Invalid page."), true;
  const std::string host = request.host.empty() ? "localhost" : std::string(request.host);
  json::writer w;
  w.begin_object();
  w.member("count", total);
  w.key("next");
  if (page < pages) {
    w.value(config_.scheme + "://" + host + config_.path_prefix + plugins +
            "?page=" + std::to_string(page + 1) + "&page_size=" + std::to_string(page_size));
  } else {
    w.null();
  }
  w.key("previous");
  w.null();
  w.key("results");
  w.begin_array();
  const std::size_t from = static_cast<std::size_t>(page - 1) * page_size;
  for (std::size_t i = from; i < std::min(total, from + page_size); ++i) {
    w.raw(schema_json(schema_.systems[i]));
  }
  w.end_array();
  w.end_object();
  out.body = w.take();
  return true;
}

}  // namespace sdemig::sim

#include "sim/router.hpp"

#include <charconv>
#include <optional>
#include <stdexcept>

#include "io/json/json_writer.hpp"
#include "sim/deletes.hpp"
#include "sim/named.hpp"
#include "sim/route_util.hpp"
#include "sim/schema.hpp"
#include "sim/systems.hpp"
#include "sim/validate.hpp"

namespace sdemig::sim {

struct router::route {
  connector_kind kind;
  std::optional<std::int64_t> id;  // set for /{kind}/{id}/
  std::string_view path;
  std::string_view query;
};

namespace {

constexpr std::string_view api_prefix = "/api/v2/connectors/";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view media_type(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && content_type.back() == ' ') content_type.remove_suffix(1);
  return content_type;
}

void fill_system(connector_kind kind, system_ref& system) {
  const system_info* info = find_system(kind, system.id);
  if (!info) return;
  system.name = std::string(info->name);
  if (info->short_name.empty()) {
    system.short_name.reset();
  } else {
    system.short_name = std::string(info->short_name);
  }
}

// A masked secret sent back unchanged means "keep what is stored".
void keep_masked_secrets(const connector& stored, connector& incoming) {
  if (!incoming.params) return;
  for (param& p : *incoming.params) {
    if (!is_secret(p) || p.value.type != json_type::string || p.value.text != masked_secret)
      continue;
    if (const scalar* old = stored.find_param(p.key)) p.value = *old;
  }
}

}  // namespace

router::router(connector_store& store, router_config config)
    : store_(store), config_(std::move(config)), schema_(issue_tracker_schema(config_.api)) {}

bool is_write_method(std::string_view method) noexcept {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string_view origin_form(std::string_view target, std::string_view& host) noexcept {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() < scheme.size() || !iequals(target.substr(0, scheme.size()), scheme))
      continue;
    target.remove_prefix(scheme.size());
    const auto path = target.find_first_of("/?");
    host = target.substr(0, path);
    if (path == std::string_view::npos) return "/";
    return target.substr(path);  // a bare "?query" after the authority stays as it is
  }
  return target;
}

void router::handle(const request_view& as_sent, json::connector_parser& parser, reply& out) const {
  out = reply{};
  request_view request = as_sent;
  request.target = origin_form(request.target, request.host);
  const auto qmark = request.target.find('?');
  std::string_view path = request.target.substr(0, qmark);
  if (!config_.path_prefix.empty()) {
    if (!path.starts_with(config_.path_prefix + "/")) return set_error(out, 404, "Not found.");
    path.remove_prefix(config_.path_prefix.size());
  }
  const std::string_view query =
      qmark == std::string_view::npos ? std::string_view{} : request.target.substr(qmark + 1);

  if (other_endpoint(path, query, request, parser, out)) return;
  if (project_endpoint(path, query, request, parser, out)) return;
  if (!path.starts_with(api_prefix)) return set_error(out, 404, "Not found.");
  std::string_view rest = path.substr(api_prefix.size());
  const bool trailing_slash = rest.ends_with('/');
  if (trailing_slash) rest.remove_suffix(1);
  const auto slash = rest.find('/');
  const std::string_view segment = rest.substr(0, slash);
  std::optional<connector_kind> kind;
  for (connector_kind k : {connector_kind::alm, connector_kind::analysis}) {
    if (segment == path_segment(k, config_.api)) kind = k;
  }
  if (!kind) return set_error(out, 404, "Not found.");
  route r{*kind, std::nullopt, path, query};
  if (slash != std::string_view::npos) {
    r.id = parse_int(rest.substr(slash + 1));
    if (!r.id) return set_error(out, 404, "Not found.");
  }
  if (!trailing_slash) {  // Django's APPEND_SLASH
    out.status = 301;
    out.location = config_.path_prefix + std::string(path) + "/";
    if (!query.empty()) out.location += "?" + std::string(query);
    return;
  }

  if (!authorize(request, parser, out)) return;

  // 4.x documents no write on analysis connectors; current releases take them.
  const bool writable = r.kind == connector_kind::alm || config_.api == api_generation::current;
  const std::string_view m = request.method;
  const bool deletes = writable && !refuses(config_.refused_deletes, true);
  const bool allowed = m == "GET" ||
                       (writable && (r.id ? (m == "PUT" || m == "PATCH") : m == "POST")) ||
                       (deletes && r.id && m == "DELETE");
  if (!allowed) {
    out.allow = !writable ? "GET, HEAD, OPTIONS"
                : !r.id   ? "GET, POST, HEAD, OPTIONS"
                : deletes ? "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"
                          : "GET, PUT, PATCH, HEAD, OPTIONS";
    return set_error(out, 405, "Method \"" + std::string(m) + "\" not allowed.");
  }
  if (m == "DELETE") return delete_connector(store_, r.kind, *r.id, config_.connector_delete, out);
  if (m == "GET") {
    if (!r.id && misbehave(r, request, out)) return;
    if (!r.id) return list(r, request, out);
    if (!store_.get_json(r.kind, *r.id, out.body)) set_error(out, 404, "Not found.");
    return echo_authorization(request, parser, out);
  }
  write(r, request, parser, out);
  echo_authorization(request, parser, out);
}

bool router::authorize(const request_view& request, json::connector_parser& parser,
                       reply& out) const {
  if (config_.token.empty()) return true;
  if (request.authorization.empty()) {
    out.authenticate = true;
    set_error(out, 401, "Authentication credentials were not provided.");
    return false;
  }
  if (!token_accepted(request.authorization)) {
    out.authenticate = true;
    set_error(out, 401, "Invalid token.");
    echo_authorization(request, parser, out);
    return false;
  }
  return true;
}

bool router::token_accepted(std::string_view authorization) const {
  constexpr std::string_view scheme = "Token ";
  if (!authorization.starts_with(scheme) || authorization.substr(scheme.size()) != config_.token)
    return false;
  const std::uint64_t n = ++authenticated_;
  return config_.token_expires_after == 0 || n <= config_.token_expires_after;
}

void router::list(const route& r, const request_view& request, reply& out) const {
  if (const auto page = query_param(r.query, "page"); !page || *page == "1") ++list_starts_;
  std::optional<std::int64_t> asked_size;
  if (auto v = query_param(r.query, "page_size")) asked_size = parse_int(*v);
  if (asked_size && *asked_size <= 0) asked_size.reset();  // DRF falls back to the default
  std::size_t page_size = config_.page_size_default;
  if (asked_size) page_size = static_cast<std::size_t>(*asked_size);
  if (config_.max_page_size && page_size > config_.max_page_size) page_size = config_.max_page_size;

  std::string& body = out.body;
  if (page_size == 0) {  // not paginated: the seed's {"results": [...]}
    json::writer w;
    w.begin_object();
    w.key("results");
    w.begin_array();
    store_.append_results(r.kind, 0, SIZE_MAX, w.raw_values());
    w.end_array();
    w.end_object();
    body = w.take();
    return;
  }
  std::int64_t page = 1;
  if (auto v = query_param(r.query, "page")) {
    auto parsed = parse_int(*v);
    if (!parsed) return set_error(out, 404, "Invalid page.");
    page = *parsed;
  }
  const std::size_t total = store_.size(r.kind);
  const std::int64_t pages =
      std::max<std::int64_t>(1, static_cast<std::int64_t>((total + page_size - 1) / page_size));
  if (page < 1 || page > pages) return set_error(out, 404, "Invalid page.");

  const std::string host = request.host.empty() ? "localhost" : std::string(request.host);
  auto link = [&](std::int64_t target_page) {
    std::string url = config_.scheme + "://" + host + config_.path_prefix + std::string(r.path);
    std::string q;
    if (target_page > 1) q = "page=" + std::to_string(target_page);
    if (asked_size)
      q += (q.empty() ? "" : "&") + std::string("page_size=") + std::to_string(*asked_size);
    if (!q.empty()) url += "?" + q;
    return url;
  };
  json::writer w;
  w.text().reserve(page_size * 700 + 256);
  w.begin_object();
  w.member("count", total);
  w.key("next");
  if (page < pages) {
    w.value(link(page + 1));
  } else {
    w.null();
  }
  w.key("previous");
  if (page > 1) {
    w.value(link(page - 1));
  } else {
    w.null();
  }
  w.key("results");
  w.begin_array();
  store_.append_results(r.kind, static_cast<std::size_t>(page - 1) * page_size, page_size,
                        w.raw_values());
  w.end_array();
  w.end_object();
  body = w.take();
}

bool router::misbehave(const route& r, const request_view& request, reply& out) const {
  if (config_.fail_list_read && ++list_reads_ == config_.fail_list_read) {
    set_error(out, 500, "A server error occurred.");
    return true;
  }
  switch (config_.misbehave) {
    case list_misbehaviour::none:
    case list_misbehaviour::schema_html:
    case list_misbehaviour::schema_garbage:
      return false;
    case list_misbehaviour::malformed:
      out.body = R"({"results":[{"id":1,"name":"x",}]})";
      return true;
    case list_misbehaviour::results_object:
      out.body = R"({"results":{"id":1}})";
      return true;
    case list_misbehaviour::nameless:
      out.body = R"({"results":[{"id":1,"system":{"id":"jira"}}]})";
      return true;
    case list_misbehaviour::html:
      out.body = "<html><body>Welcome to SD Elements</body></html>";
      return true;
    case list_misbehaviour::error_html:
      out.status = 502;
      out.body = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
      return true;
    case list_misbehaviour::lone_surrogate: {
      list(r, request, out);
      const std::string name = "\"name\":\"";
      if (const auto at = out.body.find(name); at != std::string::npos)
        out.body.insert(at + name.size(), "\\ud800");
      return true;
    }
    case list_misbehaviour::truncated: {
      list(r, request, out);
      out.body.resize(out.body.size() / 2);
      return true;
    }
    case list_misbehaviour::huge: {
      std::string one;
      store_.append_results(r.kind, 0, 1, one);
      if (one.empty()) one = R"({"id":1,"name":"x","system":{"id":"jira"}})";
      out.body = "{\"results\":[";
      while (out.body.size() < (100u << 20)) {
        out.body += one;
        out.body += ',';
      }
      out.body.back() = ']';
      out.body += '}';
      return true;
    }
    case list_misbehaviour::next_loop: {
      // Every page says the next one is the first page again.
      std::string results;
      store_.append_results(r.kind, 0, 1, results);
      const std::string host = request.host.empty() ? "localhost" : std::string(request.host);
      out.body = R"({"count":2,"next":")" + config_.scheme + "://" + host + config_.path_prefix +
                 std::string(r.path) + R"(?page=1","previous":null,"results":[)" + results + "]}";
      return true;
    }
  }
  return false;
}

void router::write(const route& r, const request_view& request, json::connector_parser& parser,
                   reply& out) const {
  const std::string_view type = media_type(request.content_type);
  if (!iequals(type, "application/json")) {
    return set_error(out, 415, "Unsupported media type \"" + std::string(type) + "\" in request.");
  }
  static const std::string empty;
  const std::string& body = request.body ? *request.body : empty;
  const write_mode mode = !r.id                     ? write_mode::create
                          : request.method == "PUT" ? write_mode::replace
                                                    : write_mode::patch;
  write_input input;
  if (auto error = read_write_body(parser, body, r.kind, mode, config_.api, input)) {
    out.status = 400;
    out.body = std::move(*error);
    return;
  }
  connector& incoming = input.value;
  if (r.kind == connector_kind::alm) {
    if (config_.enforce_schema && input.has_system) {
      std::vector<std::string> problems = schema_problems(incoming, schema_);
      if (mode == write_mode::patch) {  // a PATCH need not repeat the required params
        std::erase_if(problems,
                      [](const std::string& p) { return p.starts_with("missing required param"); });
      }
      if (!problems.empty()) {
        out.status = 400;
        out.body = field_errors_body({{"params", problems}});
        return;
      }
    }
    mark_schema_secrets(incoming, schema_);
  }
  if (config_.trim_names) incoming.name = std::string(server_form(incoming.name));
  fill_system(r.kind, incoming.system);
  incoming.extra.clear();  // read-only or unknown fields are ignored, as DRF does
  write_status status;
  if (mode == write_mode::create) {
    if (!incoming.inaccessible) incoming.inaccessible = false;
    status = store_.create(r.kind, std::move(incoming), out.body);
    out.status = 201;
  } else {
    status = store_.modify(
        r.kind, *r.id,
        [&](connector& current) {
          keep_masked_secrets(current, incoming);
          if (mode == write_mode::replace) {
            current.name = std::move(incoming.name);
            current.system = std::move(incoming.system);
            current.inaccessible = incoming.inaccessible.value_or(false);
            current.params = std::move(incoming.params);
            return;
          }
          if (input.has_name) current.name = std::move(incoming.name);
          if (input.has_system) current.system = std::move(incoming.system);
          if (input.has_inaccessible) current.inaccessible = incoming.inaccessible;
          if (input.has_params && config_.patch_replaces_params) {  // a JSON field, as in DRF
            current.params = std::move(incoming.params);
            return;
          }
          // PATCH changes only what it sends, param by param: keys it leaves out stay.
          if (input.has_params && incoming.params) {
            if (!current.params) current.params.emplace();
            for (param& p : *incoming.params) current.set_param(p.key, std::move(p.value));
          }
        },
        out.body);
    out.status = 200;
  }
  if (status == write_status::not_found) return set_error(out, 404, "Not found.");
  if (status == write_status::name_taken) {
    out.status = 400;
    out.body = field_errors_body({{"name", {"A connector with this name already exists."}}});
  }
}

}  // namespace sdemig::sim

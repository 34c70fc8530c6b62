#include "io/sde/sde_client.hpp"

#include <unordered_set>

#include "io/json/json_writer.hpp"
#include "io/json/schema_parser.hpp"
#include "io/sde/follow_next.hpp"

namespace sdemig::sde {

namespace {

// How much of a body that is not JSON (an HTML error page) a message shows.
constexpr std::size_t excerpt_bytes = 80;

// What is wrong with a 2xx body; an HTML page (a proxy's or a login page)
// is named as such rather than as a JSON syntax error.
std::string describe(const scrubber& scrub, const std::string& body, const std::string& error) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '<') {
    return "an HTML page, not JSON (" +
           scrub.excerpt(std::string_view(body).substr(first), excerpt_bytes) + ")";
  }
  return error;
}

std::string describe(const scrubber& scrub, const std::string& body, const json::parse_error& err) {
  return describe(scrub, body, err.text());
}

// The server's detail and field errors, field names too, scrubbed before
// they are put in a line.
void scrub_server_text(const scrubber& scrub, drf_error& server) {
  scrub.scrub_in_place(server.detail);
  for (field_error& f : server.fields) {
    scrub.scrub_in_place(f.field);
    for (std::string& m : f.messages) scrub.scrub_in_place(m);
  }
}

std::string request_line(const net::base_url& base, const net::http_request& request) {
  return std::string(net::to_string(request.method)) + " " + base.origin() + request.target;
}

}  // namespace

// The request for the page `next` names, or why there is none to follow.
// DRF builds `next` from the Host it saw, which behind a proxy may name
// another scheme or host: only its path and query are used, on this instance.
std::optional<std::string> follow_next(const net::base_url& base, const std::string& next,
                                       std::unordered_set<std::string>& seen, std::string& why) {
  auto split = net::split_absolute_url(next);
  if (!split) {
    why = "\"next\" is not a URL: " + next;
    return std::nullopt;
  }
  if (!base.prefix.empty() && !split->target.starts_with(base.prefix + "/"))
    split->target = base.prefix + split->target;
  if (!seen.insert(split->target).second) {
    why = "pagination loops: \"next\" points to a page already read (" + next + ")";
    return std::nullopt;
  }
  return std::move(split->target);
}

std::string sde_client::collection_path(connector_kind kind) const {
  return "/api/v2/connectors/" + std::string(path_segment(kind, generation_)) + "/";
}

std::string sde_client::item_path(connector_kind kind, std::int64_t id) const {
  return collection_path(kind) + std::to_string(id) + "/";
}

const scrubber& sde_client::scrub() const noexcept {
  static const scrubber none;
  return scrub_ ? *scrub_ : none;
}

api_error sde_client::scrubbed(api_error e) const {
  if (scrub().empty()) return e;
  scrub().scrub_in_place(e.message);
  scrub_server_text(scrub(), e.server);
  return e;
}

api_error sde_client::invalid_answer(const net::http_request& request,
                                     const std::string& what) const {
  api_error e;
  e.what = api_error::kind::invalid;
  e.message = request_line(http_.base(), request) + ": invalid answer: " + what;
  return scrubbed(std::move(e));
}

api_error sde_client::unreadable_answer(const net::http_request& request, unsigned status,
                                        const std::string& what) const {
  api_error e = invalid_answer(request, what);
  if (request.method != net::http_method::get) {
    // The server said yes but not what it stored: the write was most
    // likely applied. Only reading the target can tell.
    e.outcome_unknown = true;
    e.status = status;
    e.message +=
        " (HTTP " + std::to_string(status) + ": the write may or may not have been applied)";
  }
  return e;
}

api_error error_of(const net::base_url& base, const net::http_request& request,
                   const net::http_result& answer, json::connector_parser& parser,
                   const scrubber& scrub) {
  api_error e;
  if (!answer.ok()) {
    e.what = api_error::kind::transport;
    e.transport = answer.error;
    e.outcome_unknown = answer.outcome_unknown() && request.method != net::http_method::get;
    e.message = answer.message;
    if (e.outcome_unknown) e.message += " (the write may or may not have been applied)";
    if (!answer.note.empty()) e.message += "; " + answer.note;
    return e;
  }
  e.what = api_error::kind::http;
  e.status = answer.status;
  e.message = request_line(base, request) + ": HTTP " + std::to_string(answer.status);
  // Scrubbed before anything is cut (an excerpt) or put together: a secret
  // is found in every form a server may echo it in.
  if (parser.parse(answer.body, e.server)) {
    if (!answer.body.empty())
      e.message += " (not JSON: " + scrub.excerpt(answer.body, excerpt_bytes) + ")";
  } else {
    scrub_server_text(scrub, e.server);
    if (const std::string summary = e.server.summary(); !summary.empty())
      e.message += ": " + summary;
  }
  if (!answer.note.empty()) e.message += "; " + answer.note;
  scrub.scrub_in_place(e.message);
  return e;
}

api_error sde_client::error_from(const net::http_request& request, net::http_result& answer) {
  return error_of(http_.base(), request, answer, parser_, scrub());
}

boost::asio::awaitable<result<std::size_t>> sde_client::async_list(connector_kind kind,
                                                                   page_handler on_page) {
  const net::base_url& base = http_.base();
  net::http_request request{net::http_method::get, base.target(collection_path(kind)), {}};
  if (page_size_ > 0) request.target += "?page_size=" + std::to_string(page_size_);
  std::unordered_set<std::string> seen{request.target};
  connector_page page;
  std::size_t total = 0;
  for (;;) {
    net::http_result answer = co_await http_.async_request(request);
    if (!answer.ok() || answer.status != 200) co_return error_from(request, answer);
    if (auto err = parser_.parse(answer.body, page))
      co_return invalid_answer(request, describe(scrub(), answer.body, *err));
    total += page.results.size();
    if (!on_page(page) || !page.next) co_return total;
    std::string why;
    auto next = follow_next(base, *page.next, seen, why);
    if (!next) co_return invalid_answer(request, why);
    request.target = std::move(*next);
  }
}

boost::asio::awaitable<result<connector>> sde_client::async_connector_call(
    net::http_request request) {
  net::http_result answer = co_await http_.async_request(request);
  if (!answer.ok() || answer.status < 200 || answer.status >= 300)
    co_return error_from(request, answer);
  connector c;
  if (auto err = parser_.parse(answer.body, c))
    co_return unreadable_answer(request, answer.status, describe(scrub(), answer.body, *err));
  co_return c;
}

boost::asio::awaitable<result<connector>> sde_client::async_get(connector_kind kind,
                                                                std::int64_t id) {
  return async_connector_call(
      {net::http_method::get, http_.base().target(item_path(kind, id)), {}});
}

boost::asio::awaitable<result<connector>> sde_client::async_create(connector_kind kind,
                                                                   const connector& c) {
  const json::write_options options = json::request_body_options();
  return async_connector_call({net::http_method::post, http_.base().target(collection_path(kind)),
                               json::to_json(c, options)});
}

boost::asio::awaitable<result<connector>> sde_client::async_update(connector_kind kind,
                                                                   std::int64_t id,
                                                                   const connector& c,
                                                                   bool use_patch) {
  const json::write_options options = json::request_body_options();
  return async_connector_call({use_patch ? net::http_method::patch : net::http_method::put,
                               http_.base().target(item_path(kind, id)),
                               json::to_json(c, options)});
}

boost::asio::awaitable<result<std::monostate>> sde_client::async_delete(connector_kind kind,
                                                                        std::int64_t id) {
  return async_bodiless_call({net::http_method::del, http_.base().target(item_path(kind, id)), {}});
}

boost::asio::awaitable<result<std::monostate>> sde_client::async_bodiless_call(
    net::http_request request) {
  net::http_result answer = co_await http_.async_request(request);
  if (!answer.ok() || answer.status < 200 || answer.status >= 300)
    co_return error_from(request, answer);
  co_return std::monostate{};
}

}  // namespace sdemig::sde

namespace sdemig::sde {

boost::asio::awaitable<result<api_generation>> sde_client::async_probe() {
  net::http_request request{net::http_method::get,
                            http_.base().target("/api/v2/connectors/issue-tracker/?page_size=1"),
                            {}};
  net::http_result answer = co_await http_.async_request(request);
  if (answer.ok() && answer.status == 200) {
    generation_ = api_generation::current;
    co_return generation_;
  }
  if (answer.ok() && answer.status == 404) {
    generation_ = api_generation::legacy;
    co_return generation_;
  }
  co_return error_from(request, answer);
}

boost::asio::awaitable<result<plugin_schema>> sde_client::async_read_schema() {
  const std::string path =
      "/api/v2/plugins/" + std::string(path_segment(connector_kind::alm, generation_)) + "/";
  net::http_request request{
      net::http_method::get,
      http_.base().target(path) +
          (page_size_ > 0 ? "?page_size=" + std::to_string(page_size_) : std::string{}),
      {}};
  plugin_schema schema;
  std::unordered_set<std::string> seen{request.target};
  for (;;) {
    net::http_result answer = co_await http_.async_request(request);
    if (!answer.ok() || answer.status != 200) co_return error_from(request, answer);
    json::schema_page page;
    if (auto err = json::parse_schema_page(answer.body, page))
      co_return invalid_answer(request, describe(scrub(), answer.body, *err));
    for (system_schema& s : page.systems) schema.systems.push_back(std::move(s));
    if (!page.next) co_return schema;
    std::string why;
    auto next = follow_next(http_.base(), *page.next, seen, why);
    if (!next) co_return invalid_answer(request, why);
    request.target = std::move(*next);
  }
}

boost::asio::awaitable<result<std::monostate>> sde_client::async_test_connection(
    const connector& c) {
  json::write_options options = json::request_body_options();
  options.mask_secrets =
      true;  // a secret the server masked goes back masked: it tests with its own
  net::http_request request{net::http_method::post,
                            http_.base().target("/api/v2/connectors/testalm/"),
                            json::to_json(c, options), net::request_class::test};
  net::http_result answer = co_await http_.async_request(request);
  if (!answer.ok() || answer.status < 200 || answer.status >= 300)
    co_return error_from(request, answer);
  co_return std::monostate{};
}

}  // namespace sdemig::sde

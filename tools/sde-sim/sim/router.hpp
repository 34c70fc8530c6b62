#pragma once
// The emulator's HTTP semantics with no I/O: a request in, a reply out.
// Auth, routing, pagination, validation, DRF error bodies.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/json/connector_parser.hpp"
#include "model/generation.hpp"
#include "model/schema.hpp"
#include "sim/echo.hpp"
#include "sim/store.hpp"

namespace sdemig::sim {

// Bad answers to list requests, for testing what clients make of them.
enum class list_misbehaviour {
  none,
  malformed,
  truncated,
  results_object,
  nameless,
  html,
  huge,
  next_loop,
  error_html,
  schema_html,     // the plugin schema answers 200 with an HTML page (a login or portal page)
  schema_garbage,  // the plugin schema answers 200 with a body that is not JSON
  lone_surrogate,  // the first connector's name starts with "\ud800", as Python's json writes it
};
list_misbehaviour parse_list_misbehaviour(std::string_view text);  // throws std::invalid_argument

struct router_config {
  std::string token;                  // empty: no authentication
  std::size_t page_size_default = 0;  // 0: a list without page_size is answered whole
  std::size_t max_page_size = 1000;
  std::string scheme = "http";  // for the absolute next/previous links
  std::string path_prefix;      // "/sde": the API as behind a reverse proxy
  list_misbehaviour misbehave = list_misbehaviour::none;
  bool trim_names = false;  // names and connection aliases stored with surrounding white
                            // space trimmed, as DRF's CharField does
  bool echo_auth =
      false;  // error bodies echo the Authorization header, as a Django debug page does
  echo_form echo_as = echo_form::raw;     // how the echo writes them
  std::uint64_t token_expires_after = 0;  // the token stops working after N requests (0: never)
  api_generation api =
      api_generation::legacy;   // which API it speaks (paths, param names, analysis writes)
  bool enforce_schema = false;  // writes are checked against the plugin schema
  std::vector<std::string>
      unreachable;           // testalm fails for trackers whose server contains one of these
  bool superuser = false;    // the token may read /api/v2/server-info/
  bool serve_schema = true;  // false: /api/v2/plugins/ is not there (404)
  bool connections_need_project = false;  // a connection list without ?project= is a 400
  // Connections are served without `params`, as SDE serves them to a token
  // without the "Edit ALM connections" / "Edit security tool connections" permission.
  bool hide_connection_params = false;
  // A PATCH that sends a connector's `params` replaces them whole, as a
  // Django REST Framework JSON field does (else: param by param).
  bool patch_replaces_params = false;
  std::uint64_t fail_list_read = 0;  // the Nth GET of a connector list answers 500 (0: none)
  refuse_delete refused_deletes = refuse_delete::none;  // DELETE of these answers 405
  // A DELETE of a connector that connections use: refused (400) or cascading.
  delete_rule connector_delete = delete_rule::refuse;
};

struct request_view {
  std::string_view method;
  std::string_view target;
  std::string_view host;
  std::string_view authorization;
  std::string_view content_type;
  const std::string* body = nullptr;
};

struct reply {
  unsigned status = 200;
  std::string body;
  std::string location;       // redirects
  std::string allow;          // 405
  bool authenticate = false;  // 401: send WWW-Authenticate
  bool html = false;          // a debug page (text/html), not JSON
};

bool is_write_method(std::string_view method) noexcept;

// The request target in origin form (/path?query). An absolute-form target
// (GET http://host:port/path, as a client sends it to a forward proxy) loses
// its scheme and authority, and the authority becomes `host`: RFC 9112
// 3.2.2 asks every server to accept that form.
std::string_view origin_form(std::string_view target, std::string_view& host) noexcept;

class router {
 public:
  router(connector_store& store, router_config config);

  // `parser` belongs to the calling worker (one per connection).
  void handle(const request_view& request, json::connector_parser& parser, reply& out) const;

  const router_config& config() const noexcept { return config_; }
  // First pages of connector lists served so far (server_stats::connector_lists).
  std::uint64_t connector_lists() const noexcept { return list_starts_; }

 private:
  struct route;
  void list(const route& r, const request_view& request, reply& out) const;
  bool misbehave(const route& r, const request_view& request, reply& out) const;
  void write(const route& r, const request_view& request, json::connector_parser& parser,
             reply& out) const;

  bool token_accepted(std::string_view authorization) const;
  bool authorize(const request_view& request, json::connector_parser& parser, reply& out) const;
  // /api/v2/server-info/, /api/v2/plugins/..., /api/v2/connectors/testalm/
  bool other_endpoint(std::string_view path, std::string_view query, const request_view& request,
                      json::connector_parser& parser, reply& out) const;
  // /api/v2/business-units/, applications/, projects/, connections/...
  bool project_endpoint(std::string_view path, std::string_view query, const request_view& request,
                        json::connector_parser& parser, reply& out) const;
  void echo_authorization(const request_view& request, json::connector_parser& parser,
                          reply& out) const;

  connector_store& store_;
  router_config config_;
  plugin_schema schema_;
  mutable std::atomic<std::uint64_t> authenticated_{0};
  mutable std::atomic<std::uint64_t> list_reads_{0};
  mutable std::atomic<std::uint64_t> list_starts_{0};  // first pages of connector lists
};

}  // namespace sdemig::sim

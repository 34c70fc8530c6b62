#pragma once
// A request and its result: what goes into and comes out of the HTTP client,
// with no Asio or Beast.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "io/net/core/request_class.hpp"

namespace sdemig::net {

enum class http_method : std::uint8_t { get, post, put, patch, del };  // del: DELETE

std::string_view to_string(http_method m) noexcept;
// GET, PUT and DELETE may be sent again; POST and PATCH only when they
// surely never reached the server.
constexpr bool is_idempotent(http_method m) noexcept {
  return m == http_method::get || m == http_method::put || m == http_method::del;
}

struct http_request {
  http_method method = http_method::get;
  std::string target;  // path and query, with the base URL's prefix
  std::string body;    // JSON; sent with Content-Type: application/json when not empty
  // What it costs the server (--concurrency auto); unset: by its method.
  std::optional<request_class> cost;
};

// GET: a read; POST, PUT, PATCH, DELETE: a write; unless the request says otherwise.
constexpr request_class class_of(const http_request& r) noexcept {
  if (r.cost) return *r.cost;
  return r.method == http_method::get ? request_class::read : request_class::write;
}

enum class failure : std::uint8_t {
  none,
  connect,          // resolve, TCP connect or a connection broken while it was set up (a
                    // proxy's CONNECT, the TLS handshake): the request was never sent
  tls,              // TLS refused (certificate, host name, protocol): never sent, final
  timeout,          // a deadline passed
  connection_lost,  // the connection closed or reset before the whole answer came
  protocol,         // the answer was not HTTP/1.1, or too large
  cancelled,        // shut down (SIGINT) before or during the request
  redirect,         // a redirect that is not followed (other host, too many, not GET)
  proxy,            // the proxy refused (407, a refused CONNECT): never reached the server
};

std::string_view to_string(failure f) noexcept;

struct http_result {
  failure error = failure::none;
  // The request may have reached the server (for a write: its outcome is
  // unknown). False when it provably did not.
  bool maybe_sent = false;
  std::string message;  // one line naming the URL; empty on success

  unsigned status = 0;
  std::string body;  // with simdjson's padding in its capacity
  std::string retry_after;
  std::string location;
  unsigned attempts = 0;
  // Retrying cannot help: an authoritative "no such host" (NXDOMAIN).
  bool final = false;
  // Why the client gave up on an answer it would have retried (a Retry-After
  // beyond the retry budget; a proxy's 502), for the message; else empty.
  std::string note;

  bool ok() const noexcept { return error == failure::none; }
  // A write whose connection broke after sending: applied or not, nobody knows.
  bool outcome_unknown() const noexcept { return error != failure::none && maybe_sent; }
};

}  // namespace sdemig::net

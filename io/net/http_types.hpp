#pragma once
// What goes into and comes out of the HTTP client, with no Asio or Beast.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "io/net/latency_histogram.hpp"
#include "io/net/proxy.hpp"
#include "io/net/retry.hpp"

namespace sdemig::net {

enum class http_method : std::uint8_t { get, post, put, patch };

std::string_view to_string(http_method m) noexcept;
// GET and PUT may be sent again; POST and PATCH only when they surely never
// reached the server.
constexpr bool is_idempotent(http_method m) noexcept {
  return m == http_method::get || m == http_method::put;
}

struct http_request {
  http_method method = http_method::get;
  std::string target;  // path and query, with the base URL's prefix
  std::string body;    // JSON; sent with Content-Type: application/json when not empty
};

enum class failure : std::uint8_t {
  none,
  connect,          // resolve or TCP connect failed: the request was never sent
  tls,              // TLS handshake failed (certificate, host name, protocol): never sent
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

  bool ok() const noexcept { return error == failure::none; }
  // A write whose connection broke after sending: applied or not, nobody knows.
  bool outcome_unknown() const noexcept { return error != failure::none && maybe_sent; }
};

struct client_options {
  std::size_t max_connections = 16;  // per instance
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds request_timeout{60'000};  // one attempt, send to last byte
  std::chrono::milliseconds idle_timeout{20'000};     // idle keep-alive connections closed after
  std::size_t max_body_bytes = 64u << 20;
  std::string ca_file;    // extra trust anchors (PEM)
  bool insecure = false;  // no certificate or host name verification
  // Through this HTTP proxy (a CONNECT tunnel per connection for https://).
  std::optional<proxy_endpoint> proxy;
  double rate = 0;        // requests per second, 0: no cap
  bool adaptive = true;   // halve concurrency and rate on 429 (AIMD)
  retry_options retry;
  std::string user_agent = "sdemig/0.1";
  std::string authorization;  // the whole header value, e.g. "Token abc"; never logged
  // Called before waiting out a 429 (Retry-After or backoff), with the wait.
  std::function<void(std::chrono::milliseconds)> on_throttled_wait;
};

struct client_stats {
  std::uint64_t requests = 0;  // attempts sent
  std::uint64_t responses = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(retry_cause::count_)> retries{};
  std::uint64_t stale_retries = 0;  // reused connection found closed, sent again on a fresh one
  std::uint64_t redirects = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t connections_opened = 0;
  std::uint64_t tls_sessions_resumed = 0;
  std::uint64_t throttled = 0;  // 429s seen
  latency_histogram latency;    // per attempt, send to last byte

  std::uint64_t retries_total() const noexcept {
    std::uint64_t n = 0;
    for (auto r : retries) n += r;
    return n;
  }
};

}  // namespace sdemig::net

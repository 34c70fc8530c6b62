#pragma once
// How an HTTP client behaves (connections, deadlines, TLS, proxy, pacing,
// retries) and what it counts, with no Asio or Beast.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "io/net/core/adaptive_limit.hpp"
#include "io/net/core/latency_histogram.hpp"
#include "io/net/core/proxy.hpp"
#include "io/net/core/retry.hpp"

namespace sdemig::net {

struct client_options {
  std::size_t max_connections = 16;  // per instance: the cap on open connections
  // The limit on requests in flight adapts (adaptive_limit) between 1 and
  // max_connections; else it is max_connections.
  bool auto_concurrency = false;
  adaptive_options tuning;  // with auto_concurrency (its max is max_connections)
  std::chrono::milliseconds connect_timeout{10'000};  // TCP's, at most request_timeout
  // One attempt, send to last byte; and each step of opening a connection
  // beyond TCP's: a proxy's answer to CONNECT, the TLS handshake.
  std::chrono::milliseconds request_timeout{60'000};
  std::chrono::milliseconds idle_timeout{20'000};  // idle keep-alive connections closed after
  std::size_t max_body_bytes = 64u << 20;
  std::string ca_file;    // extra trust anchors (PEM)
  bool insecure = false;  // no certificate or host name verification
  // Through this HTTP proxy (a CONNECT tunnel per connection for https://).
  std::optional<proxy_endpoint> proxy;
  double rate = 0;       // requests per second, 0: no cap
  bool adaptive = true;  // a fixed limit: halve concurrency and rate on 429 (AIMD)
  retry_options retry;
  std::string user_agent = "sdemig/0.1";
  std::string authorization;  // the whole header value, e.g. "Token abc"; never logged
  // Called before waiting out a 429 (Retry-After or backoff), with the wait.
  std::function<void(std::chrono::milliseconds)> on_throttled_wait;
  // Called before every retry's wait: why (the cause and the failure's
  // line), which retry of how many at most, and the wait.
  std::function<void(retry_cause, unsigned retry, unsigned most, std::chrono::milliseconds wait,
                     const std::string& why)>
      on_retry;
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

#pragma once
// The HTTP client for one SDE instance: a pool of keep-alive connections
// (plain or TLS) with a cap, deadlines, retries with backoff, a shared rate
// cap that adapts to 429s, and counters. Single-threaded: every call runs on
// the executor given at construction. Beast stays out of this header.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>

#include "io/net/core/client_options.hpp"
#include "io/net/core/http_types.hpp"
#include "io/net/core/url.hpp"

namespace sdemig::net {

class adaptive_limit;

class http_client {
 public:
  // Throws std::runtime_error when the TLS settings cannot be loaded (CA file).
  http_client(boost::asio::any_io_executor executor, base_url base, client_options options);
  ~http_client();  // closes every connection; in-flight requests end with `cancelled`
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  // One request, retried as the policy allows, following GET redirects on
  // the same instance. Never throws for network or HTTP failures: they are
  // in the result.
  boost::asio::awaitable<http_result> async_request(http_request request);

  // Stops new requests at once (they and those waiting for a connection or
  // a retry end with `cancelled`), lets in-flight ones finish for `grace`,
  // then cuts them. Returns when no request is left.
  boost::asio::awaitable<void> async_shutdown(std::chrono::milliseconds grace);
  // The first half of a shutdown: new requests (and waiting ones) end with
  // `cancelled`, in-flight ones go on.
  void stop_new_requests();

  const client_stats& stats() const noexcept;
  const base_url& base() const noexcept;
  std::size_t open_connections() const noexcept;
  // Requests in flight allowed now (adaptive with --concurrency auto), and
  // at most (max_connections).
  std::size_t concurrency_limit() const noexcept;
  std::size_t concurrency_cap() const noexcept;
  // With --concurrency auto: where the limit is, why, and how it got there.
  const adaptive_limit* tuner() const noexcept;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace sdemig::net

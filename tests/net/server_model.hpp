#pragma once
// A server of limited capacity in simulated time, for the adaptive limiter's
// tests: K workers each taking S ms per request, a FIFO queue before them,
// network latency outside (half each way), optionally a request rate above
// which it answers 429 (token bucket, Retry-After 1 s), and a capacity that
// drops after N requests. The client side runs `parallelism` workers whose
// requests go out while the limiter's limit and pace allow; a 429ed request
// waits its Retry-After and goes again. Optionally a read phase first
// (`reads` GETs one at a time, as a clone reads the target), then the
// requests of `requests_are` class costing `write_service_ms`; and a
// connection cost: a new connection's first answer held `handshake_ms`
// (the client opens one whenever all it has are busy; over TLS the server
// completes handshakes one at a time, `handshake_cpu_ms` each). Deterministic: no
// clock, no sockets.

#include <cstddef>
#include <vector>

#include "io/net/core/adaptive_limit.hpp"

namespace sdemig::net::model {

struct server_shape {
  unsigned workers = 4;
  double service_ms = 20;
  double latency_ms = 0;    // round trip, outside the server
  double rate_limit = 0;    // requests per second, 0: none
  unsigned slow_after = 0;  // requests; 0: never
  unsigned slow_workers = 0;
  double jitter = 0.1;          // service times vary by up to this share (deterministic)
  unsigned reads = 0;           // GETs first, one at a time, at `service_ms`
  double write_service_ms = 0;  // the requests after them; 0: `service_ms`
  request_class requests_are = request_class::read;
  double handshake_ms = 0;
  double handshake_cpu_ms = 0;  // TLS: the server's CPU per handshake, one at a time
};

struct run_result {
  double seconds = 0;       // from the first request after the reads to the last answer
  double wall_seconds = 0;  // from the first read
  double served_per_second = 0;
  double queue_wait_p99_ms = 0;
  std::size_t requests = 0;  // sent, 429s included
  std::size_t throttled = 0;
  std::size_t final_limit = 0;
};

// Sends `total` requests through `limiter` (nullptr: a fixed `fixed` in
// flight, no pacing, as --concurrency N).
run_result run(const server_shape& shape, adaptive_limit* limiter, std::size_t fixed,
               std::size_t total, std::size_t parallelism = 256);

}  // namespace sdemig::net::model

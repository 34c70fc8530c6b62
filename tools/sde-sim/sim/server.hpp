#pragma once
// sde-sim's HTTP/1.1 server (Boost.Beast over Asio C++20 coroutines, plain
// or TLS), kept out of this header so that including it stays cheap.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "sim/capacity.hpp"
#include "sim/faults.hpp"
#include "sim/router.hpp"

namespace sdemig::sim {

class connector_store;

struct tls_files {
  std::string cert_pem;  // paths
  std::string key_pem;
};

struct server_config {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  unsigned threads = 1;
  router_config routing;
  fault_config faults;
  capacity_config capacity;
  std::optional<tls_files> tls;
  bool tls12_only = false;  // serve TLS 1.2 and nothing newer (many on-premises instances)
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds handshake_timeout{10'000};
  std::size_t body_limit = 64u << 20;
};

struct server_stats {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_open = 0;
  std::uint64_t requests = 0;
  std::uint64_t writes_applied = 0;
  // When the first and the last applied write were answered, in µs since
  // the server started (0: none yet): the server's own view of how long a
  // batch of writes took, for comparisons between clients.
  std::uint64_t first_write_us = 0;
  std::uint64_t last_write_us = 0;
  std::uint64_t throttled = 0;  // 429s: --fault-429 and --rate-limit
  std::uint64_t unavailable = 0;
  std::uint64_t resets_before_apply = 0;
  std::uint64_t resets_after_apply = 0;
  std::uint64_t delayed = 0;
  std::uint64_t empty_bodies = 0;
  std::uint64_t hung = 0;  // requests held unanswered (--hang-after)
  // TLS handshakes completed, and how many of them resumed a session (an
  // abbreviated handshake: one round trip less on TLS 1.2, no certificate work).
  std::uint64_t tls_handshakes = 0;
  std::uint64_t tls_resumed = 0;
  // First pages of connector lists served (a list read from its start; the
  // generation probe's one-row page counts too): how often a client read
  // the connectors.
  std::uint64_t connector_lists = 0;
  capacity_stats capacity;  // --workers, --service-ms, --rate-limit
};

std::string to_json(const server_stats& stats);

class server {
 public:
  // `store` must outlive the server.
  server(connector_store& store, server_config config);
  ~server();  // stops
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds, listens and starts the I/O threads. Throws std::runtime_error
  // naming the address when it cannot bind or load the TLS files.
  void start();
  // Stops accepting, closes every connection (in-flight answers are cut),
  // and joins the threads. Idempotent.
  void stop();

  std::uint16_t port() const noexcept;
  const std::string& host() const noexcept;
  server_stats stats() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace sdemig::sim

#pragma once
// A distance you can have on loopback: a TCP relay in front of one server
// that delays every byte by a one-way delay in each direction, as a network
// D ms away does (bytes keep flowing: the delay is not a bandwidth limit),
// and holds each new connection's first bytes one round trip more, the
// TCP handshake a client pays before it may send. TLS handshakes pass
// through, so they pay their own round trips. Used by `bench/compare
// distance` (through tools/relay/main.cpp) and the tests, in-process.
// Runs its own I/O thread; stopping it closes every connection.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace sdemig::relay {

struct delay_config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 0;  // 0: any free port
  std::string upstream_host = "127.0.0.1";
  std::uint16_t upstream_port = 0;
  std::chrono::milliseconds one_way{0};
  bool handshake_round_trip = true;  // a new connection's first bytes wait 2 x one_way more
};

struct delay_counts {
  std::uint64_t connections = 0;  // accepted
  std::uint64_t refused = 0;      // the upstream refused them
  std::uint64_t bytes_up = 0;     // client to server
  std::uint64_t bytes_down = 0;   // server to client
};

class delay_relay {
 public:
  explicit delay_relay(delay_config config);  // listens; throws std::runtime_error
  ~delay_relay();
  delay_relay(const delay_relay&) = delete;
  delay_relay& operator=(const delay_relay&) = delete;

  std::uint16_t port() const;
  delay_counts counts() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace sdemig::relay

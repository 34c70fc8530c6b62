#pragma once
// The server's counters, bumped from every I/O thread; stats_json.cpp
// turns a snapshot into /_sim/stats.

#include <atomic>
#include <chrono>
#include <cstdint>

#include "sim/server.hpp"

namespace sdemig::sim {

struct counters {
  std::atomic<std::uint64_t> connections_accepted{0}, connections_open{0}, requests{0},
      writes_applied{0}, first_write_us{0}, last_write_us{0}, throttled{0}, unavailable{0},
      resets_before_apply{0}, resets_after_apply{0}, delayed{0}, empty_bodies{0}, hung{0},
      tls_handshakes{0}, tls_resumed{0};
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  void write_applied() {
    ++writes_applied;
    const auto now =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                       std::chrono::steady_clock::now() - started)
                                       .count() +
                                   1);
    std::uint64_t none = 0;
    first_write_us.compare_exchange_strong(none, now);
    std::uint64_t last = last_write_us.load();
    while (last < now && !last_write_us.compare_exchange_weak(last, now)) {
    }
  }

  server_stats snapshot(const capacity_stats& capacity) const {
    return {connections_accepted,
            connections_open,
            requests,
            writes_applied,
            first_write_us,
            last_write_us,
            throttled,
            unavailable,
            resets_before_apply,
            resets_after_apply,
            delayed,
            empty_bodies,
            hung,
            tls_handshakes,
            tls_resumed,
            0,  // connector_lists: the router's (server::stats)
            capacity};
  }
};

}  // namespace sdemig::sim

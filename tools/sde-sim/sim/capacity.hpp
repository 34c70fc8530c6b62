#pragma once
// A server of limited capacity: K workers serve one request each (taking S
// ms: the server adds the wait), the others wait in a FIFO queue; above a
// request rate, 429 with Retry-After (a token bucket of a tenth of a
// second's burst); after N requests the worker count can drop (a server
// under other load). Thread-safe: the server's I/O threads share it. No
// Asio: waking a queued request is the caller's callback.

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

namespace sdemig::sim {

// What a request costs the server: a write (a transaction, signals, an
// audit row) more than a read; a connection test reaches out to the
// tracker and takes seconds.
enum class request_cost : std::uint8_t { read, write, test };
request_cost cost_of(std::string_view method, std::string_view target) noexcept;

struct capacity_config {
  unsigned workers = 0;  // 0: no limit (no queue)
  unsigned service_ms = 0;
  // Service of writes and of connection tests; unset: service_ms.
  std::optional<unsigned> write_service_ms, test_service_ms;
  double rate_limit = 0;         // requests per second, 0: none
  std::uint64_t slow_after = 0;  // requests; 0: never
  unsigned slow_workers = 0;
  // Each request in the server (queued or served) when one is granted a
  // worker adds this to its service time: a coherency cost (locks, cache
  // lines shared by every pair), so throughput falls past a peak.
  double service_growth_ms = 0;

  bool any() const noexcept {
    return workers > 0 || service_ms > 0 || rate_limit > 0 || slow_after > 0 ||
           service_growth_ms > 0 || write_service_ms || test_service_ms;
  }
};

struct capacity_stats {
  std::uint64_t inflight_max = 0;  // requests in the server at once (queued or served)
  std::uint64_t queue_max = 0;
  double queue_wait_ms_p50 = 0;
  double queue_wait_ms_p99 = 0;
  std::uint64_t throttled = 0;  // 429s for the rate limit
};

class capacity {
 public:
  using clock = std::chrono::steady_clock;

  explicit capacity(capacity_config config);

  const capacity_config& config() const noexcept { return config_; }

  // The rate limit: nullopt when the request may go on, else the
  // Retry-After to send, in seconds.
  std::optional<unsigned> admit(clock::time_point now);

  // One request's place: granted a worker at once or queued; `wake` is
  // called (from whichever thread frees a worker, or stop()) when it is
  // its turn. leave() when done, or to give up the place.
  struct ticket {
    std::function<void()> wake;
    clock::time_point since{};
    bool granted = false;
    bool stopped = false;
    bool queued = false;
  };
  // True: a worker is the ticket's now.
  bool enter(ticket& t, clock::time_point now);
  // How long a request of `cost` granted a worker now is served: its
  // service time, plus service_growth_ms for each request in the server.
  double service_ms_now(request_cost cost) const;
  void leave(ticket& t, clock::time_point now);
  // Wakes every queued ticket with `stopped` set.
  void stop();

  capacity_stats stats() const;

 private:
  unsigned workers_now() const noexcept;
  void grant(ticket& t, clock::time_point now);
  void record_wait(clock::duration d);

  capacity_config config_;
  mutable std::mutex mutex_;
  std::deque<ticket*> queue_;
  unsigned busy_ = 0;
  std::uint64_t arrived_ = 0;
  bool stopping_ = false;
  double tokens_ = 0;
  clock::time_point refilled_{};
  capacity_stats stats_;
  // Queue waits: 10 µs steps to 10 ms, 1 ms steps to 10 s, then one bucket.
  std::array<std::uint64_t, 1000 + 9990 + 1> waits_{};
  std::uint64_t wait_count_ = 0;
};

}  // namespace sdemig::sim

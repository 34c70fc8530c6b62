#pragma once
// Pacing and adaptive concurrency for one instance, shared by every request
// to it. A token bucket caps requests per second (--rate); on a 429 both the
// rate and the concurrency limit are halved (AIMD) and then climb back slowly
// with each success. No I/O: callers ask how long to wait.

#include <chrono>
#include <cstddef>

namespace sdemig::net {

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  // rate 0: no rate cap (only the adaptive concurrency limit applies).
  rate_limiter(double rate_per_second, std::size_t max_concurrency);

  // Whether reserve() can ask to wait (a rate cap is set, or a 429 set one).
  bool paces() const noexcept { return rate_ > 0; }
  // Reserves a send slot; the time to wait until it may be used.
  clock::duration reserve(clock::time_point now);

  // Paces at `rate` from now on (0: no pacing); what --concurrency auto
  // learned from 429s.
  void set_rate(double rate) noexcept;

  void on_throttled();  // a 429
  void on_success();

  // How many requests may be in flight now (1 .. max_concurrency).
  std::size_t concurrency_limit() const noexcept;
  double current_rate() const noexcept { return rate_; }

 private:
  double configured_rate_;
  double rate_;
  double max_concurrency_;
  double concurrency_;
  clock::time_point next_free_{};
  bool throttled_ = false;
};

}  // namespace sdemig::net

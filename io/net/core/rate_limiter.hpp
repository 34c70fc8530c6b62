#pragma once
// Pacing and adaptive concurrency for one instance, shared by every request
// to it. A token bucket caps requests per second (--rate); on a 429 both the
// rate and the concurrency limit are halved (AIMD) and then climb back slowly
// with each success. No I/O: callers ask whether they may send now, and when
// to ask again.

#include <chrono>
#include <cstddef>

namespace sdemig::net {

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  // rate 0: no rate cap (only the adaptive concurrency limit applies).
  rate_limiter(double rate_per_second, std::size_t max_concurrency);

  // Whether requests may have to wait (a rate cap is set, or a 429 set one).
  bool paces() const noexcept { return rate_ > 0; }
  // Takes a send slot if one is free at `now` (always, without pacing).
  // Waiting requests ask again at next_slot(), in turn: a slot is never
  // promised ahead, so a lowered rate holds back every request not yet sent.
  bool try_take(clock::time_point now);
  clock::time_point next_slot() const;

  // Paces at `rate` from now on (0: no pacing); what --concurrency auto
  // learned from 429s.
  void set_rate(double rate) noexcept;

  void on_throttled();  // a 429
  void on_success();

  // How many requests may be in flight now (1 .. max_concurrency).
  std::size_t concurrency_limit() const noexcept;
  double current_rate() const noexcept { return rate_; }

 private:
  clock::duration interval() const;
  clock::duration burst() const;

  double configured_rate_;
  double rate_;
  double max_concurrency_;
  double concurrency_;
  clock::time_point next_free_{};
  bool throttled_ = false;
};

}  // namespace sdemig::net

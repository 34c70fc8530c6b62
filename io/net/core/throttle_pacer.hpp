#pragma once
// The pace under a rate limit (adaptive_limit): after a 429, requests are
// paced a little under the rate the server accepted, then probed upward:
// fast until the second 429 (the first estimate may come from a fraction
// of a second), slowly after. A 429 before the rate accepted can be told
// (a first burst larger than the server's bucket) leaves the pace unset
// and is priced by the next one. No I/O, no clock of its own.

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "io/net/core/adaptive_tuning.hpp"

namespace sdemig::net {

class throttle_pacer {
 public:
  using clock = std::chrono::steady_clock;

  enum class state : std::uint8_t {
    off,      // no 429 priced: no pacing
    finding,  // after the first priced 429: growing fast
    probing,  // after a later one: growing slowly
  };

  // Requests per second; 0: none.
  double pace() const noexcept { return pace_; }
  state now() const noexcept { return state_; }
  // A 429 came before the rate accepted could be told.
  bool unpriced() const noexcept { return unpriced_; }
  void set_unpriced() noexcept { unpriced_ = true; }
  // The rate 429s came above, for the summary.
  double throttled_at() const noexcept { return throttled_at_; }

  // A 429 when the server accepted `accepted` requests per second: pace
  // under it (and never below half the best rate a 429 came at: 429s that
  // keep coming whatever the pace are not a rate limit's).
  void priced(double accepted, clock::time_point now) {
    unpriced_ = false;
    best_accepted_ = std::max(best_accepted_, accepted);
    throttled_at_ = std::max(best_accepted_ * tuning::pace_floor_share,
                             pace_ > 0 ? std::min(pace_, accepted) : accepted);
    const bool first = pace_ == 0;
    state_ = first ? state::finding : state::probing;
    set(std::max(1.0, throttled_at_ * (first ? tuning::first_pace_share : tuning::repace_share)),
        now);
  }

  // The server delivered `delivered` requests per second over the last
  // second: while that is most of the pace, probe for more. True when the
  // pace changed.
  bool probe(double delivered, clock::time_point now) {
    if (pace_ <= 0 || delivered < tuning::pace_used_share * pace_) return false;
    if (state_ == state::finding && now - changed_ >= tuning::finding_every) {
      set(pace_ * tuning::finding_growth, now);
      return true;
    }
    if (state_ != state::finding && now - changed_ >= tuning::probing_every) {
      set(pace_ * tuning::probing_growth + tuning::probing_step_per_s, now);
      return true;
    }
    return false;
  }

  // The 429s were noise: no pacing.
  void stop(clock::time_point now) {
    state_ = state::off;
    set(0, now);
  }

 private:
  void set(double pace, clock::time_point now) {
    pace_ = pace;
    changed_ = now;
  }

  double pace_ = 0;
  state state_ = state::off;
  bool unpriced_ = false;
  double throttled_at_ = 0;   // requests per second when 429s came
  double best_accepted_ = 0;  // the most the server accepted in a second, at a 429
  clock::time_point changed_{};
};

}  // namespace sdemig::net

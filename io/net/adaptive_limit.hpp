#pragma once
// `--concurrency auto`: how many requests to have in flight to one
// instance, found by watching latency, in the family of TCP Vegas and
// Netflix's Gradient2. While the typical latency stays near the lowest seen
// and the limit is used, the limit grows (doubling at first, like TCP's slow
// start, up to twice what the server delivered in a round trip); when
// latency climbs well above the lowest (a queue is forming on the server)
// it shrinks toward the point where it would not, at once when a run of
// answers comes back slow; 503s and timeouts halve it. A 429 means a request rate is enforced: the
// limiter then paces requests at a little under the rate the server accepted, and probes upward
// slowly. The unloaded latency is measured again now and then (one window at half the limit), as it
// may change.
//
// No I/O and no clock of its own: the client reports each answer with its
// time; tests replay recorded latency sequences.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/net/delivery_meter.hpp"
#include "io/net/noise_filter.hpp"

namespace sdemig::net {

struct adaptive_options {
  // The first burst. Each doubling from here costs a round trip, which to
  // a distant server is most of a short run; a small server queues part
  // of it once (32 at 4 workers of 20 ms: the last waits 140 ms).
  std::size_t initial = 32;
  std::size_t max = 64;
  // Typical latency this many times the lowest: a queue is forming.
  double tolerance = 1.5;
  // Shrinking aims at this ratio; growth stops above it.
  double target = 1.2;
  // Queues shorter than this are noise, whatever the ratio.
  std::chrono::microseconds min_queue_delay{1000};
  // How often the unloaded latency is measured again.
  std::chrono::milliseconds remeasure_every{10'000};
};

enum class answer_kind : std::uint8_t {
  served,      // an answer of the server's own (2xx, 3xx, 4xx other than 429)
  throttled,   // 429
  overloaded,  // 503, a timeout
};

class adaptive_limit {
 public:
  using clock = std::chrono::steady_clock;

  explicit adaptive_limit(adaptive_options options = {});

  // One answer: when it came, the latency of its attempt, and how many
  // requests were in flight or queued for room when it came (itself
  // included): whether the limit is what holds them back.
  void on_answer(clock::time_point now, clock::duration latency, std::size_t in_flight,
                 answer_kind kind);

  std::size_t limit() const noexcept;
  // Requests per second to pace at; 0: no pacing (no 429 seen).
  double pace() const noexcept { return pace_; }
  // The lowest typical latency seen (0 before the first answer).
  std::chrono::microseconds min_latency() const noexcept { return min_rtt_; }

  // Why the limit is where it is, for the summary line:
  // "24 (min latency 31 ms, queue building above 26)".
  std::string summary() const;

  struct step {
    std::uint32_t at_ms;  // since the first answer
    std::uint32_t limit;
    double pace;  // requests per second, 0: none
  };
  // Every change of the limit or the pace, oldest first (thinned to every
  // other step past 4,096).
  const std::vector<step>& trajectory() const noexcept { return trajectory_; }

 private:
  enum class reason : std::uint8_t {
    starting,
    growing,
    queue,
    throttled,
    overloaded,
    capped,
    idle
  };

  void end_window(clock::time_point now);
  void cut_for_queue(double ratio, std::chrono::microseconds latency, clock::time_point now);
  void cut_for(answer_kind kind, clock::time_point now);
  void set(double limit, clock::time_point now);
  void set_pace(double pace, clock::time_point now);
  void record(clock::time_point now);
  // Served answers in the last second.
  std::uint32_t served_total() const noexcept;
  // Served answers per second over the last `slots` tenths of a second.
  double delivered_per_second(clock::time_point now, std::size_t slots) const;

  adaptive_options options_;
  double limit_;
  double pace_ = 0;
  bool slow_start_ = true;
  bool finding_rate_ = false;  // after the first 429: the pace grows fast
  bool unpriced_ = false;      // a 429 came before the rate accepted could be told
  bool started_ = false;
  clock::time_point first_{};
  clock::time_point burst_start_{}, last_answer_{};
  // The window: answers since it began.
  std::vector<std::uint32_t> window_us_;
  std::size_t window_max_in_flight_ = 0;
  std::size_t window_far_ = 0;          // answers far slower than the lowest
  unsigned over_tolerance_ = 0;         // windows in a row with latency above tolerance
  unsigned run_over_ = 0;               // answers in a row above tolerance
  clock::duration run_low_{};           // the least latency of that run
  double last_cut_ratio_ = 0;           // the latency ratio the last cut for a queue came at
  clock::time_point cooldown_until_{};  // no cut before: answers are older than the last cut
  clock::time_point hold_until_{};      // no growth before (past slow start)
  // Re-measuring the unloaded latency.
  bool measuring_ = false;
  double limit_before_measuring_ = 0;
  clock::time_point next_measure_{};
  std::chrono::microseconds min_rtt_{0};
  clock::duration first_low_{};
  delivery_meter delivered_;  // slow start's bound  // the least latency before min_rtt_ is known
  std::chrono::microseconds last_typical_{0};
  // Answers served per 100 ms over the last second.
  std::array<std::uint32_t, 10> served_{};
  std::int64_t served_slot_ = 0;
  clock::time_point last_pace_change_{};
  reason why_ = reason::starting;
  double queue_above_ = 0;
  double throttled_at_ = 0;   // requests per second when 429s came
  double best_accepted_ = 0;  // the most the server accepted in a second, at a 429
  std::vector<step> trajectory_;
  noise_filter throttle_noise_{0.05}, overload_noise_{0.02};
};

}  // namespace sdemig::net

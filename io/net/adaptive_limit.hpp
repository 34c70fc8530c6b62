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

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/net/adaptive_tuning.hpp"
#include "io/net/delivery_meter.hpp"
#include "io/net/noise_filter.hpp"
#include "io/net/served_rate.hpp"
#include "io/net/throttle_pacer.hpp"

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
  double pace() const noexcept { return pacer_.pace(); }
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
  // Where the limit is in its life; its reason (for the summary) is apart.
  enum class phase : std::uint8_t {
    slow_start,   // doubling each round trip while no queue forms
    steady,       // after the first cut: a step per round trip, cuts on a queue
    remeasuring,  // one window at half the limit, to see the unloaded latency again
  };
  enum class reason : std::uint8_t {
    starting,
    growing,
    queue,
    throttled,
    overloaded,
    capped,
    idle
  };
  // The answers since the window began.
  struct window {
    std::vector<std::uint32_t> latencies_us;
    std::size_t max_in_flight = 0;
    std::size_t far = 0;  // answers far slower than the lowest
    void clear() {
      latencies_us.clear();
      max_in_flight = 0;
      far = 0;
    }
  };
  // Answers in a row above tolerance, and the least latency among them.
  struct slow_run {
    unsigned answers = 0;
    clock::duration low{};
  };

  // on_answer's parts, in the order an answer meets them.
  void start(clock::time_point now);
  void on_bad_answer(clock::time_point now, answer_kind kind);
  void grow_in_slow_start(clock::time_point now, clock::duration latency, clock::duration lowest,
                          std::size_t in_flight);
  // True when the run of slow answers this one extends called for a cut.
  bool cut_on_slow_run(clock::time_point now, clock::duration latency);
  void add_to_window(clock::time_point now, clock::duration latency);
  // end_window's parts.
  void end_window(clock::time_point now);
  void end_remeasure(std::uint32_t low, clock::time_point now);
  void judge_window(std::uint32_t typical, bool used, clock::time_point now);
  void grow_steady(std::uint32_t typical, clock::time_point now);

  void cut_for_queue(double ratio, std::chrono::microseconds latency, clock::time_point now);
  void cut_for(answer_kind kind, clock::time_point now);
  void set(double limit, clock::time_point now);
  void paced(clock::time_point now);  // the pacer's pace changed
  void record(clock::time_point now);
  std::chrono::microseconds lowest_so_far() const noexcept;

  adaptive_options options_;
  double limit_;
  phase phase_ = phase::slow_start;
  phase before_remeasure_ = phase::slow_start;
  double limit_before_remeasure_ = 0;
  reason why_ = reason::starting;
  double queue_above_ = 0;  // for the summary: "queue building above N"
  bool started_ = false;
  clock::time_point first_{}, last_answer_{};
  // The unloaded latency: the lowest window low seen; before the first
  // window, the least answer.
  std::chrono::microseconds min_rtt_{0};
  clock::duration first_low_{};
  std::chrono::microseconds last_typical_{0};
  window window_;
  slow_run run_;
  unsigned windows_over_ = 0;           // windows in a row above tolerance
  double last_cut_ratio_ = 0;           // the latency ratio the last cut for a queue came at
  clock::time_point cooldown_until_{};  // no cut before: answers are older than the last cut
  clock::time_point hold_until_{};      // no growth before (past slow start)
  clock::time_point next_measure_{};
  delivery_meter delivered_;  // slow start's bound
  served_rate served_;        // a 429's price
  throttle_pacer pacer_;
  std::vector<step> trajectory_;
  noise_filter throttle_noise_{tuning::throttle_min_noise};
  noise_filter overload_noise_{tuning::overload_min_noise};
};

}  // namespace sdemig::net

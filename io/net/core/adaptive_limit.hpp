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
// Each request class (reads, writes, connection tests) is judged against its
// own unloaded latency (adaptive_baselines.cpp): a write costs an SDE
// instance more than a read. The first request of a new class after a pause
// starts a phase at a first burst sized from what the answers so far told
// (the round trip, the network's share of it): small near the server, wide
// far away. The ceiling is `max`, or without --max-concurrency `max` plus
// the requests the network's round trip holds (no load on any server), up
// to `ceiling`: slow start stops at `max`, past it the limit grows a step
// per round trip. Every tuning number is in adaptive_tuning.hpp.
//
// No I/O and no clock of its own: the client reports each answer with its
// time; tests replay recorded latency sequences.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "io/net/core/adaptive_tuning.hpp"
#include "io/net/core/delivery_meter.hpp"
#include "io/net/core/noise_filter.hpp"
#include "io/net/core/request_class.hpp"
#include "io/net/core/served_rate.hpp"
#include "io/net/core/throttle_pacer.hpp"

namespace sdemig::net {

struct adaptive_options {
  // The first burst, before any answer tells of the server. A new class of
  // request after a pause (the writes after a clone's reads) starts from
  // what the answers told instead (adaptive_limit::first_burst).
  std::size_t initial = 32;
  // The most requests in flight the server is asked to take (queued or
  // served): --max-concurrency.
  std::size_t max = 64;
  // Above `max`: the limit may pass `max` by the requests the network holds
  // (the rate served x the network's round trip: on the wire, they load no
  // server), up to this. 0 (or not above `max`): `max` is the ceiling, as
  // when --max-concurrency is given.
  std::size_t ceiling = 0;
  // Typical latency this many times the lowest: a queue is forming.
  double tolerance = 1.5;
  // Shrinking aims at this ratio; growth stops above it.
  double target = 1.2;
  // Queues shorter than this are noise, whatever the ratio.
  std::chrono::microseconds min_queue_delay{1000};
  // Round trips opening a connection takes: 1 for TCP, 2 with TLS 1.3 (the
  // client's to say); first_burst() reads the network's round trip from it.
  unsigned setup_round_trips = 1;
  // How often the unloaded latency is measured again.
  std::chrono::milliseconds remeasure_every{10'000};
};

enum class answer_kind : std::uint8_t {
  served,      // an answer of the server's own (2xx, 3xx, 4xx other than 429)
  throttled,   // 429
  overloaded,  // 503, a timeout
};

// One answer, as the client saw it.
struct answer {
  std::chrono::steady_clock::time_point at;
  std::chrono::steady_clock::duration latency;  // from the send to the answer
  // Requests in flight or queued for room when it came (itself included):
  // whether the limit is what holds them back.
  std::size_t in_flight = 0;
  answer_kind kind = answer_kind::served;
  request_class of = request_class::read;
  // The first exchange on a new connection, and how long opening that
  // connection took (TCP, TLS, a proxy's CONNECT). Its latency may carry
  // more of the setup (a server holding a new connection's first answer).
  bool fresh = false;
  std::chrono::steady_clock::duration connect{};
};

class adaptive_limit {
 public:
  using clock = std::chrono::steady_clock;

  explicit adaptive_limit(adaptive_options options = {});

  void on_answer(const answer& a);
  // A read on a connection in use, as the tests replay them.
  void on_answer(clock::time_point now, clock::duration latency, std::size_t in_flight,
                 answer_kind kind) {
    on_answer(answer{now, latency, in_flight, kind});
  }
  // A request of class `c` is about to go, with `in_flight` others under
  // way. The first of its class after a pause starts a new phase: the
  // limit becomes first_burst() and grows from there (slow start).
  void on_send(clock::time_point now, request_class c, std::size_t in_flight);

  // The first burst of a new phase: what puts `tuning::first_burst_at_server`
  // requests on the server's workers at once, if the part of the round trip
  // not spent on the network is service. The network's share is told by
  // what opening a connection costs (TCP and TLS handshakes are round
  // trips): near a server, a doubling costs a millisecond and the burst is
  // small; far away it costs a round trip and the burst is wide.
  std::size_t first_burst() const;

  std::size_t limit() const noexcept;
  // Requests per second to pace at; 0: no pacing (no 429 seen).
  double pace() const noexcept { return pacer_.pace(); }
  // The lowest typical latency of the class last started (0 before its
  // first window); of another class.
  std::chrono::microseconds min_latency() const noexcept { return min_latency(phase_class_); }
  std::chrono::microseconds min_latency(request_class c) const noexcept {
    return classes_[static_cast<std::size_t>(c)].min;
  }

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
  // What one class of request showed: its unloaded latency, and what a
  // new connection added to its first answer.
  struct baseline {
    // The lowest window low seen; before the first window, 0 (the least
    // answer is in first_low).
    std::chrono::microseconds min{0};
    clock::duration first_low{};
    // The least latency of a first answer on a new connection (0: none).
    clock::duration fresh_low{};
    bool sent = false;
    std::chrono::microseconds lowest() const noexcept;
  };
  // One answer in a window.
  struct sample {
    std::uint32_t latency_us;
    request_class of;
  };
  // The answers since the window began.
  struct window {
    std::vector<sample> samples;
    std::size_t max_in_flight = 0;
    std::size_t far = 0;  // answers far slower than the lowest
    void clear() {
      samples.clear();
      max_in_flight = 0;
      far = 0;
    }
  };
  // Answers in a row above tolerance, and the least ratio to its class's
  // lowest latency among them.
  struct slow_run {
    unsigned answers = 0;
    double low_ratio = 0;
  };

  // on_answer's parts, in the order an answer meets them.
  void start(clock::time_point now);
  void on_bad_answer(clock::time_point now, answer_kind kind);
  void note_fresh(const answer& a);
  // The latency less what a new connection added to it.
  clock::duration queue_latency(const answer& a) const;
  void grow_in_slow_start(clock::time_point now, clock::duration latency, clock::duration lowest,
                          std::size_t in_flight);
  // True when the run of slow answers this one extends called for a cut.
  bool cut_on_slow_run(clock::time_point now, clock::duration latency, const baseline& b);
  void add_to_window(clock::time_point now, clock::duration latency, const answer& a);
  // end_window's parts.
  void end_window(clock::time_point now);
  // The window's typical ratio to each answer's class's lowest latency, and
  // its typical queue delay: means without the slowest tenth.
  static std::pair<double, std::chrono::microseconds> typical_queue(
      std::vector<sample>& samples, const std::array<baseline, request_classes>& classes);
  // Each class's low in the window lowers its unloaded latency (or, when
  // re-measuring, is it).
  void update_baselines(std::vector<sample>& samples, bool remeasured);
  void end_remeasure(clock::time_point now);
  void judge_window(double ratio, std::chrono::microseconds excess, std::uint32_t typical,
                    bool used, clock::time_point now);
  // What opening a connection costs, 0 when not seen; the network's round
  // trip it tells of.
  clock::duration setup_cost() const;
  clock::duration network_time() const;
  baseline& of(request_class c) noexcept { return classes_[static_cast<std::size_t>(c)]; }
  void grow_steady(std::uint32_t typical, clock::time_point now);

  void cut_for_queue(double ratio, std::chrono::microseconds latency, clock::time_point now);
  void cut_for(answer_kind kind, clock::time_point now);
  void set(double limit, clock::time_point now);
  // The limit at `then` (from the trajectory).
  double limit_at(clock::time_point then) const;
  void record(clock::time_point now);  // a step of the trajectory: the limit or the pace changed

  adaptive_options options_;
  double limit_;
  // The ceiling now: options_.max, plus what the network holds when
  // options_.ceiling allows (updated with each answer).
  double cap_;
  void update_cap(clock::time_point now);
  double phase_start_ = 0;  // the limit the phase started at: slow start's least reach
  phase phase_ = phase::slow_start;
  phase before_remeasure_ = phase::slow_start;
  double limit_before_remeasure_ = 0;
  reason why_ = reason::starting;
  double queue_above_ = 0;  // for the summary: "queue building above N"
  bool started_ = false;
  clock::time_point first_{}, last_answer_{};
  std::array<baseline, request_classes> classes_{};
  request_class phase_class_ = request_class::read;  // of the phase's first request
  clock::duration connect_low_{};                    // the quickest connection opened (0: none)
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

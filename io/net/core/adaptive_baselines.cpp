// adaptive_limit's baselines: each request class's unloaded latency, what a
// new connection costs, and the first burst of a phase they size. (The rest
// of the limiter, the answer path, is adaptive_limit.cpp.)
#include <algorithm>
#include <cmath>

#include "io/net/core/adaptive_limit.hpp"
#include "io/net/core/detail/samples.hpp"

namespace sdemig::net {

using std::chrono::duration_cast;
using std::chrono::microseconds;

std::chrono::microseconds adaptive_limit::baseline::lowest() const noexcept {
  return min.count() > 0 ? min : duration_cast<microseconds>(first_low);
}

void adaptive_limit::on_send(clock::time_point now, request_class c, std::size_t in_flight) {
  baseline& b = of(c);
  if (b.sent) return;
  b.sent = true;
  // Before any answer nothing is known (the first burst is `initial`);
  // with others under way this is no new phase (a mixed load).
  if (!started_ || in_flight > 0) return;
  // A new phase (the writes after a clone's reads): it starts from what the
  // answers so far told, not from another class's limit or floor.
  phase_class_ = c;
  phase_ = phase::slow_start;
  why_ = reason::starting;
  delivered_.reset();
  run_ = {};
  window_.clear();
  windows_over_ = 0;
  cooldown_until_ = now;
  hold_until_ = now;
  phase_start_ = static_cast<double>(first_burst());
  set(phase_start_, now);
}

std::size_t adaptive_limit::first_burst() const {
  // The round trip: the lowest latency of any class answered (the reads).
  clock::duration round_trip{};
  for (const baseline& b : classes_) {
    const clock::duration low = b.lowest();
    if (low > clock::duration::zero() &&
        (round_trip == clock::duration::zero() || low < round_trip))
      round_trip = low;
  }
  if (round_trip == clock::duration::zero()) return limit();
  // Opening a connection costs `setup_round_trips` round trips (TCP, TLS):
  // the network's share of the round trip, the rest is the server's.
  const double whole = std::chrono::duration<double>(round_trip).count();
  const double network = std::min(std::chrono::duration<double>(network_time()).count(), whole);
  const double at_server = std::max(whole - network, whole / 1000);
  // A burst of B puts B x at_server / whole on the server's workers at once;
  // each doubling after it costs a round trip and, for its new connections,
  // a network round trip more. So: `first_burst_at_server` at once, widened
  // by what a doubling costs against a round trip, to `first_burst_widest`
  // at most.
  const double burst =
      std::round(tuning::first_burst_at_server *
                 std::min(whole + network, tuning::first_burst_widest * whole) / at_server);
  // At most --max-concurrency, which may be below first_burst_at_server
  // (std::clamp with its bounds crossed is undefined).
  return static_cast<std::size_t>(
      std::min(std::max(burst, tuning::first_burst_at_server), static_cast<double>(options_.max)));
}

adaptive_limit::clock::duration adaptive_limit::network_time() const {
  return setup_cost() / std::max(1u, options_.setup_round_trips);
}

adaptive_limit::clock::duration adaptive_limit::setup_cost() const {
  // The connect itself, and what a server added to a new connection's
  // first answer (a plain connection's handshake is the kernel's, held by
  // the server instead): the least, over classes that showed both.
  clock::duration extra = clock::duration::max();
  for (const baseline& b : classes_) {
    if (b.fresh_low <= clock::duration::zero() || b.lowest().count() == 0) continue;
    extra = std::min<clock::duration>(
        extra, std::max<clock::duration>(clock::duration::zero(), b.fresh_low - b.lowest()));
  }
  if (extra == clock::duration::max()) extra = clock::duration::zero();
  return connect_low_ + extra;
}

void adaptive_limit::note_fresh(const answer& a) {
  baseline& b = of(a.of);
  if (b.fresh_low == clock::duration::zero() || a.latency < b.fresh_low) b.fresh_low = a.latency;
  if (a.connect > clock::duration::zero() &&
      (connect_low_ == clock::duration::zero() || a.connect < connect_low_))
    connect_low_ = a.connect;
}

adaptive_limit::clock::duration adaptive_limit::queue_latency(const answer& a) const {
  if (!a.fresh) return a.latency;
  const baseline& b = classes_[static_cast<std::size_t>(a.of)];
  if (b.lowest().count() == 0 || b.fresh_low <= b.lowest()) return a.latency;
  return a.latency - (b.fresh_low - b.lowest());
}

void adaptive_limit::update_baselines(std::vector<sample>& samples, bool remeasured) {
  std::vector<std::uint32_t> mine;
  for (std::size_t c = 0; c < request_classes; ++c) {
    mine.clear();
    for (const sample& x : samples)
      if (static_cast<std::size_t>(x.of) == c) mine.push_back(x.latency_us);
    if (mine.empty()) continue;
    baseline& b = classes_[c];
    const microseconds low{detail::quantile(mine, tuning::low_quantile)};
    // Re-measuring takes the window's low as it is, from enough answers
    // of the class; otherwise only a lower one counts.
    if (b.min.count() == 0 || low < b.min || (remeasured && mine.size() >= tuning::min_answers))
      b.min = low;
  }
}

std::pair<double, microseconds> adaptive_limit::typical_queue(
    std::vector<sample>& samples, const std::array<baseline, request_classes>& classes) {
  // The typical latency is the window's mean without its slowest tenth: a
  // mean follows the queue (Little's law) where a median can miss it (a
  // server with even service times answers in batches, half of them fast),
  // and the trimmed tail keeps one stall from looking like a queue. Each
  // answer counts as its ratio to its own class's lowest latency.
  struct judged {
    double ratio;
    double excess_us;
  };
  std::vector<judged> v;
  v.reserve(samples.size());
  for (const sample& x : samples) {
    const double min = static_cast<double>(classes[static_cast<std::size_t>(x.of)].min.count());
    const double us = static_cast<double>(x.latency_us);
    v.push_back({us / std::max(1.0, min), us - min});
  }
  const auto keep =
      v.size() - static_cast<std::size_t>(tuning::trimmed_share * static_cast<double>(v.size()));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep - 1), v.end(),
                   [](const judged& a, const judged& b) { return a.ratio < b.ratio; });
  double ratio = 0, excess = 0;
  for (std::size_t i = 0; i < keep; ++i) {
    ratio += v[i].ratio;
    excess += v[i].excess_us;
  }
  const auto n = static_cast<double>(keep);
  return {ratio / n, microseconds(std::llround(excess / n))};
}

}  // namespace sdemig::net

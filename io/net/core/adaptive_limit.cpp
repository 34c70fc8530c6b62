#include "io/net/core/adaptive_limit.hpp"

#include <algorithm>
#include <cmath>

#include "io/net/core/detail/samples.hpp"

namespace sdemig::net {

namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;

std::uint32_t micros(std::chrono::steady_clock::duration d) {
  const auto us = duration_cast<microseconds>(d).count();
  return static_cast<std::uint32_t>(std::clamp<long long>(us, 1, UINT32_MAX));
}

double ratio_of(std::chrono::steady_clock::duration a, std::chrono::steady_clock::duration b) {
  return std::chrono::duration<double>(a).count() / std::chrono::duration<double>(b).count();
}

}  // namespace

adaptive_limit::adaptive_limit(adaptive_options options)
    : options_(options),
      limit_(static_cast<double>(
          std::clamp<std::size_t>(options.initial, 1, std::max<std::size_t>(1, options.max)))) {
  options_.max = std::max<std::size_t>(1, options_.max);
  cap_ = static_cast<double>(options_.max);
  phase_start_ = static_cast<double>(options_.initial);
  trajectory_.push_back({0, static_cast<std::uint32_t>(limit_), 0});
}

std::size_t adaptive_limit::limit() const noexcept {
  return static_cast<std::size_t>(std::max(1.0, std::floor(limit_)));
}

void adaptive_limit::on_answer(const answer& a) {
  const clock::time_point now = a.at;
  if (!started_) start(now);
  // A gap in the answers (the plan between reading and writing) starts a
  // new burst: rates are measured from its start, not over the gap.
  if (now - last_answer_ > tuning::burst_gap) served_.burst_from(now);
  last_answer_ = now;
  window_.max_in_flight = std::max(window_.max_in_flight, a.in_flight);
  served_.advance(now);
  update_cap(now);
  throttle_noise_.answer(a.kind == answer_kind::throttled);
  overload_noise_.answer(a.kind == answer_kind::overloaded);
  if (a.kind != answer_kind::served) {
    on_bad_answer(now, a.kind);
    return;
  }
  served_.served();
  baseline& b = of(a.of);
  if (a.fresh) note_fresh(a);
  // Each answer is judged against its own class's lowest latency; one on a
  // new connection without what the connection added.
  const clock::duration latency = queue_latency(a);
  if (b.min.count() == 0)
    b.first_low = b.first_low.count() == 0 ? latency : std::min(b.first_low, latency);
  if (phase_ == phase::slow_start) grow_in_slow_start(now, latency, b.lowest(), a.in_flight);
  if (cut_on_slow_run(now, latency, b)) return;
  add_to_window(now, latency, a);
}

void adaptive_limit::start(clock::time_point now) {
  started_ = true;
  first_ = now;
  next_measure_ = now + options_.remeasure_every;
  cooldown_until_ = now;
  served_.start(now);
}

// A 429, a 503 or a timeout: a reaction once per episode, unless these come
// whatever the load (noise_filter).
void adaptive_limit::on_bad_answer(clock::time_point now, answer_kind kind) {
  noise_filter& noise = kind == answer_kind::throttled ? throttle_noise_ : overload_noise_;
  // A 429 too early to price (see cut_for) is priced by the next one that
  // can be, at once: the requests meanwhile would all be refused.
  const bool price_now =
      pacer_.unpriced() && kind == answer_kind::throttled && served_.total() >= tuning::min_answers;
  if (!((now >= cooldown_until_ && noise.signal()) || price_now)) return;
  const bool knew = noise.noise() > 0;
  cut_for(kind, now);
  // The load the next period runs at: the pace (or the rate delivered
  // before any pace), or the limit.
  noise.reacted(kind == answer_kind::throttled ? pacer_.pace() : limit_);
  if (knew || noise.noise() == 0) return;
  // The last reaction did not help: these come whatever the load. Undo it
  // (unpaced; the limit back up) instead of reacting again.
  if (kind == answer_kind::throttled) {
    pacer_.stop(now);
    record(now);  // the pace changed
  } else {
    set(std::min<double>(limit_ * tuning::noise_undo, cap_), now);
  }
  why_ = reason::growing;
}

// Slow start, clocked by answers as TCP's is: each answer that came back
// with no queue to speak of (within tolerance: a burst of answers handled
// in turn by both ends adds a few ms) while the limit was in use lets two
// more requests in flight, never more than twice what the server was seen
// to deliver in a round trip. Answers to requests sent before a queue
// formed come back fast, so growing on answers alone can pass the server's
// capacity several times over within one round trip; with the bound it
// overshoots by at most twice, and it doubles each round trip while the
// server keeps up.
void adaptive_limit::grow_in_slow_start(clock::time_point now, clock::duration latency,
                                        clock::duration lowest, std::size_t in_flight) {
  delivered_.answer(now, latency, lowest);
  const double reach = std::max(phase_start_, tuning::slow_start_reach * delivered_.most());
  // No queue to speak of: within tolerance of the server's own share of the
  // round trip (far away, most of it is the network's, which no queue
  // lengthens: against the whole, a queue of twice the service would pass).
  const auto server_share = lowest - std::min<clock::duration>(network_time(), lowest);
  const bool fast = latency <= lowest +
                                   std::chrono::duration_cast<clock::duration>(
                                       server_share * (options_.tolerance - 1)) +
                                   options_.min_queue_delay;
  const bool used = static_cast<double>(in_flight) >= tuning::used_share * std::floor(limit_);
  if (!fast || !used || limit_ + 1 > reach) return;
  // Slow start stops at `max`: past it (a distant server's round trip)
  // the limit grows a step per round trip (grow_steady), so a short run
  // does not open connections whose handshakes cost more than they bring.
  if (limit_ >= std::min(cap_, static_cast<double>(options_.max))) {
    why_ = reason::capped;
    return;
  }
  set(std::min(limit_ + tuning::slow_start_step, reach), now);
  if (why_ == reason::starting || why_ == reason::idle) why_ = reason::growing;
}

// A run of answers each well above the lowest: a queue is forming now (a
// server that lost capacity fills it one answer at a time). Cut at once
// rather than a window or two later, by the least of them; again while it
// gets worse, though those were sent before the last cut.
bool adaptive_limit::cut_on_slow_run(clock::time_point now, clock::duration latency,
                                     const baseline& b) {
  if (b.min.count() == 0 || phase_ == phase::remeasuring ||
      latency <= b.min * options_.tolerance + options_.min_queue_delay) {
    run_.answers = 0;
    return false;
  }
  const double this_ratio = ratio_of(latency, b.min);
  run_.low_ratio = run_.answers++ == 0 ? this_ratio : std::min(run_.low_ratio, this_ratio);
  const double ratio = run_.low_ratio;
  // An eighth of the limit in a row when at least twice the lowest, else a
  // quarter (4 at least): fewer, at a high limit, is a stall somewhere (a
  // burst of answers handled in turn, a slow moment on this machine).
  const auto wanted = std::max<std::size_t>(
      tuning::min_answers, limit() / (ratio >= tuning::run_ratio_high ? tuning::run_divisor_high
                                                                      : tuning::run_divisor_low));
  if (run_.answers < wanted) return false;
  if (now < cooldown_until_ && ratio <= tuning::worse_again * last_cut_ratio_) return false;
  cut_for_queue(ratio, duration_cast<microseconds>(latency), now);
  return true;
}

void adaptive_limit::add_to_window(clock::time_point now, clock::duration latency,
                                   const answer& a) {
  window_.samples.push_back({micros(latency), a.of});
  // Far slower answers end the window early: a server that lost capacity
  // is answered at once, not a window later.
  const microseconds min = of(a.of).min;
  const bool far = min.count() > 0 && latency > min * (tuning::far_factor * options_.tolerance) +
                                                    options_.min_queue_delay;
  if (far && ++window_.far >= tuning::min_answers) {
    end_window(now);
    return;
  }
  const auto wanted = std::max<std::size_t>(
      tuning::min_answers,
      static_cast<std::size_t>(static_cast<double>(limit()) * tuning::window_share));
  if (window_.samples.size() >= wanted) end_window(now);
}

void adaptive_limit::cut_for(answer_kind kind, clock::time_point now) {
  if (phase_ == phase::remeasuring) limit_ = limit_before_remeasure_;
  phase_ = phase::steady;
  delivered_.reset();
  windows_over_ = 0;
  // One cut per episode: answers to requests sent before it are no news.
  cooldown_until_ = now + std::max<clock::duration>(tuning::settle_at_least,
                                                    last_typical_ * tuning::settle_latencies);
  window_.clear();
  if (kind == answer_kind::overloaded) {
    set(limit_ * tuning::overload_cut, now);
    why_ = reason::overloaded;
    return;
  }
  if (served_.total() < tuning::min_answers) {
    // Too few answers yet to tell what rate the server accepts (a first
    // burst larger than its bucket): fewer in flight, no pace yet. The next
    // 429 tells.
    set(limit_ * tuning::throttle_cut, now);
    pacer_.set_unpriced();
    return;
  }
  // A rate is enforced: pace a little under what the server accepted, over
  // the last second or the last 300 ms if more (the pace may have been
  // rising: the server accepts its rate only while asked for more).
  pacer_.priced(std::max({1.0, served_.per_second(now, tuning::served_slots),
                          served_.per_second(now, tuning::recent_slots)}),
                now);
  record(now);  // the pace changed
  if (limit_ > 1) set(limit_ * tuning::throttle_cut, now);
  why_ = reason::throttled;
}

void adaptive_limit::cut_for_queue(double ratio, microseconds latency, clock::time_point now) {
  cooldown_until_ = now + latency;
  hold_until_ = cooldown_until_;
  windows_over_ = 0;
  phase_ = phase::steady;
  delivered_.reset();
  last_cut_ratio_ = ratio;
  run_.answers = 0;
  window_.clear();
  // Toward the limit at which latency would be `target` times the lowest
  // (latency grows with the limit once the server is saturated), by half at
  // most, or by three quarters when far above; from the limit the answer
  // was sent under (Little's law holds for the load it met: answers sent
  // before a cut would otherwise cut the cut limit again, compounding).
  const double floor =
      ratio > tuning::far_factor * options_.tolerance ? tuning::deep_cut_floor : tuning::cut_floor;
  const double base = limit_at(now - latency);
  set(std::min(limit_, base * std::max(floor, options_.target / ratio)), now);
  queue_above_ = std::max(1.0, std::round(limit_ / options_.target));
  why_ = reason::queue;
}

void adaptive_limit::end_window(clock::time_point now) {
  std::vector<sample> samples = std::move(window_.samples);
  const bool used =
      static_cast<double>(window_.max_in_flight) >= tuning::used_share * std::floor(limit_);
  window_.clear();
  // The typical latency, for how long a round trip lasts: the mean without
  // the slowest tenth.
  std::vector<std::uint32_t> latencies;
  latencies.reserve(samples.size());
  for (const sample& x : samples) latencies.push_back(x.latency_us);
  const std::uint32_t typical = detail::trimmed_mean(latencies, tuning::trimmed_share);
  last_typical_ = microseconds(typical);

  if (phase_ == phase::remeasuring) {
    update_baselines(samples, true);
    end_remeasure(now);
    return;
  }
  update_baselines(samples, false);

  // While paced and the pace is what holds requests back, probe for more.
  if (pacer_.probe(served_.per_second(now, tuning::served_slots), now)) record(now);

  if (now >= next_measure_) {  // the unloaded latency may have changed: look again
    next_measure_ = now + options_.remeasure_every;
    if (limit_ < 2) {
      update_baselines(samples, true);
    } else {
      before_remeasure_ = phase_;
      phase_ = phase::remeasuring;
      limit_before_remeasure_ = limit_;
      set(limit_ * tuning::remeasure_share, now);
    }
    return;
  }
  const auto [ratio, excess] = typical_queue(samples, classes_);
  judge_window(ratio, excess, typical, used, now);
}

// One window at half the limit: its low is the unloaded latency now.
void adaptive_limit::end_remeasure(clock::time_point now) {
  phase_ = before_remeasure_;
  set(limit_before_remeasure_, now);
}

void adaptive_limit::judge_window(double ratio, microseconds excess, std::uint32_t typical,
                                  bool used, clock::time_point now) {
  const bool queued = excess > options_.min_queue_delay;
  if (queued && ratio > options_.target) {
    why_ = reason::queue;
    // Past saturation latency grows with the limit (Little's law): the
    // server serves about limit / ratio at a time.
    queue_above_ = std::max(1.0, std::round(limit_ / ratio));
  }
  if (queued && ratio > options_.tolerance) {
    // Two windows in a row, unless far above: one slow window is noise.
    // After a cut, answers to requests sent before it are no news.
    if (now < cooldown_until_) return;
    if (++windows_over_ >= tuning::windows_over_before_cut ||
        ratio > tuning::far_factor * options_.tolerance)
      cut_for_queue(ratio, microseconds(typical), now);
    return;
  }
  windows_over_ = 0;
  if (!used) {
    if (static_cast<double>(limit()) < cap_ && why_ != reason::queue && why_ != reason::throttled)
      why_ = reason::idle;
    return;
  }
  if (!queued || ratio < options_.target) grow_steady(typical, now);
}

// Past slow start, one step per round trip: until requests sent at the last
// limit are answered, answers tell of an older one. (Slow start grows answer
// by answer: grow_in_slow_start.)
void adaptive_limit::grow_steady(std::uint32_t typical, clock::time_point now) {
  const double max = cap_;
  if (limit_ >= max) {
    why_ = reason::capped;
    return;
  }
  const bool starting = phase_ == phase::slow_start && limit_ < static_cast<double>(options_.max);
  if (starting || now < hold_until_) return;
  set(limit_ + std::max(1.0, limit_ * tuning::steady_growth), now);
  hold_until_ = now + microseconds(typical);
  if (why_ == reason::starting || why_ == reason::idle || why_ == reason::capped)
    why_ = limit_ >= max ? reason::capped : reason::growing;
}

// Requests on the wire load no server: far away, the round trip holds the
// rate served x the network's share of it. The ceiling is `max` (what the
// server is asked to hold) plus those, at most options_.ceiling; near the
// server it stays `max`.
void adaptive_limit::update_cap(clock::time_point now) {
  const double max = static_cast<double>(options_.max);
  if (options_.ceiling <= options_.max) return;
  const double network = std::chrono::duration<double>(network_time()).count();
  const double on_the_wire = served_.per_second(now, tuning::served_slots) * network;
  cap_ = std::clamp(max + std::floor(on_the_wire), max, static_cast<double>(options_.ceiling));
}

double adaptive_limit::limit_at(clock::time_point then) const {
  const auto ms = std::chrono::duration_cast<milliseconds>(then - first_).count();
  for (auto it = trajectory_.rbegin(); it != trajectory_.rend(); ++it)
    if (static_cast<long long>(it->at_ms) < ms) return std::max<double>(1, it->limit);
  return std::max<double>(1, trajectory_.front().limit);
}

void adaptive_limit::set(double limit, clock::time_point now) {
  limit = std::clamp(limit, 1.0, std::max(1.0, cap_));
  const bool changed = std::floor(limit) != std::floor(limit_);
  limit_ = limit;
  if (changed) record(now);
}

void adaptive_limit::record(clock::time_point now) {
  const auto ms = std::chrono::duration_cast<milliseconds>(now - first_).count();
  trajectory_.push_back({static_cast<std::uint32_t>(std::clamp<long long>(ms, 0, UINT32_MAX)),
                         static_cast<std::uint32_t>(limit()), pacer_.pace()});
  if (trajectory_.size() > tuning::trajectory_steps) {  // keep the first, thin the rest
    std::size_t out = 1;
    for (std::size_t i = 2; i < trajectory_.size(); i += 2) trajectory_[out++] = trajectory_[i];
    trajectory_.resize(out);
  }
}

}  // namespace sdemig::net

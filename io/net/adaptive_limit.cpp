#include "io/net/adaptive_limit.hpp"

#include <algorithm>
#include <cmath>

namespace sdemig::net {

namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;

constexpr std::size_t min_window = 4;
constexpr auto served_slot = milliseconds(100);

std::uint32_t micros(std::chrono::steady_clock::duration d) {
  const auto us = duration_cast<microseconds>(d).count();
  return static_cast<std::uint32_t>(std::clamp<long long>(us, 1, UINT32_MAX));
}

// The value below which `share` of the samples lie.
std::uint32_t quantile(std::vector<std::uint32_t>& v, double share) {
  const auto k = static_cast<std::size_t>(share * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// The mean without the largest `share` of the samples (reorders them).
std::uint32_t trimmed_mean(std::vector<std::uint32_t>& v, double share) {
  const auto keep = v.size() - static_cast<std::size_t>(share * static_cast<double>(v.size()));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep - 1), v.end());
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < keep; ++i) sum += v[i];
  return static_cast<std::uint32_t>(sum / keep);
}

std::string ms_text(microseconds us) {
  const double ms = static_cast<double>(us.count()) / 1000.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.1f" : "%.0f", ms);
  return buf;
}

}  // namespace

adaptive_limit::adaptive_limit(adaptive_options options)
    : options_(options),
      limit_(static_cast<double>(
          std::clamp<std::size_t>(options.initial, 1, std::max<std::size_t>(1, options.max)))) {
  options_.max = std::max<std::size_t>(1, options_.max);
  trajectory_.push_back({0, static_cast<std::uint32_t>(limit_), 0});
}

std::size_t adaptive_limit::limit() const noexcept {
  return static_cast<std::size_t>(std::max(1.0, std::floor(limit_)));
}

void adaptive_limit::on_answer(clock::time_point now, clock::duration latency,
                               std::size_t in_flight, answer_kind kind) {
  if (!started_) {
    started_ = true;
    first_ = now;
    next_measure_ = now + options_.remeasure_every;
    cooldown_until_ = now;
    served_slot_ = 0;
  }
  // A pause in the answers (the plan between reading and writing) starts a
  // new burst: rates are measured from its start, not over the pause.
  if (now - last_answer_ > milliseconds(200)) burst_start_ = now;
  last_answer_ = now;
  window_max_in_flight_ = std::max(window_max_in_flight_, in_flight);
  // Served answers per 100 ms slot, for the rate the server accepts.
  const std::int64_t slot = (now - first_) / served_slot;
  for (; served_slot_ < slot; ++served_slot_) served_[(served_slot_ + 1) % served_.size()] = 0;
  throttle_noise_.answer(kind == answer_kind::throttled);
  overload_noise_.answer(kind == answer_kind::overloaded);
  if (kind != answer_kind::served) {
    noise_filter& noise = kind == answer_kind::throttled ? throttle_noise_ : overload_noise_;
    // A 429 too early to price (see cut_for) is priced by the next one
    // that can be, at once: the requests meanwhile would all be refused.
    const bool price_now =
        unpriced_ && kind == answer_kind::throttled && served_total() >= min_window;
    if ((now >= cooldown_until_ && noise.signal()) || price_now) {
      const bool knew = noise.noise() > 0;
      cut_for(kind, now);
      // The load the next period runs at: the pace (or the rate delivered
      // before any pace), or the limit.
      noise.reacted(kind == answer_kind::throttled ? pace_ : limit_);
      if (!knew && noise.noise() > 0) {
        // The last reaction did not help: these come whatever the load.
        // Undo it (unpaced; the limit back up) instead of reacting again.
        if (kind == answer_kind::throttled) {
          finding_rate_ = false;
          set_pace(0, now);
        } else {
          set(std::min<double>(limit_ * 2, static_cast<double>(options_.max)), now);
        }
        why_ = reason::growing;
      }
    }
    return;
  }
  ++served_[slot % served_.size()];

  const bool far = min_rtt_.count() > 0 &&
                   latency > min_rtt_ * (2 * options_.tolerance) + options_.min_queue_delay;
  // Before the first window, the lowest latency is the least seen so far.
  if (min_rtt_.count() == 0)
    first_low_ = first_low_.count() == 0 ? latency : std::min(first_low_, latency);
  const auto lowest = min_rtt_.count() > 0 ? min_rtt_ : duration_cast<microseconds>(first_low_);
  // Slow start, clocked by answers as TCP's is: each answer that came back
  // with no queue to speak of (within tolerance: a burst of answers handled
  // in turn by both ends adds a few ms) while the limit was in use lets two
  // more requests in flight, never more than twice what the server was
  // seen to deliver in a round trip. Answers to requests sent before a
  // queue formed come back fast, so growing on answers alone can pass the
  // server's capacity several times over within one round trip; with the
  // bound it overshoots by at most twice, and it doubles each round trip
  // while the server keeps up.
  if (slow_start_ && !measuring_) {
    delivered_.answer(now, latency, lowest);
    const double reach = std::max(static_cast<double>(options_.initial), 2 * delivered_.most());
    const bool fast = latency <= lowest * options_.tolerance + options_.min_queue_delay;
    const bool used = static_cast<double>(in_flight) >= 0.8 * std::floor(limit_);
    if (fast && used && limit_ + 1 <= reach) {
      if (limit_ >= static_cast<double>(options_.max)) {
        why_ = reason::capped;
      } else {
        set(std::min(limit_ + 2, reach), now);
        if (why_ == reason::starting || why_ == reason::idle) why_ = reason::growing;
      }
    }
  }
  // A run of answers each well above the lowest: a queue is forming now
  // (a server that lost capacity fills it one answer at a time). Cut at
  // once rather than a window or two later, by the least of them; again
  // while it gets worse, though those were sent before the last cut.
  if (min_rtt_.count() > 0 && !measuring_ &&
      latency > min_rtt_ * options_.tolerance + options_.min_queue_delay) {
    run_low_ = run_over_++ == 0 ? latency : std::min(run_low_, latency);
    const double ratio = std::chrono::duration<double>(run_low_).count() /
                         std::chrono::duration<double>(min_rtt_).count();
    // An eighth of the limit in a row when at least twice the lowest, else
    // a quarter (4 at least): fewer, at a high limit, is a stall somewhere
    // (a burst of answers handled in turn, a slow moment on this machine).
    const auto run = std::max<std::size_t>(min_window, limit() / (ratio >= 2 ? 8 : 4));
    if (run_over_ >= run && (now >= cooldown_until_ || ratio > 1.25 * last_cut_ratio_)) {
      cut_for_queue(ratio, duration_cast<microseconds>(latency), now);
      return;
    }
  } else {
    run_over_ = 0;
  }
  window_us_.push_back(micros(latency));
  // Far slower answers end the window early: a server that lost capacity
  // is answered at once, not a window later.
  if (far && ++window_far_ >= min_window) {
    end_window(now);
    return;
  }
  // A window is half the limit's worth of answers: the first answers after
  // a change are the ones no queue held back, so fewer would hide a queue.
  const auto wanted = std::max<std::size_t>(min_window, limit() / 2);
  if (window_us_.size() >= wanted) end_window(now);
}

std::uint32_t adaptive_limit::served_total() const noexcept {
  std::uint32_t total = 0;
  for (std::uint32_t n : served_) total += n;
  return total;
}

double adaptive_limit::delivered_per_second(clock::time_point now, std::size_t slots) const {
  std::uint32_t total = 0;
  for (std::size_t i = 0; i < slots; ++i)
    total += served_[static_cast<std::size_t>(served_slot_ - static_cast<std::int64_t>(i) + 10) %
                     served_.size()];
  const double longest = 0.1 * static_cast<double>(slots);
  const double span = std::clamp(
      std::chrono::duration<double>(now - std::max(first_, burst_start_)).count(), 0.25, longest);
  return total / span;
}

void adaptive_limit::cut_for(answer_kind kind, clock::time_point now) {
  slow_start_ = false;
  delivered_.reset();
  over_tolerance_ = 0;
  if (measuring_) {
    measuring_ = false;
    limit_ = limit_before_measuring_;
  }
  // One cut per episode: answers to requests sent before it are no news.
  const auto settle = std::max<clock::duration>(milliseconds(100), last_typical_ * 2);
  cooldown_until_ = now + settle;
  window_us_.clear();
  window_max_in_flight_ = 0;
  window_far_ = 0;
  if (kind == answer_kind::throttled && served_total() < min_window) {
    // Too few answers yet to tell what rate the server accepts (a first
    // burst larger than its bucket): fewer in flight, no pace yet. The next
    // 429 tells.
    set(limit_ * 0.75, now);
    unpriced_ = true;
  } else if (kind == answer_kind::throttled) {
    unpriced_ = false;
    // A rate is enforced: pace a little under what the server accepted.
    // Over the last second, or the last 300 ms if more: the pace may have
    // been rising (the server accepts its rate only while asked for more).
    const double accepted =
        std::max({1.0, delivered_per_second(now, 10), delivered_per_second(now, 3)});

    best_accepted_ = std::max(best_accepted_, accepted);
    // Never below half the best rate a 429 came at: 429s that keep coming
    // whatever the pace are not a rate limit's.
    throttled_at_ = std::max(best_accepted_ / 2, pace_ > 0 ? std::min(pace_, accepted) : accepted);
    // The first estimate may come from a fraction of a second (or a burst
    // the server allowed): search upward quickly until the next 429.
    const bool first = pace_ == 0;
    finding_rate_ = first;
    set_pace(std::max(1.0, throttled_at_ * (first ? 0.9 : 0.95)), now);
    if (limit_ > 1) set(limit_ * 0.75, now);
    why_ = reason::throttled;
  } else {
    set(limit_ * 0.5, now);
    why_ = reason::overloaded;
  }
}

void adaptive_limit::cut_for_queue(double ratio, microseconds latency, clock::time_point now) {
  cooldown_until_ = now + latency;
  hold_until_ = cooldown_until_;
  over_tolerance_ = 0;
  slow_start_ = false;
  delivered_.reset();
  last_cut_ratio_ = ratio;
  run_over_ = 0;
  window_us_.clear();
  window_max_in_flight_ = 0;
  window_far_ = 0;
  // Toward the limit at which latency would be `target` times the lowest
  // (latency grows with the limit once the server is saturated), by half at
  // most, or by three quarters when far above.
  const double floor = ratio > 2 * options_.tolerance ? 0.25 : 0.5;
  set(limit_ * std::max(floor, options_.target / ratio), now);
  queue_above_ = std::max(1.0, std::round(limit_ / options_.target));
  why_ = reason::queue;
}

void adaptive_limit::end_window(clock::time_point now) {
  // The typical latency is the window's mean without its slowest tenth:
  // a mean follows the queue (Little's law) where a median can miss it (a
  // server with even service times answers in batches, half of them fast),
  // and the trimmed tail keeps one stall from looking like a queue.
  const std::uint32_t typical = trimmed_mean(window_us_, 0.1);
  const std::uint32_t low = quantile(window_us_, 0.1);
  const bool used = static_cast<double>(window_max_in_flight_) >= 0.8 * std::floor(limit_);
  window_us_.clear();
  window_max_in_flight_ = 0;
  window_far_ = 0;
  last_typical_ = microseconds(typical);

  if (measuring_) {  // one window at half the limit: the unloaded latency now
    measuring_ = false;
    min_rtt_ = microseconds(low);
    set(limit_before_measuring_, now);
    return;
  }
  if (min_rtt_.count() == 0 || microseconds(low) < min_rtt_) min_rtt_ = microseconds(low);

  // While paced and the pace is what holds requests back, probe for more:
  // half as much again each quarter second until the first 429 after the
  // first, then 3% a second.
  if (pace_ > 0 && delivered_per_second(now, 10) >= 0.5 * pace_) {
    if (finding_rate_ && now - last_pace_change_ >= milliseconds(250)) {
      set_pace(pace_ * 1.5, now);
    } else if (!finding_rate_ && now - last_pace_change_ >= std::chrono::seconds(1)) {
      set_pace(pace_ * 1.03 + 1, now);
    }
  }

  if (now >= next_measure_) {  // the unloaded latency may have changed: look again
    next_measure_ = now + options_.remeasure_every;
    if (limit_ < 2) {
      min_rtt_ = microseconds(low);
    } else {
      measuring_ = true;
      limit_before_measuring_ = limit_;
      set(limit_ * 0.5, now);
    }
    return;
  }

  const double ratio = static_cast<double>(typical) / static_cast<double>(min_rtt_.count());
  const bool queued = microseconds(typical) - min_rtt_ > options_.min_queue_delay;
  // Past saturation latency grows with the limit (Little's law): the
  // server serves about limit / ratio at a time.
  const double served_at_once = std::max(1.0, std::round(limit_ / ratio));
  if (queued && ratio > options_.target) {
    why_ = reason::queue;
    queue_above_ = served_at_once;
  }
  if (queued && ratio > options_.tolerance) {
    // Two windows in a row, unless far above: one slow window is noise.
    // After a cut, answers to requests sent before it are no news.
    if (now < cooldown_until_) return;
    if (++over_tolerance_ >= 2 || ratio > 2 * options_.tolerance)
      cut_for_queue(ratio, microseconds(typical), now);
    return;
  }
  over_tolerance_ = 0;
  if (!used) {
    if (limit() < options_.max && why_ != reason::queue && why_ != reason::throttled)
      why_ = reason::idle;
    return;
  }
  const double max = static_cast<double>(options_.max);
  if (!queued || ratio < options_.target) {
    if (limit_ >= max) {
      why_ = reason::capped;
      return;
    }
    // Slow start grows answer by answer (on_answer). Past it, one step per
    // round trip: until requests sent at the last limit are answered,
    // answers tell of an older one.
    if (slow_start_ || now < hold_until_) return;
    set(limit_ + std::max(1.0, limit_ * 0.1), now);
    hold_until_ = now + microseconds(typical);
    if (why_ == reason::starting || why_ == reason::idle || why_ == reason::capped)
      why_ = limit_ >= max ? reason::capped : reason::growing;
  }
}

void adaptive_limit::set(double limit, clock::time_point now) {
  limit = std::clamp(limit, 1.0, static_cast<double>(options_.max));
  const bool changed = std::floor(limit) != std::floor(limit_);
  limit_ = limit;
  if (changed) record(now);
}

void adaptive_limit::set_pace(double pace, clock::time_point now) {
  pace_ = pace;
  last_pace_change_ = now;
  record(now);
}

void adaptive_limit::record(clock::time_point now) {
  const auto ms = std::chrono::duration_cast<milliseconds>(now - first_).count();
  trajectory_.push_back({static_cast<std::uint32_t>(std::clamp<long long>(ms, 0, UINT32_MAX)),
                         static_cast<std::uint32_t>(limit()), pace_});
  if (trajectory_.size() > 4096) {  // keep the first, thin the rest
    std::size_t out = 1;
    for (std::size_t i = 2; i < trajectory_.size(); i += 2) trajectory_[out++] = trajectory_[i];
    trajectory_.resize(out);
  }
}

std::string adaptive_limit::summary() const {
  std::string s = std::to_string(limit()) + " (";
  if (min_rtt_.count() == 0) return s + "too few answers to judge)";
  s += "min latency " + ms_text(min_rtt_) + " ms, ";
  // A pace set by 429s is what holds requests back, whatever else happened.
  switch (pace_ > 0 ? reason::throttled : why_) {
    case reason::queue:
      s += "queue building above " + std::to_string(static_cast<long>(queue_above_));
      break;
    case reason::throttled:
      s += "429s above " + std::to_string(static_cast<long>(std::lround(throttled_at_))) +
           " requests/s, paced at " + std::to_string(static_cast<long>(std::lround(pace_)));
      break;
    case reason::overloaded:
      s += "503s or timeouts";
      break;
    case reason::capped:
      s += "no queue up to --max-concurrency " + std::to_string(options_.max);
      break;
    case reason::idle:
    case reason::starting:
      s += "never needed more";
      break;
    case reason::growing:
      s += "still growing";
      break;
  }
  return s + ")";
}

}  // namespace sdemig::net

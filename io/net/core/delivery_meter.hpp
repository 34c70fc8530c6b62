#pragma once
// How much a server delivers in one unloaded round trip, for slow start
// (adaptive_limit): each answer counts the answers that came while it was
// under way, scaled to the lowest latency (a queued answer waited longer,
// so more came meanwhile). The most seen is the largest number of requests
// the server was seen to serve per round trip; growing past twice that
// within one round trip would be a guess, not a measurement. No I/O.

#include <algorithm>
#include <chrono>
#include <deque>

namespace sdemig::net {

class delivery_meter {
 public:
  using clock = std::chrono::steady_clock;

  // A served answer at `now` whose request took `latency`.
  void answer(clock::time_point now, clock::duration latency, clock::duration lowest) {
    if (latency <= clock::duration::zero() || lowest <= clock::duration::zero()) return;
    times_.push_back(now);
    // Kept for the longest latency's two: in a mixed load a short answer
    // must not drop what a long one counts.
    longest_ = std::max(longest_, latency);
    while (times_.front() < now - 2 * longest_) times_.pop_front();
    const auto since = std::upper_bound(times_.begin(), times_.end(), now - latency);
    const auto during = static_cast<double>(times_.end() - since);
    most_ =
        std::max(most_, during * std::min(1.0, std::chrono::duration<double>(lowest).count() /
                                                   std::chrono::duration<double>(latency).count()));
  }
  // The most answers delivered per lowest round trip so far.
  double most() const noexcept { return most_; }
  void reset() {
    times_.clear();
    most_ = 0;
    longest_ = {};
  }

 private:
  std::deque<clock::time_point> times_;  // oldest first, the longest two latencies' worth
  double most_ = 0;
  clock::duration longest_{};
};

}  // namespace sdemig::net

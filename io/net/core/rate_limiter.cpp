#include "io/net/core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace sdemig::net {

rate_limiter::rate_limiter(double rate_per_second, std::size_t max_concurrency)
    : configured_rate_(rate_per_second),
      rate_(rate_per_second),
      max_concurrency_(static_cast<double>(std::max<std::size_t>(1, max_concurrency))),
      concurrency_(max_concurrency_) {}

rate_limiter::clock::duration rate_limiter::interval() const {
  return std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / rate_));
}

rate_limiter::clock::duration rate_limiter::burst() const {
  // A burst of up to a tenth of a second's worth of requests is let through.
  return std::max(interval(),
                  std::chrono::duration_cast<clock::duration>(std::chrono::milliseconds(100)));
}

bool rate_limiter::try_take(clock::time_point now) {
  if (rate_ <= 0) return true;
  if (next_free_ - burst() > now) return false;
  next_free_ = std::max(next_free_, now) + interval();
  return true;
}

rate_limiter::clock::time_point rate_limiter::next_slot() const {
  return rate_ <= 0 ? clock::time_point::min() : next_free_ - burst();
}

void rate_limiter::set_rate(double rate) noexcept {
  rate_ = rate;
}

void rate_limiter::on_throttled() {
  concurrency_ = std::max(1.0, concurrency_ / 2);
  if (rate_ > 0) {
    rate_ = std::max(1.0, rate_ / 2);
  }
  throttled_ = true;
}

void rate_limiter::on_success() {
  if (!throttled_) return;
  // Additive increase: about one more connection per window of successes.
  concurrency_ = std::min(max_concurrency_, concurrency_ + 1.0 / concurrency_);
  if (configured_rate_ > 0) rate_ = std::min(configured_rate_, rate_ + configured_rate_ / 200);
  throttled_ =
      concurrency_ < max_concurrency_ || (configured_rate_ > 0 && rate_ < configured_rate_);
}

std::size_t rate_limiter::concurrency_limit() const noexcept {
  return static_cast<std::size_t>(std::floor(concurrency_));
}

}  // namespace sdemig::net

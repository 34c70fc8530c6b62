#pragma once
// Bad answers of one kind (429s; or 503s and timeouts) that do not answer to
// backing off are noise, not a signal: a server that throttles or fails a
// share of requests whatever the load (as random packet loss is to TCP's
// BBR). Between two reactions is a period, run at the load the first one
// set (a pace, a limit). When a period at a load at least 15% below an
// earlier period's still saw half that period's share of bad answers or
// more (or four periods in a row at a load that did not rise, a floor),
// the share is noise, and from then on only a share well above it is a
// signal. A server whose bad answers come from load sees them stop when
// the load drops: its noise stays 0 and every bad answer counts.

#include <algorithm>
#include <array>
#include <cstddef>

#include "io/net/core/adaptive_tuning.hpp"

namespace sdemig::net {

class noise_filter {
 public:
  // Answers a period needs before its share is judged; shares outside
  // [min_noise, max_noise] are never taken for noise (adaptive_tuning.hpp).
  static constexpr std::size_t min_period = tuning::noise_min_period;
  static constexpr double max_noise = tuning::noise_max_share;
  explicit noise_filter(double min_noise = tuning::throttle_min_noise) : min_noise_(min_noise) {}

  void answer(bool bad) noexcept {
    ++answers_;
    bad_ += bad;
  }

  // Whether a bad answer now calls for a reaction: the first always; after
  // a reaction, once its period has enough answers to be judged (a few more
  // bad answers first are the price of telling noise from a signal).
  bool signal() const noexcept {
    if (noise_ == 0) return !reacted_ || answers_ >= min_period;
    if (answers_ < tuning::noise_signal_periods * min_period) return false;
    return share() > noise_ * tuning::noise_signal_factor + tuning::noise_signal_margin;
  }

  // A reaction ends the period; `next_load` is the load the next one runs at.
  void reacted(double next_load) noexcept {
    if (answers_ >= min_period && load_ > 0) {
      const double now = share();
      for (const period& p : earlier_) {
        if (p.load > 0 && load_ <= tuning::noise_lower_load * p.load &&
            now >= tuning::noise_kept_share * p.share && now >= min_noise_ && now <= max_noise)
          noise_ = std::max(noise_, now);
      }
      std::rotate(earlier_.rbegin(), earlier_.rbegin() + 1, earlier_.rend());
      earlier_[0] = {load_, now};
      // Or four periods in a row, none at a higher load than the one
      // before it (the load can go no lower: a floor), each with a share in
      // the noise's range.
      bool steady = true;
      double lowest = max_noise;
      for (std::size_t i = 0; i < earlier_.size(); ++i) {
        const period& p = earlier_[i];
        steady &= p.load > 0 && p.share >= min_noise_ && p.share <= max_noise &&
                  (i + 1 == earlier_.size() ||
                   p.load <= earlier_[i + 1].load * tuning::noise_steady_load);
        lowest = std::min(lowest, p.share);
      }
      if (steady) noise_ = std::max(noise_, lowest);
    }
    load_ = next_load;
    reacted_ = true;
    answers_ = bad_ = 0;
  }

  double share() const noexcept {
    return answers_ ? static_cast<double>(bad_) / static_cast<double>(answers_) : 0;
  }
  double noise() const noexcept { return noise_; }

 private:
  struct period {
    double load = 0, share = 0;
  };
  std::array<period, 4> earlier_{};
  std::size_t answers_ = 0, bad_ = 0;
  double load_ = 0;  // of the period running now
  bool reacted_ = false;
  double noise_ = 0;
  double min_noise_;
};

}  // namespace sdemig::net

#pragma once
// The rate a server serves, for pricing a 429 (adaptive_limit): served
// answers counted per slot of a tenth of a second over the last second, a
// ring. Rates are measured from the start of the current burst (a gap in
// the answers is no slow server), over a quarter second at least. No I/O.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

#include "io/net/core/adaptive_tuning.hpp"

namespace sdemig::net {

class served_rate {
 public:
  using clock = std::chrono::steady_clock;

  // The first answer's time: slots count from it.
  void start(clock::time_point first) noexcept { first_ = first; }
  // An answer at `now`, of any kind: the slots passed since the last one are emptied.
  void advance(clock::time_point now) noexcept {
    const std::int64_t slot = (now - first_) / tuning::served_slot;
    for (; slot_ < slot; ++slot_) slots_[index(slot_ + 1)] = 0;
  }
  // A served answer, in the slot of the last advance().
  void served() noexcept { ++slots_[index(slot_)]; }
  // A burst began at `at` (a gap in the answers ended).
  void burst_from(clock::time_point at) noexcept { burst_start_ = at; }

  // Served answers in the last second.
  std::uint32_t total() const noexcept {
    std::uint32_t n = 0;
    for (std::uint32_t s : slots_) n += s;
    return n;
  }
  // Served answers per second over the last `slots` slots.
  double per_second(clock::time_point now, std::size_t slots) const {
    std::uint32_t n = 0;
    for (std::size_t i = 0; i < slots; ++i)
      n += slots_[index(slot_ - static_cast<std::int64_t>(i) + tuning::served_slots)];
    const double longest =
        std::chrono::duration<double>(tuning::served_slot).count() * static_cast<double>(slots);
    const double span =
        std::clamp(std::chrono::duration<double>(now - std::max(first_, burst_start_)).count(),
                   std::chrono::duration<double>(tuning::shortest_span).count(), longest);
    return n / span;
  }

 private:
  static std::size_t index(std::int64_t slot) noexcept {
    return static_cast<std::size_t>(slot) % tuning::served_slots;
  }
  std::array<std::uint32_t, tuning::served_slots> slots_{};
  std::int64_t slot_ = 0;  // of the last answer, since `first_`
  clock::time_point first_{}, burst_start_{};
};

}  // namespace sdemig::net

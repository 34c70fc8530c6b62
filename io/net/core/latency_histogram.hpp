#pragma once
// Latencies in log-spaced buckets (HdrHistogram's layout: 128 sub-buckets
// per power of two), so any percentile is within 1% of the true value, in
// constant memory, with a record that is a few instructions.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

namespace sdemig::net {

class latency_histogram {
 public:
  void record(std::chrono::nanoseconds latency) noexcept;
  void merge(const latency_histogram& other) noexcept;

  std::uint64_t count() const noexcept { return count_; }
  std::chrono::nanoseconds max() const noexcept { return std::chrono::nanoseconds(max_); }
  std::chrono::nanoseconds min() const noexcept {
    return std::chrono::nanoseconds(count_ ? min_ : 0);
  }
  double mean_ns() const noexcept { return count_ ? sum_ / static_cast<double>(count_) : 0; }
  // q in [0, 1]: the value below which that share of the samples fall.
  std::chrono::nanoseconds percentile(double q) const noexcept;

  // Calls f(value_ns, count) for each bucket holding samples, lowest first;
  // value_ns is the bucket's middle, kept within [min, max].
  template <class F>
  void for_each_bucket(F f) const {
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
      if (buckets_[i] == 0) continue;
      f(std::clamp(value_of(i), min_, max_), buckets_[i]);
    }
  }
  // The layout, as HdrHistogram names it: powers of two, sub-buckets in each.
  static constexpr unsigned bucket_count() noexcept { return magnitudes; }
  static constexpr unsigned sub_bucket_count() noexcept { return sub_count; }

 private:
  static constexpr unsigned sub_bits = 7;
  static constexpr unsigned sub_count = 1u << sub_bits;
  static constexpr unsigned magnitudes = 64 - sub_bits + 1;
  static std::size_t index_of(std::uint64_t ns) noexcept;
  static std::uint64_t value_of(std::size_t index) noexcept;  // bucket midpoint

  std::array<std::uint64_t, magnitudes * sub_count> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  double sum_ = 0;
};

}  // namespace sdemig::net

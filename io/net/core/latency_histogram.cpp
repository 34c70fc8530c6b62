#include "io/net/core/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace sdemig::net {

std::size_t latency_histogram::index_of(std::uint64_t v) noexcept {
  if (v < sub_count) return static_cast<std::size_t>(v);  // exact below 128 ns
  const unsigned magnitude = static_cast<unsigned>(std::bit_width(v)) - sub_bits;  // >= 1
  const std::uint64_t sub = (v >> (magnitude - 1)) - sub_count;  // 0..127 within this power of two
  return static_cast<std::size_t>(magnitude) * sub_count + static_cast<std::size_t>(sub);
}

std::uint64_t latency_histogram::value_of(std::size_t index) noexcept {
  const std::size_t magnitude = index / sub_count;
  const std::uint64_t sub = index % sub_count;
  if (magnitude == 0) return sub;
  const std::uint64_t low = (sub + sub_count) << (magnitude - 1);
  const std::uint64_t width = std::uint64_t{1} << (magnitude - 1);
  return low + width / 2;
}

void latency_histogram::record(std::chrono::nanoseconds latency) noexcept {
  const auto v = static_cast<std::uint64_t>(std::max<std::int64_t>(0, latency.count()));
  ++buckets_[std::min(index_of(v), buckets_.size() - 1)];
  ++count_;
  max_ = std::max(max_, v);
  min_ = std::min(min_, v);
  sum_ += static_cast<double>(v);
}

void latency_histogram::merge(const latency_histogram& other) noexcept {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
  sum_ += other.sum_;
}

std::chrono::nanoseconds latency_histogram::percentile(double q) const noexcept {
  if (count_ == 0) return std::chrono::nanoseconds(0);
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) {
      return std::chrono::nanoseconds(std::clamp(value_of(i), min_, max_));
    }
  }
  return std::chrono::nanoseconds(max_);
}

}  // namespace sdemig::net

#pragma once
// Order statistics of a window of latencies (adaptive_limit), in place.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sdemig::net::detail {

// The value below which `share` of the samples lie.
inline std::uint32_t quantile(std::vector<std::uint32_t>& v, double share) {
  const auto k = static_cast<std::size_t>(share * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// The mean without the largest `share` of the samples (reorders them).
inline std::uint32_t trimmed_mean(std::vector<std::uint32_t>& v, double share) {
  const auto keep = v.size() - static_cast<std::size_t>(share * static_cast<double>(v.size()));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(keep - 1), v.end());
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < keep; ++i) sum += v[i];
  return static_cast<std::uint32_t>(sum / keep);
}

}  // namespace sdemig::net::detail

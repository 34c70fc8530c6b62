#include "engine/load/hgrm.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

namespace sdemig::engine {

namespace {

constexpr double ns_per_ms = 1e6;
constexpr int ticks_per_half_distance = 5;

void append(std::string& out, const char* format, auto... args) {
  char line[160];
  const int n = std::snprintf(line, sizeof line, format, args...);
  if (n > 0) out.append(line, static_cast<std::size_t>(std::min<int>(n, sizeof line - 1)));
}

// The next percentile to report after `level`: 100 / ticks, with the ticks
// doubling each time the distance to 100% halves.
double next_level(double level) {
  const auto halvings = static_cast<long>(std::log2(100.0 / (100.0 - level)));
  const double ticks = ticks_per_half_distance * std::pow(2.0, static_cast<double>(halvings + 1));
  return level + 100.0 / ticks;
}

}  // namespace

std::vector<percentile_row> percentile_rows(const net::latency_histogram& h) {
  std::vector<percentile_row> rows;
  const std::uint64_t total = h.count();
  double level = 0;
  std::uint64_t seen = 0;
  double last_ms = 0;
  h.for_each_bucket([&](std::uint64_t value_ns, std::uint64_t count) {
    seen += count;
    last_ms = static_cast<double>(value_ns) / ns_per_ms;
    // A bucket reports every level it reaches (one bucket can hold
    // several), the last bucket only its first: the levels never reach 100%
    // (the ticks double as the distance halves), the 100% row follows.
    while (100.0 * static_cast<double>(seen) / static_cast<double>(total) >= level) {
      rows.push_back({last_ms, level / 100.0, seen});
      level = next_level(level);
      if (seen == total) break;
    }
  });
  if (total > 0) rows.push_back({last_ms, 1.0, total});
  return rows;
}

std::string hgrm(const net::latency_histogram& h) {
  std::string out;
  append(out, "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)");
  const std::vector<percentile_row> rows = percentile_rows(h);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const percentile_row& r = rows[i];
    if (i + 1 == rows.size()) {
      append(out, "%12.3f %2.12f %10llu\n", r.value_ms, 1.0,
             static_cast<unsigned long long>(r.count));
    } else {
      append(out, "%12.3f %2.12f %10llu %14.2f\n", r.value_ms, r.percentile,
             static_cast<unsigned long long>(r.count), 1.0 / (1.0 - r.percentile));
    }
  }
  struct bucket {
    std::uint64_t value_ns, count;
  };
  std::vector<bucket> buckets;
  h.for_each_bucket([&](std::uint64_t v, std::uint64_t n) { buckets.push_back({v, n}); });
  const std::uint64_t total = h.count();
  const double mean = h.mean_ns();
  double squares = 0;
  for (const bucket& b : buckets) {
    const double d = static_cast<double>(b.value_ns) - mean;
    squares += d * d * static_cast<double>(b.count);
  }
  const double deviation = total ? std::sqrt(squares / static_cast<double>(total)) : 0;
  append(out, "#[Mean    = %12.3f, StdDeviation   = %12.3f]\n", mean / ns_per_ms,
         deviation / ns_per_ms);
  append(out, "#[Max     = %12.3f, Total count    = %12llu]\n",
         static_cast<double>(h.max().count()) / ns_per_ms, static_cast<unsigned long long>(total));
  append(out, "#[Buckets = %12u, SubBuckets     = %12u]\n", net::latency_histogram::bucket_count(),
         net::latency_histogram::sub_bucket_count());
  return out;
}

}  // namespace sdemig::engine

#pragma once
// bench's over-time series: per second of the measured window, each
// operation's requests and latency percentiles, and the status mix (429s
// apart). A request counts in the second it completed in; a second's
// histograms are folded into numbers when the next second begins, so a long
// run keeps a few numbers per second, not a histogram.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/load/answers.hpp"
#include "engine/load/load_settings.hpp"
#include "io/net/core/latency_histogram.hpp"

namespace sdemig::engine {

struct second_of_op {
  std::uint64_t requests = 0;                 // completed, whatever the answer
  std::uint64_t ok = 0;                       // of them 2xx: the throughput
  double p50_ms = 0, p99_ms = 0, max_ms = 0;  // of the 2xx answers (0 when none)
};

struct second_point {
  std::uint64_t second = 0;           // since the measured window began
  std::array<second_of_op, 4> ops{};  // by bench_op
  std::uint64_t ok = 0;               // 2xx
  std::uint64_t throttled = 0;        // 429
  std::uint64_t failed = 0;           // other statuses and transport errors
};

class per_second_series {
 public:
  // `window`: a run of fixed length; what completes after it (requests sent
  // within it) counts in its last second, not in a second of its own.
  explicit per_second_series(std::optional<std::chrono::nanoseconds> window = std::nullopt)
      : window_(window) {}

  // `at`: when the request completed, since the measured window began;
  // `latency` counts for a 2xx answer only.
  void record(bench_op op, std::chrono::nanoseconds at, std::chrono::nanoseconds latency,
              answer_kind kind);
  // Folds the last second in; the points, one per second up to the last
  // that saw a request (seconds without one are there with zeros).
  std::vector<second_point> finish();

 private:
  void fold();

  std::optional<std::chrono::nanoseconds> window_;
  std::vector<second_point> points_;
  std::array<net::latency_histogram, 4> current_;
  second_point open_;
  bool has_open_ = false;
};

}  // namespace sdemig::engine

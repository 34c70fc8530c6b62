#pragma once
// `bench --html FILE`: a load test's debrief as one self-contained page. Per
// operation: the latency distribution on HdrHistogram's percentile axis,
// requests per second and p99 over time (per second), and the status mix
// with 429s apart; charts as inline SVG.

#include <string>

#include "engine/load/capacity.hpp"
#include "engine/load/load.hpp"

namespace sdemig::engine {

std::string bench_html(const bench_result& r, const std::string& url, const bench_settings& s,
                       const std::string& generated_at);

// `bench --capacity --html FILE`: throughput against connections (the
// measured steps, the fitted USL curve, the peak and the knee marked) and
// p50/p99 against connections.
std::string capacity_html(const capacity_report& r, const capacity_settings& s,
                          const std::string& url, const std::string& generated_at);

}  // namespace sdemig::engine

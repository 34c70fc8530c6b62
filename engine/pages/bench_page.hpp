#pragma once
// `bench --html FILE`: a load test's debrief as one self-contained page. Per
// operation: the latency distribution on HdrHistogram's percentile axis,
// requests per second and p99 over time (per second), and the status mix
// with 429s apart; charts as inline SVG.

#include <string>

#include "engine/load/load.hpp"

namespace sdemig::engine {

std::string bench_html(const bench_result& r, const std::string& url, const bench_settings& s,
                       const std::string& generated_at);

}  // namespace sdemig::engine

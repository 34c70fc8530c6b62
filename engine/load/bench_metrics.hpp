#pragma once
// `bench --metrics-file`: what a bench run adds to the run's metrics
// (engine/commands/metrics_file.hpp writes the file), from its result: 2xx
// answers per second and latency quantiles per operation, the answers by
// kind, and each threshold held or breached.

#include <vector>

#include "engine/load/load.hpp"
#include "engine/load/threshold.hpp"
#include "engine/text/exposition.hpp"

namespace sdemig::engine {

// The quantiles written per operation (1: the slowest answer).
inline constexpr double bench_quantiles[] = {0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

// sdemig_bench_requests_per_second{op}, sdemig_bench_latency_seconds{op,
// quantile} (NaN for an operation without a 2xx), sdemig_bench_answers_total{answer},
// sdemig_bench_threshold_held{threshold}.
void write_bench_metrics(exposition& out, const bench_result& r,
                         const std::vector<threshold_check>& checks);

}  // namespace sdemig::engine

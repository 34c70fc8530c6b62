#pragma once
// bench --baseline FILE: this run against an earlier one (its --json), per
// operation: the change of req/s, p50 and p99 in percent with a 95%
// confidence interval, and a verdict. No I/O (the file's text comes in).
//
// The interval comes from a moving-block bootstrap over the two runs'
// per-second values (blocks of about the cube root of the run's seconds,
// so that seconds that depend on their neighbours are resampled together),
// 2,000 resamples with a fixed seed: the same two files give the same
// answer. The verdict is `same` when the interval holds 0 or the change is
// under 5%, else `faster` or `slower` (for latency, lower is faster); with
// too little data on a side (fewer than 5 seconds of 2xx answers) it is
// `inconclusive`, never `same` (answers.hpp: no verdict without answers).

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/load/load_settings.hpp"

namespace sdemig::engine {

struct bench_result;

// One run's per-second values, per operation.
struct run_series {
  std::string url;
  std::optional<bool> open_loop;
  struct op_values {
    // 2xx answers per second (every second), and the p50 and p99 of each
    // second that had one.
    std::vector<double> rps, p50_ms, p99_ms;
  };
  std::map<bench_op, op_values> ops;
};

run_series series_of(const bench_result& r, const std::string& url);

struct baseline_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// An earlier `bench --json`; throws baseline_error when `text` is not one.
run_series read_baseline(const std::string& text, const std::string& file_name);

enum class verdict { faster, slower, same, inconclusive };
std::string_view to_string(verdict v) noexcept;

struct metric_change {
  double baseline = 0, now = 0;  // means of the per-second values
  double change_pct = 0, ci_low_pct = 0, ci_high_pct = 0;
  verdict what = verdict::same;
};

struct op_comparison {
  bench_op op = bench_op::get;
  metric_change rps, p50, p99;
};

// Fewer seconds than this on either side tell nothing: the verdict is
// `inconclusive` and the interval spans the change alone.
inline constexpr std::size_t min_seconds_to_compare = 5;

// `lower_is_better`: latency. `floor_pct`: a change below it is `same`.
metric_change compare_values(const std::vector<double>& baseline, const std::vector<double>& now,
                             bool lower_is_better, double floor_pct = 5,
                             std::uint64_t seed = 0x5eed);

// Operations in both runs, compared; `warnings` gets what differs between
// the runs' setups (URL, operations, mode).
std::vector<op_comparison> compare_runs(const run_series& baseline, const run_series& now,
                                        std::vector<std::string>& warnings);

// "get   req/s 1,540 -> 1,480  -3.9% [-6.1, -1.2]  same" per operation and metric.
std::string comparison_text(const std::vector<op_comparison>& ops);

}  // namespace sdemig::engine

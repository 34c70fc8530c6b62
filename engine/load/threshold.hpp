#pragma once
// bench --threshold EXPR and --slo EXPR: what a run must meet, as k6's
// thresholds say it, checked at the end. No I/O.
//
//   p50|p90|p95|p99|p99.9|max < VALUE(ms|s)   latency
//   rps > N                                   requests per second
//   errors < N%   throttled < N%              shares of the requests
//
// each optionally of one operation: `get.p99<50ms`, `update.rps>20`.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/load/load_settings.hpp"

namespace sdemig::engine {

struct bench_result;

struct threshold_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct threshold {
  enum class metric { latency, rps, errors, throttled };
  std::string expr;  // as given
  std::optional<bench_op> op;
  metric what = metric::latency;
  double quantile = 0.99;  // latency: 0.5 .. 0.999, 1 for max
  double limit = 0;        // ms for latency, requests/s for rps, percent for shares
};

// Throws threshold_error naming what is wrong ("p98<50ms: p98 is not one of
// p50, p90, p95, p99, p99.9, max"), a bound that can never hold included
// ("p99<0ms").
threshold parse_threshold(const std::string& expr);

// Throws threshold_error when `t` is about an operation the run never sends
// ("list.p99<50ms: this run sends no list").
void check_sent(const threshold& t, const bench_settings& s);

// The number a threshold is about (ms, requests/s or percent) and whether
// it held. No value: no answers to measure it over (answers.hpp), and then
// it is breached.
struct threshold_check {
  const threshold* t = nullptr;
  std::optional<double> value;
  bool held = false;
};

// Measured over the whole run (its operation's, or every operation's):
// latency and req/s over the 2xx answers, shares over every request
// measured; nullopt when there is nothing to measure.
std::optional<double> measure(const threshold& t, const bench_result& r);
std::vector<threshold_check> check_thresholds(const std::vector<threshold>& ts,
                                              const bench_result& r);

// "held     p99<50ms: 31.2 ms" / "BREACHED rps>2000: 1,540 req/s" /
// "BREACHED p99<50ms: no answers measured"
std::string threshold_line(const threshold_check& c);
// The number as the threshold's unit says it: "31.2 ms", "1,540 req/s", "0.4%",
// or "no answers measured".
std::string threshold_value(const threshold& t, std::optional<double> value);

}  // namespace sdemig::engine

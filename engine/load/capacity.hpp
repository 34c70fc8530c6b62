#pragma once
// bench --capacity: a sweep of closed-loop steps at 1, 2, 4, 8 ...
// connections that stops by itself, then what an admin asks of it: the
// peak, the knee (the fewest connections that reach 90% of the peak: the
// concurrency to use) and where an SLO still holds, from the measured steps
// and the Universal Scalability Law fitted to them (usl.hpp).
//
// The sweep stops doubling once throughput has not grown by 5% over the
// best step for two steps in a row, at --max-connections, or at the first
// step that is not a result (answers.hpp): errors and 429s over
// --max-errors, or no 2xx at all (a capacity run never tramples an
// instance; its steps honour Retry-After); then it measures up to three
// steps between the knee and its neighbours. A step that cannot be made
// (its list read fails, the token is refused) ends the sweep with the steps
// so far. Only good steps make the peak and the knee; with none, the
// verdict is "no step succeeded". The decisions and the analysis have no I/O.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/load/answers.hpp"
#include "engine/load/load.hpp"
#include "engine/load/load_settings.hpp"
#include "engine/load/threshold.hpp"
#include "engine/load/usl.hpp"

namespace sdemig::engine {

struct capacity_settings {
  std::size_t max_connections = 256;
  std::chrono::milliseconds step{3000};
  std::chrono::milliseconds warmup{500};  // before each step, not measured (--warmup)
  double max_errors_pct = 5;              // errors and 429s, of a step's requests
  std::optional<threshold> slo;
};

struct capacity_step {
  std::size_t connections = 0;
  double rps = 0, p50_ms = 0, p90_ms = 0, p99_ms = 0;  // 2xx answers (latency: none when ok = 0)
  std::uint64_t requests = 0, ok = 0, errors = 0, throttled = 0;
  bool refining = false;  // measured between the doubling steps, near the knee
  run_verdict verdict = run_verdict::measured;
  bool slo_held = false;  // with an SLO

  bool good() const noexcept { return verdict == run_verdict::measured; }
};

capacity_step step_of(std::size_t connections, const bench_result& r, const capacity_settings& s);

// Why a sweep ended: data, put in words by sweep_end_text.
struct sweep_end {
  enum class reason : std::uint8_t {
    growth_stopped,   // two doubling steps without 5% more
    max_connections,  // --max-connections reached
    not_a_result,     // the last step: over --max-errors, or no 2xx
    step_failed,      // a step could not be made (`failure`)
    interrupted,      // Ctrl-C
  };
  reason why = reason::growth_stopped;
  std::size_t connections = 0;           // the step it ended at
  std::optional<bench_failure> failure;  // step_failed
};

// The next step's connections, or nullopt when the sweep is done (`end`
// says why).
std::optional<std::size_t> next_connections(const std::vector<capacity_step>& steps,
                                            const capacity_settings& s, sweep_end& end);

struct capacity_report {
  std::vector<capacity_step> steps;  // by connections
  sweep_end stopped;
  bool succeeded = false;  // a good step at least: peak, knee and slo below mean something
  std::optional<usl_fit> usl;
  struct point {
    std::size_t connections = 0;
    double rps = 0;
  };
  point peak;           // modelled within the tested range (measured when no fit)
  point best_measured;  // the best step
  point knee;           // fewest connections at 90% of the peak
  double knee_p99_ms = 0;
  bool knee_from_model = false;
  std::optional<point> slo;  // the most connections at which the SLO held
};

// The analysis of finished steps (sorted by connections).
capacity_report analyse_capacity(std::vector<capacity_step> steps, const capacity_settings& s,
                                 sweep_end stopped);

// The sweep gives no answer to stand on (no good step), or did not finish
// (a step failed, interrupted): bench exits 1.
bool capacity_failed(const capacity_report& r) noexcept;

// Runs the sweep on `client` (whose pool allows max_connections).
boost::asio::awaitable<capacity_report> async_capacity(net::http_client& client,
                                                       const bench_settings& load,
                                                       const capacity_settings& s,
                                                       const bool& stop);

// capacity_output.cpp: the report in words and in JSON.
std::string capacity_text(const capacity_report& r, const capacity_settings& s);
// "throughput stopped growing (two steps without 5% more)"
std::string sweep_end_text(const capacity_report& r, const capacity_settings& s);
// "peak 1,540 req/s; knee at 24 connections (1,400 req/s, p99 31 ms); SLO ..."
// or "no step succeeded: ..."
std::string capacity_summary(const capacity_report& r, const capacity_settings& s);
std::string capacity_json(const capacity_report& r, const capacity_settings& s,
                          const std::string& url);

}  // namespace sdemig::engine

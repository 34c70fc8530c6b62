#pragma once
// bench --capacity: a sweep of closed-loop steps at 1, 2, 4, 8 ...
// connections that stops by itself, then what an admin asks of it: the
// peak, the knee (the fewest connections that reach 90% of the peak: the
// concurrency to use) and where an SLO still holds, from the measured steps
// and the Universal Scalability Law fitted to them (usl.hpp).
//
// The sweep stops doubling once throughput has not grown by 5% over the
// best step for two steps in a row, at --max-connections, or at the first
// step whose errors and 429s exceed --max-errors (a capacity run never
// tramples an instance); then it measures up to three steps between the
// knee and its neighbours. The decisions and the analysis have no I/O.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/load/load_settings.hpp"
#include "engine/load/threshold.hpp"
#include "engine/load/usl.hpp"

namespace sdemig::net {
class http_client;
}

namespace sdemig::engine {

struct bench_result;

struct capacity_settings {
  std::size_t max_connections = 256;
  std::chrono::milliseconds step{3000};
  std::chrono::milliseconds warmup{500};  // before each step, not measured
  double max_errors_pct = 5;              // errors and 429s, of a step's requests
  std::optional<threshold> slo;
};

struct capacity_step {
  std::size_t connections = 0;
  double rps = 0, p50_ms = 0, p90_ms = 0, p99_ms = 0;
  std::uint64_t requests = 0, errors = 0, throttled = 0;
  bool refining = false;  // measured between the doubling steps, near the knee
  bool over_errors = false;
  bool slo_held = false;  // with an SLO
};

capacity_step step_of(std::size_t connections, const bench_result& r, const capacity_settings& s);

// The next step's connections, or nullopt when the sweep is done; `why`
// says why it stopped.
std::optional<std::size_t> next_connections(const std::vector<capacity_step>& steps,
                                            const capacity_settings& s, std::string& why);

struct capacity_report {
  std::vector<capacity_step> steps;  // by connections
  std::string stopped;               // why the sweep ended
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
                                 std::string stopped);

// Runs the sweep on `client` (whose pool allows max_connections).
boost::asio::awaitable<capacity_report> async_capacity(net::http_client& client,
                                                       const bench_settings& load,
                                                       const capacity_settings& s,
                                                       const bool& stop);

std::string capacity_text(const capacity_report& r, const capacity_settings& s);
// "peak 1,540 req/s; knee at 24 connections (1,400 req/s, p99 31 ms); SLO ..."
std::string capacity_summary(const capacity_report& r, const capacity_settings& s);
std::string capacity_json(const capacity_report& r, const capacity_settings& s,
                          const std::string& url);

}  // namespace sdemig::engine

#pragma once
// `sdemig bench`: load on an SDE API, measured like wrk2/oha do. Closed loop
// (each connection sends its next request when the last one answered) or
// open loop (a constant arrival rate; latency counted from each request's
// intended start, so a stalled server shows in the percentiles instead of
// slowing the load down: no coordinated omission).

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/load/answers.hpp"
#include "engine/load/load_settings.hpp"
#include "engine/load/series.hpp"
#include "io/json/json_writer.hpp"
#include "io/net/http_client.hpp"

namespace sdemig::engine {

// A request is measured when its answer (or its failure) comes after the
// warm-up: one still in flight at the window's end is waited for, up to
// --timeout. What the numbers count follows answers.hpp.
struct op_stats {
  std::uint64_t requests = 0;  // measured, whatever the answer
  std::uint64_t ok = 0;        // of them 2xx: the throughput
  std::uint64_t bytes = 0;
  net::latency_histogram latency;  // of the 2xx answers
};

struct bench_result {
  std::map<bench_op, op_stats> ops;
  std::map<unsigned, std::uint64_t> status;     // HTTP status -> count (429 among them)
  std::map<std::string, std::uint64_t> errors;  // transport failure -> count
  answer_counts answers;                        // every measured request
  std::uint64_t requests = 0;                   // = answers.measured()
  std::uint64_t bytes = 0;
  double duration_s = 0;
  std::uint64_t connections_opened = 0;
  // This process's CPU time over the measured window: if it nears one core,
  // the load generator, not the server, may be the limit.
  double cpu_user_s = 0;
  double cpu_system_s = 0;
  bool open_loop = false;
  double target_rate = 0;
  std::vector<second_point> series;  // per second of the measured window
};

// 2xx answers per second of the measured window.
double ok_per_second(const bench_result& r) noexcept;

// Why a run gave no result: it could not start, or the instance refused its
// token before any 2xx.
struct bench_failure {
  enum class reason : std::uint8_t {
    ids_unreadable,  // the list read for ids (not measured) failed
    no_connector,    // nothing to get or update
    secrets_masked,  // every connector has a masked secret: an update would overwrite it
    token_refused,   // 401/403 before any 2xx
  };
  reason why = reason::ids_unreadable;
  // The request, the HTTP status and the server's words (or the transport
  // failure); not scrubbed.
  std::string detail;
};
std::string failure_text(const bench_failure& f);

struct bench_outcome {
  bench_result result;
  std::optional<bench_failure> failed;  // then `result` is not a result
};

// Needs ids for get/update: reads them from the instance first (GET list,
// not measured; a 429 or 503 is tried again).
boost::asio::awaitable<bench_outcome> async_bench(net::http_client& client,
                                                  const bench_settings& settings, const bool& stop);

// Error answers by status (429s apart), then failures by kind:
// "401: 8940, timeout: 3", or "none".
std::string errors_text(const bench_result& r);
std::string bench_text(const bench_result& r, const std::string& url, const bench_settings& s);
// `more` adds members at the end (thresholds, the comparison).
std::string bench_json(const bench_result& r, const std::string& url,
                       const std::function<void(json::writer&)>& more = {});

}  // namespace sdemig::engine

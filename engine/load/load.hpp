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

#include "engine/load/load_settings.hpp"
#include "engine/load/series.hpp"
#include "io/json/json_writer.hpp"
#include "io/net/http_client.hpp"

namespace sdemig::engine {

struct op_stats {
  std::uint64_t requests = 0;
  std::uint64_t bytes = 0;
  net::latency_histogram latency;
};

struct bench_result {
  std::map<bench_op, op_stats> ops;
  std::map<unsigned, std::uint64_t> status;     // HTTP status -> count (429 among them)
  std::map<std::string, std::uint64_t> errors;  // transport failure -> count
  std::uint64_t requests = 0;
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

// Needs ids for get/update: reads them from the instance first (GET list).
// Throws std::runtime_error when the instance cannot be read.
boost::asio::awaitable<bench_result> async_bench(net::http_client& client,
                                                 const bench_settings& settings, const bool& stop);

std::string bench_text(const bench_result& r, const std::string& url, const bench_settings& s);
// `more` adds members at the end (thresholds, the comparison).
std::string bench_json(const bench_result& r, const std::string& url,
                       const std::function<void(json::writer&)>& more = {});

}  // namespace sdemig::engine

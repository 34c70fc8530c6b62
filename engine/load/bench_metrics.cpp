#include "engine/load/bench_metrics.hpp"

#include <limits>

namespace sdemig::engine {

void write_bench_metrics(exposition& out, const bench_result& r,
                         const std::vector<threshold_check>& checks) {
  out.gauge("sdemig_bench_requests_per_second",
            "2xx answers per second of the measured window, per operation");
  for (const auto& [op, stats] : r.ops) {
    const double rps = r.duration_s > 0 ? static_cast<double>(stats.ok) / r.duration_s : 0;
    out.sample({{"op", std::string(to_string(op))}}, rps);
  }
  out.gauge("sdemig_bench_latency_seconds",
            "Latency of the 2xx answers per operation at a quantile (1: the slowest); NaN "
            "without a 2xx");
  for (const auto& [op, stats] : r.ops) {
    for (double q : bench_quantiles) {
      const auto at = q >= 1 ? stats.latency.max() : stats.latency.percentile(q);
      const double seconds = stats.latency.count() == 0 ? std::numeric_limits<double>::quiet_NaN()
                                                        : static_cast<double>(at.count()) / 1e9;
      out.sample({{"op", std::string(to_string(op))}, {"quantile", metric_value(q)}}, seconds);
    }
  }
  out.counter("sdemig_bench_answers_total",
              "Requests measured by answer: ok (2xx), throttled (429), error_status (any other "
              "status), no_answer (timeouts, resets)");
  for (const auto& [what, n] : {std::pair{"ok", r.answers.ok},
                                {"throttled", r.answers.throttled},
                                {"error_status", r.answers.error_status},
                                {"no_answer", r.answers.no_answer}})
    out.sample({{"answer", what}}, static_cast<double>(n));
  if (checks.empty()) return;
  out.gauge("sdemig_bench_threshold_held",
            "1 when the --threshold held, 0 when it was breached (no answers included)");
  for (const threshold_check& c : checks) out.sample({{"threshold", c.t->expr}}, c.held ? 1 : 0);
}

}  // namespace sdemig::engine

#pragma once
// `--report FILE`: a JSON summary and every connector's outcome, written
// atomically at the end of a run (also after Ctrl-C).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/planning/plan.hpp"
#include "engine/run/apply_core.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

// The limit on requests in flight to the target: fixed, or where
// --concurrency auto took it and why.
struct concurrency_record {
  bool automatic = false;
  std::size_t limit = 0, max = 0;
  double min_latency_ms = 0;
  std::string why;  // auto: "24 (min latency 31 ms, queue building above 26)"
  struct point {
    std::uint32_t at_ms = 0;  // since the first answer
    std::uint32_t limit = 0;
    double pace = 0;  // requests per second, 0: none
  };
  std::vector<point> trajectory;
};

struct run_info {
  std::string command;  // "clone", "import"
  std::string source;   // URL or file
  std::string target;   // URL
  std::string started_at;
  std::string source_api, target_api;  // "legacy" / "current"
  double duration_s = 0;               // the whole run
  double read_s = 0;                   // reading source and target
  double plan_s = 0;                   // planning
  double write_s = 0;                  // applying the plan
  concurrency_record concurrency;
  // Under PATCH: what the target showed of params a PATCH left out ("kept",
  // "replaced", "not observed"); empty under PUT.
  std::string patch_params;
};

// "concurrency auto: 24 (min latency 31 ms, queue building above 26)";
// empty for a fixed limit.
std::string concurrency_line(const concurrency_record& c);

// "1 connector", "2 connectors".
std::string count_of(std::size_t n, std::string_view singular, std::string_view plural);

struct outcome_totals {
  std::size_t created = 0, updated = 0, reconciled = 0, unchanged = 0, skipped = 0, conflicts = 0,
              needs_secret = 0, missing = 0, refused = 0, invalid = 0, failed = 0, not_started = 0,
              unreadable = 0, secret_lost = 0;
  std::size_t deleted = 0;  // a restore's deletes (said only when a run deletes)
  std::size_t failures() const {
    return conflicts + needs_secret + missing + refused + invalid + failed + not_started +
           unreadable + secret_lost;
  }
  void add(outcome_status s, action what);
};

// The outcomes of any kind's items, counted.
template <class Items>
outcome_totals count_outcomes(const Items& items, const apply_result& r) {
  outcome_totals t;
  for (std::size_t i = 0; i < r.outcomes.size() && i < items.size(); ++i)
    t.add(r.outcomes[i].status, items[i].what);
  return t;
}
inline outcome_totals count_outcomes(const plan& p, const apply_result& r) {
  return count_outcomes(p.items, r);
}
// "2000 created, 0 updated, 0 reconciled, 0 unchanged, 0 skipped" (and
// ", 3 deleted" when there are deletes)
std::string outcome_words(const outcome_totals& t);
// "; 3 not done (1 conflict, ...)", empty when nothing failed.
std::string failure_words(const outcome_totals& t);
// The "totals" object of a report.
void write_totals(json::writer& w, const outcome_totals& t);
// `more` adds members at the end (the connections'); "writes" is `writes`
// (every kind's).
std::string report_json(const run_info& info, const plan& p, const apply_result& r,
                        std::size_t writes, const std::function<void(json::writer&)>& more = {});
// "clone: 2000 created, 0 updated, ...; 2000 writes in 0.10 s, 20000 writes/s;
//  read 0.03 s, plan 0.01 s, total 0.15 s": `writes` counts every kind's
// (connections' too), the totals are the connectors'.
std::string summary_line(const run_info& info, const outcome_totals& t, std::size_t writes);
// One line per connector that did not end well, for stderr.
std::string failure_lines(const plan& p, const apply_result& r);

}  // namespace sdemig::engine

#pragma once
// `--metrics-file`: what plan, clone, import, verify and export add to the
// run's metrics (engine/commands/metrics_file.hpp writes the file), taken
// from the run's own records: the phases' timings, each kind's outcomes
// (the report's), the writes, where the concurrency limit settled.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/planning/plan_item.hpp"
#include "engine/run/report.hpp"
#include "engine/text/exposition.hpp"

namespace sdemig::engine {

// One kind's items ("connector", "connection") by what became of them.
struct item_counts {
  std::string kind;
  std::vector<std::pair<std::string_view, std::size_t>> by_outcome;  // zeros included
};

// Every outcome a write run gives, named as the report's "totals" (docs/cli.md).
item_counts outcome_counts(std::string kind, const outcome_totals& t);
// Every action a plan gives a kind's items (connections have three more).
item_counts action_counts(std::string kind, const plan_totals& t, bool connections);

struct sync_metrics {
  // Seconds per phase; a phase never reached stays 0.
  std::optional<double> read_s, plan_s, write_s;
  // plan, verify, export: each kind's items.
  std::vector<item_counts> items;
  // clone, import: each kind's outcomes (they feed sdemig_errors_total too); the
  // connections' only when they are in the run.
  std::optional<outcome_totals> connectors, connections;
  std::optional<std::size_t> writes;
  std::optional<concurrency_record> concurrency;  // once writes went out
  std::optional<bool> halted;                     // clone, import
};

// sdemig_phase_duration_seconds, sdemig_items_total, sdemig_writes_total,
// sdemig_errors_total, sdemig_run_halted, sdemig_concurrency_settled: the
// families `m` has.
void write_sync_metrics(exposition& out, const sync_metrics& m);

}  // namespace sdemig::engine

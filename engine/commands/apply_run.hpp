#pragma once
// What clone, import, restore and apply do once the plans are made: apply
// every kind through the one applier in phases (connectors before the
// connections that name them; a restore deletes the other way round), then
// say how it went (failures, a halt, the summary, where --concurrency auto
// settled) and write the report. One place, so that every command that
// writes gets every property of the others.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <span>

#include "engine/commands/backup_file.hpp"
#include "engine/commands/sync_run.hpp"
#include "engine/run/apply_core.hpp"
#include "engine/run/report.hpp"
#include "engine/run/run_metrics.hpp"

namespace sdemig::engine {

class progress;

// One step of a run: one kind's deletes, or the rest of its items (which
// get their outcome there, written or not).
struct apply_phase {
  enum class kind : std::uint8_t { connectors, connections } what;
  bool deletes = false;
};
// clone, import, apply: connectors, then connections.
inline constexpr apply_phase forward_phases[] = {{apply_phase::kind::connectors, false},
                                                 {apply_phase::kind::connections, false}};
// restore: connections deleted, connectors written back, connections written
// back, connectors deleted (a connector in use cannot be).
inline constexpr apply_phase restore_phases[] = {{apply_phase::kind::connections, true},
                                                 {apply_phase::kind::connectors, false},
                                                 {apply_phase::kind::connections, false},
                                                 {apply_phase::kind::connectors, true}};

struct applied {
  apply_result connectors;
  std::optional<apply_result> connections;  // with a connections' plan
  patch_evidence evidence;
  bool use_patch = false;
  std::size_t writes() const;
};

// Applies the plans phase by phase; `target_before` is the target's
// connectors the plans were made against (for connector ids).
boost::asio::awaitable<applied> async_apply_phases(prepared& p, const plan& connectors,
                                                   const connection_plan* connections,
                                                   const inventory& target_before,
                                                   std::span<const apply_phase> phases,
                                                   journal* log, progress* bar, const bool& stop);

// The lines on stderr and stdout after a run, and the report; the exit code
// (1 when an item failed, the run was interrupted or halted).
int finish_run(prepared& p, const plan& connectors, const connection_plan* connections,
               applied& done, run_info& info, files::output_file* report);

// What a run that wrote puts in its --metrics-file (after finish_run).
void count_run(sync_metrics& m, const plan& connectors, const connection_plan* connections,
               const applied& done, const run_info& info);

// Every output a writing run has (--report, --html, --backup, --journal),
// opened before any request: a bad path is exit 2 with nothing sent. No
// report or journal on a dry run; no backup without --backup.
struct run_outputs {
  std::unique_ptr<files::output_file> report, page;
  std::unique_ptr<backup_file> backup;
  std::unique_ptr<journal> log;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  double seconds() const;  // since the run started
};
run_outputs open_run_outputs(const prepared& p);

// The writes and what follows them: the progress line, the phases, the
// write and total times in `info`, finish_run, and the metrics; the exit code.
boost::asio::awaitable<int> write_and_finish(prepared& p, const plan& connectors,
                                             const connection_plan* connections,
                                             const inventory& target_before,
                                             std::span<const apply_phase> phases, run_outputs& out,
                                             run_info& info, sync_metrics& m, const bool& stop);

}  // namespace sdemig::engine

#pragma once
// What clone, import, restore and apply do once the plans are made: apply
// every kind through the one applier in phases (connectors before the
// connections that name them; a restore deletes the other way round), then
// say how it went (failures, a halt, the summary, where --concurrency auto
// settled) and write the report. One place, so that every command that
// writes gets every property of the others.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <span>

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

}  // namespace sdemig::engine

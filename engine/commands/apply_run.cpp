#include "engine/commands/apply_run.hpp"

#include <iostream>

#include "engine/connections/apply_connections.hpp"
#include "engine/connections/connection_report.hpp"
#include "engine/connectors/apply.hpp"
#include "engine/run/progress.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/net/core/adaptive_limit.hpp"
#include "io/net/http_client.hpp"

namespace sdemig::engine {
namespace {

using boost::asio::awaitable;

concurrency_record concurrency_of(const net::http_client& http) {
  concurrency_record c;
  c.limit = http.concurrency_limit();
  c.max = http.concurrency_cap();
  const net::adaptive_limit* tuner = http.tuner();
  if (!tuner) return c;
  c.automatic = true;
  c.min_latency_ms = static_cast<double>(tuner->min_latency().count()) / 1000.0;
  c.why = tuner->summary();
  for (const auto& step : tuner->trajectory())
    c.trajectory.push_back({step.at_ms, step.limit, step.pace});
  return c;
}

// The items of `p` a phase takes, applied by `apply`; their outcomes go to
// `merged` in the plan's order.
template <class Plan, class Apply>
awaitable<void> run_phase(const Plan& p, bool deletes, apply_result& merged, Apply apply) {
  Plan part;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    if ((p.items[i].what == action::remove) != deletes) continue;
    part.items.push_back(p.items[i]);
    index.push_back(i);
  }
  if (part.items.empty()) co_return;
  const apply_result r = co_await apply(part);
  for (std::size_t j = 0; j < index.size(); ++j) merged.outcomes[index[j]] = r.outcomes[j];
  merged.writes += r.writes;
  merged.interrupted = merged.interrupted || r.interrupted;
  if (merged.halted.empty()) merged.halted = r.halted;
}

}  // namespace

std::size_t applied::writes() const {
  return connectors.writes + (connections ? connections->writes : 0);
}

awaitable<applied> async_apply_phases(prepared& p, const plan& connectors,
                                      const connection_plan* connections,
                                      const inventory& target_before,
                                      std::span<const apply_phase> phases, journal* log,
                                      progress* bar, const bool& stop) {
  applied out;
  out.use_patch = p.patch();
  apply_options options;
  options.concurrency = p.to->http->concurrency_cap();  // as many writers as the pool has
  options.use_patch = out.use_patch;
  options.evidence = &out.evidence;  // what the target shows of left-out params, every kind
  out.connectors.outcomes.resize(connectors.items.size());
  if (connections) out.connections.emplace().outcomes.resize(connections->items.size());
  auto halted = [&]() -> std::string {
    if (!out.connectors.halted.empty()) return out.connectors.halted;
    return out.connections ? out.connections->halted : std::string();
  };
  // After a halt the later phases still go through their items, sending
  // nothing, so that every planned item has its outcome.
  for (const apply_phase& phase : phases) {
    options.halted_before = halted();
    if (phase.what == apply_phase::kind::connectors) {
      co_await run_phase(connectors, phase.deletes, out.connectors, [&](const plan& part) {
        return async_apply(*p.to->api, part, options, log, bar, stop);
      });
    } else if (connections) {
      // A connector created in this run has its id by now.
      const connector_ids ids = target_connector_ids(target_before, connectors, &out.connectors);
      co_await run_phase(
          *connections, phase.deletes, *out.connections, [&](const connection_plan& part) {
            return async_apply_connections(*p.to->api, part, ids, options, log, bar, stop);
          });
    }
  }
  if (out.connectors.halted.empty()) out.connectors.halted = halted();
  out.connectors.interrupted =
      out.connectors.interrupted || stop || (out.connections && out.connections->interrupted);
  co_return out;
}

int finish_run(prepared& p, const plan& connectors, const connection_plan* connections,
               applied& done, run_info& info, files::output_file* report) {
  apply_result& result = done.connectors;
  const std::optional<apply_result>& linked = done.connections;
  if (done.use_patch) info.patch_params = to_string(done.evidence.seen);
  const outcome_totals totals = count_outcomes(connectors, result);
  std::cerr << failure_lines(connectors, result);
  if (linked) std::cerr << connection_failure_lines(*connections, *linked);
  if (!result.halted.empty()) std::cerr << "sdemig: " << printable(result.halted) << '\n';
  if (done.evidence.seen == patch_params_seen::replaced) {
    std::cerr << "sdemig: the target replaces a connector's params on PATCH (seen on \""
              << printable(done.evidence.seen_on)
              << "\"): a secret neither side shows cannot be kept by leaving it out; give "
                 "such secrets with --secrets\n";
  }
  info.concurrency = concurrency_of(*p.to->http);
  // Where auto settled means something only when writes went out.
  const std::size_t writes = done.writes();
  const std::string concurrency = writes > 0 ? concurrency_line(info.concurrency) : "";
  files::write_stdout(summary_line(info, totals, writes) + "\n" +
                      (linked ? connection_summary_line(*connections, *linked) + "\n" : "") +
                      (concurrency.empty() ? "" : concurrency + "\n"));
  if (report) {
    report->write(report_json(info, connectors, result, writes, [&](json::writer& w) {
      if (linked) write_connection_report(w, *connections, *linked);
    }));
    report->commit();
  }
  const bool links_failed = linked && connections_failed(*connections, *linked);
  return totals.failures() > 0 || result.interrupted || !result.halted.empty() || links_failed ? 1
                                                                                               : 0;
}

void count_run(sync_metrics& m, const plan& connectors, const connection_plan* connections,
               const applied& done, const run_info& info) {
  m.read_s = info.read_s;
  m.plan_s = info.plan_s;
  m.write_s = info.write_s;
  m.connectors = count_outcomes(connectors, done.connectors);
  if (done.connections && connections)
    m.connections = count_outcomes(connections->items, *done.connections);
  m.halted = !done.connectors.halted.empty();
  m.writes = done.writes();
  if (*m.writes > 0) m.concurrency = info.concurrency;
}

double run_outputs::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

run_outputs open_run_outputs(const prepared& p) {
  const sync_settings& settings = p.settings;
  run_outputs out;
  out.report = settings.dry_run ? nullptr : open_output(settings.report_file, "--report");
  out.page = open_output(settings.html_file, "--html");
  if (p.backs_up()) out.backup = std::make_unique<backup_file>(settings.backup_file);
  out.log = open_journal(settings);
  return out;
}

awaitable<int> write_and_finish(prepared& p, const plan& connectors,
                                const connection_plan* connections, const inventory& target_before,
                                std::span<const apply_phase> phases, run_outputs& out,
                                run_info& info, sync_metrics& m, const bool& stop) {
  progress bar(connectors.totals.pending() + (connections ? connections->totals.pending() : 0),
               p.settings.net.progress);
  const double writing = out.seconds();
  p.s.writing(true);
  applied done = co_await async_apply_phases(p, connectors, connections, target_before, phases,
                                             out.log.get(), &bar, stop);
  p.s.writing(false);
  bar.finish();
  info.duration_s = out.seconds();
  info.write_s = info.duration_s - writing;
  const int code = finish_run(p, connectors, connections, done, info, out.report.get());
  count_run(m, connectors, connections, done, info);
  co_return code;
}

}  // namespace sdemig::engine

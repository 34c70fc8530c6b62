// plan, clone and import: what they do with the plan once sync_run has read
// both sides and made it.
#include <chrono>
#include <iostream>
#include <memory>

#include "engine/commands/apply_run.hpp"
#include "engine/commands/backup_file.hpp"
#include "engine/commands/commands.hpp"
#include "engine/commands/metrics_file.hpp"
#include "engine/commands/plan_file.hpp"
#include "engine/commands/sync_run.hpp"
#include "engine/connections/apply_connections.hpp"
#include "engine/connections/connection_backup.hpp"
#include "engine/connections/connection_report.hpp"
#include "engine/connectors/apply.hpp"
#include "engine/connectors/connector_backup.hpp"
#include "engine/planning/connection_output.hpp"
#include "engine/planning/plan_output.hpp"
#include "engine/run/journal.hpp"
#include "engine/run/progress.hpp"
#include "engine/run/report.hpp"
#include "engine/run/run_metrics.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/net/core/adaptive_limit.hpp"
#include "io/net/core/url.hpp"
#include "io/net/http_client.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {

using boost::asio::awaitable;
using files::write_stdout;

namespace {

// plan: the plan printed (and its page, and with --out the saved plan),
// counted into `m`.
int plan_run(prepared& p, files::output_file* page, files::output_file* saved, sync_metrics& m) {
  const sync_settings& settings = p.settings;
  return p.s.run([&](const bool&) -> awaitable<int> {
    const std::optional<plan> result = co_await p.read_and_plan(true, &*m.read_s, &*m.plan_s);
    if (!result) co_return 1;
    m.items[0] = action_counts("connector", result->totals, false);
    std::optional<connection_plan> links;
    if (p.connections()) {
      links = co_await p.plan_the_connections(*result);
      if (!links) co_return 1;
      m.items[1] = action_counts("connection", links->totals, true);
    }
    const connection_plan* cp = links ? &*links : nullptr;
    page_context where = p.page_where();
    std::string saved_line;
    if (saved) {
      const saved_plan file = make_plan_file(p, *result, cp);
      saved->write(file.text);
      saved->commit();
      where.plan_file = settings.plan_out + " (sha256 " + file.sha256 + ")";
      saved_line = "plan file: " + printable(where.plan_file) + "\n";
    }
    write_page(page, plan_html(*result, where, cp));
    write_stdout(settings.json
                     ? plan_json(*result, cp)
                     : p.apis_line() + "\n" + plan_text(*result, settings.show_noop) +
                           (cp ? connection_plan_text(*cp, settings.show_noop) : "") + saved_line);
    const bool pending = result->totals.pending() > 0 || (cp && cp->totals.pending() > 0);
    co_return settings.detailed_exitcode&& pending ? 3 : 0;
  });
}

// clone and import: plan, then apply with the journal and the report.
int run_apply(prepared& p, std::string command, std::string source, sync_metrics& m) {
  const sync_settings& settings = p.settings;
  // Every output is opened before any request: a bad path is exit 2 with nothing sent.
  run_outputs out = open_run_outputs(p);
  run_info info{std::move(command), std::move(source), settings.to.url, time::iso8601_now()};
  m.read_s = m.plan_s = m.write_s = 0;
  m.connectors = outcome_totals{};
  if (p.connections()) m.connections = outcome_totals{};
  m.writes = 0;
  m.halted = false;
  return p.s.run([&](const bool& stop) -> awaitable<int> {
    const std::optional<plan> planned = co_await p.read_and_plan(true, &info.read_s, &info.plan_s);
    m.read_s = info.read_s;
    m.plan_s = info.plan_s;
    if (!planned) co_return 1;
    info.source_api = to_string(planned->source_api);
    info.target_api = to_string(planned->target_api);
    std::optional<connection_plan> links;
    if (p.connections()) {
      links = co_await p.plan_the_connections(*planned);
      if (!links) co_return 1;
    }
    // The page shows the plan as made, before anything is sent.
    write_page(out.page.get(), plan_html(*planned, p.page_where(), links ? &*links : nullptr));
    if (settings.dry_run) {
      // Nothing was done: the items are the plan's actions, as plan's are,
      // so a monitored dry run shows what is pending.
      m.connectors.reset();
      m.connections.reset();
      m.items.push_back(action_counts("connector", planned->totals, false));
      if (links) m.items.push_back(action_counts("connection", links->totals, true));
      write_stdout(p.apis_line() + "\n" + plan_text(*planned, settings.show_noop) +
                   (links ? connection_plan_text(*links, settings.show_noop) : ""));
      co_return 0;
    }
    write_stdout(p.apis_line() + "\n" + totals_line(planned->totals) + "\n" +
                 (links ? connection_totals_line(*links) + "\n" : ""));
    if (stop) co_return 1;
    // The way back, complete and on disk before the first write.
    if (out.backup) {
      write_run_backup(*out.backup, settings.to.url, p.to->api->generation(), info.command,
                       *planned, p.target_connectors, links ? &*links : nullptr, p.target_scope);
    }
    co_return co_await write_and_finish(p, *planned, links ? &*links : nullptr, p.target_connectors,
                                        forward_phases, out, info, m, stop);
  });
}

}  // namespace

int run_plan(const clone_settings& clone) {
  const sync_settings& settings = clone.sync;
  metrics_file metrics(settings.metrics_file, "plan");
  return metrics.run([&] {
    prepared p(settings, &clone.from);
    std::unique_ptr<files::output_file> page = open_output(settings.html_file, "--html");
    std::unique_ptr<files::output_file> saved = open_output(settings.plan_out, "--out");
    sync_metrics m;
    m.read_s = m.plan_s = 0;
    m.items.push_back(action_counts("connector", {}, false));
    if (p.connections()) m.items.push_back(action_counts("connection", {}, true));
    const int code = plan_run(p, page.get(), saved.get(), m);
    metrics.interrupted = p.s.interrupted();
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

// Opened before the local files are read, so that a run stopped by any
// later error leaves its metrics.
int run_clone(const clone_settings& clone) {
  metrics_file metrics(clone.sync.metrics_file, "clone");
  return metrics.run([&] {
    prepared p(clone.sync, &clone.from);
    sync_metrics m;
    const int code = run_apply(p, "clone", clone.from.url, m);
    metrics.interrupted = p.s.interrupted();
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

int run_edit(const sync_settings& settings) {
  metrics_file metrics(settings.metrics_file, "edit");
  return metrics.run([&] {
    prepared p(settings, nullptr);
    p.in_place = true;
    sync_metrics m;
    int code = 0;
    if (p.saves_plan()) {  // --out: the plan saved for `apply`, nothing written
      std::unique_ptr<files::output_file> page = open_output(settings.html_file, "--html");
      std::unique_ptr<files::output_file> saved = open_output(settings.plan_out, "--out");
      m.read_s = m.plan_s = 0;
      m.items.push_back(action_counts("connector", {}, false));
      if (p.connections()) m.items.push_back(action_counts("connection", {}, true));
      code = plan_run(p, page.get(), saved.get(), m);
    } else {
      code = run_apply(p, "edit", settings.to.url, m);
    }
    metrics.interrupted = p.s.interrupted();
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

int run_import(const import_settings& import) {
  metrics_file metrics(import.sync.metrics_file, "import");
  return metrics.run([&] {
    prepared p(import.sync, nullptr, &import.file);
    sync_metrics m;
    const int code = run_apply(p, "import", import.file, m);
    metrics.interrupted = p.s.interrupted();
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

}  // namespace sdemig::engine

// sdemig restore: a backup's items back to their before-images, through the
// one applier. Order: connections the run created are deleted first (a
// connector in use cannot be), then connectors written back, then
// connections written back, then connectors the run created deleted.
#include <boost/asio/awaitable.hpp>
#include <iostream>
#include <memory>

#include "engine/commands/apply_run.hpp"
#include "engine/commands/backup_file.hpp"
#include "engine/commands/commands.hpp"
#include "engine/commands/metrics_file.hpp"
#include "engine/commands/sync_run.hpp"
#include "engine/connections/connection_backup.hpp"
#include "engine/connections/read_connections.hpp"
#include "engine/connectors/connector_backup.hpp"
#include "engine/connectors/read_inventory.hpp"
#include "engine/planning/connection_output.hpp"
#include "engine/planning/plan_output.hpp"
#include "engine/run/progress.hpp"
#include "engine/run/report.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/net/core/url.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {
namespace {

using boost::asio::awaitable;
using files::write_stdout;

// The kinds a backup holds items of.
std::vector<connector_kind> kinds_in(const backup_contents& b) {
  std::vector<connector_kind> out;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    bool any = !b.written.of(kind).empty();
    for (const connection_record& r : b.written_connections) any |= r.kind == kind;
    if (any) out.push_back(kind);
  }
  return out;
}

void mark_connection_secrets(std::vector<connection_record>& records, const inventory& connectors,
                             secret_rule& rule) {
  for (connection_record& r : records) {
    std::string system = r.value.system;
    for (const connector& c : connectors.of(r.kind))
      if (system.empty() && c.name == r.connector_name) system = c.system.id;
    if (r.value.params) rule.mark(*r.value.params, system);
  }
}

// One warning for each way a secret stays as the target holds it: one the
// run changed that the backup holds masked (`changed`), and one a write-back
// leaves out because the backup holds it masked.
void warn_secrets_kept(const plan& p, const std::vector<std::string>& changed) {
  auto say = [](const std::vector<std::string>& names, std::string_view why) {
    if (names.empty()) return;
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    std::cerr << "sdemig: warning: secret kept: " << why << ": " << list << '\n';
  };
  say(changed,
      "the run changed these secrets and the backup holds them masked, so they stay as the "
      "target holds them (a --secrets file with the old values puts them back)");
  std::vector<std::string> left_out;
  for (const plan_item& item : p.items) {
    if (item.what != action::update) continue;
    for (const std::string& key : item.unsent_secrets)
      left_out.push_back(quoted(item.desired.name) + " " + printable(key));
  }
  say(left_out,
      "the backup holds these secrets masked, so they are left as the target holds them (a "
      "--secrets file gives them)");
}

int restore_body(const restore_settings& r, sync_metrics& m, metrics_file& metrics) {
  const sync_settings& settings = r.sync;
  backup_contents backup = load_backup_file(r.backup_file);
  if (!same_instance(settings.to.url, backup.header.target)) {  // case, a final /
    throw usage_error("--to " + net::shown_url(settings.to.url) + " is not the instance " +
                      printable(r.backup_file) + " was taken of (" +
                      printable(backup.header.target) + ")");
  }
  prepared p(settings, nullptr);
  run_outputs out = open_run_outputs(p);
  run_info info{"restore", r.backup_file, settings.to.url, time::iso8601_now()};
  m.read_s = m.plan_s = m.write_s = 0;
  const int code = p.s.run([&](const bool& stop) -> awaitable<int> {
    if (!co_await p.identify(true)) co_return 1;
    const std::vector<connector_kind> kinds = kinds_in(backup);
    const api_generation target_api = p.to->api->generation();
    inventory now;
    read_progress meter(settings.net.progress);
    auto listed = co_await async_read_inventory(*p.to->api, kinds, now, &meter, "target");
    meter.finish();
    if (!listed) {
      std::cerr << "sdemig: reading the target failed: " << printable(listed.error().message)
                << '\n';
      co_return 1;
    }
    const plugin_schema* schema = p.target_schema ? &*p.target_schema : nullptr;
    secret_rule rule(schema);
    for (connector_kind kind : kinds) {
      for (connector& c : now.of(kind)) rule.mark(c);
      for (connector& c : backup.before.of(kind)) rule.mark(c);
      for (connector& c : backup.written.of(kind)) rule.mark(c);
    }
    for (connector_kind kind : kinds) {
      for (const connector& c : backup.before.of(kind)) p.s.scrub().add_secrets_of(c);
      for (const connector& c : now.of(kind)) p.s.scrub().add_secrets_of(c);
    }
    connector_restore_input cin;
    cin.before = &backup.before;
    cin.written = &backup.written;
    cin.now = &now;
    cin.secrets = p.secrets();
    cin.options.patch = p.patch();
    cin.options.source_api = backup.api;
    cin.options.target_api = target_api;
    cin.options.target_schema = schema;
    cin.force = r.force;
    cin.secrets_changed = &backup.secrets_changed;
    std::vector<std::string> kept;
    const plan connectors = plan_connector_restore(cin, &kept);
    info.read_s = out.seconds();
    info.source_api = to_string(backup.api);
    info.target_api = to_string(target_api);

    std::optional<connection_plan> links;
    if (!backup.written_connections.empty()) {
      auto read = co_await async_read_connections(*p.to->api, kinds, p.to->http->concurrency_cap());
      if (!read) {
        std::cerr << "sdemig: reading the target's projects and connections failed: "
                  << printable(read.error().message) << '\n';
        co_return 1;
      }
      std::vector<connection_record> scope, as_read;
      for (connector_kind kind : kinds) {
        for (bool project_only : {true, false}) {
          std::vector<connection_record> got = to_records(
              kind, read.value().of(kind), read.value().projects, now, project_only, rule);
          auto& into = project_only ? scope : as_read;
          std::move(got.begin(), got.end(), std::back_inserter(into));
        }
      }
      mark_connection_secrets(backup.before_connections, now, rule);
      mark_connection_secrets(backup.written_connections, now, rule);
      for (const connection_record& c : backup.before_connections)
        for (const param& q : c.value.params.value_or(std::vector<param>{}))
          if (is_secret(q)) p.s.scrub().add(q.value.text);
      p.target_projects = std::move(read.value().projects);
      connection_restore_input lin;
      lin.before = &backup.before_connections;
      lin.written = &backup.written_connections;
      lin.now_scope = &scope;
      lin.now_read = &as_read;
      lin.target_projects = &p.target_projects;
      lin.connectors = &connectors;
      lin.target_connectors = &now;
      lin.target_api = target_api;
      lin.secrets = p.secrets();
      lin.target_schema = schema;
      lin.force = r.force;
      links = plan_connection_restore(lin);
    }
    info.plan_s = out.seconds() - info.read_s;
    const connection_plan* cp = links ? &*links : nullptr;
    page_context where{r.backup_file, settings.to.url, time::iso8601_now()};
    write_page(out.page.get(), plan_html(connectors, where, cp));
    const std::string head = "backup: " + printable(r.backup_file) + " (taken " +
                             printable(backup.header.taken_at) + " by " +
                             printable(backup.header.command) +
                             "), target: " + std::string(to_string(target_api)) + " API\n";
    warn_secrets_kept(connectors, kept);
    if (settings.dry_run) {
      write_stdout(head + plan_text(connectors, settings.show_noop) +
                   (cp ? connection_plan_text(*cp, settings.show_noop) : ""));
      co_return 0;
    }
    write_stdout(head + totals_line(connectors.totals) + "\n" +
                 (cp ? connection_totals_line(*cp) + "\n" : ""));
    if (stop) co_return 1;
    co_return co_await write_and_finish(p, connectors, cp, now, restore_phases, out, info, m, stop);
  });
  metrics.interrupted = p.s.interrupted();
  return code;
}

}  // namespace

int run_restore(const restore_settings& r) {
  metrics_file metrics(r.sync.metrics_file, "restore");
  return metrics.run([&] {
    sync_metrics m;
    const int code = restore_body(r, m, metrics);
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

}  // namespace sdemig::engine

// sdemig apply: a saved plan (plan --out) applied to the target it was made
// for, exactly as saved. The target is read once; each write is checked
// against the target item the plan was made against (its fingerprint): one
// changed, deleted or (for a create) taken since is drifted, and any drift
// stops the run before anything is sent (exit 5) unless --skip-drifted.
// An item already as planned is done, not drift: a second apply writes 0.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <iostream>
#include <memory>

#include "engine/commands/apply_run.hpp"
#include "engine/commands/backup_file.hpp"
#include "engine/commands/commands.hpp"
#include "engine/commands/metrics_file.hpp"
#include "engine/commands/plan_file.hpp"
#include "engine/commands/sync_run.hpp"
#include "engine/connections/connection_plan_file.hpp"
#include "engine/connections/read_connections.hpp"
#include "engine/connectors/connector_plan_file.hpp"
#include "engine/connectors/read_inventory.hpp"
#include "engine/planning/connection_output.hpp"
#include "engine/planning/plan_output.hpp"
#include "engine/run/progress.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/net/core/url.hpp"
#include "io/net/http_client.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {
namespace {

using boost::asio::awaitable;
using files::write_stdout;

std::vector<connector_kind> kinds_of(const json::plan_file& file) {
  std::vector<connector_kind> out;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const json::plan_file_item& item : file.writes) {
      if (item.kind == kind) {
        out.push_back(kind);
        break;
      }
    }
  }
  return out;
}

// How many secret values the plan takes from the source, of `type`'s writes.
std::size_t from_source(const json::plan_file& file, std::string_view type) {
  std::size_t n = 0;
  for (const json::plan_file_item& item : file.writes) {
    if (item.type != type) continue;
    for (const auto& [key, from] : item.secrets) n += from == "source";
  }
  return n;
}

// One line per drifted item, with what changed since the plan.
template <class Items, class Name>
std::size_t say_drifted(const Items& items, Name name) {
  std::size_t n = 0;
  for (const auto& item : items) {
    if (item.why != reason::drifted) continue;
    ++n;
    std::cerr << "sdemig: drifted " << name(item) << ": " << note_text(item, "") << '\n'
              << change_lines(item.changes);
  }
  return n;
}

void mark(inventory& inv, secret_rule& rule) {
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis})
    for (connector& c : inv.of(kind)) rule.mark(c);
}

int apply_body(const apply_settings& a, sync_metrics& m, metrics_file& metrics) {
  const json::plan_file file = load_plan_file(a.plan_file);
  if (!same_instance(a.sync.to.url, file.target)) {  // case, a final /
    throw usage_error("--to " + net::shown_url(a.sync.to.url) + " is not the target " +
                      printable(a.plan_file) + " was made for (" + printable(file.target) + ")");
  }
  const std::size_t source_secrets =
      from_source(file, "connector") + from_source(file, "connection");
  if (source_secrets > 0 && !a.from && a.sync.secrets_file.empty()) {
    throw usage_error(printable(a.plan_file) + " takes " +
                      count_of(source_secrets, "secret value", "secret values") +
                      " from the source: give --from (with --from-token-file) or --secrets");
  }
  sync_settings settings = a.sync;
  settings.use_patch = true;  // each update goes as the plan says (PATCH, or PUT where it says)
  settings.allow_same_instance = true;
  prepared p(settings, a.from ? &*a.from : nullptr);
  run_outputs out = open_run_outputs(p);
  run_info info{"apply", a.plan_file, settings.to.url, time::iso8601_now()};
  m.read_s = m.plan_s = m.write_s = 0;
  const int code = p.s.run([&](const bool& stop) -> awaitable<int> {
    if (!co_await p.identify(false)) co_return 1;
    const std::vector<connector_kind> kinds = kinds_of(file);
    inventory now, source;
    read_progress meter(settings.net.progress);
    sde::result<std::size_t> read;
    if (p.from && source_secrets > 0) {  // both at once, as clone reads them
      using namespace boost::asio::experimental::awaitable_operators;
      auto [t, s] = co_await (async_read_inventory(*p.to->api, kinds, now, &meter, "target") &&
                              async_read_inventory(*p.from->api, kinds, source, &meter, "source"));
      read = !t ? std::move(t) : std::move(s);
    } else {
      read = co_await async_read_inventory(*p.to->api, kinds, now, &meter, "target");
    }
    meter.finish();
    if (!read) {
      std::cerr << "sdemig: reading failed: " << printable(read.error().message) << '\n';
      co_return 1;
    }
    p.target_secrets = secret_rule(p.target_schema ? &*p.target_schema : nullptr);
    p.source_secrets = secret_rule(p.source_schema ? &*p.source_schema : nullptr);
    mark(now, p.target_secrets);
    mark(source, p.source_secrets);
    for (connector_kind kind : kinds) {
      for (const connector& c : now.of(kind)) p.s.scrub().add_secrets_of(c);
      for (const connector& c : source.of(kind)) p.s.scrub().add_secrets_of(c);
    }
    connector_apply_input cin;
    cin.now = &now;
    cin.source = p.from ? &source : nullptr;
    cin.secrets = p.secrets();
    cin.use_patch = true;
    connection_apply_input lin;
    for (const json::plan_file_item& item : file.writes)
      (item.type == "connector" ? cin.items : lin.items).push_back(&item);
    const plan connectors = plan_connector_writes(cin);
    std::optional<connection_plan> links;
    if (!lin.items.empty()) {
      const std::size_t cap = p.to->http->concurrency_cap();
      auto target = co_await async_read_connections(*p.to->api, kinds, cap);
      sde::result<instance_connections> from_read{instance_connections{}};
      if (target && p.from && from_source(file, "connection") > 0)
        from_read = co_await async_read_connections(*p.from->api, kinds, cap);
      if (!target || !from_read) {
        std::cerr << "sdemig: reading projects and connections failed: "
                  << printable((!target ? target : from_read).error().message) << '\n';
        co_return 1;
      }
      std::vector<connection_record> as_read, source_records;
      for (connector_kind kind : kinds) {
        auto r = to_records(kind, target.value().of(kind), target.value().projects, now, false,
                            p.target_secrets);
        std::move(r.begin(), r.end(), std::back_inserter(as_read));
        r = to_records(kind, from_read.value().of(kind), from_read.value().projects, source, true,
                       p.source_secrets);
        std::move(r.begin(), r.end(), std::back_inserter(source_records));
      }
      p.target_projects = std::move(target.value().projects);
      if (out.backup) {  // the before-images of the connections it updates
        for (connector_kind kind : kinds) {
          auto r = to_records(kind, target.value().of(kind), p.target_projects, now, true,
                              p.target_secrets);
          std::move(r.begin(), r.end(), std::back_inserter(p.target_scope));
        }
      }
      lin.now = &as_read;
      lin.target_projects = &p.target_projects;
      lin.source = &source_records;
      lin.secrets = p.secrets();
      links = plan_connection_writes(lin);
    }
    info.read_s = out.seconds();
    info.source_api = file.source_api;
    info.target_api = to_string(p.to->api->generation());
    const connection_plan* cp = links ? &*links : nullptr;
    std::size_t drifted = say_drifted(connectors.items, [](const plan_item& item) {
      return std::string(to_string(item.kind)) + " " + quoted(item.desired.name);
    });
    if (cp) {
      drifted += say_drifted(cp->items, [](const connection_item& item) {
        return std::string(connection_kind_name(item.kind)) + " " +
               quoted(project_path(item.project)) + " " + quoted(item.alias);
      });
    }
    if (drifted > 0 && !a.skip_drifted) {
      std::cerr << "sdemig: " << count_of(drifted, "item", "items")
                << " changed on the target since the plan was saved: nothing was sent "
                   "(make the plan again, or --skip-drifted to apply the rest)\n";
      co_return 5;
    }
    page_context where{file.source, file.target, time::iso8601_now()};
    write_page(out.page.get(), plan_html(connectors, where, cp));
    const std::string head = "plan: " + printable(a.plan_file) + " (made " +
                             printable(file.created_at) + "), target: " + info.target_api +
                             " API\n";
    if (settings.dry_run) {
      write_stdout(head + plan_text(connectors, settings.show_noop) +
                   (cp ? connection_plan_text(*cp, settings.show_noop) : ""));
      co_return drifted > 0 ? 1 : 0;
    }
    write_stdout(head + totals_line(connectors.totals) + "\n" +
                 (cp ? connection_totals_line(*cp) + "\n" : ""));
    if (stop) co_return 1;
    if (out.backup) {
      write_run_backup(*out.backup, settings.to.url, p.to->api->generation(), "apply", connectors,
                       now, cp, p.target_scope);
    }
    co_return co_await write_and_finish(p, connectors, cp, now, forward_phases, out, info, m, stop);
  });
  metrics.interrupted = p.s.interrupted();
  return code;
}

}  // namespace

int run_apply_plan(const apply_settings& a) {
  metrics_file metrics(a.sync.metrics_file, "apply");
  return metrics.run([&] {
    sync_metrics m;
    const int code = apply_body(a, m, metrics);
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

}  // namespace sdemig::engine

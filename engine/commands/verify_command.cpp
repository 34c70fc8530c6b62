// verify: the target against the source (= + - * ! per connector), or with
// --test-connections the target testing its own trackers.
#include <iostream>

#include "engine/commands/commands.hpp"
#include "engine/commands/metrics_file.hpp"
#include "engine/commands/sync_run.hpp"
#include "engine/connectors/read_inventory.hpp"
#include "engine/planning/connection_output.hpp"
#include "engine/planning/verify_output.hpp"
#include "engine/run/run_metrics.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/json/json_writer.hpp"
#include "io/net/run_all.hpp"

namespace sdemig::engine {
namespace {

using boost::asio::awaitable;
using files::write_stdout;

// verify --test-connections: can the target reach each tracker in scope?
awaitable<int> test_connections(prepared& p, sync_metrics& m) {
  const sync_settings& settings = p.settings;
  if (!co_await async_identify(*p.to)) co_return 1;
  inventory target;
  const std::vector<connector_kind> kinds{
      connector_kind::alm};  // a named local: GCC 12 and braces in co_await
  auto read = co_await async_read_inventory(*p.to->api, kinds, target);
  if (!read) {
    std::cerr << "sdemig: reading the target failed: " << printable(read.error().message) << '\n';
    co_return 1;
  }
  std::vector<const connector*> scope;
  for (const connector& c : target.alm) {
    if (p.input.the_job.selects(connector_kind::alm, c)) scope.push_back(&c);
  }
  std::vector<std::optional<std::string>> failure(scope.size());
  std::size_t next = 0;
  co_await net::run_all(std::min(p.to->http->concurrency_cap(), scope.size()),
                        [&](std::size_t) -> awaitable<void> {
                          while (next < scope.size()) {
                            const std::size_t i = next++;
                            auto tested = co_await p.to->api->async_test_connection(*scope[i]);
                            if (tested) continue;
                            const sde::api_error& e = tested.error();
                            failure[i] = !e.server.detail.empty()   ? e.server.detail
                                         : !e.server.fields.empty() ? e.server.summary()
                                                                    : e.message;
                          }
                        });
  std::size_t failed = 0;
  std::string text;
  json::writer w;
  w.begin_object();
  w.member("format", "sdemig-connection-tests/1");  // docs/schemas/connection-tests.schema.json
  w.key("connections");
  w.begin_array();
  for (std::size_t i = 0; i < scope.size(); ++i) {
    failed += failure[i].has_value();
    text += (failure[i] ? "fail " : "ok ") + printable(scope[i]->name) +
            (failure[i] ? ": " + printable(*failure[i]) : "") + "\n";
    w.begin_object();
    w.member("name", scope[i]->name);
    w.member("ok", !failure[i]);
    if (failure[i]) w.member("detail", *failure[i]);
    w.end_object();
  }
  w.end_array();
  w.key("counts");
  w.begin_object();
  w.member("ok", scope.size() - failed);
  w.member("failed", failed);
  w.end_object();
  w.end_object();
  m.items[0].by_outcome = {{"test_ok", scope.size() - failed}, {"test_failed", failed}};
  text += "test-connections: " + std::to_string(scope.size() - failed) + " ok, " +
          std::to_string(failed) + " failed\n";
  write_stdout(settings.json ? w.take() + "\n" : text);
  co_return failed == 0 ? 0 : 1;
}

item_counts verify_counts_of(const verify_counts& c) {
  return {"connector",
          {{"equal", c.equal},
           {"only_in_source", c.only_in_source},
           {"only_in_target", c.only_in_target},
           {"differ", c.differ},
           {"errors", c.errors}}};
}

int verify_run(const verify_settings& verify, prepared& p, sync_metrics& m) {
  const sync_settings& settings = verify.sync;
  if (verify.test_connections) {
    if (!settings.html_file.empty())
      throw usage_error("--html shows a comparison: it does not go with --test-connections");
    m.items.push_back({"connector", {{"test_ok", 0}, {"test_failed", 0}}});
    return p.s.run(
        [&](const bool&) -> awaitable<int> { co_return co_await test_connections(p, m); });
  }
  p.input.the_job.on_conflict = conflict_policy::update;  // every difference shows as *
  std::unique_ptr<files::output_file> page = open_output(settings.html_file, "--html");
  m.read_s = m.plan_s = 0;
  m.items.push_back(verify_counts_of({}));
  return p.s.run([&](const bool&) -> awaitable<int> {
    const std::optional<plan> result = co_await p.read_and_plan(false, &*m.read_s, &*m.plan_s);
    if (!result) co_return 1;
    m.items[0] = verify_counts_of(count_verify(*result));
    std::optional<connection_plan> links;
    if (p.connections()) {
      links = co_await p.plan_the_connections(*result);
      if (!links) co_return 1;
    }
    const connection_plan* cp = links ? &*links : nullptr;
    write_page(page.get(), verify_html(*result, p.page_where(), cp));
    write_stdout(settings.json ? verify_json(*result, cp)
                               : p.apis_line() + "\n" + verify_text(*result) +
                                     (cp ? connection_verify_text(*cp) : ""));
    co_return count_verify(*result).all_equal() && (!cp || connections_equal(*cp)) ? 0 : 1;
  });
}

}  // namespace

int run_verify(const verify_settings& verify) {
  metrics_file metrics(verify.sync.metrics_file, "verify");
  return metrics.run([&] {
    // --test-connections reads the target alone, whatever --from says.
    prepared p(verify.sync, verify.test_connections || !verify.from ? nullptr : &*verify.from);
    sync_metrics m;
    const int code = verify_run(verify, p, m);
    metrics.interrupted = p.s.interrupted();
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

}  // namespace sdemig::engine

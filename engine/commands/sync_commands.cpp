#include <unistd.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <iostream>
#include <memory>

#include "engine/apply.hpp"
#include "engine/commands/commands.hpp"
#include "engine/commands/session.hpp"
#include "engine/inventory.hpp"
#include "engine/journal.hpp"
#include "engine/plan_output.hpp"
#include "engine/progress.hpp"
#include "engine/report.hpp"
#include "io/files/atomic_file.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {
namespace {

using boost::asio::awaitable;

// Everything read from local files before any request is sent.
struct local_input {
  job the_job;
  std::optional<secret_store> secrets;
  std::optional<inventory> imported;
};

local_input read_local_input(const sync_settings& s) {
  local_input in;
  try {
    if (!s.job_file.empty()) in.the_job = load_job(s.job_file);
    if (!s.secrets_file.empty()) in.secrets = secret_store::load(s.secrets_file);
    if (!s.import_file.empty()) in.imported = load_export_file(s.import_file);
  } catch (const std::runtime_error& e) {  // job_error, secrets_error, export_file_error
    throw usage_error(e.what());
  }
  if (s.kind) {
    if (!in.the_job.wants(*s.kind)) throw usage_error("--kind " + std::string(to_string(*s.kind)) + " is not among the job's kinds");
    in.the_job.kinds = {*s.kind};
  }
  return in;
}

// Reads source and target at the same time; prints the error and returns
// false when either fails.
awaitable<bool> read_both(instance* from, const std::optional<inventory>& imported, instance& to, const job& j,
                          std::size_t page_size, inventory& source, inventory& target) {
  using namespace boost::asio::experimental::awaitable_operators;
  if (imported) {
    source = *imported;
    auto t = co_await async_read_inventory(*to.api, j.kinds, page_size, target);
    if (!t) std::cerr << "sdemig: reading the target failed: " << t.error().message << '\n';
    co_return bool(t);
  }
  auto [s, t] = co_await (async_read_inventory(*from->api, j.kinds, page_size, source) &&
                          async_read_inventory(*to.api, j.kinds, page_size, target));
  if (!s) std::cerr << "sdemig: reading the source failed: " << s.error().message << '\n';
  if (!t) std::cerr << "sdemig: reading the target failed: " << t.error().message << '\n';
  co_return s && t;
}

struct prepared {
  local_input input;
  session s;
  instance* from = nullptr;
  instance* to = nullptr;

  explicit prepared(const sync_settings& settings) : input(read_local_input(settings)), s(settings.net) {
    if (settings.from) from = &s.connect(*settings.from, "--from");
    to = &s.connect(settings.to, "--to");
  }
};

}  // namespace

int run_plan(const sync_settings& settings) {
  prepared p(settings);
  return p.s.run([&](const bool&) -> awaitable<int> {
    inventory source, target;
    if (!co_await read_both(p.from, p.input.imported, *p.to, p.input.the_job, settings.net.page_size, source, target)) co_return 1;
    const plan result = make_plan(p.input.the_job, std::move(source), target, p.input.secrets ? &*p.input.secrets : nullptr);
    std::cout << (settings.json ? plan_json(result) : plan_text(result, settings.show_noop));
    co_return settings.detailed_exitcode && result.totals.pending() > 0 ? 3 : 0;
  });
}

int run_clone(const sync_settings& settings) {
  prepared p(settings);
  std::unique_ptr<journal> log;
  if (!settings.journal_file.empty()) {
    try {
      log = std::make_unique<journal>(settings.journal_file);
    } catch (const std::system_error& e) {
      throw usage_error(e.what());
    }
  }
  run_info info{settings.import_file.empty() ? "clone" : "import",
                settings.import_file.empty() ? settings.from->url : settings.import_file, settings.to.url, iso8601_now()};
  info.dry_run = settings.dry_run;
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  auto seconds_since = [](clock::time_point from) { return std::chrono::duration<double>(clock::now() - from).count(); };
  return p.s.run([&](const bool& stop) -> awaitable<int> {
    inventory source, target;
    if (!co_await read_both(p.from, p.input.imported, *p.to, p.input.the_job, settings.net.page_size, source, target)) co_return 1;
    info.read_s = seconds_since(started);
    const auto planning = clock::now();
    const plan planned = make_plan(p.input.the_job, std::move(source), target, p.input.secrets ? &*p.input.secrets : nullptr);
    info.plan_s = seconds_since(planning);
    if (settings.dry_run) {
      std::cout << plan_text(planned, settings.show_noop);
      co_return 0;
    }
    std::cout << totals_line(planned.totals) << std::endl;
    apply_options options;
    options.concurrency = settings.net.concurrency;
    options.use_patch = settings.use_patch;
    options.page_size = settings.net.page_size;
    progress bar(planned.totals.pending(), ::isatty(STDERR_FILENO) == 1);
    const auto writing = clock::now();
    apply_result result = co_await async_apply(*p.to->api, planned, options, log.get(), &bar, stop);
    bar.finish();
    info.write_s = seconds_since(writing);
    info.duration_s = seconds_since(started);
    const outcome_totals totals = count_outcomes(planned, result);
    std::cerr << failure_lines(planned, result);
    std::cout << summary_line(info, totals, result.writes) << std::endl;
    if (!settings.report_file.empty()) {
      files::atomic_file report(settings.report_file, 0644);
      report.write(report_json(info, planned, result));
      report.commit();
    }
    co_return totals.failures() > 0 || result.interrupted ? 1 : 0;
  });
}

int run_verify(const sync_settings& settings) {
  prepared p(settings);
  p.input.the_job.on_conflict = conflict_policy::update;  // every difference shows as *
  return p.s.run([&](const bool&) -> awaitable<int> {
    inventory source, target;
    if (!co_await read_both(p.from, p.input.imported, *p.to, p.input.the_job, settings.net.page_size, source, target)) co_return 1;
    const plan result = make_plan(p.input.the_job, std::move(source), target, p.input.secrets ? &*p.input.secrets : nullptr);
    std::size_t equal = 0, missing = 0, extra = 0, differ = 0, errors = 0;
    std::string text, json = "{\"connectors\":[";
    auto line = [&](char mark, connector_kind kind, const std::string& name) {
      text += mark;  // the contract's "= name": the name as it is (the kind is in --json)
      text += ' ';
      text += name;
      text += '\n';
      if (json.back() == '}') json += ',';
      json += "{\"status\":\"";
      json += mark;
      json += "\",\"kind\":\"" + std::string(to_string(kind)) + "\",\"name\":";
      json::append_string(json, name);
      json += '}';
    };
    for (const plan_item& item : result.items) {
      switch (item.what) {
        case action::noop: ++equal; line('=', item.kind, item.desired.name); break;
        case action::create: ++missing; line('+', item.kind, item.desired.name); break;
        case action::update: ++differ; line('*', item.kind, item.desired.name); break;
        default: ++errors; line('!', item.kind, item.desired.name); break;
      }
    }
    for (const auto& [kind, name] : result.only_in_target) {
      ++extra;
      line('-', kind, name);
    }
    if (settings.json) {
      std::cout << json << "],\"counts\":{\"equal\":" << equal << ",\"only_in_source\":" << missing
                << ",\"only_in_target\":" << extra << ",\"differ\":" << differ << ",\"errors\":" << errors << "}}"
                << std::endl;
    } else {
      std::cout << text << "verify: " << equal << " equal, " << missing << " only in source, " << extra
                << " only in target, " << differ << " differ, " << errors << " errors" << std::endl;
    }
    co_return missing + differ + errors == 0 ? 0 : 1;
  });
}

}  // namespace sdemig::engine

#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <set>

#include "engine/apply.hpp"
#include "engine/commands/commands.hpp"
#include "engine/commands/session.hpp"
#include "engine/journal.hpp"
#include "engine/planning/plan_output.hpp"
#include "engine/planning/verify_output.hpp"
#include "engine/progress.hpp"
#include "engine/read_inventory.hpp"
#include "engine/report.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/json/json_writer.hpp"
#include "io/net/run_all.hpp"
#include "io/time/iso8601.hpp"
#include "model/schema.hpp"

namespace sdemig::engine {
namespace {

using boost::asio::awaitable;

// Everything read from local files before any request is sent.
struct local_input {
  job the_job;
  std::optional<secret_store> secrets;
  std::optional<inventory> imported;
  api_generation imported_api = api_generation::legacy;
};

void mark_secrets(inventory& inv, const plugin_schema& schema) {
  for (connector& c : inv.alm) mark_schema_secrets(c, schema);
}

local_input read_local_input(const sync_settings& s, const std::string* import_file) {
  local_input in;
  try {
    if (!s.job_file.empty()) in.the_job = load_job(s.job_file);
    if (!s.secrets_file.empty()) in.secrets = secret_store::load(s.secrets_file);
    if (import_file) in.imported = load_export_file(*import_file, &in.imported_api);
  } catch (const std::runtime_error& e) {  // job_error, secrets_error, export_file_error
    throw usage_error(e.what());
  }
  if (s.kind) {
    if (!in.the_job.wants(*s.kind))
      throw usage_error("--kind " + std::string(to_string(*s.kind)) +
                        " is not among the job's kinds");
    in.the_job.kinds = {*s.kind};
  }
  return in;
}

void warn(const std::string& what) {
  std::cerr << "sdemig: warning: " << what << '\n';
}

// What in the job or the secrets file matches nothing: most often a typo.
void warn_about_unmatched(const job& j, const inventory& source, const secret_store* secrets,
                          const std::set<std::string>& secret_keys) {
  std::size_t in_kinds = 0, selected = 0;
  std::set<std::string> systems, names;
  for (connector_kind kind : j.kinds) {
    for (const connector& c : source.of(kind)) {
      ++in_kinds;
      systems.insert(c.system.id);
      names.insert(c.name);
      selected += j.selects(kind, c);
    }
  }
  for (const std::string& s : j.systems) {
    if (!systems.contains(s))
      warn("the job's select.systems names \"" + printable(s) +
           "\", which no source connector has");
  }
  const bool selecting = !j.systems.empty() || !j.names.empty() || !j.exclude_names.empty();
  if (selecting && in_kinds > 0 && selected == 0) {
    warn("the job's select matches none of the " +
         count_of(in_kinds, "source connector", "source connectors"));
  }
  if (!secrets) return;
  for (const auto& [name, values] : secrets->entries()) {
    if (name != "*" && !names.contains(name)) {
      warn("the secrets file names \"" + printable(name) +
           "\", which no source connector is called");
    }
    for (const param& p : values) {
      if (!is_secret_param(p.key) && !secret_keys.contains(p.key)) {
        warn("the secrets file gives \"" + printable(p.key) + "\" for \"" + printable(name) +
             "\", which is not a secret param: it is not used");
      }
    }
  }
}

// Every secret value the run knows goes into the scrubber, so that no
// server text carrying one is printed.
void learn_secrets(sde::scrubber& scrub, const inventory& source, const secret_store* secrets) {
  for (const auto* of : {&source.alm, &source.analysis}) {
    for (const connector& c : *of) scrub.add_secrets_of(c);
  }
  if (!secrets) return;
  for (const auto& [name, values] : secrets->entries()) {
    for (const param& p : values) scrub.add(p.value.text);
  }
}

// A run's local input read and its instances connected: the source is an
// instance (`source`), an export file (`import_file`), or neither (verify
// --test-connections reads the target alone).
struct prepared {
  const sync_settings& settings;
  local_input input;
  session s;
  instance* from = nullptr;
  instance* to = nullptr;

  prepared(const sync_settings& settings_, const instance_settings* source,
           const std::string* import_file = nullptr)
      : settings(settings_), input(read_local_input(settings_, import_file)), s(settings_.net) {
    if (source && same_instance(source->url, settings.to.url) && !settings.allow_same_instance) {
      throw usage_error("--from and --to name the same instance (" + settings.to.url +
                        "): give --allow-same-instance if that is meant");
    }
    if (source) from = &s.connect(*source, "--from", "source");
    to = &s.connect(settings.to, "--to", "target");
    if (input.secrets) learn_secrets(s.scrub(), {}, &*input.secrets);
    imported_api = input.imported_api;
  }

  const secret_store* secrets() const { return input.secrets ? &*input.secrets : nullptr; }

  bool patch() const {
    return settings.use_patch.value_or(to->api->generation() == api_generation::current);
  }

  // Which API each side speaks, and their plugin schemas (the target's is
  // checked against when `check_schema`); false when a side cannot be read.
  awaitable<bool> identify(bool check_schema) {
    using namespace boost::asio::experimental::awaitable_operators;
    bool ok = true;
    if (from) {
      auto [a, b] = co_await (async_identify(*from) && async_identify(*to));
      ok = a && b;
    } else {
      ok = co_await async_identify(*to);
    }
    if (!ok) co_return false;
    bool failed = false;
    if (from) {
      auto [s, t] = co_await (async_read_schema(*from, false, failed) &&
                              async_read_schema(*to, check_schema, failed));
      source_schema = std::move(s);
      target_schema = std::move(t);
    } else {
      target_schema = co_await async_read_schema(*to, check_schema, failed);
    }
    co_return !failed;
  }

  // Every param name a schema calls secret, in both generations' words.
  std::set<std::string> secret_keys() const {
    std::set<std::string> keys;
    for (const auto* schema : {&source_schema, &target_schema}) {
      if (!*schema) continue;
      for (const system_schema& s : (*schema)->systems) {
        for (const schema_field& f : s.fields) {
          if (!f.secret()) continue;
          keys.insert(key_in(f.name, api_generation::legacy));
          keys.insert(key_in(f.name, api_generation::current));
        }
      }
    }
    return keys;
  }

  api_generation source_api() const { return from ? from->api->generation() : imported_api; }
  std::string apis_line() const {
    return std::string(input.imported ? "export file" : "source") + ": " +
           std::string(to_string(source_api())) +
           " API, target: " + std::string(to_string(to->api->generation())) + " API";
  }

  // Reads source and target at the same time and plans; prints the error
  // and returns nullopt when either read fails.
  awaitable<std::optional<plan>> read_and_plan(bool check_schema, double* read_s = nullptr,
                                               double* plan_s = nullptr) {
    using namespace boost::asio::experimental::awaitable_operators;
    using clock = std::chrono::steady_clock;
    const auto started = clock::now();
    if (!co_await identify(check_schema)) co_return std::nullopt;
    inventory source, target;
    const job& j = input.the_job;
    read_progress meter(settings.net.progress);
    bool ok = true;
    if (input.imported) {
      source = *input.imported;
      auto t = co_await async_read_inventory(*to->api, j.kinds, target, &meter, "target");
      meter.finish();
      if (!t)
        std::cerr << "sdemig: reading the target failed: " << printable(t.error().message) << '\n';
      ok = bool(t);
    } else {
      auto [sr, tr] =
          co_await (async_read_inventory(*from->api, j.kinds, source, &meter, "source") &&
                    async_read_inventory(*to->api, j.kinds, target, &meter, "target"));
      meter.finish();
      if (!sr)
        std::cerr << "sdemig: reading the source failed: " << printable(sr.error().message) << '\n';
      if (!tr)
        std::cerr << "sdemig: reading the target failed: " << printable(tr.error().message) << '\n';
      ok = sr && tr;
    }
    if (!ok) co_return std::nullopt;
    if (read_s) *read_s = std::chrono::duration<double>(clock::now() - started).count();
    // The schemas' secret fields are secrets wherever they are shown.
    if (source_schema) mark_secrets(source, *source_schema);
    if (target_schema) mark_secrets(target, *target_schema);
    learn_secrets(s.scrub(), source,
                  nullptr);  // the secrets file's values were learned when it was read
    warn_about_unmatched(j, source, secrets(), secret_keys());
    const auto planning = clock::now();
    plan_options options;
    options.patch = patch();
    options.source_api = source_api();
    options.target_api = to->api->generation();
    options.target_schema = check_schema && target_schema ? &*target_schema : nullptr;
    plan result = make_plan(j, std::move(source), target, secrets(), options);
    if (plan_s) *plan_s = std::chrono::duration<double>(clock::now() - planning).count();
    co_return result;
  }

  std::optional<plugin_schema> source_schema, target_schema;
  api_generation imported_api = api_generation::legacy;
};

void print(const std::string& text) {
  files::write_stdout(text);
}

std::unique_ptr<files::output_file> open_output(const std::string& path, const std::string& flag) {
  if (path.empty()) return nullptr;
  try {
    return std::make_unique<files::output_file>(path, files::file_access::shared, flag);
  } catch (const files::output_path_error& e) {
    throw usage_error(e.what());
  }
}

}  // namespace

int run_plan(const clone_settings& clone) {
  const sync_settings& settings = clone.sync;
  prepared p(settings, &clone.from);
  return p.s.run([&](const bool&) -> awaitable<int> {
    const std::optional<plan> result = co_await p.read_and_plan(true);
    if (!result) co_return 1;
    print(settings.json ? plan_json(*result)
                        : p.apis_line() + "\n" + plan_text(*result, settings.show_noop));
    co_return settings.detailed_exitcode && result->totals.pending() > 0 ? 3 : 0;
  });
}

namespace {

// clone and import: plan, then apply with the journal and the report.
int run_apply(prepared& p, std::string command, std::string source) {
  const sync_settings& settings = p.settings;
  // Every output is opened before any request: a bad path is exit 2 with nothing sent.
  std::unique_ptr<files::output_file> report =
      settings.dry_run ? nullptr : open_output(settings.report_file, "--report");
  std::unique_ptr<journal> log;
  if (!settings.journal_file.empty() && !settings.dry_run) {
    struct stat st {};
    if (::stat(settings.journal_file.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      throw usage_error("--journal " + settings.journal_file + ": is a folder, not a file");
    }
    std::string notice;
    try {
      log = std::make_unique<journal>(settings.journal_file, &notice);
    } catch (const std::system_error& e) {
      throw usage_error(e.what());
    }
    if (!notice.empty()) std::cerr << "sdemig: notice: " << notice << '\n';
  }
  run_info info{std::move(command), std::move(source), settings.to.url, time::iso8601_now()};
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  auto seconds_since = [](clock::time_point from) {
    return std::chrono::duration<double>(clock::now() - from).count();
  };
  return p.s.run([&](const bool& stop) -> awaitable<int> {
    const std::optional<plan> planned = co_await p.read_and_plan(true, &info.read_s, &info.plan_s);
    if (!planned) co_return 1;
    info.source_api = to_string(planned->source_api);
    info.target_api = to_string(planned->target_api);
    if (settings.dry_run) {
      print(p.apis_line() + "\n" + plan_text(*planned, settings.show_noop));
      co_return 0;
    }
    print(p.apis_line() + "\n" + totals_line(planned->totals) + "\n");
    if (stop) co_return 1;
    apply_options options;
    options.concurrency =
        p.to->http->concurrency_limit();  // as many writers as the pool has connections
    options.use_patch = p.patch();
    progress bar(planned->totals.pending(), settings.net.progress);
    const auto writing = clock::now();
    p.s.writing(true);
    apply_result result =
        co_await async_apply(*p.to->api, *planned, options, log.get(), &bar, stop);
    p.s.writing(false);
    bar.finish();
    info.write_s = seconds_since(writing);
    info.duration_s = seconds_since(started);
    const outcome_totals totals = count_outcomes(*planned, result);
    std::cerr << failure_lines(*planned, result);
    if (!result.halted.empty()) std::cerr << "sdemig: " << printable(result.halted) << '\n';
    print(summary_line(info, totals, result.writes) + "\n");
    if (report) {
      report->write(report_json(info, *planned, result));
      report->commit();
    }
    co_return totals.failures() > 0 || result.interrupted || !result.halted.empty() ? 1 : 0;
  });
}

// verify --test-connections: can the target reach each tracker in scope?
awaitable<int> test_connections(prepared& p) {
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
  co_await net::run_all(std::min(p.to->http->concurrency_limit(), scope.size()),
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
  text += "test-connections: " + std::to_string(scope.size() - failed) + " ok, " +
          std::to_string(failed) + " failed\n";
  print(settings.json ? w.take() + "\n" : text);
  co_return failed == 0 ? 0 : 1;
}

}  // namespace

int run_clone(const clone_settings& clone) {
  prepared p(clone.sync, &clone.from);
  return run_apply(p, "clone", clone.from.url);
}

int run_import(const import_settings& import) {
  prepared p(import.sync, nullptr, &import.file);
  return run_apply(p, "import", import.file);
}

int run_verify(const verify_settings& verify) {
  const sync_settings& settings = verify.sync;
  // --test-connections reads the target alone, whatever --from says.
  prepared p(settings, verify.test_connections || !verify.from ? nullptr : &*verify.from);
  if (verify.test_connections) {
    return p.s.run([&](const bool&) -> awaitable<int> { co_return co_await test_connections(p); });
  }
  p.input.the_job.on_conflict = conflict_policy::update;  // every difference shows as *
  return p.s.run([&](const bool&) -> awaitable<int> {
    const std::optional<plan> result = co_await p.read_and_plan(false);
    if (!result) co_return 1;
    print(settings.json ? verify_json(*result) : p.apis_line() + "\n" + verify_text(*result));
    co_return count_verify(*result).all_equal() ? 0 : 1;
  });
}

}  // namespace sdemig::engine

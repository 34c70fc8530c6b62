// sdemig: moves SD Elements connector configuration between instances.
// Argument parsing and wiring only; the work is in engine/.

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstring>
#include <iostream>

#include "engine/commands/commands.hpp"
#include "manual.hpp"
#include "options.hpp"
#include "tools/allocator/heap.hpp"
#include "tools/version/parse_exit.hpp"
#include "tools/version/version.hpp"

namespace {

using namespace sdemig;

constexpr const char* commands[] = {"export", "plan", "clone", "import", "verify", "bench"};

struct sync_flags {
  engine::sync_settings settings;
  std::string import_file;        // import --file
  bool test_connections = false;  // verify --test-connections
  bool patch = false, put = false;
  cli::instance_flags from{"SDE_SOURCE_TOKEN"};
  cli::instance_flags to{"SDE_TARGET_TOKEN"};
  std::string kind = "all", progress = "auto";
};

CLI::Option* add_sync(CLI::App& cmd, sync_flags& f, bool from_instance, bool writes) {
  CLI::Option* from =
      from_instance ? cli::add_instance(cmd, "--from", f.from, "source instance") : nullptr;
  cli::add_instance(cmd, "--to", f.to, "target instance");
  cmd.add_option("--job", f.settings.job_file,
                 "Job file (JSON): kinds, select, transforms, on_conflict");
  cmd.add_option("--kind", f.kind,
                 "Only this kind of connector: alm (issue-tracker), analysis or all")
      ->check(CLI::IsMember({"alm", "issue-tracker", "analysis", "all"}));
  cmd.add_option("--secrets", f.settings.secrets_file,
                 "Secrets file (JSON) filling masked or redacted secrets");
  cmd.add_flag("--connections", f.settings.connections,
               "Projects' connections too, after their connectors (projects matched by path, "
               "connections by alias)");
  if (from_instance) {
    cmd.add_flag("--allow-same-instance", f.settings.allow_same_instance,
                 "Allow --from and --to to name the same instance");
  }
  cli::add_net_flags(cmd, f.settings.net, writes, &f.progress);
  cli::add_metrics_flag(cmd, f.settings.metrics_file);
  return from;
}

void add_update_verb_flags(CLI::App& cmd, sync_flags& f) {
  auto* patch = cmd.add_flag(
      "--patch", f.patch,
      "Update with PATCH (the default on current instances): params only on the target are kept, "
      "unknown secrets are not sent; a connector whose job unsets a param is sent with PUT");
  cmd.add_flag("--put", f.put,
               "Update with PUT (the default on legacy instances): the target gets exactly the "
               "source's fields")
      ->excludes(patch);
}

// The settings every sync command shares; `from` (read when given) joins
// the --insecure warning.
engine::sync_settings finish(sync_flags& f, const engine::instance_settings* from = nullptr) {
  engine::sync_settings s = f.settings;
  if (f.patch || f.put) s.use_patch = f.patch;
  s.to = cli::read_instance(f.to, "--to");
  s.kind = cli::parse_kind(f.kind);
  s.net.progress = cli::progress_wanted(f.progress);
  std::vector<std::pair<std::string, const engine::instance_settings*>> sides;
  if (from) sides.emplace_back("source", from);
  sides.emplace_back("target", &s.to);
  cli::warn_insecure(s.net, sides);
  return s;
}

engine::clone_settings finish_clone(sync_flags& f) {
  engine::clone_settings c;
  c.from = cli::read_instance(f.from, "--from");
  c.sync = finish(f, &c.from);
  return c;
}

bool known_command(const char* word) {
  for (const char* c : commands) {
    if (std::strcmp(c, word) == 0) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe or a file-size limit is a write error to report, not a death.
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  allocator::use_huge_pages();
  if (argc > 1 && argv[1][0] != '-' && !known_command(argv[1])) {
    std::cerr << "sdemig: unknown command \"" << argv[1]
              << "\" (commands: export, plan, clone, import, verify, bench)\n";
    return 2;
  }
  CLI::App app{"sdemig: copy SD Elements connectors between instances, fast and safely"};
  app.require_subcommand(1);
  app.set_version_flag("--version", version_text("sdemig"),
                       "Print the version, the git revision and the libraries built with");

  // export
  engine::export_settings exp;
  std::string export_kind = "all", export_format = "json", export_progress = "auto";
  cli::instance_flags export_from{"SDE_SOURCE_TOKEN"};
  CLI::App* export_cmd =
      app.add_subcommand("export", "Write every connector of an instance to JSON or NDJSON");
  cli::add_instance(*export_cmd, "--from", export_from, "source instance");
  export_cmd->add_option("--api", export_from.api, "Same as --from-api")
      ->check(CLI::IsMember({"legacy", "current", "auto"}));
  export_cmd->add_option("--kind", export_kind, "alm (issue-tracker), analysis or all")
      ->check(CLI::IsMember({"alm", "issue-tracker", "analysis", "all"}))
      ->capture_default_str();
  export_cmd->add_option("--out", exp.out, "Output file, or - for stdout")->capture_default_str();
  export_cmd->add_option("--format", export_format, "json or ndjson")
      ->check(CLI::IsMember({"json", "ndjson"}))
      ->capture_default_str();
  export_cmd->add_flag("--connections", exp.connections,
                       "Projects' connections too, with project paths and connector names");
  export_cmd->add_flag("--include-secrets", exp.options.include_secrets,
                       "Write secret params (file mode 0600)");
  cli::add_net_flags(*export_cmd, exp.net, true, &export_progress);
  cli::add_metrics_flag(*export_cmd, exp.metrics_file);

  sync_flags plan_f, clone_f, import_f, verify_f;
  CLI::App* plan_cmd =
      app.add_subcommand("plan", "Show what a clone would change, per connector and field");
  add_sync(*plan_cmd, plan_f, true, true);
  plan_cmd->add_flag("--json", plan_f.settings.json, "Print the plan as JSON");
  plan_cmd->add_flag("--detailed-exitcode", plan_f.settings.detailed_exitcode,
                     "Exit 3 when changes are pending");
  plan_cmd->add_flag("--show-noop", plan_f.settings.show_noop, "List unchanged connectors too");
  plan_cmd->add_option("--html", plan_f.settings.html_file,
                       "Also write the plan as a self-contained HTML page for reviewers");
  add_update_verb_flags(*plan_cmd, plan_f);

  auto add_apply_flags = [](CLI::App& cmd, sync_flags& f) {
    cmd.add_flag("--dry-run", f.settings.dry_run, "Plan only: print the plan, write nothing");
    cmd.add_option("--journal", f.settings.journal_file,
                   "Append one NDJSON line per applied write");
    cmd.add_option("--report", f.settings.report_file,
                   "Write a JSON report of every connector's outcome");
    add_update_verb_flags(cmd, f);
    cmd.add_flag("--show-noop", f.settings.show_noop,
                 "With --dry-run: list unchanged connectors too");
    cmd.add_option("--html", f.settings.html_file,
                   "Write the plan (as made before anything is sent) as an HTML page");
  };
  CLI::App* clone_cmd = app.add_subcommand("clone", "Copy connectors from one instance to another");
  clone_f.settings.net.auto_concurrency = true;  // the default for clone and import
  add_sync(*clone_cmd, clone_f, true, true);
  add_apply_flags(*clone_cmd, clone_f);

  CLI::App* import_cmd =
      app.add_subcommand("import", "Copy connectors from an export file to an instance");
  import_cmd
      ->add_option("--file", import_f.import_file, "Export file (json or ndjson), or - for stdin")
      ->required();
  import_f.settings.net.auto_concurrency = true;
  add_sync(*import_cmd, import_f, false, true);
  add_apply_flags(*import_cmd, import_f);

  CLI::App* verify_cmd =
      app.add_subcommand("verify", "Compare source (after transforms) with target");
  CLI::Option* verify_from = add_sync(*verify_cmd, verify_f, true, true);
  verify_from->required(false);
  verify_cmd->add_flag("--json", verify_f.settings.json, "Print the comparison as JSON");
  verify_cmd->add_option("--html", verify_f.settings.html_file,
                         "Also write the comparison as a self-contained HTML page");
  verify_cmd->add_flag(
      "--test-connections", verify_f.test_connections,
      "Ask the target to test each connector in scope (POST /connectors/testalm/): ok NAME or fail "
      "NAME: detail; exit 1 if any fail (--from is not needed)");

  engine::bench_command_settings bench;
  std::string bench_op = "get", bench_mix = "get=8,list=1,update=1";
  double bench_seconds = 10, bench_warmup = 1;
  std::uint64_t bench_count = 0;
  cli::instance_flags bench_instance{"SDE_TOKEN"};
  CLI::App* bench_cmd =
      app.add_subcommand("bench", "Measure an SDE API's throughput and latency (wrk2-style)");
  cli::add_instance(*bench_cmd, "--url", bench_instance, "instance", "--token-file", false);
  bench_cmd->add_option("--op", bench_op, "list, get, create, update or mix")
      ->check(CLI::IsMember({"list", "get", "create", "update", "mix"}))
      ->capture_default_str();
  bench_cmd->add_option("-c,--connections", bench.load.connections, "Connections")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  auto* duration = bench_cmd->add_option("-d,--duration", bench_seconds, "Seconds to measure")
                       ->check(cli::finite_range(0.01, 604800, "seconds"))
                       ->capture_default_str();
  bench_cmd->add_option("-n,--requests", bench_count, "Requests to send (instead of -d)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000'000}))
      ->excludes(duration);
  bench_cmd->add_option("--rate", bench.load.rate, "Open loop: requests per second in all")
      ->check(cli::finite_range(0.001, 1e7, "requests per second"));
  auto* mix =
      bench_cmd->add_option("--mix", bench_mix, "Weights for --op mix (whole numbers 0..1000)")
          ->capture_default_str();
  bench_cmd
      ->add_option("--warmup", bench_warmup,
                   "Seconds not measured at the start (with -d; --capacity: before each step, "
                   "default 0.5)")
      ->check(cli::finite_range(0, 3600, "seconds"))
      ->capture_default_str();
  bench_cmd->add_flag("--json", bench.json, "Print the results as JSON");
  bench_cmd->add_option("--hdr-out", bench.hdr_out,
                        "Write every request's latency distribution to FILE in HdrHistogram's "
                        ".hgrm text (milliseconds), for HdrHistogram plotters");
  bench_cmd->add_option("--html", bench.html_out,
                        "Write the results as an HTML page with charts (percentiles, over time, "
                        "status mix)");
  bench_cmd->add_option("--threshold", bench.thresholds,
                        "What the run must meet, checked at the end (exit 4 when not): "
                        "p50|p90|p95|p99|p99.9|max<VALUE(ms|s), rps>N, errors<N%, throttled<N%, "
                        "optionally of one operation (get.p99<50ms); repeatable");
  bench_cmd->add_option("--baseline", bench.baseline,
                        "An earlier bench --json to compare with: req/s, p50 and p99 per "
                        "operation with a 95% confidence interval");
  bench_cmd->add_flag("--capacity", bench.capacity,
                      "A closed-loop sweep at 1, 2, 4 ... connections that stops by itself: "
                      "peak, knee (the concurrency to use) and the USL fit");
  bench_cmd
      ->add_option("--max-connections", bench.max_connections,
                   "--capacity: the most connections a step may have")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  bench_cmd
      ->add_option("--step-seconds", bench.step_seconds,
                   "--capacity: seconds measured at each step (after --warmup, 0.5 s by default)")
      ->check(cli::finite_range(0.1, 3600, "seconds"))
      ->capture_default_str();
  bench_cmd
      ->add_option("--max-errors", bench.max_errors_pct,
                   "The most errors and 429s a run may have (percent of its requests): past "
                   "it a run exits 1, and --capacity stops at that step")
      ->check(cli::finite_range(0, 100, "percent"))
      ->capture_default_str();
  bench_cmd->add_option("--slo", bench.slo,
                        "--capacity: the most connections at which this holds (same syntax "
                        "as --threshold)");
  cli::add_net_flags(*bench_cmd, bench.net, false, nullptr);
  cli::add_metrics_flag(*bench_cmd, bench.metrics_file);

  cli::name_value_types(app);
  if (argc == 3 && std::strcmp(argv[1], "--manpages") == 0)
    return cli::write_manpages(app, argv[2]);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return exit_on_parse_error(app, e, "sdemig");
  }

  try {
    for (const auto& [cmd, net] : {std::pair{export_cmd, &exp.net},
                                   {plan_cmd, &plan_f.settings.net},
                                   {clone_cmd, &clone_f.settings.net},
                                   {import_cmd, &import_f.settings.net},
                                   {verify_cmd, &verify_f.settings.net}}) {
      if (*cmd) cli::check_net_flags(*cmd, *net);
    }
    if (*export_cmd) {
      exp.from = cli::read_instance(export_from, "--from");
      exp.net.progress = cli::progress_wanted(export_progress);
      cli::warn_insecure(exp.net, {{"source", &exp.from}});
      exp.options.format =
          export_format == "ndjson" ? engine::export_format::ndjson : engine::export_format::json;
      if (auto k = cli::parse_kind(export_kind)) exp.options.kinds = {*k};
      return engine::run_export(exp);
    }
    if (*bench_cmd) {
      if (mix->count() > 0 && bench_op != "mix")
        throw engine::usage_error("--mix goes with --op mix (the op is " + bench_op + ")");
      for (const char* flag : {"--max-connections", "--step-seconds", "--slo"}) {
        if (bench_cmd->count(flag) > 0 && !bench.capacity)
          throw engine::usage_error(std::string(flag) + " goes with --capacity");
      }
      if (bench.capacity) {
        for (const char* flag : {"--rate", "-n", "-d", "--baseline", "--threshold", "-c"}) {
          if (bench_cmd->count(flag) > 0)
            throw engine::usage_error(std::string(flag) +
                                      " is not for --capacity, which sets its own steps "
                                      "(--slo says what must hold)");
        }
        if (bench_cmd->count("--hdr-out") > 0)
          throw engine::usage_error(
              "--hdr-out is not for --capacity: each step has its own latency distribution "
              "(--json has each step's percentiles)");
        if (bench_cmd->count("--warmup") == 0) bench_warmup = 0.5;  // before each step
      }
      bench.instance = cli::read_instance(bench_instance, "--url", "--token-file");
      cli::warn_insecure(bench.net, {{"instance", &bench.instance}});
      bench.load.mix = cli::parse_mix(bench_op == "mix" ? bench_mix : bench_op + "=1");
      bench.load.warmup = std::chrono::milliseconds(static_cast<long>(bench_warmup * 1000));
      if (bench_count) {
        bench.load.count = bench_count;
        bench.load.duration.reset();
      } else {
        bench.load.duration = std::chrono::milliseconds(static_cast<long>(bench_seconds * 1000));
      }
      return engine::run_bench(bench);
    }
    if (*plan_cmd) return engine::run_plan(finish_clone(plan_f));
    if (*clone_cmd) return engine::run_clone(finish_clone(clone_f));
    if (*import_cmd) return engine::run_import({import_f.import_file, finish(import_f)});
    if (*verify_cmd) {
      engine::verify_settings v;
      v.test_connections = verify_f.test_connections;
      if (!v.test_connections && verify_f.from.url.empty()) {
        throw engine::usage_error("verify needs --from (or --test-connections)");
      }
      if (!verify_f.from.url.empty() && !v.test_connections)
        v.from = cli::read_instance(verify_f.from, "--from");
      v.sync = finish(verify_f, v.from ? &*v.from : nullptr);
      return engine::run_verify(v);
    }
  } catch (const engine::usage_error& e) {
    std::cerr << "sdemig: " << e.what() << '\n';
    cli::write_usage_metrics(app);
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sdemig: " << e.what() << '\n';
    return 1;
  }
  return 2;
}

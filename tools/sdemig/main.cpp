// sdemig: moves SD Elements connector configuration between instances.
// Argument parsing and wiring only; the work is in engine/.

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "engine/commands/commands.hpp"
#include "options.hpp"
#include "tools/allocator/heap.hpp"

namespace {

using namespace sdemig;

struct sync_flags {
  engine::sync_settings settings;
  std::string from_url, to_url, kind = "all";
  cli::token_source from_token{{}, "SDE_SOURCE_TOKEN"};
  cli::token_source to_token{{}, "SDE_TARGET_TOKEN"};
};

void add_sync(CLI::App& cmd, sync_flags& f, bool from_instance, bool writes) {
  if (from_instance) cli::add_instance(cmd, "--from", f.from_url, f.from_token, "source instance");
  cli::add_instance(cmd, "--to", f.to_url, f.to_token, "target instance");
  cmd.add_option("--job", f.settings.job_file, "Job file (JSON): kinds, select, transforms, on_conflict");
  cmd.add_option("--kind", f.kind, "Only this kind of connector")->check(CLI::IsMember({"alm", "analysis", "all"}));
  cmd.add_option("--secrets", f.settings.secrets_file, "Secrets file (JSON) filling masked or redacted secrets");
  cli::add_net_flags(cmd, f.settings.net, writes);
}

engine::sync_settings finish(sync_flags& f, bool from_instance) {
  engine::sync_settings s = f.settings;
  if (from_instance) s.from = engine::instance_settings{f.from_url, cli::read_token(f.from_token, "--from")};
  s.to = engine::instance_settings{f.to_url, cli::read_token(f.to_token, "--to")};
  s.kind = cli::parse_kind(f.kind);
  return s;
}

}  // namespace


int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  allocator::use_huge_pages();
  CLI::App app{"sdemig: copy SD Elements connectors between instances, fast and safely"};
  app.require_subcommand(1);

  // export
  engine::export_settings exp;
  std::string export_url, export_kind = "all", export_format = "json";
  cli::token_source export_token{{}, "SDE_SOURCE_TOKEN"};
  CLI::App* export_cmd = app.add_subcommand("export", "Write every connector of an instance to JSON or NDJSON");
  cli::add_instance(*export_cmd, "--from", export_url, export_token, "source instance");
  export_cmd->add_option("--kind", export_kind, "alm, analysis or all")->check(CLI::IsMember({"alm", "analysis", "all"}))->capture_default_str();
  export_cmd->add_option("--out", exp.out, "Output file, or - for stdout")->capture_default_str();
  export_cmd->add_option("--format", export_format, "json or ndjson")->check(CLI::IsMember({"json", "ndjson"}))->capture_default_str();
  export_cmd->add_flag("--include-secrets", exp.options.include_secrets, "Write secret params (file mode 0600)");
  cli::add_net_flags(*export_cmd, exp.net, false);

  sync_flags plan_f, clone_f, import_f, verify_f;
  CLI::App* plan_cmd = app.add_subcommand("plan", "Show what a clone would change, per connector and field");
  add_sync(*plan_cmd, plan_f, true, false);
  plan_cmd->add_flag("--json", plan_f.settings.json, "Print the plan as JSON");
  plan_cmd->add_flag("--detailed-exitcode", plan_f.settings.detailed_exitcode, "Exit 3 when changes are pending");
  plan_cmd->add_flag("--show-noop", plan_f.settings.show_noop, "List unchanged connectors too");

  auto add_apply_flags = [](CLI::App& cmd, sync_flags& f) {
    cmd.add_flag("--dry-run", f.settings.dry_run, "Plan only: print the plan, write nothing");
    cmd.add_option("--journal", f.settings.journal_file, "Append one NDJSON line per applied write");
    cmd.add_option("--report", f.settings.report_file, "Write a JSON report of every connector's outcome");
    cmd.add_flag("--patch", f.settings.use_patch, "Update with PATCH instead of PUT");
    cmd.add_flag("--show-noop", f.settings.show_noop, "With --dry-run: list unchanged connectors too");
  };
  CLI::App* clone_cmd = app.add_subcommand("clone", "Copy connectors from one instance to another");
  add_sync(*clone_cmd, clone_f, true, true);
  add_apply_flags(*clone_cmd, clone_f);

  CLI::App* import_cmd = app.add_subcommand("import", "Copy connectors from an export file to an instance");
  import_cmd->add_option("--file", import_f.settings.import_file, "Export file (json or ndjson)")->required();
  add_sync(*import_cmd, import_f, false, true);
  add_apply_flags(*import_cmd, import_f);

  CLI::App* verify_cmd = app.add_subcommand("verify", "Compare source (after transforms) with target");
  add_sync(*verify_cmd, verify_f, true, false);
  verify_cmd->add_flag("--json", verify_f.settings.json, "Print the comparison as JSON");

  engine::bench_command_settings bench;
  std::string bench_url, bench_op = "get", bench_mix = "get=8,list=1,update=1";
  double bench_seconds = 10, bench_warmup = 1;
  std::uint64_t bench_count = 0;
  cli::token_source bench_token{{}, "SDE_TOKEN"};
  CLI::App* bench_cmd = app.add_subcommand("bench", "Measure an SDE API's throughput and latency (wrk2-style)");
  cli::add_instance(*bench_cmd, "--url", bench_url, bench_token, "instance", "--token-file");
  bench_cmd->add_option("--op", bench_op, "list, get, create, update or mix")
      ->check(CLI::IsMember({"list", "get", "create", "update", "mix"}))->capture_default_str();
  bench_cmd->add_option("-c,--connections", bench.load.connections, "Connections")->check(CLI::Range(1, 4096))->capture_default_str();
  auto* duration = bench_cmd->add_option("-d,--duration", bench_seconds, "Seconds to measure")->check(CLI::PositiveNumber)->capture_default_str();
  bench_cmd->add_option("-n,--requests", bench_count, "Requests to send (instead of -d)")->check(CLI::PositiveNumber)->excludes(duration);
  bench_cmd->add_option("--rate", bench.load.rate, "Open loop: requests per second in all")->check(CLI::PositiveNumber);
  bench_cmd->add_option("--mix", bench_mix, "Weights for --op mix")->capture_default_str();
  bench_cmd->add_option("--warmup", bench_warmup, "Seconds not measured at the start (with -d)")->check(CLI::NonNegativeNumber)->capture_default_str();
  bench_cmd->add_flag("--json", bench.json, "Print the results as JSON");
  cli::add_net_flags(*bench_cmd, bench.net, false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    for (const engine::net_settings* net : {&exp.net, &plan_f.settings.net, &clone_f.settings.net,
                                             &import_f.settings.net, &verify_f.settings.net}) {
      if (net->insecure) std::cerr << "sdemig: warning: --insecure: TLS certificates are not verified\n";
    }
    if (*export_cmd) {
      exp.from = {export_url, cli::read_token(export_token, "--from")};
      exp.options.format = export_format == "ndjson" ? engine::export_format::ndjson : engine::export_format::json;
      if (auto k = cli::parse_kind(export_kind)) exp.options.kinds = {*k};
      return engine::run_export(exp);
    }
    if (*bench_cmd) {
      bench.instance = {bench_url, cli::read_token(bench_token, "--url", "--token-file")};
      bench.load.mix = cli::parse_mix(bench_op == "mix" ? bench_mix : bench_op + "=1");
      bench.load.warmup = std::chrono::milliseconds(static_cast<long>(bench_warmup * 1000));
      if (bench_count) {
        bench.load.count = bench_count;
        bench.load.duration.reset();
      } else {
        bench.load.duration = std::chrono::milliseconds(static_cast<long>(bench_seconds * 1000));
      }
      if (bench.net.insecure) std::cerr << "sdemig: warning: --insecure: TLS certificates are not verified\n";
      return engine::run_bench(bench);
    }
    if (*plan_cmd) return engine::run_plan(finish(plan_f, true));
    if (*clone_cmd) return engine::run_clone(finish(clone_f, true));
    if (*import_cmd) return engine::run_clone(finish(import_f, false));
    if (*verify_cmd) return engine::run_verify(finish(verify_f, true));
  } catch (const engine::usage_error& e) {
    std::cerr << "sdemig: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "sdemig: " << e.what() << '\n';
    return 1;
  }
  return 2;
}

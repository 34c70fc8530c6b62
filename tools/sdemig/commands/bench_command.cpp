// sdemig bench: an SDE API's throughput and latency, wrk2-style, or a
// capacity sweep.
#include <chrono>
#include <memory>

#include "engine/commands/commands.hpp"
#include "tools/sdemig/commands/command.hpp"
#include "tools/sdemig/options.hpp"

namespace sdemig::cli {

command add_bench(CLI::App& app) {
  struct flags {
    engine::bench_command_settings settings;
    std::string op = "get", mix = "get=8,list=1,update=1";
    double seconds = 10, warmup = 1;
    std::uint64_t count = 0;
    instance_flags instance{"SDE_TOKEN"};
  };
  auto f = std::make_shared<flags>();
  engine::bench_command_settings& bench = f->settings;
  CLI::App* bench_cmd =
      app.add_subcommand("bench", "Measure an SDE API's throughput and latency (wrk2-style)");
  add_instance(*bench_cmd, "--url", f->instance, "instance", "--token-file", false);
  bench_cmd->add_option("--op", f->op, "list, get, create, update or mix")
      ->check(CLI::IsMember({"list", "get", "create", "update", "mix"}))
      ->capture_default_str();
  bench_cmd->add_option("-c,--connections", bench.load.connections, "Connections")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  auto* duration = bench_cmd->add_option("-d,--duration", f->seconds, "Seconds to measure")
                       ->check(finite_range(0.01, 604800, "seconds"))
                       ->capture_default_str();
  bench_cmd->add_option("-n,--requests", f->count, "Requests to send (instead of -d)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000'000}))
      ->excludes(duration);
  bench_cmd->add_option("--rate", bench.load.rate, "Open loop: requests per second in all")
      ->check(finite_range(0.001, 1e7, "requests per second"));
  bench_cmd->add_option("--mix", f->mix, "Weights for --op mix (whole numbers 0..1000)")
      ->capture_default_str();
  bench_cmd
      ->add_option("--warmup", f->warmup,
                   "Seconds not measured at the start (with -d; --capacity: before each step, "
                   "default 0.5)")
      ->check(finite_range(0, 3600, "seconds"))
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
      ->check(finite_range(0.1, 3600, "seconds"))
      ->capture_default_str();
  bench_cmd
      ->add_option("--max-errors", bench.max_errors_pct,
                   "The most errors and 429s a run may have (percent of its requests): past "
                   "it a run exits 1, and --capacity stops at that step")
      ->check(finite_range(0, 100, "percent"))
      ->capture_default_str();
  bench_cmd->add_option("--slo", bench.slo,
                        "--capacity: the most connections at which this holds (same syntax "
                        "as --threshold)");
  add_net_flags(*bench_cmd, bench.net, false, nullptr);
  add_metrics_flag(*bench_cmd, bench.metrics_file);

  return {bench_cmd, [bench_cmd, f] {
            engine::bench_command_settings& bench = f->settings;
            if (bench_cmd->count("--mix") > 0 && f->op != "mix")
              throw engine::usage_error("--mix goes with --op mix (the op is " + f->op + ")");
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
              if (bench_cmd->count("--warmup") == 0) f->warmup = 0.5;  // before each step
            }
            bench.instance = read_instance(f->instance, "--url", "--token-file");
            warn_insecure(bench.net, {{"instance", &bench.instance}});
            bench.load.mix = parse_mix(f->op == "mix" ? f->mix : f->op + "=1");
            bench.load.warmup = std::chrono::milliseconds(static_cast<long>(f->warmup * 1000));
            if (f->count) {
              bench.load.count = f->count;
              bench.load.duration.reset();
            } else {
              bench.load.duration = std::chrono::milliseconds(static_cast<long>(f->seconds * 1000));
            }
            return engine::run_bench(bench);
          }};
}

}  // namespace sdemig::cli

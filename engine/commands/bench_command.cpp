#include <unistd.h>

#include <chrono>
#include <iostream>

#include "engine/commands/commands.hpp"
#include "engine/commands/metrics_file.hpp"
#include "engine/commands/session.hpp"
#include "engine/commands/sync_run.hpp"
#include "engine/load/answers.hpp"
#include "engine/load/bench_metrics.hpp"
#include "engine/load/bench_page.hpp"
#include "engine/load/capacity.hpp"
#include "engine/load/comparison.hpp"
#include "engine/load/hgrm.hpp"
#include "engine/load/load.hpp"
#include "engine/load/threshold.hpp"
#include "engine/load/unmeasured_retry.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/files/read_file.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {
namespace {

bool writes(const bench_settings& s, bench_op op) {
  for (auto& [o, weight] : s.mix) {
    if (o == op && weight > 0) return true;
  }
  return false;
}

}  // namespace

// A threshold (or the SLO), parsed before any request: a malformed one, one
// that can never hold or one about an operation the run does not send is
// exit 2.
threshold parse_for_run(const std::string& flag, const std::string& expr,
                        const bench_settings& load) {
  try {
    threshold t = parse_threshold(expr);
    check_sent(t, load);
    return t;
  } catch (const threshold_error& error) {
    throw usage_error(flag + " " + error.what());
  }
}

std::optional<run_series> load_baseline(const std::string& path) {
  if (path.empty()) return std::nullopt;
  try {
    return read_baseline(files::read_file(path), path);
  } catch (const std::runtime_error& e) {  // baseline_error, or the file cannot be read
    throw usage_error(std::string("--baseline ") + e.what());
  }
}

void write_thresholds(json::writer& w, const std::vector<threshold_check>& checks) {
  w.key("thresholds");
  w.begin_array();
  for (const threshold_check& c : checks) {
    w.begin_object();
    w.member("expr", c.t->expr);
    w.key("value");
    if (c.value) {
      w.value(*c.value);
    } else {
      w.null();  // no answers measured
    }
    w.member("result", c.held ? "held" : "breached");
    w.end_object();
  }
  w.end_array();
}

void write_comparison(json::writer& w, const std::vector<op_comparison>& ops) {
  w.key("comparison");
  w.begin_object();
  w.member("method", "moving-block bootstrap of per-second values, 95%, 2000 resamples");
  w.key("ops");
  w.begin_array();
  for (const op_comparison& c : ops) {
    w.begin_object();
    w.member("op", to_string(c.op));
    for (const auto& [name, m] : {std::pair{"rps", &c.rps}, {"p50", &c.p50}, {"p99", &c.p99}}) {
      w.key(name);
      w.begin_object();
      w.member("baseline", m->baseline);
      w.member("now", m->now);
      w.member("change_pct", m->change_pct);
      w.member("ci_low_pct", m->ci_low_pct);
      w.member("ci_high_pct", m->ci_high_pct);
      w.member("verdict", to_string(m->what));
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

namespace {

int bench_run(const bench_command_settings& settings, metrics_file& metrics) {
  // Read and opened before any request: a bad expression, baseline or path
  // is exit 2 with nothing sent.
  std::vector<threshold> thresholds;
  for (const std::string& e : settings.thresholds)
    thresholds.push_back(parse_for_run("--threshold", e, settings.load));
  const std::optional<run_series> baseline = load_baseline(settings.baseline);
  std::unique_ptr<files::output_file> hdr = open_output(settings.hdr_out, "--hdr-out");
  std::unique_ptr<files::output_file> page = open_output(settings.html_out, "--html");
  std::optional<threshold> slo;
  if (!settings.slo.empty()) slo = parse_for_run("--slo", settings.slo, settings.load);
  net_settings net = settings.net;
  net.concurrency = settings.capacity ? settings.max_connections : settings.load.connections;
  session s(net);
  instance& target = s.connect(settings.instance, "--url", "instance", /*raw=*/true);
  bench_settings load = settings.load;
  if (load.create_prefix.empty()) {
    load.create_prefix =
        "sdemig-bench-" + std::to_string(::getpid()) + "-" +
        std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000) + "-";
  }
  // Said before the first request: this bench changes the instance.
  if (writes(load, bench_op::create)) {
    std::cerr << "sdemig: bench writes to " << settings.instance.url
              << ": it creates ALM connectors named \"" << printable(load.create_prefix)
              << "N\" (find and remove them by that prefix)\n";
  }
  if (writes(load, bench_op::update)) {
    std::cerr << "sdemig: bench writes to " << settings.instance.url
              << ": it updates existing ALM connectors with the values they already hold\n";
  }
  const int code = s.run([&](const bool& stop) -> boost::asio::awaitable<int> {
    // The probe is not measured: a throttled or unavailable answer is tried again.
    if (!target.forced_api) {
      using probe_result = sde::result<api_generation>;
      auto probe = [&]() -> boost::asio::awaitable<probe_result> {
        co_return co_await target.api->async_probe();
      };
      auto throttled =
          [](const probe_result& r) -> std::optional<std::optional<std::chrono::milliseconds>> {
        if (r || r.error().what != sde::api_error::kind::http ||
            (r.error().status != 429 && r.error().status != 503)) {
          return std::nullopt;
        }
        return std::optional<std::chrono::milliseconds>{};
      };
      const probe_result probed = co_await async_retry_unmeasured<probe_result>(probe, throttled);
      if (!probed) {
        std::cerr << "sdemig: probing the instance's API failed: "
                  << printable(probed.error().message) << '\n';
        co_return 1;
      }
    } else {
      target.api->set_generation(*target.forced_api);
    }
    load.api = target.api->generation();
    load.scrub = &s.scrub();  // the token, before any excerpt of an answer is cut
    // An update PUTs back what it read: which values are secrets it cannot
    // see is clone's rule (the schema, else names that look secret).
    std::optional<plugin_schema> schema;
    if (writes(load, bench_op::update)) {
      bool failed = false;
      schema = co_await async_read_schema(target, false, failed);
      if (failed) co_return 1;
      load.schema = schema ? &*schema : nullptr;
    }
    if (settings.capacity) {
      capacity_settings cs;
      cs.max_connections = settings.max_connections;
      cs.step = std::chrono::milliseconds(static_cast<long>(settings.step_seconds * 1000));
      cs.warmup = load.warmup;
      cs.max_errors_pct = settings.max_errors_pct;
      cs.slo = slo;
      const capacity_report report = co_await async_capacity(*target.http, load, cs, stop);
      // The steps measured are reported whatever ended the sweep.
      files::write_stdout(settings.json
                              ? s.scrub().scrub(capacity_json(report, cs, settings.instance.url))
                              : s.scrub().scrub(capacity_text(report, cs)));
      write_page(page.get(), s.scrub().scrub(capacity_html(report, cs, settings.instance.url,
                                                           time::iso8601_now())));
      if (!capacity_failed(report)) co_return 0;
      const std::string why = report.succeeded
                                  ? "the sweep did not finish: " + sweep_end_text(report, cs)
                                  : capacity_summary(report, cs);
      std::cerr << "sdemig: bench: " << printable(s.scrub().scrub(why)) << '\n';
      co_return 1;
    }
    const bench_outcome outcome = co_await async_bench(*target.http, load, stop);
    if (outcome.failed) {
      std::cerr << "sdemig: bench: " << printable(s.scrub().scrub(failure_text(*outcome.failed)))
                << '\n';
      co_return 1;
    }
    const bench_result& r = outcome.result;
    const std::vector<threshold_check> checks = check_thresholds(thresholds, r);
    write_bench_metrics(metrics.body(), r, checks);
    std::vector<op_comparison> compared;
    if (baseline) {
      std::vector<std::string> warnings;
      compared = compare_runs(*baseline, series_of(r, settings.instance.url), warnings);
      for (const std::string& w : warnings)
        std::cerr << "sdemig: warning: " << printable(w) << '\n';
    }
    std::string out;
    if (settings.json) {
      out = bench_json(r, settings.instance.url, [&](json::writer& w) {
        if (!thresholds.empty()) write_thresholds(w, checks);
        if (baseline) write_comparison(w, compared);
      });
    } else {
      out = bench_text(r, settings.instance.url, load);
      for (const threshold_check& c : checks) out += threshold_line(c) + "\n";
      if (baseline) out += comparison_text(compared);
    }
    files::write_stdout(out);
    if (hdr) {
      net::latency_histogram all;
      for (const auto& [op, stats] : r.ops) all.merge(stats.latency);
      hdr->write(hgrm(all));
      hdr->commit();
    }
    write_page(page.get(), bench_html(r, settings.instance.url, load, time::iso8601_now()));
    for (const threshold_check& c : checks) {
      if (!c.held) co_return 4;  // a threshold breached (no answers to measure it over included)
    }
    // No verdict without answers: not one 2xx, or errors and 429s over --max-errors.
    const run_verdict verdict = judge(r.answers, settings.max_errors_pct);
    if (verdict == run_verdict::measured) co_return 0;
    std::cerr << "sdemig: bench: " << verdict_text(verdict, r.answers, settings.max_errors_pct)
              << " (errors: " << errors_text(r) << "; 429: " << r.answers.throttled << ")\n";
    co_return 1;
  });
  metrics.interrupted = s.interrupted();
  return code;
}

}  // namespace

int run_bench(const bench_command_settings& settings) {
  metrics_file metrics(settings.metrics_file, "bench");
  return metrics.run([&] { return bench_run(settings, metrics); });
}

}  // namespace sdemig::engine

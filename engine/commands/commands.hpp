#pragma once
// The sdemig commands, each from its settings to an exit code:
// 0 success, 1 some operations failed, 2 bad usage or input (nothing sent),
// 3 plan --detailed-exitcode with pending changes, 4 bench --threshold breached,
// 5 apply: the target drifted since the plan was saved (nothing sent).

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/commands/export_options.hpp"
#include "engine/load/load_settings.hpp"
#include "model/generation.hpp"

namespace sdemig::engine {

// Bad usage or input found before any request: exit 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct instance_settings {
  std::string url;
  std::string token;                  // never printed
  std::string ca_file;                // this instance's extra trust anchors (else net_settings')
  bool insecure = false;              // this instance's certificate is not verified
  std::optional<api_generation> api;  // --from-api/--to-api/--api; nullopt: probe
};

struct net_settings {
  std::size_t concurrency = 16;   // requests in flight per instance (fixed)
  bool auto_concurrency = false;  // --concurrency auto: adapts, up to max_concurrency
  std::size_t max_concurrency = 64;
  // --max-concurrency was given: it is the ceiling. Without it, auto's
  // ceiling is 64 plus what the network holds (up to 256).
  bool max_concurrency_given = false;
  double rate = 0;  // requests per second per instance, 0: no cap
  std::string ca_file;
  bool insecure = false;
  std::chrono::milliseconds timeout{60'000};
  // --retry-budget: how long one request may spend retrying (first attempt
  // to the end of its last wait).
  std::chrono::milliseconds retry_budget{120'000};
  std::string
      proxy;  // --proxy URL (else the *_PROXY variables); may hold credentials: never printed
  bool no_proxy = false;  // --no-proxy: connect directly whatever the variables say
  std::size_t page_size = 500;
  std::chrono::milliseconds grace{10'000};  // Ctrl-C: in-flight writes may finish within it
  bool progress = false;                    // progress lines on stderr (a terminal)
};

struct export_settings {
  instance_settings from;
  net_settings net;
  export_options options;
  bool connections = false;  // --connections
  std::string out = "-";
  std::string metrics_file;  // --metrics-file FILE: the run's outcome for Prometheus
};

// What plan, clone, import and verify share: the target, the job and the
// files, how to update.
struct sync_settings {
  instance_settings to;
  net_settings net;
  std::string job_file, secrets_file, journal_file, report_file;
  std::string metrics_file;            // --metrics-file FILE: the run's outcome for Prometheus
  std::string html_file;               // --html FILE: the plan (verify: the comparison) as a page
  std::string backup_file;             // --backup FILE: the before-image, written before any write
  std::string plan_out;                // plan --out FILE: the plan saved for `apply`
  std::optional<connector_kind> kind;  // --kind: narrows the job's kinds
  bool dry_run = false;
  bool json = false;
  bool detailed_exitcode = false;
  bool show_noop = false;
  std::optional<bool> use_patch;  // --patch / --put; default: PATCH on current, PUT on legacy
  bool allow_same_instance = false;
  bool connections = false;  // --connections: projects' connections too
};

// plan and clone: from a source instance.
struct clone_settings {
  instance_settings from;
  sync_settings sync;
};

// import: from an export file ("-": standard input).
struct import_settings {
  std::string file;
  sync_settings sync;
};

// verify: the target against a source instance, or (--test-connections)
// the target's own connectors tested by the target.
struct verify_settings {
  std::optional<instance_settings> from;
  sync_settings sync;
  bool test_connections = false;
};

// apply: a saved plan (plan --out) applied to its target.
struct apply_settings {
  sync_settings sync;                     // the target, --secrets, the outputs, --dry-run
  std::optional<instance_settings> from;  // where secrets the plan takes from the source are read
  std::string plan_file;
  bool skip_drifted = false;  // apply what did not drift; the drifted are reported (exit 1)
};

// restore: a backup's items back to their before-images on its target.
struct restore_settings {
  sync_settings sync;  // the target, --secrets, the outputs, --dry-run
  std::string backup_file;
  bool force = false;  // items changed since the run are restored too
};

struct bench_command_settings {
  instance_settings instance;
  net_settings net;
  bench_settings load;
  bool json = false;
  std::string hdr_out;   // --hdr-out FILE: every request's latency as HdrHistogram text
  std::string html_out;  // --html FILE: the results as a page with charts
  std::vector<std::string> thresholds;  // --threshold EXPR...: exit 4 when one is breached
  std::string baseline;                 // --baseline FILE: an earlier bench --json
  // --capacity: a concurrency sweep instead of one run.
  bool capacity = false;
  std::size_t max_connections = 256;  // --max-connections
  double step_seconds = 3;            // --step-seconds
  double max_errors_pct = 5;          // --max-errors: of a run's (a step's) requests
  std::string slo;                    // --slo EXPR
  std::string metrics_file;           // --metrics-file FILE: the run's outcome for Prometheus
};

int run_export(const export_settings& settings);
int run_bench(const bench_command_settings& settings);
int run_plan(const clone_settings& settings);
int run_clone(const clone_settings& settings);
// edit: the instance `settings.to` is its own source (the job's select and
// transforms applied to its own items), read once.
int run_edit(const sync_settings& settings);
int run_restore(const restore_settings& settings);
int run_apply_plan(const apply_settings& settings);
int run_import(const import_settings& settings);
int run_verify(const verify_settings& settings);

// --metrics-file of a run stopped by a usage error: the families every
// command writes, exit code 2; nothing when FILE cannot be written.
void write_usage_metrics(const std::string& path, const std::string& command);

}  // namespace sdemig::engine

#pragma once
// `--metrics-file FILE`: the run's outcome in Prometheus's text format, for
// node_exporter's textfile collector or a Pushgateway, written atomically at
// the end of every run that got past its checks: success, failure, a first
// Ctrl-C. Counts are counters (`_total`), states and times gauges; the file
// holds one run (docs/cli.md, "Metrics").
// A run stopped by a usage error (exit 2) gets a file with the families
// every command has (write_usage_metrics); a second Ctrl-C (exit 130) ends
// the process at once and writes none.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "engine/text/exposition.hpp"
#include "io/files/output_file.hpp"

namespace sdemig::engine {

class metrics_file {
 public:
  // Opens FILE before any request: a bad path (or "-") is a usage_error.
  // An empty path: no file, and nothing below writes one.
  metrics_file(const std::string& path, std::string command);

  // What the command adds (its own families), written after the common ones.
  exposition& body() noexcept { return body_; }
  // Set by the command when a Ctrl-C stopped the run.
  bool interrupted = false;

  // Runs `run` and writes the file with its exit code; when it throws, with
  // 1 (a usage_error: nothing here, the program writes it) and rethrows. A
  // file that cannot be written is one line on stderr and exit 1 (a run
  // that would have exited 0).
  int run(const std::function<int()>& run);

  // The file: sdemig_last_run_timestamp_seconds, sdemig_run_exit_code,
  // sdemig_run_success, sdemig_run_duration_seconds, sdemig_run_interrupted,
  // then body(). Throws std::system_error.
  void write(int exit_code);

 private:
  std::unique_ptr<files::output_file> out_;
  std::string command_;
  exposition body_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace sdemig::engine

#include "engine/commands/metrics_file.hpp"

#include <iostream>

#include "engine/commands/commands.hpp"
#include "engine/commands/sync_run.hpp"

namespace sdemig::engine {

metrics_file::metrics_file(const std::string& path, std::string command)
    : command_(std::move(command)), body_({{"command", command_}}) {
  if (path == "-")
    throw usage_error("--metrics-file -: give a file (standard output holds the command's output)");
  out_ = open_output(path, "--metrics-file");
}

void metrics_file::write(int exit_code) {
  if (!out_) return;
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  exposition e({{"command", command_}});
  e.gauge("sdemig_last_run_timestamp_seconds", "When the last run ended (Unix time)");
  e.sample(now);
  e.gauge("sdemig_run_exit_code",
          "The run's exit code: 0 done, 1 some operations failed, 2 bad usage or input, 3 plan "
          "changes pending, 4 bench threshold breached");
  e.sample(exit_code);
  e.gauge("sdemig_run_success", "1 when the run exited 0, else 0");
  e.sample(exit_code == 0 ? 1 : 0);
  e.gauge("sdemig_run_duration_seconds", "Seconds the run took, from start to the end");
  e.sample(took);
  e.gauge("sdemig_run_interrupted", "1 when a Ctrl-C (SIGINT, SIGTERM) stopped the run");
  e.sample(interrupted ? 1 : 0);
  out_->write(e.text());
  out_->write(body_.text());
  out_->commit();
  out_.reset();
}

int metrics_file::run(const std::function<int()>& run) {
  int code = 1;
  try {
    code = run();
  } catch (const usage_error&) {
    throw;  // the program writes the file of a usage error (write_usage_metrics)
  } catch (...) {
    try {
      write(1);
    } catch (const std::exception&) {  // the run's own error is the one to report
    }
    throw;
  }
  try {
    write(code);
  } catch (const std::exception& e) {
    std::cerr << "sdemig: " << e.what() << '\n';
    return code == 0 ? 1 : code;
  }
  return code;
}

void write_usage_metrics(const std::string& path, const std::string& command) {
  try {
    metrics_file m(path, command);
    m.write(2);
  } catch (const std::exception&) {  // a bad --metrics-file: the usage error said why
  }
}

}  // namespace sdemig::engine

#pragma once
// Runs a program of ours as a child process for end-to-end tests: its
// stdout and stderr are captured through pipes.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sdemig::test {

class child_process {
 public:
  explicit child_process(std::vector<std::string> argv);
  ~child_process();  // kills the child if it still runs
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // The next line of stdout (without '\n'), or nullopt on EOF or timeout.
  std::optional<std::string> read_line(
      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads stderr until it holds `text`: false on EOF or timeout.
  bool wait_for_stderr(std::string_view text,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));
  void signal(int sig);
  // Waits for the exit; the exit code, or 128 + signal. Reads what is left
  // of stdout/stderr into the accessors below.
  int wait();

  const std::string& stdout_rest() const { return out_; }
  const std::string& stderr_text() const { return err_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  std::optional<int> status_;
};

// Runs to completion and returns {exit code, stdout, stderr}.
struct run_result {
  int code;
  std::string out;
  std::string err;
};
run_result run(std::vector<std::string> argv);

}  // namespace sdemig::test

#pragma once
// The progress line on a terminal: done/total, writes/s, errors, ETA.
// Silent when stderr is not a TTY (logs, CI, pipes).

#include <chrono>
#include <cstddef>

namespace sdemig::engine {

class progress {
 public:
  progress(std::size_t total, bool enabled);
  void tick(bool error);  // one item finished
  void finish();          // ends the line

 private:
  void draw(bool force);

  std::size_t total_;
  std::size_t done_ = 0;
  std::size_t errors_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace sdemig::engine

namespace sdemig::engine {

// While reading: "read: source 12000, target 9500 connectors" on one line,
// redrawn at most ten times a second, cleared at the end. Silent when off.
class read_progress {
 public:
  explicit read_progress(bool enabled) : enabled_(enabled) {}
  ~read_progress() { finish(); }
  read_progress(const read_progress&) = delete;
  read_progress& operator=(const read_progress&) = delete;

  void add(const char* who, std::size_t n);  // `who` is a literal: "source", "target", "exported"
  void finish();                             // clears the line

 private:
  struct count {
    const char* who;
    std::size_t n;
  };
  bool enabled_;
  bool drawn_ = false;
  count counts_[2] = {{nullptr, 0}, {nullptr, 0}};
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace sdemig::engine

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

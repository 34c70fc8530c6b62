#include "engine/progress.hpp"

#include <cstdio>

namespace sdemig::engine {

progress::progress(std::size_t total, bool enabled)
    : total_(total), enabled_(enabled && total > 0), start_(std::chrono::steady_clock::now()) {}

void progress::tick(bool error) {
  ++done_;
  errors_ += error;
  draw(false);
}

void progress::draw(bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  std::fprintf(stderr, "\r%zu/%zu  %.0f writes/s  %zu errors  ETA %.0fs   ", done_, total_, rate, errors_, eta);
  std::fflush(stderr);
}

void progress::finish() {
  if (!enabled_) return;
  draw(true);
  std::fputc('\n', stderr);
}

}  // namespace sdemig::engine

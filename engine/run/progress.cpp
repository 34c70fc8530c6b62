#include "engine/run/progress.hpp"

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
  std::fprintf(stderr, "\r%zu/%zu  %.0f writes/s  %zu errors  ETA %.0fs   ", done_, total_, rate,
               errors_, eta);
  std::fflush(stderr);
}

void progress::finish() {
  if (!enabled_) return;
  draw(true);
  std::fputc('\n', stderr);
}

}  // namespace sdemig::engine

namespace sdemig::engine {

void read_progress::add(const char* who, std::size_t n) {
  if (!enabled_) return;
  bool first = false;  // a side's first count is always drawn
  for (count& c : counts_) {
    if (c.who == nullptr || c.who == who) {
      first = c.who == nullptr;
      c.who = who;
      c.n += n;
      break;
    }
  }
  const auto now = std::chrono::steady_clock::now();
  if (!first && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  std::fprintf(stderr, "\r\033[Kread:");
  for (const count& c : counts_) {
    if (c.who) std::fprintf(stderr, " %s %zu", c.who, c.n);
  }
  std::fprintf(stderr, " connectors");
  std::fflush(stderr);
  drawn_ = true;
}

void read_progress::finish() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace sdemig::engine

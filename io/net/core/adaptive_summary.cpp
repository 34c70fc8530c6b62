// Why the limit is where it is, in words, for the summary line after a
// clone ("concurrency auto: 24 (min latency 31 ms, queue building above
// 26)"): the limiter's state told to a person, apart from its decisions.
#include <cmath>
#include <cstdio>

#include "io/net/core/adaptive_limit.hpp"

namespace sdemig::net {

namespace {

std::string ms_text(std::chrono::microseconds us) {
  const double ms = static_cast<double>(us.count()) / 1000.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.1f" : "%.0f", ms);
  return buf;
}

}  // namespace

std::string adaptive_limit::summary() const {
  std::string s = std::to_string(limit()) + " (";
  const std::chrono::microseconds min = min_latency();
  if (min.count() == 0) return s + "too few answers to judge)";
  s += "min latency " + ms_text(min) + " ms";
  if (phase_class_ != request_class::read) s += " of " + std::string(to_string(phase_class_));
  s += ", ";
  // A pace set by 429s is what holds requests back, whatever else happened.
  switch (pacer_.pace() > 0 ? reason::throttled : why_) {
    case reason::queue:
      s += "queue building above " + std::to_string(static_cast<long>(queue_above_));
      break;
    case reason::throttled:
      s += "429s above " + std::to_string(static_cast<long>(std::lround(pacer_.throttled_at()))) +
           " requests/s, paced at " + std::to_string(static_cast<long>(std::lround(pacer_.pace())));
      break;
    case reason::overloaded:
      s += "503s or timeouts";
      break;
    case reason::capped:
      if (cap_ > static_cast<double>(options_.max)) {
        s += "no queue up to " + std::to_string(limit()) + ": " + std::to_string(options_.max) +
             " at the server and " + std::to_string(limit() - options_.max) +
             " on the network's round trip";
      } else {
        s += "no queue up to --max-concurrency " + std::to_string(options_.max);
      }
      break;
    case reason::idle:
    case reason::starting:
      s += "never needed more";
      break;
    case reason::growing:
      s += "still growing";
      break;
  }
  return s + ")";
}

}  // namespace sdemig::net

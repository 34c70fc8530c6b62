#include "engine/load/series.hpp"

namespace sdemig::engine {
namespace {

double ms(std::chrono::nanoseconds d) {
  return static_cast<double>(d.count()) / 1e6;
}

}  // namespace

void per_second_series::record(bench_op op, std::chrono::nanoseconds at,
                               std::chrono::nanoseconds latency, answer_kind kind) {
  if (window_ && at >= *window_) at = *window_ - std::chrono::nanoseconds(1);
  const auto second = static_cast<std::uint64_t>(
      std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(at).count()));
  if (has_open_ && second > open_.second) fold();
  if (!has_open_) {
    // Seconds in which nothing completed are points too: a stalled server
    // shows as a gap at zero, not as a line drawn across it.
    const std::uint64_t from = points_.empty() ? 0 : points_.back().second + 1;
    for (std::uint64_t s = from; s < second; ++s) points_.push_back({.second = s});
    open_ = {.second = std::max(second, from)};
    has_open_ = true;
  }
  const auto i = static_cast<std::size_t>(op);
  ++open_.ops[i].requests;
  switch (kind) {
    case answer_kind::ok:
      ++open_.ok;
      ++open_.ops[i].ok;
      current_[i].record(latency);
      break;
    case answer_kind::throttled:
      ++open_.throttled;
      break;
    case answer_kind::error_status:
    case answer_kind::no_answer:
      ++open_.failed;
      break;
  }
}

void per_second_series::fold() {
  for (std::size_t i = 0; i < current_.size(); ++i) {
    net::latency_histogram& h = current_[i];
    if (h.count() == 0) continue;
    open_.ops[i].p50_ms = ms(h.percentile(0.5));
    open_.ops[i].p99_ms = ms(h.percentile(0.99));
    open_.ops[i].max_ms = ms(h.max());
    h = net::latency_histogram{};
  }
  points_.push_back(open_);
  has_open_ = false;
}

std::vector<second_point> per_second_series::finish() {
  if (has_open_) fold();
  return std::move(points_);
}

}  // namespace sdemig::engine

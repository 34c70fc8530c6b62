#include "sim/capacity.hpp"

#include <algorithm>
#include <cmath>

namespace sdemig::sim {

namespace {

constexpr std::size_t fine_buckets = 1000;    // 10 µs each, to 10 ms
constexpr std::size_t coarse_buckets = 9990;  // 1 ms each, to 10 s

std::size_t bucket_of(std::chrono::microseconds d) {
  const auto us = std::max<std::int64_t>(0, d.count());
  if (us < 10'000) return static_cast<std::size_t>(us / 10);
  if (us < 10'000'000) return fine_buckets + static_cast<std::size_t>((us - 10'000) / 1000);
  return fine_buckets + coarse_buckets;
}

// The middle of a bucket, in ms (0 for the first: no wait to speak of).
double middle_ms(std::size_t b) {
  if (b == 0) return 0;
  if (b < fine_buckets) return (static_cast<double>(b) * 10 + 5) / 1000;
  if (b < fine_buckets + coarse_buckets) return 10 + static_cast<double>(b - fine_buckets) + 0.5;
  return 10'000;
}

}  // namespace

capacity::capacity(capacity_config config) : config_(config) {
  tokens_ = std::max(1.0, config_.rate_limit / 10);
}

unsigned capacity::workers_now() const noexcept {
  if (config_.slow_after && arrived_ > config_.slow_after)
    return std::max(1u, config_.slow_workers);
  return config_.workers;
}

std::optional<unsigned> capacity::admit(clock::time_point now) {
  if (config_.rate_limit <= 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  const double burst = std::max(1.0, config_.rate_limit / 10);
  if (refilled_ != clock::time_point{}) {
    const double elapsed = std::chrono::duration<double>(now - refilled_).count();
    tokens_ = std::min(burst, tokens_ + elapsed * config_.rate_limit);
  }
  refilled_ = now;
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return std::nullopt;
  }
  ++stats_.throttled;
  // Until the next token, in whole seconds as DRF's throttles say it.
  const double wait = (1 - tokens_) / config_.rate_limit;
  return std::max(1u, static_cast<unsigned>(std::ceil(wait)));
}

request_cost cost_of(std::string_view method, std::string_view target) noexcept {
  const std::string_view path = target.substr(0, target.find('?'));
  if (method == "POST" && (path.ends_with("/connectors/testalm/") || path.ends_with("/test/")))
    return request_cost::test;
  return method == "GET" || method == "HEAD" || method == "OPTIONS" ? request_cost::read
                                                                    : request_cost::write;
}

double capacity::service_ms_now(request_cost cost) const {
  const unsigned base =
      cost == request_cost::test    ? config_.test_service_ms.value_or(config_.service_ms)
      : cost == request_cost::write ? config_.write_service_ms.value_or(config_.service_ms)
                                    : config_.service_ms;
  if (config_.service_growth_ms <= 0) return base;
  std::lock_guard lock(mutex_);
  return base + config_.service_growth_ms * static_cast<double>(busy_ + queue_.size());
}

bool capacity::enter(ticket& t, clock::time_point now) {
  std::lock_guard lock(mutex_);
  ++arrived_;
  t.since = now;
  if (stopping_) {
    t.stopped = true;
    return false;
  }
  const unsigned workers = workers_now();
  if (workers == 0 || (busy_ < workers && queue_.empty())) {
    grant(t, now);
  } else {
    t.queued = true;
    queue_.push_back(&t);
    stats_.queue_max = std::max<std::uint64_t>(stats_.queue_max, queue_.size());
  }
  stats_.inflight_max = std::max<std::uint64_t>(stats_.inflight_max, busy_ + queue_.size());
  return t.granted;
}

void capacity::grant(ticket& t, clock::time_point now) {
  t.granted = true;
  t.queued = false;
  ++busy_;
  record_wait(now - t.since);
}

void capacity::leave(ticket& t, clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (t.queued) {
    std::erase(queue_, &t);
    t.queued = false;
    return;
  }
  if (!t.granted) return;
  t.granted = false;
  --busy_;
  const unsigned workers = workers_now();
  while (!queue_.empty() && (workers == 0 || busy_ < workers)) {
    ticket* next = queue_.front();
    queue_.pop_front();
    grant(*next, now);
    next->wake();
  }
}

void capacity::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  for (ticket* t : queue_) {
    t->queued = false;
    t->stopped = true;
    t->wake();
  }
  queue_.clear();
}

void capacity::record_wait(clock::duration d) {
  ++waits_[bucket_of(std::chrono::duration_cast<std::chrono::microseconds>(d))];
  ++wait_count_;
}

capacity_stats capacity::stats() const {
  std::lock_guard lock(mutex_);
  capacity_stats s = stats_;
  auto quantile = [&](double q) {
    if (wait_count_ == 0) return 0.0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(wait_count_)));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < waits_.size(); ++b) {
      seen += waits_[b];
      if (seen >= std::max<std::uint64_t>(1, rank)) return middle_ms(b);
    }
    return middle_ms(waits_.size() - 1);
  };
  s.queue_wait_ms_p50 = quantile(0.5);
  s.queue_wait_ms_p99 = quantile(0.99);
  return s;
}

}  // namespace sdemig::sim

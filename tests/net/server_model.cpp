#include "tests/net/server_model.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <queue>

namespace sdemig::net::model {

namespace {

using clock = adaptive_limit::clock;
using us = std::int64_t;  // simulated microseconds

enum class event_kind { arrive, done, answer, wake };

struct event {
  us at;
  std::uint64_t order;  // ties: first scheduled first
  event_kind kind;
  std::size_t request;
  bool operator>(const event& o) const { return at != o.at ? at > o.at : order > o.order; }
};

struct request_state {
  us sent = 0;
  us queued = 0;
  bool throttled = false;
  bool read = false;   // of the read phase
  bool fresh = false;  // the first on a new connection
};

class simulation {
 public:
  simulation(const server_shape& s, adaptive_limit* l, std::size_t fixed, std::size_t total,
             std::size_t parallelism)
      : shape_(s), limiter_(l), fixed_(fixed), total_(total), idle_workers_(parallelism) {
    tokens_ = shape_.rate_limit / 10;  // a burst of a tenth of a second
  }

  run_result go() {
    pump(0);
    while (!events_.empty() && done_ < total_) {
      event e = events_.top();
      events_.pop();
      handle(e);
      pump(e.at);
    }
    run_result r;
    r.seconds = static_cast<double>(last_answer_ - first_write_) / 1e6;
    r.wall_seconds = static_cast<double>(last_answer_) / 1e6;
    r.served_per_second = r.seconds > 0 ? static_cast<double>(done_) / r.seconds : 0;
    if (!waits_.empty()) {
      std::sort(waits_.begin(), waits_.end());
      r.queue_wait_p99_ms = static_cast<double>(waits_[(waits_.size() - 1) * 99 / 100]) / 1000.0;
    }
    r.requests = sent_;
    r.throttled = throttled_;
    r.final_limit = limit();
    return r;
  }

 private:
  std::size_t limit() const { return limiter_ ? limiter_->limit() : fixed_; }
  static clock::time_point at(us t) { return clock::time_point{} + std::chrono::microseconds(t); }
  void schedule(us t, event_kind k, std::size_t req) { events_.push({t, order_++, k, req}); }

  // The read phase: one GET at a time, before anything else.
  bool reading() const { return reads_done_ < shape_.reads; }

  void pump(us now) {
    if (reading()) {
      if (in_flight_ == 0) send(now, requests_.size(), true);
      return;
    }
    while (idle_workers_ > 0 && in_flight_ < limit() &&
           (!retry_ready_.empty() || requests_.size() < total_ + shape_.reads)) {
      if (limiter_ && limiter_->pace() > 0) {
        const us interval = static_cast<us>(1e6 / limiter_->pace());
        if (now < next_send_) {
          if (!pace_wake_pending_) {
            pace_wake_pending_ = true;
            schedule(next_send_, event_kind::wake, SIZE_MAX);
          }
          return;
        }
        next_send_ = std::max(next_send_, now - 100'000) + interval;
      }
      std::size_t id;
      if (!retry_ready_.empty()) {
        id = retry_ready_.front();
        retry_ready_.pop_front();
      } else {
        id = requests_.size();
      }
      send(now, id, false);
    }
  }

  void send(us now, std::size_t id, bool read) {
    if (id == requests_.size()) requests_.push_back({});
    request_state& r = requests_[id];
    r.read = read;
    if (limiter_)
      limiter_->on_send(at(now), read ? request_class::read : shape_.requests_are, in_flight_);
    --idle_workers_;
    ++in_flight_;
    ++sent_;
    r.sent = now;
    // A connection of its own when all open ones are busy: its first answer
    // carries the handshake.
    r.fresh = in_flight_ > connections_;
    if (r.fresh) ++connections_;
    us ready = now;
    if (r.fresh && shape_.handshake_ms > 0) {
      // The server completes TLS handshakes one at a time (its CPU's), so
      // new connections opened together come ready in turn.
      ready = std::max(now + static_cast<us>(shape_.handshake_ms * 1000),
                       handshakes_done_ + static_cast<us>(shape_.handshake_cpu_ms * 1000));
      handshakes_done_ = ready;
    }
    schedule(ready + static_cast<us>(shape_.latency_ms * 500), event_kind::arrive, id);
  }

  unsigned workers_now() const {
    return shape_.slow_after && arrived_ > shape_.slow_after ? shape_.slow_workers : shape_.workers;
  }

  us service(std::size_t id) const {  // deterministic jitter
    const double j = static_cast<double>((id * 2654435761u) % 1000) / 1000.0;
    const double ms = requests_[id].read || shape_.write_service_ms <= 0 ? shape_.service_ms
                                                                         : shape_.write_service_ms;
    return static_cast<us>(ms * 1000 * (1 - shape_.jitter / 2 + shape_.jitter * j));
  }

  void start_service(std::size_t id, us now) {
    ++busy_;
    if (!requests_[id].read) waits_.push_back(now - requests_[id].queued);
    schedule(now + service(id), event_kind::done, id);
  }

  void handle(const event& e) {
    const us half = static_cast<us>(shape_.latency_ms * 500);
    request_state& r = e.request == SIZE_MAX ? scratch_ : requests_[e.request];
    switch (e.kind) {
      case event_kind::arrive: {
        ++arrived_;
        if (shape_.rate_limit > 0) {
          tokens_ =
              std::min(shape_.rate_limit / 10,
                       tokens_ + shape_.rate_limit * static_cast<double>(e.at - refilled_) / 1e6);
          refilled_ = e.at;
          if (tokens_ < 1) {
            r.throttled = true;
            schedule(e.at + half, event_kind::answer, e.request);
            return;
          }
          tokens_ -= 1;
        }
        r.throttled = false;
        r.queued = e.at;
        if (busy_ < workers_now()) {
          start_service(e.request, e.at);
        } else {
          queue_.push_back(e.request);
        }
        return;
      }
      case event_kind::done:
        --busy_;
        schedule(e.at + half, event_kind::answer, e.request);
        while (!queue_.empty() && busy_ < workers_now()) {
          const std::size_t next = queue_.front();
          queue_.pop_front();
          start_service(next, e.at);
        }
        return;
      case event_kind::answer:
        if (limiter_) {
          answer a{at(e.at), std::chrono::microseconds(e.at - r.sent), in_flight_,
                   r.throttled ? answer_kind::throttled : answer_kind::served};
          a.of = r.read ? request_class::read : shape_.requests_are;
          a.fresh = r.fresh;
          r.fresh = false;
          limiter_->on_answer(a);
        }
        --in_flight_;
        ++idle_workers_;
        if (r.read) {
          ++reads_done_;
          first_write_ = e.at;
          return;
        }
        last_answer_ = e.at;
        if (r.throttled) {
          ++throttled_;
          schedule(e.at + 1'000'000, event_kind::wake, e.request);  // Retry-After: 1
          --idle_workers_;                                          // the worker sleeps
        } else {
          ++done_;
        }
        return;
      case event_kind::wake:
        if (e.request == SIZE_MAX) {
          pace_wake_pending_ = false;
        } else {
          ++idle_workers_;
          retry_ready_.push_back(e.request);
        }
        return;
    }
  }

  server_shape shape_;
  adaptive_limit* limiter_;
  std::size_t fixed_, total_;
  std::size_t idle_workers_;
  std::priority_queue<event, std::vector<event>, std::greater<>> events_;
  std::uint64_t order_ = 0;
  std::vector<request_state> requests_;
  request_state scratch_;
  std::deque<std::size_t> queue_, retry_ready_;
  std::vector<us> waits_;
  std::size_t in_flight_ = 0, done_ = 0, sent_ = 0, throttled_ = 0;
  std::size_t arrived_ = 0;
  std::size_t connections_ = 0;
  unsigned reads_done_ = 0;
  us first_write_ = 0;  // the end of the read phase
  us handshakes_done_ = 0;
  unsigned busy_ = 0;
  double tokens_ = 0;
  us refilled_ = 0, next_send_ = 0, last_answer_ = 0;
  bool pace_wake_pending_ = false;
};

}  // namespace

run_result run(const server_shape& shape, adaptive_limit* limiter, std::size_t fixed,
               std::size_t total, std::size_t parallelism) {
  return simulation(shape, limiter, fixed, total, parallelism).go();
}

}  // namespace sdemig::net::model

#pragma once
// The bookkeeping of one instance's connection pool, with no sockets and no
// Asio: which connections are idle and which busy, how many are open or
// being opened, the cap on open connections and the (adaptive) limit on
// those in use, the queue of requests waiting for one, idle expiry and
// request deadlines. Time is passed in, so tests drive it step by step.
//
// `Conn` is the connection type: it has close() (the socket goes) and
// expire() (its request's deadline passed), and the members idle_since,
// deadline, reused and busy_slot that the pool keeps for it.
//
// Preconditions are asserted (the sanitizer build keeps assertions on): a
// connection is released once and only while busy, opened() and
// open_failed() answer a reserve_open() that returned true.

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

#include "io/net/core/wait_list.hpp"

namespace sdemig::net {

template <class Conn>
class pool_state {
 public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;

  pool_state(std::size_t cap, clock::duration idle_timeout)
      : cap_(std::max<std::size_t>(1, cap)), limit_(cap_), idle_timeout_(idle_timeout) {}
  ~pool_state() { close_idle(); }

  std::size_t cap() const noexcept { return cap_; }
  std::size_t limit() const noexcept { return limit_; }
  std::size_t open() const noexcept { return idle_.size() + busy_.size() + opening_; }
  std::size_t in_use() const noexcept { return busy_.size() + opening_; }
  std::size_t idle_count() const noexcept { return idle_.size(); }
  const std::vector<Conn*>& busy() const noexcept { return busy_; }

  // The limit on connections in use (1 .. cap); a raised limit wakes as
  // many waiters as it makes room for. Idle connections above a lowered
  // limit stay open for when it rises again.
  void set_limit(std::size_t limit) {
    limit_ = std::clamp<std::size_t>(limit, 1, cap_);
    wake_for_room();
  }

  // Another request may use a connection now (and nobody queued first).
  bool has_room() const noexcept { return in_use() < limit_; }

  // The most recently used idle connection that is not too old, marked
  // busy; null when there is none or no room. Too old ones are closed.
  std::unique_ptr<Conn> take_idle(time_point now) {
    if (!has_room()) return nullptr;
    while (!idle_.empty()) {
      std::unique_ptr<Conn> c = std::move(idle_.back());
      idle_.pop_back();
      if (now >= idle_expiry(*c)) {
        c->close();
        continue;
      }
      c->reused = true;
      mark_busy(*c);
      return c;
    }
    return nullptr;
  }

  // Whether a new connection may be opened now; if so it counts as open
  // (and in use) until opened() or open_failed(). `fresh`: it replaces an
  // idle one (a stale-connection retry), closing the oldest idle one when
  // the cap is reached.
  bool reserve_open(bool fresh) {
    if (!has_room()) return false;
    if (fresh && open() >= cap_ && !idle_.empty()) {
      idle_.front()->close();
      idle_.erase(idle_.begin());
    }
    if (open() >= cap_) return false;
    ++opening_;
    return true;
  }
  void opened(Conn& c) {
    assert(opening_ > 0 && "opened() without a reserve_open()");
    --opening_;
    mark_busy(c);
  }
  void open_failed() {
    assert(opening_ > 0 && "open_failed() without a reserve_open()");
    --opening_;
    wake_for_room();
  }

  // A request is done with `c`: kept idle when it may be reused, else
  // closed. Returns true when kept.
  bool release(std::unique_ptr<Conn> c, bool keep_alive, bool stopping, time_point now) {
    assert(c && "release() of no connection");
    unmark_busy(*c);
    const bool keep = keep_alive && !stopping;
    if (keep) {
      c->idle_since = now;
      c->deadline = time_point::max();
      idle_.push_back(std::move(c));
    } else {
      c->close();
    }
    wake_for_room();
    return keep;
  }

  // A request's deadline on a busy connection.
  void watch(Conn& c, time_point deadline) const { c.deadline = deadline; }
  // Expires busy connections whose deadline has passed; returns the
  // earliest deadline left (time_point::max(): none).
  time_point expire_overdue(time_point now) {
    auto earliest = time_point::max();
    for (Conn* c : busy_) {
      if (c->deadline <= now) {
        c->deadline = time_point::max();
        c->expire();
      } else {
        earliest = std::min(earliest, c->deadline);
      }
    }
    return earliest;
  }

  // When an idle connection is too old to be used again.
  time_point idle_expiry(const Conn& c) const { return c.idle_since + idle_timeout_; }
  // Closes idle connections that are too old; returns when the next one
  // will be (time_point::max(): none idle).
  time_point sweep_idle(time_point now) {
    auto earliest = time_point::max();
    std::erase_if(idle_, [&](std::unique_ptr<Conn>& c) {
      if (now >= idle_expiry(*c)) {
        c->close();
        return true;
      }
      earliest = std::min(earliest, idle_expiry(*c));
      return false;
    });
    return earliest;
  }
  void close_idle() {
    for (auto& c : idle_) c->close();
    idle_.clear();
  }
  // Closes every busy connection (their requests end with an error).
  void close_busy() {
    for (Conn* c : busy_) c->close();
  }

  // Requests waiting for room, first come first served. A waiter woken
  // for room looks again (someone may have taken it first) and queues anew.
  wait_list& waiters() noexcept { return waiters_; }

 private:
  void wake_for_room() {
    // A slot is promised to each waiter woken; the rest stay queued.
    for (std::size_t room = limit_ > in_use() ? limit_ - in_use() : 0; room > 0; --room) {
      if (!waiters_.wake_one()) break;
    }
  }
  void mark_busy(Conn& c) {
    assert(std::find(busy_.begin(), busy_.end(), &c) == busy_.end() && "busy twice");
    c.busy_slot = busy_.size();
    busy_.push_back(&c);
  }
  void unmark_busy(Conn& c) {
    assert(c.busy_slot < busy_.size() && busy_[c.busy_slot] == &c && "released but not busy");
    Conn* last = busy_.back();
    busy_[c.busy_slot] = last;
    last->busy_slot = c.busy_slot;
    busy_.pop_back();
  }

  std::size_t cap_;
  std::size_t limit_;
  clock::duration idle_timeout_;
  std::vector<std::unique_ptr<Conn>> idle_;  // most recently used last
  std::vector<Conn*> busy_;                  // each knows its slot: O(1) in and out
  std::size_t opening_ = 0;
  wait_list waiters_;
};

}  // namespace sdemig::net

// The pool's bookkeeping driven step by step: no sockets, no sleeps.
#include "io/net/core/pool_state.hpp"

#include <gtest/gtest.h>

namespace sdemig::net {
namespace {

using namespace std::chrono;
using clock = steady_clock;

struct fake_conn {
  int id = 0;
  int* closed = nullptr;
  bool expired = false;
  bool reused = false;
  clock::time_point idle_since{};
  clock::time_point deadline = clock::time_point::max();
  std::size_t busy_slot = 0;
  void close() { ++*closed; }
  void expire() { expired = true; }
};

struct flag_waiter final : waiter {
  explicit flag_waiter(wait_list& l) : waiter(l) {}
  void wake() noexcept override { woken = true; }
  bool woken = false;
};

struct pool_fixture : ::testing::Test {
  int closed = 0;
  int next_id = 0;
  clock::time_point t0 = clock::time_point{} + hours(1);
  pool_state<fake_conn> pool{4, seconds(20)};

  std::unique_ptr<fake_conn> open_one(bool fresh = false) {
    if (!pool.reserve_open(fresh)) return nullptr;
    auto c = std::make_unique<fake_conn>();
    c->id = ++next_id;
    c->closed = &closed;
    pool.opened(*c);
    return c;
  }
};

TEST_F(pool_fixture, opens_up_to_the_limit_then_reuses_the_most_recent_idle) {
  std::vector<std::unique_ptr<fake_conn>> held;
  for (int i = 0; i < 4; ++i) held.push_back(open_one());
  EXPECT_EQ(pool.open(), 4u);
  EXPECT_FALSE(pool.has_room());
  EXPECT_EQ(open_one(), nullptr);
  EXPECT_TRUE(pool.release(std::move(held[0]), true, false, t0));
  EXPECT_TRUE(pool.release(std::move(held[1]), true, false, t0 + seconds(1)));
  auto c = pool.take_idle(t0 + seconds(2));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->id, 2);  // the warmest
  EXPECT_TRUE(c->reused);
  EXPECT_EQ(pool.in_use(), 3u);
  EXPECT_EQ(pool.idle_count(), 1u);
}

TEST_F(pool_fixture, a_connection_not_kept_alive_is_closed) {
  auto c = open_one();
  EXPECT_FALSE(pool.release(std::move(c), false, false, t0));
  EXPECT_EQ(closed, 1);
  EXPECT_EQ(pool.open(), 0u);
  auto d = open_one();
  EXPECT_FALSE(pool.release(std::move(d), true, /*stopping=*/true, t0));
  EXPECT_EQ(closed, 2);
}

TEST_F(pool_fixture, idle_connections_expire) {
  auto a = open_one();
  auto b = open_one();
  pool.release(std::move(a), true, false, t0);
  pool.release(std::move(b), true, false, t0 + seconds(5));
  EXPECT_EQ(pool.sweep_idle(t0 + seconds(10)), t0 + seconds(20));
  EXPECT_EQ(pool.sweep_idle(t0 + seconds(20)), t0 + seconds(25));
  EXPECT_EQ(closed, 1);
  EXPECT_EQ(pool.take_idle(t0 + seconds(30)), nullptr);  // too old: closed, not handed out
  EXPECT_EQ(closed, 2);
  EXPECT_EQ(pool.open(), 0u);
  EXPECT_EQ(pool.sweep_idle(t0 + seconds(30)), clock::time_point::max());
}

TEST_F(pool_fixture, deadlines_expire_busy_connections_and_name_the_next) {
  auto a = open_one();
  auto b = open_one();
  pool.watch(*a, t0 + seconds(60));
  pool.watch(*b, t0 + seconds(30));
  EXPECT_EQ(pool.expire_overdue(t0 + seconds(10)), t0 + seconds(30));
  EXPECT_EQ(pool.expire_overdue(t0 + seconds(30)), t0 + seconds(60));
  EXPECT_TRUE(b->expired);
  EXPECT_FALSE(a->expired);
  pool.release(std::move(b), false, false, t0 + seconds(30));
  pool.release(std::move(a), true, false, t0 + seconds(31));
  EXPECT_EQ(pool.expire_overdue(t0 + seconds(90)), clock::time_point::max());  // none busy
}

TEST_F(pool_fixture, waiters_are_woken_first_come_first_served_as_room_appears) {
  std::vector<std::unique_ptr<fake_conn>> held;
  for (int i = 0; i < 4; ++i) held.push_back(open_one());
  flag_waiter first(pool.waiters()), second(pool.waiters());
  EXPECT_EQ(pool.waiters().size(), 2u);
  pool.release(std::move(held[0]), true, false, t0);
  EXPECT_TRUE(first.woken);
  EXPECT_FALSE(second.woken);
  EXPECT_FALSE(first.waiting());
  EXPECT_TRUE(second.waiting());
  pool.release(std::move(held[1]), false, false, t0);  // closed: room all the same
  EXPECT_TRUE(second.woken);
  EXPECT_TRUE(pool.waiters().empty());
}

TEST_F(pool_fixture, a_waiter_that_goes_away_leaves_the_queue) {
  std::vector<std::unique_ptr<fake_conn>> held;
  for (int i = 0; i < 4; ++i) held.push_back(open_one());
  flag_waiter stays(pool.waiters());
  {
    flag_waiter gone(pool.waiters());  // a coroutine frame destroyed while queued
    EXPECT_EQ(pool.waiters().size(), 2u);
  }
  EXPECT_EQ(pool.waiters().size(), 1u);
  pool.release(std::move(held[0]), true, false, t0);
  EXPECT_TRUE(stays.woken);
}

TEST_F(pool_fixture, a_failed_open_makes_room_for_a_waiter) {
  std::vector<std::unique_ptr<fake_conn>> held;
  for (int i = 0; i < 3; ++i) held.push_back(open_one());
  ASSERT_TRUE(pool.reserve_open(false));
  flag_waiter w(pool.waiters());
  pool.open_failed();
  EXPECT_TRUE(w.woken);
  EXPECT_EQ(pool.open(), 3u);
}

TEST_F(pool_fixture, a_lower_limit_holds_requests_back_but_keeps_connections_open) {
  std::vector<std::unique_ptr<fake_conn>> held;
  for (int i = 0; i < 4; ++i) held.push_back(open_one());
  pool.set_limit(2);
  for (int i = 0; i < 4; ++i) pool.release(std::move(held[i]), true, false, t0);
  EXPECT_EQ(pool.idle_count(), 4u);
  EXPECT_EQ(closed, 0);
  auto a = pool.take_idle(t0);
  auto b = pool.take_idle(t0);
  EXPECT_TRUE(a && b);
  EXPECT_EQ(pool.take_idle(t0), nullptr);  // idle ones left, but no room
  EXPECT_FALSE(pool.reserve_open(false));
  flag_waiter w1(pool.waiters()), w2(pool.waiters()), w3(pool.waiters());
  pool.set_limit(3);
  EXPECT_TRUE(w1.woken);
  EXPECT_FALSE(w2.woken);
  pool.set_limit(100);  // clamped to the cap: room for two
  EXPECT_EQ(pool.limit(), 4u);
  EXPECT_TRUE(w2.woken);
  EXPECT_TRUE(w3.woken);
}

TEST_F(pool_fixture, a_fresh_connection_at_the_cap_replaces_the_oldest_idle_one) {
  std::vector<std::unique_ptr<fake_conn>> held;
  for (int i = 0; i < 4; ++i) held.push_back(open_one());
  pool.release(std::move(held[0]), true, false, t0);       // id 1, oldest
  pool.release(std::move(held[1]), true, false, t0 + 1s);  // id 2
  auto fresh = open_one(true);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(closed, 1);
  EXPECT_EQ(pool.open(), 4u);
  EXPECT_EQ(pool.take_idle(t0 + 2s)->id, 2);
}

TEST_F(pool_fixture, stopping_closes_idle_and_busy) {
  auto a = open_one();
  auto b = open_one();
  pool.release(std::move(a), true, false, t0);
  pool.close_idle();
  pool.close_busy();
  EXPECT_EQ(closed, 2);
  EXPECT_EQ(pool.idle_count(), 0u);
}

}  // namespace
}  // namespace sdemig::net

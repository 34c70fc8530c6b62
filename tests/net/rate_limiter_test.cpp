#include "io/net/core/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace sdemig::net {
namespace {

using namespace std::chrono;
using clock = rate_limiter::clock;

TEST(rate_limiter, no_rate_means_no_wait) {
  rate_limiter r(0, 8);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(r.try_take(clock::now()));
}

// Sends `n` requests, each as soon as a slot is free; when the last went.
clock::time_point send_all(rate_limiter& r, clock::time_point now, int n) {
  for (int i = 0; i < n; ++i) {
    if (!r.try_take(now)) {
      now = r.next_slot();
      EXPECT_TRUE(r.try_take(now));
    }
  }
  return now;
}

TEST(rate_limiter, paces_to_the_rate_after_a_small_burst) {
  rate_limiter r(100, 8);  // 10 ms apart, burst of 100 ms
  const auto t0 = clock::now();
  // The one due now and a tenth of a second's worth more.
  for (int i = 0; i < 11; ++i) EXPECT_TRUE(r.try_take(t0)) << i;
  EXPECT_FALSE(r.try_take(t0));
  // 200 requests at 100/s need ~2 s, less the 0.1 s burst allowance.
  EXPECT_NEAR(duration<double>(send_all(r, t0, 189) - t0).count(), 1.9, 0.02);
}

TEST(rate_limiter, a_lowered_rate_holds_back_requests_not_yet_sent) {
  rate_limiter r(1000, 8);
  const auto t0 = clock::now();
  send_all(r, t0, 100);  // a tenth of a second at 1000/s
  r.set_rate(10);
  const auto before = r.next_slot();
  EXPECT_TRUE(r.try_take(before));
  EXPECT_GE(r.next_slot() - before, milliseconds(99));  // 100 ms apart from now on
}

TEST(rate_limiter, halves_on_429_and_recovers_additively) {
  rate_limiter r(100, 16);
  r.on_throttled();
  EXPECT_EQ(r.concurrency_limit(), 8u);
  EXPECT_DOUBLE_EQ(r.current_rate(), 50);
  r.on_throttled();
  EXPECT_EQ(r.concurrency_limit(), 4u);
  for (int i = 0; i < 4; ++i) r.on_success();
  EXPECT_EQ(r.concurrency_limit(), 4u);  // slow: about +1 per window
  for (int i = 0; i < 200; ++i) r.on_success();
  EXPECT_EQ(r.concurrency_limit(), 16u);
  EXPECT_DOUBLE_EQ(r.current_rate(), 100);
  for (int i = 0; i < 10; ++i) r.on_throttled();
  EXPECT_EQ(r.concurrency_limit(), 1u);  // never below one
}

}  // namespace
}  // namespace sdemig::net

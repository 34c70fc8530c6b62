#include "io/net/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace sdemig::net {
namespace {

using namespace std::chrono;
using clock = rate_limiter::clock;

TEST(rate_limiter, no_rate_means_no_wait) {
  rate_limiter r(0, 8);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(r.reserve(clock::now()), clock::duration::zero());
}

TEST(rate_limiter, paces_to_the_rate_after_a_small_burst) {
  rate_limiter r(100, 8);  // 10 ms apart, burst of 100 ms
  const auto t0 = clock::now();
  clock::duration last{};
  for (int i = 0; i < 200; ++i) last = r.reserve(t0);
  // 200 requests at 100/s need ~2 s, less the 0.1 s burst allowance.
  EXPECT_NEAR(duration<double>(last).count(), 1.9, 0.02);
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

#include "io/net/core/retry.hpp"

#include <gtest/gtest.h>

namespace sdemig::net {
namespace {

using namespace std::chrono;

TEST(retry_after, seconds_and_http_date) {
  EXPECT_EQ(parse_retry_after("1"), seconds(1));
  EXPECT_EQ(parse_retry_after(" 120 "), seconds(120));
  const auto now = system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now), seconds(5));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), milliseconds(0));  // past
  EXPECT_FALSE(parse_retry_after(""));
  EXPECT_FALSE(parse_retry_after("soon"));
  EXPECT_FALSE(parse_retry_after("-1"));
}

TEST(backoff, full_jitter_stays_under_the_exponential_ceiling) {
  retry_options o;
  o.base_delay = milliseconds(100);
  o.max_delay = milliseconds(1000);
  backoff b(o, 42);
  milliseconds largest{0};
  for (int i = 0; i < 1000; ++i) {
    EXPECT_LE(b.delay(1), milliseconds(100));
    EXPECT_LE(b.delay(3), milliseconds(400));
    const auto d = b.delay(10);
    EXPECT_LE(d, milliseconds(1000));
    largest = std::max(largest, d);
  }
  EXPECT_GT(largest, milliseconds(900));  // jitter spreads over the whole range
}

TEST(backoff, retry_after_is_a_floor) {
  backoff b({}, 1);
  for (int i = 0; i < 100; ++i) EXPECT_GE(b.delay(1, seconds(2)), seconds(2));
}

TEST(backoff, caps_attempts_and_total_time) {
  retry_options o;
  o.max_attempts = 3;
  o.max_total = seconds(10);
  backoff b(o);
  EXPECT_TRUE(b.allows(1, seconds(0), seconds(1)));
  EXPECT_FALSE(b.allows(3, seconds(0), seconds(1)));
  EXPECT_FALSE(b.allows(1, seconds(9), seconds(2)));
}

}  // namespace
}  // namespace sdemig::net

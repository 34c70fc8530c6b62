// The capacity model's books, without a server: workers, the queue, the
// rate limit, a server that slows down.
#include "sim/capacity.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sdemig::sim {
namespace {

using namespace std::chrono;
using clock = capacity::clock;

struct request {
  capacity::ticket ticket;
  int woken = 0;
  request() {
    ticket.wake = [this] { ++woken; };
  }
};

TEST(capacity, serves_k_at_a_time_and_queues_the_rest_in_order) {
  capacity c({2, 20});
  const auto t0 = clock::time_point{} + hours(1);
  std::vector<request> r(5);
  EXPECT_TRUE(c.enter(r[0].ticket, t0));
  EXPECT_TRUE(c.enter(r[1].ticket, t0));
  EXPECT_FALSE(c.enter(r[2].ticket, t0));
  EXPECT_FALSE(c.enter(r[3].ticket, t0));
  EXPECT_FALSE(c.enter(r[4].ticket, t0));
  c.leave(r[1].ticket, t0 + milliseconds(20));
  EXPECT_EQ(r[2].woken, 1);
  EXPECT_TRUE(r[2].ticket.granted);
  EXPECT_EQ(r[3].woken, 0);
  c.leave(r[3].ticket, t0 + milliseconds(25));  // gave up while queued
  c.leave(r[0].ticket, t0 + milliseconds(40));
  EXPECT_EQ(r[4].woken, 1);
  const capacity_stats s = c.stats();
  EXPECT_EQ(s.inflight_max, 5u);
  EXPECT_EQ(s.queue_max, 3u);
  // Waits 0, 0, 20, 40 ms: the median is no wait, the 99th percentile 40 ms.
  EXPECT_EQ(s.queue_wait_ms_p50, 0);
  EXPECT_NEAR(s.queue_wait_ms_p99, 40.5, 0.01);
}

TEST(capacity, no_worker_limit_means_no_queue) {
  capacity c({0, 20});
  std::vector<request> r(100);
  for (auto& x : r) EXPECT_TRUE(c.enter(x.ticket, clock::now()));
  EXPECT_EQ(c.stats().queue_max, 0u);
  EXPECT_EQ(c.stats().inflight_max, 100u);
}

TEST(capacity, rate_limit_answers_retry_after_in_whole_seconds) {
  capacity_config config;
  config.rate_limit = 100;  // a burst of 10, then one each 10 ms
  capacity c(config);
  const auto t0 = clock::time_point{} + hours(1);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(c.admit(t0)) << i;
  EXPECT_EQ(c.admit(t0), 1u);
  EXPECT_FALSE(c.admit(t0 + milliseconds(10)));
  EXPECT_EQ(c.admit(t0 + milliseconds(11)), 1u);
  EXPECT_EQ(c.stats().throttled, 2u);
  // A second later the burst is back, no more.
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(c.admit(t0 + seconds(2))) << i;
  EXPECT_TRUE(c.admit(t0 + seconds(2)));
}

TEST(capacity, slows_down_after_n_requests) {
  capacity_config config;
  config.workers = 4;
  config.slow_after = 4;
  config.slow_workers = 1;
  capacity c(config);
  std::vector<request> r(6);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(c.enter(r[i].ticket, clock::now()));
  EXPECT_FALSE(c.enter(r[4].ticket, clock::now()));  // one worker now, and four are busy
  for (int i = 0; i < 3; ++i) c.leave(r[i].ticket, clock::now());
  EXPECT_EQ(r[4].woken, 0);
  c.leave(r[3].ticket, clock::now());
  EXPECT_EQ(r[4].woken, 1);
  EXPECT_FALSE(c.enter(r[5].ticket, clock::now()));
}

TEST(capacity, service_grows_with_the_requests_in_the_server) {
  capacity_config config;
  config.workers = 2;
  config.service_ms = 4;
  config.service_growth_ms = 0.5;
  capacity c(config);
  const auto t0 = clock::time_point{} + hours(1);
  EXPECT_DOUBLE_EQ(c.service_ms_now(request_cost::read), 4);
  std::vector<request> r(3);
  for (request& q : r) c.enter(q.ticket, t0);  // two served, one queued
  EXPECT_DOUBLE_EQ(c.service_ms_now(request_cost::read), 4 + 3 * 0.5);
  EXPECT_DOUBLE_EQ(capacity(capacity_config{2, 4}).service_ms_now(request_cost::write),
                   4);  // no growth: fixed
}

// Writes cost more than reads, connection tests most: each its own service.
TEST(capacity, each_cost_has_its_own_service_time) {
  EXPECT_EQ(cost_of("GET", "/api/v2/connectors/issue-tracker/?page_size=1"), request_cost::read);
  EXPECT_EQ(cost_of("POST", "/api/v2/connectors/issue-tracker/"), request_cost::write);
  EXPECT_EQ(cost_of("PUT", "/api/v2/connectors/alm/7/"), request_cost::write);
  EXPECT_EQ(cost_of("POST", "/api/v2/connectors/testalm/"), request_cost::test);
  EXPECT_EQ(cost_of("POST", "/api/v2/projects/3/connections/9/test/?x=1"), request_cost::test);
  EXPECT_EQ(cost_of("GET", "/api/v2/projects/3/connections/9/test/"), request_cost::read);
  capacity_config config;
  config.service_ms = 2;
  config.write_service_ms = 50;
  config.test_service_ms = 200;
  capacity c(config);
  EXPECT_DOUBLE_EQ(c.service_ms_now(request_cost::read), 2);
  EXPECT_DOUBLE_EQ(c.service_ms_now(request_cost::write), 50);
  EXPECT_DOUBLE_EQ(c.service_ms_now(request_cost::test), 200);
  EXPECT_TRUE(config.any());
  capacity_config writes_only;
  writes_only.write_service_ms = 0;  // set, even to 0: the model is on
  EXPECT_TRUE(writes_only.any());
}

TEST(capacity, stop_wakes_the_queue) {
  capacity c({1, 0});
  std::vector<request> r(3);
  EXPECT_TRUE(c.enter(r[0].ticket, clock::now()));
  EXPECT_FALSE(c.enter(r[1].ticket, clock::now()));
  c.stop();
  EXPECT_EQ(r[1].woken, 1);
  EXPECT_TRUE(r[1].ticket.stopped);
  EXPECT_FALSE(c.enter(r[2].ticket, clock::now()));
  EXPECT_TRUE(r[2].ticket.stopped);
}

}  // namespace
}  // namespace sdemig::sim

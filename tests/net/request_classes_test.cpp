// The adaptive limit with requests of several classes (reads, writes,
// connection tests), each judged against its own floor, and the first burst
// of a phase: recorded sequences, no network, no timing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "io/net/core/adaptive_limit.hpp"
#include "tests/net/limiter_support.hpp"
#include "tests/net/server_model.hpp"

namespace sdemig::net {
namespace {

using namespace std::chrono;
using clock = adaptive_limit::clock;
using test::sized;
using ::testing::HasSubstr;

// Answers as a clone sees them: `n` of class `c`, each `ms` long, with the
// limit in use, one round trip's worth of them at a time.
void answers_of(adaptive_limit& a, clock::time_point& now, request_class c, int n, int ms,
                bool fresh = false) {
  for (int i = 0; i < n; ++i) {
    now += milliseconds(ms) / std::max<std::size_t>(1, a.limit());
    answer x{now, milliseconds(ms), a.limit(), answer_kind::served, c};
    x.fresh = fresh;
    a.on_answer(x);
  }
}

// Reads of 2 ms, then writes of 50 ms on a server that is not queueing:
// against the reads' floor every write would look 25 times queued (the
// limit fell to 1 that way); against its own class's, none is.
TEST(adaptive_limit, fast_reads_then_slow_writes_do_not_cut_the_write_limit) {
  adaptive_limit a(sized(8, 64));
  auto now = clock::time_point{};
  answers_of(a, now, request_class::read, 40, 2);
  now += milliseconds(300);  // the plan
  a.on_send(now, request_class::write, 0);
  const std::size_t start = a.limit();
  for (int round = 0; round < 20; ++round) answers_of(a, now, request_class::write, 16, 50);
  EXPECT_GE(a.limit(), start);
  EXPECT_EQ(a.min_latency(request_class::read), milliseconds(2));
  EXPECT_EQ(a.min_latency(request_class::write), milliseconds(50));
  EXPECT_THAT(a.summary(), HasSubstr("min latency 50 ms of writes"));
}

// The same reads, then writes whose latency grows with the limit past 16
// (a server of 16 workers): the queue is seen against the writes' floor.
TEST(adaptive_limit, a_queue_forming_under_writes_after_fast_reads_is_seen) {
  adaptive_limit a(sized(8, 256));
  auto now = clock::time_point{};
  answers_of(a, now, request_class::read, 40, 2);
  now += milliseconds(300);
  a.on_send(now, request_class::write, 0);
  for (int round = 0; round < 40; ++round) {
    const int ms = static_cast<int>(50 * std::max<std::size_t>(16, a.limit()) / 16);
    answers_of(a, now, request_class::write, static_cast<int>(a.limit()), ms);
  }
  EXPECT_GE(a.limit(), 14u);
  EXPECT_LE(a.limit(), 24u) << a.summary();
  EXPECT_THAT(a.summary(), HasSubstr("of writes, queue building above"));
}

// A mixed load (reads and writes interleaved, as a bench --op mix sends
// them): each answer is judged against its own class's floor, so a server
// with no queue sees no cut, and one whose queue grows past 16 in flight
// holds the limit in a band instead of swinging between classes.
TEST(adaptive_limit, a_mixed_load_settles_without_oscillating) {
  for (const bool queueing : {false, true}) {
    SCOPED_TRACE(queueing ? "a queue past 16" : "no queue");
    adaptive_limit a(sized(8, 64));
    auto now = clock::time_point{};
    std::vector<std::size_t> limits;
    for (int round = 0; round < 200; ++round) {
      const std::size_t limit = a.limit();
      const double stretch = queueing ? std::max(1.0, static_cast<double>(limit) / 16) : 1;
      for (std::size_t i = 0; i < limit; ++i) {
        const bool write = i % 3 == 0;
        const auto ms = milliseconds(static_cast<int>((write ? 50 : 2) * stretch));
        now += milliseconds(20) / limit;
        a.on_answer(answer{now, ms, limit, answer_kind::served,
                           write ? request_class::write : request_class::read});
      }
      limits.push_back(a.limit());
    }
    const auto last = std::vector<std::size_t>(limits.end() - 100, limits.end());
    const auto [low, high] = std::minmax_element(last.begin(), last.end());
    if (queueing) {
      EXPECT_GE(*low, 12u) << a.summary();
      EXPECT_LE(*high, 24u) << a.summary();
    } else {
      EXPECT_EQ(*low, 64u) << a.summary();  // grown to the cap, never cut
    }
  }
}

// The first burst of a phase: near a server (a connect costs nothing) 8;
// far away, wider in proportion to the network's share of the round trip,
// widened by the network round trip a new connection costs, to twice at most.
TEST(adaptive_limit, the_first_burst_is_sized_by_what_the_reads_told) {
  auto burst = [](int read_ms, int setup_ms, unsigned round_trips, std::size_t max = 256) {
    adaptive_options o;
    o.max = max;
    o.setup_round_trips = round_trips;
    adaptive_limit a(o);
    auto now = clock::time_point{};
    // The first read on a new connection held `setup_ms`, the next reused.
    answer first{now + milliseconds(read_ms + setup_ms), milliseconds(read_ms + setup_ms), 1,
                 answer_kind::served, request_class::read};
    first.fresh = true;
    a.on_answer(first);
    now = first.at;
    a.on_answer(now + milliseconds(read_ms), milliseconds(read_ms), 1, answer_kind::served);
    now += milliseconds(500);
    a.on_send(now, request_class::write, 0);
    return a.limit();
  };
  EXPECT_EQ(burst(20, 0, 1), 8u);     // a small server nearby: 4 workers x 20 ms
  EXPECT_EQ(burst(2, 0, 1), 8u);      // a fast one nearby
  EXPECT_EQ(burst(35, 30, 1), 104u);  // 30 ms away (TCP: a round trip), 5 ms: 8 x 65 / 5
  EXPECT_EQ(burst(40, 60, 2), 56u);   // 30 ms away over TLS: 8 x 70 / 10
  EXPECT_EQ(burst(400, 60, 2), 9u);   // a slow server 30 ms away: 8 x 430 / 370
  EXPECT_EQ(burst(20, 0, 1, 3), 3u);  // never above --max-concurrency, even below 8
  // With others in flight (a mixed load), a new class is no new phase.
  adaptive_limit mixed(sized(32, 64));
  auto now = clock::time_point{};
  answers_of(mixed, now, request_class::read, 8, 2);
  mixed.on_send(now, request_class::write, 5);
  EXPECT_EQ(mixed.limit(), 32u);
}

}  // namespace
}  // namespace sdemig::net

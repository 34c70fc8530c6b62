// The adaptive limit's decisions on recorded latency sequences of one class
// of request, and its parts (delivery_meter, noise_filter): no network, no
// sleeps, no timing (one server in simulated time: server_model). Several
// classes: request_classes_test.cpp; bench's servers: simulated_servers_test.cpp.
#include "io/net/core/adaptive_limit.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>

#include "tests/net/limiter_support.hpp"
#include "tests/net/server_model.hpp"

namespace sdemig::net {
namespace {

using namespace std::chrono;
using clock = adaptive_limit::clock;
using test::sized;
using ::testing::HasSubstr;

// Replays answers: `latency(limit)` for each, with the limit fully used,
// one round trip's worth (`limit` answers) at a time; returns the limits
// after each round trip.
template <class Latency>
std::vector<std::size_t> replay(adaptive_limit& a, clock::time_point& now, int round_trips,
                                Latency latency, answer_kind kind = answer_kind::served) {
  std::vector<std::size_t> limits;
  for (int r = 0; r < round_trips; ++r) {
    const std::size_t limit = a.limit();
    const auto rtt = latency(limit);
    for (std::size_t i = 0; i < limit; ++i) {
      now += duration_cast<microseconds>(rtt) / limit;
      a.on_answer(now, rtt, a.limit(), kind);  // the client keeps the limit full
    }
    limits.push_back(a.limit());
  }
  return limits;
}

TEST(adaptive_limit, doubles_while_latency_stays_flat_up_to_the_cap) {
  adaptive_limit a(sized(4, 64));
  auto now = clock::time_point{};
  const auto limits = replay(a, now, 6, [](std::size_t) { return milliseconds(30); });
  // Two more in flight per answer without a queue, never past twice what
  // came back within one round trip: doubling each round trip (the answer
  // that came as a request was sent is not counted), then capped.
  EXPECT_EQ(limits, (std::vector<std::size_t>{8, 16, 32, 64, 64, 64}));
  EXPECT_EQ(a.min_latency(), milliseconds(30));
  EXPECT_EQ(a.summary(), "64 (min latency 30 ms, no queue up to --max-concurrency 64)");
}

// Answers to requests sent before a server's capacity was passed come back
// fast, so growing on answers alone passes it several times over within a
// round trip; slow start goes no further than twice what the server
// delivered in one (here up to three times: the simulated workers finish
// in step, so a round trip's answers can take in half of the next burst;
// sde-sim's 32 workers saw 62-68 in flight at most). 32 workers of 10 ms:
// without the bound the limit reached 144, a 31 ms queue.
TEST(adaptive_limit, slow_start_goes_no_further_than_twice_what_the_server_delivers) {
  adaptive_limit a(sized(16, 256));
  const model::run_result r = model::run({32, 10, 0, 0, 0, 0}, &a, 0, 2000);
  std::size_t highest = 0;
  for (const auto& step : a.trajectory()) highest = std::max<std::size_t>(highest, step.limit);
  EXPECT_GE(highest, 32u);
  EXPECT_LE(highest, 3 * 32u);
  EXPECT_LE(r.queue_wait_p99_ms, 2 * 10.0) << a.summary();
}

TEST(adaptive_limit, settles_where_a_saturated_server_starts_queueing) {
  // 6 workers of 20 ms: above 6 in flight, latency grows with the queue.
  adaptive_options o;
  o.initial = 2;
  adaptive_limit a(o);
  auto now = clock::time_point{};
  const auto served = [](std::size_t limit) {
    return milliseconds(20) * std::max<std::size_t>(6, limit) / 6;
  };
  replay(a, now, 40, served);
  const auto settled = replay(a, now, 20, served);
  for (std::size_t l : settled) {
    EXPECT_GE(l, 6u);
    EXPECT_LE(l, 9u);  // at most half a service time of queue
  }
  EXPECT_THAT(a.summary(),
              ::testing::ContainsRegex("min latency 20 ms, queue building above [67]"));
}

TEST(adaptive_limit, one_slow_window_is_noise_two_are_a_queue) {
  adaptive_limit a(sized(8, 8));
  auto now = clock::time_point{};
  // Windows of four answers (a limit of 8: half of it); a slow one has one
  // fast answer among them, so no four slow ones come in a row.
  auto window = [&](std::array<int, 4> ms) {
    for (int m : ms) {
      now += milliseconds(m) / 8;
      a.on_answer(now, milliseconds(m), 8, answer_kind::served);
    }
    return a.limit();
  };
  const std::array<int, 4> flat{10, 10, 10, 10}, slow{19, 19, 10, 19};
  for (int i = 0; i < 4; ++i) EXPECT_EQ(window(flat), 8u);
  EXPECT_EQ(window(slow), 8u);  // 1.675x: above tolerance, once
  EXPECT_EQ(window(flat), 8u);
  EXPECT_EQ(window(slow), 8u);
  EXPECT_EQ(window(slow), 5u);  // twice in a row: 8 * 1.2 / 1.675
  EXPECT_THAT(a.summary(), HasSubstr("queue building above 5"));
}

// A server that loses capacity fills its queue one answer at a time: a run
// of slow answers (an eighth of the limit when twice the lowest latency or
// more, else a quarter; four at least) cuts at once, and again while the
// answers get worse, though they were sent before the cut: then from the
// limit they were sent under (the cut does not compound).
TEST(adaptive_limit, a_run_of_slow_answers_cuts_at_once_and_again_while_it_worsens) {
  adaptive_limit a(sized(40, 40));
  auto now = clock::time_point{};
  replay(a, now, 3, [](std::size_t) { return milliseconds(10); });
  ASSERT_EQ(a.limit(), 40u);
  auto answers = [&](int n, int ms) {
    for (int i = 0; i < n; ++i) {
      now += microseconds(250);
      a.on_answer(now, milliseconds(ms), 40, answer_kind::served);
    }
    return a.limit();
  };
  EXPECT_EQ(answers(9, 17), 40u);  // 1.7x: a quarter of the limit in a row (10) is wanted
  EXPECT_EQ(answers(1, 10), 40u);  // a fast one ends the run
  EXPECT_EQ(answers(4, 20), 40u);  // 2x: an eighth of 40 (5) is wanted
  EXPECT_EQ(answers(1, 20), 24u);  // the fifth: 40 * 1.2 / 2
  EXPECT_EQ(answers(4, 30), 20u);  // worse (3x): sent under 40, by half at most
  EXPECT_EQ(answers(8, 32), 20u);  // not much worse: no news before the cooldown
  // 20 in flight answered in 3.2x the lowest latency: about 6 served at once.
  EXPECT_THAT(a.summary(), HasSubstr("queue building above 6"));
}

// A first burst larger than a rate limiter's bucket: a 429 before any
// answer says nothing of the rate the server accepts. It lowers the limit
// only; the next 429 after a few answers sets the pace, at once.
TEST(adaptive_limit, a_429_before_any_answer_is_priced_by_the_next_one) {
  adaptive_options o;
  o.initial = 32;
  adaptive_limit a(o);
  auto now = clock::time_point{} + seconds(5);
  a.on_answer(now, microseconds(300), 32, answer_kind::throttled);
  EXPECT_EQ(a.limit(), 24u);
  EXPECT_EQ(a.pace(), 0);
  for (int i = 0; i < 30; ++i) {
    now += microseconds(200);
    a.on_answer(now, milliseconds(5), 24, answer_kind::served);
  }
  now += microseconds(200);
  a.on_answer(now, microseconds(300), 24, answer_kind::throttled);
  EXPECT_NEAR(a.pace(), 0.9 * 30 / 0.25, 1);  // 30 answers, over the shortest span
  EXPECT_THAT(a.summary(), HasSubstr("429s above 120 requests/s"));
}

TEST(adaptive_limit, does_not_grow_a_limit_nobody_uses) {
  adaptive_options o;
  o.initial = 8;
  adaptive_limit a(o);
  auto now = clock::time_point{};
  for (int i = 0; i < 200; ++i) {
    now += milliseconds(5);
    a.on_answer(now, milliseconds(5), 2, answer_kind::served);  // two in flight, never more
  }
  EXPECT_EQ(a.limit(), 8u);
  EXPECT_EQ(a.summary(), "8 (min latency 5.0 ms, never needed more)");
}

TEST(adaptive_limit, halves_on_503s_and_timeouts_once_per_episode) {
  adaptive_limit a(sized(32, 32));
  auto now = clock::time_point{};
  replay(a, now, 2, [](std::size_t) { return milliseconds(10); });
  for (int i = 0; i < 10; ++i) a.on_answer(now, milliseconds(10), 32, answer_kind::overloaded);
  EXPECT_EQ(a.limit(), 16u);  // the other nine answered requests sent before the cut
  // The next cut waits for the cooldown and for answers enough to tell a
  // signal from noise (noise_filter::min_period).
  now += milliseconds(150);
  a.on_answer(now, milliseconds(10), 16, answer_kind::overloaded);
  EXPECT_EQ(a.limit(), 16u);
  for (int i = 0; i < 30; ++i) a.on_answer(now, milliseconds(10), 16, answer_kind::served);
  a.on_answer(now, milliseconds(10), 16, answer_kind::overloaded);
  EXPECT_EQ(a.limit(), 8u);
  EXPECT_THAT(a.summary(), HasSubstr("503s or timeouts"));
}

TEST(adaptive_limit, a_429_paces_under_the_accepted_rate_and_probes_upward) {
  adaptive_limit a(sized(8, 8));
  auto now = clock::time_point{};
  auto serve = [&](int answers, milliseconds gap) {
    for (int i = 0; i < answers; ++i) {
      now += gap;
      a.on_answer(now, milliseconds(5), 8, answer_kind::served);
    }
  };
  serve(400, milliseconds(5));  // 200 answers a second for two seconds, then a 429
  a.on_answer(now, milliseconds(1), 8, answer_kind::throttled);
  EXPECT_NEAR(a.pace(), 180, 2);  // 0.9 of what the last second carried
  EXPECT_EQ(a.limit(), 6u);
  EXPECT_THAT(a.summary(), HasSubstr("429s above 200 requests/s, paced at 180"));
  // After the first 429 the estimate may be poor: the pace grows by half
  // each quarter second while the server takes it...
  serve(200, milliseconds(5));
  EXPECT_GT(a.pace(), 180 * 1.2 * 1.2 - 1);
  // ...until the next 429; from there about 3% a second.
  now += milliseconds(200);
  a.on_answer(now, milliseconds(1), 6, answer_kind::throttled);
  const double settled = a.pace();
  serve(600, milliseconds(5));  // three seconds at 200/s
  EXPECT_GT(a.pace(), settled * 1.05);
  EXPECT_LT(a.pace(), settled * 1.15);
  EXPECT_GT(a.trajectory().size(), 5u);
}

// A server that throttles or fails a share of requests whatever the load:
// backing off does not make them stop, so after a few periods they are
// taken for noise and neither the pace nor the limit keeps falling.
TEST(adaptive_limit, bad_answers_that_come_whatever_the_load_are_noise) {
  for (answer_kind bad : {answer_kind::throttled, answer_kind::overloaded}) {
    SCOPED_TRACE(bad == answer_kind::throttled ? "429s" : "503s");
    adaptive_options o;
    o.initial = 16;
    o.max = 16;
    adaptive_limit a(o);
    auto now = clock::time_point{};
    std::uint32_t draw = 7;
    // 4,000 answers over four seconds at 1 ms: one in ten bad, at random.
    for (int i = 0; i < 4000; ++i) {
      now += microseconds(1000);
      draw = draw * 1103515245u + 12345u;
      const bool is_bad = (draw >> 16) % 10 == 0;
      a.on_answer(now, milliseconds(1), a.limit(), is_bad ? bad : answer_kind::served);
    }
    // Unpaced again, or paced above the ~900 answers a second served: the
    // pace holds nothing back.
    EXPECT_TRUE(a.pace() == 0 || a.pace() >= 900) << a.pace() << ": " << a.summary();
    EXPECT_GE(a.limit(), 8u) << a.summary();
  }
}

// One answer a millisecond: ten per 10 ms round trip, whether they come
// unqueued (10 ms) or after a queue (20 ms: twenty came meanwhile, scaled
// to the lowest latency, still ten). The answer that came as a request was
// sent is not one it saw delivered.
TEST(delivery_meter, counts_answers_per_unloaded_round_trip) {
  delivery_meter m;
  auto now = clock::time_point{} + seconds(1);
  for (int i = 0; i < 50; ++i) {
    now += milliseconds(1);
    m.answer(now, milliseconds(10), milliseconds(10));
  }
  EXPECT_DOUBLE_EQ(m.most(), 10);
  for (int i = 0; i < 50; ++i) {
    now += milliseconds(1);
    m.answer(now, milliseconds(20), milliseconds(10));
  }
  EXPECT_DOUBLE_EQ(m.most(), 10);
  m.reset();
  EXPECT_EQ(m.most(), 0);
}

// A real rate limit is not noise: a lower pace makes its 429s stop.
TEST(noise_filter, a_share_that_falls_with_the_load_is_a_signal) {
  noise_filter f;
  EXPECT_TRUE(f.signal());
  f.reacted(1000);                                     // a 429 at full speed: paced at 1,000/s
  for (int i = 0; i < 100; ++i) f.answer(i % 4 == 0);  // 25% throttled at 1,000/s
  EXPECT_TRUE(f.signal());
  f.reacted(800);
  for (int i = 0; i < 100; ++i) f.answer(i == 50);  // 1% at 800/s: the limit was crossed
  EXPECT_TRUE(f.signal());
  f.reacted(760);
  EXPECT_EQ(f.noise(), 0);
  // Random ones: 10% at 1,000/s, 800/s, 640/s.
  noise_filter r;
  r.reacted(1000);
  for (double load : {800.0, 640.0}) {
    for (int i = 0; i < 100; ++i) r.answer(i % 10 == 0);
    r.reacted(load);
  }
  EXPECT_NEAR(r.noise(), 0.1, 1e-9);
  for (int i = 0; i < 100; ++i) r.answer(i % 10 == 0);
  EXPECT_FALSE(r.signal());  // 10%: the noise
  for (int i = 0; i < 100; ++i) r.answer(i % 3 == 0);
  EXPECT_TRUE(r.signal());  // 20% of 200: well above it
}

TEST(adaptive_limit, measures_the_unloaded_latency_again_now_and_then) {
  adaptive_options o;
  o.initial = 16;
  o.max = 16;
  o.remeasure_every = seconds(10);
  adaptive_limit a(o);
  auto now = clock::time_point{};
  replay(a, now, 4, [](std::size_t) { return milliseconds(10); });
  // The route got longer: 30 ms now, for everybody. Without measuring
  // again that looks like a queue; the limit shrinks, then the 10 s re-measure
  // finds the new floor and it grows back.
  now += seconds(11);
  replay(a, now, 60, [](std::size_t) { return milliseconds(30); });
  EXPECT_EQ(a.min_latency(), milliseconds(30));
  EXPECT_EQ(a.limit(), 16u);
}

}  // namespace
}  // namespace sdemig::net

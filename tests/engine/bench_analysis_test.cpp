// What bench concludes from its numbers, without a server: the Universal
// Scalability Law fit (known sigma, kappa, lambda recovered from noisy
// points; one step, flat throughput, no coherency cost), the threshold
// parser (a table of good and bad expressions), the baseline comparison
// (identical and shifted series) and the capacity sweep's decisions. The
// rule they follow, no verdict without answers, is bench_answers_test.cpp.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "engine/load/capacity.hpp"
#include "engine/load/comparison.hpp"
#include "engine/load/load.hpp"
#include "engine/load/threshold.hpp"
#include "engine/load/usl.hpp"

namespace sdemig::engine {
namespace {

using testing::HasSubstr;
using testing::Not;

std::vector<usl_point> sweep(double lambda, double sigma, double kappa, double noise,
                             std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  // A normal distribution needs a spread above 0 (_GLIBCXX_ASSERTIONS checks).
  std::normal_distribution<double> jitter(0, noise > 0 ? noise : 1);
  std::vector<usl_point> out;
  for (double n : {1, 2, 4, 8, 16, 32, 64, 128}) {
    const double x = lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    out.push_back({n, x * (1 + (noise > 0 ? jitter(rng) : 0))});
  }
  return out;
}

TEST(usl, recovers_known_parameters_from_noisy_points) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto fit = fit_usl(sweep(120, 0.05, 0.0008, 0.02, seed));
    ASSERT_TRUE(fit);
    EXPECT_NEAR(fit->lambda, 120, 120 * 0.08) << seed;
    EXPECT_NEAR(fit->sigma, 0.05, 0.02) << seed;
    EXPECT_NEAR(fit->kappa, 0.0008, 0.0003) << seed;
    EXPECT_GT(fit->r2, 0.97) << seed;
    // The model's peak: sqrt((1 - 0.05) / 0.0008) = 34.5.
    EXPECT_NEAR(fit->peak_n(128), 34, 6) << seed;
  }
}

TEST(usl, no_coherency_cost_is_a_kappa_of_zero_and_a_peak_at_the_end) {
  const auto fit = fit_usl(sweep(50, 0.1, 0, 0, 1));
  ASSERT_TRUE(fit);
  EXPECT_LT(fit->kappa, 1e-6);
  EXPECT_NEAR(fit->sigma, 0.1, 0.001);
  EXPECT_NEAR(fit->lambda, 50, 0.1);
  EXPECT_EQ(fit->peak_n(128), 128);
  EXPECT_NEAR(fit->r2, 1, 1e-6);
}

TEST(usl, degenerate_inputs) {
  EXPECT_FALSE(fit_usl({}));
  EXPECT_FALSE(fit_usl({{1, 100}}));            // one step
  EXPECT_FALSE(fit_usl({{4, 100}, {4, 120}}));  // one N
  EXPECT_FALSE(fit_usl({{1, 0}, {2, 0}}));      // nothing served
  // Flat throughput: all serialised (sigma 1), the curve flat at the level.
  const auto flat = fit_usl({{1, 500}, {2, 500}, {4, 500}, {8, 500}});
  ASSERT_TRUE(flat);
  for (double n : {1, 2, 4, 8}) EXPECT_NEAR(flat->at(n), 500, 5) << n;
}

TEST(threshold, parses_what_k6_users_write_and_names_what_is_wrong) {
  struct good {
    const char* expr;
    threshold::metric what;
    std::optional<bench_op> op;
    double quantile, limit;
  };
  using m = threshold::metric;
  for (const good& g : {good{"p99<50ms", m::latency, std::nullopt, 0.99, 50},
                        good{"p50 < 2s", m::latency, std::nullopt, 0.5, 2000},
                        good{"p99.9<120ms", m::latency, std::nullopt, 0.999, 120},
                        good{"max<1s", m::latency, std::nullopt, 1, 1000},
                        good{"get.p95<30ms", m::latency, bench_op::get, 0.95, 30},
                        good{"update.p99.9<0.5s", m::latency, bench_op::update, 0.999, 500},
                        good{"rps>1500", m::rps, std::nullopt, 0.99, 1500},
                        good{"list.rps>20.5", m::rps, bench_op::list, 0.99, 20.5},
                        good{"errors<1%", m::errors, std::nullopt, 0.99, 1},
                        good{"throttled<0.5%", m::throttled, std::nullopt, 0.99, 0.5}}) {
    const threshold t = parse_threshold(g.expr);
    EXPECT_EQ(t.what, g.what) << g.expr;
    EXPECT_EQ(t.op, g.op) << g.expr;
    if (g.what == m::latency) {
      EXPECT_DOUBLE_EQ(t.quantile, g.quantile) << g.expr;
    }
    EXPECT_DOUBLE_EQ(t.limit, g.limit) << g.expr;
  }
  struct bad {
    const char* expr;
    const char* says;
  };
  for (const bad& b :
       {bad{"p99", "no < or >"}, bad{"p98<50ms", "\"p98\" is not one of"},
        bad{"p99>50ms", "p99 takes <"}, bad{"p99<50", "needs its unit"},
        bad{"p99<fast ms", "is not a number"}, bad{"rps<10", "rps takes >"},
        bad{"errors<1", "ends with %"}, bad{"errors<101%", "at most 100%"},
        bad{"get.errors<1%", "a share of the whole run"},
        bad{"fetch.p99<5ms", "\"fetch\" is not an operation"}, bad{"p99<-5ms", "is not a number"},
        bad{"", "no < or >"}, bad{"p99<0ms", "a latency is never under 0 ms: this can never hold"},
        bad{"max<0s", "a latency is never under 0 ms"},
        bad{"errors<0%", "a share is never under 0%: this can never hold"},
        bad{"throttled<0%", "a share is never under 0%"}}) {
    try {
      parse_threshold(b.expr);
      ADD_FAILURE() << b.expr << " was taken";
    } catch (const threshold_error& e) {
      EXPECT_THAT(e.what(), HasSubstr(b.says)) << b.expr;
      EXPECT_THAT(e.what(), testing::StartsWith(std::string(b.expr) + ": "));
    }
  }
}

TEST(threshold, measures_the_run_and_says_held_or_breached) {
  bench_result r;
  r.duration_s = 10;
  for (int i = 1; i <= 100; ++i) {
    r.ops[bench_op::get].latency.record(std::chrono::milliseconds(i));
    ++r.ops[bench_op::get].requests;
  }
  r.ops[bench_op::get].ok = 100;
  r.ops[bench_op::update].latency.record(std::chrono::milliseconds(400));
  r.ops[bench_op::update].requests = 1;
  r.ops[bench_op::update].ok = 1;
  r.status[200] = 98;
  r.status[429] = 2;
  r.errors["timeout"] = 1;
  r.answers = {.ok = 98, .throttled = 2, .error_status = 0, .no_answer = 1};
  r.requests = 101;
  std::vector<threshold> ts;
  for (const char* e : {"get.p99<120ms", "max<120ms", "rps>10", "errors<0.5%", "throttled<5%"})
    ts.push_back(parse_threshold(e));
  const auto checks = check_thresholds(ts, r);
  EXPECT_TRUE(checks[0].held);
  EXPECT_NEAR(*checks[0].value, 99, 2);
  EXPECT_FALSE(checks[1].held);  // the update took 400 ms
  EXPECT_TRUE(checks[2].held);   // 101 2xx answers in 10 s
  EXPECT_FALSE(checks[3].held);  // 1 of 101
  EXPECT_NEAR(*checks[3].value, 100.0 / 101, 1e-9);
  EXPECT_TRUE(checks[4].held);
  EXPECT_EQ(threshold_line(checks[2]), "held     rps>10: 10 req/s");
  EXPECT_EQ(threshold_line(checks[3]), "BREACHED errors<0.5%: 0.99%");
}

std::vector<double> noisy(double level, double spread, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> d(level, spread);
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(d(rng));
  return out;
}

TEST(comparison, identical_series_are_the_same) {
  const auto a = noisy(1500, 60, 30, 7);
  const metric_change c = compare_values(a, a, false);
  EXPECT_DOUBLE_EQ(c.change_pct, 0);
  EXPECT_LE(c.ci_low_pct, 0);
  EXPECT_GE(c.ci_high_pct, 0);
  EXPECT_EQ(c.what, verdict::same);
}

TEST(comparison, a_shift_beyond_the_noise_and_the_floor_has_a_direction) {
  const auto base = noisy(1500, 60, 30, 7), slower = noisy(1500 / 1.4, 40, 30, 8);
  const metric_change rps = compare_values(base, slower, false);
  EXPECT_NEAR(rps.change_pct, -28.6, 2);
  EXPECT_LT(rps.ci_high_pct, 0);
  EXPECT_EQ(rps.what, verdict::slower);
  const auto p99 = compare_values(noisy(20, 1, 30, 3), noisy(28, 1, 30, 4), true);
  EXPECT_EQ(p99.what, verdict::slower);  // latency up
  EXPECT_EQ(compare_values(noisy(28, 1, 30, 4), noisy(20, 1, 30, 3), true).what, verdict::faster);
  // Real but small (3%): under the floor, the same.
  EXPECT_EQ(compare_values(noisy(1000, 5, 60, 1), noisy(1030, 5, 60, 2), false).what,
            verdict::same);
}

TEST(comparison, a_file_that_is_not_a_bench_result_is_refused_and_setups_are_compared) {
  EXPECT_THROW(read_baseline("{\"format\":\"sdemig-report/1\"}", "r.json"), baseline_error);
  EXPECT_THROW(read_baseline("not json", "r.json"), baseline_error);
  const std::string one =
      R"({"url":"http://a","open_loop":false,"operations":{"get":{}},"series":[)"
      R"({"second":0,"operations":{"get":{"requests":100,"p50_ms":2,"p99_ms":9}}},)"
      R"({"second":1,"operations":{"get":{"requests":110,"p50_ms":2,"p99_ms":8}}}]})";
  run_series base = read_baseline(one, "b.json");
  EXPECT_EQ(base.ops[bench_op::get].rps, (std::vector<double>{100, 110}));
  // Two seconds tell nothing, however far apart: inconclusive, never the same.
  EXPECT_EQ(compare_values({100, 110}, {300, 310}, false).what, verdict::inconclusive);
  EXPECT_EQ(compare_values({100, 100, 100, 100}, {145, 145, 145, 145}, true).what,
            verdict::inconclusive);
  EXPECT_EQ(compare_values({}, noisy(10, 1, 30, 1), true).what, verdict::inconclusive);
  run_series now = base;
  now.url = "http://b";
  now.open_loop = true;
  std::vector<std::string> warnings;
  const auto ops = compare_runs(base, now, warnings);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].rps.what, verdict::inconclusive);
  EXPECT_EQ(ops[0].p99.what, verdict::inconclusive);
  EXPECT_THAT(warnings, testing::ElementsAre("the baseline measured http://a, this run http://b",
                                             "the baseline ran closed loop, this run open",
                                             "get: fewer than 5 seconds of 2xx answers on a side: "
                                             "inconclusive (run -d 10 or more)"));
  // A run of 30 s without one 2xx: nothing to compare, whatever the other had.
  run_series long_base, none;
  long_base.ops[bench_op::get].rps = noisy(100, 5, 30, 2);
  long_base.ops[bench_op::get].p50_ms = long_base.ops[bench_op::get].p99_ms = noisy(5, 1, 30, 3);
  none.ops[bench_op::get].rps.assign(30, 0);
  warnings.clear();
  EXPECT_EQ(compare_runs(long_base, none, warnings)[0].rps.what, verdict::inconclusive);
}

capacity_step step(std::size_t n, double rps, bool refining = false) {
  capacity_step s;
  s.connections = n;
  s.rps = rps;
  s.p99_ms = 5 + static_cast<double>(n) / 4;
  s.requests = 1000;
  s.ok = 1000;
  s.refining = refining;
  return s;
}

TEST(capacity, doubles_until_growth_stops_for_two_steps_then_refines_near_the_knee) {
  capacity_settings s;
  std::vector<capacity_step> steps;
  sweep_end why;
  // A server of 1,600 req/s at 8 connections.
  const auto server = [](std::size_t n) { return std::min(200.0 * double(n), 1600.0); };
  std::vector<std::size_t> asked;
  for (auto n = next_connections(steps, s, why); n; n = next_connections(steps, s, why)) {
    asked.push_back(*n);
    const bool refining = !steps.empty() && *n != steps.back().connections * 2;
    steps.push_back(step(*n, server(*n), refining || (!steps.empty() && steps.back().refining)));
    ASSERT_LT(asked.size(), 20u);
  }
  // 1..8 grow, 16 and 32 do not: stop doubling; then between the knee (8)
  // and its neighbours: 6, then 7 (8 is still the knee), then 12.
  EXPECT_EQ(asked, (std::vector<std::size_t>{1, 2, 4, 8, 16, 32, 6, 7, 12}));
  EXPECT_EQ(why.why, sweep_end::reason::growth_stopped);
  const capacity_report r = analyse_capacity(steps, s, why);
  EXPECT_EQ(sweep_end_text(r, s), "throughput stopped growing (two steps without 5% more)");
  EXPECT_TRUE(r.succeeded);
  EXPECT_FALSE(capacity_failed(r));
  EXPECT_EQ(r.best_measured.connections, 8u);
  EXPECT_NEAR(r.peak.rps, 1600, 1600 * 0.15);
  EXPECT_GE(r.knee.connections, 4u);
  EXPECT_LE(r.knee.connections, 16u);
}

TEST(capacity, the_first_step_over_the_error_limit_ends_the_sweep) {
  capacity_settings s;
  s.max_errors_pct = 5;
  std::vector<capacity_step> steps{step(1, 100), step(2, 200), step(4, 390)};
  steps.back().verdict = run_verdict::over_max_errors;
  steps.back().throttled = 60;
  sweep_end why;
  EXPECT_FALSE(next_connections(steps, s, why));
  EXPECT_EQ(why.why, sweep_end::reason::not_a_result);
  // The step over the limit is not part of the answer.
  const capacity_report r = analyse_capacity(steps, s, why);
  EXPECT_EQ(sweep_end_text(r, s),
            "errors and 429s passed 5% at 4 connections (2xx: 1000, 429: 60, errors: 0 of 1000 "
            "requests)");
  EXPECT_EQ(r.best_measured.connections, 2u);
  EXPECT_FALSE(capacity_failed(r));
}

TEST(capacity, with_no_good_step_there_is_no_peak_only_no_step_succeeded) {
  capacity_settings s;
  std::vector<capacity_step> steps{step(1, 10)};
  steps[0].verdict = run_verdict::over_max_errors;
  steps[0].throttled = 45457;
  steps[0].requests = 45817;
  steps[0].ok = 360;
  sweep_end why;
  EXPECT_FALSE(next_connections(steps, s, why));
  const capacity_report r = analyse_capacity(steps, s, why);
  EXPECT_FALSE(r.succeeded);
  EXPECT_TRUE(capacity_failed(r));
  EXPECT_EQ(capacity_summary(r, s),
            "no step succeeded: errors and 429s passed 5% at 1 connection (2xx: 360, 429: 45457, "
            "errors: 0 of 45817 requests)");
  EXPECT_THAT(capacity_text(r, s), Not(HasSubstr("peak")));
  const std::string json = capacity_json(r, s, "http://x");
  EXPECT_THAT(json, HasSubstr(R"("peak":null,"knee":null)"));
  EXPECT_THAT(json, HasSubstr(R"("succeeded":false)"));
  // A step that failed to run keeps the steps before it, and says why.
  std::vector<capacity_step> two{step(1, 100), step(2, 190)};
  const capacity_report cut = analyse_capacity(
      two, s,
      {sweep_end::reason::step_failed, 4,
       bench_failure{bench_failure::reason::ids_unreadable, "GET http://x/: HTTP 500"}});
  EXPECT_TRUE(cut.succeeded);
  EXPECT_TRUE(capacity_failed(cut));
  EXPECT_EQ(sweep_end_text(cut, s),
            "the step at 4 connections failed: cannot read connectors to get or update: GET "
            "http://x/: HTTP 500");
  EXPECT_THAT(capacity_text(cut, s), HasSubstr("peak 190 req/s"));
  // A step without a 2xx is no step either (not a peak of 0).
  std::vector<capacity_step> silent{step(1, 0)};
  silent[0].ok = 0;
  silent[0].verdict = run_verdict::no_answers;
  EXPECT_FALSE(analyse_capacity(silent, s, {sweep_end::reason::not_a_result, 1, {}}).succeeded);
}

TEST(capacity, max_connections_caps_the_doubling_and_the_slo_is_the_last_step_that_held) {
  capacity_settings s;
  s.max_connections = 12;
  s.slo = parse_threshold("p99<7ms");
  std::vector<capacity_step> steps;
  sweep_end why;
  for (auto n = next_connections(steps, s, why); n && steps.size() < 5;
       n = next_connections(steps, s, why)) {
    steps.push_back(step(*n, 100.0 * double(*n)));
    steps.back().slo_held = steps.back().p99_ms < 7;
  }
  EXPECT_EQ(steps.back().connections, 12u);  // 1, 2, 4, 8, then 12 (not 16)
  const capacity_report r = analyse_capacity(steps, s, why);
  ASSERT_TRUE(r.slo);
  EXPECT_EQ(r.slo->connections, 4u);  // p99 = 5 + n/4 < 7 up to n = 7
  EXPECT_THAT(capacity_summary(r, s), HasSubstr("SLO p99<7ms holds up to 4 connections"));
}

}  // namespace
}  // namespace sdemig::engine

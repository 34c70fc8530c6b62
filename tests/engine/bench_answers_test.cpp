// No verdict without answers (engine/load/answers.hpp), without a server:
// what an answer counts as, when a run has a verdict, what a threshold
// says over no answers, and thresholds that cannot be measured.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/load/answers.hpp"
#include "engine/load/load.hpp"
#include "engine/load/threshold.hpp"

namespace sdemig::engine {
namespace {

TEST(answers, only_2xx_is_throughput_and_no_answers_is_no_verdict) {
  using k = answer_kind;
  const auto status = [](unsigned s) { return net::http_result{.status = s}; };
  net::http_result timeout;
  timeout.error = net::failure::timeout;
  EXPECT_EQ(classify(status(200)), k::ok);
  EXPECT_EQ(classify(status(201)), k::ok);
  EXPECT_EQ(classify(status(301)), k::error_status);  // a redirect not followed
  EXPECT_EQ(classify(status(401)), k::error_status);
  EXPECT_EQ(classify(status(429)), k::throttled);
  EXPECT_EQ(classify(status(500)), k::error_status);
  EXPECT_EQ(classify(timeout), k::no_answer);
  // 401/403 stop a run only before its first 2xx.
  EXPECT_TRUE(refuses_the_token(status(401), false));
  EXPECT_TRUE(refuses_the_token(status(403), false));
  EXPECT_FALSE(refuses_the_token(status(401), true));
  EXPECT_FALSE(refuses_the_token(status(404), false));
  EXPECT_FALSE(refuses_the_token(timeout, false));
  // --max-errors bounds errors and 429s together; no 2xx is no verdict.
  EXPECT_EQ(judge({.ok = 95, .throttled = 3, .error_status = 2}, 5), run_verdict::measured);
  EXPECT_EQ(judge({.ok = 94, .throttled = 3, .error_status = 3}, 5), run_verdict::over_max_errors);
  EXPECT_EQ(judge({.ok = 4, .error_status = 8940}, 100), run_verdict::measured);
  EXPECT_EQ(judge({.no_answer = 16}, 100), run_verdict::no_answers);
  EXPECT_EQ(judge({}, 5), run_verdict::no_answers);
  EXPECT_FALSE(bad_share_pct({}));
  EXPECT_EQ(verdict_text(run_verdict::over_max_errors, {.ok = 4, .error_status = 8940}, 5),
            "errors and 429s were 100.0% of 8944 requests, over --max-errors 5%");
  EXPECT_EQ(verdict_text(run_verdict::no_answers, {.no_answer = 1}, 5),
            "no 2xx answer among 1 request");
}

TEST(threshold, over_no_answers_every_threshold_is_breached) {
  bench_result r;  // a hung server: four timeouts, no answer
  r.duration_s = 10;
  r.ops[bench_op::get].requests = 4;
  r.errors["timeout"] = 4;
  r.answers.no_answer = 4;
  r.requests = 4;
  std::vector<threshold> ts;
  for (const char* e : {"p99<100ms", "get.max<1s", "rps>0", "errors<1%", "throttled<1%"})
    ts.push_back(parse_threshold(e));
  for (const threshold_check& c : check_thresholds(ts, r)) {
    EXPECT_FALSE(c.held) << c.t->expr;
    EXPECT_FALSE(c.value) << c.t->expr;
    EXPECT_EQ(threshold_line(c), "BREACHED " + c.t->expr + ": no answers measured");
  }
  // Error answers are answers: their share is measured; their latency is not.
  r.answers = {.error_status = 4};
  r.status[401] = 4;
  const auto checks = check_thresholds(ts, r);
  EXPECT_FALSE(checks[0].value);
  EXPECT_EQ(checks[3].value, 100);
  EXPECT_EQ(checks[4].value, 0);
  EXPECT_TRUE(checks[4].held);
}

TEST(threshold, an_operation_the_run_does_not_send_is_refused) {
  bench_settings s;
  s.mix = {{bench_op::get, 1}, {bench_op::list, 0}};
  EXPECT_NO_THROW(check_sent(parse_threshold("get.p99<5ms"), s));
  EXPECT_NO_THROW(check_sent(parse_threshold("p99<5ms"), s));
  try {
    check_sent(parse_threshold("list.p99<50ms"), s);
    ADD_FAILURE() << "list.p99<50ms was taken";
  } catch (const threshold_error& e) {
    EXPECT_STREQ(e.what(), "list.p99<50ms: this run sends no list");
  }
}

}  // namespace
}  // namespace sdemig::engine

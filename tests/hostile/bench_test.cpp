// `sdemig bench` against servers that misbehave: a token revoked before or
// during the run (401), a hung server, answers slower than the window, a
// rate-limited instance (429), a list read that fails between capacity
// steps. Each holds the rule of engine/load/answers.hpp: no verdict without
// answers (only 2xx is throughput, an error is not, no answers is no
// verdict), and a run that ends early still says what it measured.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

// The value at a JSON pointer, minified ("null", "\"text\"", "12"); empty
// when the text is not JSON or the pointer names nothing.
std::string at(const std::string& json, const std::string& pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root, e;
  if (parser.parse(json).get(root) || root.at_pointer(pointer).get(e)) return {};
  return simdjson::minify(e);
}

double number_at(const std::string& json, const std::string& pointer) {
  const std::string v = at(json, pointer);
  return v.empty() || v == "null" ? -1 : std::stod(v);
}

std::vector<std::string> bench(const cli_env& env, const sim_instance& sim,
                               std::vector<std::string> args) {
  return concat(
      {"bench", "--url", sim.url(), "--token-file", env.path("source.token"), "--api", "legacy"},
      args);
}

// A token refused from the first request: the run stops at once, in the
// server's words, with nothing printed as a result.
TEST(bench_hostile, a_token_refused_before_any_2xx_stops_the_run_at_once) {
  sim::server_config c = sim_config(source_token);
  c.routing.token_expires_after = 1;  // the list read for ids, then 401s
  sim_instance sim(c, 20, 0);
  cli_env env;
  auto r = env.sdemig(bench(env, sim, {"--op", "get", "-c", "4", "-d", "5", "--warmup", "0"}));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("sdemig: bench: the instance refused the token before any 2xx "
                               "answer: GET " +
                               sim.url() + "/api/v2/connectors/alm/"))
      << r.err;
  EXPECT_THAT(r.err, HasSubstr(": HTTP 401: Invalid token.\n")) << r.err;
  EXPECT_EQ(r.out, "");
  // At once: each connection's first request, not 5 s of them.
  EXPECT_LE(sim.server.stats().requests, 1u + 4u);
  EXPECT_THAT(r.err, Not(HasSubstr(source_token)));
}

// A token revoked mid-run: its 401s are errors by status, not throughput,
// and past --max-errors the run exits 1 (the report still printed).
TEST(bench_hostile, a_token_revoked_mid_run_is_errors_not_throughput) {
  const auto revoking = [] {
    sim::server_config c = sim_config(source_token);
    c.routing.token_expires_after = 50;  // the list read, then 49 answers, then 401s
    return c;
  };
  cli_env env;
  const std::vector<std::string> run = {"--op", "get", "-c", "2", "-d", "1", "--warmup", "0"};
  sim_instance sim(revoking(), 20, 0);
  auto r = env.sdemig(bench(env, sim, concat(run, {"--json"})));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(number_at(r.out, "/ok"), 49);
  EXPECT_EQ(number_at(r.out, "/operations/get/ok"), 49);
  const double refused = number_at(r.out, "/status/401");
  EXPECT_GT(refused, 10);
  EXPECT_EQ(number_at(r.out, "/errors/401"), refused);
  EXPECT_EQ(number_at(r.out, "/requests"), 49 + refused);
  EXPECT_LE(number_at(r.out, "/requests_per_second"), 49);  // 2xx only, over >= 1 s
  EXPECT_THAT(r.err, HasSubstr("sdemig: bench: errors and 429s were ")) << r.err;
  EXPECT_THAT(r.err, HasSubstr(", over --max-errors 5% (errors: 401: ")) << r.err;

  sim_instance again(revoking(), 20, 0);
  auto text = env.sdemig(bench(env, again, run));
  EXPECT_EQ(text.code, 1) << text.err;
  EXPECT_THAT(text.out, HasSubstr(" req/s (2xx), ")) << text.out;
  EXPECT_THAT(text.out, HasSubstr("; errors: 401: ")) << text.out;
  EXPECT_THAT(text.out, Not(HasSubstr("errors: none"))) << text.out;
}

// 429s are not throughput either, and count toward --max-errors.
TEST(bench_hostile, throttled_answers_count_toward_max_errors) {
  sim::server_config c = sim_config(source_token);
  c.faults.p429 = 0.3;
  c.faults.retry_after_s = 0;
  c.faults.scope = sim::fault_scope::all;
  sim_instance sim(c, 20, 0);
  cli_env env;
  auto r = env.sdemig(bench(env, sim, {"--op", "get", "-n", "400", "-c", "4", "--json"}));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(number_at(r.out, "/ok") + number_at(r.out, "/throttled"), 400);
  EXPECT_THAT(r.err, HasSubstr("errors and 429s were ")) << r.err;
  EXPECT_THAT(r.err, HasSubstr("; 429: ")) << r.err;
  auto allowed = env.sdemig(
      bench(env, sim, {"--op", "get", "-n", "400", "-c", "4", "--max-errors", "60", "--json"}));
  EXPECT_EQ(allowed.code, 0) << allowed.err;
}

// A hung server: the requests in flight are waited for (up to --timeout)
// and measured as timeouts; a threshold over no answers is breached.
TEST(bench_hostile, a_hung_server_breaches_every_threshold_with_no_answers_measured) {
  sim::server_config c = sim_config(source_token);
  c.faults.hang_after = 0;
  sim_instance sim(c, 5, 0);
  cli_env env;
  auto r = env.sdemig(bench(
      env, sim,
      {"--op", "list", "-c", "2", "-d", "1", "--warmup", "1", "--timeout", "1.5", "--threshold",
       "p99<100ms", "--threshold", "errors<1%", "--threshold", "rps>0", "--json"}));
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_EQ(at(r.out, "/thresholds/0"), R"({"expr":"p99<100ms","value":null,"result":"breached"})");
  EXPECT_EQ(at(r.out, "/thresholds/1"), R"({"expr":"errors<1%","value":null,"result":"breached"})");
  EXPECT_EQ(at(r.out, "/thresholds/2"), R"({"expr":"rps>0","value":null,"result":"breached"})");
  // The warm-up's requests were still in flight when measuring began.
  EXPECT_GE(number_at(r.out, "/errors/timeout"), 2);
  EXPECT_EQ(number_at(r.out, "/requests"), number_at(r.out, "/errors/timeout"));
  EXPECT_EQ(at(r.out, "/operations/list/p99_ms"), "null");
  EXPECT_GE(sim.server.stats().hung, 2u);

  auto text = env.sdemig(bench(env, sim,
                               {"--op", "list", "-c", "1", "-d", "0.3", "--warmup", "0",
                                "--timeout", "0.5", "--threshold", "p99<100ms"}));
  EXPECT_EQ(text.code, 4) << text.err;
  EXPECT_THAT(text.out, HasSubstr("BREACHED p99<100ms: no answers measured\n")) << text.out;
  EXPECT_THAT(text.out, HasSubstr("errors: timeout: 1;")) << text.out;
  // Without a threshold, no 2xx at all is exit 1.
  auto bare = env.sdemig(bench(
      env, sim, {"--op", "list", "-c", "1", "-d", "0.3", "--warmup", "0", "--timeout", "0.5"}));
  EXPECT_EQ(bare.code, 1);
  EXPECT_THAT(bare.err, HasSubstr("sdemig: bench: no 2xx answer among 1 request")) << bare.err;
}

// Answers slower than the warm-up and the window: measured when they come,
// so 1.5 s answers cannot give a p99 of 0.
TEST(bench_hostile, answers_still_in_flight_are_measured_when_they_come) {
  sim::server_config c = sim_config(source_token);
  c.faults.delay = 1;
  c.faults.delay_ms = 1500;
  sim_instance sim(c, 5, 0);
  cli_env env;
  auto r = env.sdemig(bench(env, sim,
                            {"--op", "list", "-c", "2", "-d", "0.5", "--warmup", "0.5",
                             "--threshold", "p99<100ms", "--json"}));
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_EQ(number_at(r.out, "/operations/list/ok"), 2);
  EXPECT_GE(number_at(r.out, "/operations/list/p99_ms"), 1400);
  EXPECT_GE(number_at(r.out, "/thresholds/0/value"), 1400);
}

// What cannot be measured, or can never hold, is refused before any request.
TEST(bench_hostile, thresholds_that_cannot_be_met_are_exit_2_before_any_request) {
  sim_instance sim(sim_config(source_token), 5, 0);
  cli_env env;
  struct row {
    std::vector<std::string> args;
    std::string says;
  };
  const row rows[] = {
      {{"--op", "get", "--threshold", "list.p99<50ms"},
       "--threshold list.p99<50ms: this run sends no list"},
      {{"--op", "mix", "--mix", "get=1,list=0", "--threshold", "list.rps>1"},
       "--threshold list.rps>1: this run sends no list"},
      {{"--threshold", "errors<0%"}, "--threshold errors<0%: a share is never under 0%"},
      {{"--threshold", "throttled<0%"}, "--threshold throttled<0%: a share is never under 0%"},
      {{"--threshold", "p99<0ms"}, "--threshold p99<0ms: a latency is never under 0 ms"},
      {{"--capacity", "--op", "get", "--slo", "update.p99<5ms"},
       "--slo update.p99<5ms: this run sends no update"},
      {{"--capacity", "--hdr-out", env.path("x.hgrm")}, "--hdr-out is not for --capacity"},
  };
  for (const row& w : rows) {
    auto r = env.sdemig(bench(env, sim, w.args));
    EXPECT_EQ(r.code, 2) << w.says << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(w.says)) << r.err;
  }
  EXPECT_EQ(sim.server.stats().requests, 0u);
}

// A rate-limited instance: the sweep honours Retry-After, counts the 429s
// toward --max-errors, and with no good step says so (never a peak at 0).
TEST(bench_hostile, capacity_against_a_rate_limit_finds_no_step_and_does_not_trample) {
  sim::server_config c = sim_config(source_token);
  c.capacity.rate_limit = 100;
  sim_instance sim(c, 5, 0);
  cli_env env;
  auto r = env.sdemig(bench(env, sim, {"--op", "get", "--capacity", "--step-seconds", "1"}));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\nno step succeeded: errors and 429s passed 5% at 1 connection ("))
      << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("peak"))) << r.out;
  EXPECT_THAT(r.err, HasSubstr("sdemig: bench: no step succeeded: ")) << r.err;
  EXPECT_LT(sim.server.stats().requests, 200u);  // a 1 s pause after each 429

  auto json = env.sdemig(bench(env, sim,
                               {"--op", "get", "--capacity", "--step-seconds", "1",
                                "--max-connections", "2", "--max-errors", "100", "--json"}));
  EXPECT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(at(json.out, "/capacity/succeeded"), "true");
  EXPECT_GT(number_at(json.out, "/capacity/peak/rps"), 0);
  EXPECT_LT(number_at(json.out, "/capacity/peak/rps"), 150);  // 2xx only
  EXPECT_GE(number_at(json.out, "/capacity/steps/0/throttled"), 1);
}

// The list read between two steps fails: the steps measured so far are
// reported (text, JSON, page), with the reason, and the exit is 1.
TEST(bench_hostile, a_failed_list_read_between_steps_keeps_the_steps_so_far) {
  const auto failing = [] {
    sim::server_config c = sim_config(source_token);
    c.routing.fail_list_read = 2;  // step 1 reads the list, step 2's read fails
    return c;
  };
  cli_env env;
  const std::vector<std::string> sweep = {"--op", "get",      "--capacity", "--step-seconds",
                                          "0.3",  "--warmup", "0.1"};
  const std::string why =
      "the step at 2 connections failed: cannot read connectors to get or "
      "update: GET ";
  {
    sim_instance sim(failing(), 5, 0);
    auto r = env.sdemig(bench(env, sim, sweep));
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_THAT(r.out, StartsWith("connections      req/s")) << r.out;
    EXPECT_THAT(r.out, HasSubstr("\n          1 ")) << r.out;
    EXPECT_THAT(r.out, HasSubstr("\nstopped: " + why + sim.url() +
                                 "/api/v2/connectors/alm/?page_size=1000: HTTP 500: A server "
                                 "error occurred.\n"))
        << r.out;
    EXPECT_THAT(r.err, HasSubstr("sdemig: bench: the sweep did not finish: " + why)) << r.err;
  }
  sim_instance sim(failing(), 5, 0);
  const std::string page = env.path("capacity.html");
  auto r = env.sdemig(bench(env, sim, concat(sweep, {"--json", "--html", page})));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(at(r.out, "/capacity/steps/0/connections"), "1");
  EXPECT_GT(number_at(r.out, "/capacity/steps/0/ok"), 0);
  EXPECT_EQ(at(r.out, "/capacity/steps/1"), "");
  EXPECT_THAT(at(r.out, "/capacity/stopped"), StartsWith("\"" + why)) << r.out;
  const std::string html = files::read_file(page);
  EXPECT_THAT(html, HasSubstr("stopped: " + why)) << html.substr(0, 2000);
  EXPECT_THAT(html, HasSubstr("<tr><td>1</td>"));
}

// --warmup is each step's warm-up: with 0, every request a step sends is one
// of its measured ones.
TEST(bench_hostile, capacity_honours_warmup) {
  sim_instance sim(sim_config(source_token), 5, 0);
  cli_env env;
  auto r = env.sdemig(bench(env, sim,
                            {"--op", "list", "--capacity", "--step-seconds", "0.3", "--warmup", "0",
                             "--max-connections", "2", "--json"}));
  ASSERT_EQ(r.code, 0) << r.err;
  double measured = 0;
  for (int i = 0; !at(r.out, "/capacity/steps/" + std::to_string(i)).empty(); ++i)
    measured += number_at(r.out, "/capacity/steps/" + std::to_string(i) + "/requests");
  EXPECT_GT(measured, 0);
  EXPECT_EQ(static_cast<double>(sim.server.stats().requests), measured);
}

}  // namespace
}  // namespace sdemig::test

// `sdemig bench` against sde-sim: the counts it reports add up to what the
// server saw, 429s are counted apart, the mix is honoured, and the open loop
// measures latency from each request's intended start (a slow server shows
// in the percentiles instead of slowing the load: no coordinated omission).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

// The number after "key": at its first occurrence in `json` (-1 when absent).
double number(const std::string& json, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(json, m, std::regex("\"" + key + "\":(-?[0-9.e+]+)"))) return -1;
  return std::stod(m[1]);
}

// The object after "name": (flat, no nesting), for number() to search in.
std::string object(const std::string& json, const std::string& name) {
  const auto at = json.find("\"" + name + "\":{");
  if (at == std::string::npos) return {};
  return json.substr(at, json.find('}', at) - at + 1);
}

std::vector<std::string> bench(const cli_env& env, const sim_instance& sim,
                               std::vector<std::string> args) {
  return concat({"bench", "--url", sim.url(), "--token-file", env.path("source.token")}, args);
}

TEST(bench, closed_loop_counts_follow_the_mix_and_match_the_server) {
  sim_instance sim(sim_config(source_token), 50, 0);
  cli_env env;
  const auto before = sim.server.stats().requests;
  auto r = env.sdemig(bench(env, sim,
                            {"--op", "mix", "--mix", "get=2,list=1,create=1,update=1", "-n", "500",
                             "-c", "8", "--json"}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(number(r.out, "requests"), 500);
  // The mix is a fixed cycle over the weights: exact shares.
  EXPECT_EQ(number(object(r.out, "get"), "count"), 200);
  EXPECT_EQ(number(object(r.out, "list"), "count"), 100);
  EXPECT_EQ(number(object(r.out, "create"), "count"), 100);
  EXPECT_EQ(number(object(r.out, "update"), "count"), 100);
  EXPECT_EQ(number(object(r.out, "status"), "200"), 400);
  EXPECT_EQ(number(object(r.out, "status"), "201"), 100);
  EXPECT_EQ(object(r.out, "errors"), "\"errors\":{}");
  EXPECT_LE(number(r.out, "connections_opened"), 8);
  EXPECT_GE(number(r.out, "client_cpu_user_s"), 0);
  // Every request reached the server once (plus the reads before the run).
  EXPECT_EQ(sim.server.stats().requests - before,
            503u);  // the API probe, the plugin schema (update: which params are secrets),
                    // the list for ids, 500 measured
  EXPECT_EQ(sim.store.size(connector_kind::alm), 150u);
}

TEST(bench, thresholds_exit_4_when_breached_and_a_baseline_is_compared) {
  sim_instance sim(sim_config(source_token), 50, 0);
  cli_env env;
  const std::string base = env.path("base.json");
  auto first =
      env.shell("$SDEMIG " +
                shell_words(bench(env, sim, {"-d", "5", "-c", "4", "--warmup", "0.2", "--json"})) +
                " > " + base);
  ASSERT_EQ(first.code, 0) << first.err;
  auto r = env.sdemig(bench(env, sim,
                            {"-d", "5", "-c", "4", "--warmup", "0.2", "--threshold", "rps>1",
                             "--threshold", "get.max<0.001ms", "--baseline", base, "--json"}));
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_THAT(r.out, HasSubstr(R"({"expr":"rps>1","value":)"));
  EXPECT_THAT(r.out, HasSubstr(R"("result":"held"})"));
  EXPECT_THAT(r.out, HasSubstr(R"("result":"breached"})"));
  EXPECT_THAT(r.out, HasSubstr(R"("comparison":{"method":"moving-block bootstrap)"));
  EXPECT_THAT(r.out, HasSubstr(R"("ops":[{"op":"get","rps":{"baseline":)"));
  EXPECT_THAT(r.err, Not(HasSubstr("warning")));
  // A malformed threshold or a file that is not a bench result: exit 2, nothing sent.
  const auto before = sim.server.stats().requests;
  EXPECT_EQ(env.sdemig(bench(env, sim, {"--threshold", "p98<5ms"})).code, 2);
  EXPECT_EQ(env.sdemig(bench(env, sim, {"--baseline", env.write_file("x.json", "{}")})).code, 2);
  EXPECT_EQ(sim.server.stats().requests, before);
}

// Under 5 s a side tells nothing: the verdict is inconclusive, never "same".
TEST(bench, a_baseline_of_a_few_seconds_is_inconclusive) {
  sim_instance sim(sim_config(source_token), 20, 0);
  cli_env env;
  const std::string base = env.path("short.json");
  const std::vector<std::string> run = {"-d", "2", "-c", "2", "--warmup", "0"};
  auto first =
      env.shell("$SDEMIG " + shell_words(bench(env, sim, concat(run, {"--json"}))) + " > " + base);
  ASSERT_EQ(first.code, 0) << first.err;
  auto r = env.sdemig(bench(env, sim, concat(run, {"--baseline", base, "--json"})));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string ops = r.out.substr(r.out.find("\"comparison\":"));
  EXPECT_THAT(ops, HasSubstr(R"("verdict":"inconclusive")"));
  EXPECT_THAT(ops, Not(HasSubstr(R"("verdict":"same")")));
  EXPECT_THAT(r.err, HasSubstr("get: fewer than 5 seconds of 2xx answers on a side: inconclusive"));
  auto text = env.sdemig(bench(env, sim, concat(run, {"--baseline", base})));
  EXPECT_THAT(text.out, testing::MatchesRegex("(.|\n)*get +req/s .*inconclusive\n(.|\n)*"));
}

TEST(bench, hdr_out_writes_every_measured_request_as_hdrhistogram_text) {
  sim_instance sim(sim_config(source_token), 20, 0);
  cli_env env;
  const std::string out = env.path("latency.hgrm");
  auto r = env.sdemig(bench(env, sim, {"--op", "mix", "-n", "300", "-c", "4", "--hdr-out", out}));
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string text = files::read_file(out);
  EXPECT_THAT(text, HasSubstr("Value     Percentile TotalCount 1/(1-Percentile)"));
  EXPECT_THAT(text, HasSubstr(" 1.000000000000        300\n"));  // the 100% row: every request
  EXPECT_THAT(text, HasSubstr("Total count    =          300]"));
  EXPECT_THAT(text, Not(HasSubstr(source_token)));
  // A path that cannot be written is refused before any request.
  const auto before = sim.server.stats().requests;
  auto bad = env.sdemig(bench(env, sim, {"-n", "10", "--hdr-out", env.path("no/such/dir/x.hgrm")}));
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--hdr-out")) << bad.err;
  EXPECT_EQ(sim.server.stats().requests, before);
}

TEST(bench, throttled_answers_are_counted_apart_and_not_retried) {
  sim::server_config c = sim_config(source_token);
  c.faults.p429 = 0.3;
  c.faults.retry_after_s = 0;
  c.faults.scope = sim::fault_scope::all;
  sim_instance sim(c, 20, 0);
  cli_env env;
  // The first list (for ids) may be throttled too; it is retried until it passes.
  // 30% of 429s is over the default --max-errors (tests/hostile/bench_test.cpp).
  auto r = env.sdemig(
      bench(env, sim, {"--op", "get", "-n", "400", "-c", "4", "--max-errors", "100", "--json"}));
  ASSERT_EQ(r.code, 0) << r.err;
  const double ok = number(object(r.out, "status"), "200");
  const double throttled = number(r.out, "throttled");
  EXPECT_EQ(number(object(r.out, "status"), "429"), throttled);
  EXPECT_GT(throttled, 60);
  EXPECT_EQ(ok + throttled, 400);
  auto text =
      env.sdemig(bench(env, sim, {"--op", "get", "-n", "200", "-c", "4", "--max-errors", "100"}));
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("; 429 (throttled): ")) << text.out;
  EXPECT_THAT(text.out, HasSubstr("client CPU: ")) << text.out;
}

TEST(bench, open_loop_latency_counts_from_the_intended_start) {
  sim::server_config c = sim_config(source_token);
  c.faults.latency_ms = 50;  // two connections: at most 40 answers a second
  sim_instance sim(c, 5, 0);
  cli_env env;
  auto closed = env.sdemig(bench(env, sim, {"--op", "get", "-n", "20", "-c", "2", "--json"}));
  ASSERT_EQ(closed.code, 0) << closed.err;
  EXPECT_LT(number(object(closed.out, "get"), "p99_ms"), 400);
  // 100 requests a second asked of a server that answers 40: the queue grows
  // for the whole second, and the latency from each intended start shows it.
  auto open = env.sdemig(bench(
      env, sim, {"--op", "get", "--rate", "100", "-d", "1", "--warmup", "0", "-c", "2", "--json"}));
  ASSERT_EQ(open.code, 0) << open.err;
  EXPECT_THAT(open.out, HasSubstr("\"open_loop\":true"));
  EXPECT_NEAR(number(open.out, "requests"), 100, 2);
  EXPECT_GT(number(object(open.out, "get"), "p99_ms"), 1000);
  EXPECT_GT(number(object(open.out, "get"), "p50_ms"), 400);
}

}  // namespace
}  // namespace sdemig::test

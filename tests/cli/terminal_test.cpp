// What a person at a terminal sees (issue: safety, items 19-21): server
// strings escaped, progress and throttling visible, Ctrl-C that answers at
// once the second time, and counts and words that are right.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "cli_fixture.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

using clock_type = std::chrono::steady_clock;

connector alm(std::string name) {
  connector c;
  c.name = std::move(name);
  c.system = {"jira", "", std::nullopt};
  c.inaccessible = false;
  c.params = std::vector<param>{{"alm_server", scalar::string("s.example.com")},
                                {"alm_user", scalar::string("u")}};
  return c;
}

TEST(terminal, server_strings_are_escaped_in_plan_verify_and_errors) {
  sim_instance source(sim_config(source_token), 0, 0);
  const std::string ansi = "Red \x1b[31mAlert\x1b[0m";
  const std::string bidi =
      "Invoice \xE2\x80\xAE"
      "fdp.exe";
  source.store.insert(connector_kind::alm, alm(ansi));
  source.store.insert(connector_kind::alm, alm(bidi));
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  const std::string refuse = env.write_file(
      "job.json", R"({"kinds": ["alm"], "transforms": [{"unset_params": ["alm_server"]}]})");
  for (auto args : {std::vector<std::string>{"plan"},
                    {"verify"},
                    {"clone", "--dry-run"},
                    {"clone", "--job", refuse}}) {
    auto r = env.sdemig(concat(args, both));
    const std::string all = r.out + r.err;
    EXPECT_THAT(all, Not(HasSubstr("\x1b"))) << args[0] << ": " << all;
    EXPECT_THAT(all, Not(HasSubstr("\xE2\x80\xAE"))) << args[0] << ": " << all;
    EXPECT_THAT(all, HasSubstr("Red \\u001B[31mAlert\\u001B[0m")) << args[0] << ": " << all;
    EXPECT_THAT(all, HasSubstr("Invoice \\u202Efdp.exe")) << args[0] << ": " << all;
  }
}

TEST(terminal, progress_shows_while_reading_and_exporting) {
  sim_instance source(sim_config(source_token, 50), 300, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"export", "--progress", "always", "--out", env.path("e.json")}, env.from(source)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("\r\x1b[Kread: exported 300 connectors")) << r.err;
  r = env.sdemig(
      concat({"plan", "--progress", "always", "--kind", "alm"}, env.both(source, target)));
  EXPECT_THAT(r.err, HasSubstr(" source 300 connectors")) << r.err;
  r = env.sdemig(
      concat({"plan", "--kind", "alm"}, env.both(source, target)));  // not a terminal: quiet
  EXPECT_EQ(r.err, "");
}

TEST(terminal, a_long_retry_after_wait_is_announced) {
  sim_instance source(sim_config(source_token), 1, 0);
  sim::server_config throttling = sim_config(target_token);
  throttling.faults.p429 = 0.5;
  throttling.faults.retry_after_s = 3;
  throttling.faults.scope = sim::fault_scope::writes;
  throttling.faults.seed = 1;  // the first write draws a 429, the second goes through
  sim_instance target(std::move(throttling), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--concurrency", "1"}, env.both(source, target)));
  EXPECT_EQ(r.code, 0) << r.err;
  ASSERT_GE(target.server.stats().throttled, 1u) << "the seed gave no 429: pick another";
  EXPECT_THAT(r.err, HasSubstr("sdemig: throttled by the target (429), retrying in 3 s\n"))
      << r.err;
}

TEST(terminal, a_second_ctrl_c_stops_at_once) {
  sim_instance source(sim_config(source_token), 4, 0);
  sim::server_config slow = sim_config(target_token);
  slow.faults.latency_ms = 1500;
  sim_instance target(std::move(slow), 0, 0);
  cli_env env;
  child_process child(
      concat({program_under_test(), "clone", "--kind", "alm"}, env.both(source, target)));
  ASSERT_EQ(child.read_line(std::chrono::seconds(10)), "source: legacy API, target: legacy API");
  const auto line =
      child.read_line(std::chrono::seconds(10));  // "plan: ..." comes before the writes
  ASSERT_TRUE(line && line->starts_with("plan: ")) << (line ? *line : "no line");
  const auto reads = target.server.stats().requests;  // counted as they arrive
  ASSERT_TRUE(wait_until([&] { return target.server.stats().requests > reads; }))
      << "no write reached the target";
  const auto interrupted = clock_type::now();
  child.signal(SIGINT);
  // The second Ctrl-C once the first was heard (one pending signal is one).
  ASSERT_TRUE(child.wait_for_stderr("interrupted")) << child.stderr_text();
  child.signal(SIGINT);
  EXPECT_EQ(child.wait(), 130);
  EXPECT_LT(clock_type::now() - interrupted,
            std::chrono::milliseconds(1200));  // not the 10 s grace, not the 1.5 s answer
  EXPECT_THAT(child.stderr_text(), HasSubstr("sdemig: interrupted again: stopping now"))
      << child.stderr_text();
}

TEST(terminal, ctrl_c_while_reading_does_not_wait) {
  sim::server_config slow = sim_config(source_token);
  slow.faults.latency_ms = 8000;
  sim_instance source(std::move(slow), 4, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  child_process child(concat({program_under_test(), "plan"}, env.both(source, target)));
  ASSERT_TRUE(wait_until([&] { return source.server.stats().requests > 0; }))
      << "the plan never read the source";
  const auto interrupted = clock_type::now();
  child.signal(SIGINT);
  EXPECT_EQ(child.wait(), 1);
  EXPECT_LT(clock_type::now() - interrupted, std::chrono::seconds(2));
}

TEST(terminal, counts_and_words) {
  sim_instance source(sim_config(source_token), 1, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"export", "--kind", "alm", "--out", env.path("e.json")}, env.from(source)));
  EXPECT_EQ(r.err, "exported 1 connector to " + env.path("e.json") + "\n");
  r = env.sdemig(concat({"clone", "--kind", "alm"}, env.both(source, target)));
  EXPECT_THAT(r.out, HasSubstr("; 1 write in ")) << r.out;

  // "writes" counts answered requests: a write reset before it arrived and sent again is one.
  sim_instance many(sim_config(source_token), 60, 0);
  sim::server_config resetting = sim_config(target_token);
  resetting.faults.reset = 0.1;
  resetting.faults.reset_after_apply = 0;
  resetting.faults.scope = sim::fault_scope::writes;
  sim_instance flaky(std::move(resetting), 0, 0);
  // One connection: the draws, and so the run, are the same every time.
  r = env.sdemig(concat({"clone", "--kind", "alm", "--concurrency", "1"}, env.both(many, flaky)));
  EXPECT_EQ(r.code, 0) << r.err;
  ASSERT_GT(flaky.server.stats().resets_before_apply, 0u);
  EXPECT_THAT(
      r.out,
      HasSubstr("60 created, 0 updated, 0 reconciled, 0 unchanged, 0 skipped; 60 writes in "))
      << r.out;
}

TEST(terminal, a_writing_bench_says_so_first_and_names_what_it_creates) {
  sim_instance target(sim_config(target_token), 2, 0);
  cli_env env;
  auto r = env.sdemig({"bench", "--url", target.url(), "--token-file", env.path("target.token"),
                       "--op", "create", "-n", "5", "-c", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string says =
      "sdemig: bench writes to " + target.url() + ": it creates ALM connectors named \"";
  ASSERT_TRUE(r.err.starts_with(says)) << r.err;
  const std::string prefix =
      r.err.substr(says.size(), r.err.find("N\"", says.size()) - says.size());
  EXPECT_TRUE(prefix.starts_with("sdemig-bench-")) << prefix;
  std::size_t named = 0;
  for (const connector& c : target.store.snapshot(connector_kind::alm))
    named += c.name.starts_with(prefix);
  EXPECT_EQ(named, 5u);

  // Behind a reverse proxy's path prefix, creates go there too (they went to the bare path before).
  sim::server_config prefixed = sim_config(target_token);
  prefixed.routing.path_prefix = "/sde";
  sim_instance behind(std::move(prefixed), 2, 0);
  r = env.sdemig({"bench", "--url", behind.url() + "/sde", "--token-file", env.path("target.token"),
                  "--op", "create", "-n", "3", "-c", "1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(behind.store.size(connector_kind::alm), 5u);
}

}  // namespace
}  // namespace sdemig::test

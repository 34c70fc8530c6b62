// Crashes and restarts: sdemig killed with SIGKILL at three points and run
// again, and the target restarted in the middle of a run. The target always
// ends equal to the source, each connector stored once, and a rerun never
// writes what the first run already did.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>
#include <set>
#include <thread>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "sim/state_file.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

std::set<std::string> journal_names(const std::string& path) {
  std::set<std::string> names;
  if (::access(path.c_str(), F_OK) != 0) return names;
  const std::string text = files::read_file(path);
  std::regex name(R"re("name":"((?:[^"\\]|\\.)*)")re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator();
       ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

class kill_and_resume : public testing::TestWithParam<int> {};

TEST_P(kill_and_resume, the_rerun_finishes_without_repeating_a_write) {
  sim_instance source(sim_config(source_token), 1500, 0);
  sim::server_config slow = sim_config(target_token);
  slow.faults.latency_ms = 3;
  slow.threads = 2;
  sim_instance target(slow, 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  {
    child_process first(concat({SDEMIG_PATH, "clone", "--kind", "alm", "--concurrency", "8",
                                "--journal", env.path("first.ndjson")},
                               both));
    // Kill once the target holds GetParam() connectors: the same point
    // whatever the machine's speed (or a sanitizer's slowdown).
    const bool reached = wait_until([&] {
      return target.store.size(connector_kind::alm) >= static_cast<std::size_t>(GetParam());
    });
    first.signal(SIGKILL);
    EXPECT_EQ(first.wait(), 128 + SIGKILL);
    ASSERT_TRUE(reached) << "the target never held " << GetParam() << " connectors";
  }
  const std::size_t after_kill = target.store.size(connector_kind::alm);
  EXPECT_GT(after_kill, 0u);
  EXPECT_LT(after_kill, 1500u);
  auto rerun = env.sdemig(concat(
      {"clone", "--kind", "alm", "--concurrency", "8", "--journal", env.path("second.ndjson")},
      both));
  ASSERT_EQ(rerun.code, 0) << rerun.err;
  EXPECT_EQ(difference_except_ids(source.store.snapshot(connector_kind::alm),
                                  target.store.snapshot(connector_kind::alm)),
            "");
  EXPECT_EQ(target.server.stats().writes_applied, 1500u);  // none twice
  const auto first = journal_names(env.path("first.ndjson"));
  const auto second = journal_names(env.path("second.ndjson"));
  // Writes acknowledged to the killed run are journaled; at most the 8 in
  // flight at the kill landed without a line, and the rerun saw them done.
  EXPECT_LE(first.size() + second.size(), 1500u);
  EXPECT_GE(first.size() + second.size(), 1500u - 8);
  for (const std::string& name : second) EXPECT_FALSE(first.contains(name)) << name;
}

INSTANTIATE_TEST_SUITE_P(points, kill_and_resume, testing::Values(50, 600, 1200));

TEST(restart, the_target_restarting_mid_run_is_retried_and_the_run_completes) {
  sim_instance source(sim_config(source_token), 2000, 0);
  cli_env env;
  const std::string state = env.path("target.state");
  auto start_target = [&](const std::string& port) {
    return std::make_unique<child_process>(
        std::vector<std::string>{SDE_SIM_PATH, "--port", port, "--token", target_token, "--state",
                                 state, "--latency-ms", "2", "--threads", "2"});
  };
  auto target = start_target("0");
  const auto line = target->read_line();
  ASSERT_TRUE(line);
  const std::string port = line->substr(line->rfind(':') + 1);
  const std::string url = "http://127.0.0.1:" + port;
  const std::string journal = env.path("clone.ndjson");
  child_process clone(
      concat({SDEMIG_PATH, "clone", "--kind", "alm", "--concurrency", "8", "--journal", journal},
             concat(env.from(source), {"--to", url, "--to-token-file", env.path("target.token")})));
  // Restart once 200 writes are journaled: mid-run, whatever the machine's speed.
  ASSERT_TRUE(wait_until([&] { return journal_names(journal).size() >= 200; }))
      << "the clone journaled fewer than 200 writes";
  target->signal(SIGTERM);  // saves its state and stops
  ASSERT_EQ(target->wait(), 0) << target->stderr_text();
  {
    sim::connector_store saved;
    sim::load_state(saved, state);
    ASSERT_LT(saved.size(connector_kind::alm), 2000u) << "the clone ended before the restart";
  }
  target = start_target(port);
  ASSERT_TRUE(target->read_line());
  ASSERT_EQ(clone.wait(), 0) << clone.stderr_text().substr(0, 2000);
  std::vector<connector> restarted;
  {
    sim::connector_store loaded;
    target->signal(SIGTERM);
    ASSERT_EQ(target->wait(), 0);
    sim::load_state(loaded, state);
    restarted = loaded.snapshot(connector_kind::alm);
  }
  EXPECT_EQ(restarted.size(), 2000u);
  EXPECT_EQ(difference_except_ids(source.store.snapshot(connector_kind::alm), restarted), "");
}

}  // namespace
}  // namespace sdemig::test

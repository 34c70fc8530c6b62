// A run that stops early (a token revoked mid-run, Ctrl-C) still reports
// every planned item of every kind: what was never sent is not_started,
// a halt is said whenever one happened (issue 32, A3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "sim/seed.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr std::size_t alm = 40, projects = 60;

struct pair_of_instances {
  sim_instance source, target;
  explicit pair_of_instances(sim::server_config target_config = sim_config(target_token))
      : source(sim_config(source_token), alm, 0), target(std::move(target_config), 0, 0) {
    sim::seed_projects(source.store, projects, true, alm, 0, source.api);
    sim::seed_projects(target.store, projects, false, 0, 0, target.api);
  }
  std::size_t connections() const {
    return source.store.projects().connections(connector_kind::alm, std::nullopt).size();
  }
};

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The requests a clone --connections sends before its first write: a plan's.
std::uint64_t reads_of_a_clone(cli_env& env) {
  pair_of_instances twin;
  const auto r = env.sdemig(concat({"plan", "--connections"}, env.both(twin.source, twin.target)));
  EXPECT_EQ(r.code, 0) << r.err;
  return twin.target.server.stats().requests;
}

sim::server_config expiring_after(std::uint64_t requests) {
  sim::server_config c = sim_config(target_token);
  c.routing.token_expires_after = requests;
  return c;
}

TEST(early_stop, a_token_revoked_while_connectors_are_written_reports_every_connection) {
  cli_env env;
  const std::uint64_t reads = reads_of_a_clone(env);
  pair_of_instances i(expiring_after(reads + 10));
  auto r = env.sdemig(
      concat({"clone", "--connections", "--concurrency", "2", "--report", env.path("r.json")},
             env.both(i.source, i.target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("the target rejected the token")) << r.err;
  EXPECT_THAT(r.out, HasSubstr("connections: 0 created")) << r.out;
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"halted\":"));
  EXPECT_EQ(occurrences(report, "\"project_path\":"), i.connections()) << "connections missing";
  const std::size_t done = occurrences(report, "\"outcome\":\"done\"");
  const std::size_t failed = occurrences(report, "\"outcome\":\"failed\"");
  EXPECT_EQ(done, i.target.store.size(connector_kind::alm));
  EXPECT_GE(failed, 1u);  // the writes the 401s answered, at most those in flight
  EXPECT_LE(failed, 2u);
  EXPECT_EQ(occurrences(report, "\"outcome\":\"not_started\""),
            alm + i.connections() - done - failed);
}

TEST(early_stop, a_token_revoked_while_connections_are_written_says_halted) {
  cli_env env;
  const std::uint64_t reads = reads_of_a_clone(env);
  pair_of_instances i(expiring_after(reads + alm + 5));
  auto r = env.sdemig(
      concat({"clone", "--connections", "--concurrency", "1", "--report", env.path("r.json")},
             env.both(i.source, i.target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(i.target.store.size(connector_kind::alm), alm);
  EXPECT_THAT(r.err, HasSubstr("the target rejected the token")) << r.err;
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"halted\":\"the target rejected the token"));
  EXPECT_EQ(occurrences(report, "\"project_path\":"), i.connections());
  const std::size_t landed =
      i.target.store.projects().connections(connector_kind::alm, std::nullopt).size();
  EXPECT_GE(landed, 4u);
  EXPECT_EQ(occurrences(report, "\"outcome\":\"done\""), alm + landed);
  EXPECT_EQ(occurrences(report, "\"outcome\":\"failed\""), 1u);  // the one the 401 answered
  EXPECT_EQ(occurrences(report, "\"outcome\":\"not_started\""), i.connections() - landed - 1);
}

TEST(early_stop, writes_cancelled_before_they_were_sent_are_not_started_not_failed) {
  sim::server_config slow = sim_config(target_token);
  slow.capacity.workers = 2;
  slow.capacity.service_ms = 20;
  sim_instance source(sim_config(source_token), 600, 0);
  sim_instance target(slow, 0, 0);
  cli_env env;
  // --concurrency auto: more writers than the limit lets out, so some wait
  // in the pool's queue when Ctrl-C comes.
  child_process run(concat({program_under_test(), "clone", "--kind", "alm", "--concurrency", "auto",
                            "--report", env.path("r.json")},
                           env.both(source, target)));
  ASSERT_TRUE(wait_until([&] { return target.store.size(connector_kind::alm) >= 30; }));
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(), 1);
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, Not(HasSubstr("cancelled"))) << report.substr(0, 2000);
  EXPECT_THAT(report, HasSubstr("\"failed\":0,"));
  EXPECT_EQ(occurrences(report, "\"outcome\":\"done\""), target.store.size(connector_kind::alm));
}

TEST(early_stop, ctrl_c_while_connections_are_written_says_interrupted) {
  sim::server_config slow = sim_config(target_token);
  slow.capacity.workers = 1;
  slow.capacity.write_service_ms = 50;
  pair_of_instances i(slow);
  cli_env env;
  child_process run(concat({program_under_test(), "clone", "--connections", "--concurrency", "2",
                            "--report", env.path("r.json")},
                           env.both(i.source, i.target)));
  // Ctrl-C once the connectors are there and some connections are.
  ASSERT_TRUE(wait_until([&] {
    return i.target.store.projects().connections(connector_kind::alm, std::nullopt).size() >= 3;
  }));
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(), 1);
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"interrupted\":true"));
  EXPECT_GT(occurrences(report, "\"outcome\":\"not_started\""), 0u);
  EXPECT_EQ(occurrences(report, "\"project_path\":"), i.connections());
}

}  // namespace
}  // namespace sdemig::test

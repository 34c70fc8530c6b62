// A token without the "Edit ALM connections" / "Edit security tool
// connections" permission: SDE leaves `params` out of every connection it
// serves. Absent is not empty: no command may plan, compare, send or export
// such a connection as if it had no params (issue 32, A1).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "sim/seed.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr std::size_t alm = 30, projects = 40;

sim::server_config hiding(const std::string& token) {
  sim::server_config c = sim_config(token);
  c.routing.hide_connection_params = true;
  return c;
}

// A source with connectors, projects and their connections.
struct seeded_source : sim_instance {
  explicit seeded_source(sim::server_config config) : sim_instance(std::move(config), alm, 0) {
    sim::seed_projects(store, projects, true, alm, 0, api);
  }
};

// A target with the same projects and no connectors or connections.
struct bare_target : sim_instance {
  explicit bare_target(sim::server_config config = sim_config(target_token))
      : sim_instance(std::move(config), 0, 0) {
    sim::seed_projects(store, projects, false, 0, 0, api);
  }
};

std::size_t connections_on(const sim_instance& sim) {
  return sim.store.projects().connections(connector_kind::alm, std::nullopt).size();
}

TEST(hidden_params, a_clone_sends_nothing_for_connections_whose_params_it_was_not_shown) {
  seeded_source source(hiding(source_token));
  bare_target target;
  const std::size_t planned = connections_on(source);
  ASSERT_GT(planned, 20u);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--connections", "--report", env.path("r.json")}, env.both(source, target)));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("connections: 0 to create")) << r.out;
  EXPECT_THAT(r.out, HasSubstr(std::to_string(planned) + " unreadable")) << r.out;
  EXPECT_THAT(r.err, HasSubstr("planned unreadable")) << r.err;
  EXPECT_THAT(r.err, HasSubstr("\"Edit ALM connections\""));
  EXPECT_EQ(connections_on(target), 0u) << "a connection was created without its params";
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"connection_totals\":{\"created\":0,\"updated\":0,\"done\":0,"));
  EXPECT_THAT(report, HasSubstr("\"unreadable\":" + std::to_string(planned) + ","));
  // The connectors themselves are readable and went over.
  EXPECT_EQ(target.store.size(connector_kind::alm), alm);
}

TEST(hidden_params, an_update_never_patches_empty_params_over_the_targets) {
  seeded_source plain(sim_config(source_token));
  bare_target target;
  cli_env env;
  ASSERT_EQ(env.sdemig(concat({"clone", "--connections"}, env.both(plain, target))).code, 0);
  // The same instance seen through a token without the permission, with one
  // connection's frequency changed so that it differs.
  seeded_source source(hiding(source_token));
  sim::project_store& p = source.store.projects();
  const connection first = p.connections(connector_kind::alm, std::nullopt).front();
  connection stored;
  p.modify(
      connector_kind::alm, *first.id, [](connection& c) { c.frequency = "monthly"; }, stored);
  const auto before = target.server.stats().writes_applied;
  auto r = env.sdemig(concat({"clone", "--connections"}, env.both(source, target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(target.server.stats().writes_applied, before) << r.out;
  for (const connection& c : target.store.projects().connections(connector_kind::alm, std::nullopt))
    EXPECT_FALSE(c.params.value().empty()) << "params were cleared on " << c.alias;
  // verify cannot call them equal: it cannot compare them.
  auto verify = env.sdemig(concat({"verify", "--connections"}, env.both(source, target)));
  EXPECT_EQ(verify.code, 1);
  EXPECT_THAT(verify.out, HasSubstr("! Business Unit 001/")) << verify.out;
  EXPECT_THAT(verify.out, Not(HasSubstr("\n= Business Unit 001/")));
  EXPECT_THAT(verify.out, Not(HasSubstr("\n- Business Unit 001/"))) << "listed twice";
  auto json = env.sdemig(concat({"verify", "--connections", "--json"}, env.both(source, target)));
  EXPECT_THAT(json.out, HasSubstr("\"connection_counts\":{\"equal\":0,\"only_in_source\":0,"
                                  "\"only_in_target\":0,\"differ\":0,\"errors\":"))
      << json.out;
}

TEST(hidden_params, a_target_that_hides_them_is_not_compared_or_written) {
  seeded_source source(sim_config(source_token));
  // A target whose token sees no params: creating needs no comparison.
  bare_target target(hiding(target_token));
  cli_env env;
  ASSERT_EQ(env.sdemig(concat({"clone", "--connections"}, env.both(source, target))).code, 0);
  ASSERT_EQ(connections_on(target), connections_on(source));
  const auto created = target.server.stats().writes_applied;  // connectors and connections
  auto plan = env.sdemig(concat({"plan", "--connections"}, env.both(source, target)));
  EXPECT_THAT(plan.out, HasSubstr("target showed no params for its connection")) << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("\nunreadable        connection-alm \"Business Unit 001/"));
  auto again = env.sdemig(concat({"clone", "--connections"}, env.both(source, target)));
  EXPECT_EQ(again.code, 1);
  EXPECT_EQ(target.server.stats().writes_applied, created);
}

TEST(hidden_params, an_export_writes_no_params_member_says_so_and_an_import_sends_nothing) {
  seeded_source source(hiding(source_token));
  cli_env env;
  auto e = env.sdemig(
      concat({"export", "--connections", "--out", env.path("e.json")}, env.from(source)));
  EXPECT_EQ(e.code, 1);
  EXPECT_THAT(e.err, HasSubstr("exported without params")) << e.err;
  const std::string exported = files::read_file(env.path("e.json"));
  const auto at = exported.find("\"connections\":[");
  ASSERT_NE(at, std::string::npos);
  const std::string connections = exported.substr(at);
  EXPECT_THAT(connections, HasSubstr("\"alias\":\"Tracker\""));
  EXPECT_THAT(connections, Not(HasSubstr("\"params\"")));
  bare_target target;
  auto r =
      env.sdemig(concat({"import", "--file", env.path("e.json"), "--connections"}, env.to(target)));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("unreadable"));
  EXPECT_EQ(connections_on(target), 0u);
}

}  // namespace
}  // namespace sdemig::test

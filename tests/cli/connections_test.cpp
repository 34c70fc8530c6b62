// clone, import, export and verify with --connections against sde-sim
// instances: every connection lands pointing at the target connector and
// project of the same names (checked by reading both stores by name), a
// rerun writes nothing, across API generations; a project missing on the
// target is reported and the rest lands; an export imported elsewhere gives
// what a clone gives; faults in the connection phase duplicate nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "sim/seed.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

// Every connection of an instance by names: (kind, project path, alias) ->
// "connector name | frequency | its own params (legacy names)".
std::map<std::tuple<connector_kind, std::string, std::string>, std::string> by_names(
    const sim_instance& sim) {
  const sim::project_store& p = sim.store.projects();
  std::map<std::int64_t, std::string> unit, app, path;
  for (const project_node& n : p.list(sim::level::business_unit, std::nullopt, std::nullopt))
    unit[n.id] = n.name;
  for (const project_node& n : p.list(sim::level::application, std::nullopt, std::nullopt))
    app[n.id] = unit[*n.parent] + "/" + n.name;
  for (const project_node& n : p.list(sim::level::project, std::nullopt, std::nullopt))
    path[n.id] = app[*n.parent] + "/" + n.name;
  std::map<std::tuple<connector_kind, std::string, std::string>, std::string> out;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connection& c : p.connections(kind, std::nullopt)) {
      const auto conn = sim.store.get(kind, c.connector);
      std::string d = (conn ? conn->name : "?") + " | " + c.frequency + " |";
      for (const param& q : c.params.value())
        d += " " + key_in(q.key, api_generation::legacy) + "=" + q.value.text;
      const auto key = std::make_tuple(kind, path[c.project], c.alias);
      EXPECT_FALSE(out.contains(key)) << "a duplicate: " << path[c.project] << " " << c.alias;
      out[key] = d;
    }
  }
  return out;
}

using described = std::map<std::tuple<connector_kind, std::string, std::string>, std::string>;

// The first difference between two descriptions ("" when equal).
std::string first_difference(const described& a, const described& b) {
  for (const auto& [key, value] : a) {
    const auto other = b.find(key);
    if (other == b.end()) return "only in the first: " + std::get<1>(key) + " " + std::get<2>(key);
    if (other->second != value) return std::get<1>(key) + ": " + value + " vs " + other->second;
  }
  for (const auto& [key, value] : b) {
    if (!a.contains(key)) return "only in the second: " + std::get<1>(key) + " " + std::get<2>(key);
  }
  return "";
}

struct pair_of_instances {
  sim_instance source, target;
  pair_of_instances(std::size_t alm, std::size_t analysis, std::size_t projects,
                    std::size_t target_projects,
                    sim::server_config target_config = sim_config(target_token))
      : source(sim_config(source_token), alm, analysis), target(std::move(target_config), 0, 0) {
    sim::seed_projects(source.store, projects, true, alm, analysis, source.api);
    sim::seed_projects(target.store, target_projects, false, 0, 0, target.api);
  }
};

sim::server_config current(const std::string& token) {
  sim::server_config c = sim_config(token);
  c.routing.api = api_generation::current;
  return c;
}

TEST(connections,
     clone_remaps_every_connection_by_names_across_generations_and_reruns_write_nothing) {
  pair_of_instances i(2000, 100, 1000, 1000, current(target_token));
  cli_env env;
  const auto both = concat({"--connections"}, env.both(i.source, i.target));
  auto r = env.sdemig(
      concat({"clone", "--journal", env.path("j.ndjson"), "--report", env.path("r.json")}, both));
  ASSERT_EQ(r.code, 0) << r.err.substr(0, 2000);
  const auto source = by_names(i.source), target = by_names(i.target);
  EXPECT_GT(source.size(), 700u);
  EXPECT_EQ(first_difference(source, target), "");
  EXPECT_THAT(r.out,
              HasSubstr("connections: " + std::to_string(source.size()) + " created, 0 updated"));
  // The target's params are named as a current release names them.
  const connection any =
      i.target.store.projects().connections(connector_kind::alm, std::nullopt)[0];
  EXPECT_TRUE(any.find_param("issue_tracker_project")) << "translated";
  EXPECT_FALSE(any.find_param("alm_project"));
  // The journal has a line per connection with its path and alias.
  const std::string journal = files::read_file(env.path("j.ndjson"));
  EXPECT_THAT(journal,
              HasSubstr("\"kind\":\"connection-alm\",\"project_path\":\"Business Unit 001/"));
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"connections\":[{\"kind\":\"connection-"));
  // Connections have their own totals and count in the writes and the rate.
  EXPECT_THAT(
      report,
      HasSubstr("\"connection_totals\":{\"created\":" + std::to_string(source.size()) + ","));
  const std::size_t connectors = 2000 + 100;
  EXPECT_THAT(report, HasSubstr("\"writes\":" + std::to_string(connectors + source.size()) + ","));
  EXPECT_THAT(r.out, HasSubstr("; " + std::to_string(connectors + source.size()) + " writes in "));

  const auto writes = i.target.server.stats().writes_applied;
  auto again = env.sdemig(concat({"clone"}, both));
  ASSERT_EQ(again.code, 0) << again.err.substr(0, 2000);
  EXPECT_EQ(i.target.server.stats().writes_applied, writes) << "a rerun writes nothing";
  EXPECT_THAT(again.out,
              HasSubstr("connections: 0 created, 0 updated, 0 reconciled, " +
                        std::to_string(source.size()) + " unchanged, 0 skipped; 0 writes\n"));
  auto verify = env.sdemig(concat({"verify"}, both));
  EXPECT_EQ(verify.code, 0) << verify.out.substr(0, 500);
  EXPECT_THAT(verify.out,
              HasSubstr("verify connections: " + std::to_string(source.size()) +
                        " equal, 0 only in source, 0 only in target, 0 differ, 0 errors"));
}

TEST(connections, a_project_missing_on_the_target_is_reported_and_the_rest_lands) {
  pair_of_instances i(200, 0, 100, 90);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--connections", "--report", env.path("r.json")},
                             env.both(i.source, i.target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("\"Business Unit 001/Application 0010/Project 00091\" \"Tracker\": "
                               "missing-project: no project"));
  auto source = by_names(i.source);
  std::size_t missing = 0;
  for (auto it = source.begin(); it != source.end();) {
    if (std::get<1>(it->first) >= "Business Unit 001/Application 0010/Project 00091") {
      ++missing;
      it = source.erase(it);
    } else {
      ++it;
    }
  }
  EXPECT_GT(missing, 0u);
  EXPECT_EQ(first_difference(by_names(i.target), source), "");
  EXPECT_THAT(r.out, HasSubstr(std::to_string(missing) + " missing project"));
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"action\":\"missing-project\",\"outcome\":\"missing\""));
  EXPECT_THAT(report, HasSubstr("\"missing\":" + std::to_string(missing) + ","));
}

TEST(connections, export_then_import_gives_what_a_clone_gives) {
  for (const char* format : {"json", "ndjson"}) {
    SCOPED_TRACE(format);
    pair_of_instances i(300, 40, 200, 200, current(target_token));
    cli_env env;
    const std::string file = env.path(std::string("export.") + format);
    // Secrets in the file, as a migration through a file needs them.
    auto e = env.sdemig(
        concat({"export", "--connections", "--include-secrets", "--format", format, "--out", file},
               env.from(i.source)));
    ASSERT_EQ(e.code, 0) << e.err << e.out;
    const std::string text = files::read_file(file);
    EXPECT_THAT(text, HasSubstr("\"connector_name\":"));
    EXPECT_THAT(text, HasSubstr("\"source_project_id\":"));
    auto r = env.sdemig(concat({"import", "--connections", "--file", file}, env.to(i.target)));
    ASSERT_EQ(r.code, 0) << r.err.substr(0, 2000) << r.out;
    EXPECT_EQ(first_difference(by_names(i.target), by_names(i.source)), "");
    auto again = env.sdemig(concat({"import", "--connections", "--file", file}, env.to(i.target)));
    EXPECT_THAT(again.out, HasSubstr("connections: 0 created, 0 updated"));
  }
}

TEST(connections, the_job_selects_projects_by_path_and_transforms_connections_only) {
  pair_of_instances i(100, 0, 100, 100);
  cli_env env;
  const std::string job = env.write_file("job.json", R"({
    "kinds": ["alm"],
    "connections": true,
    "select": {"projects": ["Business Unit 001/Application 0001/*"]},
    "transforms": [{"where": {"kind": "connection"}, "set_params": {"alm_parent_issue": "MIGRATED"}}]
  })");
  auto r = env.sdemig(concat({"clone", "--job", job}, env.both(i.source, i.target)));
  ASSERT_EQ(r.code, 0) << r.err.substr(0, 2000);
  // Application 0001 holds projects 1 to 10: their connections only.
  std::size_t expected = 0;
  for (const auto& [key, value] : by_names(i.source)) {
    expected += std::get<1>(key).starts_with("Business Unit 001/Application 0001/");
  }
  const auto target = by_names(i.target);
  EXPECT_EQ(target.size(), expected);
  EXPECT_GT(expected, 5u);
  for (const auto& [key, value] : target) {
    EXPECT_TRUE(std::get<1>(key).starts_with("Business Unit 001/Application 0001/"))
        << std::get<1>(key);
    EXPECT_THAT(value, HasSubstr("alm_parent_issue=MIGRATED")) << std::get<1>(key);
  }
  // The connectors themselves are not transformed: no connector got that param.
  for (const connector& c : i.target.store.snapshot(connector_kind::alm)) {
    EXPECT_EQ(c.find_param("alm_parent_issue"), nullptr) << c.name;
  }
}

TEST(connections, faults_in_the_connection_phase_end_exact_with_no_duplicate) {
  sim::server_config c = current(target_token);  // analysis connectors are written too
  c.faults.p429 = 0.10;
  c.faults.retry_after_s = 0;
  c.faults.p503 = 0.05;
  c.faults.reset = 0.03;
  c.faults.reset_after_apply = 0.5;  // half the resets come after the write was stored
  c.faults.scope = sim::fault_scope::all;
  c.faults.seed = 11;
  c.routing.connections_need_project = true;  // and connections read per project
  pair_of_instances i(300, 30, 600, 600, std::move(c));
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--connections", "--concurrency", "16"}, env.both(i.source, i.target)));
  ASSERT_EQ(r.code, 0) << r.err.substr(0, 2000) << r.out;
  const auto source = by_names(i.source);
  EXPECT_EQ(first_difference(by_names(i.target), source), "");
  const auto stats = i.target.server.stats();
  EXPECT_GT(stats.throttled + stats.unavailable, 50u);
  EXPECT_GT(stats.resets_after_apply, 3u);
  // Every connector and every connection was written once: a create whose
  // answer was lost was settled by reading, not sent again.
  EXPECT_EQ(stats.writes_applied, 330u + source.size());
}

}  // namespace
}  // namespace sdemig::test

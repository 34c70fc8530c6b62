// Connections against sde-sim set up as real instances are: a project-scope
// secret the schema alone calls secret (alm_project_token), masked by the
// source; names that hold "/"; a target that trims aliases; two clones at
// once against one target; a plugin schema answered with an HTML page.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "sim/seed.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

// Every connection of an instance: "BU|App|Project|alias" -> its own params.
std::map<std::string, std::string> connections_of(const sim_instance& sim) {
  const sim::project_store& p = sim.store.projects();
  std::map<std::int64_t, std::string> unit, app, path;
  for (const project_node& n : p.list(sim::level::business_unit, std::nullopt, std::nullopt))
    unit[n.id] = n.name;
  for (const project_node& n : p.list(sim::level::application, std::nullopt, std::nullopt))
    app[n.id] = unit[*n.parent] + "|" + n.name;
  for (const project_node& n : p.list(sim::level::project, std::nullopt, std::nullopt))
    path[n.id] = app[*n.parent] + "|" + n.name;
  std::map<std::string, std::string> out;
  for (const connection& c : p.connections(connector_kind::alm, std::nullopt)) {
    std::string d;
    for (const param& q : c.params.value()) d += q.key + "=" + q.value.text + " ";
    const std::string key = path[c.project] + "|" + c.alias;
    EXPECT_FALSE(out.contains(key)) << "a duplicate: " << key;
    out[key] = d;
  }
  return out;
}

TEST(connection_edges, a_project_scope_secret_is_a_secret_everywhere) {
  sim_instance source(sim_config(source_token), 20, 0);
  sim::seed_projects(source.store, 30, true, 20, 0, source.api);
  add_project_tokens(source);
  sim_instance target(sim_config(target_token));
  sim::seed_projects(target.store, 30, false, 0, 0, target.api);
  cli_env env;
  const std::string out = env.path("export.json");
  auto e = env.sdemig(concat({"export", "--connections", "--out", out}, env.from(source)));
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_THAT(e.err, HasSubstr("exported 20 connectors and 22 connections to "));
  const std::string text = files::read_file(out);
  EXPECT_THAT(text, HasSubstr("\"alm_project_token\":null"));
  EXPECT_THAT(text, Not(HasSubstr("ptok-")));
  const std::string page = env.path("plan.html");
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{}, {"--json"}, {"--html", page}}) {
    auto p = env.sdemig(concat(concat({"plan", "--connections"}, flags), env.both(source, target)));
    EXPECT_EQ(p.code, 0) << p.err;
    EXPECT_THAT(p.out + p.err, Not(HasSubstr("ptok-")));
  }
  EXPECT_THAT(files::read_file(page), Not(HasSubstr("ptok-")));
  // A clone in clear carries the real value; verify calls them equal.
  auto c = env.sdemig(concat({"clone", "--connections"}, env.both(source, target)));
  ASSERT_EQ(c.code, 0) << c.err;
  EXPECT_THAT(c.out + c.err, Not(HasSubstr("ptok-")));
  EXPECT_EQ(connections_of(target), connections_of(source));
}

TEST(connection_edges, a_masked_project_secret_needs_the_secrets_file_and_is_never_the_mask) {
  sim_instance source(sim_config(source_token), 20, 0, /*mask_secrets=*/true);
  sim::seed_projects(source.store, 30, true, 20, 0, source.api);
  add_project_tokens(source);
  sim_instance target(sim_config(target_token));
  sim::seed_projects(target.store, 30, false, 0, 0, target.api);
  cli_env env;
  // The connectors' own secrets are given; the project token is not.
  const std::string connector_secrets = env.write_file(
      "s1.json",
      R"({"*": {"alm_pass": "pw-1", "alm_api_token": "tok-1", "servicenow_client_secret": "sn-1"}})");
  auto first = env.sdemig(
      concat({"clone", "--connections", "--secrets", connector_secrets}, env.both(source, target)));
  EXPECT_EQ(first.code, 1);
  EXPECT_THAT(first.err, HasSubstr("needs_secret: needs secret alm_project_token"));
  EXPECT_TRUE(connections_of(target).empty()) << "nothing written with the mask";
  // Keyed by the connection's project path and alias, or "*".
  const std::string one = "Business Unit 001/Application 0001/Project 00001/Tracker";
  const std::string all = env.write_file(
      "s2.json",
      R"({"*": {"alm_pass": "pw-1", "alm_api_token": "tok-1", "servicenow_client_secret": "sn-1",
                           "alm_project_token": "ptok-any"},
                     ")" +
          one + R"(": {"alm_project_token": "ptok-one"}})");
  auto second =
      env.sdemig(concat({"clone", "--connections", "--secrets", all}, env.both(source, target)));
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_THAT(second.err, Not(HasSubstr("which no source connector is called")));
  const auto landed = connections_of(target);
  ASSERT_FALSE(landed.empty());
  for (const auto& [key, params] : landed) {
    EXPECT_THAT(params, Not(HasSubstr("********"))) << key;
    const bool own = key == "Business Unit 001|Application 0001|Project 00001|Tracker";
    EXPECT_THAT(params,
                HasSubstr(own ? "alm_project_token=ptok-one" : "alm_project_token=ptok-any"))
        << key;
  }
  // The rerun from the masked source writes nothing.
  const auto writes = target.server.stats().writes_applied;
  auto again =
      env.sdemig(concat({"clone", "--connections", "--secrets", all}, env.both(source, target)));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(target.server.stats().writes_applied, writes);
}

// Adds BU `bu` > app `app` > project `name` (ids from `id`); its project id.
std::int64_t add_project(sim_instance& sim, std::int64_t id, const std::string& bu,
                         const std::string& app, const std::string& name) {
  sim::project_store& p = sim.store.projects();
  p.add(sim::level::business_unit, {id, bu, std::nullopt});
  p.add(sim::level::application, {id + 1, app, id});
  p.add(sim::level::project, {id + 2, name, id + 1});
  return id + 2;
}

void connect(sim_instance& sim, std::int64_t project, const std::string& alias,
             const std::string& alm_project) {
  connection c, stored;
  c.alias = alias;
  c.connector = 1;
  c.project = project;
  c.params = std::vector<param>{{key_in("alm_project", sim.api), scalar::string(alm_project)}};
  ASSERT_EQ(sim.store.projects().create(connector_kind::alm, c, stored),
            sim::project_store::status::ok);
}

TEST(connection_edges, projects_whose_names_hold_a_slash_are_told_apart) {
  sim_instance source(sim_config(source_token), 2, 0);
  connect(source, add_project(source, 100, "Core/Payments", "API", "Gateway"), "Tracker", "A");
  connect(source, add_project(source, 200, "Core", "Payments/API", "Gateway"), "Tracker", "B");
  sim_instance target(sim_config(target_token), 0, 0);
  add_project(target, 900, "Core", "Payments/API", "Gateway");
  cli_env env;
  auto first = env.sdemig(concat({"clone", "--connections"}, env.both(source, target)));
  EXPECT_EQ(first.code, 1) << "one project is missing";
  EXPECT_THAT(first.err,
              HasSubstr("\"Core\\\\/Payments/API/Gateway\" \"Tracker\": missing-project"));
  EXPECT_EQ(connections_of(target), (std::map<std::string, std::string>{
                                        {"Core|Payments/API|Gateway|Tracker", "alm_project=B "}}));
  add_project(target, 950, "Core/Payments", "API", "Gateway");
  auto second = env.sdemig(concat({"clone", "--connections"}, env.both(source, target)));
  EXPECT_EQ(second.code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("0 in conflict"));
  EXPECT_EQ(connections_of(target), connections_of(source));
  // An export keeps the three names apart; an import lands them alike.
  const std::string file = env.path("e.json");
  ASSERT_EQ(env.sdemig(concat({"export", "--connections", "--out", file}, env.from(source))).code,
            0);
  const std::string text = files::read_file(file);
  EXPECT_THAT(
      text,
      HasSubstr(R"("business_unit":"Core/Payments","application":"API","project_name":"Gateway")"));
  sim_instance third(sim_config(target_token), 2, 0);
  add_project(third, 300, "Core/Payments", "API", "Gateway");
  add_project(third, 400, "Core", "Payments/API", "Gateway");
  auto imported = env.sdemig(concat({"import", "--connections", "--file", file}, env.to(third)));
  EXPECT_EQ(imported.code, 0) << imported.err;
  EXPECT_EQ(connections_of(third), connections_of(source));
}

TEST(connection_edges, an_export_of_before_the_escaping_still_imports) {
  sim_instance target(sim_config(target_token), 1, 0);
  add_project(target, 300, "BU", "App", "Project");
  cli_env env;
  const std::string file =
      env.write_file("old.json", R"({"format":"sdemig-export/1","api":"legacy",
    "alm":[],"analysis":[],
    "connections":[{"kind":"alm","project_path":"BU/App/Project","connector_name":")" +
                                     target.store.snapshot(connector_kind::alm)[0].name +
                                     R"(","alias":"Old","frequency":"daily",
      "params":{"alm_project":"OLD"},"source_id":1,"source_connector_id":1,"source_project_id":1}]})");
  auto r = env.sdemig(concat({"import", "--connections", "--file", file}, env.to(target)));
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_EQ(connections_of(target),
            (std::map<std::string, std::string>{{"BU|App|Project|Old", "alm_project=OLD "}}));
}

TEST(connection_edges, aliases_a_target_trims_converge) {
  sim_instance source(sim_config(source_token), 2, 0);
  const std::int64_t p = add_project(source, 100, "BU", "App", "Project");
  connect(source, p, " Padded ", "P");
  connect(source, p, "Plain", "Q");
  sim::server_config trims = sim_config(target_token);
  trims.routing.trim_names = true;
  sim_instance target(trims, 0, 0);
  add_project(target, 900, "BU", "App", "Project");
  cli_env env;
  auto first = env.sdemig(concat({"clone", "--connections"}, env.both(source, target)));
  EXPECT_EQ(first.code, 0) << first.err;
  EXPECT_TRUE(connections_of(target).contains("BU|App|Project|Padded"));
  auto again = env.sdemig(concat({"clone", "--connections"}, env.both(source, target)));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("connections: 0 created, 0 updated, 0 reconciled, 2 unchanged"));
  auto verify = env.sdemig(concat({"verify", "--connections"}, env.both(source, target)));
  EXPECT_EQ(verify.code, 0) << verify.out;
  EXPECT_THAT(verify.out,
              HasSubstr("verify connections: 2 equal, 0 only in source, 0 only in target"));
}

TEST(connection_edges, two_clones_at_once_end_right_and_say_no_false_failure) {
  sim_instance source(sim_config(source_token), 200, 0);
  sim::seed_projects(source.store, 600, true, 200, 0, source.api);
  sim_instance target(sim_config(target_token));
  sim::seed_projects(target.store, 600, false, 0, 0, target.api);
  cli_env env;
  const std::string both =
      shell_words(concat({"clone", "--connections"}, env.both(source, target)));
  auto r = env.shell("cd " + env.path("") + "; $SDEMIG " + both + " > a.out 2> a.err & a=$!; " +
                     "$SDEMIG " + both + " > b.out 2> b.err & b=$!; " +
                     "wait $a; ra=$?; wait $b; rb=$?; echo $ra $rb");
  EXPECT_THAT(r.out, HasSubstr("0 0")) << files::read_file(env.path("a.err")).substr(0, 1500)
                                       << files::read_file(env.path("b.err")).substr(0, 1500);
  for (const char* name : {"a.err", "b.err"})
    EXPECT_THAT(files::read_file(env.path(name)), Not(HasSubstr("failed"))) << name;
  EXPECT_EQ(connections_of(target), connections_of(source));
}

TEST(connection_edges, a_schema_answered_with_html_gets_one_notice_and_the_run_goes_on) {
  for (auto kind : {sim::list_misbehaviour::schema_html, sim::list_misbehaviour::schema_garbage}) {
    sim_instance source(sim_config(source_token), 5, 0);
    sim::server_config odd = sim_config(target_token);
    odd.routing.misbehave = kind;
    sim_instance target(odd, 0, 0);
    cli_env env;
    auto plan = env.sdemig(concat({"plan"}, env.both(source, target)));
    EXPECT_EQ(plan.code, 0) << plan.err;
    EXPECT_THAT(plan.err, HasSubstr("sdemig: notice: the target's plugin schema cannot be read"));
    if (kind == sim::list_misbehaviour::schema_html) {
      EXPECT_THAT(plan.err, HasSubstr("an HTML page, not JSON"));
    }
    auto clone = env.sdemig(concat({"clone"}, env.both(source, target)));
    EXPECT_EQ(clone.code, 0) << clone.err;
    EXPECT_EQ(target.store.snapshot(connector_kind::alm).size(), 5u);
  }
}

}  // namespace
}  // namespace sdemig::test

// Connections planned as connectors are (plan_connections, one decision):
// a connector two source connectors share, on_conflict, project-scope
// secrets from masked to filled, and projects whose names hold "/"; each
// applied to a fake connection target to see what lands.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "connection_world.hpp"
#include "engine/planning/connection_output.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

TEST(connection_plan, a_connector_two_source_connectors_share_is_missing_not_created) {
  world w(1);
  w.connectors =
      make_plan(alm_only(), of({make("Tracker", {}, 1), make("Tracker", {}, 2)}), of({}), nullptr);
  ASSERT_EQ(w.connectors.items[1].why, reason::same_in_source);
  w.target_connectors = of({});
  w.connect(w.projects[0], "Which");
  EXPECT_EQ(w.plan_them().items[0].what, action::missing_connector);
}

// One rule for a key two source items share, connectors' and connections'
// alike: invalid first, then the first copy is planned and each later one
// is in conflict (an invalid first copy still claims the key).
TEST(connection_plan, a_repeated_alias_follows_the_connectors_rule) {
  const plan connectors =
      make_plan(alm_only(),
                of({make("Jira", {}, 1), make("Jira", {}, 2), make(" ", {}, 3), make(" ", {}, 4)}),
                of({}), nullptr);
  ASSERT_EQ(connectors.items.size(), 4u);
  EXPECT_EQ(connectors.items[0].what, action::create);
  EXPECT_EQ(connectors.items[1].why, reason::same_in_source);
  EXPECT_EQ(connectors.items[2].what, action::invalid);  // an empty name
  EXPECT_EQ(connectors.items[3].what, action::invalid);  // invalid first, whatever else
  // (a connection's invalid first copy claims its alias the same way: below)

  world w(2);
  w.connect(w.projects[0], "Tracker");
  w.connect(w.projects[0], "Tracker");
  w.connect(w.projects[1], "Yearly").value.frequency = "yearly";
  w.connect(w.projects[1], "Yearly");
  const connection_plan p = w.plan_them();
  ASSERT_EQ(p.items.size(), 4u);
  EXPECT_EQ(p.items[0].what, action::create);
  EXPECT_EQ(p.items[1].what, action::conflict);
  EXPECT_EQ(p.items[1].why, reason::same_in_source);
  EXPECT_EQ(p.items[2].what, action::invalid);
  EXPECT_EQ(p.items[3].what, action::conflict);
  EXPECT_EQ(p.items[3].why, reason::same_in_source);
}

TEST(connection_plan, on_conflict_means_the_same_for_connections_as_for_connectors) {
  world w(1);
  w.connect(w.projects[0], "Tracker").value.frequency = "daily";
  fake_connection_target target;
  apply_connections(target, w.plan_them(), w.ids);
  w.read_back(target);
  w.source[0].value.frequency = "weekly";
  const std::pair<conflict_policy, action> expected[] = {{conflict_policy::update, action::update},
                                                         {conflict_policy::skip, action::skip},
                                                         {conflict_policy::fail, action::conflict},
                                                         {conflict_policy::rename, action::create}};
  for (const auto& [policy, what] : expected) {
    w.j.on_conflict = policy;
    const connection_plan p = w.plan_them();
    EXPECT_EQ(p.items[0].what, what) << static_cast<int>(policy);
  }
  // rename: a new connection under the suffixed alias; the target's stays as it was.
  const connection_plan renamed = w.plan_them();
  EXPECT_EQ(renamed.items[0].alias, "Tracker (migrated)");
  EXPECT_EQ(note_text(renamed.items[0], renamed.items[0].alias),
            "renamed from \"Tracker\", which differs on the target");
  apply_connections(target, renamed, w.ids);
  EXPECT_EQ(target.held.size(), 2u);
  EXPECT_EQ(target.held[0].frequency, "daily");
}

// A plugin schema with a project-scope secret, as SDE describes one.
plugin_schema schema_with_project_secret() {
  plugin_schema s;
  system_schema& jira = s.systems.emplace_back();
  jira.id = "jira";
  jira.fields.push_back({"alm_project", "string", true, false, {"project"}, {}});
  jira.fields.push_back({"project_token", "masked_string", false, false, {"project"}, {}});
  return s;
}

TEST(connection_plan, project_scope_secrets_follow_the_connectors_rules) {
  world w(2);
  w.schema = schema_with_project_secret();
  const auto masked = scalar::string(std::string(masked_secret));
  w.connect(w.projects[0], "Tracker",
            {{"alm_project", scalar::string("P1")}, {"project_token", masked}});
  w.connect(w.projects[1], "Tracker",
            {{"alm_project", scalar::string("P2")}, {"project_token", masked}});
  // Unknown: needs secret, and nothing is written.
  const connection_plan without = w.plan_them();
  EXPECT_EQ(without.totals.needs_secrets, 2u);
  EXPECT_THAT(without.items[0].missing_secrets, testing::ElementsAre("project_token"));
  EXPECT_THAT(connection_plan_text(without, true),
              HasSubstr("needs secret project_token (give it with --secrets)"));
  fake_connection_target target;
  const apply_result none = apply_connections(target, without, w.ids);
  EXPECT_EQ(count(none, outcome_status::needs_secret), 2u);
  EXPECT_TRUE(target.held.empty());
  // From the secrets file, keyed by the connection's project path and alias.
  w.secrets = secret_store::parse(
      R"({"BU/App/Project 0/Tracker": {"project_token": "t0ken-zero"}, "*": {"project_token": "t0ken-any"}})",
      "secrets.json");
  const connection_plan with = w.plan_them();
  EXPECT_EQ(with.totals.needs_secrets, 0u);
  EXPECT_EQ(*with.items[0].desired.find_param("project_token"), scalar::string("t0ken-zero"));
  EXPECT_EQ(*with.items[1].desired.find_param("project_token"), scalar::string("t0ken-any"));
  const std::string shown = connection_plan_text(with, true);
  EXPECT_THAT(shown, Not(HasSubstr("t0ken")));
  json::writer jw;
  write_connection_plan_json(jw, with);
  EXPECT_THAT(jw.text(), Not(HasSubstr("t0ken")));
  apply_connections(target, with, w.ids);
  ASSERT_EQ(target.held.size(), 2u);
  EXPECT_EQ(*target.held[0].find_param("project_token"), scalar::string("t0ken-zero"));
  // The target masks it when read: a rerun from the masked source writes
  // nothing and never sends the mask.
  w.read_back(target);
  for (connection_record& r : w.target) r.value.params->back().value = masked;
  w.secrets.reset();
  const connection_plan rerun = w.plan_them();
  EXPECT_EQ(rerun.totals.count(action::noop), 2u) << connection_plan_text(rerun, true);
  // A changed project param is an update; a write replaces the params
  // whole, so an unknown secret blocks it (never erased, never the mask).
  (*w.source[0].value.params)[0].value = scalar::string("P1-new");
  const connection_plan update = w.plan_them();
  ASSERT_EQ(update.items[0].what, action::update);
  EXPECT_THAT(update.items[0].missing_secrets, testing::ElementsAre("project_token"));
  const apply_result blocked = apply_connections(target, update, w.ids);
  EXPECT_EQ(blocked.outcomes[0].status, outcome_status::needs_secret);
  EXPECT_EQ(*target.held[0].find_param("alm_project"), scalar::string("P1"));
  w.secrets = secret_store::parse(R"({"*": {"project_token": "t0ken-new"}})", "secrets.json");
  apply_connections(target, w.plan_them(), w.ids);
  EXPECT_EQ(*target.held[0].find_param("project_token"), scalar::string("t0ken-new"));
  EXPECT_EQ(*target.held[0].find_param("alm_project"), scalar::string("P1-new"));
}

TEST(connection_plan, projects_are_matched_by_their_three_names_not_a_joined_string) {
  world w(0);
  const project_ref a{"Core/Payments", "API", "Gateway"};
  const project_ref b{"Core", "Payments/API", "Gateway"};
  ASSERT_EQ(joined_path(a), joined_path(b));
  EXPECT_NE(project_path(a), project_path(b));
  EXPECT_EQ(project_path(a), "Core\\/Payments/API/Gateway");
  EXPECT_EQ(parse_project_path(project_path(a)), a);
  EXPECT_EQ(parse_project_path(project_path(b)), b);
  EXPECT_EQ(parse_project_path("BU/App/Project"), (project_ref{"BU", "App", "Project"}));
  EXPECT_FALSE(parse_project_path("a/b/c/d").has_value());
  EXPECT_FALSE(parse_project_path("a/b/c\\").has_value());
  // Only b is on the target: a's connection is missing its project, b's lands in b.
  const std::int64_t b_id = w.add_project(b);
  w.connect(a, "Tracker");
  w.connect(b, "Tracker");
  const connection_plan p = w.plan_them();
  EXPECT_EQ(p.items[0].what, action::missing_project);
  EXPECT_EQ(p.items[1].what, action::create);
  EXPECT_EQ(p.items[1].target_project_id, b_id);
  // The plan's first column holds the longest action whole, then a space.
  const std::string text = connection_plan_text(p, false);
  EXPECT_THAT(text,
              StartsWith("missing-project   connection-alm \"Core\\\\/Payments/API/Gateway\""))
      << text;
  EXPECT_THAT(text,
              HasSubstr("create            connection-alm \"Core/Payments\\\\/API/Gateway\""));
  // Both on both sides: two distinct projects, no conflict.
  w.add_project(a);
  const connection_plan both = w.plan_them();
  EXPECT_EQ(both.totals.count(action::create), 2u);
  EXPECT_EQ(both.totals.count(action::conflict), 0u);
}

}  // namespace
}  // namespace sdemig::engine

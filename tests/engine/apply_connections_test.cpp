// Connections planned and applied through the one core the connectors use,
// against a fake connection target (fake_connection_target.hpp): a black
// hole, a flaky link, "alias already exists" from a second writer, aliases
// the server trims, a token revoked while re-reading, a journal that fills,
// project-scope secrets, and projects whose names hold "/".

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "engine/connections/connection_report.hpp"
#include "engine/journal.hpp"
#include "engine/planning/connection_output.hpp"
#include "engine/planning/plan_output.hpp"
#include "fake_connection_target.hpp"
#include "support/temp_dir.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;
using testing::HasSubstr;
using testing::Not;

// A source and a target with the same projects (ids 10, 11, ... on the
// target) and one connector "Tracker" (id 7 on the target).
struct world {
  job j = alm_only();
  std::vector<project_ref> projects;
  std::vector<connection_record> source, target;
  project_paths target_projects;
  inventory target_connectors = of({make("Tracker", {}, 7)});
  plan connectors = make_plan(alm_only(), of({make("Tracker", {}, 1)}), target_connectors, nullptr);
  std::optional<secret_store> secrets;
  std::optional<plugin_schema> schema;
  connector_ids ids{{{connector_kind::alm, "Tracker"}, 7}};

  explicit world(std::size_t n_projects) {
    for (std::size_t i = 0; i < n_projects; ++i) {
      project_ref p{"BU", "App", "Project " + std::to_string(i)};
      add_project(p);
    }
  }

  std::int64_t add_project(const project_ref& p) {
    const std::int64_t id = 10 + static_cast<std::int64_t>(projects.size());
    projects.push_back(p);
    target_projects.path_of[id] = p;
    target_projects.ids_of[p].push_back(id);
    return id;
  }

  connection_record& connect(const project_ref& p, std::string alias,
                             std::vector<param> params = {}) {
    connection_record& r = source.emplace_back();
    r.project = p;
    r.connector_name = "Tracker";
    r.value.alias = std::move(alias);
    r.value.system = "jira";
    r.value.params = std::move(params);
    r.value.id = static_cast<std::int64_t>(source.size());
    return r;
  }

  connection_plan plan_them() const {
    connection_plan_input in;
    in.the_job = &j;
    in.source = &source;
    in.target = &target;
    in.target_projects = &target_projects;
    in.connectors = &connectors;
    in.target_connectors = &target_connectors;
    in.secrets = secrets ? &*secrets : nullptr;
    in.target_schema = schema ? &*schema : nullptr;
    return plan_connections(in);
  }

  // What the fake target holds, read back as records (as a rerun reads it).
  void read_back(const fake_connection_target& t) {
    target.clear();
    for (const connection& c : t.held) {
      connection_record& r = target.emplace_back();
      r.project = target_projects.path_of.at(c.project);
      r.connector_name = "Tracker";
      r.value = c;
    }
  }
};

std::size_t count(const apply_result& r, outcome_status s) {
  return static_cast<std::size_t>(std::count_if(
      r.outcomes.begin(), r.outcomes.end(), [&](const item_outcome& o) { return o.status == s; }));
}

world many(std::size_t projects, std::size_t per_project) {
  world w(projects);
  for (const project_ref& p : w.projects) {
    for (std::size_t k = 0; k < per_project; ++k) w.connect(p, "Tracker " + std::to_string(k));
  }
  return w;
}

TEST(apply_connections, a_black_hole_never_makes_a_duplicate) {
  world w = many(4, 5);
  fake_connection_target target;
  target.lose_answers = 20;  // every answer lost after the write landed
  const connection_plan p = w.plan_them();
  ASSERT_EQ(p.totals.count(action::create), 20u);
  const apply_result r = apply_connections(target, p, w.ids);
  EXPECT_EQ(target.held.size(), 20u);
  EXPECT_EQ(count(r, outcome_status::reconciled), 20u);
  EXPECT_EQ(target.lists, 4u);  // one read per project settled them all
  EXPECT_EQ(r.writes, 0u);      // no write was answered
  for (const project_ref& pr : w.projects)
    EXPECT_EQ(target.count(w.target_projects.ids_of.at(pr).front(), "Tracker 0"), 1u);
}

TEST(apply_connections, a_flaky_link_is_written_again_after_reading) {
  world w = many(2, 5);
  fake_connection_target target;
  target.lose_before_apply = 3;  // never arrived
  const apply_result r = apply_connections(target, w.plan_them(), w.ids);
  EXPECT_EQ(target.held.size(), 10u);
  EXPECT_EQ(target.writes, 13u);
  EXPECT_EQ(r.writes, 10u);
  EXPECT_EQ(count(r, outcome_status::done), 10u);
}

TEST(apply_connections, alias_already_exists_is_settled_by_reading_not_a_failure) {
  // A second clone created them between this one's plan and its writes.
  world w = many(3, 4);
  const connection_plan p = w.plan_them();
  fake_connection_target target;
  apply_connections(target, p, w.ids);  // the other writer
  const std::size_t writes = target.writes;
  const apply_result r = apply_connections(target, p, w.ids);
  EXPECT_EQ(target.held.size(), 12u);
  EXPECT_EQ(count(r, outcome_status::reconciled), 12u);
  EXPECT_EQ(target.writes, writes + 12);  // one "already exists" each, and nothing more
  EXPECT_TRUE(r.halted.empty());
  EXPECT_FALSE(connections_failed(p, r));
}

TEST(apply_connections, one_taken_rule_for_connectors_and_connections) {
  const sde::api_error alias =
      http_error(400, {{"alias", {"Connection with this alias already exists."}}});
  const sde::api_error set = http_error(
      400, {{"non_field_errors", {"The fields project, alias must make a unique set."}}});
  const sde::api_error blank = http_error(400, {{"alias", {"This field may not be blank."}}});
  EXPECT_TRUE(sde::name_taken(alias, "alias"));
  EXPECT_TRUE(sde::name_taken(set, "alias"));
  EXPECT_FALSE(sde::name_taken(blank, "alias"));
  EXPECT_FALSE(sde::name_taken(alias));  // a connector is named by "name"
}

TEST(apply_connections, an_alias_the_server_trims_converges_and_bad_aliases_are_invalid) {
  world w(1);
  w.connect(w.projects[0], " Tracker ");
  w.connect(w.projects[0], "");
  w.connect(w.projects[0], std::string(256, 'a'));
  fake_connection_target target;
  target.trims_aliases = true;
  const connection_plan first = w.plan_them();
  EXPECT_EQ(first.items[0].what, action::create);
  EXPECT_THAT(
      note_text(first.items[0], first.items[0].alias),
      HasSubstr("the alias has white space around it: the server may store it as \"Tracker\""));
  EXPECT_EQ(first.items[1].what, action::invalid);
  EXPECT_THAT(first.items[1].problems, testing::Contains("the alias is empty"));
  EXPECT_EQ(first.items[2].what, action::invalid);
  EXPECT_THAT(first.items[2].problems,
              testing::Contains("the alias is 256 characters long, over the 255 the API takes"));
  const apply_result r = apply_connections(target, first, w.ids);
  EXPECT_EQ(r.outcomes[0].status, outcome_status::done);
  EXPECT_EQ(r.outcomes[0].stored_name, "Tracker");
  w.read_back(target);
  const connection_plan second = w.plan_them();
  EXPECT_EQ(second.items[0].what, action::noop)
      << note_text(second.items[0], second.items[0].alias);
  EXPECT_TRUE(second.only_in_target.empty());
  // A lost answer to a trimmed alias is settled by the trimmed alias too.
  fake_connection_target again;
  again.trims_aliases = true;
  again.lose_answers = 1;
  w.target.clear();
  const apply_result settled = apply_connections(again, w.plan_them(), w.ids);
  EXPECT_EQ(settled.outcomes[0].status, outcome_status::reconciled);
  EXPECT_EQ(again.held.size(), 1u);
}

TEST(apply_connections, a_token_revoked_while_re_reading_halts_in_the_connectors_words) {
  world w = many(2, 3);
  fake_connection_target target;
  target.lose_answers = 6;
  target.revoke_on_list = true;
  const apply_result r = apply_connections(target, w.plan_them(), w.ids);
  EXPECT_EQ(r.halted, "the target rejected the token (HTTP 401): stopping");
  EXPECT_EQ(count(r, outcome_status::failed), 6u);
  EXPECT_THAT(r.outcomes[0].error, HasSubstr("could not re-read the target"));
}

TEST(apply_connections, reconcile_rounds_come_from_the_apply_options) {
  world w = many(1, 2);
  fake_connection_target target;
  target.lose_before_apply = 1000;  // nothing ever lands
  apply_options options;
  options.reconcile_rounds = 1;
  options.max_reconcile_rounds = 1;
  const apply_result r = apply_connections(target, w.plan_them(), w.ids, options);
  EXPECT_EQ(target.lists, 1u);
  EXPECT_EQ(count(r, outcome_status::failed), 2u);
  EXPECT_THAT(r.outcomes[0].error, HasSubstr("stayed unknown after 1 re-reads of the target"));
}

TEST(apply_connections, a_journal_that_fills_stops_every_new_write) {
  const std::string dir = test::make_temp_dir("sdemig-apply-connections");
  const std::string path = dir + "/j.ndjson";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {  // a file-size limit: the "disk" fills after a few lines
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{600, 600};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    world w = many(1, 20);
    fake_connection_target target;
    journal j(path);
    apply_options one;
    one.concurrency = 1;
    const apply_result r = apply_connections(target, w.plan_them(), w.ids, one, &j);
    const bool halted = r.halted.find("cannot write journal") != std::string::npos &&
                        r.halted.ends_with(": no new writes were sent");
    const bool stopped = target.held.size() < 20 && count(r, outcome_status::not_started) > 0;
    ::_exit(halted && stopped ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  test::remove_tree(dir);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(apply_connections, missing_project_and_connector_are_missing_with_their_own_totals) {
  world w(1);
  w.connect(w.projects[0], "Here");
  w.connect({"BU", "App", "Elsewhere"}, "Nowhere");
  w.connect(w.projects[0], "Orphan").connector_name = "Gone";
  const connection_plan p = w.plan_them();
  EXPECT_EQ(p.items[1].what, action::missing_project);
  EXPECT_EQ(p.items[1].why, reason::no_project);
  EXPECT_EQ(p.items[2].what, action::missing_connector);
  EXPECT_EQ(p.items[2].why, reason::connector_not_written);
  fake_connection_target target;
  const apply_result r = apply_connections(target, p, w.ids);
  EXPECT_EQ(r.outcomes[1].status, outcome_status::missing);
  EXPECT_EQ(r.outcomes[2].status, outcome_status::missing);
  const outcome_totals t = count_outcomes(p.items, r);
  EXPECT_EQ(t.created, 1u);
  EXPECT_EQ(t.missing, 2u);
  EXPECT_EQ(t.conflicts, 0u);
  EXPECT_THAT(connection_summary_line(p, r),
              HasSubstr("connections: 1 created, 0 updated, 0 reconciled, 0 unchanged, 0 skipped; "
                        "1 write; 2 not done (0 conflict, 0 need secrets, 2 missing project or "
                        "connector"));
  EXPECT_THAT(connection_failure_lines(p, r),
              HasSubstr("\"Nowhere\": missing-project: no project"));
}

TEST(apply_connections, a_connector_two_source_connectors_share_is_missing_not_created) {
  world w(1);
  w.connectors =
      make_plan(alm_only(), of({make("Tracker", {}, 1), make("Tracker", {}, 2)}), of({}), nullptr);
  ASSERT_EQ(w.connectors.items[1].why, reason::same_in_source);
  w.target_connectors = of({});
  w.connect(w.projects[0], "Which");
  EXPECT_EQ(w.plan_them().items[0].what, action::missing_connector);
}

TEST(apply_connections, on_conflict_means_the_same_for_connections_as_for_connectors) {
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

TEST(apply_connections, project_scope_secrets_follow_the_connectors_rules) {
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
  for (connection_record& r : w.target) r.value.params.back().value = masked;
  w.secrets.reset();
  const connection_plan rerun = w.plan_them();
  EXPECT_EQ(rerun.totals.count(action::noop), 2u) << connection_plan_text(rerun, true);
  // A changed project param is an update; a write replaces the params
  // whole, so an unknown secret blocks it (never erased, never the mask).
  w.source[0].value.params[0].value = scalar::string("P1-new");
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

TEST(apply_connections, projects_are_matched_by_their_three_names_not_a_joined_string) {
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
  // Both on both sides: two distinct projects, no conflict.
  w.add_project(a);
  const connection_plan both = w.plan_them();
  EXPECT_EQ(both.totals.count(action::create), 2u);
  EXPECT_EQ(both.totals.count(action::conflict), 0u);
}

}  // namespace
}  // namespace sdemig::engine

// Connections applied through the one core the connectors use, against a
// fake connection target (fake_connection_target.hpp): a black hole, a
// flaky link, "alias already exists" from a second writer, aliases the
// server trims, a token revoked while re-reading, a journal that fills,
// outcomes and totals of what cannot be sent.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "connection_world.hpp"
#include "engine/connections/connection_report.hpp"
#include "engine/planning/connection_output.hpp"
#include "engine/planning/plan_output.hpp"
#include "engine/run/journal.hpp"
#include "support/temp_dir.hpp"

namespace sdemig::engine {
namespace {

using namespace fake;
using testing::HasSubstr;
using testing::Not;

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

}  // namespace
}  // namespace sdemig::engine

// Saved plans end to end against sde-sim: `plan --out` writes the plan a
// reviewer approves (no secret value in it, its digest on the text and the
// page); `apply` runs exactly that plan: an item changed, deleted or taken
// on the target since is drifted (exit 5, nothing sent, its diff shown),
// --skip-drifted applies the rest, and a second apply writes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "io/files/sha256.hpp"
#include "sim/seed.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr api_generation current = api_generation::current;

const char* move_job = R"({"transforms": [{"set_params": {"title_format": "moved $title"}}]})";

void set_title(sim_instance& sim, std::int64_t id, const std::string& title) {
  std::string json;
  ASSERT_EQ(sim.store.modify(
                connector_kind::alm, id,
                [&](connector& c) { c.set_param("title_format", scalar::string(title)); }, json),
            sim::write_status::ok);
}

TEST(saved_plan, drift_stops_the_apply_and_skip_drifted_applies_the_rest) {
  sim_instance source(current_sim_config(source_token), 8, 0);
  sim_instance target(current_sim_config(target_token), 4, 0);
  cli_env env;
  const std::string job = env.write_file("job.json", move_job);
  const std::string saved = env.path("plan.json");
  auto plan =
      env.sdemig(concat({"plan", "--job", job, "--out", saved, "--html", env.path("p.html")},
                        env.both(source, target)));
  ASSERT_EQ(plan.code, 0) << plan.err;
  const std::string sha = files::sha256_hex(files::read_file(saved));
  EXPECT_THAT(plan.out, HasSubstr("plan file: " + saved + " (sha256 " + sha + ")\n"));
  EXPECT_THAT(files::read_file(env.path("p.html")), HasSubstr(sha));

  // After the review, someone edits one planned item and makes one the plan creates.
  set_title(target, 2, "by hand");
  connector taken = sim::seeded_connector(connector_kind::alm, 6, current);
  std::string json;
  ASSERT_EQ(target.store.create(connector_kind::alm, taken, json), sim::write_status::ok);
  const std::uint64_t writes = target.server.stats().writes_applied;

  const std::vector<std::string> to = env.both(source, target);  // secrets from the source
  auto apply = env.sdemig(concat({"apply", saved}, to));
  EXPECT_EQ(apply.code, 5) << apply.err;
  EXPECT_EQ(target.server.stats().writes_applied, writes) << "nothing is sent";
  EXPECT_THAT(apply.err, HasSubstr("changed on the target since the plan was saved"));
  EXPECT_THAT(apply.err, HasSubstr("~ params.title_format: "));
  EXPECT_THAT(apply.err, HasSubstr("\"by hand\""));
  EXPECT_THAT(apply.err, HasSubstr("the target has one of this name since the plan was saved"));
  EXPECT_THAT(apply.err, HasSubstr("2 items changed on the target since the plan was saved: "
                                   "nothing was sent"));

  auto skip = env.sdemig(concat({"apply", saved, "--skip-drifted"}, to));
  EXPECT_EQ(skip.code, 1) << skip.err;
  EXPECT_THAT(skip.out, HasSubstr("apply: 3 created, 3 updated, 0 reconciled, 0 unchanged"));
  EXPECT_EQ(target.store.get(connector_kind::alm, 2)->find_param("title_format")->text, "by hand");
  const std::uint64_t after = target.server.stats().writes_applied;
  EXPECT_EQ(after, writes + 6);

  auto again = env.sdemig(concat({"apply", saved, "--skip-drifted"}, to));
  EXPECT_EQ(again.code, 1) << again.err;  // the drifted two are still drifted
  EXPECT_THAT(again.out, HasSubstr("; 0 writes"));
  EXPECT_EQ(target.server.stats().writes_applied, after);
}

TEST(saved_plan, a_second_apply_writes_nothing_and_the_target_equals_the_source) {
  sim_instance source(current_sim_config(source_token), 12, 0);
  sim::seed_projects(source.store, 20, true, 12, 0, current);
  sim_instance target(current_sim_config(target_token), 5, 0);
  sim::seed_projects(target.store, 20, false, 0, 0, current);
  cli_env env;
  const std::string saved = env.path("plan.json");
  ASSERT_EQ(
      env.sdemig(concat({"plan", "--connections", "--out", saved}, env.both(source, target))).code,
      0);
  // The secrets come from the source: apply reads it for them alone.
  auto apply = env.sdemig(concat({"apply", saved}, env.both(source, target)));
  ASSERT_EQ(apply.code, 0) << apply.err;
  EXPECT_THAT(apply.out, HasSubstr("apply: 7 created, 0 updated"));
  const std::uint64_t writes = target.server.stats().writes_applied;
  auto again = env.sdemig(concat({"apply", saved}, env.both(source, target)));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(target.server.stats().writes_applied, writes);
  auto verify = env.sdemig(concat({"verify", "--connections"}, env.both(source, target)));
  EXPECT_EQ(verify.code, 0) << verify.out;
  EXPECT_THAT(verify.out, HasSubstr("verify: 12 equal"));
}

TEST(saved_plan, holds_no_secret_and_says_where_each_comes_from) {
  sim_instance source(current_sim_config(source_token), 10, 0);
  sim_instance target(current_sim_config(target_token), 3, 0);
  cli_env env;
  const std::string saved = env.path("plan.json");
  const std::string job = env.write_file("job.json", move_job);
  ASSERT_EQ(
      env.sdemig(concat({"plan", "--job", job, "--out", saved}, env.both(source, target))).code, 0);
  const std::string text = files::read_file(saved);
  for (const std::string& secret : stored_secrets(source))
    EXPECT_THAT(text, Not(HasSubstr(secret)));
  for (const std::string& secret : stored_secrets(target))
    EXPECT_THAT(text, Not(HasSubstr(secret)));
  EXPECT_THAT(text, HasSubstr("\"secrets\":{\"issue_tracker_pass\":\"source\"}"));
  // Without the source (or a secrets file) the plan cannot be applied: exit 2, nothing read.
  const std::uint64_t requests = target.server.stats().requests;
  auto apply = env.sdemig(concat({"apply", saved}, env.to(target)));
  EXPECT_EQ(apply.code, 2);
  EXPECT_THAT(apply.err, HasSubstr("secret values from the source: give --from"));
  EXPECT_EQ(target.server.stats().requests, requests);
}

TEST(saved_plan, a_secret_the_secrets_file_gives_through_its_star_entry_comes_from_it) {
  sim_instance source(current_sim_config(source_token), 6, 0, true);  // masks its secrets
  sim_instance target(current_sim_config(target_token), 0, 0);
  cli_env env;
  const std::string secrets =
      env.write_file("secrets.json", R"({"*": {"issue_tracker_pass": "From-the-file-2026"}})");
  const std::string saved = env.path("plan.json");
  ASSERT_EQ(env.sdemig(concat({"plan", "--kind", "alm", "--secrets", secrets, "--out", saved},
                              env.both(source, target)))
                .code,
            0);
  const std::string text = files::read_file(saved);
  EXPECT_THAT(text, HasSubstr("\"issue_tracker_pass\":\"secrets-file\""));
  EXPECT_THAT(text, Not(HasSubstr("\"issue_tracker_pass\":\"source\"")));
  EXPECT_THAT(text, Not(HasSubstr("From-the-file-2026")));
}

TEST(saved_plan, an_edited_plan_or_another_target_is_refused) {
  sim_instance source(current_sim_config(source_token), 4, 0);
  sim_instance target(current_sim_config(target_token), 0, 0);
  sim_instance other(current_sim_config(target_token), 0, 0);
  cli_env env;
  const std::string saved = env.path("plan.json");
  ASSERT_EQ(env.sdemig(concat({"plan", "--out", saved}, env.both(source, target))).code, 0);
  auto r = env.sdemig(concat({"apply", saved}, env.both(source, other)));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("is not the target " + saved + " was made for (" + target.url()));
  std::string text = files::read_file(saved);
  text = std::regex_replace(text, std::regex("\"title_format\":\"[^\"]*\""),
                            "\"title_format\":\"edited\"", std::regex_constants::format_first_only);
  const std::string edited = env.write_file("edited.json", text);
  r = env.sdemig(concat({"apply", edited}, env.both(source, target)));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr(edited + ": digest: the target or the writes were changed after the "
                                        "plan was saved"));
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
  // The target is under the digest too: pointing the plan at another is refused.
  std::string moved = files::read_file(saved);
  moved.replace(moved.find(target.url()), target.url().size(), other.url());
  r = env.sdemig(concat({"apply", env.write_file("moved.json", moved)}, env.both(source, other)));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("digest: the target or the writes were changed"));
  r = env.sdemig(concat({"apply", env.write_file("json.json", "{\"format\":\"sdemig-plan/1\"}")},
                        env.both(source, target)));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("not a saved plan"));
}

}  // namespace
}  // namespace sdemig::test

// Every run converges, whatever the server does (issue: safety, items
// 11-16), end to end over sde-sim: trimmed names, invalid names, PATCH,
// writes answered without a body, a token revoked mid-run, and names the
// target holds twice. A second run writes nothing.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

connector alm(std::string name, std::string server, std::vector<param> more = {}) {
  connector c;
  c.name = std::move(name);
  c.system = {"jira", "", std::nullopt};
  c.inaccessible = false;
  c.params = std::vector<param>{{"alm_server", scalar::string(std::move(server))},
                                {"alm_user", scalar::string("u")}};
  for (param& p : more) c.params->push_back(std::move(p));
  return c;
}

TEST(convergence, names_the_server_trims_are_created_once_and_then_left_alone) {
  sim_instance source(sim_config(source_token), 3, 0);
  source.store.insert(connector_kind::alm, alm("Trail ", "t.example.com"));
  source.store.insert(connector_kind::alm, alm(" Lead\t", "l.example.com"));
  sim::server_config trimming = sim_config(target_token);
  trimming.routing.trim_names = true;
  sim_instance target(std::move(trimming), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  auto plan = env.sdemig(concat({"plan", "--kind", "alm"}, both));
  EXPECT_THAT(plan.out,
              HasSubstr("the name has white space around it: the server may store it as \"Trail\""))
      << plan.out;
  auto first = env.sdemig(concat({"clone", "--kind", "alm", "--report", env.path("r.json")}, both));
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_THAT(files::read_file(env.path("r.json")), HasSubstr("\"stored_name\":\"Trail\""));
  const auto writes = target.server.stats().writes_applied;
  EXPECT_EQ(writes, 5u);
  for (int run = 0; run < 2; ++run) {
    auto again = env.sdemig(concat({"clone", "--kind", "alm"}, both));
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_THAT(again.out, HasSubstr("; 0 writes in")) << again.out;
  }
  EXPECT_EQ(target.server.stats().writes_applied, writes);
  auto verify = env.sdemig(concat({"verify", "--kind", "alm"}, both));
  EXPECT_EQ(verify.code, 0) << verify.out;
}

TEST(convergence, names_no_server_takes_are_invalid_and_not_sent) {
  sim_instance source(sim_config(source_token), 2, 0);
  source.store.insert(connector_kind::alm, alm(std::string(300, 'n'), "x"));
  source.store.insert(connector_kind::alm, alm("   ", "y"));
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--kind", "alm", "--journal", env.path("j.ndjson")},
                             env.both(source, target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(
      r.out,
      HasSubstr("plan: 2 to create, 0 to update, 0 unchanged, 0 skipped, 0 in conflict, 2 invalid"))
      << r.out;
  EXPECT_THAT(r.err, HasSubstr("invalid alm \"   \": the name is empty")) << r.err;
  EXPECT_THAT(r.err, HasSubstr("the name is 300 characters long, over the 255 the API takes"));
  EXPECT_EQ(target.server.stats().writes_applied, 2u);
  // The API probe, the schema, one list and two writes: no reconcile rounds.
  EXPECT_EQ(target.server.stats().requests, 5u);
}

TEST(convergence, patch_keeps_what_only_the_target_has_and_converges) {
  sim_instance source(sim_config(source_token), 0, 0, /*mask_secrets=*/true);
  source.store.insert(connector_kind::alm,
                      alm("Shared", "new.example.com", {{"alm_pass", scalar::string("src-pw")}}));
  sim_instance target(sim_config(target_token), 0, 0);
  target.store.insert(connector_kind::alm, alm("Shared", "old.example.com",
                                               {{"alm_pass", scalar::string("tgt-pw")},
                                                {"sde_tags_filter", scalar::string("keep")}}));
  cli_env env;
  const auto both = env.both(source, target);
  auto plan = env.sdemig(concat({"plan", "--kind", "alm", "--patch"}, both));
  EXPECT_THAT(plan.out, HasSubstr("= params.sde_tags_filter: kept (only on the target; sent "
                                  "with the value it shows)"))
      << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("= params.alm_pass: the target's value is kept (the source "
                                  "masks it; sent as the target shows it)"));
  auto r = env.sdemig(concat({"clone", "--kind", "alm", "--patch"}, both));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  const connector held = target.store.snapshot(connector_kind::alm).at(0);
  ASSERT_NE(held.find_param("alm_pass"), nullptr);
  ASSERT_NE(held.find_param("sde_tags_filter"), nullptr);
  EXPECT_EQ(held.find_param("alm_server")->text, "new.example.com");
  EXPECT_EQ(held.find_param("alm_pass")->text, "tgt-pw");
  EXPECT_EQ(held.find_param("sde_tags_filter")->text, "keep");
  auto again =
      env.sdemig(concat({"plan", "--kind", "alm", "--patch", "--detailed-exitcode"}, both));
  EXPECT_EQ(again.code, 0) << again.out;
  // unset_params under --patch: that connector goes with PUT, and the param is gone.
  const std::string job = env.write_file(
      "job.json", R"({"kinds": ["alm"], "transforms": [{"unset_params": ["sde_tags_filter"]}]})");
  const std::string secrets = env.write_file("s.json", R"({"Shared": {"alm_pass": "tgt-pw"}})");
  r = env.sdemig(concat({"clone", "--patch", "--job", job, "--secrets", secrets}, both));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_EQ(target.store.snapshot(connector_kind::alm).at(0).find_param("sde_tags_filter"),
            nullptr);
}

TEST(convergence, writes_answered_without_a_body_are_settled_and_journaled) {
  sim_instance source(sim_config(source_token), 40, 0);
  sim::server_config empty = sim_config(target_token);
  empty.faults.empty_body = 1.0;
  sim_instance target(std::move(empty), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  auto r = env.sdemig(concat({"clone", "--kind", "alm", "--journal", env.path("j.ndjson")}, both));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("0 created, 0 updated, 40 reconciled")) << r.out;
  EXPECT_EQ(target.server.stats().writes_applied, 40u);
  const std::string journal = files::read_file(env.path("j.ndjson"));
  EXPECT_EQ(std::count(journal.begin(), journal.end(), '\n'), 40);
  EXPECT_EQ(env.sdemig(concat({"verify", "--kind", "alm"}, both)).code, 0);
}

TEST(convergence, a_token_revoked_mid_run_stops_the_run) {
  sim_instance source(sim_config(source_token), 300, 0);
  sim::server_config expiring = sim_config(target_token);
  expiring.routing.token_expires_after =
      52;  // the schema and the list, then 50 writes (the probe's 404 needs no token)
  sim_instance target(std::move(expiring), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--concurrency", "4"}, env.both(source, target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("sdemig: the target rejected the token (HTTP 401): stopping\n"))
      << r.err;
  EXPECT_EQ(target.server.stats().writes_applied, 50u);
  EXPECT_LE(target.server.stats().requests,
            53u + 4u);  // at most the requests in flight when the first 401 came
  EXPECT_THAT(r.out, HasSubstr("not started)"));
}

TEST(convergence, a_name_the_target_holds_twice_is_reported_not_guessed) {
  sim_instance source(sim_config(source_token), 0, 0);
  source.store.insert(connector_kind::alm, alm("Dup", "a"));
  sim_instance target(sim_config(target_token), 0, 0);
  target.store.allow_duplicate_names(true);
  target.store.insert(connector_kind::alm, alm("Dup", "a"));
  target.store.insert(connector_kind::alm, alm("Dup", "b"));
  cli_env env;
  const auto both = env.both(source, target);
  auto plan = env.sdemig(concat({"plan", "--kind", "alm"}, both));
  EXPECT_THAT(plan.out, HasSubstr("conflict alm      \"Dup\"\n    ambiguous on target: 2 "
                                  "connectors are named \"Dup\" (ids 1, 2)"))
      << plan.out;
  auto verify = env.sdemig(concat({"verify", "--kind", "alm"}, both));
  EXPECT_EQ(verify.code, 1);
  EXPECT_THAT(verify.out,
              HasSubstr("! Dup  (ambiguous on target: 2 connectors are named \"Dup\" (ids 1, 2))"))
      << verify.out;
  auto clone = env.sdemig(concat({"clone", "--kind", "alm"}, both));
  EXPECT_EQ(clone.code, 1);
  EXPECT_EQ(target.server.stats().writes_applied, 0u);
}

}  // namespace
}  // namespace sdemig::test

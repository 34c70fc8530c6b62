// sdemig clone end to end: 2,000 connectors, an idempotent rerun, verify,
// and the journal and report it leaves.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

TEST(clone, copies_2000_connectors_then_a_rerun_writes_nothing_and_verify_passes) {
  sim_instance source(sim_config(source_token, 100), 2000, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);

  auto first = env.sdemig(concat({"clone", "--kind", "alm", "--concurrency", "32", "--journal",
                                  env.path("j.ndjson"), "--report", env.path("r.json")},
                                 both));
  ASSERT_EQ(first.code, 0) << first.err << first.out;
  EXPECT_THAT(first.out, HasSubstr("clone: 2000 created, 0 updated")) << first.out;
  EXPECT_EQ(target.server.stats().writes_applied, 2000u);
  EXPECT_LE(target.server.stats().connections_accepted, 32u);  // --concurrency caps connections
  EXPECT_EQ(difference_except_ids(read_all(source, connector_kind::alm, source_token),
                                  read_all(target, connector_kind::alm, target_token)),
            "");

  const std::string journal = files::read_file(env.path("j.ndjson"));
  EXPECT_EQ(std::count(journal.begin(), journal.end(), '\n'), 2000);
  EXPECT_THAT(journal, HasSubstr("\"action\":\"create\",\"source_id\":1,\"target_id\":"));
  const std::string report = files::read_file(env.path("r.json"));
  // One member per outcome, as docs/cli.md lists them (done, not only created/updated).
  EXPECT_THAT(report, HasSubstr("\"totals\":{\"created\":2000,\"updated\":0,\"done\":2000,"));
  for (const char* outcome :
       {"unchanged", "skipped", "conflict", "needs_secret", "missing", "reconciled", "refused",
        "invalid", "failed", "not_started", "unreadable", "secret_lost"})
    EXPECT_THAT(report, HasSubstr("\"" + std::string(outcome) + "\":0")) << outcome;

  auto second =
      env.sdemig(concat({"clone", "--kind", "alm", "--report", env.path("r2.json")}, both));
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("0 writes")) << second.out;
  EXPECT_EQ(target.server.stats().writes_applied, 2000u);  // nothing more was written
  EXPECT_THAT(files::read_file(env.path("r2.json")), HasSubstr("\"writes\":0,"));

  auto verify = env.sdemig(concat({"verify", "--kind", "alm"}, both));
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
  EXPECT_THAT(
      verify.out,
      HasSubstr("verify: 2000 equal, 0 only in source, 0 only in target, 0 differ, 0 errors"))
      << verify.out;

  auto plan = env.sdemig(concat({"plan", "--kind", "alm", "--detailed-exitcode"}, both));
  EXPECT_EQ(plan.code, 0) << plan.out;
}

TEST(clone, plan_shows_a_field_diff_and_detailed_exitcode_3) {
  sim_instance source(sim_config(source_token), 5, 0);
  sim_instance target(sim_config(target_token), 5, 0);
  cli_env env;
  // Change one connector on the target so it differs from the source.
  auto c = *target.store.get(connector_kind::alm, 2);
  std::string ignored;
  target.store.modify(
      connector_kind::alm, 2,
      [](connector& x) { x.set_param("alm_server", scalar::string("old.example.com")); }, ignored);
  auto plan = env.sdemig(
      concat({"plan", "--kind", "alm", "--detailed-exitcode"}, env.both(source, target)));
  EXPECT_EQ(plan.code, 3) << plan.err;
  EXPECT_THAT(plan.out,
              HasSubstr("update   alm      \"" + c.name +
                        "\"  (target id 2)\n    ~ params.alm_server: \"old.example.com\" -> \""))
      << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("plan: 0 to create, 1 to update, 4 unchanged")) << plan.out;
  auto json = env.sdemig(concat({"plan", "--kind", "alm", "--json"}, env.both(source, target)));
  EXPECT_THAT(json.out, HasSubstr("\"changes\":[{\"field\":\"params.alm_server\",\"change\":"
                                  "\"changed\",\"from\":\"old.example.com\""))
      << json.out;
}

TEST(clone, analysis_connectors_are_reported_refused_per_connector) {
  sim_instance source(sim_config(source_token), 3, 2);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone"}, env.both(source, target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.out, HasSubstr("3 created")) << r.out;
  EXPECT_THAT(r.err, HasSubstr("refused analysis \"Fortify")) << r.err;
  EXPECT_THAT(r.err, HasSubstr("HTTP 405: Method \"POST\" not allowed.")) << r.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 3u);
}

TEST(clone, dry_run_writes_nothing) {
  sim_instance source(sim_config(source_token), 10, 0);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--dry-run", "--kind", "alm"}, env.both(source, target)));
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("plan: 10 to create"));
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
  EXPECT_EQ(target.server.stats().writes_applied, 0u);
}

TEST(clone, unknown_outcomes_are_reconciled_and_never_duplicated) {
  sim_instance source(sim_config(source_token), 300, 0);
  sim::server_config c = sim_config(target_token);
  c.faults.reset = 0.3;
  c.faults.reset_after_apply = 0.7;
  c.faults.scope = sim::fault_scope::writes;
  sim_instance target(c, 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--kind", "alm", "--journal", env.path("j.ndjson")},
                             env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_GT(target.server.stats().resets_after_apply, 10u);
  EXPECT_THAT(r.out, HasSubstr("reconciled"));
  EXPECT_EQ(difference_except_ids(read_all(source, connector_kind::alm, source_token),
                                  read_all(target, connector_kind::alm, target_token)),
            "");
  EXPECT_EQ(target.store.size(connector_kind::alm), 300u);
  EXPECT_EQ(target.server.stats().writes_applied, 300u);  // each connector stored exactly once
  const std::string journal = files::read_file(env.path("j.ndjson"));
  EXPECT_EQ(std::count(journal.begin(), journal.end(), '\n'), 300);
  EXPECT_THAT(journal, HasSubstr("\"status\":\"reconciled\""));
}

}  // namespace
}  // namespace sdemig::test

namespace sdemig::test {
namespace {

TEST(clone, verify_reports_each_connector_in_json_too) {
  sim_instance source(sim_config(source_token), 3, 0);
  sim_instance target(sim_config(target_token), 2, 0);
  cli_env env;
  std::string ignored;
  target.store.modify(
      connector_kind::alm, 2, [](connector& c) { c.inaccessible = !*c.inaccessible; }, ignored);
  connector extra = *target.store.get(connector_kind::alm, 1);
  extra.name = "Only On Target";
  extra.id.reset();
  target.store.create(connector_kind::alm, extra, ignored);
  auto r = env.sdemig(concat({"verify", "--kind", "alm"}, env.both(source, target)));
  EXPECT_EQ(r.code, 1);
  const auto name = [&](std::int64_t id) {
    return source.store.get(connector_kind::alm, id)->name;
  };
  EXPECT_EQ(r.out, "source: legacy API, target: legacy API\n= " + name(1) + "\n* " + name(2) +
                       "\n+ " + name(3) +
                       "\n- Only On Target\nverify: 1 equal, 1 only in source, 1 only in target, 1 "
                       "differ, 0 errors\n");
  auto j = env.sdemig(concat({"verify", "--kind", "alm", "--json"}, env.both(source, target)));
  EXPECT_THAT(j.out, HasSubstr("{\"status\":\"-\",\"kind\":\"alm\",\"name\":\"Only On "
                               "Target\"}],\"counts\":{\"equal\":1,"))
      << j.out;
}

TEST(clone, ctrl_c_stops_new_writes_finishes_in_flight_ones_and_writes_the_report) {
  sim_instance source(sim_config(source_token), 400, 0);
  sim::server_config slow = sim_config(target_token);
  slow.faults.latency_ms = 40;
  sim_instance target(slow, 0, 0);
  cli_env env;
  child_process run(concat({program_under_test(), "clone", "--kind", "alm", "--concurrency", "4",
                            "--journal", env.path("j.ndjson"), "--report", env.path("r.json")},
                           env.both(source, target)));
  // Ctrl-C once some writes landed: mid-run, whatever the machine's speed.
  const bool writing = wait_until([&] { return target.store.size(connector_kind::alm) >= 20; });
  run.signal(SIGINT);
  ASSERT_TRUE(writing) << "no 20 writes landed";
  EXPECT_EQ(run.wait(), 1);
  EXPECT_THAT(run.stderr_text(), HasSubstr("interrupted: no new writes")) << run.stderr_text();
  const std::string report = files::read_file(env.path("r.json"));
  EXPECT_THAT(report, HasSubstr("\"interrupted\":true"));
  EXPECT_THAT(report, Not(HasSubstr("\"not_started\":0,")));  // some never started
  // Every write the server applied was acknowledged and journaled: nothing in between.
  const std::string journal = files::read_file(env.path("j.ndjson"));
  const auto stored = target.store.size(connector_kind::alm);
  EXPECT_GT(stored, 0u);
  EXPECT_LT(stored, 400u);
  EXPECT_EQ(static_cast<std::size_t>(std::count(journal.begin(), journal.end(), '\n')), stored);
  // A rerun finishes the job.
  auto rest = env.sdemig(
      concat({"clone", "--kind", "alm", "--concurrency", "16"}, env.both(source, target)));
  EXPECT_EQ(rest.code, 0) << rest.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 400u);
}

}  // namespace
}  // namespace sdemig::test

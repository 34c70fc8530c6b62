// A run's way back, end to end against sde-sim: `--backup` on clone and
// import, then `restore`: the target's export equals the one taken before
// the run (kept items with their ids, created ones gone), also after a
// kill -9 halfway through the clone; a restore rerun writes nothing; items
// changed since are left alone without --force; no secret value the run
// wrote is in a backup, and one that holds the target's is 0600.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <regex>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "sim/seed.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr api_generation current = api_generation::current;

// "Project 00012" -> its id, on `sim`.
std::map<std::string, std::int64_t> project_ids(sim_instance& sim) {
  std::map<std::string, std::int64_t> out;
  for (const project_node& n :
       sim.store.projects().list(sim::level::project, std::nullopt, std::nullopt))
    out[n.name] = n.id;
  return out;
}

std::string project_name(std::size_t n) {
  char text[32];
  std::snprintf(text, sizeof text, "Project %05zu", n);
  return text;
}

void connect(sim_instance& sim, std::int64_t project, std::int64_t connector,
             const std::string& alm_project) {
  connection c, stored;
  c.alias = "Tracker";
  c.connector = connector;
  c.project = project;
  c.frequency = "daily";
  c.params = std::vector<param>{{key_in("alm_project", sim.api), scalar::string(alm_project)}};
  ASSERT_EQ(sim.store.projects().create(connector_kind::alm, c, stored),
            sim::project_store::status::ok);
}

// A target of 5,000 connectors and 2,000 connections, and a source that,
// with the job's transform, creates 2,000, updates 2,000 and leaves 1,000;
// its connections create 1,000 (on created connectors), update 500 and
// leave 500.
struct round_trip_world {
  sim_instance source{current_sim_config(source_token)};
  sim_instance target{current_sim_config(target_token)};

  round_trip_world() {
    sim::seed_store(source.store, 7000, 0, current);
    for (std::int64_t id = 1; id <= 2000; ++id)
      source.store.remove(connector_kind::alm, id, sim::delete_rule::refuse);
    sim::seed_store(target.store, 5000, 0, current);
    sim::seed_projects(source.store, 3000, false, 0, 0, current);
    sim::seed_projects(target.store, 3000, false, 0, 0, current);
    const auto in_source = project_ids(source), in_target = project_ids(target);
    for (std::size_t n = 1; n <= 2000; ++n)
      connect(target, in_target.at(project_name(n)), static_cast<std::int64_t>(2000 + n),
              "PRJ-" + std::to_string(n));
    for (std::size_t n = 1; n <= 3000; ++n) {
      // 1..500 as on the target, 501..1000 another tracker project, the
      // rest new, on connectors the clone creates.
      const std::int64_t connector = static_cast<std::int64_t>(n <= 2000 ? 2000 + n : 3000 + n);
      if (n > 1000 && n <= 2000) continue;
      connect(source, in_source.at(project_name(n)), connector,
              (n > 500 && n <= 1000 ? "NEW-" : "PRJ-") + std::to_string(n));
    }
  }
};

const char* round_trip_job = R"({"transforms": [
  {"where": {"name": "*Connector 03*"}, "set_params": {"title_format": "moved $title"}},
  {"where": {"name": "*Connector 04*"}, "set_params": {"title_format": "moved $title"}}]})";

TEST(restore, a_clone_and_its_restore_leave_the_target_as_it_was) {
  round_trip_world w;
  cli_env env;
  const std::string before = export_text(env, w.target, "before.json", true);
  const std::string job = env.write_file("job.json", round_trip_job);
  const std::string backup = env.path("b.json");
  auto clone = env.sdemig(concat({"clone", "--connections", "--job", job, "--backup", backup},
                                 env.both(w.source, w.target)));
  ASSERT_EQ(clone.code, 0) << clone.err;
  EXPECT_THAT(clone.out, HasSubstr("clone: 2000 created, 2000 updated, 0 reconciled, 1000 "
                                   "unchanged"));
  EXPECT_THAT(clone.out, HasSubstr("connections: 1000 created, 500 updated, 0 reconciled, 500 "
                                   "unchanged"));
  EXPECT_THAT(clone.err, HasSubstr("sdemig: backup: " + backup + " (5500 items the run writes"));
  EXPECT_NE(export_text(env, w.target, "cloned.json", true), before);

  const std::vector<std::string> to = env.to(w.target);
  auto restore = env.sdemig(concat({"restore", "--backup", backup}, to));
  ASSERT_EQ(restore.code, 0) << restore.err;
  // The 1,000 the clone left are not in the backup: it holds what a run writes.
  EXPECT_THAT(restore.out, HasSubstr("restore: 0 created, 2000 updated, 0 reconciled, 0 "
                                     "unchanged, 0 skipped, 2000 deleted"));
  EXPECT_THAT(restore.out, HasSubstr("connections: 0 created, 500 updated, 0 reconciled, 0 "
                                     "unchanged, 0 skipped, 1000 deleted"));
  EXPECT_EQ(export_text(env, w.target, "after.json", true), before);

  const std::uint64_t writes = w.target.server.stats().writes_applied;
  auto again = env.sdemig(concat({"restore", "--backup", backup}, to));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("; 0 writes"));
  EXPECT_EQ(w.target.server.stats().writes_applied, writes);
}

TEST(restore, a_clone_killed_halfway_is_restored_all_the_same) {
  round_trip_world w;
  cli_env env;
  const std::string before = export_text(env, w.target, "before.json", true);
  const std::string job = env.write_file("job.json", round_trip_job);
  const std::string backup = env.path("b.json");
  const std::uint64_t writes_before = w.target.server.stats().writes_applied;
  child_process child(concat({program_under_test(), "clone", "--connections", "--job", job,
                              "--backup", backup, "--concurrency", "4", "--rate", "2000"},
                             env.both(w.source, w.target)));
  const bool halfway =
      wait_until([&] { return w.target.server.stats().writes_applied >= writes_before + 2500; });
  child.signal(SIGKILL);
  ASSERT_TRUE(halfway) << "the clone never wrote 2,500 items";
  EXPECT_EQ(child.wait(), 128 + SIGKILL);
  ASSERT_NE(export_text(env, w.target, "killed.json", true), before);

  auto restore = env.sdemig(concat({"restore", "--backup", backup}, env.to(w.target)));
  ASSERT_EQ(restore.code, 0) << restore.err;
  EXPECT_EQ(export_text(env, w.target, "after.json", true), before);
}

// clone SOURCE -> TARGET with a job that changes every connector, saving
// the way back to BACKUP.
run_result clone_with_backup(cli_env& env, const sim_instance& source, const sim_instance& target,
                             const std::string& backup) {
  const std::string job = env.write_file(
      "job.json", R"({"transforms": [{"set_params": {"title_format": "moved $title"}}]})");
  return env.sdemig(concat({"clone", "--job", job, "--backup", backup}, env.both(source, target)));
}

TEST(restore, an_item_changed_since_is_left_alone_unless_forced) {
  sim_instance source(current_sim_config(source_token), 6, 0);
  sim_instance target(current_sim_config(target_token), 3, 0);
  cli_env env;
  const std::string before = export_text(env, target, "before.json", true);
  const std::string backup = env.path("b.json");
  auto clone = clone_with_backup(env, source, target, backup);
  ASSERT_EQ(clone.code, 0) << clone.err;
  // Someone edits an updated one and a created one after the run.
  for (std::int64_t id : {2, 5}) {
    std::string json;
    ASSERT_EQ(
        target.store.modify(
            connector_kind::alm, id,
            [](connector& c) { c.set_param("title_format", scalar::string("by hand")); }, json),
        sim::write_status::ok);
  }
  const std::vector<std::string> to = env.to(target);
  auto restore = env.sdemig(concat({"restore", "--backup", backup}, to));
  EXPECT_EQ(restore.code, 1) << restore.err;
  EXPECT_THAT(restore.err, HasSubstr("changed on the target since the run wrote it"));
  EXPECT_THAT(restore.out, HasSubstr("2 updated, 0 reconciled, 0 unchanged, 0 skipped, 2 deleted"));
  EXPECT_EQ(target.store.get(connector_kind::alm, 2)->find_param("title_format")->text, "by hand");
  EXPECT_TRUE(target.store.get(connector_kind::alm, 5).has_value());

  auto dry = env.sdemig(concat({"restore", "--backup", backup, "--force", "--dry-run"}, to));
  EXPECT_EQ(dry.code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("plan: 0 to create, 1 to update, 1 to delete"));
  auto forced = env.sdemig(concat({"restore", "--backup", backup, "--force"}, to));
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_EQ(export_text(env, target, "after.json", true), before);
}

TEST(restore, a_backup_is_never_overwritten_and_nothing_is_sent_without_one) {
  sim_instance source(current_sim_config(source_token), 4, 0);
  sim_instance target(current_sim_config(target_token), 0, 0);
  cli_env env;
  env.write_file("b.json", "an earlier backup");
  auto r = env.sdemig(concat({"clone", "--backup", env.path("b.json")}, env.both(source, target)));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--backup " + env.path("b.json") +
                               ": exists: a backup is never overwritten (name a new file)"));
  EXPECT_EQ(files::read_file(env.path("b.json")), "an earlier backup");
  r = env.sdemig(
      concat({"clone", "--backup", env.path("no/such/folder/b.json")}, env.both(source, target)));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--backup " + env.path("no/such/folder/b.json") + ": "));
  EXPECT_EQ(target.server.stats().writes_applied, 0u);
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
}

TEST(restore, a_backup_names_its_target_and_is_read_strictly) {
  sim_instance source(current_sim_config(source_token), 2, 0);
  sim_instance target(current_sim_config(target_token), 0, 0);
  sim_instance other(current_sim_config(target_token), 0, 0);
  cli_env env;
  const std::string backup = env.path("b.json");
  ASSERT_EQ(env.sdemig(concat({"clone", "--backup", backup}, env.both(source, target))).code, 0);
  auto r = env.sdemig(concat({"restore", "--backup", backup}, env.to(other)));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err,
              HasSubstr("is not the instance " + backup + " was taken of (" + target.url() + ")"));
  std::string text = files::read_file(backup);
  text.replace(text.find("\"before\":{"), 10, "\"before\":{\"alm\":7,");
  const std::string broken = env.write_file("broken.json", text);
  r = env.sdemig(concat({"restore", "--backup", broken}, env.to(target)));
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr(broken + ": before.alm"));
  EXPECT_EQ(target.store.size(connector_kind::alm), 2u) << "nothing restored";
}

TEST(restore, no_secret_the_run_writes_is_in_a_backup_and_the_targets_make_it_0600) {
  sim_instance source(current_sim_config(source_token), 8, 0);
  sim_instance masking(current_sim_config(target_token), 4, 0, true);
  cli_env env;
  const std::string masked_backup = env.path("masked.json");
  auto r = clone_with_backup(env, source, masking, masked_backup);
  EXPECT_EQ(r.code, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(masked_backup.c_str(), &st), 0);
  const std::string masked_text = files::read_file(masked_backup);
  for (const std::string& secret : stored_secrets(source))
    EXPECT_THAT(masked_text, Not(HasSubstr(secret))) << "a source secret in the backup";
  EXPECT_THAT(masked_text, HasSubstr("no secret value"));

  sim_instance plain(current_sim_config(target_token), 4, 0);
  const std::string backup = env.path("b.json");
  r = clone_with_backup(env, source, plain, backup);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("it holds secret values the target showed: mode 0600"));
  ASSERT_EQ(::stat(backup.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string text = files::read_file(backup);
  // The target's own (before-images) are there; the source's are not.
  for (const std::string& secret : stored_secrets(source)) {
    bool on_target = false;
    for (const std::string& held : stored_secrets(plain)) on_target |= held == secret;
    if (!on_target) {
      EXPECT_THAT(text, Not(HasSubstr(secret)));
    }
  }
}

TEST(restore, a_target_that_refuses_delete_gives_cannot_delete_and_the_rest_goes_on) {
  sim_instance source(current_sim_config(source_token), 5, 0);
  sim::server_config refusing = current_sim_config(target_token);
  refusing.routing.refused_deletes = sim::refuse_delete::connectors;
  sim_instance target(refusing, 2, 0);
  cli_env env;
  const std::string backup = env.path("b.json");
  ASSERT_EQ(clone_with_backup(env, source, target, backup).code, 0);
  auto r = env.sdemig(concat({"restore", "--backup", backup}, env.to(target)));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("refused alm"));
  EXPECT_THAT(r.err, HasSubstr("cannot delete: "));
  EXPECT_THAT(r.out, HasSubstr("restore: 0 created, 2 updated"));
  EXPECT_EQ(
      target.store.get(connector_kind::alm, 1)->find_param("title_format")->text,
      sim::seeded_connector(connector_kind::alm, 1, current).find_param("title_format")->text);
}

TEST(restore, connections_on_connectors_a_target_stored_trimmed_are_deleted_not_conflicts) {
  sim_instance source(current_sim_config(source_token), 6, 0);
  sim::seed_projects(source.store, 12, true, 6, 0, current);
  sim::server_config trims = current_sim_config(target_token);
  trims.routing.trim_names = true;
  sim_instance target(trims, 0, 0);
  sim::seed_projects(target.store, 12, false, 0, 0, current);
  cli_env env;
  const std::string before = export_text(env, target, "before.json", true);
  const std::string job = env.write_file(
      "job.json", R"({"kinds": ["alm"], "transforms": [{"name": {"suffix": " "}}]})");
  const std::string backup = env.path("b.json");
  ASSERT_EQ(env.sdemig(concat({"clone", "--connections", "--job", job, "--backup", backup},
                              env.both(source, target)))
                .code,
            0);
  auto r = env.sdemig(concat({"restore", "--backup", backup, "--to", target.url() + "/",
                              "--to-token-file", env.path("target.token")},
                             std::vector<std::string>{}));
  EXPECT_EQ(r.code, 0) << r.err;  // a final "/" names the same instance
  EXPECT_THAT(r.err, Not(HasSubstr("changed on the target")));
  EXPECT_EQ(export_text(env, target, "after.json", true), before);
}

TEST(restore, a_backup_whose_ids_disagree_is_refused) {
  sim_instance source(current_sim_config(source_token), 4, 0);
  sim_instance target(current_sim_config(target_token), 2, 0);
  cli_env env;
  const std::string backup = env.path("b.json");
  ASSERT_EQ(clone_with_backup(env, source, target, backup).code, 0);
  const std::string text = files::read_file(backup);
  const std::size_t before = text.find("\"before\":{\"alm\":[{\"id\":");
  ASSERT_NE(before, std::string::npos);
  for (const char* id : {"-5", "0", "999"}) {
    std::string broken = text;
    const std::size_t at = before + std::string("\"before\":{\"alm\":[{\"id\":").size();
    broken.replace(at, broken.find(',', at) - at, id);
    const std::string file = env.write_file("broken.json", broken);
    auto r =
        env.sdemig(concat({"restore", "--backup", file, "--force", "--dry-run"}, env.to(target)));
    EXPECT_EQ(r.code, 2) << id << ": " << r.out;
    EXPECT_THAT(r.err, HasSubstr(file + ": ")) << id;
  }
  EXPECT_EQ(target.store.size(connector_kind::alm), 4u);
}

}  // namespace
}  // namespace sdemig::test

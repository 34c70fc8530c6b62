// `sdemig edit`, end to end against sde-sim: the job applied to an
// instance's own connectors, read once (one list per kind, counted by
// sde-sim), and undone by `restore`; a password rotated from the secrets
// file, on an instance that masks it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr api_generation current = api_generation::current;

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> on(const cli_env& env, const sim_instance& sim) {
  std::vector<std::string> out = env.to(sim);
  for (std::string& word : out) {
    if (word == "--to") word = "--on";
    if (word == "--to-token-file") word = "--on-token-file";
  }
  return out;
}

TEST(edit, a_host_move_over_1000_connectors_reads_once_and_restore_undoes_it) {
  sim_instance sde(current_sim_config(target_token), 1000, 0);
  cli_env env;
  const std::string before = export_text(env, sde, "before.json");
  const std::string job = env.write_file("move.json", R"({"transforms": [
    {"replace_in_params": {"param": "issue_tracker_server", "from": ".atlassian.net",
                           "to": ".corp.example.com"}}]})");
  const std::string backup = env.path("b.json");
  const std::uint64_t lists = sde.server.stats().connector_lists;
  auto r = env.sdemig(
      concat({"edit", "--job", job, "--backup", backup, "--on-api", "current"}, on(env, sde)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(sde.server.stats().connector_lists, lists + 2) << "one list of each kind, once";
  EXPECT_THAT(r.out, HasSubstr("editing in place: current API"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("edit: 0 created, ([0-9]+) updated")));
  const int moved = std::stoi(m[1]);
  EXPECT_GT(moved, 50);
  const std::string edited = export_text(env, sde, "edited.json");
  EXPECT_THAT(edited, HasSubstr(".corp.example.com"));
  EXPECT_THAT(edited, Not(HasSubstr(".atlassian.net")));
  auto again = env.sdemig(concat({"edit", "--job", job}, on(env, sde)));
  EXPECT_THAT(again.out, HasSubstr("; 0 writes")) << "a rerun writes nothing";

  auto restore = env.sdemig(concat({"restore", "--backup", backup}, env.to(sde)));
  ASSERT_EQ(restore.code, 0) << restore.err;
  EXPECT_THAT(restore.out, HasSubstr(std::to_string(moved) + " updated"));
  EXPECT_EQ(export_text(env, sde, "after.json"), before);
}

TEST(edit, a_password_rotated_from_the_secrets_file_reaches_a_masking_instance) {
  sim_instance sde(current_sim_config(target_token), 20, 0, true);
  cli_env env;
  // The job also moves the host: a rotation in items that are updated anyway.
  const std::string job = env.write_file("rotate.json", R"({"select": {"systems": ["jira"]},
    "transforms": [{"set_params": {"issue_tracker_server": "jira.corp.example"}}]})");
  const std::string secrets =
      env.write_file("secrets.json", R"({"*": {"issue_tracker_pass": "Rotated-pass-2026"}})");
  auto dry =
      env.sdemig(concat({"edit", "--job", job, "--secrets", secrets, "--dry-run"}, on(env, sde)));
  EXPECT_EQ(dry.code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("~ params.issue_tracker_pass: (secret) -> (secret)"));
  EXPECT_THAT(dry.out, HasSubstr("~ params.issue_tracker_server: "));
  EXPECT_THAT(dry.out + dry.err, Not(HasSubstr("Rotated-pass-2026")));
  std::map<std::string, std::string> old;  // jira connector -> its password before the edit
  std::string old_secrets = "{";
  for (const connector& c : sde.store.snapshot(connector_kind::alm)) {
    if (c.system.id != "jira") continue;
    old[c.name] = c.find_param("issue_tracker_pass")->text;
    old_secrets += std::string(old_secrets.size() > 1 ? "," : "") + json_string(c.name) +
                   ": {\"issue_tracker_pass\": " + json_string(old[c.name]) + "}";
  }
  const std::string backup = env.path("b.json");
  auto r = env.sdemig(
      concat({"edit", "--job", job, "--secrets", secrets, "--backup", backup}, on(env, sde)));
  ASSERT_EQ(r.code, 0) << r.err;
  std::size_t jira = 0, rotated = 0;
  for (const connector& c : sde.store.snapshot(connector_kind::alm)) {
    if (c.system.id != "jira") continue;
    ++jira;
    rotated += c.find_param("issue_tracker_pass")->text == "Rotated-pass-2026";
  }
  EXPECT_GT(jira, 0u);
  EXPECT_EQ(rotated, jira);
  EXPECT_THAT(files::read_file(backup), Not(HasSubstr("Rotated-pass-2026")));
  // The backup holds the old passwords masked: restore says it cannot bring
  // them back, unless a secrets file gives them.
  auto restore = env.sdemig(concat({"restore", "--backup", backup, "--dry-run"}, env.to(sde)));
  EXPECT_EQ(restore.code, 0) << restore.err;
  EXPECT_THAT(restore.err, HasSubstr("secret kept: the run changed these secrets"));
  EXPECT_THAT(restore.out, HasSubstr("plan: 0 to create, " + std::to_string(jira) + " to update"));
  const std::string given = env.write_file("old.json", old_secrets + "}");
  restore = env.sdemig(concat({"restore", "--backup", backup, "--secrets", given}, env.to(sde)));
  EXPECT_EQ(restore.code, 0) << restore.err;
  EXPECT_THAT(restore.err, Not(HasSubstr("secret kept")));
  EXPECT_THAT(restore.out, HasSubstr(std::to_string(jira) + " updated"));
  for (const connector& c : sde.store.snapshot(connector_kind::alm)) {
    if (c.system.id == "jira") {
      EXPECT_EQ(c.find_param("issue_tracker_pass")->text, old[c.name]);
    }
  }
}

}  // namespace
}  // namespace sdemig::test

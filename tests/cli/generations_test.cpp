// Both API generations (issue: current SDE): legacy (4.x, /connectors/alm/,
// alm_* params) and current (/connectors/issue-tracker/, issue_tracker_*
// params), detected by a probe, translated both ways, checked by reading
// the target back; reruns write nothing and verify is all "=".

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

sim::server_config config(const std::string& token, api_generation api, std::size_t page_size = 0) {
  sim::server_config c = sim_config(token, page_size);
  c.routing.api = api;
  return c;
}

const connector* named(const std::vector<connector>& all, const std::string& name) {
  for (const connector& c : all) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// What a source connector becomes on a target of generation `to`.
connector expected_on(connector c, api_generation from, api_generation to) {
  translate_params(*c.params, from, to);
  return c;
}

void expect_clone_converges(api_generation from_api, api_generation to_api) {
  SCOPED_TRACE(std::string(to_string(from_api)) + " -> " + std::string(to_string(to_api)));
  sim_instance source(config(source_token, from_api, 50), 90, 0);
  sim_instance target(config(target_token, to_api), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  auto r = env.sdemig(concat({"clone", "--kind", "alm", "--report", env.path("r.json")}, both));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_TRUE(r.out.starts_with("source: " + std::string(to_string(from_api)) +
                                " API, target: " + std::string(to_string(to_api)) + " API\n"))
      << r.out;
  EXPECT_THAT(files::read_file(env.path("r.json")),
              HasSubstr("\"source_api\":\"" + std::string(to_string(from_api)) +
                        "\",\"target_api\":\"" + std::string(to_string(to_api)) + "\""));
  const auto src = read_all(source, connector_kind::alm, source_token);
  const auto dst = read_all(target, connector_kind::alm, target_token);
  ASSERT_EQ(dst.size(), src.size());
  for (const connector& s : src) {
    const connector* t = named(dst, s.name);
    ASSERT_NE(t, nullptr) << s.name;
    const connector want = expected_on(s, from_api, to_api);
    EXPECT_EQ(*t->params, *want.params) << s.name;
    const std::string prefix = to_api == api_generation::current ? "issue_tracker_" : "alm_";
    EXPECT_NE(t->find_param(prefix + "server"), nullptr) << s.name;
    EXPECT_EQ(t->find_param("conflict_policy")->text,
              to_api == api_generation::current ? "issue_tracker" : "alm");
    EXPECT_EQ(t->find_param("issue_tracker_auth_mode") != nullptr,
              to_api == api_generation::current);
  }
  auto again = env.sdemig(concat({"clone", "--kind", "alm"}, both));
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("; 0 writes in")) << again.out;
  auto verify = env.sdemig(concat({"verify", "--kind", "alm"}, both));
  EXPECT_EQ(verify.code, 0) << verify.out;
  EXPECT_THAT(verify.out, Not(HasSubstr("\n* "))) << verify.out;
}

TEST(generations, legacy_to_current) {
  expect_clone_converges(api_generation::legacy, api_generation::current);
}
TEST(generations, current_to_legacy) {
  expect_clone_converges(api_generation::current, api_generation::legacy);
}
TEST(generations, current_to_current) {
  expect_clone_converges(api_generation::current, api_generation::current);
}

TEST(generations, auth_mode_follows_the_credentials) {
  sim_instance source(config(source_token, api_generation::legacy), 3,
                      0);  // github (token), jira, rally (password)
  sim_instance target(config(target_token, api_generation::current), 0, 0);
  cli_env env;
  ASSERT_EQ(env.sdemig(concat({"clone", "--kind", "alm"}, env.both(source, target))).code, 0);
  for (const connector& c : read_all(target, connector_kind::alm, target_token)) {
    EXPECT_EQ(c.find_param("issue_tracker_auth_mode")->text,
              c.system.id == "github" ? "api_token" : "basic")
        << c.name;
  }
}

TEST(generations, export_legacy_import_current) {
  sim_instance source(config(source_token, api_generation::legacy), 40, 0);
  sim_instance target(config(target_token, api_generation::current), 0, 0);
  cli_env env;
  auto r = env.sdemig(
      concat({"export", "--kind", "alm", "--include-secrets", "--out", env.path("e.json")},
             env.from(source)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(files::read_file(env.path("e.json")), HasSubstr(",\"api\":\"legacy\""));
  r = env.sdemig(concat({"import", "--file", env.path("e.json")}, env.to(target)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("export file: legacy API, target: current API\n")) << r.out;
  EXPECT_EQ(target.store.size(connector_kind::alm), 40u);
  r = env.sdemig(concat({"import", "--file", env.path("e.json")}, env.to(target)));
  EXPECT_THAT(r.out, HasSubstr("; 0 writes in")) << r.out;
  // ndjson too, each line saying its generation.
  r = env.sdemig(concat({"export", "--kind", "alm", "--include-secrets", "--format", "ndjson",
                         "--out", env.path("e.ndjson")},
                        env.from(source)));
  EXPECT_TRUE(
      files::read_file(env.path("e.ndjson")).starts_with("{\"kind\":\"alm\",\"api\":\"legacy\","));
  r = env.sdemig(concat({"import", "--file", env.path("e.ndjson")}, env.to(target)));
  EXPECT_THAT(r.out, HasSubstr("; 0 writes in")) << r.out;
  EXPECT_EQ(env.sdemig(concat({"verify", "--kind", "alm"}, env.both(source, target))).code, 0);
}

TEST(generations, masked_secrets_are_filled_from_either_naming) {
  sim_instance source(config(source_token, api_generation::legacy), 12, 0, /*mask_secrets=*/true);
  sim_instance target(config(target_token, api_generation::current), 0, 0);
  cli_env env;
  const std::string jira = source.store.get(connector_kind::alm, 2)->name;  // a password connector
  const std::string secrets = env.write_file(
      "s.json",
      R"({")" + jira +
          R"(": {"issue_tracker_pass": "current-words"}, "*": {"alm_pass": "legacy-words", "alm_api_token": "tok", "servicenow_client_secret": "cs"}})");
  auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--secrets", secrets}, env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err;
  for (const connector& c : target.store.snapshot(connector_kind::alm)) {
    if (const scalar* pass = c.find_param("issue_tracker_pass")) {
      EXPECT_EQ(pass->text, c.name == jira ? "current-words" : "legacy-words") << c.name;
    }
  }
}

TEST(generations, the_probe_can_be_overridden) {
  sim_instance source(config(source_token, api_generation::legacy), 2, 0);
  sim_instance target(config(target_token, api_generation::current), 0, 0);
  cli_env env;
  const auto both = env.both(source, target);
  auto r = env.sdemig(
      concat({"plan", "--kind", "alm", "--from-api", "legacy", "--to-api", "current"}, both));
  EXPECT_EQ(r.code, 0) << r.err;
  // Told wrong, it asks where the other generation's connectors would be: a clear 404.
  r = env.sdemig(concat({"plan", "--kind", "alm", "--to-api", "legacy"}, both));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("/api/v2/connectors/alm/?page_size=500: HTTP 404")) << r.err;
  // Updates: PATCH on current (target-only params kept), PUT with --put.
  ASSERT_EQ(env.sdemig(concat({"clone", "--kind", "alm"}, both)).code, 0);
  std::string ignored;
  target.store.modify(
      connector_kind::alm, 1,
      [](connector& c) { c.set_param("sde_tags_filter", scalar::string("t")); }, ignored);
  r = env.sdemig(concat({"plan", "--kind", "alm", "--detailed-exitcode"}, both));
  EXPECT_EQ(r.code, 0) << r.out;
  r = env.sdemig(concat({"plan", "--kind", "alm", "--put", "--detailed-exitcode"}, both));
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_THAT(r.out, HasSubstr("- params.sde_tags_filter: \"t\"")) << r.out;
}

TEST(generations, analysis_connectors_are_written_where_the_target_takes_them) {
  sim_instance source(config(source_token, api_generation::legacy), 0, 6);
  sim_instance current(config(target_token, api_generation::current), 0, 0);
  sim_instance legacy(config(target_token, api_generation::legacy), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--kind", "analysis"}, env.both(source, current)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(current.store.size(connector_kind::analysis), 6u);
  r = env.sdemig(concat({"clone", "--kind", "analysis"}, env.both(source, legacy)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("refused analysis")) << r.err;
}

TEST(schema, a_plan_against_the_schema_lists_every_invalid_connector_and_sends_none_of_them) {
  sim_instance source(config(source_token, api_generation::legacy), 18, 0);
  sim::server_config enforcing = config(target_token, api_generation::current);
  enforcing.routing.enforce_schema = true;
  sim_instance target(std::move(enforcing), 0, 0);
  cli_env env;
  const std::string job = env.write_file("job.json", R"({"kinds": ["alm"], "transforms": [
      {"where": {"system": "jira"}, "set_params": {"issue_tracker_method": "ftp", "jira_board": "B"}},
      {"where": {"system": "rally"}, "unset_params": ["issue_tracker_server"]}]})");
  const auto both = env.both(source, target);
  auto plan = env.sdemig(concat({"plan", "--json", "--job", job}, both));
  ASSERT_EQ(plan.code, 0) << plan.err;
  EXPECT_THAT(plan.out, HasSubstr("\"problems\":[\"\\\"issue_tracker_method\\\" is \\\"ftp\\\", "
                                  "not one of http, https\",\"unknown param "
                                  "\\\"jira_board\\\" for system \\\"jira\\\"\"]"))
      << plan.out;
  EXPECT_THAT(plan.out,
              HasSubstr("\"problems\":[\"missing required param \\\"issue_tracker_server\\\"\"]"));
  EXPECT_THAT(plan.out, HasSubstr("\"invalid\":4")) << plan.out;  // two jira, two rally
  auto r = env.sdemig(concat({"clone", "--job", job}, both));
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(target.store.size(connector_kind::alm), 14u);  // the valid ones land
  for (const connector& c : target.store.snapshot(connector_kind::alm)) {
    EXPECT_NE(c.system.id, "jira");
    EXPECT_NE(c.system.id, "rally");
  }
  // An instance without a readable schema: one notice, the built-in rules.
  sim::server_config bare = config(target_token, api_generation::current);
  bare.routing.serve_schema = false;
  sim_instance unchecked(std::move(bare), 0, 0);
  r = env.sdemig(concat({"plan", "--kind", "alm"}, env.both(source, unchecked)));
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err,
            "sdemig: notice: the target's plugin schema cannot be read (HTTP 404): plans are "
            "checked with the built-in "
            "rules only\n");
}

TEST(schema, a_secret_only_the_schema_names_is_never_shown) {
  sim_instance source(config(source_token, api_generation::legacy), 12, 0);  // servicenow: 6 and 15
  sim_instance target(config(target_token, api_generation::current), 0, 0);
  cli_env env;
  std::vector<std::string> secrets;
  for (const connector& c : source.store.snapshot(connector_kind::alm)) {
    if (const scalar* s = c.find_param("servicenow_client_secret")) secrets.push_back(s->text);
  }
  ASSERT_FALSE(secrets.empty());
  ASSERT_FALSE(is_secret_param("servicenow_client_secret"));
  const auto both = env.both(source, target);
  std::string everything;
  for (auto args : {std::vector<std::string>{"export", "--out", env.path("e.json")},
                    {"export", "--format", "ndjson"}}) {
    auto r = env.sdemig(concat(args, env.from(source)));
    everything += r.out + r.err;
  }
  everything += files::read_file(env.path("e.json"));
  EXPECT_THAT(everything, HasSubstr("\"servicenow_client_secret\":null"));
  for (auto args : {std::vector<std::string>{"plan", "--json"},
                    {"plan"},
                    {"verify", "--json"},
                    {"clone", "--journal", env.path("j.ndjson"), "--report", env.path("r.json")}}) {
    auto r = env.sdemig(concat(args, both));
    everything += r.out + r.err;
  }
  everything += files::read_file(env.path("j.ndjson")) + files::read_file(env.path("r.json"));
  for (const std::string& s : secrets) EXPECT_THAT(everything, Not(HasSubstr(s))) << s;
  // It was sent: the target holds it.
  bool held = false;
  for (const connector& c : target.store.snapshot(connector_kind::alm))
    held |= c.find_param("servicenow_client_secret") != nullptr;
  EXPECT_TRUE(held);
}

TEST(connection_tests, report_exactly_the_unreachable_trackers) {
  sim::server_config unreachable = config(target_token, api_generation::current);
  unreachable.routing.unreachable = {"atlassian", "rally-"};
  sim_instance target(std::move(unreachable), 20, 0);
  cli_env env;
  std::set<std::string> expected_failures;
  for (const connector& c : target.store.snapshot(connector_kind::alm)) {
    const std::string& server = c.find_param("issue_tracker_server")->text;
    if (server.find("atlassian") != std::string::npos || server.find("rally-") != std::string::npos)
      expected_failures.insert(c.name);
  }
  ASSERT_GE(expected_failures.size(), 2u);
  auto r =
      env.sdemig(concat({"verify", "--test-connections", "--concurrency", "4"}, env.to(target)));
  EXPECT_EQ(r.code, 1);
  std::size_t fails = 0, oks = 0;
  for (std::size_t pos = 0; pos < r.out.size();) {
    const std::size_t end = r.out.find('\n', pos);
    const std::string line = r.out.substr(pos, end - pos);
    pos = end + 1;
    if (line.starts_with("fail ")) {
      ++fails;
      const std::string name = line.substr(5, line.find(": Cannot connect to ") - 5);
      EXPECT_TRUE(expected_failures.contains(name)) << line;
    } else if (line.starts_with("ok ")) {
      ++oks;
      EXPECT_FALSE(expected_failures.contains(line.substr(3))) << line;
    }
  }
  EXPECT_EQ(fails, expected_failures.size());
  EXPECT_EQ(oks, 20 - expected_failures.size());
  auto json = env.sdemig(concat({"verify", "--test-connections", "--json"}, env.to(target)));
  EXPECT_THAT(json.out, HasSubstr("\"counts\":{\"ok\":" + std::to_string(oks) +
                                  ",\"failed\":" + std::to_string(fails) + "}"))
      << json.out;
  // All reachable: exit 0.
  sim_instance fine(config(target_token, api_generation::legacy), 5, 0);
  r = env.sdemig(concat({"verify", "--test-connections"}, env.to(fine)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("test-connections: 5 ok, 0 failed")) << r.out;
}

}  // namespace
}  // namespace sdemig::test

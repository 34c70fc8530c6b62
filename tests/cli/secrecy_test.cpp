// Tokens and secret values never appear in anything sdemig prints or
// writes (unless --include-secrets asks for an export with them): every
// output of a session's worth of commands is searched for them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

TEST(secrecy, no_token_or_secret_in_any_output_log_report_or_journal) {
  sim_instance source(sim_config(source_token, 20), 60, 4);
  sim_instance masked(sim_config(source_token), 30, 0, /*mask_secrets=*/true);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  env.write_file("wrong.token", "wrong-token-9f3e");
  const std::string secrets = env.write_file(
      "secrets.json",
      R"({"*": {"alm_pass": "users-own-pw-1", "alm_api_token": "users-own-tok-2", "servicenow_client_secret": "users-own-cs-3"}})");

  std::vector<std::string> needles = {source_token, target_token, "wrong-token-9f3e",
                                      "users-own-pw-1", "users-own-tok-2"};
  for (const connector& c : source.store.snapshot(connector_kind::alm)) {
    for (const param& p : *c.params) {
      if (is_secret_param(p.key)) needles.push_back(p.value.text);
    }
  }

  std::string everything;
  auto run = [&](std::vector<std::string> args) {
    auto r = env.sdemig(std::move(args));
    everything += r.out + r.err;
  };
  const auto both = env.both(source, target);
  run(concat({"export", "--out", env.path("export.json")}, env.from(source)));
  run(concat({"export", "--format", "ndjson"}, env.from(source)));
  run(concat({"plan", "--json"}, both));
  run(concat({"plan"}, env.both(masked, target)));
  run(concat({"plan", "--json", "--secrets", secrets}, env.both(masked, target)));
  run(concat({"clone", "--secrets", secrets, "--journal", env.path("j1.ndjson"), "--report",
              env.path("r1.json")},
             env.both(masked, target)));
  // The target really holds the secrets the user gave: they were sent, only never shown.
  ASSERT_EQ(target.store.size(connector_kind::alm), 30u);
  EXPECT_EQ(target.store.get(connector_kind::alm, 1)->find_param("alm_api_token")->text,
            "users-own-tok-2");
  run(concat({"clone", "--kind", "alm", "--journal", env.path("j2.ndjson"), "--report",
              env.path("r2.json")},
             both));
  run(concat({"verify", "--json"}, both));
  run(concat({"verify"}, both));
  run({"clone", "--from", source.url(), "--from-token-file", env.path("wrong.token"), "--to",
       target.url(), "--to-token-file", env.path("wrong.token")});
  run({"bench", "--url", source.url(), "--token-file", env.path("source.token"), "--op", "mix",
       "-n", "200"});
  run({"bench", "--url", source.url(), "--token-file", env.path("wrong.token"), "-n", "10"});
  for (const char* file : {"export.json", "j1.ndjson", "r1.json", "j2.ndjson", "r2.json"}) {
    everything += files::read_file(env.path(file));
  }
  ASSERT_GT(everything.size(), 10000u);  // the commands did run and say things
  for (const std::string& needle : needles) {
    EXPECT_THAT(everything, Not(HasSubstr(needle))) << "leaked: " << needle.substr(0, 4) << "...";
  }
}

}  // namespace
}  // namespace sdemig::test

// Cloning from a source that masks its secrets: a secrets file fills them;
// without one, the connectors that need them are reported, never faked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

TEST(secrets_clone, a_secrets_file_fills_every_masked_secret) {
  sim_instance source(sim_config(source_token), 9, 0, /*mask_secrets=*/true);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const auto seeded = source.store.snapshot(connector_kind::alm);
  // The user's own store: one connector by name, the rest from "*".
  const std::string secrets = env.write_file(
      "secrets.json",
      R"({")" + seeded[1].name +
          R"(": {"alm_pass": "jira-own \"pw\""}, "*": {"alm_pass": "shared-pw", "alm_api_token": "shared-token", "servicenow_client_secret": "shared-cs"}})");
  auto r = env.sdemig(concat({"clone", "--secrets", secrets}, env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  const auto stored = target.store.snapshot(connector_kind::alm);  // what the target really holds
  ASSERT_EQ(stored.size(), 9u);
  for (const connector& c : stored) {
    for (const param& p : *c.params) {
      if (!is_secret_param(p.key)) continue;
      const std::string expected = c.name == seeded[1].name ? "jira-own \"pw\""
                                   : p.key == "alm_pass"    ? "shared-pw"
                                                            : "shared-token";
      EXPECT_EQ(p.value.text, expected) << c.name << " " << p.key;
    }
  }
  for (const char* secret : {"shared-pw", "shared-token", "jira-own"}) {
    EXPECT_THAT(r.out, Not(HasSubstr(secret)));
    EXPECT_THAT(r.err, Not(HasSubstr(secret)));
  }
  auto again = env.sdemig(concat({"clone", "--secrets", secrets}, env.both(source, target)));
  EXPECT_THAT(again.out, HasSubstr("0 writes")) << again.out;
}

TEST(secrets_clone, without_secrets_the_connectors_needing_them_are_reported_and_not_written) {
  sim_instance source(sim_config(source_token), 9, 0, true);
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--report", env.path("r.json")}, env.both(source, target)));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("needs_secret alm \"")) << r.err;
  EXPECT_THAT(r.err, HasSubstr(": needs secret alm_pass")) << r.err;
  EXPECT_THAT(r.err, HasSubstr(": needs secret alm_api_token")) << r.err;
  // Every seeded ALM connector carries a secret: nothing was written, nothing fake stored.
  EXPECT_EQ(target.store.size(connector_kind::alm), 0u);
  EXPECT_EQ(target.server.stats().writes_applied, 0u);
}

}  // namespace
}  // namespace sdemig::test

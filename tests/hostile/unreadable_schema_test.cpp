// A plugin schema that cannot be read (404, or an HTML page) must not
// shrink the set of secrets (issue 32, item 7): params whose names look
// secret are secrets then (one warning names them), and the mask is never
// sent as a value, whatever the key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "sim/seed.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

enum class no_schema { absent, html };

sim::server_config without_schema(const std::string& token, no_schema how) {
  sim::server_config c = sim_config(token);
  if (how == no_schema::absent) c.routing.serve_schema = false;
  if (how == no_schema::html) c.routing.misbehave = sim::list_misbehaviour::schema_html;
  return c;
}

class unreadable_schema : public testing::TestWithParam<no_schema> {};

TEST_P(unreadable_schema, an_export_redacts_what_looks_secret_and_says_so) {
  sim_instance source(without_schema(source_token, GetParam()), 20, 0);
  sim::seed_projects(source.store, 20, true, 20, 0, source.api);
  add_project_tokens(source);
  cli_env env;
  auto r = env.sdemig(
      concat({"export", "--connections", "--out", env.path("e.json")}, env.from(source)));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("treated as secrets by their names: alm_project_token, "
                               "servicenow_client_secret"))
      << r.err;
  const std::string exported = files::read_file(env.path("e.json"));
  EXPECT_THAT(exported, HasSubstr("\"servicenow_client_secret\":null"));
  EXPECT_THAT(exported, HasSubstr("\"alm_project_token\":null"));
  EXPECT_THAT(exported, Not(HasSubstr("cs-")));    // servicenow_client_secret's values
  EXPECT_THAT(exported, Not(HasSubstr("ptok-")));  // alm_project_token's
}

TEST_P(unreadable_schema, a_clone_from_a_masking_source_never_writes_the_mask) {
  sim_instance source(without_schema(source_token, GetParam()), 20, 0, /*mask_secrets=*/true);
  // Only the schema's secrets left (the built-in ones alone would block the
  // writes anyway): ServiceNow's client secret, shown as the mask.
  std::string ignored;
  for (const connector& c : source.store.snapshot(connector_kind::alm)) {
    source.store.modify(
        connector_kind::alm, *c.id,
        [](connector& edit) {
          std::erase_if(*edit.params, [](const param& p) { return is_secret_param(p.key); });
        },
        ignored);
  }
  sim_instance target(without_schema(target_token, GetParam()), 0, 0);
  cli_env env;
  auto r = env.sdemig(concat({"clone", "--kind", "alm"}, env.both(source, target)));
  EXPECT_EQ(r.code, 1);  // the masked secrets are needed
  EXPECT_THAT(r.err, HasSubstr("needs_secret")) << r.err;
  for (const connector& c : target.store.snapshot(connector_kind::alm)) {
    for (const param& p : c.params.value_or(std::vector<param>{}))
      EXPECT_NE(p.value.text, masked_secret) << c.name << ": the mask was written as " << p.key;
  }
}

INSTANTIATE_TEST_SUITE_P(each, unreadable_schema,
                         testing::Values(no_schema::absent, no_schema::html), [](const auto& info) {
                           return std::string(info.param == no_schema::absent ? "absent"
                                                                              : "html_page");
                         });

}  // namespace
}  // namespace sdemig::test

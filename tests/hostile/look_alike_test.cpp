// "Café Jira" typed on one machine and pasted from another (NFC on the
// source, NFD on the target), and names that differ only in case: a clone
// never makes a second connector no one can tell from the first (issue 32,
// item 23).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

connector jira(std::string name, std::int64_t id) {
  connector c;
  c.id = id;
  c.name = std::move(name);
  c.system = {"jira", "", std::nullopt};
  c.inaccessible = false;
  c.params = std::vector<param>{{"alm_server", scalar::string("jira.example.com")}};
  return c;
}

TEST(look_alike, a_name_that_only_looks_the_same_is_a_conflict_not_a_second_connector) {
  sim_instance source(sim_config(source_token), 0, 0);
  source.store.insert(connector_kind::alm, jira("Caf\xC3\xA9 Jira", 1));  // NFC
  source.store.insert(connector_kind::alm, jira("Payments JIRA", 2));
  sim_instance target(sim_config(target_token), 0, 0);
  target.store.insert(connector_kind::alm, jira("Cafe\xCC\x81 Jira", 1));  // NFD
  target.store.insert(connector_kind::alm, jira("Payments Jira", 2));
  cli_env env;
  const auto both = env.both(source, target);
  auto plan = env.sdemig(concat({"plan", "--kind", "alm", "--json"}, both));
  EXPECT_THAT(plan.out, HasSubstr("\"action\":\"conflict\"")) << plan.out;
  EXPECT_THAT(plan.out, HasSubstr("(equal in Unicode NFC, case-folded)"));
  auto r = env.sdemig(concat({"clone", "--kind", "alm"}, both));
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("the target has a connector named \"Payments Jira\", which looks "
                               "the same as \"Payments JIRA\""))
      << r.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 2u) << "a look-alike was created";
  auto verify = env.sdemig(concat({"verify", "--kind", "alm"}, both));
  EXPECT_EQ(verify.code, 1);
  EXPECT_THAT(verify.out, HasSubstr("! Payments JIRA  (the target has a connector named"));
  // The job says they are the same items: updated to the source's names.
  const std::string job =
      env.write_file("job.json", R"({"kinds": ["alm"], "names_match": "look-alike"})");
  auto same = env.sdemig(concat({"clone", "--job", job}, both));
  EXPECT_EQ(same.code, 0) << same.err;
  EXPECT_EQ(target.store.size(connector_kind::alm), 2u);
  EXPECT_EQ(env.sdemig(concat({"verify", "--kind", "alm"}, both)).code, 0);
}

}  // namespace
}  // namespace sdemig::test

// A job file with every transform and every conflict policy, checked by
// reading the target back over the API.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

const connector* find(const std::vector<connector>& all, const std::string& name) {
  for (const connector& c : all) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

TEST(job_clone, every_transform_lands_on_the_target) {
  sim_instance source(sim_config(source_token), 18, 0);  // two of each of the nine systems
  sim_instance target(sim_config(target_token), 0, 0);
  cli_env env;
  const std::string job = env.write_file("job.json", R"J({
    "kinds": ["alm"],
    "select": {"systems": ["jira", "github", "rally"], "exclude_names": ["*00011"]},
    "transforms": [
      {"where": {"system": "jira"}, "set_params": {"alm_server": "jira.new.example.com", "jira_version": 9}},
      {"replace_in_params": {"param": "alm_server", "from": "example.com", "to": "example.org"}},
      {"rename_params": {"sde_min_priority": "sde_tags_filter"}},
      {"unset_params": ["sde_verification_filter"]},
      {"where": {"system": "github"}, "set": {"inaccessible": true}},
      {"where": {"name": "Rally*"}, "name": {"prefix": "[new] ", "suffix": " (2)"}}
    ]})J");
  auto r = env.sdemig(concat({"clone", "--job", job}, env.both(source, target)));
  ASSERT_EQ(r.code, 0) << r.err << r.out;

  const auto src = read_all(source, connector_kind::alm, source_token);
  const auto dst = read_all(target, connector_kind::alm, target_token);
  // jira: 2, 11 (excluded); github: 1, 10; rally: 3, 12 -> five connectors
  ASSERT_EQ(dst.size(), 5u);
  for (const connector& s : src) {
    const std::string& sys = s.system.id;
    const bool wanted = (sys == "jira" || sys == "github" || sys == "rally") && s.id != 11;
    const std::string name = sys == "rally" ? "[new] " + s.name + " (2)" : s.name;
    const connector* t = find(dst, name);
    ASSERT_EQ(t != nullptr, wanted) << name;
    if (!t) continue;
    EXPECT_EQ(t->system.id, sys);
    EXPECT_FALSE(t->find_param("sde_verification_filter"));
    EXPECT_FALSE(t->find_param("sde_min_priority"));
    EXPECT_EQ(*t->find_param("sde_tags_filter"), *s.find_param("sde_min_priority"));
    EXPECT_EQ(t->inaccessible, sys == "github" ? true : s.inaccessible);
    if (sys == "jira") {
      EXPECT_EQ(t->find_param("alm_server")->text, "jira.new.example.org");
      EXPECT_EQ(*t->find_param("jira_version"),
                scalar::integer(9));  // a number, as the job wrote it
    } else if (sys == "rally") {
      std::string expected = s.find_param("alm_server")->text;
      expected.replace(expected.find("example.com"), 11, "example.org");
      EXPECT_EQ(t->find_param("alm_server")->text, expected);
    }
  }
  auto rerun = env.sdemig(concat({"clone", "--job", job}, env.both(source, target)));
  EXPECT_THAT(rerun.out, HasSubstr("0 writes")) << rerun.out;
}

class conflict_policies : public testing::Test {
 protected:
  // Source 1..4; the target holds 1 equal, 2 different, 3 absent... and 4 different.
  conflict_policies()
      : source_(sim_config(source_token), 4, 0), target_(sim_config(target_token), 2, 0) {
    std::string ignored;
    for (std::int64_t id : {std::int64_t{2}}) {
      target_.store.modify(
          connector_kind::alm, id,
          [](connector& c) { c.set_param("alm_server", scalar::string("drifted.example.com")); },
          ignored);
    }
  }
  run_result clone(const std::string& policy) {
    const std::string job =
        env_.write_file("job.json", R"({"kinds":["alm"],"on_conflict":")" + policy +
                                        R"(","rename_suffix":" [copy]"})");
    return env_.sdemig(concat({"clone", "--job", job}, env_.both(source_, target_)));
  }
  std::vector<connector> target_now() {
    return read_all(target_, connector_kind::alm, target_token);
  }
  std::string name(std::int64_t id) { return source_.store.get(connector_kind::alm, id)->name; }

  sim_instance source_, target_;
  cli_env env_;
};

TEST_F(conflict_policies, update_overwrites_the_different_one) {
  auto r = clone("update");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto dst = target_now();
  ASSERT_EQ(dst.size(), 4u);
  EXPECT_EQ(find(dst, name(2))->find_param("alm_server")->text,
            source_.store.get(connector_kind::alm, 2)->find_param("alm_server")->text);
}

TEST_F(conflict_policies, skip_leaves_it) {
  auto r = clone("skip");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto dst = target_now();
  ASSERT_EQ(dst.size(), 4u);
  EXPECT_EQ(find(dst, name(2))->find_param("alm_server")->text, "drifted.example.com");
  EXPECT_THAT(r.out, HasSubstr("1 skipped")) << r.out;
}

TEST_F(conflict_policies, fail_reports_a_conflict_writes_the_rest_and_exits_1) {
  auto r = clone("fail");
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("conflict alm \"" + name(2) +
                               "\": differs on the target; on_conflict is fail"))
      << r.err;
  const auto dst = target_now();
  ASSERT_EQ(dst.size(), 4u);  // 3 and 4 were created
  EXPECT_EQ(find(dst, name(2))->find_param("alm_server")->text, "drifted.example.com");
}

TEST_F(conflict_policies, rename_creates_a_copy_beside_it) {
  auto r = clone("rename");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto dst = target_now();
  ASSERT_EQ(dst.size(), 5u);
  EXPECT_EQ(find(dst, name(2))->find_param("alm_server")->text, "drifted.example.com");
  const connector* copy = find(dst, name(2) + " [copy]");
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->find_param("alm_server")->text,
            source_.store.get(connector_kind::alm, 2)->find_param("alm_server")->text);
  auto again = clone("rename");
  EXPECT_THAT(again.out, HasSubstr("0 writes")) << again.out;
}

}  // namespace
}  // namespace sdemig::test

#include "engine/planning/job.hpp"

#include <gtest/gtest.h>

namespace sdemig::engine {
namespace {

TEST(job, the_contract_example_parses) {
  const job j = parse_job_text(R"J({
  "kinds": ["alm"],
  "select": {"systems": ["jira", "github"], "names": ["*prod*"], "exclude_names": ["*legacy*"]},
  "on_conflict": "update",
  "rename_suffix": " (migrated)",
  "transforms": [
    {"where": {"system": "jira"}, "set_params": {"alm_server": "jira.new.example.com"}},
    {"replace_in_params": {"param": "alm_server", "from": "old.example.com", "to": "new.example.com"}},
    {"rename_params": {"sde_min_priority": "min_priority"}},
    {"unset_params": ["sde_tags_filter"]},
    {"set": {"inaccessible": false}},
    {"name": {"prefix": "", "suffix": ""}}
  ]
})J",
                               "job.json");
  EXPECT_EQ(j.kinds, std::vector<connector_kind>{connector_kind::alm});
  EXPECT_EQ(j.systems.size(), 2u);
  ASSERT_EQ(j.transforms.size(), 6u);
  EXPECT_EQ(j.transforms[0].what, transform::type::set_params);
  EXPECT_EQ(j.transforms[0].where.system, "jira");
  EXPECT_EQ(j.transforms[1].param_key, "alm_server");
  EXPECT_EQ(j.transforms[5].what, transform::type::name);
  connector c;
  c.name = "jira-prod-1";
  c.system.id = "jira";
  EXPECT_TRUE(j.selects(connector_kind::alm, c));
  c.name = "jira-prod-legacy";
  EXPECT_FALSE(j.selects(connector_kind::alm, c));
  c.name = "jira-prod-2";
  EXPECT_FALSE(j.selects(connector_kind::analysis, c));
  c.system.id = "rally";
  EXPECT_FALSE(j.selects(connector_kind::alm, c));
}

// "issue-tracker" is the current API's word for alm, in a job as on the command line.
TEST(job, issue_tracker_names_the_alm_kind_in_kinds_and_where) {
  const job j = parse_job_text(
      R"({"kinds": ["issue-tracker"], "transforms": [{"where": {"kind": "issue-tracker"},
          "set_params": {"alm_server": "x"}}]})",
      "job.json");
  EXPECT_EQ(j.kinds, std::vector<connector_kind>{connector_kind::alm});
  ASSERT_EQ(j.transforms.size(), 1u);
  EXPECT_EQ(j.transforms[0].where.kind, connector_kind::alm);
}

struct bad_job {
  const char* name;
  const char* text;
  const char* message;
};
class bad_jobs : public testing::TestWithParam<bad_job> {};
TEST_P(bad_jobs, name_the_key_and_its_place) {
  try {
    parse_job_text(GetParam().text, "job.json");
    FAIL() << "accepted";
  } catch (const job_error& e) {
    EXPECT_EQ(std::string(e.what()), GetParam().message);
  }
}
INSTANTIATE_TEST_SUITE_P(
    all, bad_jobs,
    testing::Values(
        bad_job{"not_json", "{",
                "job.json: line 1, column 1: this object is never closed (truncated?)"},
        bad_job{"not_object", "[]", "job.json: expected an object, got array"},
        bad_job{"kind_twice", R"({"kinds":["alm","issue-tracker"]})",
                "job.json: kinds[1]: names alm again"},
        bad_job{"unknown_top_key", R"({"kind":["alm"]})",
                "job.json: unknown key \"kind\" (known: kinds, select, on_conflict, rename_suffix, "
                "names_match, transforms, connections, format, $schema)"},
        bad_job{"schema_not_string", R"({"$schema":1})",
                "job.json: $schema: expected a string, got number"},
        bad_job{"other_format", R"({"format":"sdemig-job/2"})",
                "job.json: format: must be \"sdemig-job/1\" when given"},
        bad_job{
            "bad_kind", R"({"kinds":["alm","scm"]})",
            "job.json: kinds[1]: kind must be \"alm\" (or \"issue-tracker\") or \"analysis\", not "
            "\"scm\""},
        bad_job{"kinds_type", R"({"kinds":"alm"})", "job.json: kinds: expected an array of kinds"},
        bad_job{"select_key", R"({"select":{"system":["jira"]}})",
                "job.json: select: unknown key \"system\" (known: systems, names, exclude_names, "
                "projects)"},
        bad_job{"names_type", R"({"select":{"names":"*"}})",
                "job.json: select.names: expected an array of strings, got string"},
        bad_job{"bad_glob", R"({"select":{"exclude_names":["ok","[x"]}})",
                "job.json: select.exclude_names[1]: bad glob \"[x\": unclosed ["},
        bad_job{"policy", R"({"on_conflict":"merge"})",
                "job.json: on_conflict: must be update, skip, fail or rename, not \"merge\""},
        bad_job{"unknown_transform", R"({"transforms":[{"set_params":{}},{"rename":{"a":"b"}}]})",
                "job.json: transforms[1]: unknown key \"rename\" (known: where, set_params, "
                "replace_in_params, rename_params, unset_params, set, name)"},
        bad_job{"two_actions",
                R"({"transforms":[{"set":{"inaccessible":true},"unset_params":[]}]})",
                "job.json: transforms[0]: a transform holds exactly one of set_params, "
                "replace_in_params, rename_params, unset_params, set, name"},
        bad_job{"param_object", R"({"transforms":[{"set_params":{"alm_server":{"x":1}}}]})",
                "job.json: transforms[0].set_params.alm_server: expected a string, number, boolean "
                "or null, got object"},
        bad_job{"replace_missing",
                R"({"transforms":[{"replace_in_params":{"param":"a","from":"b"}}]})",
                "job.json: transforms[0].replace_in_params: missing \"to\""},
        bad_job{"set_type", R"({"transforms":[{"set":{"inaccessible":"no"}}]})",
                "job.json: transforms[0].set.inaccessible: expected true or false, got string"},
        bad_job{
            "where_key", R"({"transforms":[{"where":{"systems":"jira"},"set":{}}]})",
            "job.json: transforms[0].where: unknown key \"systems\" (known: system, name, kind)"},
        bad_job{"where_glob", R"({"transforms":[{"where":{"name":"[a"},"set":{}}]})",
                "job.json: transforms[0].where.name: bad glob \"[a\": unclosed ["}),
    [](const auto& info) { return std::string(info.param.name); });

// An editor finds the schema through "$schema" (docs/schemas/README.md): the
// one key a job file may hold that sdemig does not read; the marker may be
// given too.
TEST(job, schema_member_and_marker_are_accepted) {
  const job j = parse_job_text(
      R"({"$schema": "../docs/schemas/job.schema.json", "format": "sdemig-job/1",
          "kinds": ["analysis"], "on_conflict": "skip"})",
      "job.json");
  EXPECT_EQ(j.kinds, std::vector<connector_kind>{connector_kind::analysis});
  EXPECT_EQ(j.on_conflict, conflict_policy::skip);
  // Only at the top: inside select it is an unknown key like any other.
  EXPECT_THROW(parse_job_text(R"({"select": {"$schema": "x"}})", "job.json"), job_error);
}

TEST(job, missing_file_is_a_clear_error) {
  try {
    load_job("/nonexistent/job.json");
    FAIL();
  } catch (const job_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "job file: cannot open /nonexistent/job.json: No such file or directory");
  }
}

}  // namespace
}  // namespace sdemig::engine

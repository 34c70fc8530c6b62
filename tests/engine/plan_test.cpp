#include "engine/planning/plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/planning/plan_output.hpp"
#include "engine/planning/transform.hpp"

namespace sdemig::engine {
namespace {

using testing::HasSubstr;
using testing::Not;

connector make(std::string name, std::int64_t id, std::vector<param> params) {
  connector c;
  c.id = id;
  c.name = std::move(name);
  c.system = {"jira", "JIRA", "JIRA"};
  c.inaccessible = false;
  c.params = std::move(params);
  return c;
}

TEST(compare, ignores_server_owned_fields_and_param_order) {
  connector a = make("n", 1, {{"x", scalar::string("1")}, {"y", scalar::integer(2)}});
  connector b = make("n", 99, {{"y", scalar::integer(2)}, {"x", scalar::string("1")}});
  b.system.name = "Jira (display)";
  EXPECT_TRUE(diff(a, &b).empty());
}

// Params are matched by key whatever their order and count (a few are
// scanned, many go through an index): each difference is reported once.
TEST(compare, added_removed_and_changed_params_in_any_order_and_number) {
  for (std::size_t n : {3u, 40u}) {
    std::vector<param> want, have;
    for (std::size_t i = 0; i < n; ++i)
      want.push_back({"k" + std::to_string(i), scalar::string("v")});
    for (std::size_t i = n; i-- > 0;)
      have.push_back({"k" + std::to_string(i), scalar::string(i == 1 ? "old" : "v")});
    want.push_back({"only_wanted", scalar::string("w")});
    have.insert(have.begin(), {"only_had", scalar::string("h")});
    const connector a = make("n", 1, want);
    const connector b = make("n", 2, have);
    const auto changes = diff(a, &b);
    ASSERT_EQ(changes.size(), 3u) << n;
    EXPECT_EQ(changes[0].field, "params.k1");
    EXPECT_EQ(changes[0].change, field_change::kind::changed);
    EXPECT_EQ(changes[1].field, "params.only_wanted");
    EXPECT_EQ(changes[1].change, field_change::kind::added);
    EXPECT_EQ(changes[2].field, "params.only_had");
    EXPECT_EQ(changes[2].change, field_change::kind::removed);
  }
}

TEST(compare, a_string_and_a_number_differ_but_equal_numbers_do_not) {
  connector a = make("n", 1, {{"p", scalar::string("7")}});
  connector b = make("n", 2, {{"p", scalar::integer(7)}});
  auto changes = diff(a, &b);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].field, "params.p");
  connector c = make("n", 3, {{"p", scalar{json_type::number, "7.0"}}});
  EXPECT_TRUE(diff(b, &c).empty());
}

TEST(compare, unknown_secrets_are_not_differences) {
  connector a = make("n", 1, {{"alm_pass", scalar::string("********")}});
  connector b = make("n", 2, {{"alm_pass", scalar::string("real")}});
  EXPECT_TRUE(diff(a, &b).empty());
  EXPECT_TRUE(diff(b, &a).empty());
  connector c = make("n", 3, {{"alm_pass", scalar::string("other")}});
  auto changes = diff(c, &b);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].secret);
  EXPECT_EQ(shown_value(changes[0].to, true), "(secret)");
}

TEST(transforms, each_kind_in_order_with_where) {
  job j = parse_job_text(R"({"transforms":[
    {"where":{"system":"jira"},"set_params":{"alm_server":"new.example.com","n":5}},
    {"where":{"system":"github"},"set_params":{"alm_server":"never"}},
    {"replace_in_params":{"param":"title_format","from":"$title","to":"[$task_id] $title"}},
    {"rename_params":{"sde_min_priority":"min_priority"}},
    {"unset_params":["alm_user"]},
    {"set":{"inaccessible":true}},
    {"where":{"name":"keep*"},"name":{"prefix":"new-","suffix":"-x"}}]})",
                         "j");
  connector c = make("keep-me", 1,
                     {{"alm_server", scalar::string("old")},
                      {"title_format", scalar::string("$title!")},
                      {"sde_min_priority", scalar::string("7")},
                      {"alm_user", scalar::string("u")}});
  apply_transforms(j.transforms, connector_kind::alm, c);
  EXPECT_EQ(c.name, "new-keep-me-x");
  EXPECT_EQ(c.inaccessible, true);
  EXPECT_EQ(c.find_param("alm_server")->text, "new.example.com");
  EXPECT_EQ(*c.find_param("n"), scalar::integer(5));
  EXPECT_EQ(c.find_param("title_format")->text, "[$task_id] $title!");
  EXPECT_EQ(*c.find_param("min_priority"), scalar::string("7"));
  EXPECT_FALSE(c.find_param("sde_min_priority"));
  EXPECT_FALSE(c.find_param("alm_user"));
  EXPECT_EQ((*c.params)[2].key, "min_priority");  // renamed in place
}

TEST(plan, actions_for_each_policy) {
  inventory source, target;
  source.alm = {make("same", 1, {{"a", scalar::string("1")}}),
                make("changed", 2, {{"a", scalar::string("new")}}),
                make("absent", 3, {{"a", scalar::string("1")}})};
  target.alm = {make("same", 10, {{"a", scalar::string("1")}}),
                make("changed", 11, {{"a", scalar::string("old")}}), make("extra", 12, {})};
  auto run = [&](const char* policy) {
    job j =
        parse_job_text(std::string(R"({"kinds":["alm"],"on_conflict":")") + policy + "\"}", "j");
    return make_plan(j, source, target, nullptr);
  };
  plan u = run("update");
  EXPECT_EQ(u.items[0].what, action::noop);
  EXPECT_EQ(u.items[1].what, action::update);
  EXPECT_EQ(u.items[1].target_id, 11);
  EXPECT_EQ(u.items[2].what, action::create);
  ASSERT_EQ(u.only_in_target.size(), 1u);
  EXPECT_EQ(u.only_in_target[0].second, "extra");
  EXPECT_EQ(run("skip").items[1].what, action::skip);
  EXPECT_EQ(run("fail").items[1].what, action::conflict);
  plan r = run("rename");
  EXPECT_EQ(r.items[1].what, action::create);
  EXPECT_EQ(r.items[1].desired.name, "changed (migrated)");
  EXPECT_EQ(r.totals.pending(), 2u);
  EXPECT_THAT(plan_text(u, false), HasSubstr("~ params.a: \"old\" -> \"new\""))
      << plan_text(u, false);
}

TEST(plan, secrets_are_filled_or_reported_never_invented) {
  inventory source, target;
  source.alm = {make("a", 1, {{"alm_pass", scalar::string("********")}}),
                make("b", 2, {{"alm_pass", scalar::null()}}),
                make("c", 3, {{"alm_api_token", scalar::null()}})};
  secret_store secrets =
      secret_store::parse(R"({"a":{"alm_pass":"pa"},"*":{"alm_pass":"star"}})", "s.json");
  job j;
  j.kinds = {connector_kind::alm};
  plan p = make_plan(j, source, target, &secrets);
  EXPECT_EQ(p.items[0].desired.find_param("alm_pass")->text, "pa");
  EXPECT_EQ(p.items[1].desired.find_param("alm_pass")->text, "star");
  EXPECT_EQ(p.items[2].missing_secrets, std::vector<std::string>{"alm_api_token"});
  EXPECT_EQ(p.totals.needs_secrets, 1u);
  const std::string text = plan_text(p, false);
  EXPECT_THAT(text, Not(HasSubstr("star")));  // values never printed
  EXPECT_THAT(plan_json(p), Not(HasSubstr("\"pa\"")));
}

// "$schema" and "format" hold strings for an editor; as objects they are
// connectors' entries like any name.
TEST(secrets, schema_member_and_marker_are_not_entries) {
  const secret_store s = secret_store::parse(
      R"({"$schema": "secrets.schema.json", "format": "sdemig-secrets/1", "a": {"alm_pass": "x"}})",
      "s.json");
  EXPECT_EQ(s.entries().size(), 1u);
  EXPECT_NE(s.values_for("a"), nullptr);
  const secret_store named = secret_store::parse(R"({"format": {"alm_pass": "y"}})", "s.json");
  EXPECT_NE(named.values_for("format"), nullptr);
  try {
    secret_store::parse(R"({"format": "sdemig-secrets/9"})", "s.json");
    FAIL();
  } catch (const secrets_error& e) {
    EXPECT_EQ(std::string(e.what()), "s.json: \"format\": must be \"sdemig-secrets/1\" when given");
  }
  EXPECT_THROW(secret_store::parse(R"({"other": "x"})", "s.json"), secrets_error);
}

TEST(secrets, file_errors) {
  EXPECT_THROW(secret_store::parse("[]", "s.json"), secrets_error);
  try {
    secret_store::parse(R"({"a":{"alm_pass":1}})", "s.json");
    FAIL();
  } catch (const secrets_error& e) {
    EXPECT_EQ(std::string(e.what()), "s.json: \"a\".\"alm_pass\": expected a string");
  }
  // The mask is never a secret's value: it would be sent as one.
  try {
    secret_store::parse(R"({"*":{"alm_pass":"********"}})", "s.json");
    FAIL();
  } catch (const secrets_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "s.json: \"*\".\"alm_pass\": is the mask ********, not a secret's value");
  }
}

}  // namespace
}  // namespace sdemig::engine

// sde-sim as a current release (and the parts both generations share):
// issue-tracker paths, the other generation's names refused, the plugin
// schema, connection tests, server-info, analysis writes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/json/connector_parser.hpp"
#include "io/json/schema_parser.hpp"
#include "sim/router.hpp"
#include "sim/seed.hpp"

namespace sdemig::sim {
namespace {

using testing::HasSubstr;
using testing::Not;

class generation_router : public testing::Test {
 protected:
  reply call(router& r, std::string_view method, std::string_view target,
             const std::string& body = {}) {
    body_ = body;
    reply out;
    r.handle({method, target, "sde.test", "Token t0k", "application/json", &body_}, parser_, out);
    return out;
  }
  router make(api_generation api, bool enforce = false, std::vector<std::string> unreachable = {},
              bool superuser = false) {
    router_config c;
    c.token = "t0k";
    c.api = api;
    c.enforce_schema = enforce;
    c.unreachable = std::move(unreachable);
    c.superuser = superuser;
    return router(store_, c);
  }
  connector_store store_;
  json::connector_parser parser_;
  std::string body_;
};

TEST_F(generation_router,
       a_current_instance_serves_issue_tracker_connectors_and_refuses_legacy_names) {
  seed_store(store_, 4, 2, api_generation::current);
  router r = make(api_generation::current);
  EXPECT_EQ(call(r, "GET", "/api/v2/connectors/alm/").status, 404u);
  reply list = call(r, "GET", "/api/v2/connectors/issue-tracker/?page_size=1");
  ASSERT_EQ(list.status, 200u);
  EXPECT_THAT(list.body, HasSubstr("\"issue_tracker_server\""));
  EXPECT_THAT(list.body, HasSubstr("\"conflict_policy\":\"issue_tracker\""));
  EXPECT_THAT(list.body, HasSubstr("\"issue_tracker_auth_mode\""));
  EXPECT_THAT(list.body, Not(HasSubstr("\"alm_")));

  reply legacy_names = call(
      r, "POST", "/api/v2/connectors/issue-tracker/",
      R"({"name":"N","system":{"id":"jira"},"params":{"issue_tracker_server":"j","alm_server":"j"}})");
  EXPECT_EQ(legacy_names.status, 400u);
  EXPECT_EQ(legacy_names.body, R"({"params":{"alm_server":["Unknown field."]}})");
  reply policy = call(
      r, "POST", "/api/v2/connectors/issue-tracker/",
      R"({"name":"N","system":{"id":"jira"},"params":{"issue_tracker_server":"j","conflict_policy":"alm"}})");
  EXPECT_EQ(policy.status, 400u);
  EXPECT_EQ(policy.body, R"({"params":{"conflict_policy":["\"alm\" is not a valid choice."]}})");
  EXPECT_EQ(
      call(
          r, "POST", "/api/v2/connectors/issue-tracker/",
          R"({"name":"N","system":{"id":"jira"},"params":{"issue_tracker_server":"j","conflict_policy":"issue_tracker"}})")
          .status,
      201u);
  // Analysis connectors take writes on current releases.
  EXPECT_EQ(call(r, "POST", "/api/v2/connectors/analysis/",
                 R"({"name":"Scan","system":{"id":"fortify"}})")
                .status,
            201u);
  EXPECT_EQ(call(r, "PATCH", "/api/v2/connectors/analysis/1/", R"({"inaccessible":true})").status,
            200u);
}

TEST_F(generation_router, a_legacy_instance_refuses_current_names_and_analysis_writes) {
  seed_store(store_, 2, 1);
  router r = make(api_generation::legacy);
  EXPECT_EQ(call(r, "GET", "/api/v2/connectors/issue-tracker/?page_size=1").status, 404u);
  reply current_names = call(
      r, "POST", "/api/v2/connectors/alm/",
      R"({"name":"N","system":{"id":"jira"},"params":{"alm_server":"j","issue_tracker_user":"u"}})");
  EXPECT_EQ(current_names.body, R"({"params":{"issue_tracker_user":["Unknown field."]}})");
  EXPECT_EQ(call(r, "POST", "/api/v2/connectors/analysis/",
                 R"({"name":"Scan","system":{"id":"fortify"}})")
                .status,
            405u);
}

TEST_F(generation_router, the_plugin_schema_is_served_paginated_per_generation) {
  for (api_generation api : {api_generation::legacy, api_generation::current}) {
    router r = make(api);
    const std::string base =
        "/api/v2/plugins/" + std::string(path_segment(connector_kind::alm, api)) + "/";
    std::vector<system_schema> all;
    std::string next = base + "?page_size=4";
    while (!next.empty()) {
      reply page = call(r, "GET", next);
      ASSERT_EQ(page.status, 200u) << page.body;
      json::schema_page parsed;
      ASSERT_EQ(json::parse_schema_page(page.body, parsed), std::nullopt);
      for (auto& s : parsed.systems) all.push_back(s);
      next = parsed.next ? parsed.next->substr(std::string("http://sde.test").size()) : "";
    }
    ASSERT_EQ(all.size(), 9u);
    plugin_schema schema{all};
    const system_schema* servicenow = schema.find("servicenow");
    ASSERT_NE(servicenow, nullptr);
    ASSERT_NE(servicenow->find("servicenow_client_secret"), nullptr);
    EXPECT_TRUE(servicenow->find("servicenow_client_secret")->secret());
    EXPECT_NE(schema.find("jira")->find(key_in("alm_server", api)), nullptr);
    EXPECT_EQ(call(r, "GET", base + "github/").status, 200u);
    EXPECT_EQ(call(r, "GET", base + "nope/").status, 404u);
    // Every seeded connector fits its schema.
    for (std::size_t n = 1; n <= 18; ++n) {
      EXPECT_EQ(schema_problems(seeded_connector(connector_kind::alm, n, api), schema),
                std::vector<std::string>{})
          << n;
    }
  }
}

TEST_F(generation_router, enforce_schema_refuses_what_does_not_fit) {
  router r = make(api_generation::legacy, /*enforce=*/true);
  reply bad = call(
      r, "POST", "/api/v2/connectors/alm/",
      R"({"name":"N","system":{"id":"jira"},"params":{"alm_server":"j","alm_method":"ftp","x":"1"}})");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(
      bad.body,
      R"({"params":["\"alm_method\" is \"ftp\", not one of http, https","unknown param \"x\" for system \"jira\""]})");
}

TEST_F(generation_router, connection_tests_and_server_info) {
  router r = make(api_generation::current, false, {"bad.example"});
  EXPECT_EQ(
      call(
          r, "POST", "/api/v2/connectors/testalm/",
          R"({"name":"A","system":{"id":"jira"},"params":{"issue_tracker_server":"ok.example.com"}})")
          .body,
      R"({"success":true})");
  reply fail = call(
      r, "POST", "/api/v2/connectors/testalm/",
      R"({"name":"B","system":{"id":"jira"},"params":{"issue_tracker_server":"bad.example.com"}})");
  EXPECT_EQ(fail.status, 400u);
  EXPECT_EQ(fail.body, R"({"detail":"Cannot connect to bad.example.com: connection timed out"})");
  EXPECT_EQ(call(r, "GET", "/api/v2/server-info/").status, 403u);
  router admin = make(api_generation::current, false, {}, /*superuser=*/true);
  EXPECT_EQ(call(admin, "GET", "/api/v2/server-info/").status, 200u);
}

}  // namespace
}  // namespace sdemig::sim

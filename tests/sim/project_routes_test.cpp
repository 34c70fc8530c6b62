// sde-sim's projects and connections, through the router (no sockets): the
// hierarchy's lists and filters, DRF's validation of connection writes, an
// alias unique per project, reads merging the connector's params, and a
// server that wants ?project= on connection lists.
#include <gtest/gtest.h>

#include "io/json/connector_parser.hpp"
#include "sim/router.hpp"
#include "sim/seed.hpp"

namespace sdemig::sim {
namespace {

class project_routes : public testing::Test {
 protected:
  explicit project_routes(bool need_project = false) : router_(store_, config(need_project)) {
    seed_store(store_, 30, 0);
    seed_projects(store_, 40, true, 30, 0, api_generation::legacy);
  }
  static router_config config(bool need_project) {
    router_config c;
    c.token = "t0k";
    c.connections_need_project = need_project;
    return c;
  }
  reply call(std::string_view method, std::string_view target, const std::string& body = {}) {
    body_ = body;
    reply out;
    router_.handle({method, target, "sde.test", "Token t0k", "application/json", &body_}, parser_,
                   out);
    return out;
  }

  connector_store store_;
  router router_;
  json::connector_parser parser_;
  std::string body_;
};

TEST_F(project_routes, the_hierarchy_lists_with_filters_and_pages) {
  EXPECT_EQ(call("GET", "/api/v2/business-units/").body,
            R"({"results":[{"id":1,"name":"Business Unit 001"}]})");
  const reply apps = call("GET", "/api/v2/applications/?business_unit=1&page_size=2");
  EXPECT_NE(
      apps.body.find(
          R"("count":4,"next":"http://sde.test/api/v2/applications/?business_unit=1&page_size=2&page=2")"),
      std::string::npos)
      << apps.body;
  EXPECT_NE(call("GET", "/api/v2/projects/?application=2")
                .body.find(R"({"id":11,"name":"Project 00011","application":2})"),
            std::string::npos);
  EXPECT_EQ(call("POST", "/api/v2/projects/", "{}").status, 405u);
}

TEST_F(project_routes, connection_writes_are_validated_as_drf_does) {
  auto post = [&](const std::string& body) {
    return call("POST", "/api/v2/connections/alm/", body);
  };
  reply r = post(R"({"alias":"X","connector":99,"project":1,"params":{},"frequency":"yearly"})");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(
      r.body,
      R"({"connector":["Invalid pk \"99\" - object does not exist."],"frequency":["\"yearly\" is not a valid choice."]})");
  EXPECT_EQ(post(R"({"alias":" ","connector":1,"project":1,"params":{}})").body,
            R"({"alias":["This field may not be blank."]})");
  EXPECT_EQ(post(R"({"connector":1,"project":1})").body,
            R"({"alias":["This field is required."],"params":["This field is required."]})");
  // Project 1 has a "Tracker" already (seeded).
  EXPECT_EQ(post(R"({"alias":"Tracker","connector":2,"project":1,"params":{}})").body,
            R"({"alias":["Connection with this alias already exists."]})");
  r = post(R"({"alias":"New","connector":2,"project":1,"params":{"alm_project":"P"}})");
  EXPECT_EQ(r.status, 201u);
  // The read merges the connector's params with the connection's own.
  EXPECT_NE(r.body.find(R"("alm_project":"P")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("alm_server":)"), std::string::npos) << r.body;
  EXPECT_EQ(call("POST", "/api/v2/connections/analysis/", "{}").status, 400u);
  EXPECT_EQ(call("GET", "/api/v2/connections/jobs/").status, 404u);
}

TEST_F(project_routes, a_patch_changes_what_it_sends_and_keeps_the_project) {
  reply r = call("PATCH", "/api/v2/connections/alm/1/",
                 R"({"frequency":"monthly","project":2,"params":{"alm_project":"Z"}})");
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto stored = store_.projects().get(connector_kind::alm, 1);
  EXPECT_EQ(stored->frequency, "monthly");
  EXPECT_EQ(stored->project, 1);
  ASSERT_TRUE(stored->params);
  ASSERT_EQ(stored->params->size(), 1u);
  EXPECT_EQ((*stored->params)[0].value.text, "Z");
}

class need_project : public project_routes {
 protected:
  need_project() : project_routes(true) {}
};

TEST_F(need_project, lists_without_a_project_filter_are_refused) {
  EXPECT_EQ(call("GET", "/api/v2/connections/alm/").status, 400u);
  const reply one = call("GET", "/api/v2/connections/alm/?project=10");
  EXPECT_EQ(one.status, 200u);
  EXPECT_NE(one.body.find(R"("alias":"Tracker 2")"), std::string::npos) << one.body;
}

}  // namespace
}  // namespace sdemig::sim

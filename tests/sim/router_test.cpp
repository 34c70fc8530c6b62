#include "sim/router.hpp"

#include <gtest/gtest.h>

#include "io/json/connector_parser.hpp"
#include "sim/seed.hpp"
#include "support/json_equal.hpp"

namespace sdemig::sim {
namespace {

class router_test : public testing::Test {
 protected:
  router_test() : router_(store_, config()) { seed_store(store_, 25, 3); }
  static router_config config() {
    router_config c;
    c.token = "t0k";
    c.max_page_size = 10;
    return c;
  }

  reply call(std::string_view method, std::string_view target, const std::string& body = {},
             std::string_view auth = "Token t0k", std::string_view type = "application/json") {
    body_ = body;
    reply out;
    router_.handle({method, target, "sde.test", auth, type, &body_}, parser_, out);
    return out;
  }

  connector_store store_;
  router router_;
  json::connector_parser parser_;
  std::string body_;
};

const std::string valid =
    R"({"name":"New","system":{"id":"jira"},"params":{"alm_server":"j.example.com","alm_pass":"pw"}})";

TEST_F(router_test, auth_missing_and_wrong) {
  reply r = call("GET", "/api/v2/connectors/alm/", {}, "");
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(r.body, R"({"detail":"Authentication credentials were not provided."})");
  EXPECT_TRUE(r.authenticate);
  r = call("GET", "/api/v2/connectors/alm/", {}, "Token nope");
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(r.body, R"({"detail":"Invalid token."})");
  EXPECT_EQ(call("GET", "/api/v2/connectors/alm/", {}, "Bearer t0k").status, 401u);
}

TEST_F(router_test, not_found_and_redirect) {
  EXPECT_EQ(call("GET", "/api/v2/other/").body, R"({"detail":"Not found."})");
  EXPECT_EQ(call("GET", "/api/v2/connections/jobs/").status, 404u);
  EXPECT_EQ(call("GET", "/api/v2/connectors/other/").status, 404u);
  EXPECT_EQ(call("GET", "/api/v2/connectors/alm/999/").status, 404u);
  EXPECT_EQ(call("GET", "/api/v2/connectors/alm/abc/").status, 404u);
  reply r = call("GET", "/api/v2/connectors/alm/1?x=1", {}, "");
  EXPECT_EQ(r.status, 301u);
  EXPECT_EQ(r.location, "/api/v2/connectors/alm/1/?x=1");
}

TEST_F(router_test, analysis_writes_are_405_with_allow) {
  reply r = call("POST", "/api/v2/connectors/analysis/", valid);
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(r.body, R"({"detail":"Method \"POST\" not allowed."})");
  EXPECT_EQ(r.allow, "GET, HEAD, OPTIONS");
  EXPECT_EQ(call("PUT", "/api/v2/connectors/analysis/1/", valid).status, 405u);
  EXPECT_EQ(call("DELETE", "/api/v2/connectors/analysis/1/").status, 405u);
  EXPECT_EQ(call("PUT", "/api/v2/connectors/alm/", valid).status, 405u);
}

TEST_F(router_test, unsupported_media_type) {
  reply r = call("POST", "/api/v2/connectors/alm/", valid, "Token t0k", "text/plain");
  EXPECT_EQ(r.status, 415u);
  EXPECT_EQ(r.body, R"({"detail":"Unsupported media type \"text/plain\" in request."})");
  EXPECT_EQ(
      call("POST", "/api/v2/connectors/alm/", valid, "Token t0k", "application/json; charset=utf-8")
          .status,
      201u);
}

struct bad_write {
  const char* name;
  std::string body;
  std::string expected;
};
class router_validation : public router_test, public testing::WithParamInterface<bad_write> {};

TEST_P(router_validation, answers_400_with_drf_field_errors) {
  reply r = call("POST", "/api/v2/connectors/alm/", GetParam().body);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.body, GetParam().expected);
}
INSTANTIATE_TEST_SUITE_P(
    bodies, router_validation,
    testing::Values(
        bad_write{
            "empty_object", "{}",
            R"({"name":["This field is required."],"system":["This field is required."],"params":["This field is required."]})"},
        bad_write{"truncated_json", R"({"name":"a")",
                  R"({"detail":"JSON parse error - truncated JSON"})"},
        bad_write{"unknown_system",
                  R"({"name":"a","system":{"id":"bugzilla"},"params":{"alm_server":"x"}})",
                  R"({"system":["\"bugzilla\" is not a valid choice."]})"},
        bad_write{"analysis_system_on_alm",
                  R"({"name":"a","system":{"id":"fortify"},"params":{"alm_server":"x"}})",
                  R"({"system":["\"fortify\" is not a valid choice."]})"},
        bad_write{"params_list", R"({"name":"a","system":{"id":"jira"},"params":["x"]})",
                  R"({"params":["Expected a dictionary of items but got type \"list\"."]})"},
        bad_write{"param_not_scalar",
                  R"({"name":"a","system":{"id":"jira"},"params":{"alm_server":"x","k":[1]}})",
                  R"({"params":{"k":["Expected a scalar value but got type \"list\"."]}})"},
        bad_write{"alm_server_missing",
                  R"({"name":"a","system":{"id":"jira"},"params":{"alm_user":"u"}})",
                  R"({"params":{"alm_server":["This field is required."]}})"},
        bad_write{"name_number", R"({"name":5,"system":{"id":"jira"},"params":{"alm_server":"x"}})",
                  R"({"name":["Not a valid string."]})"},
        bad_write{
            "inaccessible_string",
            R"({"name":"a","system":{"id":"jira"},"inaccessible":"yes","params":{"alm_server":"x"}})",
            R"({"inaccessible":["Must be a valid boolean."]})"},
        bad_write{
            "name_taken",
            R"({"name":"GitHub Data Lake Connector 00001","system":{"id":"jira"},"params":{"alm_server":"x"}})",
            R"({"name":["A connector with this name already exists."]})"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(router_test, create_returns_201_with_id_and_system_names) {
  reply r = call("POST", "/api/v2/connectors/alm/", valid);
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(
      test::json_difference(
          r.body,
          R"({"id":26,"name":"New","system":{"id":"jira","short_name":"JIRA","name":"JIRA"},"inaccessible":false,"params":{"alm_server":"j.example.com","alm_pass":"pw"}})"),
      "");
  reply again = call("GET", "/api/v2/connectors/alm/26/");
  EXPECT_EQ(again.body, r.body);
}

TEST_F(router_test, put_replaces_and_patch_merges) {
  reply put = call("PUT", "/api/v2/connectors/alm/2/",
                   R"({"name":"Renamed","system":{"id":"github"},"params":{"alm_server":"x"}})");
  ASSERT_EQ(put.status, 200u) << put.body;
  auto c = store_.get(connector_kind::alm, 2);
  EXPECT_EQ(c->name, "Renamed");
  EXPECT_EQ(c->params->size(), 1u);  // the rest was cleared
  EXPECT_EQ(c->inaccessible, false);

  reply patch = call("PATCH", "/api/v2/connectors/alm/2/", R"({"inaccessible":true})");
  ASSERT_EQ(patch.status, 200u) << patch.body;
  c = store_.get(connector_kind::alm, 2);
  EXPECT_EQ(c->name, "Renamed");
  EXPECT_EQ(c->inaccessible, true);
  EXPECT_EQ(c->params->size(), 1u);

  EXPECT_EQ(call("PUT", "/api/v2/connectors/alm/2/", R"({"name":"Renamed"})").status, 400u);
  EXPECT_EQ(call("PATCH", "/api/v2/connectors/alm/99/", R"({"name":"x"})").status, 404u);
  // Renaming onto another connector's name is refused.
  reply clash =
      call("PATCH", "/api/v2/connectors/alm/2/", R"({"name":"GitHub Data Lake Connector 00001"})");
  EXPECT_EQ(clash.status, 400u);
}

TEST_F(router_test, whole_list_without_pagination_is_the_seed_shape) {
  reply r = call("GET", "/api/v2/connectors/analysis/");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body.substr(0, 12), R"({"results":[)");
  connector_page page;
  ASSERT_FALSE(parser_.parse(r.body, page));
  EXPECT_EQ(page.results.size(), 3u);
  EXPECT_FALSE(page.paginated);
}

TEST_F(router_test, pagination_links_and_bounds) {
  reply r = call("GET", "/api/v2/connectors/alm/?page_size=10&page=2");
  ASSERT_EQ(r.status, 200u);
  connector_page page;
  ASSERT_FALSE(parser_.parse(r.body, page));
  EXPECT_EQ(page.count, 25);
  EXPECT_EQ(page.next, "http://sde.test/api/v2/connectors/alm/?page=3&page_size=10");
  EXPECT_EQ(page.previous, "http://sde.test/api/v2/connectors/alm/?page_size=10");
  ASSERT_EQ(page.results.size(), 10u);
  EXPECT_EQ(page.results.front().id, 11);

  ASSERT_FALSE(
      parser_.parse(call("GET", "/api/v2/connectors/alm/?page_size=10&page=3").body, page));
  EXPECT_EQ(page.results.size(), 5u);
  EXPECT_FALSE(page.next);

  EXPECT_EQ(call("GET", "/api/v2/connectors/alm/?page_size=10&page=4").body,
            R"({"detail":"Invalid page."})");
  EXPECT_EQ(call("GET", "/api/v2/connectors/alm/?page_size=10&page=0").status, 404u);
  EXPECT_EQ(call("GET", "/api/v2/connectors/alm/?page_size=10&page=x").status, 404u);

  // page_size above --max-page-size is capped
  ASSERT_FALSE(parser_.parse(call("GET", "/api/v2/connectors/alm/?page_size=1000").body, page));
  EXPECT_EQ(page.results.size(), 10u);
}

// The absolute form a client sends to a forward proxy (RFC 9112 3.2.2: every
// server accepts it): served as its path, its authority taken for the host.
TEST_F(router_test, absolute_form_targets_are_served_as_their_path) {
  reply r = call("GET", "http://sde.example:8000/api/v2/connectors/alm/?page_size=10&page=2");
  ASSERT_EQ(r.status, 200u) << r.body;
  connector_page page;
  ASSERT_FALSE(parser_.parse(r.body, page));
  EXPECT_EQ(page.next, "http://sde.example:8000/api/v2/connectors/alm/?page=3&page_size=10");
  EXPECT_EQ(call("GET", "HTTPS://sde.example/api/v2/connectors/alm/1/").body,
            call("GET", "/api/v2/connectors/alm/1/").body);
  r = call("POST", "http://sde.example/api/v2/connectors/alm/", valid);
  EXPECT_EQ(r.status, 201u) << r.body;
  r = call("GET", "http://sde.example/api/v2/connectors/alm/1", {}, "");
  EXPECT_EQ(r.status, 301u);
  EXPECT_EQ(r.location, "/api/v2/connectors/alm/1/");
  EXPECT_EQ(call("GET", "http://sde.example").status, 404u);  // its path is "/"
  EXPECT_EQ(call("GET", "ftp://sde.example/api/v2/connectors/alm/").status, 404u);

  std::string_view host = "from-header";
  EXPECT_EQ(origin_form("http://a.example:81?x=1", host), "?x=1");
  EXPECT_EQ(host, "a.example:81");
  host = "from-header";
  EXPECT_EQ(origin_form("/api/v2/", host), "/api/v2/");
  EXPECT_EQ(host, "from-header");
}

TEST(router, page_size_default_paginates_without_page_size) {
  connector_store store;
  seed_store(store, 5, 0);
  router_config config;
  config.page_size_default = 2;
  router r(store, config);
  json::connector_parser parser;
  reply out;
  r.handle({"GET", "/api/v2/connectors/alm/?page=3", "h:1", "", "", nullptr}, parser, out);
  connector_page page;
  ASSERT_FALSE(parser.parse(out.body, page));
  EXPECT_EQ(page.count, 5);
  EXPECT_EQ(page.results.size(), 1u);
  EXPECT_EQ(page.previous, "http://h:1/api/v2/connectors/alm/?page=2");
}

TEST(router, masked_secrets_are_served_masked_and_kept_when_sent_back) {
  connector_store store(true);
  seed_store(store, 2, 0);
  router r(store, {});
  json::connector_parser parser;
  reply out;
  r.handle({"GET", "/api/v2/connectors/alm/2/", "h", "", "", nullptr}, parser, out);
  connector served;
  ASSERT_FALSE(parser.parse(out.body, served));
  EXPECT_EQ(served.find_param("alm_pass")->text, "********");
  const std::string real = store.get(connector_kind::alm, 2)->find_param("alm_pass")->text;
  EXPECT_NE(real, "********");

  std::string body = out.body;  // PUT back what was read, masked secret included
  r.handle({"PUT", "/api/v2/connectors/alm/2/", "h", "", "application/json", &body}, parser, out);
  ASSERT_EQ(out.status, 200u) << out.body;
  EXPECT_EQ(store.get(connector_kind::alm, 2)->find_param("alm_pass")->text, real);
}

}  // namespace
}  // namespace sdemig::sim

// sde-sim over real loopback sockets, driven by a plain blocking client.
#include "sim/server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "io/json/connector_parser.hpp"
#include "io/json/json_writer.hpp"
#include "support/files.hpp"
#include "support/http_client.hpp"
#include "support/json_equal.hpp"
#include "support/sim_instance.hpp"

namespace sdemig::sim {
namespace {

using testing::HasSubstr;

using test::http_client;
using test::json_shape;
using test::seed_example;

constexpr const char* token = "s3cret-token";

server_config with_token() {
  server_config c;
  c.routing.token = token;
  return c;
}

std::map<std::string, std::string> auth(bool json_body = false) {
  std::map<std::string, std::string> h{{"Authorization", std::string("Token ") + token}};
  if (json_body) h["Content-Type"] = "application/json";
  return h;
}

class server_test : public testing::Test {
 protected:
  server_test() : sim_(with_token(), 30, 12), client_("127.0.0.1", sim_.port()) {}
  test::sim_instance sim_;
  http_client client_;
};

TEST_F(server_test, get_all_alm_connectors_has_the_seed_shape) {
  auto r = client_.get("/api/v2/connectors/alm/", token);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("content-type"), "application/json");
  json::connector_parser parser;
  connector_page page;
  ASSERT_FALSE(parser.parse(r.body, page));
  EXPECT_EQ(page.results.size(), 30u);
  // The seeded GitHub and JIRA connectors look exactly like the seed's examples.
  const std::string seed = seed_example("alm_list_response");
  connector_page seed_page;
  ASSERT_FALSE(parser.parse(seed, seed_page));
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(json_shape(json::to_json(page.results[i])),
              json_shape(json::to_json(seed_page.results[i])));
  }
  EXPECT_EQ(json_shape(r.body).substr(0, 12), "{results:[{i");
}

TEST_F(server_test, get_one_alm_connector_has_the_seed_shape) {
  auto r = client_.get("/api/v2/connectors/alm/1/", token);
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(json_shape(r.body), json_shape(seed_example("alm_get_response")));
}

TEST_F(server_test, create_answers_201_in_the_seed_shape) {
  auto r = client_.request("POST", "/api/v2/connectors/alm/", seed_example("alm_create_request"),
                           auth(true));
  ASSERT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(json_shape(r.body), json_shape(seed_example("alm_create_response")));
  // Same body again: the name is taken.
  auto again = client_.request("POST", "/api/v2/connectors/alm/",
                               seed_example("alm_create_request"), auth(true));
  EXPECT_EQ(again.status, 400u);
  EXPECT_EQ(again.body, R"({"name":["A connector with this name already exists."]})");
}

TEST_F(server_test, update_answers_200_in_the_seed_shape_and_patch_changes_only_what_it_sends) {
  auto r = client_.request("PUT", "/api/v2/connectors/alm/3/", seed_example("alm_put_request"),
                           auth(true));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(json_shape(r.body), json_shape(seed_example("alm_put_response")));
  EXPECT_THAT(r.body, HasSubstr("\"name\":\"GitHub Connector PUT Example\""));

  auto p = client_.request("PATCH", "/api/v2/connectors/alm/3/",
                           R"({"params":{"alm_server":"x.example.com"}})", auth(true));
  ASSERT_EQ(p.status, 200u) << p.body;
  EXPECT_THAT(p.body, HasSubstr("\"name\":\"GitHub Connector PUT Example\""));
  // Param by param: the key sent changes, the others stay.
  EXPECT_THAT(p.body, HasSubstr(R"("alm_server":"x.example.com")")) << p.body;
  EXPECT_THAT(p.body, HasSubstr(R"("github_repo_owner":"new repo owner")")) << p.body;
}

TEST_F(server_test, delete_answers_204_with_no_body_type_or_length_and_keeps_the_connection) {
  auto r = client_.request("DELETE", "/api/v2/connectors/alm/3/", "", auth());
  ASSERT_EQ(r.status, 204u) << r.body;
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.headers.count("content-type"), 0u);
  EXPECT_EQ(r.headers.count("content-length"), 0u);
  // The same connection goes on: the next answer is read whole.
  EXPECT_EQ(client_.request("GET", "/api/v2/connectors/alm/3/", "", auth()).status, 404u);
  EXPECT_EQ(client_.request("DELETE", "/api/v2/connectors/alm/3/", "", auth()).status, 404u);
  EXPECT_EQ(sim_.server.stats().writes_applied, 1u);
  EXPECT_EQ(sim_.server.stats().connections_accepted, 1u);
}

TEST_F(server_test, analysis_list_and_get_have_the_seed_shape) {
  auto list = client_.get("/api/v2/connectors/analysis/", token);
  ASSERT_EQ(list.status, 200u);
  EXPECT_EQ(json_shape(list.body), json_shape(seed_example("analysis_list_response")));
  auto one = client_.get("/api/v2/connectors/analysis/1/", token);
  ASSERT_EQ(one.status, 200u);
  EXPECT_EQ(json_shape(one.body), json_shape(seed_example("analysis_get_response")));
}

TEST_F(server_test, error_bodies_over_the_wire) {
  auto r = client_.get("/api/v2/connectors/alm/");
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(r.body, R"({"detail":"Authentication credentials were not provided."})");
  EXPECT_EQ(r.header("www-authenticate"), "Token");
  r = client_.get("/api/v2/connectors/alm/", "wrong");
  EXPECT_EQ(r.body, R"({"detail":"Invalid token."})");
  r = client_.get("/api/v2/connectors/alm/12345/", token);
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  r = client_.request("POST", "/api/v2/connectors/analysis/", "{}", auth(true));
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(r.header("allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(r.body, R"({"detail":"Method \"POST\" not allowed."})");
  auto headers = auth();
  headers["Content-Type"] = "text/plain";
  r = client_.request("POST", "/api/v2/connectors/alm/", "name=x", headers);
  EXPECT_EQ(r.status, 415u);
  r = client_.request("POST", "/api/v2/connectors/alm/",
                      R"({"name":"n","system":{"id":"jira"},"params":{}})", auth(true));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.body, R"({"params":{"alm_server":["This field is required."]}})");
  r = client_.get("/api/v2/connectors/alm", token);
  EXPECT_EQ(r.status, 301u);
  EXPECT_EQ(r.header("location"), "/api/v2/connectors/alm/");
}

TEST_F(server_test, keep_alive_reuses_one_connection) {
  for (int i = 0; i < 50; ++i)
    ASSERT_EQ(client_.get("/api/v2/connectors/alm/1/", token).status, 200u);
  EXPECT_EQ(sim_.server.stats().connections_accepted, 1u);
  EXPECT_EQ(sim_.server.stats().requests, 50u);
}

TEST(server, pagination_followed_to_the_last_page) {
  server_config config = with_token();
  config.routing.page_size_default = 100;
  test::sim_instance sim(config, 1050, 0);
  http_client client("127.0.0.1", sim.port());
  json::connector_parser parser;
  std::string target = "/api/v2/connectors/alm/";
  std::vector<std::int64_t> ids;
  int pages = 0;
  for (;;) {
    auto r = client.get(target, token);
    ASSERT_EQ(r.status, 200u) << target;
    connector_page page;
    ASSERT_FALSE(parser.parse(r.body, page));
    ++pages;
    EXPECT_EQ(page.count, 1050);
    for (auto& c : page.results) ids.push_back(*c.id);
    if (!page.next) break;
    const std::string prefix = sim.url();
    ASSERT_EQ(page.next->substr(0, prefix.size()), prefix);
    target = page.next->substr(prefix.size());
  }
  EXPECT_EQ(pages, 11);
  ASSERT_EQ(ids.size(), 1050u);
  for (std::size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(ids[i], static_cast<std::int64_t>(i + 1));
}

TEST(server, many_threads_serve_concurrent_clients) {
  server_config config;
  config.threads = 4;
  test::sim_instance sim(config, 100, 0);
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      http_client client("127.0.0.1", sim.port());
      for (int i = 0; i < 100; ++i) {
        if (i % 10 == 0) {
          const std::string body = R"({"name":"c-)" + std::to_string(t) + "-" + std::to_string(i) +
                                   R"(","system":{"id":"jira"},"params":{"alm_server":"x"}})";
          ok += client.request("POST", "/api/v2/connectors/alm/", body).status == 201;
        } else {
          ok += client.get("/api/v2/connectors/alm/" + std::to_string(1 + i) + "/").status == 200;
        }
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok, 800);
  EXPECT_EQ(sim.store.size(connector_kind::alm), 180u);
  EXPECT_EQ(sim.server.stats().connections_accepted, 8u);
}

TEST(server, stop_closes_idle_connections_promptly) {
  auto sim = std::make_unique<test::sim_instance>(server_config{}, 1, 0);
  http_client client("127.0.0.1", sim->port());
  ASSERT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  const auto start = std::chrono::steady_clock::now();
  sim.reset();  // stops with the connection open and idle
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_NE(client.get("/api/v2/connectors/alm/1/").status, 200u);
}

TEST(server, bind_failure_names_the_address) {
  test::sim_instance first;
  server_config config;
  config.port = first.port();
  connector_store store;
  server second(store, config);
  try {
    second.start();
    FAIL() << "bound twice";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(first.port())))
        << e.what();
  }
}

}  // namespace
}  // namespace sdemig::sim

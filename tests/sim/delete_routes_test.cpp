// sde-sim's DELETE of connectors and connections, through the router (no
// sockets): 204 and gone, 404 for an id not there, a connector that
// connections use refused with 400 (or taking them with it), an instance
// that refuses DELETE (405 with Allow), ids never given twice, and lists
// whose pages skip what was deleted.
#include <gtest/gtest.h>

#include <regex>

#include "io/json/connector_parser.hpp"
#include "sim/router.hpp"
#include "sim/seed.hpp"

namespace sdemig::sim {
namespace {

router_config make_config(refuse_delete refused, delete_rule rule) {
  router_config c;
  c.token = "t0k";
  c.refused_deletes = refused;
  c.connector_delete = rule;
  return c;
}

class delete_routes : public testing::Test {
 protected:
  explicit delete_routes(refuse_delete refused = refuse_delete::none,
                         delete_rule rule = delete_rule::refuse)
      : router_(store_, make_config(refused, rule)) {
    seed_store(store_, 30, 0);
    seed_projects(store_, 40, true, 30, 0, api_generation::legacy);
  }
  reply call(std::string_view method, std::string_view target, const std::string& body = {}) {
    body_ = body;
    reply out;
    router_.handle({method, target, "sde.test", "Token t0k", "application/json", &body_}, parser_,
                   out);
    return out;
  }
  static std::string alm(std::int64_t id) {
    return "/api/v2/connectors/alm/" + std::to_string(id) + "/";
  }
  static std::string link(std::int64_t id) {
    return "/api/v2/connections/alm/" + std::to_string(id) + "/";
  }
  // A connector no connection uses, and one that some use.
  std::int64_t unused_connector() const {
    for (const connector& c : store_.snapshot(connector_kind::alm)) {
      if (store_.projects().connections_using(connector_kind::alm, *c.id) == 0) return *c.id;
    }
    ADD_FAILURE() << "every seeded connector is used";
    return 0;
  }
  std::int64_t used_connector() const {
    return store_.projects().connections(connector_kind::alm, std::nullopt).at(0).connector;
  }

  connector_store store_;
  router router_;
  json::connector_parser parser_;
  std::string body_;
};

TEST_F(delete_routes, a_deleted_connector_is_gone_and_its_id_is_not_given_again) {
  const std::int64_t id = unused_connector();
  const std::size_t before = store_.size(connector_kind::alm);
  const std::string name = store_.get(connector_kind::alm, id)->name;
  const reply r = call("DELETE", alm(id));
  EXPECT_EQ(r.status, 204u);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(call("GET", alm(id)).status, 404u);
  EXPECT_EQ(call("DELETE", alm(id)).status, 404u);
  EXPECT_EQ(store_.size(connector_kind::alm), before - 1);
  // The name is free again; the new connector gets a new id.
  const reply created = call(
      "POST", "/api/v2/connectors/alm/",
      R"({"name":")" + name + R"(","system":{"id":"jira"},"params":{"alm_server":"https://x"}})");
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_NE(created.body.find("\"id\":31,"), std::string::npos) << created.body;
}

TEST_F(delete_routes, a_connector_in_use_is_refused_until_its_connections_are_deleted) {
  const std::int64_t id = used_connector();
  const std::size_t users = store_.projects().connections_using(connector_kind::alm, id);
  ASSERT_GT(users, 0u);
  const reply refused = call("DELETE", alm(id));
  EXPECT_EQ(refused.status, 400u);
  EXPECT_NE(
      refused.body.find("\"detail\":\"Cannot delete this connector: " + std::to_string(users)),
      std::string::npos)
      << refused.body;
  EXPECT_TRUE(store_.get(connector_kind::alm, id).has_value());
  for (const connection& c : store_.projects().connections(connector_kind::alm, std::nullopt)) {
    if (c.connector == id) {
      EXPECT_EQ(call("DELETE", link(*c.id)).status, 204u);
    }
  }
  EXPECT_EQ(store_.projects().connections_using(connector_kind::alm, id), 0u);
  EXPECT_EQ(call("DELETE", alm(id)).status, 204u);
}

TEST_F(delete_routes, a_deleted_connection_is_gone_from_reads_and_lists) {
  const connection first = store_.projects().connections(connector_kind::alm, 1).at(0);
  const std::size_t before = store_.projects().connection_count(connector_kind::alm);
  EXPECT_EQ(call("DELETE", link(*first.id)).status, 204u);
  EXPECT_EQ(call("GET", link(*first.id)).status, 404u);
  EXPECT_EQ(call("DELETE", link(*first.id)).status, 404u);
  EXPECT_EQ(store_.projects().connection_count(connector_kind::alm), before - 1);
  EXPECT_EQ(call("GET", "/api/v2/connections/alm/?project=1").body.find(first.alias),
            std::string::npos);
  // Its alias is free again in its project.
  const reply again = call("POST", "/api/v2/connections/alm/",
                           R"({"alias":")" + first.alias + R"(","connector":)" +
                               std::to_string(first.connector) + R"(,"project":1,"params":{}})");
  EXPECT_EQ(again.status, 201u) << again.body;
}

TEST_F(delete_routes, list_pages_skip_deleted_connectors_before_and_after_compacting) {
  auto listed_ids = [&] {
    std::vector<std::int64_t> ids;
    for (int page = 1;; ++page) {
      const reply r =
          call("GET", "/api/v2/connectors/alm/?page_size=7&page=" + std::to_string(page));
      EXPECT_EQ(r.status, 200u) << r.body;
      static const std::regex id(R"(\{"id":(\d+),)");
      for (auto it = std::sregex_iterator(r.body.begin(), r.body.end(), id);
           it != std::sregex_iterator(); ++it) {
        ids.push_back(std::stoll((*it)[1]));
      }
      if (r.status != 200 || r.body.find("\"next\":null") != std::string::npos) break;
    }
    return ids;
  };
  std::vector<std::int64_t> kept;
  for (const connector& c : store_.snapshot(connector_kind::alm)) {
    const bool drop = *c.id % 3 != 0;  // two of three: past half, the table compacts
    if (drop && store_.projects().connections_using(connector_kind::alm, *c.id) == 0) {
      EXPECT_EQ(call("DELETE", alm(*c.id)).status, 204u);
      if (kept.size() == 2) {  // some gaps, not compacted yet
        EXPECT_EQ(listed_ids().size(), store_.size(connector_kind::alm));
      }
    } else {
      kept.push_back(*c.id);
    }
  }
  EXPECT_EQ(listed_ids(), kept);
  EXPECT_NE(call("GET", "/api/v2/connectors/alm/?page_size=7")
                .body.find("\"count\":" + std::to_string(kept.size()) + ","),
            std::string::npos);
}

class cascading_deletes : public delete_routes {
 protected:
  cascading_deletes() : delete_routes(refuse_delete::none, delete_rule::cascade) {}
};

TEST_F(cascading_deletes, a_connector_in_use_takes_its_connections_with_it) {
  const std::int64_t id = used_connector();
  EXPECT_EQ(call("DELETE", alm(id)).status, 204u);
  EXPECT_EQ(store_.projects().connections_using(connector_kind::alm, id), 0u);
}

class refused_deletes : public delete_routes {
 protected:
  refused_deletes() : delete_routes(refuse_delete::connectors, delete_rule::refuse) {}
};

TEST_F(refused_deletes, delete_of_a_refused_kind_is_405_without_delete_in_allow) {
  const reply r = call("DELETE", alm(unused_connector()));
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(r.allow, "GET, PUT, PATCH, HEAD, OPTIONS");
  const connection c = store_.projects().connections(connector_kind::alm, 1).at(0);
  EXPECT_EQ(call("DELETE", link(*c.id)).status, 204u);
  EXPECT_EQ(call("GET", link(*c.id)).status, 404u);
}

TEST_F(delete_routes, a_list_url_and_a_legacy_analysis_connector_take_no_delete) {
  const reply list = call("DELETE", "/api/v2/connectors/alm/");
  EXPECT_EQ(list.status, 405u);
  EXPECT_EQ(list.allow, "GET, POST, HEAD, OPTIONS");
  EXPECT_EQ(call("DELETE", "/api/v2/connectors/analysis/1/").status, 405u);
  const reply allowed = call("PATCH", "/api/v2/connections/alm/", "{}");
  EXPECT_EQ(allowed.status, 405u);
}

}  // namespace
}  // namespace sdemig::sim

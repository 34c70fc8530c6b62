// The SDE API client against sde-sim: listing page by page, typed writes,
// and errors that name the URL, the status and what the server said.
#include "io/sde/sde_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client_fixture.hpp"

namespace sdemig::sde {
namespace {

using testing::HasSubstr;

namespace asio = boost::asio;
using test::run_task;

connector new_connector(std::string name) {
  connector c;
  c.name = std::move(name);
  c.system.id = "jira";
  c.inaccessible = false;
  c.set_param("alm_server", scalar::string("jira.example.com"));
  c.set_param("sde_min_priority", scalar::integer(7));
  c.set_param("alm_pass", scalar::string("p\"w"));
  return c;
}

sim::server_config with_token(std::size_t page_size_default = 0) {
  sim::server_config c;
  c.routing.token = "tok";
  c.routing.page_size_default = page_size_default;
  return c;
}

net::client_options auth(std::string token = "tok") {
  net::client_options o;
  o.authorization = "Token " + token;
  return o;
}

TEST(sde_client, lists_10000_connectors_whole_and_in_order_page_by_page) {
  test::sim_instance sim(with_token(100), 10000, 0);
  asio::io_context ioc;
  net::http_client http(ioc.get_executor(), test::url_of(sim), auth());
  sde_client client(http);
  client.set_page_size(0);  // the server's default (100)
  std::int64_t expected_id = 1;
  int pages = 0;
  bool in_order = true;
  auto total = run_task(ioc, client.async_list(connector_kind::alm, [&](connector_page& page) {
    ++pages;
    for (const connector& c : page.results) in_order &= c.id == expected_id++;
    return true;
  }));
  ASSERT_TRUE(total) << total.error().message;
  EXPECT_EQ(total.value(), 10000u);
  EXPECT_EQ(pages, 100);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(http.stats().connections_opened, 1u);
}

TEST(sde_client, page_size_is_asked_for_and_a_prefix_is_kept) {
  sim::server_config c = with_token();
  c.routing.path_prefix = "/sde";
  test::sim_instance sim(c, 250, 0);
  asio::io_context ioc;
  net::http_client http(ioc.get_executor(), test::url_of(sim, false, "/sde"), auth());
  sde_client client(http);
  client.set_page_size(100);
  int pages = 0;
  auto total = run_task(
      ioc, client.async_list(connector_kind::alm, [&](connector_page&) { return ++pages > 0; }));
  ASSERT_TRUE(total) << total.error().message;
  EXPECT_EQ(total.value(), 250u);
  EXPECT_EQ(pages, 3);
}

TEST(sde_client, create_get_update_and_patch) {
  test::sim_instance sim(with_token(), 3, 0);
  asio::io_context ioc;
  net::http_client http(ioc.get_executor(), test::url_of(sim), auth());
  sde_client client(http);
  auto created =
      run_task(ioc, client.async_create(connector_kind::alm, new_connector("Ünïcode \"quoted\"")));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created.value().id, 4);
  EXPECT_EQ(created.value().system.name, "JIRA");
  EXPECT_EQ(*created.value().find_param("sde_min_priority"), scalar::integer(7));  // type kept
  EXPECT_EQ(created.value().find_param("alm_pass")->text, "p\"w");

  auto got = run_task(ioc, client.async_get(connector_kind::alm, 4));
  ASSERT_TRUE(got);
  EXPECT_EQ(got.value(), created.value());

  connector changed = got.value();
  changed.set_param("alm_server", scalar::string("new.example.com"));
  auto put = run_task(ioc, client.async_update(connector_kind::alm, 4, changed));
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put.value().find_param("alm_server")->text, "new.example.com");

  connector rename;
  rename.name = "Renamed";
  rename.system.id = "jira";
  auto patched = run_task(ioc, client.async_update(connector_kind::alm, 4, rename, true));
  ASSERT_TRUE(patched) << patched.error().message;
  EXPECT_EQ(patched.value().name, "Renamed");
  EXPECT_EQ(patched.value().params->size(), 3u);  // PATCH left params alone
}

TEST(sde_client, errors_name_the_url_the_status_and_what_the_server_said) {
  test::sim_instance sim(with_token(), 3, 2);
  asio::io_context ioc;
  net::http_client http(ioc.get_executor(), test::url_of(sim), auth());
  sde_client client(http);
  const std::string origin = test::url_of(sim).origin();

  connector bad = new_connector("No Server");
  bad.params->erase(bad.params->begin());  // drops alm_server
  auto r = run_task(ioc, client.async_create(connector_kind::alm, bad));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 400u);
  EXPECT_EQ(r.error().message,
            "POST " + origin +
                "/api/v2/connectors/alm/: HTTP 400: params.alm_server: This field is required.");

  auto refused = run_task(ioc, client.async_create(connector_kind::analysis, new_connector("A")));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().status, 405u);
  EXPECT_EQ(
      refused.error().message,
      "POST " + origin + "/api/v2/connectors/analysis/: HTTP 405: Method \"POST\" not allowed.");

  auto missing = run_task(ioc, client.async_get(connector_kind::alm, 99));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "GET " + origin + "/api/v2/connectors/alm/99/: HTTP 404: Not found.");

  net::http_client wrong_http(ioc.get_executor(), test::url_of(sim), auth("nope"));
  sde_client wrong(wrong_http);
  wrong.set_page_size(0);
  auto denied =
      run_task(ioc, wrong.async_list(connector_kind::alm, [](connector_page&) { return true; }));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().message,
            "GET " + origin + "/api/v2/connectors/alm/: HTTP 401: Invalid token.");
}

TEST(sde_client, a_create_whose_connection_broke_after_applying_reports_an_unknown_outcome) {
  sim::server_config c = with_token();
  c.faults.reset = 1;
  c.faults.reset_after_apply = 1;
  c.faults.scope = sim::fault_scope::writes;
  test::sim_instance sim(c, 0, 0);
  asio::io_context ioc;
  net::http_client http(ioc.get_executor(), test::url_of(sim), auth());
  sde_client client(http);
  auto r = run_task(ioc, client.async_create(connector_kind::alm, new_connector("Maybe")));
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().outcome_unknown);
  EXPECT_THAT(r.error().message, HasSubstr("(the write may or may not have been applied)"));
  EXPECT_EQ(sim.store.size(connector_kind::alm), 1u);
}

}  // namespace
}  // namespace sdemig::sde

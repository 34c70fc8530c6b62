// Retries against sde-sim's injected faults: 429 with Retry-After, 503,
// connection resets, refused connections, and POSTs whose outcome is unknown.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client_fixture.hpp"

namespace sdemig::net {
namespace {

using testing::HasSubstr;

namespace asio = boost::asio;
using namespace std::chrono;
using test::get;
using test::post;
using test::run_task;

constexpr const char* one = "/api/v2/connectors/alm/1/";
const std::string new_connector =
    R"({"name":"Unknown Outcome","system":{"id":"jira"},"params":{"alm_server":"x"}})";

client_options quick_retries(unsigned attempts) {
  client_options o;
  o.retry.max_attempts = attempts;
  o.retry.base_delay = milliseconds(5);
  o.retry.max_delay = milliseconds(20);
  return o;
}

sim::server_config faults(auto&& set) {
  sim::server_config c;
  set(c.faults);
  return c;
}

TEST(retry_over_network, a_429_with_retry_after_1_is_retried_after_at_least_a_second) {
  test::sim_instance sim(faults([](sim::fault_config& f) {
                           f.p429 = 1;
                           f.retry_after_s = 1;
                         }),
                         1, 0);
  asio::io_context ioc;
  client_options o = quick_retries(2);
  o.adaptive = false;
  http_client client(ioc.get_executor(), test::url_of(sim), o);
  const auto start = steady_clock::now();
  http_result r = run_task(ioc, client.async_request(get(one)));
  EXPECT_GE(steady_clock::now() - start, seconds(1));
  EXPECT_EQ(r.status, 429u);  // still throttled after the last attempt: the caller sees it
  EXPECT_EQ(r.attempts, 2u);
  EXPECT_EQ(sim.server.stats().throttled, 2u);
  EXPECT_EQ(client.stats().throttled, 2u);
  EXPECT_EQ(client.stats().retries[static_cast<int>(retry_cause::throttled)], 1u);
}

TEST(retry_over_network, a_429_halves_the_concurrency_limit) {
  test::sim_instance sim(faults([](sim::fault_config& f) {
                           f.p429 = 1;
                           f.retry_after_s = 0;
                         }),
                         1, 0);
  asio::io_context ioc;
  client_options o = quick_retries(1);
  o.max_connections = 16;
  http_client client(ioc.get_executor(), test::url_of(sim), o);
  run_task(ioc, client.async_request(get(one)));
  EXPECT_EQ(client.concurrency_limit(), 8u);
}

TEST(retry_over_network, a_503_is_retried_until_it_passes) {
  test::sim_instance sim(faults([](sim::fault_config& f) {
                           f.p503 = 0.5;
                           f.seed = 11;
                         }),
                         5, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), quick_retries(20));
  for (int i = 1; i <= 30; ++i) {
    http_result r = run_task(ioc, client.async_request(get("/api/v2/connectors/alm/" +
                                                           std::to_string(1 + i % 5) + "/")));
    ASSERT_EQ(r.status, 200u) << r.message;
  }
  EXPECT_GT(client.stats().retries[static_cast<int>(retry_cause::unavailable)], 5u);
  EXPECT_EQ(client.stats().retries[static_cast<int>(retry_cause::unavailable)],
            sim.server.stats().unavailable);
}

TEST(retry_over_network, resets_on_reads_are_retried) {
  test::sim_instance sim(faults([](sim::fault_config& f) {
                           f.reset = 0.3;
                           f.seed = 5;
                         }),
                         5, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), quick_retries(20));
  for (int i = 0; i < 30; ++i) {
    http_result r = run_task(ioc, client.async_request(get(one)));
    ASSERT_EQ(r.status, 200u) << r.message;
  }
  const auto& s = client.stats();
  EXPECT_GT(s.retries[static_cast<int>(retry_cause::connection_lost)] + s.stale_retries, 0u);
  EXPECT_EQ(s.retries[static_cast<int>(retry_cause::connection_lost)] + s.stale_retries,
            sim.server.stats().resets_before_apply);
}

TEST(retry_over_network, a_post_reset_after_the_server_applied_it_is_unknown_and_not_resent) {
  test::sim_instance sim(faults([](sim::fault_config& f) {
                           f.reset = 1;
                           f.reset_after_apply = 1;
                           f.scope = sim::fault_scope::writes;
                         }),
                         1, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), quick_retries(5));
  http_result r =
      run_task(ioc, client.async_request(post("/api/v2/connectors/alm/", new_connector)));
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.outcome_unknown());
  EXPECT_EQ(r.error, failure::connection_lost);
  EXPECT_EQ(r.attempts, 1u);
  EXPECT_EQ(sim.server.stats().writes_applied, 1u);
  EXPECT_EQ(sim.store.size(connector_kind::alm), 2u);  // stored once, not twice
  EXPECT_EQ(client.stats().retries_total(), 0u);
}

TEST(retry_over_network, a_put_reset_is_retried) {
  test::sim_instance sim(faults([](sim::fault_config& f) {
                           f.reset = 1;
                           f.scope = sim::fault_scope::writes;
                         }),
                         1, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), quick_retries(3));
  http_result r = run_task(ioc, client.async_request({http_method::put, one, new_connector}));
  EXPECT_EQ(r.attempts, 3u);
  EXPECT_EQ(client.stats().retries[static_cast<int>(retry_cause::connection_lost)] +
                client.stats().stale_retries,
            2u);
}

TEST(retry_over_network, a_refused_connection_is_retried_even_for_a_post) {
  std::uint16_t port;
  {
    test::sim_instance gone;  // bind a free port, then free it again
    port = gone.port();
  }
  asio::io_context ioc;
  base_url u;
  u.host = "127.0.0.1";
  u.port = port;
  http_client client(ioc.get_executor(), u, quick_retries(3));
  http_result r =
      run_task(ioc, client.async_request(post("/api/v2/connectors/alm/", new_connector)));
  EXPECT_EQ(r.error, failure::connect);
  EXPECT_FALSE(r.maybe_sent);
  EXPECT_EQ(r.attempts, 3u);
  EXPECT_EQ(client.stats().retries[static_cast<int>(retry_cause::connect_failed)], 2u);
  EXPECT_THAT(r.message, HasSubstr("POST http://127.0.0.1:" + std::to_string(port) +
                                   "/api/v2/connectors/alm/: cannot connect"))
      << r.message;
}

}  // namespace
}  // namespace sdemig::net

// The connection pool against sde-sim over loopback: caps, reuse, idle
// timeouts, stale connections, deadlines, redirects, shutdown.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>

#include "client_fixture.hpp"
#include "io/net/run_all.hpp"
#include "support/wait_until.hpp"

namespace sdemig::net {
namespace {

using testing::HasSubstr;

namespace asio = boost::asio;
using namespace std::chrono;
using test::get;
using test::run_task;

constexpr const char* one = "/api/v2/connectors/alm/1/";

// Sends `n` GETs at once and returns how many answered 200.
asio::awaitable<int> fan_out(http_client& client, int n, std::string target) {
  int ok = 0;
  co_await run_all(static_cast<std::size_t>(n), [&](std::size_t) -> asio::awaitable<void> {
    http_request request = get(target);  // a named local: GCC 12 and temporaries in co_await
    http_result r = co_await client.async_request(std::move(request));
    ok += r.ok() && r.status == 200;
  });
  co_return ok;
}

sim::server_config slow(unsigned latency_ms) {
  sim::server_config c;
  c.faults.latency_ms = latency_ms;
  return c;
}

TEST(pool, many_concurrent_requests_use_exactly_the_capped_connections_and_reuse_them) {
  test::sim_instance sim(slow(5), 5, 0);
  asio::io_context ioc;
  client_options o;
  o.max_connections = 4;
  http_client client(ioc.get_executor(), test::url_of(sim), o);
  EXPECT_EQ(run_task(ioc, fan_out(client, 200, one)), 200);
  EXPECT_EQ(sim.server.stats().connections_accepted, 4u);
  EXPECT_EQ(sim.server.stats().requests, 200u);
  EXPECT_EQ(client.stats().connections_opened, 4u);
  EXPECT_EQ(client.stats().responses, 200u);
  EXPECT_EQ(client.open_connections(), 4u);  // kept alive, idle
  EXPECT_EQ(run_task(ioc, fan_out(client, 50, one)), 50);
  EXPECT_EQ(sim.server.stats().connections_accepted, 4u);  // reused
}

TEST(pool, idle_connections_are_closed_after_the_idle_timeout) {
  test::sim_instance sim({}, 1, 0);
  asio::io_context ioc;
  client_options o;
  o.idle_timeout = milliseconds(100);
  http_client client(ioc.get_executor(), test::url_of(sim), o);
  EXPECT_EQ(run_task(ioc, client.async_request(get(one))).status, 200u);
  EXPECT_EQ(client.open_connections(), 1u);
  test::run_for(ioc, milliseconds(300));
  EXPECT_EQ(client.open_connections(), 0u);
  EXPECT_TRUE(test::wait_until([&] { return sim.server.stats().connections_open == 0; }))
      << "the server still holds the connection";
}

TEST(pool, a_connection_the_server_closed_is_replaced_and_the_request_sent_again) {
  sim::server_config c;
  c.idle_timeout = milliseconds(50);  // the server drops idle connections first
  test::sim_instance sim(c, 1, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), {});
  EXPECT_EQ(run_task(ioc, client.async_request(get(one))).status, 200u);
  ASSERT_TRUE(test::wait_until([&] { return sim.server.stats().connections_open == 0; }))
      << "the server kept its idle connection";
  http_result r = run_task(ioc, client.async_request(get(one)));
  EXPECT_EQ(r.status, 200u) << r.message;
  EXPECT_EQ(r.attempts, 1u);
  EXPECT_EQ(client.stats().stale_retries, 1u);
  EXPECT_EQ(client.stats().retries_total(), 0u);
  EXPECT_EQ(sim.server.stats().connections_accepted, 2u);
}

TEST(pool, a_delay_beyond_the_request_deadline_is_a_timeout_naming_the_url) {
  sim::server_config c;
  c.faults.delay = 1;
  c.faults.delay_ms = 3000;
  test::sim_instance sim(c, 1, 0);
  asio::io_context ioc;
  client_options o;
  o.request_timeout = milliseconds(300);
  o.retry.max_attempts = 2;
  o.retry.base_delay = milliseconds(1);
  http_client client(ioc.get_executor(), test::url_of(sim), o);
  const auto start = steady_clock::now();
  http_result r = run_task(ioc, client.async_request(get(one)));
  EXPECT_LT(steady_clock::now() - start, seconds(2));
  EXPECT_EQ(r.error, failure::timeout);
  EXPECT_EQ(r.attempts, 2u);  // a GET is retried after a timeout
  EXPECT_EQ(r.message, "GET " + test::url_of(sim).origin() + one + ": timed out after 300 ms");
  EXPECT_EQ(client.stats().retries[static_cast<int>(retry_cause::timeout)], 1u);
}

// The deadline watchdog lives only while a request is in progress: once the
// last answer is in, nothing waits for a 30 s deadline and the io_context
// runs out of work as soon as the idle connection is swept.
TEST(pool, no_timer_outlives_the_requests) {
  test::sim_instance sim({}, 1, 0);
  asio::io_context ioc;
  client_options o;
  o.request_timeout = seconds(30);
  o.idle_timeout = milliseconds(100);
  http_client client(ioc.get_executor(), test::url_of(sim), o);
  EXPECT_EQ(run_task(ioc, fan_out(client, 20, one)), 20);
  const auto start = steady_clock::now();
  ioc.restart();
  ioc.run();
  EXPECT_LT(steady_clock::now() - start, seconds(5));
  EXPECT_EQ(client.open_connections(), 0u);
}

TEST(pool, follows_the_trailing_slash_redirect_for_get) {
  test::sim_instance sim({}, 2, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), {});
  http_result r = run_task(ioc, client.async_request(get("/api/v2/connectors/alm/2")));
  EXPECT_EQ(r.status, 200u);
  EXPECT_THAT(r.body, HasSubstr("\"id\":2,"));
  EXPECT_EQ(client.stats().redirects, 1u);
  // A POST is not redirected: the caller sees the 301.
  http_result p = run_task(ioc, client.async_request(test::post("/api/v2/connectors/alm", "{}")));
  EXPECT_EQ(p.status, 301u);
}

TEST(pool, shutdown_lets_in_flight_requests_finish_then_refuses_new_ones) {
  test::sim_instance sim(slow(200), 1, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), {});
  int finished_ok = 0;
  for (int i = 0; i < 5; ++i) {
    asio::co_spawn(ioc, client.async_request(get(one)),
                   [&](std::exception_ptr, http_result r) { finished_ok += r.status == 200; });
  }
  test::run_for(ioc, milliseconds(50));  // all five are now in flight
  run_task(ioc, client.async_shutdown(seconds(2)));
  EXPECT_EQ(finished_ok, 5);
  http_result late = run_task(ioc, client.async_request(get(one)));
  EXPECT_EQ(late.error, failure::cancelled);
  EXPECT_FALSE(late.maybe_sent);
}

TEST(pool, shutdown_cuts_requests_still_running_after_the_grace_period) {
  test::sim_instance sim(slow(5000), 1, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), {});
  std::optional<http_result> result;
  asio::co_spawn(ioc, client.async_request(get(one)),
                 [&](std::exception_ptr, http_result r) { result = r; });
  test::run_for(ioc, milliseconds(50));
  const auto start = steady_clock::now();
  run_task(ioc, client.async_shutdown(milliseconds(100)));
  EXPECT_LT(steady_clock::now() - start, seconds(1));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->error, failure::cancelled);
  EXPECT_EQ(client.open_connections(), 0u);
}

}  // namespace
}  // namespace sdemig::net

// SIGINT during requests: in-flight ones finish within the grace period,
// new ones are refused, and nothing is left running.
#include "io/net/interrupt.hpp"

#include <gtest/gtest.h>

#include <csignal>

#include "client_fixture.hpp"

namespace sdemig::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono;

TEST(interrupt, sigint_lets_in_flight_requests_finish_and_refuses_new_ones) {
  sim::server_config c;
  c.faults.latency_ms = 300;
  test::sim_instance sim(c, 1, 0);
  asio::io_context ioc;
  http_client client(ioc.get_executor(), test::url_of(sim), {});
  interrupt_watch watch(ioc.get_executor(), {&client}, seconds(5));
  bool watch_done = false;
  asio::co_spawn(ioc, watch.async_watch(), [&](std::exception_ptr) { watch_done = true; });

  std::vector<http_result> results;
  for (int i = 0; i < 3; ++i) {
    asio::co_spawn(ioc, client.async_request(test::get("/api/v2/connectors/alm/1/")),
                   [&](std::exception_ptr, http_result r) { results.push_back(std::move(r)); });
  }
  test::run_for(ioc, milliseconds(50));
  std::raise(SIGINT);
  while (!watch_done) ioc.run_one();
  EXPECT_TRUE(watch.interrupted());
  ASSERT_EQ(results.size(), 3u);
  for (const http_result& r : results) EXPECT_EQ(r.status, 200u) << r.message;
  EXPECT_EQ(test::run_task(ioc, client.async_request(test::get("/api/v2/connectors/alm/1/"))).error,
            failure::cancelled);
  ioc.restart();
  ioc.run();  // returns: no timer, sweep or request is left behind
}

TEST(interrupt, cancel_ends_the_watch_without_a_signal) {
  asio::io_context ioc;
  interrupt_watch watch(ioc.get_executor(), {}, seconds(1));
  bool done = false;
  asio::co_spawn(ioc, watch.async_watch(), [&](std::exception_ptr) { done = true; });
  ioc.poll();
  watch.cancel();
  ioc.run();
  EXPECT_TRUE(done);
  EXPECT_FALSE(watch.interrupted());
}

}  // namespace
}  // namespace sdemig::net

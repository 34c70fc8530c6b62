// Each fault sde-sim can inject, seen from a client over loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "support/http_client.hpp"
#include "support/sim_instance.hpp"

namespace sdemig::sim {
namespace {

using testing::HasSubstr;

using namespace std::chrono;
using test::http_client;

const std::string new_connector =
    R"({"name":"Fault Target","system":{"id":"jira"},"params":{"alm_server":"x"}})";

server_config faulty(auto&& set) {
  server_config c;
  set(c.faults);
  return c;
}

TEST(server_faults, throttle_answers_429_with_retry_after) {
  test::sim_instance sim(faulty([](fault_config& f) {
                           f.p429 = 1;
                           f.retry_after_s = 3;
                         }),
                         1, 0);
  http_client client("127.0.0.1", sim.port());
  auto r = client.get("/api/v2/connectors/alm/1/");
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.header("retry-after"), "3");
  EXPECT_EQ(r.body, R"({"detail":"Request was throttled. Expected available in 3 seconds."})");
  EXPECT_EQ(sim.server.stats().throttled, 1u);
}

TEST(server_faults, unavailable_answers_503) {
  test::sim_instance sim(faulty([](fault_config& f) { f.p503 = 1; }), 1, 0);
  http_client client("127.0.0.1", sim.port());
  auto r = client.request("POST", "/api/v2/connectors/alm/", new_connector);
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(r.body, R"({"detail":"Service temporarily unavailable, try again later."})");
  EXPECT_EQ(sim.store.size(connector_kind::alm), 1u);  // nothing applied
}

TEST(server_faults, reset_on_a_read_gives_no_answer) {
  test::sim_instance sim(faulty([](fault_config& f) { f.reset = 1; }), 1, 0);
  http_client client("127.0.0.1", sim.port());
  auto r = client.get("/api/v2/connectors/alm/1/");
  EXPECT_TRUE(r.error);
  EXPECT_EQ(r.status, 0u);
}

TEST(server_faults, write_reset_before_apply_leaves_nothing) {
  test::sim_instance sim(faulty([](fault_config& f) {
                           f.reset = 1;
                           f.reset_after_apply = 0;
                         }),
                         1, 0);
  http_client client("127.0.0.1", sim.port());
  auto r = client.request("POST", "/api/v2/connectors/alm/", new_connector);
  EXPECT_TRUE(r.error);
  EXPECT_EQ(sim.store.size(connector_kind::alm), 1u);
  EXPECT_EQ(sim.server.stats().resets_before_apply, 1u);
}

TEST(server_faults, write_reset_after_apply_has_stored_the_connector) {
  test::sim_instance sim(faulty([](fault_config& f) {
                           f.reset = 1;
                           f.reset_after_apply = 1;
                         }),
                         1, 0);
  http_client client("127.0.0.1", sim.port());
  auto r = client.request("POST", "/api/v2/connectors/alm/", new_connector);
  EXPECT_TRUE(r.error);                                // the client never learns the outcome...
  ASSERT_EQ(sim.store.size(connector_kind::alm), 2u);  // ...but the write happened
  EXPECT_EQ(sim.store.get(connector_kind::alm, 2)->name, "Fault Target");
  EXPECT_EQ(sim.server.stats().resets_after_apply, 1u);
  EXPECT_EQ(sim.server.stats().writes_applied, 1u);
}

TEST(server_faults, delay_answers_late_but_answers) {
  test::sim_instance sim(faulty([](fault_config& f) {
                           f.delay = 1;
                           f.delay_ms = 300;
                         }),
                         1, 0);
  http_client client("127.0.0.1", sim.port());
  const auto start = steady_clock::now();
  auto r = client.get("/api/v2/connectors/alm/1/");
  EXPECT_EQ(r.status, 200u);
  EXPECT_GE(steady_clock::now() - start, milliseconds(300));
  EXPECT_EQ(sim.server.stats().delayed, 1u);
}

TEST(server_faults, latency_applies_to_every_answer) {
  test::sim_instance sim(faulty([](fault_config& f) { f.latency_ms = 50; }), 1, 0);
  http_client client("127.0.0.1", sim.port());
  const auto start = steady_clock::now();
  for (int i = 0; i < 4; ++i) ASSERT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  EXPECT_GE(steady_clock::now() - start, milliseconds(200));
}

TEST(server_faults, scope_writes_leaves_reads_alone) {
  test::sim_instance sim(faulty([](fault_config& f) {
                           f.p503 = 1;
                           f.scope = fault_scope::writes;
                         }),
                         1, 0);
  http_client client("127.0.0.1", sim.port());
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  EXPECT_EQ(client.request("POST", "/api/v2/connectors/alm/", new_connector).status, 503u);
}

TEST(server_faults, stats_endpoint_is_never_faulted) {
  test::sim_instance sim(faulty([](fault_config& f) { f.reset = 1; }), 1, 0);
  http_client client("127.0.0.1", sim.port());
  auto r = client.get("/_sim/stats");
  ASSERT_EQ(r.status, 200u);
  EXPECT_THAT(r.body, HasSubstr("\"connections_accepted\":1")) << r.body;
}

TEST(server_capacity, k_workers_serve_at_a_time_and_the_rest_queue) {
  server_config config;
  config.capacity.workers = 2;
  config.capacity.service_ms = 60;
  test::sim_instance sim(config, 1, 0);
  const auto start = steady_clock::now();
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back([&] {
      http_client client("127.0.0.1", sim.port());
      if (client.get("/api/v2/connectors/alm/1/").status == 200) ++ok;
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok, 6);
  EXPECT_GE(steady_clock::now() - start, milliseconds(180));  // three rounds of two
  http_client client("127.0.0.1", sim.port());
  const std::string stats = client.get("/_sim/stats").body;
  EXPECT_THAT(stats, HasSubstr("\"inflight_max\":6")) << stats;
  EXPECT_THAT(stats, HasSubstr("\"queue_max\":4")) << stats;
  EXPECT_GE(sim.server.stats().capacity.queue_wait_ms_p99, 100);
}

TEST(server_capacity, rate_limit_answers_429_with_retry_after) {
  server_config config;
  config.capacity.rate_limit = 5;  // a burst of one
  test::sim_instance sim(config, 1, 0);
  http_client client("127.0.0.1", sim.port());
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  auto r = client.get("/api/v2/connectors/alm/1/");
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_EQ(sim.server.stats().throttled, 1u);
  EXPECT_EQ(sim.server.stats().capacity.throttled, 1u);
}

// A distant server: a new connection's first answer is held for TCP's
// round trip (--latency-ms) and the rest of its handshakes
// (--handshake-ms); later answers on it pay the latency only.
TEST(server_faults, a_new_connection_pays_its_handshakes_once) {
  test::sim_instance sim(faulty([](fault_config& f) {
                           f.latency_ms = 100;
                           f.handshake_ms = 300;
                         }),
                         1, 0);
  http_client client("127.0.0.1", sim.port());
  const auto t0 = steady_clock::now();
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  const auto first = steady_clock::now() - t0;
  const auto t1 = steady_clock::now();
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  const auto second = steady_clock::now() - t1;
  EXPECT_GE(first, milliseconds(100 + 300 + 100));  // hold, then the answer's latency
  EXPECT_GE(second, milliseconds(100));
  EXPECT_LT(second, milliseconds(400));  // no hold on a reused connection
  EXPECT_EQ(sim.server.stats().connections_accepted, 1u);
}

// A hung server (--hang-after N): after N requests none is answered; the
// connection is closed at its idle timeout, nothing said.
TEST(server_faults, a_hung_server_answers_nothing_after_n_requests) {
  server_config c = faulty([](fault_config& f) { f.hang_after = 1; });
  c.idle_timeout = milliseconds(300);
  test::sim_instance sim(c, 1, 0);
  http_client client("127.0.0.1", sim.port());
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);
  const auto t0 = steady_clock::now();
  const auto r = client.get("/api/v2/connectors/alm/1/");
  EXPECT_TRUE(r.error);
  EXPECT_EQ(r.status, 0u);
  EXPECT_GE(steady_clock::now() - t0, milliseconds(300));
  EXPECT_EQ(sim.server.stats().hung, 1u);
  EXPECT_EQ(sim.server.stats().requests, 2u);
}

// --fail-list-read N: the Nth read of a connector list, and it alone, is a 500.
TEST(server_faults, the_nth_list_read_answers_500_once) {
  server_config c;
  c.routing.fail_list_read = 2;
  test::sim_instance sim(c, 3, 0);
  http_client client("127.0.0.1", sim.port());
  EXPECT_EQ(client.get("/api/v2/connectors/alm/").status, 200u);
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);  // not a list
  const auto failed = client.get("/api/v2/connectors/alm/?page_size=10");
  EXPECT_EQ(failed.status, 500u);
  EXPECT_EQ(failed.body, R"({"detail":"A server error occurred."})");
  EXPECT_EQ(client.get("/api/v2/connectors/alm/").status, 200u);
}

}  // namespace
}  // namespace sdemig::sim

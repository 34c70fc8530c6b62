// tools/relay's delay relay, in front of sde-sim over loopback: every byte
// passes unchanged both ways; a new connection's first request pays the
// held handshake round trip and the delay each way, a second request on
// it the delay only; TLS handshakes pass through and pay their own round
// trips; an upstream that refuses closes the client's connection.
#include "delay_relay.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "support/http_client.hpp"
#include "support/sim_instance.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace sdemig::test {
namespace {

using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

relay::delay_config in_front_of(unsigned short port, milliseconds one_way) {
  relay::delay_config c;
  c.upstream_port = port;
  c.one_way = one_way;
  return c;
}

template <class F>
milliseconds timed(F&& f) {
  const auto start = clock_type::now();
  f();
  return std::chrono::duration_cast<milliseconds>(clock_type::now() - start);
}

TEST(delay_relay, every_byte_passes_unchanged_both_ways) {
  sim_instance sim({}, 2000, 0);
  relay::delay_relay relay(in_front_of(sim.port(), milliseconds(2)));
  http_client direct("127.0.0.1", sim.port()), relayed("127.0.0.1", relay.port());
  const std::string list = "/api/v2/connectors/alm/?page_size=1000&page=2";
  const http_reply want = direct.get(list);
  http_reply got = relayed.get(list);
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_GT(got.body.size(), 300'000u);
  // The page's links name the host it was asked by: the relay's port.
  const std::string relay_host = "127.0.0.1:" + std::to_string(relay.port());
  const auto at = got.body.find(relay_host);
  ASSERT_NE(at, std::string::npos);
  got.body.replace(at, relay_host.size(), "127.0.0.1:" + std::to_string(sim.port()));
  EXPECT_TRUE(got.body == want.body) << "the relayed page differs";
  const std::string big(2 << 20, 'x');  // 2 MiB up: not JSON, answered 400 whole
  const http_reply refused = relayed.request("POST", "/api/v2/connectors/alm/", big,
                                             {{"Content-Type", "application/json"}});
  EXPECT_EQ(refused.status, 400u);
  EXPECT_GE(relay.counts().bytes_up, big.size());
  EXPECT_GE(relay.counts().bytes_down, got.body.size());
}

TEST(delay_relay, a_new_connection_pays_a_round_trip_more_than_the_next_request) {
  const milliseconds d(60);
  sim_instance sim({}, 3, 0);
  relay::delay_relay relay(in_front_of(sim.port(), d));
  http_client client("127.0.0.1", relay.port());
  const milliseconds first =
      timed([&] { EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u); });
  const milliseconds second =
      timed([&] { EXPECT_EQ(client.get("/api/v2/connectors/alm/2/").status, 200u); });
  EXPECT_GE(first, 4 * d);   // held 2d, then d up and d down
  EXPECT_GE(second, 2 * d);  // d up, d down
  EXPECT_LT(second, first - d) << "the second request was held as a new connection's";
  EXPECT_EQ(relay.counts().connections, 1u);
}

TEST(delay_relay, tls_handshakes_pass_through_and_pay_their_round_trips) {
  const std::string dir = make_temp_dir("sdemig-relay");
  const test_pki pki = make_test_pki(dir);
  sim::server_config c;
  c.tls = sim::tls_files{pki.server_cert, pki.server_key};
  c.tls12_only = true;  // two round trips for a full handshake
  sim_instance sim(c, 3, 0);
  const milliseconds d(30);
  relay::delay_relay relay(in_front_of(sim.port(), d));
  http_client client("127.0.0.1", relay.port(), tls_options{pki.ca_cert, "127.0.0.1"});
  const milliseconds took =
      timed([&] { EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u); });
  EXPECT_GE(took, 2 * d + 4 * d + 2 * d);  // TCP's round trip, TLS 1.2's two, the request's
  EXPECT_EQ(sim.server.stats().tls_handshakes, 1u);
  remove_tree(dir);
}

TEST(delay_relay, an_upstream_that_refuses_closes_the_clients_connection) {
  unsigned short closed_port = 0;
  {
    sim_instance gone;
    closed_port = gone.port();
  }
  relay::delay_relay relay(in_front_of(closed_port, milliseconds(1)));
  http_client client("127.0.0.1", relay.port());
  const http_reply r = client.get("/api/v2/connectors/alm/1/");
  EXPECT_EQ(r.status, 0u);
  EXPECT_TRUE(r.error);
  EXPECT_EQ(relay.counts().refused, 1u);
}

}  // namespace
}  // namespace sdemig::test

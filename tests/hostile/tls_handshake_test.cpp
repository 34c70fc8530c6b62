// A TLS handshake that fails or drags (issue 32, items 18 and 19), through a
// relay in front of a TLS sde-sim (tests/support/test_relay): a connection
// reset after the client hello sent nothing, so it is retried as a refused
// connect is, within the same attempts and budget, for writes too; and
// --timeout bounds the handshake, both ways, its timeout retried like a
// connect's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "cli_fixture.hpp"
#include "support/test_pki.hpp"
#include "support/test_relay.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using clock_type = std::chrono::steady_clock;

class tls_handshake : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sdemig-handshake");
    pki_ = make_test_pki(dir_);
  }
  void TearDown() override { remove_tree(dir_); }

  sim::server_config https(const std::string& token) const {
    sim::server_config c = sim_config(token);
    c.tls = sim::tls_files{pki_.server_cert, pki_.server_key};
    return c;
  }
  // The flags naming the instance behind `relay` as the source (or target).
  std::vector<std::string> side(const std::string& flag, const test_relay& relay,
                                const cli_env& env) const {
    const std::string role = flag == "--from" ? "source" : "target";
    return {
        flag,        url(relay), flag + "-token-file", env.path(role + ".token"), flag + "-ca-file",
        pki_.ca_cert};
  }
  static std::string url(const test_relay& relay) {
    return "https://127.0.0.1:" + std::to_string(relay.port());
  }

  std::string dir_;
  test_pki pki_;
};

TEST_F(tls_handshake, a_reset_after_the_client_hello_is_retried_like_a_refused_connect) {
  sim_instance source(https(source_token), 3, 0);
  test_relay relay({.upstream_port = source.port(), .reset = {1, 2}});
  cli_env env;
  auto r = env.sdemig(concat({"export", "--out", env.path("e.json")}, side("--from", relay, env)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "sdemig: GET " + url(relay) +
                       "/api/v2/connectors/issue-tracker/?page_size=1: TLS handshake failed: "
                       "Connection reset by peer; retrying the source (1/7)\nexported 3 "
                       "connectors to " +
                       env.path("e.json") + "\n");
  EXPECT_EQ(relay.counts().reset, 2u);
  EXPECT_GE(relay.counts().relayed, 1u);
}

// Writes too: nothing was sent, so a POST whose connection was reset in its
// handshake goes again, and the run does not end "unreachable".
TEST_F(tls_handshake, resets_during_a_clone_fail_no_write) {
  sim_instance source(sim_config(source_token), 25, 0);
  sim_instance target(https(target_token), 0, 0);
  test_relay relay({.upstream_port = target.port(), .reset = {3, 4, 5}});
  cli_env env;
  auto r =
      env.sdemig(concat(concat({"clone", "--kind", "alm", "--concurrency", "8"}, env.from(source)),
                        side("--to", relay, env)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("clone: 25 created")) << r.out;
  EXPECT_EQ(target.store.size(connector_kind::alm), 25u);
  EXPECT_EQ(relay.counts().reset, 3u);
}

// --timeout 1 against a handshake that never ends: each attempt gives up
// after a second (not a fixed 10 s), and the timeout is retried within the
// retry budget as a connect's is.
TEST_F(tls_handshake, timeout_bounds_a_handshake_that_never_ends) {
  sim_instance source(https(source_token), 3, 0);
  relay_config held{.upstream_port = source.port()};
  for (std::uint64_t n = 1; n <= 100; ++n) held.hold.insert(n);
  test_relay relay(held);
  cli_env env;
  const auto start = clock_type::now();
  auto r = env.sdemig(
      concat({"export", "--timeout", "1", "--retry-budget", "3"}, side("--from", relay, env)));
  const auto took = clock_type::now() - start;
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("TLS handshake timed out after 1000 ms; retrying the source (1/7)"))
      << r.err;
  EXPECT_THAT(r.err, HasSubstr("probing the source's API failed: GET " + url(relay) +
                               "/api/v2/connectors/issue-tracker/?page_size=1: TLS handshake "
                               "timed out after 1000 ms"))
      << r.err;
  EXPECT_GE(relay.counts().held, 2u);  // retried
  EXPECT_LT(took, std::chrono::seconds(8));
}

// --timeout 15 lets a handshake take 10.5 s: no fixed 10 s cut it short.
TEST_F(tls_handshake, a_longer_timeout_lets_a_slow_handshake_finish) {
  sim_instance source(https(source_token), 3, 0);
  test_relay relay(
      {.upstream_port = source.port(), .hold = {1}, .hold_for = std::chrono::milliseconds(10'500)});
  cli_env env;
  auto r = env.sdemig(concat({"export", "--timeout", "15", "--out", env.path("e.json")},
                             side("--from", relay, env)));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "exported 3 connectors to " + env.path("e.json") + "\n");
  EXPECT_EQ(relay.counts().accepted, 1u);  // the first handshake finished: nothing retried
}

}  // namespace
}  // namespace sdemig::test

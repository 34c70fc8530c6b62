// TLS session resumption across the pool's connections to one instance
// (issue 34, item 4), counted by sde-sim: a clone at 16 in flight opens 16
// connections to an HTTPS target; the first does the full handshake, and
// every one after it resumes that session, on a server of TLS 1.2 only (a
// resumed handshake saves a round trip there) and on TLS 1.3 (tickets).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "support/temp_dir.hpp"
#include "support/test_pki.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;

class tls_resumption : public testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sdemig-resume");
    pki_ = make_test_pki(dir_);
  }
  void TearDown() override { remove_tree(dir_); }
  std::string dir_;
  test_pki pki_;
};

TEST_P(tls_resumption, every_handshake_after_the_first_resumes_a_session) {
  sim_instance source(sim_config(source_token), 200, 0);
  sim::server_config c = sim_config(target_token);
  c.tls = sim::tls_files{pki_.server_cert, pki_.server_key};
  c.tls12_only = GetParam();
  sim_instance target(c, 0, 0);
  cli_env env;
  const auto r = env.sdemig(
      concat({"clone", "--kind", "alm", "--concurrency", "16"},
             concat(env.from(source),
                    {"--to", "https://127.0.0.1:" + std::to_string(target.port()),
                     "--to-token-file", env.path("target.token"), "--to-ca-file", pki_.ca_cert})));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("clone: 200 created")) << r.out;
  const sim::server_stats s = target.server.stats();
  EXPECT_GT(s.tls_handshakes, 2u) << "the clone opened one connection: nothing to resume";
  EXPECT_EQ(s.tls_handshakes, s.connections_accepted);
  EXPECT_EQ(s.tls_resumed, s.tls_handshakes - 1) << s.tls_handshakes << " handshakes";
}

INSTANTIATE_TEST_SUITE_P(versions, tls_resumption, testing::Values(true, false),
                         [](const auto& info) { return info.param ? "tls12" : "tls13"; });

}  // namespace
}  // namespace sdemig::test

// sde-sim over TLS, with certificates this test makes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/sim_instance.hpp"
#include "support/test_pki.hpp"

namespace sdemig::sim {
namespace {

using testing::HasSubstr;

using test::http_client;
using test::tls_options;

class server_tls_test : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_temp_dir("sdemig-tls");
    pki_ = test::make_test_pki(dir_);
    other_dir_ = test::make_temp_dir("sdemig-tls-other");
    other_ = test::make_test_pki(other_dir_);
    server_config config;
    config.tls = tls_files{pki_.server_cert, pki_.server_key};
    config.routing.page_size_default = 2;
    sim_ = std::make_unique<test::sim_instance>(config, 5, 0);
  }
  void TearDown() override {
    sim_.reset();
    test::remove_tree(dir_);
    test::remove_tree(other_dir_);
  }
  std::string dir_, other_dir_;
  test::test_pki pki_, other_;
  std::unique_ptr<test::sim_instance> sim_;
};

TEST_F(server_tls_test, handshake_with_the_test_ca_and_https_links) {
  http_client client("127.0.0.1", sim_->port(), tls_options{pki_.ca_cert, "localhost"});
  auto r = client.get("/api/v2/connectors/alm/");
  ASSERT_FALSE(r.error) << r.error.message();
  EXPECT_EQ(r.status, 200u);
  EXPECT_THAT(r.body, HasSubstr("\"next\":\"https://127.0.0.1:")) << r.body;
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 200u);  // same connection
  EXPECT_EQ(sim_->server.stats().connections_accepted, 1u);
}

TEST_F(server_tls_test, untrusted_certificate_is_refused_by_a_verifying_client) {
  http_client client("127.0.0.1", sim_->port(), tls_options{other_.ca_cert, "localhost"});
  EXPECT_TRUE(client.connect());
}

TEST_F(server_tls_test, wrong_host_name_is_refused_by_a_verifying_client) {
  http_client client("127.0.0.1", sim_->port(), tls_options{pki_.ca_cert, "sde.example.com"});
  EXPECT_TRUE(client.connect());
}

TEST_F(server_tls_test, plain_http_to_the_tls_port_gets_no_answer) {
  http_client client("127.0.0.1", sim_->port());
  EXPECT_EQ(client.get("/api/v2/connectors/alm/1/").status, 0u);
}

TEST(server_tls, missing_certificate_file_is_a_clear_error) {
  connector_store store;
  server_config config;
  config.tls = tls_files{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
  server s(store, config);
  try {
    s.start();
    FAIL() << "started";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("cannot load TLS certificate /nonexistent/cert.pem"))
        << e.what();
  }
}

}  // namespace
}  // namespace sdemig::sim

// The client's TLS: verification on by default, --ca-file, host names,
// --insecure, and session resumption, against sde-sim with test certificates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client_fixture.hpp"
#include "support/test_pki.hpp"

namespace sdemig::net {
namespace {

using testing::HasSubstr;

namespace asio = boost::asio;
using namespace std::chrono;
using test::get;
using test::run_task;

constexpr const char* one = "/api/v2/connectors/alm/1/";

class tls_client_test : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_temp_dir("sdemig-client-tls");
    pki_ = test::make_test_pki(dir_, {"localhost", "127.0.0.1"});
    sim::server_config c;
    c.tls = sim::tls_files{pki_.server_cert, pki_.server_key};
    sim_ = std::make_unique<test::sim_instance>(c, 2, 0);
  }
  void TearDown() override {
    sim_.reset();
    test::remove_tree(dir_);
  }
  base_url url(const std::string& host = "127.0.0.1") {
    base_url u = test::url_of(*sim_, true);
    u.host = host;
    return u;
  }
  std::string dir_;
  test::test_pki pki_;
  std::unique_ptr<test::sim_instance> sim_;
  asio::io_context ioc_;
};

TEST_F(tls_client_test, succeeds_with_the_test_ca_and_resumes_sessions) {
  client_options o;
  o.ca_file = pki_.ca_cert;
  o.idle_timeout = milliseconds(1);  // every request opens a new connection
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    http_client client(ioc_.get_executor(), url(host), o);
    for (int i = 0; i < 3; ++i) {
      http_result r = run_task(ioc_, client.async_request(get(one)));
      ASSERT_TRUE(r.ok()) << r.message;
      EXPECT_EQ(r.status, 200u);
      ASSERT_TRUE(test::run_until(ioc_, [&] { return client.open_connections() == 0; }))
          << "the idle connection was not closed";
    }
    EXPECT_EQ(client.stats().connections_opened, 3u);
    EXPECT_EQ(client.stats().tls_sessions_resumed, 2u) << host;
    run_task(ioc_, client.async_shutdown(milliseconds(0)));
  }
}

// The pool's deadline watchdog ends a TLS exchange too: it closes the socket
// under the TLS stream, and the request fails as a timeout, promptly.
TEST_F(tls_client_test, a_slow_answer_over_tls_is_a_timeout) {
  sim::server_config c;
  c.tls = sim::tls_files{pki_.server_cert, pki_.server_key};
  c.faults.delay = 1;
  c.faults.delay_ms = 3000;
  test::sim_instance slow(c, 2, 0);
  client_options o;
  o.ca_file = pki_.ca_cert;
  o.request_timeout = milliseconds(300);
  o.retry.max_attempts = 1;
  http_client client(ioc_.get_executor(), test::url_of(slow, true), o);
  const auto start = steady_clock::now();
  http_result r = run_task(ioc_, client.async_request(get(one)));
  EXPECT_LT(steady_clock::now() - start, milliseconds(1500));
  EXPECT_EQ(r.error, failure::timeout);
  EXPECT_THAT(r.message, HasSubstr("timed out after 300 ms")) << r.message;
  run_task(ioc_, client.async_shutdown(milliseconds(0)));
}

TEST_F(tls_client_test, an_untrusted_certificate_is_refused_by_default) {
  http_client client(ioc_.get_executor(), url(), {});  // system trust store only
  http_result r = run_task(ioc_, client.async_request(get(one)));
  EXPECT_EQ(r.error, failure::tls);
  EXPECT_EQ(r.attempts, 1u);  // not retried: it would fail the same way
  EXPECT_EQ(r.message,
            "GET " + url().origin() + one +
                ": certificate verification failed: unable to get local issuer certificate");
}

TEST_F(tls_client_test, a_wrong_host_name_is_refused) {
  const std::string other_dir = test::make_temp_dir("sdemig-client-tls-other");
  const test::test_pki other = test::make_test_pki(other_dir, {"sde.example.com"});
  sim::server_config c;
  c.tls = sim::tls_files{other.server_cert, other.server_key};
  test::sim_instance wrong(c, 1, 0);
  client_options o;
  o.ca_file = other.ca_cert;
  {
    base_url u = test::url_of(wrong, true);
    u.host = "localhost";
    http_client client(ioc_.get_executor(), u, o);
    http_result r = run_task(ioc_, client.async_request(get(one)));
    EXPECT_EQ(r.error, failure::tls);
    EXPECT_THAT(r.message, HasSubstr("certificate verification failed: hostname mismatch"))
        << r.message;
  }
  {
    http_client client(ioc_.get_executor(), test::url_of(wrong, true), o);
    http_result r = run_task(ioc_, client.async_request(get(one)));
    EXPECT_THAT(r.message, HasSubstr("certificate verification failed: IP address mismatch"))
        << r.message;
  }
  test::remove_tree(other_dir);
}

TEST_F(tls_client_test, insecure_skips_verification) {
  client_options o;
  o.insecure = true;
  http_client client(ioc_.get_executor(), url(), o);
  http_result r = run_task(ioc_, client.async_request(get(one)));
  EXPECT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.status, 200u);
}

TEST_F(tls_client_test, an_unreadable_ca_file_is_a_clear_error) {
  client_options o;
  o.ca_file = dir_ + "/missing.pem";
  try {
    http_client client(ioc_.get_executor(), url(), o);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("cannot load CA file " + dir_ + "/missing.pem"));
  }
}

}  // namespace
}  // namespace sdemig::net

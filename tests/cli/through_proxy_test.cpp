// sdemig through an HTTP proxy, as in a corporate network: a small proxy on
// loopback (tests/support/test_proxy) that counts what it carried. HTTPS goes
// through CONNECT tunnels (the instance's certificate still verified), plain
// HTTP in absolute form; NO_PROXY, --proxy and --no-proxy choose; a 407 or a
// refused CONNECT is one clear line; a proxy that dies mid-run is a reset.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "cli_fixture.hpp"
#include "io/files/read_file.hpp"
#include "support/test_pki.hpp"
#include "support/test_proxy.hpp"

namespace sdemig::test {
namespace {

using testing::HasSubstr;
using testing::Not;

constexpr const char* proxy_password = "pr0xy-Secr3t-41";
constexpr const char* proxy_password_base64 =
    "c3luYzpwcjB4eS1TZWNyM3QtNDE=";  // "sync:pr0xy-Secr3t-41"

class through_proxy : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sdemig-proxy");
    pki_ = make_test_pki(dir_);
  }
  void TearDown() override { remove_tree(dir_); }

  sim::server_config https(const std::string& token, std::size_t page_size = 0) const {
    sim::server_config c = sim_config(token, page_size);
    c.tls = sim::tls_files{pki_.server_cert, pki_.server_key};
    return c;
  }
  static std::string https_url(const sim_instance& sim) {
    return "https://127.0.0.1:" + std::to_string(sim.port());
  }
  std::vector<std::string> https_both(const cli_env& env, const sim_instance& source,
                                      const sim_instance& target) const {
    return {"--from",    https_url(source), "--from-token-file", env.path("source.token"),
            "--to",      https_url(target), "--to-token-file",   env.path("target.token"),
            "--ca-file", pki_.ca_cert};
  }
  // sdemig with `vars` ("NAME=value ...", already quoted) in its environment.
  static run_result with_env(const cli_env& env, const std::string& vars,
                             const std::vector<std::string>& args) {
    return env.shell(vars + " \"$SDEMIG\" " + shell_words(args));
  }
  static std::string var(const std::string& name, const std::string& value) {
    return name + "=" + shell_words({value}) + " ";
  }

  std::string dir_;
  test_pki pki_;
};

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void expect_no_proxy_secret(const std::string& text, const std::string& where) {
  EXPECT_THAT(text, Not(HasSubstr(proxy_password))) << where;
  EXPECT_THAT(text, Not(HasSubstr(proxy_password_base64))) << where;
}

TEST_F(through_proxy, export_over_http_goes_in_absolute_form_through_the_proxy) {
  sim_instance source(sim_config(source_token, 100), 250, 20);
  test_proxy proxy;
  cli_env env;
  auto r = with_env(env, var("HTTP_PROXY", proxy.url()),
                    concat({"export", "--out", env.path("via-proxy.json")}, env.from(source)));
  ASSERT_EQ(r.code, 0) << r.err;
  const auto via = proxy.counts();
  EXPECT_EQ(via.tunnels, 0u);
  EXPECT_GE(via.forwarded, 4u);  // the probe, three pages of 100 and one of analysis
  EXPECT_EQ(via.forwarded,
            source.server.stats().requests);  // everything the instance saw came through the proxy
  EXPECT_EQ(source.server.stats().connections_accepted,
            via.connections);  // one upstream connection per client one

  auto direct = env.sdemig(concat({"export", "--out", env.path("direct.json")}, env.from(source)));
  ASSERT_EQ(direct.code, 0) << direct.err;
  auto body = [](const std::string& json) {
    return json.substr(json.find("\"api\""));
  };  // past exported_at
  EXPECT_EQ(body(files::read_file(env.path("via-proxy.json"))),
            body(files::read_file(env.path("direct.json"))));
}

// The acceptance case: 64 pooled connections, each its own tunnel, with
// credentials, the instances' certificates verified inside the tunnels.
TEST_F(through_proxy, clone_over_https_with_64_connections_is_exact_and_keeps_the_password_out) {
  sim_instance source(https(source_token, 100), 2000, 0);
  sim_instance target(https(target_token), 0, 0);
  test_proxy proxy({"sync", proxy_password});
  cli_env env;
  const std::string vars = var("HTTPS_PROXY", proxy.url("sync", proxy_password));
  auto r = with_env(env, vars,
                    concat({"clone", "--concurrency", "64", "--journal", env.path("j.ndjson"),
                            "--report", env.path("r.json")},
                           https_both(env, source, target)));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_THAT(r.out, HasSubstr("clone: 2000 created, 0 updated"));
  EXPECT_EQ(target.server.stats().writes_applied, 2000u);
  EXPECT_EQ(difference_except_ids(source.store.snapshot(connector_kind::alm),
                                  target.store.snapshot(connector_kind::alm)),
            "");

  const auto via = proxy.counts();
  EXPECT_EQ(via.forwarded, 0u);
  EXPECT_EQ(via.auth_rejected, 0u);
  // Every connection either instance accepted was a tunnel; the pool kept them alive.
  EXPECT_EQ(via.tunnels, source.server.stats().connections_accepted +
                             target.server.stats().connections_accepted);
  EXPECT_GE(via.tunnels, 2u);
  EXPECT_LE(target.server.stats().connections_accepted, 64u);
  for (const std::string& text : {r.out, r.err, files::read_file(env.path("j.ndjson")),
                                  files::read_file(env.path("r.json"))}) {
    expect_no_proxy_secret(text, "output");
  }

  auto again = with_env(env, vars, concat({"clone"}, https_both(env, source, target)));
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 writes"));
  EXPECT_EQ(target.server.stats().writes_applied, 2000u);
}

TEST_F(through_proxy, bench_runs_through_the_proxy_over_https_and_http) {
  sim_instance secure(https(source_token), 20, 0);
  sim_instance plain(sim_config(source_token), 20, 0);
  test_proxy proxy;
  cli_env env;
  auto r = with_env(env, var("HTTPS_PROXY", proxy.url()),
                    {"bench", "--url", https_url(secure), "--token-file", env.path("source.token"),
                     "--ca-file", pki_.ca_cert, "--op", "get", "-n", "300", "-c", "4", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_GE(proxy.counts().tunnels, 1u);
  EXPECT_LE(proxy.counts().tunnels, 4u);  // keep-alive through the tunnels
  EXPECT_GE(secure.server.stats().requests, 300u);

  r = env.sdemig({"bench", "--url", plain.url(), "--token-file", env.path("source.token"),
                  "--proxy", proxy.url(), "--op", "get", "-n", "300", "-c", "4", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(proxy.counts().forwarded, plain.server.stats().requests);
  EXPECT_GE(proxy.counts().forwarded, 302u);  // the probe, the list for ids, 300 measured
}

TEST_F(through_proxy, no_proxy_and_the_flags_choose_the_route) {
  sim_instance source(sim_config(source_token), 5, 0);
  test_proxy live;
  std::uint16_t dead_port = 0;
  {
    test_proxy gone;  // a port where nothing listens any more
    dead_port = gone.port();
  }
  const std::string dead = "http://127.0.0.1:" + std::to_string(dead_port);
  cli_env env;
  const auto out = concat({"export", "--out", env.path("e.json")}, env.from(source));

  for (const std::string& no_proxy :
       std::vector<std::string>{"127.0.0.1", "127.0.0.0/8",
                                "localhost,127.0.0.1:" + std::to_string(source.port()), "*"}) {
    auto r = with_env(env, var("HTTP_PROXY", live.url()) + var("NO_PROXY", no_proxy), out);
    EXPECT_EQ(r.code, 0) << no_proxy << ": " << r.err;
  }
  // NO_PROXY for another port of the same host does not bypass.
  auto r = with_env(env, var("http_proxy", live.url()) + var("no_proxy", "127.0.0.1:1"), out);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_GE(live.counts().forwarded, 1u);
  const auto forwarded = live.counts().forwarded;

  r = with_env(env, var("HTTP_PROXY", dead), concat(out, {"--no-proxy"}));  // ignores the variable
  EXPECT_EQ(r.code, 0) << r.err;
  r = with_env(env, var("HTTP_PROXY", dead), concat(out, {"--proxy", live.url()}));  // overrides it
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_GT(live.counts().forwarded, forwarded);
  r = with_env(env, var("ALL_PROXY", dead), out);  // the fallback variable is honoured
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot connect to proxy " + dead));

  r = with_env(env, var("HTTP_PROXY", "socks5://u:hunter2@127.0.0.1:1080"), out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "sdemig: HTTP_PROXY: proxy URL \"socks5://***@127.0.0.1:1080\": scheme socks5 is not "
            "supported "
            "(an http:// proxy, which tunnels https:// with CONNECT)\n");
  // --no-proxy wins over --proxy, as the docs say (issue 24, item 12).
  const auto before = live.counts().forwarded;
  r = env.sdemig(concat(out, {"--no-proxy", "--proxy", live.url()}));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(live.counts().forwarded, before);
  // A password with "/" in it is never printed, whatever else is wrong.
  for (const std::string& url : {std::string("http://u:hun/ter2@proxy.corp:0"),
                                 std::string("socks5://u:hun/ter2@proxy.corp:1080")}) {
    r = env.sdemig(concat(out, {"--proxy", url}));
    EXPECT_EQ(r.code, 2) << url;
    EXPECT_THAT(r.err, Not(HasSubstr("ter2"))) << r.err;
    r = with_env(env, var("HTTPS_PROXY", url), out);
    EXPECT_THAT(r.err + r.out, Not(HasSubstr("ter2"))) << r.err;
  }
}

TEST_F(through_proxy, a_connect_that_gets_no_answer_waits_for_timeout_not_ten_seconds) {
  sim_instance secure(https(source_token), 3, 0);
  // A "proxy" that takes the connection and never says a word.
  const int quiet = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(quiet, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(quiet, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
  ASSERT_EQ(::listen(quiet, 16), 0);
  socklen_t len = sizeof at;
  ::getsockname(quiet, reinterpret_cast<sockaddr*>(&at), &len);
  const std::string proxy = "http://127.0.0.1:" + std::to_string(ntohs(at.sin_port));
  cli_env env;
  auto r = env.sdemig({"export", "--from", https_url(secure), "--from-token-file",
                       env.path("source.token"), "--ca-file", pki_.ca_cert, "--proxy", proxy,
                       "--timeout", "0.3", "--retry-budget", "0"});
  ::close(quiet);
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("did not answer CONNECT within 300 ms")) << r.err;
}

TEST_F(through_proxy, a_407_is_one_line_and_is_not_retried) {
  sim_instance secure(https(source_token), 3, 0);
  sim_instance plain(sim_config(source_token), 3, 0);
  test_proxy proxy({"sync", proxy_password});
  cli_env env;
  const auto secure_export = std::vector<std::string>{
      "export",    "--from",    https_url(secure), "--from-token-file", env.path("source.token"),
      "--ca-file", pki_.ca_cert};
  const auto plain_export = concat({"export"}, env.from(plain));

  auto r = with_env(env, var("HTTPS_PROXY", proxy.url()), secure_export);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_THAT(r.err, HasSubstr("proxy " + proxy.url() +
                               " refused the tunnel to 127.0.0.1:" + std::to_string(secure.port()) +
                               ": 407 Proxy Authentication Required "
                               "(it asks for credentials: http://USER:PASSWORD@host:port)"));
  EXPECT_EQ(proxy.counts().auth_rejected, 1u);  // a refusal is final: asked once

  r = with_env(env, var("HTTPS_PROXY", proxy.url("sync", "wrong-pw-77")), secure_export);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_THAT(r.err, HasSubstr("(it did not accept the user and password of the proxy URL)"));
  EXPECT_THAT(r.err, Not(HasSubstr("wrong-pw-77")));

  r = with_env(env, var("HTTP_PROXY", proxy.url("sync", "wrong-pw-77")), plain_export);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_THAT(r.err,
              HasSubstr("proxy " + proxy.url() + " refused the request: 407 (it did not accept"));
  EXPECT_THAT(r.err, Not(HasSubstr("wrong-pw-77")));
  EXPECT_EQ(proxy.counts().auth_rejected, 3u);
  EXPECT_EQ(secure.server.stats().requests + plain.server.stats().requests, 0u);

  r = with_env(env, var("HTTP_PROXY", proxy.url("sync", proxy_password)), plain_export);
  EXPECT_EQ(r.code, 0) << r.err;
  expect_no_proxy_secret(r.out + r.err, "export");
}

TEST_F(through_proxy, a_refused_connect_is_one_line) {
  sim_instance secure(https(source_token), 3, 0);
  test_proxy proxy({.refuse_connect = true});
  cli_env env;
  auto r = with_env(env, var("HTTPS_PROXY", proxy.url()),
                    {"export", "--from", https_url(secure), "--from-token-file",
                     env.path("source.token"), "--ca-file", pki_.ca_cert});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_THAT(r.err, HasSubstr("proxy " + proxy.url() + " refused CONNECT to 127.0.0.1:" +
                               std::to_string(secure.port()) + ": 403 Forbidden"));
  EXPECT_EQ(proxy.counts().refused, 1u);
}

// Kills `proxy` once the target has applied `writes` writes; with `back_after`
// a new proxy listens on the same port that long after (a restarted proxy).
class proxy_killer {
 public:
  proxy_killer(std::unique_ptr<test_proxy>& proxy, const sim_instance& target, std::uint64_t writes,
               std::optional<std::chrono::milliseconds> back_after)
      : thread_([&proxy, &target, writes, back_after, this] {
          while (!done_ && target.server.stats().writes_applied < writes)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          if (done_) return;
          const std::uint16_t port = proxy->port();
          proxy->kill();
          killed_at_ = target.server.stats().writes_applied;
          if (!back_after) return;
          std::this_thread::sleep_for(*back_after);
          proxy.reset();
          proxy = std::make_unique<test_proxy>(proxy_config{.port = port});
        }) {}
  ~proxy_killer() {
    done_ = true;
    thread_.join();
  }
  std::uint64_t killed_at() const { return killed_at_; }

 private:
  std::atomic<bool> done_{false};
  std::atomic<std::uint64_t> killed_at_{0};
  std::thread thread_;
};

std::set<std::string> names_of(const std::vector<connector>& cs) {
  std::set<std::string> out;
  for (const connector& c : cs) out.insert(c.name);
  return out;
}

TEST_F(through_proxy, a_proxy_restarting_mid_clone_is_a_reset_and_the_run_ends_exact) {
  sim_instance source(https(source_token, 200), 3000, 0);
  sim::server_config slow = https(target_token);
  slow.faults.latency_ms = 1;  // keeps writes in flight when the proxy goes
  sim_instance target(std::move(slow), 0, 0);
  auto proxy = std::make_unique<test_proxy>();
  cli_env env;
  run_result r;
  std::uint64_t killed_at = 0;
  {
    proxy_killer killer(proxy, target, 1000, std::chrono::milliseconds(300));
    r = with_env(
        env, var("HTTPS_PROXY", proxy->url()),
        concat({"clone", "--kind", "alm", "--concurrency", "32", "--journal", env.path("j.ndjson")},
               https_both(env, source, target)));
    killed_at = killer.killed_at();
  }
  ASSERT_GT(killed_at, 0u) << "the proxy was not killed mid-run";
  EXPECT_LT(killed_at, 3000u);
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  const auto landed = target.store.snapshot(connector_kind::alm);
  EXPECT_EQ(landed.size(), 3000u);
  EXPECT_EQ(names_of(landed).size(), landed.size()) << "a duplicate was created";
  EXPECT_EQ(difference_except_ids(source.store.snapshot(connector_kind::alm), landed), "");
}

TEST_F(through_proxy, a_proxy_dying_for_good_fails_the_run_and_a_rerun_repairs_it) {
  sim_instance source(https(source_token, 200), 600, 0);
  sim::server_config slow = https(target_token);
  slow.faults.latency_ms = 1;
  sim_instance target(std::move(slow), 0, 0);
  auto proxy = std::make_unique<test_proxy>();
  cli_env env;
  run_result r;
  {
    proxy_killer killer(proxy, target, 200, std::nullopt);
    r = with_env(
        env, var("HTTPS_PROXY", proxy->url()),
        concat({"clone", "--kind", "alm", "--concurrency", "16", "--journal", env.path("j.ndjson")},
               https_both(env, source, target)));
  }
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("sdemig: the target is unreachable ("));
  EXPECT_THAT(r.err, HasSubstr("cannot connect to proxy " + proxy->url()));
  EXPECT_THAT(r.err, HasSubstr("): no new writes were sent; rerun when it is back"));
  EXPECT_LT(target.store.size(connector_kind::alm), 600u);

  test_proxy back;
  r = with_env(env, var("HTTPS_PROXY", back.url()),
               concat({"clone", "--kind", "alm", "--journal", env.path("j.ndjson")},
                      https_both(env, source, target)));
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  const auto landed = target.store.snapshot(connector_kind::alm);
  EXPECT_EQ(names_of(landed).size(), landed.size()) << "a duplicate was created";
  EXPECT_EQ(difference_except_ids(source.store.snapshot(connector_kind::alm), landed), "");
}

}  // namespace
}  // namespace sdemig::test

// Which proxy a connection takes: proxy URLs, NO_PROXY as curl reads it, the
// variables' order, and the request head sent to a forward proxy. No sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "io/net/core/proxy.hpp"
#include "io/net/core/request_head.hpp"

namespace sdemig::net {
namespace {

using testing::HasSubstr;
using testing::Not;

base_url instance(const std::string& url) {
  return *parse_base_url(url);
}

TEST(proxy_url, parses_credentials_hosts_and_ports) {
  auto p = parse_proxy_url("http://svc%2Dsync:p%40ss:w@proxy.corp:3128/");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->host, "proxy.corp");
  EXPECT_EQ(p->port, 3128);
  EXPECT_EQ(p->user, "svc-sync");
  EXPECT_EQ(p->password, "p@ss:w");
  EXPECT_EQ(p->authorization(), "Basic c3ZjLXN5bmM6cEBzczp3");  // base64("svc-sync:p@ss:w")
  EXPECT_EQ(p->display(), "http://proxy.corp:3128");

  auto bare = parse_proxy_url("proxy.corp");  // no scheme: http://, curl's default port
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->port, 1080);
  EXPECT_EQ(bare->authorization(), "");

  auto v6 = parse_proxy_url("HTTP://[fd00::3]:8080");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "fd00::3");
  EXPECT_TRUE(v6->host_is_ip());
  EXPECT_EQ(v6->display(), "http://[fd00::3]:8080");
}

TEST(proxy_url, errors_are_one_line_without_the_password) {
  struct bad {
    const char* url;
    const char* why;
  };
  for (const bad& b :
       {bad{"https://u:hunter2@proxy:443", "scheme https is not supported"},
        bad{"socks5://u:hunter2@proxy:1080", "scheme socks5 is not supported"},
        bad{"http://u:hunter2@:3128", "no host"}, bad{"http://u:hunter2@proxy:0", "not in 1-65535"},
        bad{"http://u:hunter2@proxy:99999", "not in 1-65535"},
        bad{"http://u:hunter2@proxy:", "empty port"},
        bad{"http://u:hunter2@proxy:3128/x", "has no path"},
        bad{"http://u:hunter2%zz@proxy:3128", "percent-encoding"},
        bad{"http://u:hunter2@[::1:3128", "unclosed ["},
        // A password with "/" in it, not percent-encoded (issue 24, item 7).
        bad{"http://u:hun/ter2@proxy:0", "not in 1-65535"},
        bad{"http://u:hun/ter2@proxy:3128/x", "has no path"},
        bad{"socks5://u:hun/ter2@proxy:1080", "scheme socks5 is not supported"},
        bad{"https://u:hun/ter2@proxy", "scheme https is not supported"},
        bad{"http://u:hun/ter2@", "no host"}}) {
    std::string error;
    EXPECT_FALSE(parse_proxy_url(b.url, &error)) << b.url;
    EXPECT_THAT(error, HasSubstr(b.why)) << b.url;
    EXPECT_THAT(error, Not(HasSubstr("hunter2"))) << b.url;
    EXPECT_THAT(error, Not(HasSubstr("ter2"))) << b.url;
    EXPECT_THAT(error, Not(HasSubstr("\n")));
  }
}

TEST(no_proxy, matches_as_curl_does) {
  struct row {
    const char* list;
    const char* host;
    std::uint16_t port;
    bool bypass;
  };
  const row rows[] = {
      {"*", "sde.example.com", 443, true},
      {"example.com", "example.com", 443, true},
      {"example.com", "sde.example.com", 443, true},  // subdomains
      {".example.com", "sde.example.com", 443, true},
      {".example.com", "example.com", 443, true},     // a leading dot is ignored
      {"example.com", "badexample.com", 443, false},  // on a label boundary only
      {"example.com", "example.com.evil", 443, false},
      {"EXAMPLE.com", "Sde.Example.COM.", 443, true},  // any case, a trailing dot
      {"localhost, .corp,intra", "sde.corp", 443, true},
      {"localhost  intra", "intra", 80, true},  // spaces separate too
      {"sde.corp:8443", "sde.corp", 8443, true},
      {"sde.corp:8443", "sde.corp", 443, false},
      {"127.0.0.1", "127.0.0.1", 80, true},
      {"127.0.0.1", "127.0.0.2", 80, false},
      {"127.0.0.0/8", "127.3.2.1", 80, true},
      {"10.0.0.0/8", "127.0.0.1", 80, false},
      {"192.168.0.0/16", "sde.corp", 443, false},  // no DNS lookups for address entries
      {"::1", "::1", 443, true},
      {"[::1]:8443", "::1", 8443, true},
      {"[::1]:8443", "::1", 443, false},
      {"fd00::/8", "fd12::7", 443, true},
      {"fd00::/8", "fe80::1", 443, false},
      {"", "sde.corp", 443, false},
      {" , ,", "sde.corp", 443, false},
      // A name entry never matches an address host by suffix (curl's rule).
      {"0.0.1", "127.0.0.1", 80, false},
      {".0.1", "127.0.0.1", 80, false},
      {"0.1", "10.0.0.1", 80, false},
      // A prefix longer than the family's is no block.
      {"127.0.0.1/33", "127.0.0.1", 80, false},
      {"::1/129", "::1", 80, false},
      {"127.0.0.1/32", "127.0.0.1", 80, true},
  };
  for (const row& r : rows) {
    EXPECT_EQ(no_proxy_matches(r.list, r.host, r.port), r.bypass)
        << '"' << r.list << "\" vs " << r.host << ":" << r.port;
  }
}

TEST(proxy_choice, takes_the_schemes_variable_then_all_proxy) {
  proxy_environment env;
  env.https_proxy = "http://tls-proxy:3128";
  env.http_proxy = "http://plain-proxy:3128";
  env.all_proxy = "http://any-proxy:3128";
  EXPECT_EQ(choose_proxy(instance("https://sde.corp"), {}, env).proxy->host, "tls-proxy");
  EXPECT_EQ(choose_proxy(instance("http://sde.corp"), {}, env).proxy->host, "plain-proxy");
  env.https_proxy.clear();
  EXPECT_EQ(choose_proxy(instance("https://sde.corp"), {}, env).proxy->host, "any-proxy");
  env.all_proxy.clear();
  EXPECT_FALSE(choose_proxy(instance("https://sde.corp"), {}, env).proxy);
}

TEST(proxy_choice, flags_override_and_no_proxy_still_applies) {
  proxy_environment env;
  env.https_proxy = "http://env-proxy:3128";
  env.no_proxy = ".internal";
  EXPECT_EQ(choose_proxy(instance("https://sde.corp"), {"http://flag-proxy:8080", false}, env)
                .proxy->host,
            "flag-proxy");
  EXPECT_FALSE(choose_proxy(instance("https://sde.corp"), {"", true}, env).proxy);  // --no-proxy
  EXPECT_FALSE(
      choose_proxy(instance("https://sde.internal"), {"http://flag-proxy:8080", false}, env).proxy);
}

TEST(proxy_choice, a_bad_url_names_where_it_came_from) {
  proxy_environment env;
  env.https_proxy = "socks5://u:hunter2@p:1080";
  env.https_name = "https_proxy";
  proxy_choice c = choose_proxy(instance("https://sde.corp"), {}, env);
  EXPECT_FALSE(c.proxy);
  EXPECT_THAT(c.error, HasSubstr("https_proxy: proxy URL"));
  EXPECT_THAT(c.error, Not(HasSubstr("hunter2")));
  c = choose_proxy(instance("https://sde.corp"), {"http://:1", false}, env);
  EXPECT_THAT(c.error, HasSubstr("--proxy: proxy URL"));
}

TEST(proxy_choice, lower_case_variables_come_first) {
  const char* names[] = {"https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"};
  for (const char* n : names) ::unsetenv(n);
  ::setenv("HTTPS_PROXY", "http://upper:1", 1);
  EXPECT_EQ(proxy_environment::from_process().https_proxy, "http://upper:1");
  EXPECT_EQ(proxy_environment::from_process().https_name, "HTTPS_PROXY");
  ::setenv("https_proxy", "http://lower:1", 1);
  ::setenv("NO_PROXY", "sde.corp", 1);
  const proxy_environment env = proxy_environment::from_process();
  EXPECT_EQ(env.https_proxy, "http://lower:1");
  EXPECT_EQ(env.https_name, "https_proxy");
  EXPECT_EQ(env.no_proxy, "sde.corp");
  for (const char* n : names) ::unsetenv(n);
}

TEST(proxy_request_head, plain_http_goes_in_absolute_form_with_proxy_credentials) {
  request_head_writer writer("sde.corp:8080", "sdemig/test", "Token t", "http://sde.corp:8080",
                             "Basic dTpw");
  http_request req;
  req.target = "/api/v2/connectors/alm/?page=2";
  const std::string head = writer.make(req);
  EXPECT_TRUE(
      head.starts_with("GET http://sde.corp:8080/api/v2/connectors/alm/?page=2 HTTP/1.1\r\n"))
      << head;
  EXPECT_THAT(head, HasSubstr("\r\nHost: sde.corp:8080\r\n"));
  EXPECT_THAT(head, HasSubstr("\r\nProxy-Authorization: Basic dTpw\r\n"));
  EXPECT_THAT(head, HasSubstr("\r\nAuthorization: Token t\r\n"));
}

}  // namespace
}  // namespace sdemig::net

#include "io/net/core/url.hpp"

#include <gtest/gtest.h>

namespace sdemig::net {
namespace {

TEST(url, parses_scheme_host_port_and_prefix) {
  auto u = parse_base_url("https://sde.example.com:8443/sde/");
  ASSERT_TRUE(u);
  EXPECT_TRUE(u->tls);
  EXPECT_EQ(u->host, "sde.example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->prefix, "/sde");
  EXPECT_EQ(u->url("/api/v2/connectors/alm/"),
            "https://sde.example.com:8443/sde/api/v2/connectors/alm/");
  EXPECT_EQ(u->target("/api/v2/connectors/alm/"), "/sde/api/v2/connectors/alm/");
}

TEST(url, default_ports_and_ipv6_and_api_root) {
  EXPECT_EQ(parse_base_url("http://h")->port, 80);
  EXPECT_EQ(parse_base_url("https://h")->origin(), "https://h");
  auto v6 = parse_base_url("http://[::1]:8080");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->origin(), "http://[::1]:8080");
  EXPECT_TRUE(v6->host_is_ip());
  EXPECT_EQ(parse_base_url("https://sde.example.com/api/v2/")->prefix, "");
}

struct bad_url {
  const char* text;
  const char* message;
};
class bad_urls : public testing::TestWithParam<bad_url> {};
TEST_P(bad_urls, say_what_is_wrong) {
  url_error e;
  EXPECT_FALSE(parse_base_url(GetParam().text, &e));
  EXPECT_EQ(e.message, GetParam().message);
}
INSTANTIATE_TEST_SUITE_P(
    all, bad_urls,
    testing::Values(
        bad_url{"sde.example.com",
                "URL \"sde.example.com\" has no scheme: write http://sde.example.com or "
                "https://sde.example.com"},
        bad_url{"ftp://h", "URL \"ftp://h\": scheme must be http or https"},
        bad_url{"http://h:0", "URL \"http://h:0\": port \"0\" is not in 1-65535"},
        bad_url{"http://h:65536", "URL \"http://h:65536\": port \"65536\" is not in 1-65535"},
        bad_url{"http://h:x", "URL \"http://h:x\": port \"x\" is not in 1-65535"},
        bad_url{"http://h:", "URL \"http://h:\": port \"\" is not in 1-65535"},
        bad_url{"http://", "URL \"http://\" has no host"},
        // The password a user typed is not printed back.
        bad_url{"http://admin:S3cret-pw@h",
                "URL \"http://***@h\": credentials in the URL are not supported, use a token file"},
        bad_url{"admin:S3cret-pw@h/x",
                "URL \"***@h/x\" has no scheme: write http://***@h/x or https://***@h/x"},
        // Nor a query's values (an api_key pasted into the URL).
        bad_url{"http://h/?x=1",
                "URL \"http://h/?x=***\": a query or fragment is not allowed in the base URL"},
        bad_url{"https://u:pw@h/sde?api_key=Q-S3cret&tok#frag",
                "URL \"https://***@h/sde?api_key=***&***\": credentials in the URL are not "
                "supported, use a token file"},
        bad_url{"http://h/#Q-S3cret",
                "URL \"http://h/\": a query or fragment is not allowed in the base URL"}));

TEST(url, split_absolute_and_relative) {
  auto s = split_absolute_url("http://h:1/api/v2/connectors/alm/?page=2");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->origin, "http://h:1");
  EXPECT_EQ(s->target, "/api/v2/connectors/alm/?page=2");
  EXPECT_EQ(split_absolute_url("/x")->origin, "");
  EXPECT_FALSE(split_absolute_url("x"));
}

}  // namespace
}  // namespace sdemig::net

#include "io/net/core/next_step.hpp"

#include <gtest/gtest.h>

namespace sdemig::net {
namespace {

using kind = next_step::kind;

http_result answer(unsigned status, std::string retry_after = {}, std::string location = {}) {
  http_result r;
  r.status = status;
  r.retry_after = std::move(retry_after);
  r.location = std::move(location);
  return r;
}

http_result broken(failure f, bool maybe_sent) {
  http_result r;
  r.error = f;
  r.maybe_sent = maybe_sent;
  return r;
}

attempt_context on(http_method m) {
  attempt_context c;
  c.method = m;
  c.origin = "https://sde.example.com";
  return c;
}

TEST(next_step, answers_are_handed_back) {
  for (unsigned status : {200u, 201u, 204u, 400u, 401u, 404u, 500u})
    EXPECT_EQ(decide_next(answer(status), on(http_method::post)).what, kind::done) << status;
  EXPECT_EQ(decide_next(answer(503), on(http_method::post)).what, kind::done);  // not idempotent
}

TEST(next_step, throttled_and_unavailable_are_retried_with_retry_after) {
  const next_step t = decide_next(answer(429, "3"), on(http_method::post));
  EXPECT_EQ(t.what, kind::retry);
  EXPECT_EQ(t.cause, retry_cause::throttled);
  EXPECT_EQ(t.retry_after, std::chrono::seconds(3));
  const next_step u = decide_next(answer(503), on(http_method::get));
  EXPECT_EQ(u.cause, retry_cause::unavailable);
  EXPECT_FALSE(u.retry_after);
}

TEST(next_step, network_failures_by_whether_the_request_may_have_arrived) {
  EXPECT_EQ(decide_next(broken(failure::connect, false), on(http_method::post)).cause,
            retry_cause::connect_failed);
  EXPECT_EQ(decide_next(broken(failure::timeout, false), on(http_method::patch)).cause,
            retry_cause::connect_failed);
  EXPECT_EQ(decide_next(broken(failure::timeout, true), on(http_method::get)).cause,
            retry_cause::timeout);
  EXPECT_EQ(decide_next(broken(failure::connection_lost, true), on(http_method::put)).cause,
            retry_cause::connection_lost);
  // A write that may have been applied is the caller's to settle.
  EXPECT_EQ(decide_next(broken(failure::connection_lost, true), on(http_method::post)).what,
            kind::done);
  EXPECT_EQ(decide_next(broken(failure::timeout, true), on(http_method::patch)).what, kind::done);
  for (failure f : {failure::tls, failure::protocol, failure::cancelled, failure::proxy})
    EXPECT_EQ(decide_next(broken(f, false), on(http_method::get)).what, kind::done);
}

TEST(next_step, redirects_are_followed_on_the_same_origin_only_for_get) {
  const next_step same = decide_next(answer(301, {}, "/api/v2/x/?page=2"), on(http_method::get));
  EXPECT_EQ(same.what, kind::redirect);
  EXPECT_EQ(same.target, "/api/v2/x/?page=2");
  EXPECT_EQ(decide_next(answer(308, {}, "https://sde.example.com/a/"), on(http_method::get)).target,
            "/a/");
  const next_step other =
      decide_next(answer(302, {}, "https://evil.example/"), on(http_method::get));
  EXPECT_EQ(other.what, kind::fail);
  EXPECT_EQ(other.error, failure::redirect);
  EXPECT_EQ(other.why, "redirected to https://evil.example/, another host: not followed");
  EXPECT_EQ(decide_next(answer(307, {}, "/a/"), on(http_method::post)).what, kind::done);
  attempt_context many = on(http_method::get);
  many.redirects = 5;
  EXPECT_EQ(decide_next(answer(301, {}, "/a/"), many).why, "more than 5 redirects");
}

TEST(next_step, a_407_through_a_forward_proxy_is_the_proxy_s) {
  attempt_context c = on(http_method::get);
  c.forward_proxy = true;
  c.proxy_name = "http://proxy:3128";
  c.proxy_auth_hint = "(no credentials were sent)";
  const next_step s = decide_next(answer(407), c);
  EXPECT_EQ(s.what, kind::fail);
  EXPECT_EQ(s.error, failure::proxy);
  EXPECT_FALSE(s.maybe_sent);
  EXPECT_EQ(s.why, "proxy http://proxy:3128 refused the request: 407 (no credentials were sent)");
  EXPECT_EQ(decide_next(answer(407), on(http_method::get)).what, kind::done);  // the instance's
}

TEST(next_step, an_authoritative_no_such_host_is_not_retried) {
  http_result nxdomain = broken(failure::connect, false);
  nxdomain.final = true;
  EXPECT_EQ(decide_next(nxdomain, on(http_method::get)).what, kind::done);
  EXPECT_EQ(decide_next(broken(failure::connect, false), on(http_method::get)).what, kind::retry);
}

TEST(next_step, a_forward_proxy_s_502_is_retried_as_a_failed_connection) {
  attempt_context c = on(http_method::get);
  c.forward_proxy = true;
  EXPECT_EQ(decide_next(answer(502), c).cause, retry_cause::connect_failed);
  attempt_context write = on(http_method::post);
  write.forward_proxy = true;
  EXPECT_EQ(decide_next(answer(502), write).what, kind::done);  // may have reached the instance
  EXPECT_EQ(decide_next(answer(502), on(http_method::get)).what, kind::done);  // the instance's
}

TEST(next_step, a_reused_connection_closed_while_idle_is_sent_again) {
  using m = http_method;
  EXPECT_TRUE(closed_while_idle(true, false, failure::connection_lost, m::get, true));
  EXPECT_TRUE(closed_while_idle(true, false, failure::connection_lost, m::post, false));
  EXPECT_FALSE(closed_while_idle(true, false, failure::connection_lost, m::post, true));
  EXPECT_FALSE(closed_while_idle(false, false, failure::connection_lost, m::get, true));
  EXPECT_FALSE(closed_while_idle(true, true, failure::connection_lost, m::get, true));
  EXPECT_FALSE(closed_while_idle(true, false, failure::timeout, m::get, true));
}

}  // namespace
}  // namespace sdemig::net

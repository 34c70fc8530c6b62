#include "io/net/core/next_step.hpp"

#include "io/net/core/url.hpp"

namespace sdemig::net {

namespace {

next_step retry(retry_cause cause, std::optional<std::chrono::milliseconds> after = std::nullopt) {
  next_step s;
  s.what = next_step::kind::retry;
  s.cause = cause;
  s.retry_after = after;
  return s;
}

next_step fail(failure error, bool maybe_sent, std::string why) {
  next_step s;
  s.what = next_step::kind::fail;
  s.error = error;
  s.maybe_sent = maybe_sent;
  s.why = std::move(why);
  return s;
}

}  // namespace

next_step decide_next(const http_result& r, const attempt_context& c) {
  if (!r.ok()) {
    if (r.final) return {};  // an authoritative "no such host"
    if (!r.maybe_sent && (r.error == failure::connect || r.error == failure::timeout))
      return retry(retry_cause::connect_failed);  // never reached the server
    if ((r.error == failure::connection_lost || r.error == failure::timeout) &&
        is_idempotent(c.method))
      return retry(r.error == failure::timeout ? retry_cause::timeout
                                               : retry_cause::connection_lost);
    return {};  // TLS, protocol, cancelled, or a write whose outcome is unknown
  }
  if (r.status == 407 && c.forward_proxy) {
    // The proxy's answer, not the instance's: the request went no further.
    return fail(failure::proxy, false,
                "proxy " + std::string(c.proxy_name) + " refused the request: 407 " +
                    std::string(c.proxy_auth_hint));
  }
  if (r.status == 429) return retry(retry_cause::throttled, parse_retry_after(r.retry_after));
  if (r.status == 503 && is_idempotent(c.method))
    return retry(retry_cause::unavailable, parse_retry_after(r.retry_after));
  // A forward proxy that could not reach the instance says 502 itself, as
  // it says it to a CONNECT: retried like a connection that failed.
  if (r.status == 502 && c.forward_proxy && is_idempotent(c.method))
    return retry(retry_cause::connect_failed);
  const bool redirect = r.status == 301 || r.status == 302 || r.status == 307 || r.status == 308;
  if (!redirect || c.method != http_method::get || r.location.empty()) return {};
  auto to = split_absolute_url(r.location);
  if (!to || (!to->origin.empty() && to->origin != c.origin))
    return fail(failure::redirect, true,
                "redirected to " + r.location + ", another host: not followed");
  if (c.redirects >= attempt_context::max_redirects)
    return fail(failure::redirect, true, "more than 5 redirects");
  next_step s;
  s.what = next_step::kind::redirect;
  s.target = to->target;
  return s;
}

}  // namespace sdemig::net

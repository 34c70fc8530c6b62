#pragma once
// What the client does after an attempt: hand the answer back, try again
// (and why), follow a redirect, or fail. Pure functions beside `backoff`:
// no I/O, no clock; the client asks, these answer.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "io/net/core/http_types.hpp"
#include "io/net/core/retry.hpp"

namespace sdemig::net {

struct next_step {
  enum class kind {
    done,      // hand the result back as it is
    retry,     // try again after a backoff (`cause`, `retry_after`)
    redirect,  // send again to `target`
    fail,      // fail with `error` and `why` (the request went no further)
  };
  kind what = kind::done;
  std::optional<retry_cause> cause;
  std::optional<std::chrono::milliseconds> retry_after;
  std::string target;
  failure error = failure::none;
  bool maybe_sent = false;
  std::string why;
};

struct attempt_context {
  http_method method = http_method::get;
  std::string_view origin;     // scheme://host[:port] of the instance
  bool forward_proxy = false;  // plain HTTP through a proxy: a 407 is the proxy's
  std::string_view proxy_name;
  std::string_view proxy_auth_hint;
  unsigned redirects = 0;  // followed so far for this request
  static constexpr unsigned max_redirects = 5;
};

// The decision on one attempt's result: 429 (any method: refused, not
// processed) and 503 (idempotent ones) are retried with the server's
// Retry-After; connect failures and timeouts that never reached the server
// are retried for every method, lost connections and timeouts after sending
// only for idempotent ones; GET redirects are followed on the same origin,
// at most five.
next_step decide_next(const http_result& r, const attempt_context& c);

// Whether a failed exchange on a reused connection was the server having
// closed it while idle (nothing came back, and the request can be sent
// again: idempotent, or not written at all), so that it is sent once more
// on a fresh connection without counting as an attempt.
constexpr bool closed_while_idle(bool reused, bool got_response_bytes, failure error,
                                 http_method method, bool request_written) noexcept {
  return reused && !got_response_bytes && error == failure::connection_lost &&
         (is_idempotent(method) || !request_written);
}

}  // namespace sdemig::net

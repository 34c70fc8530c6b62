#pragma once
// The bench's client never retries (a 429 must be counted, not hidden), but
// what it asks before measuring -- the API probe, the list it takes ids
// from -- is tried again on 429/503 under the usual retry policy
// (Retry-After honoured, attempts and total time capped).

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "io/net/core/retry.hpp"

namespace sdemig::engine {

// `attempt()` gives an awaitable<R>; `throttled(r)` is nullopt when `r` is
// final, else the wait the server asked for (itself optional).
template <class R, class Attempt, class Throttled>
boost::asio::awaitable<R> async_retry_unmeasured(Attempt attempt, Throttled throttled) {
  using clock = std::chrono::steady_clock;
  net::backoff policy{net::retry_options{}};
  const auto started = clock::now();
  boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor);
  for (unsigned n = 1;; ++n) {
    R r = co_await attempt();
    const std::optional<std::optional<std::chrono::milliseconds>> retry_after = throttled(r);
    if (!retry_after) co_return r;
    const auto wait = policy.delay(n, *retry_after);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started);
    if (!policy.allows(n, elapsed, wait)) co_return r;
    pause.expires_after(wait);
    co_await pause.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace sdemig::engine

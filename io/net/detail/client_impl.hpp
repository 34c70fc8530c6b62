#pragma once
// The state behind one http_client, shared by its two halves:
// io/net/client_pool.cpp drives the pool (io/net/core/pool_state.hpp keeps its
// books: this file adds sockets, timers and coroutines), io/net/http_client.cpp
// sends requests over it (pacing, retries, redirects, the adaptive limit,
// shutdown). Includes Beast: only those two files include it.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <iostream>
#include <memory>
#include <optional>

#include "io/net/core/adaptive_limit.hpp"
#include "io/net/core/next_step.hpp"
#include "io/net/core/pool_state.hpp"
#include "io/net/core/rate_limiter.hpp"
#include "io/net/core/request_head.hpp"
#include "io/net/core/wait_list.hpp"
#include "io/net/detail/connection.hpp"
#include "io/net/http_client.hpp"

namespace sdemig::net {

namespace asio = boost::asio;
using detail::clock;
using detail::connection;
using detail::tcp;
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// A coroutine waiting on a timer, in a wait_list while it waits: woken by
// cancelling the timer, out of the list when its frame goes.
// A waiter woken by cancelling its timer. It may be woken before its
// coroutine waits (a pacer started inline takes a slot at once): `woken`
// remembers it, and wait() then does not wait at all.
struct timer_waiter final : waiter {
  asio::steady_timer timer;
  bool woken = false;
  timer_waiter(wait_list& list, const asio::any_io_executor& ex)
      : waiter(list), timer(ex, clock::time_point::max()) {}
  void wake() noexcept override {
    woken = true;
    timer.cancel();
  }
  // Until woken, or until the timer's expiry; true when woken.
  asio::awaitable<bool> wait() {
    if (!woken) co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    co_return woken;
  }
};

struct http_client::impl : std::enable_shared_from_this<impl> {
  asio::any_io_executor executor;
  base_url base;
  client_options options;
  client_stats stats;
  std::unique_ptr<detail::tls_state> tls;
  rate_limiter limiter;                 // --rate, and with a fixed limit the 429 slow-down
  std::optional<adaptive_limit> tuner;  // --concurrency auto
  backoff retry_backoff;
  request_head_writer head_writer;  // the headers every request carries, put together once
  std::optional<tcp::resolver::results_type> endpoints;

  pool_state<connection> pool;
  wait_list sleepers;  // requests pausing between attempts
  wait_list pacing;    // requests waiting for a send slot (--rate, 429 pacing), in turn
  asio::steady_timer pace_timer;
  bool pacing_running = false;
  std::size_t held_for_pace = 0;  // connections whose request waits for its send slot
  asio::steady_timer sweep_timer;
  bool sweeping = false;
  asio::steady_timer watchdog_timer;  // at the earliest deadline of a busy connection
  bool watching = false;
  asio::steady_timer drain_timer;
  std::size_t in_flight = 0;
  bool stopping = false;
  bool aborted = false;

  impl(asio::any_io_executor ex, base_url b, client_options o);

  // Plain HTTP through a proxy: absolute-form requests to the proxy itself
  // (https:// goes through a tunnel instead, see connection::async_open).
  bool forward_proxy() const { return options.proxy && !base.tls; }

  struct flight {  // counts a request in flight for the drain on shutdown
    impl& s;
    explicit flight(impl& owner) : s(owner) { ++s.in_flight; }
    ~flight() {
      if (--s.in_flight == 0 && s.stopping) s.drain_timer.cancel();
    }
  };

  struct acquired {
    std::unique_ptr<connection> conn;
    failure error = failure::none;
    std::string detail;
    bool final = false;       // an authoritative "no such host": retrying cannot help
    clock::duration setup{};  // opening it took (TCP, TLS, CONNECT); zero when reused
  };

  std::string describe(const http_request& req, std::string_view detail) const {
    return std::string(to_string(req.method)) + " " + base.origin() + req.target + ": " +
           std::string(detail);
  }

  // Why the last answer is handed back although its kind is retried: a
  // Retry-After beyond the budget, a forward proxy's own 502; else empty.
  std::string gave_up(const http_result& r, const next_step& next,
                      std::chrono::milliseconds elapsed, const std::string& proxy_name) const {
    auto seconds = [](std::chrono::milliseconds ms) {
      return std::to_string((ms.count() + 999) / 1000) + " s";
    };
    if (next.retry_after && *next.retry_after + elapsed > options.retry.max_total) {
      return "the server asked to wait " + seconds(*next.retry_after) +
             " (Retry-After), more than the retry budget of " + seconds(options.retry.max_total) +
             " allows (--retry-budget raises it)";
    }
    if (r.ok() && r.status == 502 && forward_proxy())
      return "answered by proxy " + proxy_name + ": it could not reach the instance";
    return {};
  }

  http_result fail(const http_request& req, failure error, bool maybe_sent,
                   std::string_view detail) const {
    http_result r;
    r.error = error;
    r.maybe_sent = maybe_sent;
    r.message = describe(req, detail);
    return r;
  }

  // The connections (client_pool.cpp).
  asio::awaitable<bool> resolve(std::string& detail, bool& final);
  // A connection for one request: an idle one (unless `fresh`), else a new
  // one under the cap, else a place in the queue until there is room.
  asio::awaitable<acquired> acquire(bool fresh);
  void release(std::unique_ptr<connection> c, bool keep_alive,
               clock::time_point now = clock::now());
  // Runs `body` (a coroutine on `self`) in the background; `running` is
  // true until it ends. Failures are reported, never thrown away silently.
  template <class Body>
  void spawn_background(bool& running, const char* what, Body body);
  void ensure_sweeper();
  // A request's deadline on `c`: the watchdog closes the connection when it
  // passes. Deadlines grow with time, so the timer rarely moves.
  void watch(connection& c, clock::time_point deadline);
  // Expires busy connections whose request deadline has passed; sleeps until
  // the earliest one. Ends when no request is in progress (release() wakes
  // it when the last one ends) or the client stops, so it never holds the
  // io_context for a deadline nobody waits for.
  static asio::awaitable<void> watchdog(std::shared_ptr<impl> self);
  // Closes keep-alive connections idle longer than the idle timeout; ends
  // when none is idle or the client stops.
  static asio::awaitable<void> sweep(std::shared_ptr<impl> self);

  // The requests and shutting down (http_client.cpp).
  void begin_stop();
  void abort_busy();
  asio::awaitable<bool> sleep(clock::duration d);
  // Waits for a send slot when requests are paced; false when stopping.
  asio::awaitable<bool> paced();
  // Hands out send slots to the waiting requests, in turn, at the pace of
  // the moment (a changed pace wakes it); ends when nobody waits.
  static asio::awaitable<void> pacer(std::shared_ptr<impl> self);
  // How an answer (or its absence) moves the limit on requests in flight
  // and the pace.
  void feedback(answer a);
  void on_status(unsigned status);
  // One attempt, sent again once on a fresh connection when a reused one
  // turns out to have been closed by the server before answering.
  // (Callers pass named locals: GCC 12 may destroy a temporary argument of
  // an awaited coroutine twice.)
  asio::awaitable<http_result> attempt(const http_request& req, const std::string& head);
  static asio::awaitable<http_result> run(std::shared_ptr<impl> self, http_request req);
};

template <class Body>
void http_client::impl::spawn_background(bool& running, const char* what, Body body) {
  running = true;
  asio::co_spawn(executor, body(shared_from_this()),
                 [self = shared_from_this(), &running, what](std::exception_ptr e) {
                   running = false;
                   if (e) {
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       std::cerr << "sdemig: " << what << " failed: " << ex.what() << '\n';
                     }
                   }
                 });
}

}  // namespace sdemig::net

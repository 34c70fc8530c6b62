#pragma once
// The state behind one http_client, shared by its two halves:
// io/net/client_pool.cpp keeps the connections (open, idle, busy; the idle
// sweeper and the deadline watchdog), io/net/http_client.cpp sends requests
// over them (pacing, retries, redirects, shutdown). Includes Beast: only those
// two files include it.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

#include "io/net/detail/connection.hpp"
#include "io/net/http_client.hpp"
#include "io/net/rate_limiter.hpp"
#include "io/net/request_head.hpp"

namespace sdemig::net {

namespace asio = boost::asio;
using detail::clock;
using detail::connection;
using detail::tcp;
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct http_client::impl : std::enable_shared_from_this<impl> {
  asio::any_io_executor executor;
  base_url base;
  client_options options;
  client_stats stats;
  std::unique_ptr<detail::tls_state> tls;
  rate_limiter limiter;
  backoff retry_backoff;
  request_head_writer head_writer;  // the headers every request carries, put together once
  std::optional<tcp::resolver::results_type> endpoints;

  std::vector<std::unique_ptr<connection>> idle;     // most recently used last
  std::vector<connection*> busy;                     // each knows its slot: O(1) in and out
  std::size_t open = 0;                              // idle + busy + being opened
  std::deque<asio::steady_timer*> waiters;           // requests waiting for a connection
  std::unordered_set<asio::steady_timer*> sleepers;  // requests pausing between attempts
  asio::steady_timer sweep_timer;
  bool sweeping = false;
  asio::steady_timer watchdog_timer;  // at the earliest deadline of a busy connection
  bool watching = false;
  asio::steady_timer drain_timer;
  std::size_t in_flight = 0;
  bool stopping = false;
  bool aborted = false;

  impl(asio::any_io_executor ex, base_url b, client_options o)
      : executor(ex),
        base(std::move(b)),
        options(std::move(o)),
        tls(base.tls ? detail::make_tls_state(options) : nullptr),
        limiter(options.rate, options.max_connections),
        retry_backoff(options.retry),
        head_writer(host_header_of(base), options.user_agent, options.authorization,
                    forward_proxy() ? base.origin() : std::string{},
                    forward_proxy() ? options.proxy->authorization() : std::string{}),
        sweep_timer(ex),
        watchdog_timer(ex),
        drain_timer(ex) {}

  // Plain HTTP through a proxy: absolute-form requests to the proxy itself
  // (https:// goes through a tunnel instead, see connection::async_open).
  bool forward_proxy() const { return options.proxy && !base.tls; }

  // The Host header: IPv6 addresses in brackets, the port unless the default.
  static std::string host_header_of(const base_url& base) {
    std::string host = bracketed_host(base.host);
    if (base.port != (base.tls ? 443 : 80)) host += ":" + std::to_string(base.port);
    return host;
  }

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
  };

  std::size_t limit() const {
    return std::min(options.max_connections, limiter.concurrency_limit());
  }

  std::string describe(const http_request& req, std::string_view detail) const {
    return std::string(to_string(req.method)) + " " + base.origin() + req.target + ": " +
           std::string(detail);
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
  void notify_one();
  void close_idle();
  asio::awaitable<bool> resolve(std::string& detail);
  void mark_busy(connection& c);
  void unmark_busy(connection& c);
  // When an idle connection is too old to be used again.
  clock::time_point idle_expiry(const connection& c) const {
    return c.idle_since + options.idle_timeout;
  }
  // The most recently used idle connection that is not too old, now marked
  // busy; null when there is none.
  std::unique_ptr<connection> take_idle(clock::time_point now);
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
  // One attempt, sent again once on a fresh connection when a reused one
  // turns out to have been closed by the server before answering.
  // (Callers pass named locals: GCC 12 may destroy a temporary argument of
  // an awaited coroutine twice.)
  asio::awaitable<http_result> attempt(const http_request& req, const std::string& head);
  static asio::awaitable<http_result> run(std::shared_ptr<impl> self, http_request req);
};

}  // namespace sdemig::net

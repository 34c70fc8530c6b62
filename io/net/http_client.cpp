#include "io/net/http_client.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <iostream>
#include <unordered_set>

#include "io/net/detail/connection.hpp"
#include "io/net/rate_limiter.hpp"
#include "io/net/request_head.hpp"

namespace sdemig::net {

namespace asio = boost::asio;
using detail::clock;
using detail::connection;
using detail::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct http_client::impl : std::enable_shared_from_this<impl> {
  asio::any_io_executor executor;
  base_url base;
  client_options options;
  client_stats stats;
  std::unique_ptr<detail::tls_state> tls;
  rate_limiter limiter;
  backoff retry_backoff;
  std::string host_header;
  std::optional<request_head_writer> head_writer;  // made once host_header is known
  std::optional<tcp::resolver::results_type> endpoints;

  std::vector<std::unique_ptr<connection>> idle;  // most recently used last
  std::vector<connection*> busy;  // each knows its slot: O(1) in and out
  std::size_t open = 0;  // idle + busy + being opened
  std::deque<asio::steady_timer*> waiters;  // requests waiting for a connection
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
        sweep_timer(ex),
        watchdog_timer(ex),
        drain_timer(ex) {
    const bool default_port = base.port == (base.tls ? 443 : 80);
    host_header = base.host.find(':') != std::string::npos ? "[" + base.host + "]" : base.host;
    if (!default_port) host_header += ":" + std::to_string(base.port);
    head_writer.emplace(host_header, options.user_agent, options.authorization);
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

  std::size_t limit() const { return std::min(options.max_connections, limiter.concurrency_limit()); }

  std::string describe(const http_request& req, std::string_view detail) const {
    return std::string(to_string(req.method)) + " " + base.origin() + req.target + ": " + std::string(detail);
  }

  http_result fail(const http_request& req, failure error, bool maybe_sent, std::string_view detail) const {
    http_result r;
    r.error = error;
    r.maybe_sent = maybe_sent;
    r.message = describe(req, detail);
    return r;
  }

  std::string make_head(const http_request& req) const {
    return head_writer->make(req);
  }

  void notify_one() {
    if (waiters.empty()) return;
    asio::steady_timer* t = waiters.front();
    waiters.pop_front();
    t->cancel();
  }

  void close_idle() {
    for (auto& c : idle) c->close();
    open -= idle.size();
    idle.clear();
  }

  void begin_stop() {
    stopping = true;
    for (auto* t : waiters) t->cancel();
    waiters.clear();
    for (auto* t : sleepers) t->cancel();
    sweep_timer.cancel();
    watchdog_timer.cancel();
    close_idle();
  }

  void abort_busy() {
    aborted = true;
    for (connection* c : busy) c->close();
  }

  asio::awaitable<bool> sleep(clock::duration d) {
    asio::steady_timer timer(executor, d);
    sleepers.insert(&timer);
    auto [ec] = co_await timer.async_wait(use_tuple);
    sleepers.erase(&timer);
    co_return !ec && !stopping;
  }

  asio::awaitable<bool> resolve(std::string& detail) {
    if (endpoints) co_return true;
    if (base.host_is_ip()) {
      boost::system::error_code ec;
      const auto address = asio::ip::make_address(base.host, ec);
      if (ec) {
        detail = "invalid address " + base.host;
        co_return false;
      }
      endpoints = tcp::resolver::results_type::create(tcp::endpoint(address, base.port), base.host,
                                                      std::to_string(base.port));
      co_return true;
    }
    using namespace asio::experimental::awaitable_operators;
    tcp::resolver resolver(executor);
    asio::steady_timer timer(executor, options.connect_timeout);
    const std::string service = std::to_string(base.port);
    auto outcome = co_await (resolver.async_resolve(base.host, service, use_tuple) ||
                             timer.async_wait(use_tuple));
    if (outcome.index() == 1) {
      detail = "resolving " + base.host + " timed out";
      co_return false;
    }
    auto [ec, results] = std::get<0>(outcome);
    if (ec) {
      detail = "cannot resolve " + base.host + ": " + ec.message();
      co_return false;
    }
    endpoints = std::move(results);
    co_return true;
  }

  void mark_busy(connection& c) {
    c.busy_slot = busy.size();
    busy.push_back(&c);
  }
  void unmark_busy(connection& c) {
    connection* last = busy.back();
    busy[c.busy_slot] = last;
    last->busy_slot = c.busy_slot;
    busy.pop_back();
  }

  // The most recently used idle connection that is not too old, now marked
  // busy; null when there is none.
  std::unique_ptr<connection> take_idle(clock::time_point now) {
    while (!idle.empty()) {
      std::unique_ptr<connection> c = std::move(idle.back());
      idle.pop_back();
      if (now - c->idle_since >= options.idle_timeout) {
        c->close();
        --open;
        continue;
      }
      c->reused = true;
      mark_busy(*c);
      return c;
    }
    return nullptr;
  }

  asio::awaitable<acquired> acquire(bool fresh) {
    for (;;) {
      if (stopping) co_return acquired{nullptr, failure::cancelled, "cancelled: shutting down"};
      if (!fresh) {
        if (auto c = take_idle(clock::now())) co_return acquired{std::move(c)};
      }
      if (fresh && !idle.empty() && open >= limit()) {  // make room for the fresh one
        idle.front()->close();
        idle.erase(idle.begin());
        --open;
      }
      if (open < limit()) {
        ++open;
        acquired out;
        bool resumed = false;
        if (co_await resolve(out.detail)) {
          out.conn = co_await connection::async_open(base, *endpoints, tls.get(), options, out.error,
                                                     out.detail, resumed);
        } else {
          out.error = failure::connect;
        }
        if (out.conn && stopping) {
          out.conn->close();
          out.conn.reset();
          out.error = failure::cancelled;
          out.detail = "cancelled: shutting down";
        }
        if (!out.conn) {
          --open;
          notify_one();
          co_return out;
        }
        ++stats.connections_opened;
        if (resumed) ++stats.tls_sessions_resumed;
        mark_busy(*out.conn);
        co_return out;
      }
      // Queued behind the connection cap: local back-pressure, not part of
      // the request's deadline. Every busy connection's request has a
      // deadline, so a slot always comes; shutdown wakes the queue too.
      asio::steady_timer timer(executor, clock::time_point::max());
      waiters.push_back(&timer);
      co_await timer.async_wait(use_tuple);
      std::erase(waiters, &timer);
    }
  }

  void release(std::unique_ptr<connection> c, bool keep_alive, clock::time_point now = clock::now()) {
    unmark_busy(*c);
    if (busy.empty() && watching) watchdog_timer.cancel();  // nothing left to watch
    if (keep_alive && !stopping && open <= limit()) {
      c->idle_since = now;
      idle.push_back(std::move(c));
      ensure_sweeper();
    } else {
      c->close();
      --open;
    }
    notify_one();
  }

  // Runs `body` (a coroutine on `self`) in the background; `running` is
  // true until it ends. Failures are reported, never thrown away silently.
  template <class Body>
  void spawn_background(bool& running, const char* what, Body body) {
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

  void ensure_sweeper() {
    if (!sweeping) spawn_background(sweeping, "idle connection sweeper", sweep);
  }

  // A request's deadline on `c`: the watchdog closes the connection when it
  // passes. Deadlines grow with time, so the timer rarely moves.
  void watch(connection& c, clock::time_point deadline) {
    c.deadline = deadline;
    if (!watching) {
      spawn_background(watching, "deadline watchdog", watchdog);
    } else if (deadline < watchdog_timer.expiry()) {
      watchdog_timer.cancel();  // wakes it to look again
    }
  }

  // Expires busy connections whose request deadline has passed; sleeps until
  // the earliest one. Ends when no request is in progress (release() wakes
  // it when the last one ends) or the client stops, so it never holds the
  // io_context for a deadline nobody waits for.
  static asio::awaitable<void> watchdog(std::shared_ptr<impl> self) {
    for (;;) {
      if (self->stopping) break;
      const auto now = clock::now();
      auto earliest = clock::time_point::max();
      for (connection* c : self->busy) {
        if (c->deadline <= now) {
          c->deadline = clock::time_point::max();
          c->expire();
        } else {
          earliest = std::min(earliest, c->deadline);
        }
      }
      if (earliest == clock::time_point::max()) break;
      self->watchdog_timer.expires_at(earliest);
      co_await self->watchdog_timer.async_wait(use_tuple);
    }
    self->watching = false;  // now, not when the completion handler runs: watch() relies on it
  }

  // Closes keep-alive connections idle longer than the idle timeout; ends
  // when none is idle or the client stops.
  static asio::awaitable<void> sweep(std::shared_ptr<impl> self) {
    while (!self->idle.empty() && !self->stopping) {
      auto earliest = clock::time_point::max();
      for (auto& c : self->idle) earliest = std::min(earliest, c->idle_since + self->options.idle_timeout);
      self->sweep_timer.expires_at(earliest);
      co_await self->sweep_timer.async_wait(use_tuple);
      const auto now = clock::now();
      std::erase_if(self->idle, [&](std::unique_ptr<connection>& c) {
        if (now - c->idle_since < self->options.idle_timeout) return false;
        c->close();
        --self->open;
        return true;
      });
    }
  }

  // One attempt, sent again once on a fresh connection when a reused one
  // turns out to have been closed by the server before answering.
  // (Callers pass named locals: GCC 12 may destroy a temporary argument of
  // an awaited coroutine twice.)
  asio::awaitable<http_result> attempt(const http_request& req, const std::string& head) {
    for (bool stale_retry = false;; stale_retry = true) {
      acquired got;
      auto start = clock::now();
      if (!stale_retry && !stopping) got.conn = take_idle(start);  // the usual case, without a coroutine
      if (!got.conn) {
        got = co_await acquire(stale_retry);
        start = clock::now();
      }
      if (!got.conn) co_return fail(req, got.error, false, got.detail);
      ++stats.requests;
      watch(*got.conn, start + options.request_timeout);  // from the send, not the queue
      detail::exchange_result x = co_await got.conn->async_exchange(head, req.body, options.max_body_bytes);
      got.conn->deadline = clock::time_point::max();
      stats.bytes_sent += x.bytes_sent;
      stats.bytes_received += x.bytes_received;
      const bool reused = got.conn->reused;
      if (x.error == failure::none) {
        const auto end = clock::now();
        stats.latency.record(end - start);
        ++stats.responses;
        release(std::move(got.conn), x.keep_alive, end);
        http_result r;
        r.status = x.status;
        r.body = std::move(x.body);
        r.retry_after = std::move(x.retry_after);
        r.location = std::move(x.location);
        co_return r;
      }
      release(std::move(got.conn), false);
      if (aborted) co_return fail(req, failure::cancelled, x.bytes_sent > 0, "cancelled: shutting down");
      const bool server_closed_idle = reused && !x.got_response_bytes && x.error == failure::connection_lost &&
                                      (is_idempotent(req.method) || !x.request_written);
      if (server_closed_idle && !stale_retry) {
        ++stats.stale_retries;
        continue;
      }
      std::string why = x.error == failure::timeout
                            ? "timed out after " + std::to_string(options.request_timeout.count()) + " ms"
                            : x.detail;
      co_return fail(req, x.error, x.bytes_sent > 0, why);
    }
  }

  static asio::awaitable<http_result> run(std::shared_ptr<impl> self, http_request req) {
    if (self->stopping) co_return self->fail(req, failure::cancelled, false, "cancelled: shutting down");
    flight counted(*self);
    const auto started = clock::now();
    unsigned attempts = 0;
    unsigned redirects = 0;
    for (;;) {
      if (auto pace = self->limiter.paces() ? self->limiter.reserve(clock::now()) : clock::duration::zero();
          pace > clock::duration::zero()) {
        if (!co_await self->sleep(pace)) co_return self->fail(req, failure::cancelled, false, "cancelled: shutting down");
      }
      ++attempts;
      const std::string head = self->make_head(req);  // a named local, see attempt()
      http_result r = co_await self->attempt(req, head);
      r.attempts = attempts;
      std::optional<retry_cause> cause;
      std::optional<std::chrono::milliseconds> retry_after;
      if (r.ok()) {
        if (r.status == 429) {
          ++self->stats.throttled;
          if (self->options.adaptive) self->limiter.on_throttled();
          cause = retry_cause::throttled;  // refused, not processed: safe for every method
          retry_after = parse_retry_after(r.retry_after);
        } else if (r.status == 503 && is_idempotent(req.method)) {
          cause = retry_cause::unavailable;
          retry_after = parse_retry_after(r.retry_after);
        } else {
          if (r.status < 500) self->limiter.on_success();
          const bool redirect = r.status == 301 || r.status == 302 || r.status == 307 || r.status == 308;
          if (!redirect || req.method != http_method::get || r.location.empty()) co_return r;
          auto to = split_absolute_url(r.location);
          if (!to || (!to->origin.empty() && to->origin != self->base.origin())) {
            co_return self->fail(req, failure::redirect, true,
                                 "redirected to " + r.location + ", another host: not followed");
          }
          if (++redirects > 5) co_return self->fail(req, failure::redirect, true, "more than 5 redirects");
          ++self->stats.redirects;
          req.target = to->target;
          continue;
        }
      } else if (!r.maybe_sent && (r.error == failure::connect || r.error == failure::timeout)) {
        cause = retry_cause::connect_failed;  // never reached the server: safe for every method
      } else if ((r.error == failure::connection_lost || r.error == failure::timeout) && is_idempotent(req.method)) {
        cause = r.error == failure::timeout ? retry_cause::timeout : retry_cause::connection_lost;
      } else {
        co_return r;  // TLS, protocol, cancelled, or a write whose outcome is unknown
      }
      const auto wait = self->retry_backoff.delay(attempts, retry_after);
      const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started);
      if (self->stopping || !self->retry_backoff.allows(attempts, elapsed, wait)) co_return r;
      ++self->stats.retries[static_cast<std::size_t>(*cause)];
      if (!co_await self->sleep(wait)) co_return self->fail(req, failure::cancelled, false, "cancelled: shutting down");
    }
  }
};

http_client::http_client(asio::any_io_executor executor, base_url base, client_options options)
    : impl_(std::make_shared<impl>(std::move(executor), std::move(base), std::move(options))) {}

http_client::~http_client() {
  impl_->begin_stop();
  impl_->abort_busy();
}

asio::awaitable<http_result> http_client::async_request(http_request request) {
  return impl::run(impl_, std::move(request));
}

asio::awaitable<void> http_client::async_shutdown(std::chrono::milliseconds grace) {
  std::shared_ptr<impl> self = impl_;
  self->begin_stop();
  if (self->in_flight > 0) {
    self->drain_timer.expires_after(grace);
    co_await self->drain_timer.async_wait(use_tuple);
  }
  if (self->in_flight > 0) {
    self->abort_busy();
    self->drain_timer.expires_at(clock::time_point::max());
    while (self->in_flight > 0) co_await self->drain_timer.async_wait(use_tuple);
  }
}

void http_client::stop_new_requests() { impl_->begin_stop(); }

const client_stats& http_client::stats() const noexcept { return impl_->stats; }
const base_url& http_client::base() const noexcept { return impl_->base; }
std::size_t http_client::open_connections() const noexcept { return impl_->open; }
std::size_t http_client::concurrency_limit() const noexcept { return impl_->limit(); }

}  // namespace sdemig::net

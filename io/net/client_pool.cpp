// The connection half of http_client::impl: opening connections when the
// pool's books (pool_state) allow, queueing behind its limit, the idle
// sweeper and the deadline watchdog.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <iostream>

#include "io/net/detail/client_impl.hpp"

namespace sdemig::net {

namespace {

// The Host header: IPv6 addresses in brackets, the port unless the default.
std::string host_header_of(const base_url& base) {
  std::string host = bracketed_host(base.host);
  if (base.port != (base.tls ? 443 : 80)) host += ":" + std::to_string(base.port);
  return host;
}

}  // namespace

http_client::impl::impl(asio::any_io_executor ex, base_url b, client_options o)
    : executor(ex),
      base(std::move(b)),
      options(std::move(o)),
      tls(base.tls ? detail::make_tls_state(options) : nullptr),
      limiter(options.rate, options.max_connections),
      retry_backoff(options.retry),
      head_writer(host_header_of(base), options.user_agent, options.authorization,
                  forward_proxy() ? base.origin() : std::string{},
                  forward_proxy() ? options.proxy->authorization() : std::string{}),
      pool(options.max_connections, options.idle_timeout),
      pace_timer(ex),
      sweep_timer(ex),
      watchdog_timer(ex),
      drain_timer(ex) {
  if (options.auto_concurrency) {
    adaptive_options tuning = options.tuning;
    // The pool's cap is the limit's ceiling: `max` itself, or what it may
    // grow to with the network (tuning.ceiling).
    if (tuning.ceiling > tuning.max) {
      tuning.ceiling = options.max_connections;
    } else {
      tuning.max = options.max_connections;
    }
    // TCP's handshake, TLS 1.3's, a proxy's CONNECT: a round trip each.
    tuning.setup_round_trips = 1 + (base.tls ? 1 : 0) + (options.proxy ? 1 : 0);
    tuner.emplace(tuning);
    pool.set_limit(tuner->limit());
  }
}

asio::awaitable<bool> http_client::impl::resolve(std::string& detail, bool& final) {
  if (endpoints) co_return true;
  // Through a proxy, only the proxy's name is resolved here: the proxy
  // resolves the instance's.
  const std::string& host = options.proxy ? options.proxy->host : base.host;
  const std::uint16_t port = options.proxy ? options.proxy->port : base.port;
  const std::string what = options.proxy ? "proxy " + host : host;
  const std::string service = std::to_string(port);
  if (options.proxy ? options.proxy->host_is_ip() : base.host_is_ip()) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) {
      detail = "invalid address " + host;
      co_return false;
    }
    endpoints = tcp::resolver::results_type::create(tcp::endpoint(address, port), host, service);
    co_return true;
  }
  using namespace asio::experimental::awaitable_operators;
  tcp::resolver resolver(executor);
  asio::steady_timer timer(executor, options.connect_timeout);
  auto outcome =
      co_await (resolver.async_resolve(host, service, use_tuple) || timer.async_wait(use_tuple));
  if (outcome.index() == 1) {
    detail = "resolving " + what + " timed out";
    co_return false;
  }
  auto [ec, results] = std::get<0>(outcome);
  if (ec) {
    // NXDOMAIN is the DNS's final word; a failure to ask (try again) is not.
    final = ec == asio::error::host_not_found;
    detail = "cannot resolve " + what + ": " + ec.message();
    co_return false;
  }
  endpoints = std::move(results);
  co_return true;
}

asio::awaitable<http_client::impl::acquired> http_client::impl::acquire(bool fresh) {
  for (;;) {
    if (stopping) co_return acquired{nullptr, failure::cancelled, "cancelled: shutting down"};
    if (!fresh) {
      if (auto c = pool.take_idle(clock::now())) co_return acquired{std::move(c)};
    }
    if (pool.reserve_open(fresh)) {
      acquired out;
      bool resumed = false;
      if (co_await resolve(out.detail, out.final)) {
        const auto opening = clock::now();
        out.conn = co_await connection::async_open(base, *endpoints, tls.get(), options, out.error,
                                                   out.detail, resumed);
        out.setup = clock::now() - opening;
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
        pool.open_failed();
        co_return out;
      }
      ++stats.connections_opened;
      if (resumed) ++stats.tls_sessions_resumed;
      pool.opened(*out.conn);
      co_return out;
    }
    // Queued behind the limit: local back-pressure, not part of the
    // request's deadline. Every busy connection's request has a deadline,
    // so room always comes; shutdown wakes the queue too.
    timer_waiter queued(pool.waiters(), executor);
    co_await queued.wait();
  }
}

void http_client::impl::release(std::unique_ptr<connection> c, bool keep_alive,
                                clock::time_point now) {
  if (pool.release(std::move(c), keep_alive, stopping, now)) ensure_sweeper();
  if (pool.busy().empty() && watching) watchdog_timer.cancel();  // nothing left to watch
}

void http_client::impl::ensure_sweeper() {
  if (!sweeping) spawn_background(sweeping, "idle connection sweeper", sweep);
}

void http_client::impl::watch(connection& c, clock::time_point deadline) {
  pool.watch(c, deadline);
  if (!watching) {
    spawn_background(watching, "deadline watchdog", watchdog);
  } else if (deadline < watchdog_timer.expiry()) {
    watchdog_timer.cancel();  // wakes it to look again
  }
}

asio::awaitable<void> http_client::impl::watchdog(std::shared_ptr<impl> self) {
  while (!self->stopping) {
    const auto earliest = self->pool.expire_overdue(clock::now());
    if (earliest == clock::time_point::max()) break;
    self->watchdog_timer.expires_at(earliest);
    co_await self->watchdog_timer.async_wait(use_tuple);
  }
  self->watching = false;  // now, not when the completion handler runs: watch() relies on it
}

asio::awaitable<void> http_client::impl::sweep(std::shared_ptr<impl> self) {
  for (auto next = self->pool.sweep_idle(clock::now());
       next != clock::time_point::max() && !self->stopping;
       next = self->pool.sweep_idle(clock::now())) {
    self->sweep_timer.expires_at(next);
    co_await self->sweep_timer.async_wait(use_tuple);
  }
}

}  // namespace sdemig::net

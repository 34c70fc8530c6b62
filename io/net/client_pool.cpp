// The connection half of http_client::impl: how many are open, which are
// idle and which busy, opening new ones under the cap, the idle sweeper and
// the deadline watchdog.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <iostream>

#include "io/net/detail/client_impl.hpp"

namespace sdemig::net {

void http_client::impl::notify_one() {
  if (waiters.empty()) return;
  asio::steady_timer* t = waiters.front();
  waiters.pop_front();
  t->cancel();
}

void http_client::impl::close_idle() {
  for (auto& c : idle) c->close();
  open -= idle.size();
  idle.clear();
}

asio::awaitable<bool> http_client::impl::resolve(std::string& detail) {
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
    detail = "cannot resolve " + what + ": " + ec.message();
    co_return false;
  }
  endpoints = std::move(results);
  co_return true;
}

void http_client::impl::mark_busy(connection& c) {
  c.busy_slot = busy.size();
  busy.push_back(&c);
}

void http_client::impl::unmark_busy(connection& c) {
  connection* last = busy.back();
  busy[c.busy_slot] = last;
  last->busy_slot = c.busy_slot;
  busy.pop_back();
}

std::unique_ptr<connection> http_client::impl::take_idle(clock::time_point now) {
  while (!idle.empty()) {
    std::unique_ptr<connection> c = std::move(idle.back());
    idle.pop_back();
    if (now >= idle_expiry(*c)) {
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

asio::awaitable<http_client::impl::acquired> http_client::impl::acquire(bool fresh) {
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

void http_client::impl::release(std::unique_ptr<connection> c, bool keep_alive,
                                clock::time_point now) {
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

void http_client::impl::ensure_sweeper() {
  if (!sweeping) spawn_background(sweeping, "idle connection sweeper", sweep);
}

void http_client::impl::watch(connection& c, clock::time_point deadline) {
  c.deadline = deadline;
  if (!watching) {
    spawn_background(watching, "deadline watchdog", watchdog);
  } else if (deadline < watchdog_timer.expiry()) {
    watchdog_timer.cancel();  // wakes it to look again
  }
}

asio::awaitable<void> http_client::impl::watchdog(std::shared_ptr<impl> self) {
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

asio::awaitable<void> http_client::impl::sweep(std::shared_ptr<impl> self) {
  while (!self->idle.empty() && !self->stopping) {
    auto earliest = clock::time_point::max();
    for (auto& c : self->idle) earliest = std::min(earliest, self->idle_expiry(*c));
    self->sweep_timer.expires_at(earliest);
    co_await self->sweep_timer.async_wait(use_tuple);
    const auto now = clock::now();
    std::erase_if(self->idle, [&](std::unique_ptr<connection>& c) {
      if (now < self->idle_expiry(*c)) return false;
      c->close();
      --self->open;
      return true;
    });
  }
}

}  // namespace sdemig::net

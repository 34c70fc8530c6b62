// The request half of http_client::impl: pacing, attempts on pooled
// connections, retries, redirects; and shutting the client down.
#include "io/net/http_client.hpp"

#include <algorithm>

#include "io/net/detail/client_impl.hpp"

namespace sdemig::net {

void http_client::impl::begin_stop() {
  stopping = true;
  for (auto* t : waiters) t->cancel();
  waiters.clear();
  for (auto* t : sleepers) t->cancel();
  sweep_timer.cancel();
  watchdog_timer.cancel();
  close_idle();
}

void http_client::impl::abort_busy() {
  aborted = true;
  for (connection* c : busy) c->close();
}

asio::awaitable<bool> http_client::impl::sleep(clock::duration d) {
  asio::steady_timer timer(executor, d);
  sleepers.insert(&timer);
  auto [ec] = co_await timer.async_wait(use_tuple);
  sleepers.erase(&timer);
  co_return !ec && !stopping;
}

asio::awaitable<http_result> http_client::impl::attempt(const http_request& req,
                                                        const std::string& head) {
  for (bool stale_retry = false;; stale_retry = true) {
    acquired got;
    auto start = clock::now();
    if (!stale_retry && !stopping)
      got.conn = take_idle(start);  // the usual case, without a coroutine
    if (!got.conn) {
      got = co_await acquire(stale_retry);
      start = clock::now();
    }
    if (!got.conn) co_return fail(req, got.error, false, got.detail);
    ++stats.requests;
    watch(*got.conn, start + options.request_timeout);  // from the send, not the queue
    detail::exchange_result x =
        co_await got.conn->async_exchange(head, req.body, options.max_body_bytes);
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
    if (aborted)
      co_return fail(req, failure::cancelled, x.bytes_sent > 0, "cancelled: shutting down");
    const bool server_closed_idle = reused && !x.got_response_bytes &&
                                    x.error == failure::connection_lost &&
                                    (is_idempotent(req.method) || !x.request_written);
    if (server_closed_idle && !stale_retry) {
      ++stats.stale_retries;
      continue;
    }
    std::string why =
        x.error == failure::timeout
            ? "timed out after " + std::to_string(options.request_timeout.count()) + " ms"
            : x.detail;
    co_return fail(req, x.error, x.bytes_sent > 0, why);
  }
}

asio::awaitable<http_result> http_client::impl::run(std::shared_ptr<impl> self, http_request req) {
  if (self->stopping)
    co_return self->fail(req, failure::cancelled, false, "cancelled: shutting down");
  flight counted(*self);
  const auto started = clock::now();
  unsigned attempts = 0;
  unsigned redirects = 0;
  for (;;) {
    if (auto pace =
            self->limiter.paces() ? self->limiter.reserve(clock::now()) : clock::duration::zero();
        pace > clock::duration::zero()) {
      if (!co_await self->sleep(pace))
        co_return self->fail(req, failure::cancelled, false, "cancelled: shutting down");
    }
    ++attempts;
    const std::string head = self->head_writer.make(req);  // a named local, see attempt()
    http_result r = co_await self->attempt(req, head);
    r.attempts = attempts;
    std::optional<retry_cause> cause;
    std::optional<std::chrono::milliseconds> retry_after;
    if (r.ok() && r.status == 407 && self->forward_proxy()) {
      // The proxy's answer, not the instance's: the request went no further.
      const proxy_endpoint& proxy = *self->options.proxy;
      co_return self->fail(req, failure::proxy, false,
                           "proxy " + proxy.display() + " refused the request: 407 " +
                               std::string(proxy.auth_hint()));
    }
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
        const bool redirect =
            r.status == 301 || r.status == 302 || r.status == 307 || r.status == 308;
        if (!redirect || req.method != http_method::get || r.location.empty()) co_return r;
        auto to = split_absolute_url(r.location);
        if (!to || (!to->origin.empty() && to->origin != self->base.origin())) {
          co_return self->fail(req, failure::redirect, true,
                               "redirected to " + r.location + ", another host: not followed");
        }
        if (++redirects > 5)
          co_return self->fail(req, failure::redirect, true, "more than 5 redirects");
        ++self->stats.redirects;
        req.target = to->target;
        continue;
      }
    } else if (!r.maybe_sent && (r.error == failure::connect || r.error == failure::timeout)) {
      cause = retry_cause::connect_failed;  // never reached the server: safe for every method
    } else if ((r.error == failure::connection_lost || r.error == failure::timeout) &&
               is_idempotent(req.method)) {
      cause = r.error == failure::timeout ? retry_cause::timeout : retry_cause::connection_lost;
    } else {
      co_return r;  // TLS, protocol, cancelled, or a write whose outcome is unknown
    }
    const auto wait = self->retry_backoff.delay(attempts, retry_after);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started);
    if (self->stopping || !self->retry_backoff.allows(attempts, elapsed, wait)) co_return r;
    ++self->stats.retries[static_cast<std::size_t>(*cause)];
    if (*cause == retry_cause::throttled && self->options.on_throttled_wait)
      self->options.on_throttled_wait(wait);
    if (!co_await self->sleep(wait))
      co_return self->fail(req, failure::cancelled, false, "cancelled: shutting down");
  }
}

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

void http_client::stop_new_requests() {
  impl_->begin_stop();
}

const client_stats& http_client::stats() const noexcept {
  return impl_->stats;
}
const base_url& http_client::base() const noexcept {
  return impl_->base;
}
std::size_t http_client::open_connections() const noexcept {
  return impl_->open;
}
std::size_t http_client::concurrency_limit() const noexcept {
  return impl_->limit();
}

}  // namespace sdemig::net

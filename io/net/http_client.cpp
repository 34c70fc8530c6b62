// The request half of http_client::impl: pacing, attempts on pooled
// connections, retries, redirects; and shutting the client down.
#include "io/net/http_client.hpp"

#include <algorithm>

#include "io/net/core/next_step.hpp"
#include "io/net/detail/client_impl.hpp"

namespace sdemig::net {

void http_client::impl::begin_stop() {
  stopping = true;
  pool.waiters().wake_all();
  sleepers.wake_all();
  pacing.wake_all();
  pace_timer.cancel();
  sweep_timer.cancel();
  watchdog_timer.cancel();
  pool.close_idle();
}

void http_client::impl::abort_busy() {
  aborted = true;
  pool.close_busy();
}

asio::awaitable<bool> http_client::impl::sleep(clock::duration d) {
  timer_waiter sleeping(sleepers, executor);
  sleeping.timer.expires_after(d);
  const bool woken = co_await sleeping.wait();  // woken: shutting down
  co_return !woken && !stopping;
}

asio::awaitable<bool> http_client::impl::paced() {
  if (pacing.empty() && limiter.try_take(clock::now())) co_return !stopping;
  timer_waiter turn(pacing, executor);
  if (!pacing_running) spawn_background(pacing_running, "request pacer", pacer);
  co_await turn.wait();  // the pacer may have given it its turn already
  co_return !stopping;
}

asio::awaitable<void> http_client::impl::pacer(std::shared_ptr<impl> self) {
  while (!self->stopping && !self->pacing.empty()) {
    if (self->limiter.try_take(clock::now())) {
      self->pacing.wake_one();
      continue;
    }
    self->pace_timer.expires_at(self->limiter.next_slot());
    co_await self->pace_timer.async_wait(use_tuple);
  }
  self->pacing_running = false;  // now: paced() relies on it
}

void http_client::impl::feedback(answer a) {
  if (!tuner) return;
  // The demand on the limit: every request under way but those pausing
  // between attempts, whether in flight or queued for room (a burst of
  // answers wakes queued ones that have not run yet: counting only those
  // in flight, the demand would lag behind a rising limit). While the pace
  // holds requests back, it is what limits them: only those in flight.
  a.in_flight = held_for_pace > 0 ? pool.in_use() - held_for_pace : in_flight - sleepers.size();
  tuner->on_answer(a);
  pool.set_limit(tuner->limit());
  const double pace = options.rate > 0 && tuner->pace() > 0 ? std::min(options.rate, tuner->pace())
                                                            : std::max(options.rate, tuner->pace());
  if (pace != limiter.current_rate()) {
    limiter.set_rate(pace);
    if (pacing_running) pace_timer.cancel();  // the pacer looks again
  }
}

void http_client::impl::on_status(unsigned status) {
  if (status == 429) ++stats.throttled;
  if (tuner || !options.adaptive) return;
  // A fixed limit: halved on a 429, back slowly with successes (AIMD).
  if (status == 429) {
    limiter.on_throttled();
    if (pacing_running) pace_timer.cancel();
  } else if (status < 500) {
    limiter.on_success();
  }
  pool.set_limit(limiter.concurrency_limit());
}

asio::awaitable<http_result> http_client::impl::attempt(const http_request& req,
                                                        const std::string& head) {
  for (bool stale_retry = false;; stale_retry = true) {
    acquired got;
    auto start = clock::now();
    if (!stale_retry && !stopping && pool.waiters().empty())
      got.conn = pool.take_idle(start);  // the usual case, without a coroutine
    if (!got.conn) {
      got = co_await acquire(stale_retry);
      start = clock::now();
    }
    if (!got.conn) {
      http_result r = fail(req, got.error, false, got.detail);
      r.final = got.final;
      co_return r;
    }
    // Paced right before sending, with the connection in hand: a pace set
    // while requests queued for a connection holds them back too.
    if (!stale_retry && (limiter.paces() || !pacing.empty())) {
      ++held_for_pace;
      const bool go = co_await paced();
      --held_for_pace;
      if (!go) {
        release(std::move(got.conn), true);
        co_return fail(req, failure::cancelled, false, "cancelled: shutting down");
      }
      start = clock::now();
    }
    ++stats.requests;
    watch(*got.conn, start + options.request_timeout);  // from the send, not the queue
    detail::exchange_result x =
        co_await got.conn->async_exchange(head, req.body, options.max_body_bytes);
    stats.bytes_sent += x.bytes_sent;
    stats.bytes_received += x.bytes_received;
    const bool reused = got.conn->reused;
    const auto end = clock::now();
    answer heard{end, end - start};
    heard.of = class_of(req);
    heard.fresh = !reused;
    heard.connect = got.setup;
    if (x.error == failure::none) {
      stats.latency.record(end - start);
      ++stats.responses;
      heard.kind = x.status == 429   ? answer_kind::throttled
                   : x.status == 503 ? answer_kind::overloaded
                                     : answer_kind::served;
      feedback(heard);
      release(std::move(got.conn), x.keep_alive, end);
      http_result r;
      r.status = x.status;
      r.body = std::move(x.body);
      r.retry_after = std::move(x.retry_after);
      r.location = std::move(x.location);
      co_return r;
    }
    if (x.error == failure::timeout) {
      heard.kind = answer_kind::overloaded;
      feedback(heard);
    }
    release(std::move(got.conn), false);
    if (aborted)
      co_return fail(req, failure::cancelled, x.bytes_sent > 0, "cancelled: shutting down");
    if (!stale_retry &&
        closed_while_idle(reused, x.got_response_bytes, x.error, req.method, x.request_written)) {
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
  const auto started = clock::now();
  if (self->tuner) {  // the first of its class after a pause starts a phase
    self->tuner->on_send(started, class_of(req), self->in_flight);
    self->pool.set_limit(self->tuner->limit());
  }
  flight counted(*self);
  unsigned attempts = 0;
  attempt_context context;
  context.method = req.method;
  const std::string origin = self->base.origin();
  context.origin = origin;
  context.forward_proxy = self->forward_proxy();
  const std::string proxy_name = self->options.proxy ? self->options.proxy->display() : "";
  context.proxy_name = proxy_name;
  context.proxy_auth_hint = self->options.proxy ? self->options.proxy->auth_hint() : "";
  for (;;) {
    ++attempts;
    const std::string head = self->head_writer.make(req);  // a named local, see attempt()
    http_result r = co_await self->attempt(req, head);
    r.attempts = attempts;
    if (r.ok()) self->on_status(r.status);
    next_step next = decide_next(r, context);
    switch (next.what) {
      case next_step::kind::done:
        co_return r;
      case next_step::kind::fail:
        co_return self->fail(req, next.error, next.maybe_sent, next.why);
      case next_step::kind::redirect:
        ++context.redirects;
        ++self->stats.redirects;
        req.target = std::move(next.target);
        continue;
      case next_step::kind::retry:
        break;
    }
    const auto wait = self->retry_backoff.delay(attempts, next.retry_after);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started);
    if (self->stopping || !self->retry_backoff.allows(attempts, elapsed, wait)) {
      r.note = self->gave_up(r, next, elapsed, proxy_name);
      co_return r;
    }
    ++self->stats.retries[static_cast<std::size_t>(*next.cause)];
    if (*next.cause == retry_cause::throttled && self->options.on_throttled_wait)
      self->options.on_throttled_wait(wait);
    if (self->options.on_retry)
      self->options.on_retry(*next.cause, attempts, self->options.retry.max_attempts - 1, wait,
                             r.ok() ? "HTTP " + std::to_string(r.status) : r.message);
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
  return impl_->pool.open();
}
std::size_t http_client::concurrency_limit() const noexcept {
  return impl_->pool.limit();
}
std::size_t http_client::concurrency_cap() const noexcept {
  return impl_->pool.cap();
}
const adaptive_limit* http_client::tuner() const noexcept {
  return impl_->tuner ? &*impl_->tuner : nullptr;
}

}  // namespace sdemig::net

#include "sim/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cmath>
#include <functional>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "io/json/connector_parser.hpp"
#include "sim/counters.hpp"
#include "sim/store.hpp"
#include "sim/tls_context.hpp"
#include "sim/validate.hpp"

namespace sdemig::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

// One accepted connection: its stream and its timer live here, shared with
// the closer that server::stop() posts to the connection's strand.
template <class Stream>
struct connection {
  Stream stream;
  asio::steady_timer timer;

  template <class... Extra>
  explicit connection(tcp::socket&& socket, Extra&... extra)
      : stream(std::move(socket), extra...), timer(stream.get_executor()) {}

  tcp::socket& socket() { return beast::get_lowest_layer(stream).socket(); }
  void close() {
    boost::system::error_code ignored;
    timer.cancel();
    socket().close(ignored);
  }
  void reset() {  // RST instead of FIN
    boost::system::error_code ignored;
    socket().set_option(asio::socket_base::linger(true, 0), ignored);
    socket().close(ignored);
  }
};

template <class Stream>
constexpr bool is_tls = !std::is_same_v<Stream, beast::tcp_stream>;

}  // namespace

router_config routing_for(const server_config& config) {
  router_config routing = config.routing;
  if (config.tls) routing.scheme = "https";
  return routing;
}

struct server::impl {
  connector_store& store;
  server_config config;
  router routes;
  capacity limits;
  asio::io_context ioc;
  std::optional<asio::ssl::context> tls;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  counters stats;
  std::string host;
  std::uint16_t port = 0;

  std::mutex sessions_mutex;
  bool stopping = false;
  std::uint64_t next_session = 0;
  std::unordered_map<std::uint64_t, std::function<void()>> closers;

  impl(connector_store& s, server_config c)
      : store(s),
        config(std::move(c)),
        routes(s, routing_for(config)),
        limits(config.capacity),
        ioc(static_cast<int>(std::max(1u, config.threads))),
        acceptor(asio::make_strand(ioc)) {}

  // Registers a connection's closer; false once stopping (then close it now).
  std::optional<std::uint64_t> track(std::function<void()> closer) {
    std::lock_guard lock(sessions_mutex);
    if (stopping) return std::nullopt;
    const std::uint64_t id = next_session++;
    closers.emplace(id, std::move(closer));
    return id;
  }
  void untrack(std::uint64_t id) {
    std::lock_guard lock(sessions_mutex);
    closers.erase(id);
  }

  awaitable<void> accept_loop();
  template <class Stream>
  void spawn_session(tcp::socket socket);
  template <class Stream>
  awaitable<void> serve(std::shared_ptr<connection<Stream>> conn);
  template <class Stream>
  awaitable<bool> wait(connection<Stream>& conn, std::chrono::microseconds how_long);
  void answer_fault(fault_kind kind, http::response<http::string_body>& res);
  void answer_throttled(unsigned retry_after_s, http::response<http::string_body>& res);
  // Waits for a worker (--workers); false when the server stops first.
  template <class Stream>
  awaitable<bool> wait_for_worker(connection<Stream>& conn, capacity::ticket& ticket);
};

awaitable<void> server::impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // Out of descriptors and the like: wait a moment instead of spinning.
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    ++stats.connections_accepted;
    if (tls) {
      spawn_session<beast::ssl_stream<beast::tcp_stream>>(std::move(socket));
    } else {
      spawn_session<beast::tcp_stream>(std::move(socket));
    }
  }
}

template <class Stream>
void server::impl::spawn_session(tcp::socket socket) {
  std::shared_ptr<connection<Stream>> conn;
  if constexpr (is_tls<Stream>) {
    conn = std::make_shared<connection<Stream>>(std::move(socket), *tls);
  } else {
    conn = std::make_shared<connection<Stream>>(std::move(socket));
  }
  auto id = track([conn] { asio::post(conn->stream.get_executor(), [conn] { conn->close(); }); });
  if (!id) {
    conn->close();
    return;
  }
  ++stats.connections_open;
  asio::co_spawn(conn->stream.get_executor(), serve(conn), [this, id = *id](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::cerr << "sde-sim: connection failed: " << ex.what() << '\n';
      }
    }
    --stats.connections_open;
    untrack(id);
  });
}

template <class Stream>
awaitable<bool> server::impl::wait(connection<Stream>& conn, std::chrono::microseconds how_long) {
  if (how_long.count() <= 0) co_return true;
  conn.timer.expires_after(how_long);
  auto [ec] = co_await conn.timer.async_wait(use_tuple);
  co_return !ec;
}

void server::impl::answer_throttled(unsigned retry_after_s,
                                    http::response<http::string_body>& res) {
  ++stats.throttled;
  res.result(http::status::too_many_requests);
  res.set(http::field::retry_after, std::to_string(retry_after_s));
  res.body() = detail_body("Request was throttled. Expected available in " +
                           std::to_string(retry_after_s) + " seconds.");
}

template <class Stream>
awaitable<bool> server::impl::wait_for_worker(connection<Stream>& conn, capacity::ticket& ticket) {
  asio::steady_timer turn(conn.stream.get_executor(), asio::steady_timer::time_point::max());
  // Called from whichever thread frees a worker: the cancel runs on this
  // connection's strand, after this coroutine has started waiting.
  ticket.wake = [&turn] { asio::post(turn.get_executor(), [&turn] { turn.cancel(); }); };
  if (!limits.enter(ticket, std::chrono::steady_clock::now())) co_await turn.async_wait(use_tuple);
  co_return !ticket.stopped;
}

void server::impl::answer_fault(fault_kind kind, http::response<http::string_body>& res) {
  if (kind == fault_kind::throttle) {
    answer_throttled(config.faults.retry_after_s, res);
  } else {
    ++stats.unavailable;
    res.result(http::status::service_unavailable);
    res.body() = detail_body("Service temporarily unavailable, try again later.");
  }
}

template <class Stream>
awaitable<void> server::impl::serve(std::shared_ptr<connection<Stream>> conn) {
  auto& lowest = beast::get_lowest_layer(conn->stream);
  // A distant server: the connection's handshakes cost round trips.
  if (!co_await wait(*conn, config.faults.connection_hold())) co_return;
  if constexpr (is_tls<Stream>) {
    lowest.expires_after(config.handshake_timeout);
    auto [ec] = co_await conn->stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
    if (ec) co_return;
    ++stats.tls_handshakes;
    if (SSL_session_reused(conn->stream.native_handle()) == 1) ++stats.tls_resumed;
  }
  beast::flat_buffer buffer;
  json::connector_parser parser;
  std::mt19937_64 rng(config.faults.seed ^
                      (stats.connections_accepted.load() * 0x9e3779b97f4a7c15ULL));
  reply answer;
  for (;;) {
    http::request_parser<http::string_body> request_parser;
    request_parser.body_limit(config.body_limit);
    lowest.expires_after(config.idle_timeout);
    auto [read_ec, read_n] =
        co_await http::async_read(conn->stream, buffer, request_parser, use_tuple);
    if (read_ec) break;  // closed, idle, or not HTTP: nothing more to answer
    lowest.expires_never();
    auto& req = request_parser.get();
    std::string_view host = req[http::field::host];
    const std::string_view target = origin_form(req.target(), host);
    const std::string_view method = req.method_string();
    const bool write = is_write_method(method);

    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::server, "sde-sim");
    res.set(http::field::content_type, "application/json");
    res.keep_alive(req.keep_alive());

    if (target.starts_with("/_sim/stats")) {  // control endpoint: no faults, not counted
      server_stats now = stats.snapshot(limits.stats());
      now.connector_lists = routes.connector_lists();
      res.body() = to_json(now);
    } else {
      const fault_plan fault = decide_fault(config.faults, rng, write, ++stats.requests);
      if (!co_await wait(*conn, std::chrono::milliseconds(config.faults.latency_ms))) break;
      if (fault.kind == fault_kind::delay || fault.kind == fault_kind::hang) {
        const bool hung = fault.kind == fault_kind::hang;  // no answer: closed at the idle timeout
        ++(hung ? stats.hung : stats.delayed);
        const auto d =
            hung ? config.idle_timeout : std::chrono::milliseconds(config.faults.delay_ms);
        if (!co_await wait(*conn, d) || hung) break;
      }
      // Its capacity: the rate limit, then a worker (queued) kept until answered.
      capacity::ticket ticket;
      struct leave_at_end {
        capacity& limits;
        capacity::ticket& ticket;
        ~leave_at_end() {  // no lock and no clock per request without a capacity model
          if (limits.config().any()) limits.leave(ticket, std::chrono::steady_clock::now());
        }
      } worker{limits, ticket};
      std::optional<unsigned> rate_limited;
      if (limits.config().any()) {
        rate_limited = limits.admit(std::chrono::steady_clock::now());
        if (!rate_limited) {
          if (!co_await wait_for_worker(*conn, ticket)) break;
          const double service_ms = limits.service_ms_now(cost_of(method, target));
          if (!co_await wait(*conn, std::chrono::microseconds(std::llround(service_ms * 1000))))
            break;
        }
      }
      if (rate_limited) {
        answer_throttled(*rate_limited, res);
      } else if (fault.kind == fault_kind::throttle || fault.kind == fault_kind::unavailable) {
        answer_fault(fault.kind, res);
      } else {
        const request_view view{method,
                                target,
                                host,
                                req[http::field::authorization],
                                req[http::field::content_type],
                                &req.body()};
        if (fault.kind != fault_kind::reset || fault.apply_before_reset) {
          routes.handle(view, parser, answer);
          if (write && answer.status < 300) stats.write_applied();
          if (fault.kind == fault_kind::empty_body && answer.status < 300) {
            ++stats.empty_bodies;
            answer.body.clear();
          }
        }
        if (fault.kind == fault_kind::reset) {
          ++(fault.apply_before_reset ? stats.resets_after_apply : stats.resets_before_apply);
          conn->reset();
          co_return;
        }
        res.result(answer.status);
        if (!answer.location.empty()) res.set(http::field::location, answer.location);
        if (!answer.allow.empty()) res.set(http::field::allow, answer.allow);
        if (answer.authenticate) res.set(http::field::www_authenticate, "Token");
        if (answer.html) res.set(http::field::content_type, "text/html; charset=utf-8");
        res.body() = std::move(answer.body);
      }
    }
    res.prepare_payload();
    if (res.result() == http::status::no_content) {  // no body: no type, no length (RFC 9110)
      res.erase(http::field::content_type);
      res.erase(http::field::content_length);
    }
    auto [write_ec, written] = co_await http::async_write(conn->stream, res, use_tuple);
    if (write_ec || !res.keep_alive()) break;
  }
  if constexpr (is_tls<Stream>) {
    lowest.expires_after(std::chrono::seconds(2));
    co_await conn->stream.async_shutdown(use_tuple);  // stream_truncated from peers is benign
  } else {
    boost::system::error_code ignored;
    conn->socket().shutdown(tcp::socket::shutdown_send, ignored);
  }
}

server::server(connector_store& store, server_config config)
    : impl_(std::make_unique<impl>(store, std::move(config))) {}

server::~server() {
  stop();
}

void server::start() {
  impl& s = *impl_;
  const std::string where = s.config.bind + ":" + std::to_string(s.config.port);
  if (s.config.tls) s.tls.emplace(make_tls_context(*s.config.tls, s.config.tls12_only));
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(s.config.bind, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": not an IP address");
  const tcp::endpoint endpoint(address, s.config.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  s.port = s.acceptor.local_endpoint().port();
  s.host = s.config.bind;
  asio::co_spawn(s.acceptor.get_executor(), s.accept_loop(), [](std::exception_ptr e) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        std::cerr << "sde-sim: accept loop failed: " << ex.what() << '\n';
      }
    }
  });
  for (unsigned i = 0; i < std::max(1u, s.config.threads); ++i) {
    s.threads.emplace_back([&s] { s.ioc.run(); });
  }
}

void server::stop() {
  impl& s = *impl_;
  std::vector<std::function<void()>> closers;
  {
    std::lock_guard lock(s.sessions_mutex);
    if (s.stopping) return;
    s.stopping = true;
    for (auto& [id, closer] : s.closers) closers.push_back(closer);
  }
  asio::post(s.acceptor.get_executor(), [&s] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
  });
  s.limits.stop();
  for (auto& close : closers) close();
  for (std::thread& t : s.threads) t.join();
  s.threads.clear();
}

std::uint16_t server::port() const noexcept {
  return impl_->port;
}
const std::string& server::host() const noexcept {
  return impl_->host;
}
server_stats server::stats() const noexcept {
  server_stats now = impl_->stats.snapshot(impl_->limits.stats());
  now.connector_lists = impl_->routes.connector_lists();
  return now;
}

}  // namespace sdemig::sim

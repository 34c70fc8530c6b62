#include "delay_relay.hpp"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <exception>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sdemig::relay {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

// Bytes read from one side, each chunk due on the other side at its time;
// an empty chunk is the end of the stream (a FIN, passed on as one).
struct delay_line {
  explicit delay_line(const asio::any_io_executor& ex) : wake(ex) {
    wake.expires_at(clock_type::time_point::max());
  }
  struct chunk {
    clock_type::time_point due;
    std::vector<char> bytes;
  };
  std::deque<chunk> chunks;
  asio::steady_timer wake;  // the writer sleeps on it while nothing is queued
  void push(chunk c) {
    chunks.push_back(std::move(c));
    wake.cancel();
  }
};

}  // namespace

// One relayed connection: both sockets and a delay line each way. A write
// that fails closes both sockets, so every read ends and the link is done.
struct link {
  explicit link(tcp::socket c) : client(std::move(c)), server(client.get_executor()) {}
  tcp::socket client, server;
  delay_line up{client.get_executor()}, down{client.get_executor()};
  void close() {
    boost::system::error_code ignored;
    client.close(ignored);
    server.close(ignored);
  }
};

struct delay_relay::impl {
  delay_config config;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  struct {
    std::atomic<std::uint64_t> connections{0}, refused{0}, up{0}, down{0};
  } n;

  // Reads `from` into `line`; the first chunk waits `first_extra` more.
  asio::awaitable<void> read_side(tcp::socket& from, delay_line& line,
                                  std::chrono::milliseconds first_extra,
                                  std::atomic<std::uint64_t>& counted) {
    std::vector<char> buffer(64 * 1024);
    for (bool first = true;; first = false) {
      auto [ec, got] = co_await from.async_read_some(asio::buffer(buffer), use_tuple);
      clock_type::time_point due = clock_type::now() + config.one_way;
      if (first) due += first_extra;
      // Order is kept: nothing is due before what was read earlier.
      if (!line.chunks.empty() && due < line.chunks.back().due) due = line.chunks.back().due;
      if (ec) {
        line.push({due, {}});
        co_return;
      }
      counted += got;
      line.push({due, std::vector<char>(buffer.begin(), buffer.begin() + got)});
    }
  }

  // Writes what `line` holds to `to`, each chunk at its time.
  static asio::awaitable<void> write_side(tcp::socket& to, delay_line& line, link& l) {
    asio::steady_timer timer(to.get_executor());
    for (;;) {
      if (line.chunks.empty()) {
        line.wake.expires_at(clock_type::time_point::max());
        co_await line.wake.async_wait(use_tuple);  // woken by a push
        continue;
      }
      timer.expires_at(line.chunks.front().due);
      co_await timer.async_wait(use_tuple);
      delay_line::chunk c = std::move(line.chunks.front());
      line.chunks.pop_front();
      boost::system::error_code ec;
      if (c.bytes.empty()) {  // the end of the stream: passed on as a FIN
        to.shutdown(tcp::socket::shutdown_send, ec);
        co_return;
      }
      std::tie(ec, std::ignore) = co_await asio::async_write(to, asio::buffer(c.bytes), use_tuple);
      if (ec) {
        l.close();
        co_return;
      }
    }
  }

  asio::awaitable<void> serve(tcp::socket client) {
    link l(std::move(client));
    tcp::resolver resolver(ioc);
    auto [rec, found] = co_await resolver.async_resolve(
        config.upstream_host, std::to_string(config.upstream_port), use_tuple);
    boost::system::error_code cec = rec;
    if (!rec) std::tie(cec, std::ignore) = co_await asio::async_connect(l.server, found, use_tuple);
    if (cec) {
      ++n.refused;
      co_return;  // the client sees its connection closed
    }
    boost::system::error_code ignored;
    l.client.set_option(tcp::no_delay(true), ignored);
    l.server.set_option(tcp::no_delay(true), ignored);
    const std::chrono::milliseconds hold =
        config.handshake_round_trip ? 2 * config.one_way : std::chrono::milliseconds(0);
    using namespace asio::experimental::awaitable_operators;
    co_await ((read_side(l.client, l.up, hold, n.up) && write_side(l.server, l.up, l)) &&
              (read_side(l.server, l.down, std::chrono::milliseconds(0), n.down) &&
               write_side(l.client, l.down, l)));
    l.close();
  }

  // Every connection's coroutine is owned by `ioc`: stopping the relay ends them.
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, s] = co_await acceptor.async_accept(use_tuple);
      if (ec) co_return;
      ++n.connections;
      asio::co_spawn(ioc, serve(std::move(s)), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);  // a defect: end the relay loudly
      });
    }
  }
};

delay_relay::delay_relay(delay_config config) : impl_(std::make_unique<impl>()) {
  impl& s = *impl_;
  s.config = std::move(config);
  boost::system::error_code ec;
  const tcp::endpoint at(asio::ip::make_address(s.config.listen_host, ec), s.config.listen_port);
  if (ec)
    throw std::runtime_error("cannot listen on " + s.config.listen_host + ": " + ec.message());
  s.acceptor.open(at.protocol());
  s.acceptor.set_option(tcp::acceptor::reuse_address(true));
  s.acceptor.bind(at, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + s.config.listen_host + ":" +
                             std::to_string(s.config.listen_port) + ": " + ec.message());
  }
  s.acceptor.listen();
  asio::co_spawn(s.ioc, s.accept_loop(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  s.thread = std::thread([&s] { s.ioc.run(); });
}

delay_relay::~delay_relay() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::uint16_t delay_relay::port() const {
  return impl_->acceptor.local_endpoint().port();
}

delay_counts delay_relay::counts() const {
  const auto& n = impl_->n;
  return {n.connections, n.refused, n.up, n.down};
}

}  // namespace sdemig::relay

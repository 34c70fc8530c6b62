#include "support/test_relay.hpp"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <thread>

namespace sdemig::test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
using socket_ptr = std::shared_ptr<tcp::socket>;

struct test_relay::impl {
  relay_config config;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::uint16_t port = 0;
  std::thread thread;
  std::uint64_t numbered = 0;  // io thread only
  struct {
    std::atomic<std::uint64_t> accepted{0}, reset{0}, held{0}, relayed{0};
  } n;

  static asio::awaitable<void> pump(socket_ptr from, socket_ptr to) {
    std::array<char, 16 * 1024> chunk;
    for (;;) {
      auto [rec, got] = co_await from->async_read_some(asio::buffer(chunk), use_tuple);
      if (rec) break;
      auto [wec, sent] =
          co_await asio::async_write(*to, asio::buffer(chunk.data(), got), use_tuple);
      if (wec) break;
    }
    boost::system::error_code ignored;
    from->close(ignored);
    to->close(ignored);
  }

  asio::awaitable<void> serve(socket_ptr client, std::uint64_t number) {
    std::array<char, 16 * 1024> hello;
    auto [ec, got] = co_await client->async_read_some(asio::buffer(hello), use_tuple);
    if (ec) co_return;
    boost::system::error_code ignored;
    if (config.reset.contains(number)) {
      client->set_option(asio::socket_base::linger(true, 0), ignored);  // close sends RST
      client->close(ignored);
      ++n.reset;
      co_return;
    }
    if (config.hold.contains(number)) {
      ++n.held;
      if (config.hold_for.count() == 0) {  // until the client leaves
        co_await client->async_read_some(asio::buffer(hello), use_tuple);
        co_return;
      }
      asio::steady_timer timer(ioc, config.hold_for);
      co_await timer.async_wait(use_tuple);
    }
    auto up = std::make_shared<tcp::socket>(ioc);
    auto [cec] = co_await up->async_connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), config.upstream_port), use_tuple);
    if (cec) co_return;
    ++n.relayed;
    auto [wec, sent] = co_await asio::async_write(*up, asio::buffer(hello.data(), got), use_tuple);
    if (wec) co_return;
    using namespace asio::experimental::awaitable_operators;
    co_await (pump(client, up) && pump(up, client));
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, s] = co_await acceptor.async_accept(use_tuple);
      if (ec) co_return;
      ++n.accepted;
      asio::co_spawn(ioc, serve(std::make_shared<tcp::socket>(std::move(s)), ++numbered),
                     asio::detached);
    }
  }
};

test_relay::test_relay(relay_config config) : impl_(std::make_unique<impl>()) {
  impl& s = *impl_;
  s.config = std::move(config);
  const tcp::endpoint any(asio::ip::make_address("127.0.0.1"), 0);
  s.acceptor.open(any.protocol());
  s.acceptor.bind(any);
  s.acceptor.listen();
  s.port = s.acceptor.local_endpoint().port();
  asio::co_spawn(s.ioc, s.accept_loop(), asio::detached);
  s.thread = std::thread([&s] { s.ioc.run(); });
}

test_relay::~test_relay() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::uint16_t test_relay::port() const {
  return impl_->port;
}

relay_counts test_relay::counts() const {
  const auto& n = impl_->n;
  return {n.accepted, n.reset, n.held, n.relayed};
}

}  // namespace sdemig::test

#include "io/net/interrupt.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>

#include "io/net/http_client.hpp"

namespace sdemig::net {

interrupt_watch::interrupt_watch(boost::asio::any_io_executor executor,
                                 std::vector<http_client*> clients, std::chrono::milliseconds grace,
                                 std::function<void(int)> on_signal,
                                 std::function<void(int)> on_second)
    : signals_(executor, SIGINT, SIGTERM),
      clients_(std::move(clients)),
      grace_(grace),
      on_signal_(std::move(on_signal)),
      on_second_(std::move(on_second)) {}

boost::asio::awaitable<void> interrupt_watch::async_watch() {
  auto [ec, number] =
      co_await signals_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  if (ec) co_return;  // cancelled: the work ended first
  signal_ = number;
  if (on_signal_) on_signal_(number);
  for (http_client* c : clients_) c->stop_new_requests();  // every instance stops at once
  using namespace boost::asio::experimental::awaitable_operators;
  auto shut_down = [this]() -> boost::asio::awaitable<void> {
    for (http_client* c : clients_) co_await c->async_shutdown(grace_);
  };
  auto second = [this]() -> boost::asio::awaitable<void> {
    auto [again, n] =
        co_await signals_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (!again && on_second_) on_second_(n);
  };
  co_await (shut_down() || second());
}

void interrupt_watch::cancel() {
  boost::system::error_code ignored;
  signals_.cancel(ignored);
}

}  // namespace sdemig::net

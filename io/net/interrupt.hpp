#pragma once
// Ctrl-C done right: on SIGINT or SIGTERM, new requests stop at once,
// in-flight ones get a grace period to finish, then are cut; a second signal
// while they finish calls `on_second` (which ends the process). The watcher
// is a coroutine its owner spawns and, when the work is over, cancels.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <functional>
#include <vector>

namespace sdemig::net {

class http_client;

class interrupt_watch {
 public:
  interrupt_watch(boost::asio::any_io_executor executor, std::vector<http_client*> clients,
                  std::chrono::milliseconds grace, std::function<void(int signal)> on_signal = {},
                  std::function<void(int signal)> on_second = {});

  // Completes after a signal has shut the clients down, or once cancel() is called.
  boost::asio::awaitable<void> async_watch();
  void cancel();
  void set_grace(std::chrono::milliseconds grace) noexcept { grace_ = grace; }
  bool interrupted() const noexcept { return signal_ != 0; }

 private:
  boost::asio::signal_set signals_;
  std::vector<http_client*> clients_;
  std::chrono::milliseconds grace_;
  std::function<void(int)> on_signal_;
  std::function<void(int)> on_second_;
  int signal_ = 0;
};

}  // namespace sdemig::net

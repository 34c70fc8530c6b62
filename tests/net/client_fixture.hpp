#pragma once
// An sde-sim in-process plus our client on an io_context the test drives.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "io/net/http_client.hpp"
#include "support/sim_instance.hpp"
#include "support/wait_until.hpp"

namespace sdemig::test {

namespace asio = boost::asio;

// Runs `task` on `ioc` until it completes (not until the io_context has no
// work: idle-connection timers may still be pending) and returns its value.
template <class T>
T run_task(asio::io_context& ioc, asio::awaitable<T> task) {
  std::optional<T> out;
  std::exception_ptr error;
  bool done = false;
  asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) out.emplace(std::move(value));
    done = true;
  });
  ioc.restart();
  while (!done) ioc.run_one();
  if (error) std::rethrow_exception(error);
  return std::move(*out);
}

void run_task(asio::io_context& ioc, asio::awaitable<void> task);

// Lets the io_context run for `ms` (timers, sweeps).
void run_for(asio::io_context& ioc, std::chrono::milliseconds ms);

// Runs `ioc` in short slices until `ready` holds (true) or `timeout` passed.
template <class Ready>
bool run_until(asio::io_context& ioc, Ready ready,
               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  return wait_until(
      [&] {
        if (ready()) return true;
        ioc.restart();
        ioc.run_for(std::chrono::milliseconds(2));
        return ready();
      },
      timeout, std::chrono::milliseconds(0));
}

net::base_url url_of(const sim_instance& sim, bool tls = false, std::string prefix = {});

net::http_request get(std::string target);
net::http_request post(std::string target, std::string body);

}  // namespace sdemig::test

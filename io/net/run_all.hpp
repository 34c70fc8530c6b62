#pragma once
// Runs `count` coroutines side by side on the current executor and returns
// when every one has finished; the first exception is rethrown then. Nothing
// outlives the call.

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstddef>
#include <exception>
#include <vector>

namespace sdemig::net {

template <class Worker>  // Worker: (std::size_t index) -> awaitable<void>
boost::asio::awaitable<void> run_all(std::size_t count, Worker worker) {
  namespace asio = boost::asio;
  if (count == 0) co_return;
  auto executor = co_await asio::this_coro::executor;
  std::size_t running = count;
  std::exception_ptr first_error;
  asio::steady_timer all_done(executor, asio::steady_timer::time_point::max());
  for (std::size_t i = 0; i < count; ++i) {
    asio::co_spawn(executor, worker(i), [&](std::exception_ptr e) {
      if (e && !first_error) first_error = e;
      if (--running == 0) all_done.cancel();
    });
  }
  while (running > 0) co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));
  if (first_error) std::rethrow_exception(first_error);
}

// Runs `each(item)` for the items in order over up to `workers` coroutines
// (each takes the next item when it is done with one) until all are taken
// or `keep_going()` says no.
template <class Item, class KeepGoing, class Each>
boost::asio::awaitable<void> run_each(const std::vector<Item>& items, std::size_t workers,
                                      KeepGoing keep_going, Each each) {
  std::size_t next = 0;
  co_await run_all(std::min(workers, items.size()),
                   [&](std::size_t) -> boost::asio::awaitable<void> {
                     while (keep_going() && next < items.size()) {
                       const Item& item = items[next++];
                       co_await each(item);
                     }
                   });
}

}  // namespace sdemig::net

#include "client_fixture.hpp"

#include <boost/asio/as_tuple.hpp>

namespace sdemig::test {

void run_task(asio::io_context& ioc, asio::awaitable<void> task) {
  std::exception_ptr error;
  bool done = false;
  asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  ioc.restart();
  while (!done) ioc.run_one();
  if (error) std::rethrow_exception(error);
}

void run_for(asio::io_context& ioc, std::chrono::milliseconds ms) {
  run_task(ioc, [](asio::io_context& io, std::chrono::milliseconds d) -> asio::awaitable<void> {
    asio::steady_timer t(io, d);
    co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  }(ioc, ms));
}

net::base_url url_of(const sim_instance& sim, bool tls, std::string prefix) {
  net::base_url u;
  u.tls = tls;
  u.host = "127.0.0.1";
  u.port = sim.port();
  u.prefix = std::move(prefix);
  return u;
}

net::http_request get(std::string target) {
  return {net::http_method::get, std::move(target), {}};
}
net::http_request post(std::string target, std::string body) {
  return {net::http_method::post, std::move(target), std::move(body)};
}

}  // namespace sdemig::test

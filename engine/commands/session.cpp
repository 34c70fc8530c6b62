#include "engine/commands/session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <iostream>

#include "io/net/interrupt.hpp"

namespace sdemig::engine {

session::session(const net_settings& net) : net_(net) {}

instance& session::connect(const instance_settings& settings, const std::string& flag, bool raw) {
  net::url_error error;
  auto base = net::parse_base_url(settings.url, &error);
  if (!base) throw usage_error(flag + ": " + error.message);
  if (settings.token.empty()) throw usage_error("no token for " + flag + " " + settings.url);
  net::client_options options;
  options.max_connections = net_.concurrency;
  options.rate = net_.rate;
  options.ca_file = net_.ca_file;
  options.insecure = net_.insecure;
  options.request_timeout = net_.timeout;
  options.authorization = "Token " + settings.token;
  if (raw) {
    options.retry.max_attempts = 1;
    options.adaptive = false;
  }
  auto inst = std::make_unique<instance>();
  try {
    inst->http = std::make_unique<net::http_client>(io_.get_executor(), *base, options);
  } catch (const std::runtime_error& e) {
    throw usage_error(e.what());
  }
  inst->api = std::make_unique<sde::sde_client>(*inst->http);
  inst->url = settings.url;
  instances_.push_back(std::move(inst));
  return *instances_.back();
}

int session::run(std::function<boost::asio::awaitable<int>(const bool& stop)> main) {
  std::vector<net::http_client*> clients;
  for (auto& i : instances_) clients.push_back(i->http.get());
  bool stop = false;
  net::interrupt_watch watch(io_.get_executor(), clients, net_.grace, [&](int) {
    stop = true;
    std::cerr << "\nsdemig: interrupted: no new writes; waiting for the ones in flight\n";
  });
  boost::asio::co_spawn(io_, watch.async_watch(), [](std::exception_ptr) {});
  int code = 1;
  std::exception_ptr failure;
  boost::asio::co_spawn(
      io_,
      [&]() -> boost::asio::awaitable<int> {
        int result = 1;
        std::exception_ptr error;
        try {
          result = co_await main(stop);
        } catch (...) {
          error = std::current_exception();
        }
        // Close every connection whatever happened, so nothing is left running.
        for (net::http_client* c : clients) co_await c->async_shutdown(std::chrono::milliseconds(0));
        watch.cancel();
        if (error) std::rethrow_exception(error);
        co_return result;
      },
      [&](std::exception_ptr e, int result) {
        failure = e;
        code = result;
        watch.cancel();
      });
  io_.run();
  if (failure) std::rethrow_exception(failure);
  return stop ? std::max(code, 1) : code;
}

}  // namespace sdemig::engine

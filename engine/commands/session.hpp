#pragma once
// What every command needs: clients for the instances, one io_context, a
// Ctrl-C watch, and a clean end (connections closed, nothing left running).

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "engine/commands/commands.hpp"
#include "io/net/http_client.hpp"
#include "io/sde/sde_client.hpp"

namespace sdemig::engine {

struct instance {
  std::unique_ptr<net::http_client> http;
  std::unique_ptr<sde::sde_client> api;
  std::string url;
};

class session {
 public:
  explicit session(const net_settings& net);

  // Checks the URL and token (usage_error when wrong) and makes the client.
  // `raw` (bench): no retries and no adaptive slow-down, so what is measured
  // is the server, 429s included.
  instance& connect(const instance_settings& settings, const std::string& flag, bool raw = false);

  // Runs `main` to completion with SIGINT/SIGTERM handled: `stop` turns true
  // on the first signal, in-flight requests get the grace period. Returns
  // main's exit code; exceptions from main propagate.
  int run(std::function<boost::asio::awaitable<int>(const bool& stop)> main);

  boost::asio::io_context& io() { return io_; }

 private:
  const net_settings& net_;
  // One thread runs it; sockets are never touched from another (the
  // resolver's thread only posts), so the reactor needs no locks.
  boost::asio::io_context io_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  std::vector<std::unique_ptr<instance>> instances_;
};

}  // namespace sdemig::engine

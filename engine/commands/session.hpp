#pragma once
// What every command needs: clients for the instances, one io_context, a
// Ctrl-C watch, a scrubber that keeps tokens and secrets out of everything
// printed, and a clean end (connections closed, nothing left running).

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "engine/commands/commands.hpp"
#include "io/net/http_client.hpp"
#include "io/sde/scrubber.hpp"
#include "io/sde/sde_client.hpp"

namespace sdemig::net {
class interrupt_watch;
}

namespace sdemig::engine {

struct instance {
  std::unique_ptr<net::http_client> http;
  std::unique_ptr<sde::sde_client> api;
  std::string url;
  std::string role;                          // "source", "target", "instance": how messages name it
  std::optional<api_generation> forced_api;  // from the command line
};

// Sets the instance's API generation: as given on the command line, else
// by probing it. Prints why and returns false when the probe fails.
boost::asio::awaitable<bool> async_identify(instance& i);

// The instance's plugin schema; nullopt when it cannot be read. A 403/404
// (not offered, or not to this token) prints one notice when `notice` is
// set; any other failure is printed and sets `failed`.
boost::asio::awaitable<std::optional<plugin_schema>> async_read_schema(instance& i, bool notice,
                                                                       bool& failed);

class session {
 public:
  explicit session(const net_settings& net);
  ~session();

  // Checks the URL and token (usage_error when wrong) and makes the client.
  // `raw` (bench): no retries and no adaptive slow-down, so what is measured
  // is the server, 429s included.
  instance& connect(const instance_settings& settings, const std::string& flag,
                    const std::string& role, bool raw = false);

  // Runs `main` to completion with SIGINT/SIGTERM handled: `stop` turns true
  // on the first signal; in-flight writes get the grace period (reads none),
  // and a second signal ends the process at once (exit 130). Returns main's
  // exit code; exceptions from main propagate.
  int run(std::function<boost::asio::awaitable<int>(const bool& stop)> main);

  // Whether a Ctrl-C (SIGINT, SIGTERM) stopped the last run().
  bool interrupted() const noexcept { return interrupted_; }

  // While true, a Ctrl-C lets in-flight requests finish within the grace period.
  void writing(bool on);

  // Every token and secret value the run knows: no server text is printed
  // with one of them in it.
  sde::scrubber& scrub() noexcept { return scrub_; }

  boost::asio::io_context& io() { return io_; }

 private:
  const net_settings& net_;
  // One thread runs it; sockets are never touched from another (the
  // resolver's thread only posts), so the reactor needs no locks.
  boost::asio::io_context io_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  sde::scrubber scrub_;
  std::vector<std::unique_ptr<instance>> instances_;
  net::interrupt_watch* watch_ = nullptr;  // while run() runs
  bool writing_ = false;
  bool interrupted_ = false;
};

// The same instance named twice (scheme, host, port and path prefix alike).
bool same_instance(const std::string& a, const std::string& b);

}  // namespace sdemig::engine

// distance-relay: a server D ms away, on loopback (see delay_relay.hpp).
//   distance-relay --upstream 127.0.0.1:8443 --delay-ms 20 [--port P]
// Prints "listening on HOST:PORT" first, then serves until SIGINT/SIGTERM.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>

#include "delay_relay.hpp"
#include "tools/version/parse_exit.hpp"
#include "tools/version/version.hpp"

int main(int argc, char** argv) {
  sdemig::relay::delay_config config;
  std::string upstream;
  long delay_ms = 0;
  bool no_handshake = false;
  CLI::App app{
      "distance-relay: a TCP relay that puts a server D ms away, for measuring a distant "
      "instance on loopback"};
  app.set_version_flag("--version", sdemig::version_text("distance-relay"), "Print the version");
  app.add_option("--upstream", upstream, "The server, HOST:PORT")->required();
  app.add_option("--bind", config.listen_host, "Where to listen")->capture_default_str();
  app.add_option("--port", config.listen_port, "Port to listen on (0: a free one)");
  app.add_option("--delay-ms", delay_ms, "One-way delay added to every byte, each way")
      ->check(CLI::Range(0L, 60'000L))
      ->capture_default_str();
  app.add_flag("--no-handshake-round-trip", no_handshake,
               "Do not hold a new connection's first bytes one round trip more (TCP's handshake)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return sdemig::exit_on_parse_error(app, e, "distance-relay");
  }
  const auto colon = upstream.rfind(':');
  try {
    if (colon == std::string::npos) throw std::runtime_error("--upstream wants HOST:PORT");
    config.upstream_host = upstream.substr(0, colon);
    const int port = std::stoi(upstream.substr(colon + 1));
    if (port <= 0 || port > 65535) throw std::runtime_error("--upstream port out of range");
    config.upstream_port = static_cast<std::uint16_t>(port);
    config.one_way = std::chrono::milliseconds(delay_ms);
    config.handshake_round_trip = !no_handshake;
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // the relay's thread inherits it
    sdemig::relay::delay_relay relay(config);
    std::cout << "listening on " << config.listen_host << ":" << relay.port() << std::endl;
    int signal = 0;
    sigwait(&stop, &signal);
  } catch (const std::exception& e) {
    std::cerr << "distance-relay: " << e.what() << '\n';
    return 2;
  }
  return 0;
}

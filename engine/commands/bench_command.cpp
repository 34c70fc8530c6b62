#include <iostream>

#include "engine/bench/load.hpp"
#include "engine/commands/commands.hpp"
#include "engine/commands/session.hpp"

namespace sdemig::engine {

int run_bench(const bench_command_settings& settings) {
  net_settings net = settings.net;
  net.concurrency = settings.load.connections;
  session s(net);
  instance& target = s.connect(settings.instance, "--url", /*for_bench=*/true);
  return s.run([&](const bool& stop) -> boost::asio::awaitable<int> {
    bench_result r;
    try {
      r = co_await async_bench(*target.http, settings.load, stop);
    } catch (const std::runtime_error& e) {
      std::cerr << "sdemig: bench: " << e.what() << '\n';
      co_return 1;
    }
    std::cout << (settings.json ? bench_json(r) : bench_text(r, settings.instance.url, settings.load));
    co_return 0;
  });
}

}  // namespace sdemig::engine

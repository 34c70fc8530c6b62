#include <unistd.h>

#include <chrono>
#include <iostream>

#include "engine/commands/commands.hpp"
#include "engine/commands/session.hpp"
#include "engine/commands/sync_run.hpp"
#include "engine/load/hgrm.hpp"
#include "engine/load/load.hpp"
#include "engine/load/unmeasured_retry.hpp"
#include "engine/pages/bench_page.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"
#include "io/time/iso8601.hpp"

namespace sdemig::engine {
namespace {

bool writes(const bench_settings& s, bench_op op) {
  for (auto& [o, weight] : s.mix) {
    if (o == op && weight > 0) return true;
  }
  return false;
}

}  // namespace

int run_bench(const bench_command_settings& settings) {
  // Opened before any request: a bad path is exit 2 with nothing sent.
  std::unique_ptr<files::output_file> hdr = open_output(settings.hdr_out, "--hdr-out");
  std::unique_ptr<files::output_file> page = open_output(settings.html_out, "--html");
  net_settings net = settings.net;
  net.concurrency = settings.load.connections;
  session s(net);
  instance& target = s.connect(settings.instance, "--url", "instance", /*raw=*/true);
  bench_settings load = settings.load;
  if (load.create_prefix.empty()) {
    load.create_prefix =
        "sdemig-bench-" + std::to_string(::getpid()) + "-" +
        std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 1000000) + "-";
  }
  // Said before the first request: this bench changes the instance.
  if (writes(load, bench_op::create)) {
    std::cerr << "sdemig: bench writes to " << settings.instance.url
              << ": it creates ALM connectors named \"" << printable(load.create_prefix)
              << "N\" (find and remove them by that prefix)\n";
  }
  if (writes(load, bench_op::update)) {
    std::cerr << "sdemig: bench writes to " << settings.instance.url
              << ": it updates existing ALM connectors with the values they already hold\n";
  }
  return s.run([&](const bool& stop) -> boost::asio::awaitable<int> {
    // The probe is not measured: a throttled or unavailable answer is tried again.
    if (!target.forced_api) {
      using probe_result = sde::result<api_generation>;
      auto probe = [&]() -> boost::asio::awaitable<probe_result> {
        co_return co_await target.api->async_probe();
      };
      auto throttled =
          [](const probe_result& r) -> std::optional<std::optional<std::chrono::milliseconds>> {
        if (r || r.error().what != sde::api_error::kind::http ||
            (r.error().status != 429 && r.error().status != 503)) {
          return std::nullopt;
        }
        return std::optional<std::chrono::milliseconds>{};
      };
      const probe_result probed = co_await async_retry_unmeasured<probe_result>(probe, throttled);
      if (!probed) {
        std::cerr << "sdemig: probing the instance's API failed: "
                  << printable(probed.error().message) << '\n';
        co_return 1;
      }
    } else {
      target.api->set_generation(*target.forced_api);
    }
    load.api = target.api->generation();
    bench_result r;
    try {
      r = co_await async_bench(*target.http, load, stop);
    } catch (const std::runtime_error& e) {
      std::cerr << "sdemig: bench: " << printable(s.scrub().scrub(e.what())) << '\n';
      co_return 1;
    }
    files::write_stdout(settings.json ? bench_json(r) : bench_text(r, settings.instance.url, load));
    if (hdr) {
      net::latency_histogram all;
      for (const auto& [op, stats] : r.ops) all.merge(stats.latency);
      hdr->write(hgrm(all));
      hdr->commit();
    }
    write_page(page.get(), bench_html(r, settings.instance.url, load, time::iso8601_now()));
    co_return 0;
  });
}

}  // namespace sdemig::engine

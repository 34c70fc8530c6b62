#include <iostream>
#include <memory>

#include "engine/commands/commands.hpp"
#include "engine/commands/exporter.hpp"
#include "engine/commands/metrics_file.hpp"
#include "engine/commands/session.hpp"
#include "engine/run/progress.hpp"
#include "engine/run/report.hpp"
#include "engine/run/run_metrics.hpp"
#include "engine/text/terminal_text.hpp"
#include "io/files/output_file.hpp"

namespace sdemig::engine {

namespace {

// export: what it wrote, counted into `m` (a kind's items "exported";
// connections without params apart).
int export_run(const export_settings& settings, session& s, sync_metrics& m) {
  instance& from = s.connect(settings.from, "--from", "source");
  export_options options = settings.options;
  options.source = settings.from.url;
  options.connections = settings.connections;
  options.concurrency = settings.net.concurrency;

  // Opened before any request: a bad path is exit 2 with nothing sent.
  std::unique_ptr<files::output_file> out;
  try {
    // Secrets in the file: readable by its owner only.
    out = std::make_unique<files::output_file>(
        settings.out,
        options.include_secrets ? files::file_access::owner : files::file_access::shared, "--out");
  } catch (const files::output_path_error& e) {
    throw usage_error(e.what());
  }
  read_progress meter(settings.net.progress && !out->is_stdout());
  options.progress = &meter;
  options.scrub = &s.scrub();
  const export_sink sink = [&](std::string_view bytes) { out->write(bytes); };
  return s.run([&](const bool& stop) -> boost::asio::awaitable<int> {
    if (!co_await async_identify(from)) co_return 1;
    bool failed = false;
    const std::optional<plugin_schema> schema = co_await async_read_schema(from, false, failed);
    if (failed) co_return 1;
    options.schema = schema ? &*schema : nullptr;  // its secret fields are redacted too
    auto exported = co_await async_export(*from.api, options, sink);
    meter.finish();
    if (!exported) {
      std::cerr << "sdemig: export failed: " << printable(exported.error().message) << '\n';
      co_return 1;  // the unnamed temporary file goes away: no partial output
    }
    if (stop) co_return 1;
    const export_counts& n = exported.value();
    m.items[0].by_outcome = {{"exported", n.connectors}};
    if (options.connections)
      m.items[1].by_outcome = {{"exported", n.connections}, {"without_params", n.without_params}};
    if (!n.guessed_secrets.empty()) {
      std::string keys;
      for (const std::string& k : n.guessed_secrets) keys += (keys.empty() ? "" : ", ") + k;
      std::cerr << "sdemig: warning: no plugin schema says which of these params are secret, so "
                   "they are treated as secrets by their names: "
                << printable(keys) << '\n';
    }
    out->commit();
    std::cerr << "exported " << count_of(n.connectors, "connector", "connectors")
              << (options.connections
                      ? " and " + count_of(n.connections, "connection", "connections")
                      : std::string())
              << (out->is_stdout() ? "" : " to " + settings.out) << '\n';
    if (n.without_params > 0) {  // absent is not empty: said, and not written as {}
      std::cerr << "sdemig: " << count_of(n.without_params, "connection was", "connections were")
                << " exported without params: the source showed none (its token's user lacks the "
                   "\"Edit ALM connections\" or \"Edit security tool connections\" permission); "
                   "an import plans them unreadable\n";
      co_return 1;
    }
    co_return 0;
  });
}

}  // namespace

int run_export(const export_settings& settings) {
  metrics_file metrics(settings.metrics_file, "export");
  return metrics.run([&] {
    session s(settings.net);
    sync_metrics m;
    m.items.push_back({"connector", {{"exported", 0}}});
    if (settings.connections)
      m.items.push_back({"connection", {{"exported", 0}, {"without_params", 0}}});
    const int code = export_run(settings, s, m);
    metrics.interrupted = s.interrupted();
    write_sync_metrics(metrics.body(), m);
    return code;
  });
}

}  // namespace sdemig::engine

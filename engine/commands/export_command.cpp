#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "engine/commands/commands.hpp"
#include "engine/commands/session.hpp"
#include "io/files/atomic_file.hpp"

namespace sdemig::engine {

int run_export(const export_settings& settings) {
  session s(settings.net);
  instance& from = s.connect(settings.from, "--from");
  export_options options = settings.options;
  options.source = settings.from.url;
  options.page_size = settings.net.page_size;

  std::unique_ptr<files::atomic_file> file;
  if (settings.out != "-") {
    try {
      // Secrets in the file: readable by its owner only.
      file = std::make_unique<files::atomic_file>(settings.out, options.include_secrets ? 0600 : 0644);
    } catch (const std::system_error& e) {
      throw usage_error(e.what());
    }
  }
  const export_sink sink = [&](std::string_view bytes) {
    if (file) {
      file->write(bytes);
    } else {
      std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
  };
  return s.run([&](const bool& stop) -> boost::asio::awaitable<int> {
    auto exported = co_await async_export(*from.api, options, sink);
    if (!exported) {
      std::cerr << "sdemig: export failed: " << exported.error().message << '\n';
      co_return 1;  // the temporary file is removed: no partial output
    }
    if (stop) co_return 1;
    if (file) file->commit();
    std::cout.flush();
    std::cerr << "exported " << exported.value() << " connectors" << (file ? " to " + settings.out : "") << '\n';
    co_return 0;
  });
}

}  // namespace sdemig::engine

#pragma once
// `sdemig export`: every connector of the chosen kinds, streamed page by
// page to a sink (memory does not grow with the instance).

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "engine/commands/export_options.hpp"
#include "engine/run/progress.hpp"
#include "io/sde/scrubber.hpp"
#include "io/sde/sde_client.hpp"

namespace sdemig::engine {

using export_sink = std::function<void(std::string_view bytes)>;

// What an export wrote.
struct export_counts {
  std::size_t connectors = 0;
  std::size_t connections = 0;            // with options.connections
  std::size_t without_params = 0;         // connections the instance showed no params for
  std::set<std::string> guessed_secrets;  // params redacted by their names (no schema said)
};

boost::asio::awaitable<sde::result<export_counts>> async_export(sde::sde_client& client,
                                                                const export_options& options,
                                                                const export_sink& sink);

}  // namespace sdemig::engine

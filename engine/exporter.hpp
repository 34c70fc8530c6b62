#pragma once
// `sdemig export`: every connector of the chosen kinds, streamed page by
// page to a sink (memory does not grow with the instance).

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <vector>

#include "engine/progress.hpp"
#include "io/sde/sde_client.hpp"
#include "io/sde/scrubber.hpp"

namespace sdemig::engine {

enum class export_format { json, ndjson };

struct export_options {
  std::vector<connector_kind> kinds{connector_kind::alm, connector_kind::analysis};
  export_format format = export_format::json;
  bool include_secrets = false;
  std::size_t page_size = 500;
  std::string source;  // the URL written in the header
  read_progress* progress = nullptr;  // counts connectors as pages arrive
  sde::scrubber* scrub = nullptr;     // learns the secret values read, so no later error shows one
  const plugin_schema* schema = nullptr;  // the source's: its secret fields are redacted too
};

using export_sink = std::function<void(std::string_view bytes)>;

boost::asio::awaitable<sde::result<std::size_t>> async_export(sde::sde_client& client, const export_options& options,
                                                              const export_sink& sink);

}  // namespace sdemig::engine

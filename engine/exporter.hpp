#pragma once
// `sdemig export`: every connector of the chosen kinds, streamed page by
// page to a sink (memory does not grow with the instance).

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <vector>

#include "io/sde/sde_client.hpp"

namespace sdemig::engine {

enum class export_format { json, ndjson };

struct export_options {
  std::vector<connector_kind> kinds{connector_kind::alm, connector_kind::analysis};
  export_format format = export_format::json;
  bool include_secrets = false;
  std::size_t page_size = 500;
  std::string source;  // the URL written in the header
};

using export_sink = std::function<void(std::string_view bytes)>;

boost::asio::awaitable<sde::result<std::size_t>> async_export(sde::sde_client& client, const export_options& options,
                                                              const export_sink& sink);

}  // namespace sdemig::engine

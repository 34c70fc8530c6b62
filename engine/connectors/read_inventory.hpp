#pragma once
// Reading every connector of a source or target instance, page by page
// (an export file: engine/commands/import_file.hpp).

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "engine/planning/plan.hpp"
#include "engine/run/progress.hpp"
#include "io/sde/connector_target.hpp"

namespace sdemig::engine {

// Lists `kinds` from the instance into `out`, counting pages into
// `meter` as `who`. An error names the request.
boost::asio::awaitable<sde::result<std::size_t>> async_read_inventory(
    sde::connector_target& client, std::vector<connector_kind> kinds, inventory& out,
    read_progress* meter = nullptr, const char* who = "");

}  // namespace sdemig::engine

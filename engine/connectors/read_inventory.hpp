#pragma once
// Reading every connector of a source or target: from an instance (page by
// page) or from an export file.

#include <boost/asio/awaitable.hpp>
#include <stdexcept>
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

struct export_file_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads an `sdemig export` file (json or ndjson; "-" is standard input).
// Throws export_file_error naming the file and the place.
// `api` receives the generation the export was made from (legacy when the
// file does not say: exports from before generations were 4.x's).
inventory load_export_file(const std::string& path, api_generation* api = nullptr);

}  // namespace sdemig::engine

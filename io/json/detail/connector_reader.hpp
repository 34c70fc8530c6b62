#pragma once
// Reads one connector (a server's, or an export file's) into the model with
// simdjson On-Demand. Internal to io/json.

#include "io/json/detail/ondemand_reader.hpp"

namespace sdemig::json::detail {

// Unknown members are kept as raw JSON (connector::extra).
simdjson::error_code read_connector(field_context& ctx, od::value v, connector& out,
                                    const parse_options& options);

}  // namespace sdemig::json::detail

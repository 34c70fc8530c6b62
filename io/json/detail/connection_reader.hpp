#pragma once
// Reads connections with simdjson On-Demand: as a server answers them, and
// as an export file holds them. One reader of a connection's own members
// for both. Internal to io/json.

#include "io/json/detail/ondemand_reader.hpp"
#include "io/json/export_parser.hpp"
#include "model/project.hpp"

namespace sdemig::json::detail {

// A connection as a server reads it (GET, a list page's item, a write's answer).
simdjson::error_code read_connection(field_context& ctx, od::value v, connection& out);

// A connection of an export file (export --connections). `ndjson`: its kind
// is written "connection-alm" or "connection-analysis".
simdjson::error_code read_exported_connection(field_context& ctx, od::value v, bool ndjson,
                                              exported_connection& out);

}  // namespace sdemig::json::detail

#pragma once
// Connections in sdemig's export files (export --connections): each with
// its project's path and its connector's name instead of bare ids (the
// source's ids kept as source_id, source_connector_id, source_project_id),
// so that an export can be imported into any instance. JSON exports hold
// them in "connections"; NDJSON exports as lines of kind "connection-alm" or
// "connection-analysis". They are read back by io/json/export_parser.hpp.

#include "engine/planning/connection_plan.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

// One record as an object (JSON) or a line's object (NDJSON: with "kind":
// "connection-alm"...). Secret params are null unless `include_secrets`.
void write_connection_record(json::writer& w, const connection_record& r, bool ndjson,
                             bool include_secrets);

}  // namespace sdemig::engine

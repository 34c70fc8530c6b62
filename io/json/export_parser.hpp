#pragma once
// Reads sdemig's own export files (`sdemig export`), both formats:
//   json:   {"format":"sdemig-export/1","source":...,"alm":[...],"analysis":[...],
//            "connections":[...]}
//   ndjson: one connector a line, each with "kind": "alm" | "analysis" (and
//           "api"); connections as lines of kind "connection-alm" |
//           "connection-analysis".
// The file is read strictly, every member of it (see
// io/json/detail/ondemand_reader.hpp): what breaks a rule anywhere is an
// error naming the place, never a member skipped or a list cut short.

#include <functional>
#include <optional>
#include <string>

#include "io/json/connector_parser.hpp"
#include "model/project.hpp"

namespace sdemig::json {

inline constexpr std::string_view export_format = "sdemig-export/1";

// A connection as an export holds it: its project by names, its connector
// by name, its own members with the source's ids (source_id,
// source_connector_id, source_project_id) as id, connector and project.
struct exported_connection {
  connector_kind kind = connector_kind::alm;
  project_ref project;
  std::string connector_name;
  connection value;
};

using export_visitor = std::function<void(connector_kind, connector&)>;
using connection_visitor = std::function<void(exported_connection&)>;

// `text` is the whole file; errors name the line (ndjson) or the place.
// `api`, when given, receives the export's "api" ("legacy" or "current";
// empty when the file has none: an export from before API generations).
// Connections are read (and checked) whether or not `connections` is given.
std::optional<parse_error> read_export(const std::string& text, const export_visitor& visit,
                                       std::size_t max_document_bytes = std::size_t{1} << 34,
                                       std::string* api = nullptr,
                                       const connection_visitor& connections = {});

}  // namespace sdemig::json

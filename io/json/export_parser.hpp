#pragma once
// Reads sdemig's own export files (`sdemig export`), both formats:
//   json:   {"format":"sdemig-export/1","source":...,"alm":[...],"analysis":[...]}
//   ndjson: one connector a line, each with "kind": "alm" | "analysis" (and "api").

#include <functional>
#include <optional>
#include <string>

#include "io/json/connector_parser.hpp"

namespace sdemig::json {

inline constexpr std::string_view export_format = "sdemig-export/1";

using export_visitor = std::function<void(connector_kind, connector&)>;

// `text` is the whole file; errors name the line (ndjson) or the place.
// `api`, when given, receives the export's "api" ("legacy" or "current";
// empty when the file has none: an export from before API generations).
std::optional<parse_error> read_export(const std::string& text, const export_visitor& visit,
                                       std::size_t max_document_bytes = std::size_t{1} << 34,
                                       std::string* api = nullptr);

}  // namespace sdemig::json

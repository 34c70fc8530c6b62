#pragma once
// The members of an sdemig export object, read strictly: what an export
// file holds at its top, and what a backup holds in "before" and
// "written". Internal to io/json.

#include <string>
#include <string_view>

#include "io/json/detail/ondemand_reader.hpp"
#include "io/json/export_parser.hpp"

namespace sdemig::json::detail {

// api, alm, analysis and connections (format, source and exported_at are
// checked and skipped); any other member is an error. Error paths start
// with `prefix` ("before": "before.alm[3].name").
simdjson::error_code read_export_object(field_context& ctx, od::object& obj,
                                        std::string_view prefix, const export_visitor& on_connector,
                                        const connection_visitor& on_connection, std::string* api);

}  // namespace sdemig::json::detail

#pragma once
// Reads a page of the plugin schema (/api/v2/plugins/alm/ or
// /issue-tracker/): {"next": ..., "results": [system, ...]}, {"results": [...]}
// or a bare array. Unknown keys are ignored; a wrong shape is an error
// naming the place.

#include <optional>
#include <string>

#include "model/schema.hpp"

namespace sdemig::json {

struct schema_page {
  std::optional<std::string> next;
  std::vector<system_schema> systems;
};

// nullopt on success, else one line.
std::optional<std::string> parse_schema_page(const std::string& body, schema_page& out);

}  // namespace sdemig::json

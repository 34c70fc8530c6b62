#pragma once
// The plugin schema sde-sim serves (/api/v2/plugins/alm/ or /issue-tracker/):
// every field its seeded issue-tracker connectors use, in the generation's
// names, with the options of its selects and radios. ServiceNow has a secret
// outside the built-in list (servicenow_client_secret), as real systems do.

#include <string>

#include "model/generation.hpp"
#include "model/schema.hpp"

namespace sdemig::sim {

plugin_schema issue_tracker_schema(api_generation api);

// One system as the API writes it: {"id", "name", "short_name", "command", "sections": [...]}.
std::string schema_json(const system_schema& s);

}  // namespace sdemig::sim

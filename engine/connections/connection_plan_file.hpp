#pragma once
// The connections' part of a saved plan (`plan --out`, `apply`), as
// connector_plan_file.hpp is the connectors': each create and update with
// its body (no secret value), the target connection as the plan read it
// and its fingerprint; at apply time, done, drifted or to write.

#include <vector>

#include "engine/planning/connection_plan.hpp"
#include "io/json/json_writer.hpp"
#include "io/json/plan_file_parser.hpp"

namespace sdemig::engine {

// `target`: the target's connections as read when the plan was made.
void write_connection_writes(json::writer& w, const connection_plan& p,
                             const std::vector<connection_record>& target,
                             const secret_store* secrets);

struct connection_apply_input {
  std::vector<const json::plan_file_item*> items;       // the plan file's connection writes
  const std::vector<connection_record>* now = nullptr;  // the target's, as read now
  const project_paths* target_projects = nullptr;
  const std::vector<connection_record>* source = nullptr;  // --from's, when secrets come from it
  const secret_store* secrets = nullptr;
};

connection_plan plan_connection_writes(const connection_apply_input& in);

}  // namespace sdemig::engine

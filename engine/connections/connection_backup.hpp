#pragma once
// The connections' part of a backup (--backup) and of its restore: the
// before-image of each connection a plan writes (its project-scope params,
// as the target showed them), and the plan that takes the target back.

#include <vector>

#include "engine/planning/connection_plan.hpp"

namespace sdemig::engine {

// `target_scope`: the target's connections as records of their
// project-scope params (to_records(..., true, ...)). Adds to `before` each
// update's target connection and to `written` each create and update as it
// will be written (an update's with the target id).
void add_connection_images(const connection_plan& p,
                           const std::vector<connection_record>& target_scope,
                           std::vector<connection_record>& before,
                           std::vector<connection_record>& written);

struct connection_restore_input {
  const std::vector<connection_record>* before = nullptr;   // the backup's
  const std::vector<connection_record>* written = nullptr;  // the backup's
  // The target now: its connections' project-scope params (compared with
  // the backup), and as read (what a write-back is planned against).
  const std::vector<connection_record>* now_scope = nullptr;
  const std::vector<connection_record>* now_read = nullptr;
  const project_paths* target_projects = nullptr;
  const plan* connectors = nullptr;              // the connectors' restore plan
  const inventory* target_connectors = nullptr;  // the target's connectors now
  api_generation target_api = api_generation::legacy;
  const secret_store* secrets = nullptr;
  const plugin_schema* target_schema = nullptr;
  bool force = false;
};

// As plan_connector_restore does for connectors (restore_decision.hpp).
connection_plan plan_connection_restore(const connection_restore_input& in);

}  // namespace sdemig::engine

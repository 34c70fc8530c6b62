#pragma once
// The connectors' part of a backup (--backup) and of its restore: the
// before-image of each connector a plan writes, and the plan that takes the
// target back to the before-images.

#include "engine/planning/plan.hpp"

namespace sdemig::engine {

// Adds to `before` each update's target connector as read (`target`: the
// target's connectors the plan was made against) and to `written` each
// create and update as it will be written (an update's with the target id).
void add_connector_images(const plan& p, const inventory& target, inventory& before,
                          inventory& written);

struct connector_restore_input {
  const inventory* before = nullptr;   // the backup's
  const inventory* written = nullptr;  // the backup's
  const inventory* now = nullptr;      // the target as read now (secrets marked)
  const secret_store* secrets = nullptr;
  plan_options options;  // patch, the target's API and schema
  bool force = false;    // restore --force: items changed since are restored too
};

// Each item the run wrote, decided (engine/planning/restore_decision.hpp):
// unchanged (noop), written back to its before-image (update; a create
// with --force when it is gone), deleted (a create still as written) or a
// conflict (changed or gone since).
plan plan_connector_restore(const connector_restore_input& in);

}  // namespace sdemig::engine

#pragma once
// The connectors' part of a backup (--backup) and of its restore: the
// before-image of each connector a plan writes, and the plan that takes the
// target back to the before-images.

#include <string>
#include <vector>

#include "engine/planning/plan.hpp"
#include "engine/planning/rotation.hpp"

namespace sdemig::engine {

// Adds to `before` each update's target connector as read (`target`: the
// target's connectors the plan was made against) and to `written` each
// create and update as it will be written (an update's with the target id).
// `secrets_changed`: the secret params each update changes, by connector.
void add_connector_images(const plan& p, const inventory& target, inventory& before,
                          inventory& written, secret_keys_by_item& secrets_changed);

struct connector_restore_input {
  const inventory* before = nullptr;   // the backup's
  const inventory* written = nullptr;  // the backup's
  const inventory* now = nullptr;      // the target as read now (secrets marked)
  const secret_store* secrets = nullptr;
  plan_options options;  // patch, the target's API and schema
  bool force = false;    // restore --force: items changed since are restored too
  // The secret params the run changed (the backup's secrets_changed).
  const secret_keys_by_item* secrets_changed = nullptr;
};

// Each item the run wrote, decided (engine/planning/restore_decision.hpp):
// unchanged (noop), written back to its before-image (update; a create
// with --force when it is gone), deleted (a create still as written) or a
// conflict (changed or gone since).
// `kept`: `"NAME" KEY`, printable, of each secret the run changed that the backup holds
// masked and no --secrets gives: left as the target holds it.
plan plan_connector_restore(const connector_restore_input& in, std::vector<std::string>* kept);

}  // namespace sdemig::engine

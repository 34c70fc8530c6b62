#pragma once
// `edit --secrets FILE`: a secret the file gives is a new value (a rotated
// password), not a fill-in for one the instance masks. The instance's own
// connectors take the file's values before planning, and an item whose
// target shows the secret masked (so that no comparison can see the
// difference) is an update all the same. No I/O.

#include <map>
#include <string>
#include <vector>

#include "engine/planning/inventory.hpp"
#include "engine/planning/plan.hpp"
#include "engine/planning/secrets.hpp"

namespace sdemig::engine {

// Sets every secret param the file gives for a connector (its own entry,
// else "*") to the file's value.
void rotate_secrets(inventory& own, const secret_store& secrets);

// A noop whose connector has a rotated secret the target shows masked:
// an update of that secret ("~ params.KEY: (secret) -> (secret)"). Its
// other secrets nobody shows are left out of a PATCH (`patch`), else needed.
void mark_rotations(plan& p, const inventory& target, const secret_store& secrets, bool patch);

// The same for the secrets named per connector (kind, name as planned)
// whose value the item holds: a restore's, from its --secrets file.
using secret_keys_by_item =
    std::map<std::pair<connector_kind, std::string>, std::vector<std::string>>;
void force_secret_updates(plan& p, const inventory& target, const secret_keys_by_item& keys,
                          bool patch);

}  // namespace sdemig::engine

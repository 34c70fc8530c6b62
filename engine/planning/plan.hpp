#pragma once
// The planner: source connectors (selected and transformed) against the
// target's, matched by name within a kind, each given an action. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/planning/compare.hpp"
#include "engine/planning/inventory.hpp"
#include "engine/planning/job.hpp"
#include "engine/planning/plan_item.hpp"
#include "engine/planning/secrets.hpp"
#include "model/generation.hpp"
#include "model/schema.hpp"

namespace sdemig::engine {

struct plan_item : item_base {
  std::string source_name;
  connector desired;  // what the target should hold (name after transforms)
  // PATCH: params only on the target, sent with the value it shows (so they
  // stay whether it merges or replaces params).
  std::vector<std::string> kept;
  // PATCH: secrets the source masks and the target shows, sent as it shows them.
  std::vector<std::string> target_values;
  bool force_put = false;  // PATCH asked, but a param is to be removed: PUT
};

struct plan {
  api_generation source_api = api_generation::legacy;
  api_generation target_api = api_generation::legacy;
  std::vector<plan_item> items;
  std::vector<std::pair<connector_kind, std::string>> only_in_target;  // names
  plan_totals totals;
};

struct plan_options {
  // Updates are PATCHes: params only on the target are kept (not a change),
  // unknown secrets are left out of the body instead of blocking it, and an
  // unset_params removal sends that connector with PUT.
  bool patch = false;
  // Issue-tracker params are translated from the source's generation to the
  // target's before the job's transforms, which see the target's names.
  api_generation source_api = api_generation::legacy;
  api_generation target_api = api_generation::legacy;
  // The target's plugin schema, when it could be read: its secret fields are
  // secrets, and every create or update is checked against it (action
  // invalid, with every problem, when it fails).
  const plugin_schema* target_schema = nullptr;
};

// Takes the source by value: its connectors move into the plan (pass a
// copy to keep them).
plan make_plan(const job& j, inventory source, const inventory& target, const secret_store* secrets,
               const plan_options& options = {});

}  // namespace sdemig::engine

#pragma once
// The planner: source connectors (selected and transformed) against the
// target's, matched by name within a kind, each given an action. No I/O.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/planning/compare.hpp"
#include "engine/planning/inventory.hpp"
#include "engine/planning/job.hpp"
#include "engine/planning/secrets.hpp"
#include "model/generation.hpp"
#include "model/schema.hpp"

namespace sdemig::engine {

enum class action { create, update, noop, skip, conflict, invalid };
inline constexpr action all_actions[] = {action::create, action::update,   action::noop,
                                         action::skip,   action::conflict, action::invalid};
std::string_view to_string(action a) noexcept;

struct plan_item {
  connector_kind kind = connector_kind::alm;
  action what = action::noop;
  std::string source_name;
  std::optional<std::int64_t> source_id;
  std::optional<std::int64_t> target_id;
  connector desired;                  // what the target should hold (name after transforms)
  std::vector<field_change> changes;  // update: what differs (a create's are made when printed)
  std::vector<std::string> missing_secrets;  // a create or update that cannot be sent
  std::vector<std::string> problems;         // invalid: why it cannot be sent
  std::vector<std::string> kept;             // PATCH: params only on the target, which it keeps
  std::vector<std::string>
      unsent_secrets;      // PATCH: secrets not known, left out (the target keeps its own)
  bool force_put = false;  // PATCH asked, but a param is to be removed: PUT
  std::string note;        // why a skip or conflict; a name the server will trim
};

struct plan_totals {
  std::array<std::size_t, std::size(all_actions)> by_action{};
  std::size_t needs_secrets = 0;

  std::size_t count(action a) const { return by_action[static_cast<std::size_t>(a)]; }
  std::size_t pending() const { return count(action::create) + count(action::update); }
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

// Names the API cannot take: empty (after trimming) or over 255 characters.
inline constexpr std::size_t max_name_chars = 255;

// Takes the source by value: its connectors move into the plan (pass a
// copy to keep them).
plan make_plan(const job& j, inventory source, const inventory& target, const secret_store* secrets,
               const plan_options& options = {});

}  // namespace sdemig::engine

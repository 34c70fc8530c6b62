#pragma once
// The connectors' part of a saved plan (`plan --out`, `apply`): each create
// and update written with its body (no secret value: where each comes from
// instead), the target connector as the plan read it and its fingerprint;
// and, at apply time, the plan made again from those against the target as
// it is now: done (already as planned), drifted (changed since the plan),
// or to write.

#include <vector>

#include "engine/planning/plan.hpp"
#include "io/json/json_writer.hpp"
#include "io/json/plan_file_parser.hpp"

namespace sdemig::engine {

// Appends to the array `w` is in one write per create and update of `p`.
// `target`: the target's connectors the plan was made against.
// `use_patch`: updates go as PATCH (each still PUT where the plan says so).
void write_connector_writes(json::writer& w, const plan& p, const inventory& target,
                            const secret_store* secrets, bool use_patch);

struct connector_apply_input {
  std::vector<const json::plan_file_item*> items;  // the plan file's connector writes
  const inventory* now = nullptr;                  // the target as read now (secrets marked)
  const inventory* source = nullptr;               // --from's, when secrets come from it
  const secret_store* secrets = nullptr;
  bool use_patch = false;
};

// Each write as the applier takes it: create or update (secrets filled, or
// needs_secret), noop when the target already holds it, conflict (reason
// drifted, with what changed since the plan) when its item changed.
plan plan_connector_writes(const connector_apply_input& in);

}  // namespace sdemig::engine

#pragma once
// Deterministic, realistic connectors for `--seed-alm N --seed-analysis N`:
// many systems, secrets (with quotes and backslashes), non-ASCII names.
// The same numbers give the same connectors.

#include <cstddef>

#include "model/connector.hpp"
#include "model/generation.hpp"

namespace sdemig::sim {

class connector_store;

// Connector number `n` (1-based) of a kind, without an id, with the params
// named as generation `api` names them.
connector seeded_connector(connector_kind kind, std::size_t n,
                           api_generation api = api_generation::legacy);

void seed_store(connector_store& store, std::size_t alm, std::size_t analysis,
                api_generation api = api_generation::legacy);

// `--seed-projects N`: the hierarchy for N projects (seed_hierarchy) and,
// for two projects in three, an issue-tracker connection "Tracker" to one of
// the seeded connectors (every tenth project a second, "Tracker 2"); every
// fourth an analysis connection "Scanner" when analysis connectors are
// seeded. Params are the project-scope ones, named as `api` names them.
// `connections` false (`--seed-projects-only`): the same names with other
// ids and no connections, a target ready to be connected.
void seed_projects(connector_store& store, std::size_t projects, bool connections, std::size_t alm,
                   std::size_t analysis, api_generation api);

}  // namespace sdemig::sim

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

}  // namespace sdemig::sim

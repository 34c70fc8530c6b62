#pragma once
// Realistic inputs for the benchmarks: sde-sim's seeded connectors.

#include <string>
#include <vector>

#include "model/connector.hpp"

namespace sdemig::bench {

std::vector<connector> seeded(std::size_t n);
// A list page as an SDE instance answers it: {"count","next","previous","results"}.
std::string page_json(const std::vector<connector>& results);

}  // namespace sdemig::bench

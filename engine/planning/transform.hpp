#pragma once
// Applies a job's transforms, in order, to one connector. A secret param
// renamed by `rename_params` stays secret under its new key. Returns what
// could not be done (e.g. a rename onto a key the connector already has):
// the connector is then not to be sent.

#include "engine/planning/job.hpp"

namespace sdemig::engine {

std::vector<std::string> apply_transforms(const std::vector<transform>& transforms,
                                          connector_kind kind, connector& c);

}  // namespace sdemig::engine

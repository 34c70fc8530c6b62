#pragma once
// Applies a job's transforms, in order, to one connector.

#include "engine/job/job.hpp"

namespace sdemig::engine {

void apply_transforms(const std::vector<transform>& transforms, connector_kind kind, connector& c);

}  // namespace sdemig::engine

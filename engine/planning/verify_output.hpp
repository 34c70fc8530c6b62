#pragma once
// `sdemig verify`: one line per connector (`= + - * !` and the name, made
// safe for a terminal), then counts; or the same as JSON.

#include <string>

#include "engine/planning/plan.hpp"

namespace sdemig::engine {

struct verify_counts {
  std::size_t equal = 0, only_in_source = 0, only_in_target = 0, differ = 0, errors = 0;
  bool all_equal() const { return only_in_source + differ + errors == 0; }
};

verify_counts count_verify(const plan& p);
std::string verify_text(const plan& p);
std::string verify_json(const plan& p);

}  // namespace sdemig::engine

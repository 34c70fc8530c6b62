#pragma once
// A plan for people (actions with a field-level diff, then totals) and for
// machines (--json). Secret values are never printed: they show as (secret).

#include <string>

#include "engine/planning/plan.hpp"

namespace sdemig::engine {

std::string plan_text(const plan& p, bool show_noop);
std::string plan_json(const plan& p);
std::string totals_line(const plan_totals& t);

// A scalar as the plan shows it.
std::string shown_value(const std::optional<scalar>& value, bool secret);

}  // namespace sdemig::engine

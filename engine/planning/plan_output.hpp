#pragma once
// A plan for people (actions with a field-level diff, then totals) and for
// machines (--json). Secret values are never printed: they show as (secret).

#include <string>

#include "engine/planning/connection_plan.hpp"
#include "engine/planning/plan.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

std::string plan_text(const plan& p, bool show_noop);
// With `connections`, its "connections" and "connection_totals" too.
std::string plan_json(const plan& p, const connection_plan* connections = nullptr);
std::string totals_line(const plan_totals& t);

// "changes": [{"field", "change", "from", "to"}...], secrets as (secret).
void write_changes(json::writer& w, const std::vector<field_change>& changes);

// The lines under any kind's item: its note, problems and needed secrets.
std::string item_detail_lines(const item_base& item, std::string_view name);

// A scalar as the plan shows it.
std::string shown_value(const std::optional<scalar>& value, bool secret);

}  // namespace sdemig::engine

#pragma once
// A plan for people (actions with a field-level diff, then totals) and for
// machines (--json). Secret values are never printed: they show as (secret).

#include <functional>
#include <string>

#include "engine/planning/connection_plan.hpp"
#include "engine/planning/plan.hpp"
#include "io/json/json_writer.hpp"

namespace sdemig::engine {

std::string plan_text(const plan& p, bool show_noop);
// An action as a plan line's first column: padded to `width` and a space,
// never cut ("missing-project" stays whole).
std::string action_column(action a, std::size_t width);
// The widest action's width ("missing-connector").
inline constexpr std::size_t longest_action = 17;
// With `connections`, its "connections" and "connection_totals" too; `more`
// adds members at the end (a saved plan's).
std::string plan_json(const plan& p, const connection_plan* connections = nullptr,
                      const std::function<void(json::writer&)>& more = {});
std::string totals_line(const plan_totals& t);

// "    ~ field: old -> new" (+ added, - removed) a line each, secrets as (secret).
std::string change_lines(const std::vector<field_change>& changes);

// "changes": [{"field", "change", "from", "to"}...], secrets as (secret).
void write_changes(json::writer& w, const std::vector<field_change>& changes);

// The lines under any kind's item: its note, problems and needed secrets.
std::string item_detail_lines(const item_base& item, std::string_view name);

// What a PATCH does with what the target keeps, in the plan's words: they
// claim only what the plan knows (whether the target merges params is seen
// on the first write that relies on it, never assumed).
inline constexpr std::string_view kept_words =
    "kept (only on the target; sent with the value it shows)";
inline constexpr std::string_view target_value_words =
    "the target's value is kept (the source masks it; sent as the target shows it)";
inline constexpr std::string_view left_out_words =
    "left out (a secret neither side shows): kept only if the target merges params on PATCH, "
    "checked on the first such write; give it with --secrets to be sure";

// A scalar as the plan shows it.
std::string shown_value(const std::optional<scalar>& value, bool secret);

}  // namespace sdemig::engine

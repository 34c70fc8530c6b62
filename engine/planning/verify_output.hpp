#pragma once
// `sdemig verify`: one line per connector (`= + - * !` and the name, made
// safe for a terminal), then counts; or the same as JSON.

#include <string>

#include "engine/planning/connection_plan.hpp"
#include "engine/planning/plan.hpp"

namespace sdemig::engine {

// = equal, + only in the source, * differs, ! cannot be compared.
char verify_mark(action a) noexcept;

struct verify_counts {
  std::size_t equal = 0, only_in_source = 0, only_in_target = 0, differ = 0, errors = 0;
  bool all_equal() const { return only_in_source + differ + errors == 0; }
};

// Each line verify shows, in order: f(mark, item, kind, name, note), the item
// null for a connector only on the target.
template <class F>
void for_each_verify_line(const plan& p, F&& f) {
  for (const plan_item& item : p.items) {
    const std::string note_words = note_text(item, item.desired.name);
    const std::string* note = note_words.empty() ? nullptr : &note_words;
    std::string problems;
    for (const std::string& s : item.problems) problems += (problems.empty() ? "" : "; ") + s;
    f(verify_mark(item.what), &item, item.kind, item.desired.name,
      problems.empty() ? note : &problems);
  }
  for (const auto& [kind, name] : p.only_in_target) f('-', nullptr, kind, name, nullptr);
}

verify_counts count_verify(const plan& p);
std::string verify_text(const plan& p);
std::string verify_json(const plan& p, const connection_plan* connections = nullptr);

}  // namespace sdemig::engine

#pragma once
// `plan --html`, `clone --dry-run --html` and `verify --html`: the plan as one
// self-contained page a change reviewer opens. The instances and their API
// generations, a card per action with its count (a click hides or shows that
// action's rows), a filter box, and every connector with its action and its
// field diff (old -> new). Secrets show as (secret); every text that came
// from a server or a file is escaped.

#include <string>

#include "engine/planning/connection_plan.hpp"
#include "engine/planning/plan.hpp"

namespace sdemig::engine {

struct page_context {
  std::string source;  // URL or export file
  std::string target;  // URL
  std::string generated_at;
  std::string plan_file;  // plan --out: "PLAN (sha256 ...)", what a change record cites
};

// With `connections`, a row for each connection too (its kind
// "connection-alm", its name "project path / alias").
std::string plan_html(const plan& p, const page_context& where,
                      const connection_plan* connections = nullptr);
std::string verify_html(const plan& p, const page_context& where,
                        const connection_plan* connections = nullptr);

}  // namespace sdemig::engine

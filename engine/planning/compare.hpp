#pragma once
// Equality as a migration sees it: what the server owns (id, the system's
// display names) is ignored, params are compared by JSON value ("7" and 7
// differ), and a secret nobody can see (masked or null) is not a difference.

#include <optional>
#include <string>
#include <vector>

#include "model/connector.hpp"

namespace sdemig::engine {

struct field_change {
  enum class kind { added, removed, changed };
  std::string field;  // "name", "system", "inaccessible", "params.<key>"
  kind change = kind::changed;
  std::optional<scalar> from;
  std::optional<scalar> to;
  bool secret = false;  // values are shown as (secret)
};

// What changes when `current` (the target's, or nullptr when absent) becomes `desired`.
std::vector<field_change> diff(const connector& desired, const connector* current);

// The params half of diff(): each of `want` against `have` by key; with
// `removals`, params only in `have` are changes too.
void diff_params(const std::vector<param>& want, const std::vector<param>& have, bool removals,
                 std::vector<field_change>& out);

bool same_value(const scalar& a, const scalar& b);

}  // namespace sdemig::engine

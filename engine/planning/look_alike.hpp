#pragma once
// Names that people cannot tell apart: "Café Jira" typed on one machine
// (é as one code point) and pasted from another (e + a combining accent),
// or "Payments JIRA" beside "Payments Jira". Matching stays exact, but a
// plan must not create a second item that looks like one the target holds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sdemig::engine {

// The name in Unicode normalization form C, case-folded (utf8proc), after
// the server's trimming: two names with the same key look alike. ASCII
// names take a fast path (lower case). A name that is not valid UTF-8 is
// its own key.
std::string look_alike_key(std::string_view name);

// How a job matches names (connectors' names, connections' aliases):
// `flag` (the default) matches exactly and plans a look-alike on the target
// as a conflict naming both forms; `exact` takes look-alikes for other
// names; `look_alike` takes a look-alike for the same item (updated to the
// source's form).
enum class name_matching : std::uint8_t { flag, exact, look_alike };

std::optional<name_matching> parse_name_matching(std::string_view text) noexcept;
std::string_view to_string(name_matching m) noexcept;

}  // namespace sdemig::engine

#pragma once
// A strict pass over a small hand-written JSON file (job, secrets) before it
// is parsed: syntax errors and duplicate keys, named by line and column.
// simdjson's DOM parser says neither where an error is nor that a key came
// twice (it would silently keep one of the two values).

#include <optional>
#include <string>
#include <string_view>

namespace sdemig::json {

// nullopt when `text` is one valid JSON value with no key twice in an
// object; else "line L, column C: what".
std::optional<std::string> strict_check(std::string_view text);

// "line L, column C" of byte `offset` in `text` (columns count characters).
std::string line_and_column(std::string_view text, std::size_t offset);

}  // namespace sdemig::json

#pragma once
// Text from a server, made safe to print on a terminal: control characters
// (C0, DEL, C1) and the Unicode bidirectional overrides that can make a
// line read differently from what it holds are written as \uXXXX escapes,
// and bytes that are not UTF-8 as \xNN. Everything else passes unchanged.

#include <string>
#include <string_view>

namespace sdemig::engine {

// `text` with the unsafe characters escaped.
std::string printable(std::string_view text);
// `"text"`, escaped as by printable(), with quotes and backslashes escaped too.
std::string quoted(std::string_view text);

}  // namespace sdemig::engine

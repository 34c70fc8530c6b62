#pragma once
// Text made safe for roff (man(7)): whatever a description holds prints as
// written. Backslashes, hyphens (as \-, so a flag copied from the page is
// the ASCII one), quotes and non-ASCII characters become escapes, and a line
// never starts with a control character ('.' or '\'').

#include <string>
#include <string_view>

namespace sdemig::manpage::roff {

// Inline text: the escapes above, no line-start protection.
std::string text(std::string_view s);
// One or more text lines ('\n' separated), each protected at its start; an
// empty line ("\n\n") starts a new paragraph (.PP).
std::string lines(std::string_view s);
// A macro argument: escaped and double-quoted.
std::string arg(std::string_view s);
// Inline bold and italic runs, ending in the regular font.
std::string bold(std::string_view s);
std::string italic(std::string_view s);

}  // namespace sdemig::manpage::roff

#pragma once
// Text as servers write it in their answers: HTML-escaped as Django's
// escape() does, percent- or form-encoded as a query string. The echoes of
// --echo-as use them, and the tests build the forms they search outputs for.

#include <string>
#include <string_view>

namespace sdemig::sim {

std::string html_escaped(std::string_view s);
// Non-ASCII characters as \uXXXX (a surrogate pair above U+FFFF), the rest
// as it is (an ASCII-only header or repr; Python's json.dumps inside JSON).
std::string non_ascii_escaped(std::string_view s, bool upper);
// Unreserved characters as they are, the rest as %XX (upper or lower case
// hex); `plus`: " " as "+" (form-encoded, Python's quote_plus).
std::string percent_encoded(std::string_view s, bool upper = true, bool plus = false);

}  // namespace sdemig::sim

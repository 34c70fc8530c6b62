#pragma once
// What a server in debug mode shows of the request it refuses: the
// Authorization header and the body, secrets in them, written in one of
// the forms servers write text in. `--echo-auth` answers with it, so that
// tests see a client keep every form of its tokens and secrets out of what
// it prints.

#include <string>
#include <string_view>

namespace sdemig::sim {

enum class echo_form {
  raw,      // as sent, in the error's JSON (a JSON body's secrets JSON-escaped)
  ascii,    // non-ASCII as \uXXXX (Python's json.dumps)
  slashes,  // "/" as "\/" (PHP's json_encode)
  percent,  // percent-encoded, " " as "+" (a query string, Python's quote_plus)
  html,     // a Django technical 500 page (text/html), HTML-escaped
};
echo_form parse_echo_form(std::string_view text);  // throws std::invalid_argument

// "HTTP_AUTHORIZATION='...'; body: ..." as `form` writes it (not html).
std::string echo_of(echo_form form, std::string_view authorization, std::string_view body);

// A Django debug page answering an error: the request's header and body,
// then what went wrong, HTML-escaped. The token starts within its first 80
// bytes, where a client's excerpt may cut.
std::string debug_page(std::string_view authorization, std::string_view body,
                       std::string_view detail);

}  // namespace sdemig::sim

#include "sim/echo.hpp"

#include <stdexcept>

#include "sim/named.hpp"
#include "sim/router.hpp"
#include "sim/text_forms.hpp"
#include "sim/validate.hpp"

namespace sdemig::sim {

echo_form parse_echo_form(std::string_view text) {
  static constexpr std::pair<std::string_view, echo_form> names[] = {
      {"raw", echo_form::raw},
      {"ascii", echo_form::ascii},
      {"slashes", echo_form::slashes},
      {"percent", echo_form::percent},
      {"html", echo_form::html}};
  return named(names, text, "echo form");
}

std::string echo_of(echo_form form, std::string_view authorization, std::string_view body) {
  std::string echo = "HTTP_AUTHORIZATION='" + std::string(authorization) + "'";
  if (!body.empty()) echo += "; body: " + std::string(body);
  switch (form) {
    case echo_form::raw:
    case echo_form::html:
      return echo;
    case echo_form::ascii:
      return non_ascii_escaped(echo, /*upper=*/true);
    case echo_form::slashes: {
      std::string out;
      for (char c : echo) out += c == '/' ? std::string("\\/") : std::string(1, c);
      return out;
    }
    case echo_form::percent:
      return percent_encoded(echo, /*upper=*/true, /*plus=*/true);
  }
  return echo;
}

std::string debug_page(std::string_view authorization, std::string_view body,
                       std::string_view detail) {
  return "<html><pre>HTTP_AUTHORIZATION = &#x27;" + html_escaped(authorization) +
         "&#x27;\nREQUEST_BODY = " + html_escaped(body) + "\nDETAIL = " + html_escaped(detail) +
         "</pre></html>\n";
}

// A Django debug page shows the request's headers and body: the error body
// carries the Authorization header and what was sent (secrets included), in
// the detail or as one more field error.
void router::echo_authorization(const request_view& request, json::connector_parser& parser,
                                reply& out) const {
  if (!config_.echo_auth || out.status < 400) return;
  drf_error error;
  if (parser.parse(out.body, error)) return;
  const std::string_view body = request.body ? std::string_view(*request.body) : "";
  if (config_.echo_as == echo_form::html) {  // an error the debug page shows as a 500
    out.status = 500;
    out.html = true;
    out.body = debug_page(request.authorization, body, error.summary());
    return;
  }
  const std::string echo = echo_of(config_.echo_as, request.authorization, body);
  if (!error.detail.empty()) {
    out.body = detail_body(error.detail + " (request META: " + echo + ")");
  } else {
    error.fields.push_back({"debug", {echo}});
    out.body = field_errors_body(error.fields);
  }
}

}  // namespace sdemig::sim

#pragma once
// Which HTTP proxy a connection to an SDE instance goes through, chosen as
// curl chooses: --proxy, else the scheme's variable (https_proxy for an
// https:// instance, http_proxy for http://), else all_proxy; lower-case
// names before upper-case ones; NO_PROXY (or --no-proxy) bypasses it. No
// Asio here: the choice is a pure function of the settings and the
// environment, tested without sockets.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "io/net/core/url.hpp"

namespace sdemig::net {

// An http:// proxy: a CONNECT tunnel per connection for https:// instances,
// absolute-form requests for http:// ones.
struct proxy_endpoint {
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 1080;
  std::string user;      // percent-decoded; never printed
  std::string password;  // percent-decoded; never printed
  // "Basic <base64(user:password)>", or empty without credentials.
  std::string authorization() const;
  // "http://host:port", never with the credentials: for messages.
  std::string display() const;
  // What to do about a 407, for its message: give credentials, or better ones.
  std::string_view auth_hint() const;
  bool host_is_ip() const;
};

// Parses "http://[user[:password]@]host[:port][/]"; without a scheme it is
// http://, without a port 1080 (as curl). The error is one line that quotes
// the URL without its credentials.
std::optional<proxy_endpoint> parse_proxy_url(std::string_view text, std::string* error = nullptr);

// True when `no_proxy` (comma- or space-separated) names `host`: "*"; a
// domain, matching itself and its subdomains (a leading dot is ignored); an
// IP address or CIDR block, matching IP-literal hosts; each optionally with
// ":port", then matching that port only. Case-insensitive.
bool no_proxy_matches(std::string_view no_proxy, std::string_view host, std::uint16_t port);

// The proxy variables as the process sees them (lower-case names first).
struct proxy_environment {
  std::string https_proxy, http_proxy, all_proxy, no_proxy;
  std::string https_name = "HTTPS_PROXY", http_name = "HTTP_PROXY", all_name = "ALL_PROXY";
  static proxy_environment from_process();
};

struct proxy_settings {
  std::string proxy;      // --proxy URL: instead of the variables; "" none given
  bool disabled = false;  // --no-proxy: no proxy at all
};

struct proxy_choice {
  std::optional<proxy_endpoint> proxy;  // nullopt: connect directly
  std::string error;                    // a bad proxy URL, naming where it came from
};

// The proxy for connections to `instance`.
proxy_choice choose_proxy(const base_url& instance, const proxy_settings& settings,
                          const proxy_environment& env);

}  // namespace sdemig::net

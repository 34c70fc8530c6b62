#pragma once
// An SDE instance's base URL: http:// or https://host[:port][/prefix].

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sdemig::net {

struct base_url {
  bool tls = false;
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 0;
  std::string prefix;  // "" or "/sde" (no trailing slash)

  // "https://host:port" (the port only when not the scheme's default)
  std::string origin() const;
  // origin() + prefix + path
  std::string url(std::string_view path) const;
  // prefix + path, for the request line
  std::string target(std::string_view path) const { return prefix + std::string(path); }
  bool host_is_ip() const;
};

// "host" as it stands in a URL or Host header: IPv6 addresses in brackets.
std::string bracketed_host(std::string_view host);

// The parts of a URL's authority, "host[:port]" or "[v6][:port]": the host
// without brackets, and the text after the port's colon when there is one.
struct authority_parts {
  std::string host;
  bool has_port = false;
  std::string_view port_text;
};
// Nullopt when the brackets are malformed; `why` then says how.
std::optional<authority_parts> split_authority(std::string_view authority, std::string& why);
// A port number, 1 to 65535.
std::optional<std::uint16_t> parse_port(std::string_view text);

struct url_error {
  std::string message;
};

// Parses a base URL; the error says what is wrong in one line.
std::optional<base_url> parse_base_url(std::string_view text, url_error* error = nullptr);

// A URL as a message may show it, whatever it holds: credentials before an
// "@" in its authority and a query's values as ***, a fragment dropped.
std::string shown_url(std::string_view text);

// Splits an absolute URL ("https://h:p/path?q") into origin and target
// ("/path?q"); a relative one ("/path") gives an empty origin.
struct split_url {
  std::string origin;
  std::string target;
};
std::optional<split_url> split_absolute_url(std::string_view url);

}  // namespace sdemig::net

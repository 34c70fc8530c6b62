#include "io/net/core/proxy.hpp"

#include <arpa/inet.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace sdemig::net {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= s.size()) return std::nullopt;
    auto [ptr, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, value, 16);
    if (ec != std::errc{} || ptr != s.data() + i + 3) return std::nullopt;
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped into ::ffff:0:0/96) and
// the number of prefix bits its own family has.
struct ip_address {
  std::array<unsigned char, 16> bytes{};
  bool v4 = false;
};

std::optional<ip_address> parse_ip(std::string_view text) {
  const std::string s(text);
  ip_address out;
  in_addr a4{};
  if (::inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    out.v4 = true;
    out.bytes[10] = out.bytes[11] = 0xff;
    std::memcpy(out.bytes.data() + 12, &a4, 4);
    return out;
  }
  in6_addr a6{};
  if (::inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    std::memcpy(out.bytes.data(), &a6, 16);
    return out;
  }
  return std::nullopt;
}

bool same_prefix(const ip_address& a, const ip_address& b, unsigned bits) {
  for (unsigned i = 0; i < 16 && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8u);
    const auto mask = static_cast<unsigned char>(0xff << (8 - take));
    if ((a.bytes[i] & mask) != (b.bytes[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

// One NO_PROXY entry against a host (lower case, no trailing dot).
bool entry_matches(std::string_view entry, const std::string& host, std::uint16_t port) {
  std::optional<std::uint16_t> only_port;
  std::string_view name = entry;
  if (name.starts_with('[')) {
    const auto close = name.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view rest = name.substr(close + 1);
    name = name.substr(1, close - 1);
    if (rest.starts_with(':')) {
      only_port = parse_port(rest.substr(1));
      if (!only_port) return false;
    }
  } else if (std::count(name.begin(), name.end(), ':') == 1) {
    const auto colon = name.find(':');
    only_port = parse_port(name.substr(colon + 1));
    if (!only_port) return false;
    name = name.substr(0, colon);
  }
  if (only_port && *only_port != port) return false;
  while (name.starts_with('.')) name.remove_prefix(1);
  while (name.ends_with('.')) name.remove_suffix(1);
  if (name.empty()) return false;

  std::string_view address = name;
  std::optional<unsigned> bits;
  if (const auto slash = name.find('/'); slash != std::string_view::npos) {
    unsigned b = 0;
    const std::string_view bits_text = name.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), b);
    if (ec != std::errc{} || ptr != bits_text.data() + bits_text.size()) return false;
    bits = b;
    address = name.substr(0, slash);
  }
  if (auto block = parse_ip(address)) {
    auto ip = parse_ip(host);
    if (!ip) return false;  // an address entry matches address hosts only (no DNS lookups)
    const unsigned family_bits = block->v4 ? 32 : 128;
    if (bits > family_bits) return false;  // 127.0.0.1/33 is no block at all
    const unsigned prefix = bits.value_or(family_bits);
    return same_prefix(*ip, *block, (block->v4 ? 96 : 0) + prefix);
  }
  if (bits) return false;
  // A name entry is matched against names only: "0.0.1" is no suffix of
  // the address 127.0.0.1 (curl's rule).
  if (parse_ip(host)) return false;
  const std::string domain = lower(name);
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

std::string env_value(const char* lower_name, const char* upper_name, std::string& which) {
  if (const char* v = std::getenv(lower_name); v && *v) {
    which = lower_name;
    return v;
  }
  if (const char* v = std::getenv(upper_name); v && *v) {
    which = upper_name;
    return v;
  }
  return {};
}

}  // namespace

std::string proxy_endpoint::authorization() const {
  if (user.empty() && password.empty()) return {};
  const std::string credentials = user + ":" + password;
  std::string encoded(4 * ((credentials.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                reinterpret_cast<const unsigned char*>(credentials.data()),
                                static_cast<int>(credentials.size()));
  encoded.resize(static_cast<std::size_t>(n));
  return "Basic " + encoded;
}

std::string_view proxy_endpoint::auth_hint() const {
  return user.empty() && password.empty()
             ? "(it asks for credentials: http://USER:PASSWORD@host:port)"
             : "(it did not accept the user and password of the proxy URL)";
}

bool proxy_endpoint::host_is_ip() const {
  return parse_ip(host).has_value();
}

std::string proxy_endpoint::display() const {
  return "http://" + bracketed_host(host) + ":" + std::to_string(port);
}

std::optional<proxy_endpoint> parse_proxy_url(std::string_view text, std::string* error) {
  auto fail = [&](const std::string& quoted,
                  const std::string& why) -> std::optional<proxy_endpoint> {
    if (error) *error = "proxy URL " + quoted + ": " + why;
    return std::nullopt;
  };
  text = trim(text);
  std::string_view rest = text;
  std::string scheme = "http";
  if (const auto scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    scheme = lower(rest.substr(0, scheme_end));
    rest.remove_prefix(scheme_end + 3);
  }
  // The credentials end at the last "@": a password may hold "/", "?" or
  // "#" that its owner did not percent-encode. They are never printed.
  std::string_view userinfo;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    userinfo = rest.substr(0, at);
    rest.remove_prefix(at + 1);
  }
  const std::string hidden = userinfo.empty() ? "" : "***@";
  if (scheme != "http") {
    return fail("\"" + scheme + "://" + hidden + std::string(rest) + "\"",
                "scheme " + scheme +
                    " is not supported (an http:// proxy, which tunnels https:// with CONNECT)");
  }
  const auto path_start = rest.find('/');
  std::string_view path =
      path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  std::string_view authority = rest.substr(0, path_start);
  proxy_endpoint out;
  const std::string quoted =
      "\"http://" + hidden + std::string(authority) + std::string(path) + "\"";
  if (!userinfo.empty()) {
    const auto colon = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, colon));
    auto password = percent_decode(colon == std::string_view::npos ? std::string_view{}
                                                                   : userinfo.substr(colon + 1));
    if (!user || !password) return fail(quoted, "bad percent-encoding in the credentials");
    out.user = std::move(*user);
    out.password = std::move(*password);
  }
  if (!path.empty() && path != "/") return fail(quoted, "a proxy URL has no path");
  std::string why;
  auto parts = split_authority(authority, why);
  if (!parts) return fail(quoted, why);
  if (parts->has_port && parts->port_text.empty()) return fail(quoted, "empty port");
  out.host = std::move(parts->host);
  if (out.host.empty()) return fail(quoted, "no host");
  if (parts->has_port) {
    auto port = parse_port(parts->port_text);
    if (!port)
      return fail(quoted, "port \"" + std::string(parts->port_text) + "\" is not in 1-65535");
    out.port = *port;
  }
  return out;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view host_in, std::uint16_t port) {
  std::string host = lower(host_in);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  while (host.ends_with('.')) host.pop_back();
  std::size_t pos = 0;
  while (pos <= no_proxy.size()) {
    auto end = no_proxy.find_first_of(", \t", pos);
    if (end == std::string_view::npos) end = no_proxy.size();
    const std::string_view entry = trim(no_proxy.substr(pos, end - pos));
    pos = end + 1;
    if (entry.empty()) continue;
    if (entry == "*") return true;
    if (entry_matches(entry, host, port)) return true;
  }
  return false;
}

proxy_environment proxy_environment::from_process() {
  proxy_environment env;
  env.https_proxy = env_value("https_proxy", "HTTPS_PROXY", env.https_name);
  env.http_proxy = env_value("http_proxy", "HTTP_PROXY", env.http_name);
  env.all_proxy = env_value("all_proxy", "ALL_PROXY", env.all_name);
  std::string ignored;
  env.no_proxy = env_value("no_proxy", "NO_PROXY", ignored);
  return env;
}

proxy_choice choose_proxy(const base_url& instance, const proxy_settings& settings,
                          const proxy_environment& env) {
  proxy_choice out;
  if (settings.disabled) return out;
  std::string text = settings.proxy;
  std::string source = "--proxy";
  if (text.empty()) {
    if (instance.tls && !env.https_proxy.empty()) {
      text = env.https_proxy;
      source = env.https_name;
    } else if (!instance.tls && !env.http_proxy.empty()) {
      text = env.http_proxy;
      source = env.http_name;
    } else if (!env.all_proxy.empty()) {
      text = env.all_proxy;
      source = env.all_name;
    }
  }
  if (text.empty()) return out;
  if (no_proxy_matches(env.no_proxy, instance.host, instance.port)) return out;
  std::string error;
  out.proxy = parse_proxy_url(text, &error);
  if (!out.proxy) out.error = source + ": " + error;
  return out;
}

}  // namespace sdemig::net

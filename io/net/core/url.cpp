#include "io/net/core/url.hpp"

#include <algorithm>
#include <charconv>

namespace sdemig::net {
namespace {

bool fail(url_error* error, std::string message) {
  if (error) error->message = std::move(message);
  return false;
}

}  // namespace

std::string bracketed_host(std::string_view host) {
  return host.find(':') != std::string_view::npos ? "[" + std::string(host) + "]"
                                                  : std::string(host);
}

std::optional<authority_parts> split_authority(std::string_view authority, std::string& why) {
  authority_parts out;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      why = "unclosed [ in the host";
      return std::nullopt;
    }
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        why = "unexpected text after the host";
        return std::nullopt;
      }
      out.port_text = rest.substr(1);
      out.has_port = true;
    }
    return out;
  }
  const auto colon = authority.rfind(':');
  out.host = std::string(authority.substr(0, colon));
  if (colon != std::string_view::npos) {
    out.port_text = authority.substr(colon + 1);
    out.has_port = true;
  }
  return out;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned long port = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || port == 0 ||
      port > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(port);
}

std::string base_url::origin() const {
  std::string out = tls ? "https://" : "http://";
  out += bracketed_host(host);
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

std::string base_url::url(std::string_view path) const {
  return origin() + prefix + std::string(path);
}

bool base_url::host_is_ip() const {
  return host.find(':') != std::string::npos ||
         host.find_first_not_of("0123456789.") == std::string::npos;
}

// A query's values as ***, its names kept ("?api_key=***&page=***"); a
// part without "=" may itself be a secret: ***. A fragment is dropped.
static std::string shown_query(std::string_view query) {
  std::string out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    const auto eq = part.find('=');
    if (!out.empty()) out += '&';
    out += eq == std::string_view::npos ? "***" : std::string(part.substr(0, eq + 1)) + "***";
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return out;
}

// The URL as error messages show it: credentials before an "@" in its
// authority (refused, but a user may have typed a password there) as ***,
// and a query's values (refused too, but an api_key may stand there).
std::string shown_url(std::string_view text) {
  std::string tail;
  if (const auto q = text.find_first_of("?#"); q != std::string_view::npos) {
    if (text[q] == '?') {
      const std::string_view query = text.substr(q + 1);
      tail = "?" + shown_query(query.substr(0, query.find('#')));
    }
    text = text.substr(0, q);
  }
  const auto scheme = text.find("://");
  const std::size_t from = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto end = std::min(text.find('/', from), text.size());
  const auto at = text.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < from) return std::string(text) + tail;
  return std::string(text.substr(0, from)) + "***" + std::string(text.substr(at)) + tail;
}

std::optional<base_url> parse_base_url(std::string_view text, url_error* error) {
  base_url out;
  const std::string shown = shown_url(text);
  const std::string quoted = "\"" + shown + "\"";
  if (text.starts_with("https://")) {
    out.tls = true;
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
  } else {
    if (text.find("://") != std::string_view::npos) {
      fail(error, "URL " + quoted + ": scheme must be http or https");
    } else {
      fail(error,
           "URL " + quoted + " has no scheme: write http://" + shown + " or https://" + shown);
    }
    return std::nullopt;
  }
  const auto path_start = text.find_first_of("/?#");
  std::string_view authority = text.substr(0, path_start);
  std::string_view path =
      path_start == std::string_view::npos ? std::string_view{} : text.substr(path_start);
  if (authority.find('@') != std::string_view::npos) {
    fail(error, "URL " + quoted + ": credentials in the URL are not supported, use a token file");
    return std::nullopt;
  }
  std::string why;
  auto parts = split_authority(authority, why);
  if (!parts) {
    fail(error, "URL " + quoted + ": " + why);
    return std::nullopt;
  }
  out.host = std::move(parts->host);
  if (out.host.empty()) {
    fail(error, "URL " + quoted + " has no host");
    return std::nullopt;
  }
  out.port = out.tls ? 443 : 80;
  if (parts->has_port) {
    auto port = parse_port(parts->port_text);
    if (!port) {
      fail(error,
           "URL " + quoted + ": port \"" + std::string(parts->port_text) + "\" is not in 1-65535");
      return std::nullopt;
    }
    out.port = *port;
  }
  if (path.find_first_of("?#") != std::string_view::npos) {
    fail(error, "URL " + quoted + ": a query or fragment is not allowed in the base URL");
    return std::nullopt;
  }
  while (path.ends_with('/')) path.remove_suffix(1);
  // Users paste the API root too: https://sde.example.com/api/v2
  if (path.ends_with("/api/v2")) path.remove_suffix(7);
  out.prefix = std::string(path);
  return out;
}

std::optional<split_url> split_absolute_url(std::string_view url) {
  if (url.starts_with('/')) return split_url{{}, std::string(url)};
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const auto path_start = url.find('/', scheme_end + 3);
  if (path_start == std::string_view::npos) return split_url{std::string(url), "/"};
  return split_url{std::string(url.substr(0, path_start)), std::string(url.substr(path_start))};
}

}  // namespace sdemig::net

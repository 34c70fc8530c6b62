#pragma once
// Small pieces of HTTP the router's files share: integers and query
// parameters as the API takes them, and DRF's {"detail": ...} error replies.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/router.hpp"
#include "sim/validate.hpp"

namespace sdemig::sim {

inline std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// The value of `key` in a query string ("a=1&b=2"); no percent-decoding is
// needed for the integer parameters the API takes.
inline std::optional<std::string_view> query_param(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    }
  }
  return std::nullopt;
}

inline void set_error(reply& out, unsigned status, std::string_view detail) {
  out.status = status;
  out.body = detail_body(detail);
}

}  // namespace sdemig::sim

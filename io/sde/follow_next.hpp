#pragma once
// Following a list's `next` link (shared by the connector and the project
// and connection lists).

#include <optional>
#include <string>
#include <unordered_set>

#include "io/net/core/url.hpp"

namespace sdemig::sde {

// The request for the page `next` names, or why there is none to follow.
// DRF builds `next` from the Host it saw, which behind a proxy may name
// another scheme or host: only its path and query are used, on this instance.
// `seen` holds the targets read so far (a loop is an error).
std::optional<std::string> follow_next(const net::base_url& base, const std::string& next,
                                       std::unordered_set<std::string>& seen, std::string& why);

}  // namespace sdemig::sde

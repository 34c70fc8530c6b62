#pragma once
// The two generations of the SDE connectors API. 4.x ("legacy") serves
// issue-tracker connectors at /connectors/alm/ with `alm_*` params; current
// releases serve them at /connectors/issue-tracker/ with `issue_tracker_*`
// params, `conflict_policy: "issue_tracker"` and an `issue_tracker_auth_mode`.
// Analysis connectors are the same in both.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/connector.hpp"

namespace sdemig {

enum class api_generation : std::uint8_t { legacy, current };

std::string_view to_string(api_generation g) noexcept;  // "legacy", "current"
std::optional<api_generation> parse_api_generation(std::string_view text) noexcept;

// The path segment of a kind's connectors: "alm" / "issue-tracker" / "analysis".
std::string_view path_segment(connector_kind kind, api_generation g) noexcept;

// A param key as the other generation names it (alm_X <-> issue_tracker_X);
// keys without either prefix are the same in both.
std::string key_in(std::string_view key, api_generation g);

// An issue-tracker connector's params, from one generation's names and
// values to the other's. Legacy -> current adds issue_tracker_auth_mode
// ("api_token" when an API token is set, else "basic"); current -> legacy
// drops it. A param's secret mark goes with it.
void translate_params(std::vector<param>& params, api_generation from, api_generation to);

}  // namespace sdemig

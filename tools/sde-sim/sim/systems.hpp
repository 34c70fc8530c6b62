#pragma once
// The systems an SDE instance knows, per connector kind (sde-api-notes.md).

#include <optional>
#include <span>
#include <string_view>

#include "model/connector.hpp"

namespace sdemig::sim {

struct system_info {
  std::string_view id;
  std::string_view name;
  std::string_view short_name;  // empty: the API omits it (analysis systems)
};

std::span<const system_info> known_systems(connector_kind kind) noexcept;
const system_info* find_system(connector_kind kind, std::string_view id) noexcept;

}  // namespace sdemig::sim

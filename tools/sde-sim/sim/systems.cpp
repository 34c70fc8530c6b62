#include "sim/systems.hpp"

#include <array>

namespace sdemig::sim {
namespace {

constexpr std::array<system_info, 9> alm_systems = {{
    {"github", "GitHub", "GitHub"},
    {"jira", "JIRA", "JIRA"},
    {"rally", "Rally", "Rally"},
    {"trac", "Trac", "Trac"},
    {"tfs", "Azure DevOps", "TFS"},
    {"servicenow", "ServiceNow", "ServiceNow"},
    {"gitlab", "GitLab", "GitLab"},
    {"pivotal_tracker", "Pivotal Tracker", "Pivotal"},
    {"hp_alm", "Micro Focus ALM", "HP ALM"},
}};

constexpr std::array<system_info, 6> analysis_systems = {{
    {"fortify", "Fortify", ""},
    {"veracode", "Veracode", ""},
    {"whitehat", "WhiteHat", ""},
    {"appscan", "AppScan", ""},
    {"checkmarx", "Checkmarx", ""},
    {"webinspect", "WebInspect", ""},
}};

}  // namespace

std::span<const system_info> known_systems(connector_kind kind) noexcept {
  if (kind == connector_kind::alm) return alm_systems;
  return analysis_systems;
}

const system_info* find_system(connector_kind kind, std::string_view id) noexcept {
  for (const system_info& s : known_systems(kind)) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

}  // namespace sdemig::sim

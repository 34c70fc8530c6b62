#pragma once
// Projects and their connections. SDE's hierarchy is business unit ->
// application -> project; a project is linked to connectors by connections
// (/api/v2/connections/alm|issue-tracker|analysis/), which hold the
// project-scope params and refer to their connector and project by ids that
// differ on every instance.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/connector.hpp"

namespace sdemig {

// A business unit, an application (parent: its business unit) or a project
// (parent: its application).
struct project_node {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> parent;
};

// A project as a migration names it: business unit, application and
// project name, kept apart (a name may hold "/").
struct project_ref {
  std::string business_unit;
  std::string application;
  std::string name;

  friend auto operator<=>(const project_ref&, const project_ref&) = default;
  friend bool operator==(const project_ref&, const project_ref&) = default;
};

// "BU/App/Project", with "/" and "\" inside a name escaped by "\": one
// string per project, read back by parse_project_path.
std::string project_path(const project_ref& p);
// The escaped form back; an unescaped path of exactly three parts (what
// exports before the escaping wrote) reads the same. nullopt: not three
// parts, or a dangling "\".
std::optional<project_ref> parse_project_path(std::string_view path);
// "BU/App/Project" joined as written, for select.projects globs.
std::string joined_path(const project_ref& p);

inline constexpr std::string_view connection_frequencies[] = {"manually", "hourly", "daily",
                                                              "weekly", "monthly"};
bool is_connection_frequency(std::string_view f) noexcept;

struct connection {
  std::optional<std::int64_t> id;
  std::string alias;
  std::string system;  // the connector's system id, as read (not sent)
  std::string frequency = "manually";
  std::optional<bool> debug_mode;
  // Reads: the connector's merged with the connection's own. Absent
  // (nullopt) when the server did not show them: SDE leaves `params` out
  // for a token without the "Edit ALM connections" / "Edit security tool
  // connections" permission. Absent is not empty: nothing is planned,
  // compared or sent on it.
  std::optional<std::vector<param>> params;
  std::optional<bool> inaccessible;
  std::int64_t connector = 0;
  std::int64_t project = 0;

  const scalar* find_param(std::string_view key) const noexcept;
  friend bool operator==(const connection&, const connection&) = default;
};

// The kinds of connection, as journal lines and exports name them.
std::string_view connection_kind_name(connector_kind kind) noexcept;  // "connection-alm"...

}  // namespace sdemig

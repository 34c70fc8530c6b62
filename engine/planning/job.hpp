#pragma once
// The job file (`--job FILE`): which connectors, how to transform them, and
// what to do when the target already has a different one of the same name.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/planning/glob.hpp"
#include "engine/planning/look_alike.hpp"
#include "model/connector.hpp"

namespace sdemig::engine {

struct where_clause {
  std::optional<std::string> system;
  std::optional<glob> name;
  std::optional<connector_kind> kind;
  bool connection = false;  // "kind": "connection": applies to connections, not connectors

  bool matches(connector_kind k, const connector& c) const;
};

struct transform {
  enum class type { set_params, replace_in_params, rename_params, unset_params, set, name };
  type what = type::set_params;
  where_clause where;
  std::vector<param> values;         // set_params: key -> value; rename_params: old -> new (string)
  std::string param_key, from, to;   // replace_in_params
  std::vector<std::string> names;    // unset_params
  std::optional<bool> inaccessible;  // set
  std::string prefix, suffix;        // name
};

enum class conflict_policy { update, skip, fail, rename };

struct job {
  std::vector<connector_kind> kinds{connector_kind::alm, connector_kind::analysis};
  std::vector<std::string> systems;  // empty: every system
  std::vector<glob> names;           // empty: every name
  std::vector<glob> exclude_names;
  conflict_policy on_conflict = conflict_policy::update;
  std::string rename_suffix = " (migrated)";
  name_matching names_match = name_matching::flag;  // "names_match": a look-alike on the target
  std::vector<transform> transforms;
  bool connections = false;    // "connections": true (or --connections)
  std::vector<glob> projects;  // select.projects: project paths "BU/App/Project"; empty: all

  bool wants(connector_kind kind) const;
  bool selects(connector_kind kind, const connector& c) const;
  bool selects_project(const std::string& path) const;
};

// The marker a job file may carry ("format"; docs/schemas/job.schema.json).
// A "$schema" member (an editor's pointer at the schema) is ignored.
inline constexpr std::string_view job_format = "sdemig-job/1";

// A bad job file: the message names the file, the key and its place.
struct job_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

job parse_job_text(const std::string& text, const std::string& file_name);
job load_job(const std::string& path);  // throws job_error

}  // namespace sdemig::engine

#pragma once
// Connections planned like connectors: each source connection (by its
// project's path and its alias) against the target's, its connector and
// project given by name so that ids can be remapped. No I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/planning/compare.hpp"
#include "engine/planning/inventory.hpp"
#include "engine/planning/job.hpp"
#include "engine/planning/plan.hpp"
#include "engine/planning/plan_item.hpp"
#include "engine/planning/secrets.hpp"
#include "model/generation.hpp"
#include "model/project.hpp"
#include "model/schema.hpp"

namespace sdemig::engine {

// Project id <-> (business unit, application, project).
struct project_paths {
  std::unordered_map<std::int64_t, project_ref> path_of;
  std::map<project_ref, std::vector<std::int64_t>> ids_of;  // two projects may share one
};
project_paths make_project_paths(const std::vector<project_node>& units,
                                 const std::vector<project_node>& applications,
                                 const std::vector<project_node>& projects);

// A connection with what it refers to named: what exports hold and plans compare.
struct connection_record {
  connector_kind kind = connector_kind::alm;
  project_ref project;
  std::string connector_name;
  connection value;  // ids: the instance's own (source_* in an export)
};

// Each record with an id (its instance's, or a backup's target id), by (kind, id).
using records_by_id = std::map<std::pair<connector_kind, std::int64_t>, const connection_record*>;
records_by_id index_by_id(const std::vector<connection_record>& records);

// The project-scope params of a connection read from an instance (reads
// merge its connector's params in): the schema's project-scope fields when
// it has the system, else the keys the connector lacks or holds otherwise.
std::vector<param> project_scope_params(const connection& c, const connector* of,
                                        const plugin_schema* schema);

// Records of what an instance read; `project_scope_only` keeps only the
// project-scope params (a source); a target's keep what was read. Secrets
// are marked by the instance's rule (its schema, else names that look
// secret) either way.
std::vector<connection_record> to_records(connector_kind kind, const std::vector<connection>& read,
                                          const project_paths& projects,
                                          const inventory& connectors, bool project_scope_only,
                                          secret_rule& secrets);

struct connection_item : item_base {
  project_ref project;
  std::string alias;           // as planned (a name the target stored trimmed: as stored)
  std::string connector_name;  // the target connector's name (after the job's renames)
  std::optional<std::int64_t> target_project_id;
  connection desired;  // alias, frequency, debug_mode, params; connector set when applied
  // Update: project-scope params only the target's connection has, sent with
  // the value it shows (a write replaces a connection's params whole).
  std::vector<std::string> kept;
};

// The secrets file's entry for a connection: "<project path>/<alias>", the
// path escaped as project_path() does.
std::string connection_secrets_key(const project_ref& project, std::string_view alias);

struct connection_plan {
  std::vector<connection_item> items;
  // Target connections, in the projects in scope, that no source one matches.
  std::vector<connection_record> only_in_target;
  plan_totals totals;
};

struct connection_plan_input {
  const job* the_job = nullptr;
  const std::vector<connection_record>* source = nullptr;
  const std::vector<connection_record>* target = nullptr;
  const project_paths* target_projects = nullptr;
  const plan* connectors = nullptr;              // the connectors' plan (names after transforms)
  const inventory* target_connectors = nullptr;  // what the target holds now
  api_generation source_api = api_generation::legacy;
  api_generation target_api = api_generation::legacy;
  const secret_store* secrets = nullptr;         // fills project-scope secrets
  const plugin_schema* target_schema = nullptr;  // its secret fields are secrets
};

connection_plan plan_connections(const connection_plan_input& in);

// "connections: 3 to create, ... , 1 missing project"
std::string connection_totals_line(const connection_plan& p);

}  // namespace sdemig::engine

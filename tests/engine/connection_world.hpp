#pragma once
// The connection tests' world: a source and a target with the same
// projects and one connector, planned with plan_connections and applied
// against a fake connection target (fake_connection_target.hpp).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/planning/connection_plan.hpp"
#include "fake_connection_target.hpp"

namespace sdemig::engine::fake {

// A source and a target with the same projects (ids 10, 11, ... on the
// target) and one connector "Tracker" (id 7 on the target).
struct world {
  job j = alm_only();
  std::vector<project_ref> projects;
  std::vector<connection_record> source, target;
  project_paths target_projects;
  inventory target_connectors = of({make("Tracker", {}, 7)});
  plan connectors = make_plan(alm_only(), of({make("Tracker", {}, 1)}), target_connectors, nullptr);
  std::optional<secret_store> secrets;
  std::optional<plugin_schema> schema;
  connector_ids ids{{{connector_kind::alm, "Tracker"}, 7}};

  explicit world(std::size_t n_projects) {
    for (std::size_t i = 0; i < n_projects; ++i) {
      project_ref p{"BU", "App", "Project " + std::to_string(i)};
      add_project(p);
    }
  }

  std::int64_t add_project(const project_ref& p) {
    const std::int64_t id = 10 + static_cast<std::int64_t>(projects.size());
    projects.push_back(p);
    target_projects.path_of[id] = p;
    target_projects.ids_of[p].push_back(id);
    return id;
  }

  connection_record& connect(const project_ref& p, std::string alias,
                             std::vector<param> params = {}) {
    connection_record& r = source.emplace_back();
    r.project = p;
    r.connector_name = "Tracker";
    r.value.alias = std::move(alias);
    r.value.system = "jira";
    r.value.params = std::move(params);
    r.value.id = static_cast<std::int64_t>(source.size());
    return r;
  }

  connection_plan plan_them() const {
    connection_plan_input in;
    in.the_job = &j;
    in.source = &source;
    in.target = &target;
    in.target_projects = &target_projects;
    in.connectors = &connectors;
    in.target_connectors = &target_connectors;
    in.secrets = secrets ? &*secrets : nullptr;
    in.target_schema = schema ? &*schema : nullptr;
    return plan_connections(in);
  }

  // What the fake target holds, read back as records (as a rerun reads it).
  void read_back(const fake_connection_target& t) {
    target.clear();
    for (const connection& c : t.held) {
      connection_record& r = target.emplace_back();
      r.project = target_projects.path_of.at(c.project);
      r.connector_name = "Tracker";
      r.value = c;
    }
  }
};

inline std::size_t count(const apply_result& r, outcome_status s) {
  return static_cast<std::size_t>(std::count_if(
      r.outcomes.begin(), r.outcomes.end(), [&](const item_outcome& o) { return o.status == s; }));
}

inline world many(std::size_t projects, std::size_t per_project) {
  world w(projects);
  for (const project_ref& p : w.projects) {
    for (std::size_t k = 0; k < per_project; ++k) w.connect(p, "Tracker " + std::to_string(k));
  }
  return w;
}

}  // namespace sdemig::engine::fake

#include "engine/planning/connection_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/planning/transform.hpp"

namespace sdemig::engine {

std::string_view to_string(connection_action a) noexcept {
  switch (a) {
    case connection_action::create:
      return "create";
    case connection_action::update:
      return "update";
    case connection_action::noop:
      return "noop";
    case connection_action::skip:
      return "skip";
    case connection_action::conflict:
      return "conflict";
    case connection_action::invalid:
      return "invalid";
    case connection_action::missing_project:
      return "missing-project";
    case connection_action::missing_connector:
      return "missing-connector";
  }
  return "?";
}

project_paths make_project_paths(const std::vector<project_node>& units,
                                 const std::vector<project_node>& applications,
                                 const std::vector<project_node>& projects) {
  std::unordered_map<std::int64_t, const project_node*> unit_of, app_of;
  for (const project_node& u : units) unit_of[u.id] = &u;
  for (const project_node& a : applications) app_of[a.id] = &a;
  project_paths out;
  for (const project_node& p : projects) {
    std::string path = "?/?/" + p.name;
    if (auto a = app_of.find(p.parent.value_or(0)); a != app_of.end()) {
      const auto u = unit_of.find(a->second->parent.value_or(0));
      path = (u != unit_of.end() ? u->second->name : "?") + "/" + a->second->name + "/" + p.name;
    }
    out.ids_of[path].push_back(p.id);
    out.path_of[p.id] = std::move(path);
  }
  return out;
}

std::vector<param> project_scope_params(const connection& c, const connector* of,
                                        const plugin_schema* schema) {
  const system_schema* system = schema && of ? schema->find(of->system.id) : nullptr;
  std::vector<param> out;
  for (const param& p : c.params) {
    // Without a schema, or for a field of both scopes: the connection's
    // own when its connector lacks it or holds another value.
    const scalar* own = of ? of->find_param(p.key) : nullptr;
    bool project = !own || !same_value(*own, p.value);
    if (system) {
      const schema_field* f = system->find(p.key);
      const bool both = f && !f->project_scope() &&
                        std::find(f->scope.begin(), f->scope.end(), "project") != f->scope.end();
      if (f && !both) project = f->project_scope();
    }
    if (project) out.push_back(p);
  }
  return out;
}

std::vector<connection_record> to_records(connector_kind kind, const std::vector<connection>& read,
                                          const project_paths& projects,
                                          const inventory& connectors, bool project_scope_only,
                                          const plugin_schema* schema) {
  std::unordered_map<std::int64_t, const connector*> by_id;
  for (const connector& c : connectors.of(kind)) {
    if (c.id) by_id[*c.id] = &c;
  }
  std::vector<connection_record> out;
  out.reserve(read.size());
  for (const connection& c : read) {
    connection_record r;
    r.kind = kind;
    const auto path = projects.path_of.find(c.project);
    r.project_path = path != projects.path_of.end() ? path->second : "";
    const auto conn = by_id.find(c.connector);
    const connector* of = conn != by_id.end() ? conn->second : nullptr;
    r.connector_name = of ? of->name : "";
    r.value = c;
    if (project_scope_only) r.value.params = project_scope_params(c, of, schema);
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

using key = std::tuple<connector_kind, std::string, std::string>;  // kind, project path, alias

// The job's connection transforms on a connection's params (set, replace
// in, rename, unset), through a connector that carries them.
std::vector<std::string> transform_connection(const job& j, connector_kind kind,
                                              const std::string& system, connection& c) {
  std::vector<transform> mine;
  for (const transform& t : j.transforms) {
    if (!t.where.connection) continue;
    transform copy = t;
    copy.where.connection = false;
    copy.where.name.reset();  // a connection has an alias, not a name
    mine.push_back(std::move(copy));
  }
  if (mine.empty()) return {};
  connector carrier;
  carrier.name = c.alias;
  carrier.system.id = system;
  carrier.params = std::move(c.params);
  std::vector<std::string> problems = apply_transforms(mine, kind, carrier);
  c.params = std::move(*carrier.params);
  return problems;
}

// Where each source connector (by its source name) lands on the target:
// its name there, and whether a connector of that name will be there.
struct connector_fate {
  std::string target_name;
  bool there = false;
};

std::map<std::pair<connector_kind, std::string>, connector_fate> fates(
    const connection_plan_input& in) {
  std::map<std::pair<connector_kind, std::string>, connector_fate> out;
  std::set<std::pair<connector_kind, std::string>> on_target;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& c : in.target_connectors->of(kind)) on_target.insert({kind, c.name});
  }
  for (const plan_item& item : in.connectors->items) {
    connector_fate f{item.desired.name, on_target.contains({item.kind, item.desired.name})};
    if (item.what == action::create && item.missing_secrets.empty()) f.there = true;
    if (item.what == action::conflict && item.note.find("two source") != std::string::npos)
      f.there = false;  // which of the two is meant cannot be told
    out[{item.kind, item.source_name}] = f;
  }
  return out;
}

}  // namespace

connection_plan plan_connections(const connection_plan_input& in) {
  const job& j = *in.the_job;
  connection_plan out;
  const auto fate = fates(in);
  // The target's connections by (kind, project path, alias), and each
  // connector's name there by id.
  std::map<key, const connection_record*> target;
  for (const connection_record& r : *in.target)
    target[{r.kind, r.project_path, r.value.alias}] = &r;
  std::map<key, int> seen;
  for (const connection_record& r : *in.source) seen[{r.kind, r.project_path, r.value.alias}]++;
  std::set<key> matched;

  for (const connection_record& r : *in.source) {
    if (!j.wants(r.kind) || !j.selects_project(r.project_path)) continue;
    connection_item item;
    item.kind = r.kind;
    item.project_path = r.project_path;
    item.alias = r.value.alias;
    item.source_id = r.value.id;
    item.desired.alias = r.value.alias;
    item.desired.frequency = r.value.frequency;
    item.desired.debug_mode = r.value.debug_mode;
    item.desired.params = r.value.params;
    if (r.kind == connector_kind::alm && in.source_api != in.target_api) {
      for (param& p : item.desired.params) p.key = key_in(p.key, in.target_api);
    }
    item.problems = transform_connection(j, r.kind, r.value.system, item.desired);
    const auto f = fate.find({r.kind, r.connector_name});
    item.connector_name = f != fate.end() ? f->second.target_name : r.connector_name;
    const key k{r.kind, r.project_path, r.value.alias};
    const auto ids = in.target_projects->ids_of.find(r.project_path);
    const auto current = target.find(k);
    if (current != target.end()) matched.insert(k);
    // A connector out of the plan (not selected) counts when the target has it by name.
    bool connector_there = f != fate.end() && f->second.there;
    if (f == fate.end() && !r.connector_name.empty()) {
      for (const connector& c : in.target_connectors->of(r.kind))
        connector_there |= c.name == r.connector_name;
    }

    if (seen[k] > 1) {
      item.what = connection_action::conflict;
      item.note = "two source connections of this project have this alias";
    } else if (r.value.alias.find_first_not_of(" \t\r\n") == std::string::npos) {
      item.what = connection_action::invalid;
      item.problems.push_back("the alias is blank");
    } else if (!is_connection_frequency(item.desired.frequency)) {
      item.what = connection_action::invalid;
      item.problems.push_back("frequency \"" + item.desired.frequency +
                              "\" is not manually, hourly, daily, weekly or monthly");
    } else if (!item.problems.empty()) {
      item.what = connection_action::invalid;
    } else if (ids == in.target_projects->ids_of.end()) {
      item.what = connection_action::missing_project;
      item.note =
          "no project \"" + r.project_path + "\" on the target (sdemig creates no projects)";
    } else if (ids->second.size() > 1) {
      item.what = connection_action::conflict;
      item.note = std::to_string(ids->second.size()) + " target projects have this path";
    } else if (!connector_there) {
      item.what = connection_action::missing_connector;
      item.note = r.connector_name.empty()
                      ? "its connector (id " + std::to_string(r.value.connector) + ") is unknown"
                      : "connector \"" + item.connector_name +
                            "\" is not on the target and will not be written";
    } else {
      item.target_project_id = ids->second.front();
      if (current == target.end()) {
        item.what = connection_action::create;
      } else {
        const connection& now = current->second->value;
        item.target_id = now.id;
        auto change = [&](std::string field, std::optional<scalar> from, std::optional<scalar> to) {
          field_change c;
          c.field = std::move(field);
          c.change = !from ? field_change::kind::added : field_change::kind::changed;
          c.from = std::move(from);
          c.to = std::move(to);
          item.changes.push_back(std::move(c));
        };
        if (current->second->connector_name != item.connector_name)
          change("connector", scalar::string(current->second->connector_name),
                 scalar::string(item.connector_name));
        if (now.frequency != item.desired.frequency)
          change("frequency", scalar::string(now.frequency),
                 scalar::string(item.desired.frequency));
        if (item.desired.debug_mode && now.debug_mode != item.desired.debug_mode) {
          change("debug_mode",
                 now.debug_mode ? std::optional(scalar::boolean(*now.debug_mode)) : std::nullopt,
                 scalar::boolean(*item.desired.debug_mode));
        }
        for (const param& p : item.desired.params) {
          const scalar* was = now.find_param(p.key);
          if (was && same_value(*was, p.value)) continue;
          change("params." + p.key, was ? std::optional(*was) : std::nullopt, p.value);
          item.changes.back().secret = is_secret(p);
        }
        if (item.changes.empty()) {
          item.what = connection_action::noop;
        } else if (j.on_conflict == conflict_policy::skip) {
          item.what = connection_action::skip;
          item.note = "on the target and different (on_conflict: skip)";
        } else if (j.on_conflict == conflict_policy::fail) {
          item.what = connection_action::conflict;
          item.note = "on the target and different (on_conflict: fail)";
        } else {
          item.what = connection_action::update;
        }
      }
    }
    out.totals[static_cast<std::size_t>(item.what)]++;
    out.items.push_back(std::move(item));
  }
  for (const connection_record& r : *in.target) {
    if (!j.wants(r.kind) || !j.selects_project(r.project_path)) continue;
    if (!matched.contains({r.kind, r.project_path, r.value.alias})) out.only_in_target.push_back(r);
  }
  return out;
}

std::string connection_totals_line(const connection_plan& p) {
  std::string out = "connections: " + std::to_string(p.count(connection_action::create)) +
                    " to create, " + std::to_string(p.count(connection_action::update)) +
                    " to update, " + std::to_string(p.count(connection_action::noop)) +
                    " unchanged, " + std::to_string(p.count(connection_action::skip)) +
                    " skipped, " + std::to_string(p.count(connection_action::conflict)) +
                    " in conflict";
  if (p.count(connection_action::invalid))
    out += ", " + std::to_string(p.count(connection_action::invalid)) + " invalid";
  out += ", " + std::to_string(p.count(connection_action::missing_project)) + " missing project, " +
         std::to_string(p.count(connection_action::missing_connector)) + " missing connector";
  return out;
}

}  // namespace sdemig::engine

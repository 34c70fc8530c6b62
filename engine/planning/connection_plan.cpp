#include "engine/planning/connection_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/planning/decide.hpp"
#include "engine/planning/transform.hpp"

namespace sdemig::engine {

project_paths make_project_paths(const std::vector<project_node>& units,
                                 const std::vector<project_node>& applications,
                                 const std::vector<project_node>& projects) {
  std::unordered_map<std::int64_t, const project_node*> unit_of, app_of;
  for (const project_node& u : units) unit_of[u.id] = &u;
  for (const project_node& a : applications) app_of[a.id] = &a;
  project_paths out;
  for (const project_node& p : projects) {
    project_ref ref{"?", "?", p.name};
    if (auto a = app_of.find(p.parent.value_or(0)); a != app_of.end()) {
      const auto u = unit_of.find(a->second->parent.value_or(0));
      ref.business_unit = u != unit_of.end() ? u->second->name : "?";
      ref.application = a->second->name;
    }
    out.ids_of[ref].push_back(p.id);
    out.path_of[p.id] = std::move(ref);
  }
  return out;
}

records_by_id index_by_id(const std::vector<connection_record>& records) {
  records_by_id out;
  for (const connection_record& r : records)
    if (r.value.id) out[{r.kind, *r.value.id}] = &r;
  return out;
}

std::vector<param> project_scope_params(const connection& c, const connector* of,
                                        const plugin_schema* schema) {
  const system_schema* system = schema && of ? schema->find(of->system.id) : nullptr;
  std::vector<param> out;
  if (!c.params) return out;
  for (const param& p : *c.params) {
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
                                          secret_rule& secrets) {
  const plugin_schema* schema = secrets.schema();
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
    if (path != projects.path_of.end()) r.project = path->second;
    const auto conn = by_id.find(c.connector);
    const connector* of = conn != by_id.end() ? conn->second : nullptr;
    r.connector_name = of ? of->name : "";
    r.value = c;
    if (c.params) {  // absent stays absent
      if (project_scope_only) r.value.params = project_scope_params(c, of, schema);
      secrets.mark(*r.value.params, of ? of->system.id : c.system);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string connection_secrets_key(const project_ref& project, std::string_view alias) {
  return project_path(project) + "/" + std::string(alias);
}

namespace {

// (kind, project, alias): how connections are matched.
using key = std::tuple<connector_kind, project_ref, std::string>;

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
  if (mine.empty() || !c.params) return {};
  connector carrier;
  carrier.name = c.alias;
  carrier.system.id = system;
  carrier.params = std::move(c.params);
  std::vector<std::string> problems = apply_transforms(mine, kind, carrier);
  c.params = std::move(*carrier.params);
  return problems;
}

// Where each source connector (by its source name) lands on the target:
// its name and system there, and whether a connector of that name will be there.
struct connector_fate {
  std::string target_name;
  std::string system;
  bool there = false;
};

using fate_map = std::map<std::pair<connector_kind, std::string>, connector_fate>;

fate_map fates(const connection_plan_input& in) {
  fate_map out;
  std::set<std::pair<connector_kind, std::string>> on_target;
  for (connector_kind kind : {connector_kind::alm, connector_kind::analysis}) {
    for (const connector& c : in.target_connectors->of(kind)) on_target.insert({kind, c.name});
  }
  for (const plan_item& item : in.connectors->items) {
    connector_fate f{item.desired.name, item.desired.system.id,
                     on_target.contains({item.kind, item.desired.name})};
    if (item.what == action::create && item.missing_secrets.empty()) f.there = true;
    if (item.why == reason::same_in_source) f.there = false;  // which one is meant cannot be told
    out[{item.kind, item.source_name}] = f;
  }
  return out;
}

// The target's connections by (kind, project, alias), for lookups by an
// alias as given or as a server that trims stored it.
class target_connections {
 public:
  target_connections(const std::vector<connection_record>& records, name_matching how)
      : matching_(how) {
    for (const connection_record& r : records) {
      by_key_[{r.kind, r.project, r.value.alias}].push_back(&r);
      if (matching_ != name_matching::exact)
        by_look_.emplace(key{r.kind, r.project, look_alike_key(r.value.alias)}, r.value.alias);
    }
  }

  // By the alias as given, else as a server that trims stored it, else
  // (unless the job matches exactly) by its look.
  lookup<connection_record> find(connector_kind kind, const project_ref& project,
                                 const std::string& alias) const {
    lookup<connection_record> out;
    auto it = by_key_.find({kind, project, alias});
    if (it == by_key_.end()) {
      const std::string_view stored = server_form(alias);
      if (stored.size() != alias.size()) it = by_key_.find({kind, project, std::string(stored)});
    }
    if (it == by_key_.end()) {
      const auto look = by_look_.find({kind, project, look_alike_key(alias)});
      if (look == by_look_.end()) return out;
      if (matching_ == name_matching::flag) {
        out.look_alike = look->second;
        return out;
      }
      it = by_key_.find({kind, project, look->second});
    }
    if (it->second.size() > 1) {
      for (const connection_record* r : it->second) out.twice.push_back(r->value.id.value_or(0));
      out.name = std::get<2>(it->first);
      return out;
    }
    out.match = it->second.front();
    return out;
  }

 private:
  name_matching matching_;
  std::map<key, std::vector<const connection_record*>> by_key_;
  std::map<key, std::string> by_look_;  // (kind, project, look_alike_key(alias)) -> an alias
};

void add_change(connection_item& item, std::string field, std::optional<scalar> from,
                std::optional<scalar> to) {
  field_change c;
  c.field = std::move(field);
  c.change = !from ? field_change::kind::added : field_change::kind::changed;
  c.from = std::move(from);
  c.to = std::move(to);
  item.changes.push_back(std::move(c));
}

// The project-scope params only the target's connection holds: a write
// replaces a connection's params whole, so each is sent with the value the
// target shows (kept), or, where it shows none (a masked secret), needed
// from the secrets file as any unknown secret of an update is.
void keep_what_only_the_target_has(connection_item& item, const connection_record& now,
                                   const connection_plan_input& in,
                                   const std::string& secrets_key) {
  const connector* of = nullptr;
  for (const connector& c : in.target_connectors->of(now.kind))
    of = c.name == now.connector_name ? &c : of;
  for (const param& p : project_scope_params(now.value, of, in.target_schema)) {
    const bool sent = std::any_of(item.desired.params->begin(), item.desired.params->end(),
                                  [&](const param& q) { return q.key == p.key; });
    if (sent) continue;
    item.kept.push_back(p.key);
    item.desired.params->push_back(p);
  }
  if (item.kept.empty()) return;
  item.missing_secrets = fill_secrets(*item.desired.params, in.secrets, {secrets_key});
}

// Sets the item's target id and changes against `now`; whether anything differs.
bool connection_differs(connection_item& item, const connection_record& now) {
  item.target_id = now.value.id;
  if (now.value.alias != item.alias && now.value.alias == server_form(item.alias)) {
    item.alias = now.value.alias;  // stored trimmed: the same connection
    item.desired.alias = now.value.alias;
  } else if (now.value.alias != item.alias) {  // taken for this one by its look
    add_change(item, "alias", scalar::string(now.value.alias), scalar::string(item.alias));
  }
  if (now.connector_name != item.connector_name)
    add_change(item, "connector", scalar::string(now.connector_name),
               scalar::string(item.connector_name));
  if (now.value.frequency != item.desired.frequency)
    add_change(item, "frequency", scalar::string(now.value.frequency),
               scalar::string(item.desired.frequency));
  if (item.desired.debug_mode && now.value.debug_mode != item.desired.debug_mode) {
    add_change(
        item, "debug_mode",
        now.value.debug_mode ? std::optional(scalar::boolean(*now.value.debug_mode)) : std::nullopt,
        scalar::boolean(*item.desired.debug_mode));
  }
  // A read merges the connector's params in: only what the connection sends counts.
  diff_params(*item.desired.params, *now.value.params, false, item.changes);
  return !item.changes.empty();
}

}  // namespace

connection_plan plan_connections(const connection_plan_input& in) {
  const job& j = *in.the_job;
  connection_plan out;
  const fate_map fate = fates(in);
  const target_connections target(*in.target, j.names_match);
  // The one rule for a key two source items share, as connectors have it
  // (plan.cpp): an invalid item is invalid first; the first copy is
  // planned and claims the key, each later one is `conflict`.
  std::set<key> claimed;
  std::set<key> matched;

  for (const connection_record& r : *in.source) {
    if (!j.wants(r.kind) || !j.selects_project(joined_path(r.project))) continue;
    connection_item& item = out.items.emplace_back();
    item.type = item_type::connection;
    item.kind = r.kind;
    item.project = r.project;
    item.alias = r.value.alias;
    item.source_id = r.value.id;
    item.desired.alias = r.value.alias;
    item.desired.frequency = r.value.frequency;
    item.desired.debug_mode = r.value.debug_mode;
    item.desired.params = r.value.params;
    if (r.kind == connector_kind::alm && in.source_api != in.target_api && item.desired.params) {
      for (param& p : *item.desired.params) p.key = key_in(p.key, in.target_api);
    }
    const auto f = fate.find({r.kind, r.connector_name});
    const std::string system = !r.value.system.empty() ? r.value.system
                               : f != fate.end()       ? f->second.system
                                                       : std::string();
    item.problems = transform_connection(j, r.kind, system, item.desired);
    if (in.target_schema && item.desired.params)
      mark_schema_secrets(*item.desired.params, system, *in.target_schema);
    for (std::string& p : name_problems(item.alias, "alias")) item.problems.push_back(std::move(p));
    if (!is_connection_frequency(item.desired.frequency)) {
      item.problems.push_back("frequency \"" + item.desired.frequency +
                              "\" is not manually, hourly, daily, weekly or monthly");
    }
    if (item.desired.params) {
      item.missing_secrets = fill_secrets(*item.desired.params, in.secrets,
                                          {connection_secrets_key(r.project, r.value.alias)});
    }
    item.connector_name = f != fate.end() ? f->second.target_name : r.connector_name;
    const auto ids = in.target_projects->ids_of.find(r.project);
    // A connector out of the plan (not selected) counts when the target has it by name.
    bool connector_there = f != fate.end() && f->second.there;
    if (f == fate.end() && !r.connector_name.empty()) {
      for (const connector& c : in.target_connectors->of(r.kind))
        connector_there |= c.name == r.connector_name;
    }
    const std::string_view stored = server_form(item.alias);
    if (stored.size() != item.alias.size()) {
      item.name_trimmed = true;
      item.stored_form = stored;
    }

    const bool repeated = !claimed.insert({r.kind, r.project, r.value.alias}).second;
    if (!item.desired.params) {
      item.what = action::unreadable;
      item.why = reason::source_params_hidden;
      // Its match on the target is accounted for (not "only in the target").
      if (const auto found = target.find(r.kind, r.project, item.alias); found.match) {
        item.target_id = found.match->value.id;
        matched.insert({r.kind, r.project, found.match->value.alias});
      }
    } else if (!item.problems.empty()) {
      item.what = action::invalid;
    } else if (repeated) {
      item.what = action::conflict;
      item.why = reason::same_in_source;
    } else if (ids == in.target_projects->ids_of.end()) {
      item.what = action::missing_project;
      item.why = reason::no_project;
      item.detail = project_path(r.project);
    } else if (ids->second.size() > 1) {
      item.what = action::conflict;
      item.why = reason::project_twice;
      item.detail_ids = ids->second;
    } else if (!connector_there) {
      item.what = action::missing_connector;
      item.why =
          r.connector_name.empty() ? reason::connector_unknown : reason::connector_not_written;
      item.detail = item.connector_name;
      if (r.connector_name.empty()) item.detail_ids = {r.value.connector};
    } else {
      item.target_project_id = ids->second.front();
      bool hidden = false;  // the target's match shows no params: nothing to compare with
      decide(
          item, j.on_conflict, [&] { return target.find(r.kind, r.project, item.alias); },
          [&](const connection_record& now) {
            matched.insert({now.kind, now.project, now.value.alias});
            if (now.value.params) {
              item.kept.clear();
              return connection_differs(item, now);
            }
            item.target_id = now.value.id;
            hidden = true;
            return false;
          },
          [&] {
            std::string original = item.alias;
            item.alias += j.rename_suffix;
            item.desired.alias = item.alias;
            return original;
          });
      // A connection's params are one JSON field that a write replaces
      // whole: a secret left out would be erased, so an update needs it as
      // a create does (the connectors' rule under PUT).
      if (hidden) {
        item.what = action::unreadable;
        item.why = reason::target_params_hidden;
      }
      if (item.why == reason::look_alike) matched.insert({r.kind, r.project, item.detail});
      if (item.what == action::update) {
        const connection_record* now = target.find(r.kind, r.project, item.alias).match;
        if (now && now->value.params) {
          keep_what_only_the_target_has(item, *now, in,
                                        connection_secrets_key(r.project, r.value.alias));
        }
      }
    }
  }
  out.totals = count_actions(out.items);
  for (const connection_record& r : *in.target) {
    if (!j.wants(r.kind) || !j.selects_project(joined_path(r.project))) continue;
    if (!matched.contains({r.kind, r.project, r.value.alias})) out.only_in_target.push_back(r);
  }
  return out;
}

std::string connection_totals_line(const connection_plan& p) {
  const plan_totals& t = p.totals;
  std::string out = "connections: " + totals_words(t);
  if (t.count(action::invalid)) out += ", " + std::to_string(t.count(action::invalid)) + " invalid";
  out += ", " + std::to_string(t.count(action::missing_project)) + " missing project, " +
         std::to_string(t.count(action::missing_connector)) + " missing connector";
  if (t.needs_secrets) out += ", " + std::to_string(t.needs_secrets) + " need secrets";
  if (t.unreadable()) out += ", " + std::to_string(t.unreadable()) + " unreadable";
  return out;
}

}  // namespace sdemig::engine

#include "sim/projects.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>

namespace sdemig::sim {
namespace {

std::string numbered(const char* what, int digits, std::size_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %0*zu", what, digits, n);
  return buf;
}

}  // namespace

void project_store::seed_hierarchy(std::size_t projects, std::int64_t ids_from, bool reversed) {
  const std::size_t apps = (projects + 9) / 10, units = (apps + 9) / 10;
  auto id_of = [&](std::size_t n, std::size_t count) {  // n is 1-based
    return ids_from + static_cast<std::int64_t>(reversed ? count - n : n - 1);
  };
  std::unique_lock lock(mutex_);
  for (std::size_t n = 1; n <= units; ++n) {
    nodes(level::business_unit)
        .push_back({id_of(n, units), numbered("Business Unit", 3, n), std::nullopt});
  }
  for (std::size_t n = 1; n <= apps; ++n) {
    nodes(level::application)
        .push_back({id_of(n, apps), numbered("Application", 4, n), id_of((n - 1) / 10 + 1, units)});
  }
  for (std::size_t n = 1; n <= projects; ++n) {
    nodes(level::project)
        .push_back({id_of(n, projects), numbered("Project", 5, n), id_of((n - 1) / 10 + 1, apps)});
  }
  for (auto& list : nodes_) {
    std::sort(list.begin(), list.end(),
              [](const project_node& a, const project_node& b) { return a.id < b.id; });
  }
  index_projects();
}

void project_store::index_projects() {
  project_index_.clear();
  const std::vector<project_node>& list = nodes(level::project);
  for (std::size_t i = 0; i < list.size(); ++i) project_index_[list[i].id] = i;
}

void project_store::add(level l, project_node node) {
  std::unique_lock lock(mutex_);
  std::vector<project_node>& list = nodes(l);
  const auto at =
      std::lower_bound(list.begin(), list.end(), node.id,
                       [](const project_node& a, std::int64_t id) { return a.id < id; });
  list.insert(at, std::move(node));
  if (l == level::project) index_projects();
}

std::vector<project_node> project_store::list(level l, std::optional<std::int64_t> parent,
                                              std::optional<std::string> name) const {
  std::shared_lock lock(mutex_);
  std::vector<project_node> out;
  for (const project_node& n : nodes(l)) {
    if (parent && n.parent != parent) continue;
    if (name && n.name != *name) continue;
    out.push_back(n);
  }
  return out;
}

bool project_store::has_project(std::int64_t id) const {
  std::shared_lock lock(mutex_);
  return project_index_.contains(id);
}

std::size_t project_store::size(level l) const {
  std::shared_lock lock(mutex_);
  return nodes(l).size();
}

bool project_store::alias_used(const table& t, const connection& c) const {
  const auto rows = t.by_project.find(c.project);
  if (rows == t.by_project.end()) return false;
  for (std::size_t i : rows->second) {
    if (t.rows[i].id && t.rows[i].alias == c.alias && t.rows[i].id != c.id) return true;
  }
  return false;
}

project_store::status project_store::create(connector_kind kind, connection c, connection& stored) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  c.id.reset();
  if (alias_used(t, c)) return status::alias_taken;
  c.id = t.next_id++;
  t.by_id[*c.id] = t.rows.size();
  t.by_project[c.project].push_back(t.rows.size());
  t.rows.push_back(std::move(c));
  stored = t.rows.back();
  return status::ok;
}

project_store::status project_store::modify(connector_kind kind, std::int64_t id,
                                            const std::function<void(connection&)>& edit,
                                            connection& stored) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  const auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return status::not_found;
  connection changed = t.rows[it->second];
  edit(changed);
  changed.id = id;
  changed.project = t.rows[it->second].project;  // a connection stays in its project
  if (alias_used(t, changed)) return status::alias_taken;
  t.rows[it->second] = std::move(changed);
  stored = t.rows[it->second];
  return status::ok;
}

std::optional<connection> project_store::get(connector_kind kind, std::int64_t id) const {
  std::shared_lock lock(mutex_);
  const table& t = of(kind);
  const auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return std::nullopt;
  return t.rows[it->second];
}

std::vector<connection> project_store::connections(connector_kind kind,
                                                   std::optional<std::int64_t> project) const {
  std::shared_lock lock(mutex_);
  std::vector<connection> out;
  const table& t = of(kind);
  if (!project) {
    out.reserve(t.rows.size() - t.gaps);
    for (const connection& c : t.rows) {
      if (c.id) out.push_back(c);
    }
    return out;
  }
  const auto rows = t.by_project.find(*project);
  if (rows == t.by_project.end()) return out;
  for (std::size_t i : rows->second) out.push_back(t.rows[i]);
  return out;
}

std::size_t project_store::connection_count(connector_kind kind) const {
  std::shared_lock lock(mutex_);
  return of(kind).rows.size() - of(kind).gaps;
}

project_store::status project_store::remove(connector_kind kind, std::int64_t id) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  const auto it = t.by_id.find(id);
  if (it == t.by_id.end()) return status::not_found;
  t.erase_row(it->second);
  t.compact_if_sparse();
  return status::ok;
}

std::size_t project_store::connections_using(connector_kind kind, std::int64_t connector) const {
  std::shared_lock lock(mutex_);
  const table& t = of(kind);
  return static_cast<std::size_t>(std::count_if(t.rows.begin(), t.rows.end(), [&](const auto& c) {
    return c.id && c.connector == connector;
  }));
}

void project_store::remove_connections_using(connector_kind kind, std::int64_t connector) {
  std::unique_lock lock(mutex_);
  table& t = of(kind);
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i].id && t.rows[i].connector == connector) t.erase_row(i);
  }
  t.compact_if_sparse();
}

void project_store::table::erase_row(std::size_t row) {
  by_id.erase(*rows[row].id);
  std::erase(by_project[rows[row].project], row);
  rows[row].id.reset();
  ++gaps;
}

void project_store::table::compact_if_sparse() {
  if (gaps * 2 <= rows.size()) return;
  std::erase_if(rows, [](const connection& c) { return !c.id; });
  gaps = 0;
  by_id.clear();
  by_project.clear();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    by_id.emplace(*rows[i].id, i);
    by_project[rows[i].project].push_back(i);
  }
}

}  // namespace sdemig::sim

#pragma once
// The emulator's projects: business units, applications and projects, and
// the connections that link projects to connectors (per kind), with the
// rules a real instance keeps: an alias is unique within a project and kind.
// Thread-safe: reads share a lock, writes take it alone.

#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/generation.hpp"
#include "model/project.hpp"

namespace sdemig::sim {

enum class level { business_unit, application, project };

class project_store {
 public:
  // The hierarchy for `projects` projects: a business unit per 100
  // projects, an application per 10, named "Business Unit 001",
  // "Application 0001", "Project 00001". `ids_from`: the first id of each
  // level; `reversed` numbers them from the last (a second instance with
  // the same names and other ids).
  void seed_hierarchy(std::size_t projects, std::int64_t ids_from, bool reversed);
  void add(level l, project_node node);

  // Nodes of a level in id order, filtered by parent and name when given.
  std::vector<project_node> list(level l, std::optional<std::int64_t> parent,
                                 std::optional<std::string> name) const;
  bool has_project(std::int64_t id) const;
  std::size_t size(level l) const;

  enum class status { ok, not_found, alias_taken };
  // A new connection under the next id of its kind.
  status create(connector_kind kind, connection c, connection& stored);
  status modify(connector_kind kind, std::int64_t id, const std::function<void(connection&)>& edit,
                connection& stored);
  // Deletes connection `id`; its id is never given again.
  status remove(connector_kind kind, std::int64_t id);
  // The connections of a kind that use connector `connector`, and deleting them.
  std::size_t connections_using(connector_kind kind, std::int64_t connector) const;
  void remove_connections_using(connector_kind kind, std::int64_t connector);
  std::optional<connection> get(connector_kind kind, std::int64_t id) const;
  // In id order; only the project's when given.
  std::vector<connection> connections(connector_kind kind,
                                      std::optional<std::int64_t> project) const;
  std::size_t connection_count(connector_kind kind) const;

 private:
  // Rows in ascending ids. A deleted row stays as a gap (its id unset)
  // until gaps are half the rows, so a delete costs no shifting.
  struct table {
    std::vector<connection> rows;
    std::size_t gaps = 0;
    std::unordered_map<std::int64_t, std::size_t> by_id;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> by_project;  // rows
    std::int64_t next_id = 1;
    void erase_row(std::size_t row);  // leaves a gap
    void compact_if_sparse();         // renumbers rows: hold no row index across it
  };
  table& of(connector_kind k) { return k == connector_kind::alm ? alm_ : analysis_; }
  const table& of(connector_kind k) const { return k == connector_kind::alm ? alm_ : analysis_; }
  std::vector<project_node>& nodes(level l) { return nodes_[static_cast<int>(l)]; }
  const std::vector<project_node>& nodes(level l) const { return nodes_[static_cast<int>(l)]; }
  bool alias_used(const table& t, const connection& c) const;
  void index_projects();

  mutable std::shared_mutex mutex_;
  std::vector<project_node> nodes_[3];
  std::unordered_map<std::int64_t, std::size_t> project_index_;
  table alm_, analysis_;
};

}  // namespace sdemig::sim
